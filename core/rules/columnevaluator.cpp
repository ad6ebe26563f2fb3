#include "columnevaluator.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::ColumnEvaluator", text); }

/// Rows evaluated at a time: 1,024 words of mask per node, small enough for the L1/L2 cache.
constexpr qint64 kChunkRows = 65536;
constexpr qint64 kChunkWords = kChunkRows / 64;
/// SQLite's default SQLITE_MAX_LIKE_PATTERN_LENGTH: a longer pattern is an SQL error.
constexpr qsizetype kMaxLikePattern = 50000;

enum class NumberOp { Eq, Ne, Lt, Le, Gt, Ge, Between, In, NotIn, Missing, NotMissing };

/// SQLite's BINARY collation: memcmp over the common length, then the shorter first.
int compareBytes(const QByteArray& a, const QByteArray& b)
{
    const qsizetype n = std::min(a.size(), b.size());
    const int c = n > 0 ? std::memcmp(a.constData(), b.constData(), static_cast<size_t>(n)) : 0;
    if (c != 0)
        return c;
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

/// Code points of NUL-terminated UTF-8 text as SQLite's LIKE reads them (sqlite3Utf8Read):
/// a lead byte takes every continuation byte that follows; overlong forms, surrogates, U+FFFE
/// and U+FFFF read as U+FFFD; the text ends at the first NUL byte.
std::vector<quint32> likeCodePoints(const QByteArray& text)
{
    static constexpr unsigned char kTrans[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
        0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
        0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
        0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x00, 0x01, 0x02, 0x03, 0x04,
        0x05, 0x06, 0x07, 0x00, 0x01, 0x02, 0x03, 0x00, 0x01, 0x00, 0x00 };
    std::vector<quint32> out;
    out.reserve(static_cast<size_t>(text.size()));
    const auto* p = reinterpret_cast<const unsigned char*>(text.constData());
    const auto* end = p + text.size();
    while (p < end && *p != 0) {
        quint32 c = *p++;
        if (c >= 0xc0) {
            c = kTrans[c - 0xc0];
            while (p < end && (*p & 0xc0) == 0x80)
                c = (c << 6) + (0x3f & *p++);
            if (c < 0x80 || (c & 0xFFFFF800) == 0xD800 || (c & 0xFFFFFFFE) == 0xFFFE)
                c = 0xFFFD;
        }
        out.push_back(c);
    }
    return out;
}

quint32 asciiLower(quint32 c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/// One character of a LIKE pattern against one of the value: equal, or ASCII letters that
/// differ in case only.
bool likeEqual(quint32 pattern, quint32 value)
{
    return pattern == value
        || (pattern < 0x80 && value < 0x80 && asciiLower(pattern) == asciiLower(value));
}

bool matchesAt(const std::vector<quint32>& value, size_t at, const std::vector<quint32>& needle)
{
    for (size_t i = 0; i < needle.size(); ++i) {
        if (!likeEqual(needle[i], value[at + i]))
            return false;
    }
    return true;
}

/// The value as the compiler binds it for a field of `type`, as bytes (Statement::bindText).
QByteArray textValue(const QVariant& v, FieldType type)
{
    if (type == FieldType::Date)
        return (v.typeId() == QMetaType::QDate ? v.toDate().toString(Qt::ISODate)
                                               : v.toString().left(10))
            .toUtf8();
    if (v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest).toUtf8();
    return v.toString().toUtf8();
}

double numberValue(const QVariant& v, FieldType type)
{
    if (type == FieldType::YesNo)
        return v.toBool() ? 1.0 : 0.0;
    return v.toDouble();
}

template <typename Pred> void fillBits(quint64* out, qint64 firstRow, qint64 count, Pred pred)
{
    qint64 w = 0;
    qint64 r = 0;
    for (; r + 64 <= count; r += 64, ++w) {
        const qint64 base = firstRow + r;
        quint64 bits = 0;
        for (int j = 0; j < 64; ++j)
            bits |= quint64(pred(base + j) ? 1 : 0) << j;
        out[w] = bits;
    }
    if (r < count) {
        const qint64 base = firstRow + r;
        quint64 bits = 0;
        for (qint64 j = 0; r + j < count; ++j)
            bits |= quint64(pred(base + j) ? 1 : 0) << j;
        out[w] = bits;
    }
}

} // namespace

struct ColumnEvaluator::Node {
    enum class Type { Constant, Number, Codes, And, Or };
    Type type = Type::Constant;
    bool negated = false;
    bool constant = false;
    // Number
    const double* numbers = nullptr;
    NumberOp op = NumberOp::Eq;
    double a = 0;
    double b = 0;
    std::vector<double> set; ///< sorted, without NaN
    bool setHasNull = false;
    // Codes: lut[code] is 1 where the value matches (lut[0]: missing)
    const qint32* codes = nullptr;
    std::vector<quint8> lut;
    // Groups
    std::vector<Node> children;
};

qint64 RuleColumn::memoryBytes() const
{
    qint64 bytes = static_cast<qint64>(numbers.capacity() * sizeof(double)
        + codes.capacity() * sizeof(qint32) + dictionary.capacity() * sizeof(QByteArray));
    for (const QByteArray& d : dictionary)
        bytes += d.capacity();
    return bytes;
}

ColumnEvaluator::ColumnEvaluator() = default;
ColumnEvaluator::~ColumnEvaluator() = default;
ColumnEvaluator::ColumnEvaluator(ColumnEvaluator&&) noexcept = default;
ColumnEvaluator& ColumnEvaluator::operator=(ColumnEvaluator&&) noexcept = default;

RuleColumn::Kind ColumnEvaluator::columnKind(FieldType type)
{
    return type == FieldType::Number || type == FieldType::YesNo ? RuleColumn::Kind::Number
                                                                 : RuleColumn::Kind::Dictionary;
}

bool ColumnEvaluator::canHold(const FieldInfo& f)
{
    // The fields of customer_view (CustomerViewStore::inView): no saved segments, no cluster
    // memberships, no free-text attributes, no customer id; and only the types modelled here.
    const bool modelled = f.type == FieldType::Number || f.type == FieldType::YesNo
        || f.type == FieldType::Category || f.type == FieldType::Text || f.type == FieldType::Date;
    if (!modelled || f.kind == FieldKind::Cluster || f.name == u"customer_id" || f.table.isEmpty())
        return false;
    return !(f.kind == FieldKind::Attribute && f.type == FieldType::Text);
}

std::optional<QStringList> ColumnEvaluator::fieldsNeeded(
    const SegmentRule& rule, const FieldCatalog& catalog)
{
    QStringList out;
    bool ok = true;
    std::function<void(const RuleNode&)> walk = [&](const RuleNode& n) {
        if (n.isGroup()) {
            for (const RuleNode& c : n.children)
                walk(c);
            return;
        }
        const FieldInfo* f = catalog.find(n.field);
        if (!f || !canHold(*f)) {
            ok = false;
            return;
        }
        if (!out.contains(f->name))
            out.append(f->name);
    };
    walk(rule.root());
    if (!ok)
        return std::nullopt;
    return out;
}

namespace {

class Preparer {
public:
    Preparer(const FieldCatalog& catalog, const QDate& analysisDate, qint64 rows,
        const ColumnEvaluator::ColumnLookup& columns, const ColumnEvaluator::DateShift& dateShift)
        : m_catalog(catalog)
        , m_analysisDay(analysisDate.toString(Qt::ISODate))
        , m_rows(rows)
        , m_columns(columns)
        , m_dateShift(dateShift)
    {
    }

    Result<void> node(const RuleNode& n, ColumnEvaluator::Node& out)
    {
        out.negated = n.negated;
        if (n.isGroup()) {
            out.type = n.kind == RuleNode::Kind::Or ? ColumnEvaluator::Node::Type::Or
                                                    : ColumnEvaluator::Node::Type::And;
            if (n.children.isEmpty()) {
                out.type = ColumnEvaluator::Node::Type::Constant;
                out.constant = n.kind != RuleNode::Kind::Or;
                return {};
            }
            out.children.resize(static_cast<size_t>(n.children.size()));
            for (qsizetype i = 0; i < n.children.size(); ++i) {
                if (auto r = node(n.children.at(i), out.children[static_cast<size_t>(i)]); !r)
                    return r;
                if (!reason.isEmpty())
                    return {};
            }
            return {};
        }
        return condition(n, out);
    }

    QString reason; ///< set when the rule cannot be evaluated here

private:
    void unsupported(const QString& why)
    {
        if (reason.isEmpty())
            reason = why;
    }

    Result<void> condition(const RuleNode& n, ColumnEvaluator::Node& out)
    {
        const FieldInfo* f = m_catalog.find(n.field);
        if (!f || !ColumnEvaluator::canHold(*f)) {
            unsupported(QStringLiteral("field %1 is not held in columns").arg(n.field));
            return {};
        }
        const RuleColumn* column = m_columns ? m_columns(f->name) : nullptr;
        const RuleColumn::Kind kind = ColumnEvaluator::columnKind(f->type);
        if (!column || column->kind != kind || column->rows() != m_rows) {
            unsupported(QStringLiteral("no column for field %1").arg(f->name));
            return {};
        }
        if (kind == RuleColumn::Kind::Number)
            numberCondition(n, f->type, *column, out);
        else
            return codesCondition(n, f->type, *column, out);
        return {};
    }

    void numberCondition(
        const RuleNode& n, FieldType type, const RuleColumn& column, ColumnEvaluator::Node& out)
    {
        out.type = ColumnEvaluator::Node::Type::Number;
        out.numbers = column.numbers.data();
        auto value = [&](int i) { return numberValue(n.values.value(i), type); };
        switch (n.op) {
        case RuleOperator::Equal:
        case RuleOperator::Is:
            out.op = NumberOp::Eq;
            out.a = value(0);
            break;
        case RuleOperator::NotEqual:
        case RuleOperator::IsNot:
            out.op = NumberOp::Ne;
            out.a = value(0);
            break;
        case RuleOperator::Less:
            out.op = NumberOp::Lt;
            out.a = value(0);
            break;
        case RuleOperator::LessOrEqual:
            out.op = NumberOp::Le;
            out.a = value(0);
            break;
        case RuleOperator::Greater:
            out.op = NumberOp::Gt;
            out.a = value(0);
            break;
        case RuleOperator::GreaterOrEqual:
            out.op = NumberOp::Ge;
            out.a = value(0);
            break;
        case RuleOperator::Between:
            out.op = NumberOp::Between;
            out.a = value(0);
            out.b = value(1);
            break;
        case RuleOperator::IsOneOf:
        case RuleOperator::IsNoneOf:
            out.op = n.op == RuleOperator::IsOneOf ? NumberOp::In : NumberOp::NotIn;
            for (int i = 0; i < n.values.size(); ++i) {
                const double v = value(i);
                if (std::isnan(v))
                    out.setHasNull = true; // SQLite binds NaN as NULL
                else
                    out.set.push_back(v);
            }
            std::sort(out.set.begin(), out.set.end());
            break;
        case RuleOperator::IsMissing:
            out.op = NumberOp::Missing;
            break;
        case RuleOperator::IsNotMissing:
            out.op = NumberOp::NotMissing;
            break;
        default:
            // Text and date operators on a number compare a number with text in SQL.
            unsupported(QStringLiteral("operator %1 on a number").arg(ruleOperatorKey(n.op)));
        }
    }

    Result<void> codesCondition(
        const RuleNode& n, FieldType type, const RuleColumn& column, ColumnEvaluator::Node& out)
    {
        out.type = ColumnEvaluator::Node::Type::Codes;
        out.codes = column.codes.data();
        const auto& dict = column.dictionary;
        out.lut.assign(dict.size() + 1, 0);
        // Sets lut[1 + i] = test(dict[i]); missing values (lut[0]) never match.
        auto each = [&](const auto& test) {
            for (size_t i = 0; i < dict.size(); ++i)
                out.lut[i + 1] = test(dict[i]) ? 1 : 0;
        };
        auto value = [&](int i) { return textValue(n.values.value(i), type); };
        switch (n.op) {
        case RuleOperator::Equal:
        case RuleOperator::Is: {
            const QByteArray v = value(0);
            each([&](const QByteArray& s) { return compareBytes(s, v) == 0; });
            break;
        }
        case RuleOperator::NotEqual:
        case RuleOperator::IsNot: {
            const QByteArray v = value(0);
            each([&](const QByteArray& s) { return compareBytes(s, v) != 0; });
            break;
        }
        case RuleOperator::Less:
        case RuleOperator::Before: {
            const QByteArray v = value(0);
            each([&](const QByteArray& s) { return compareBytes(s, v) < 0; });
            break;
        }
        case RuleOperator::LessOrEqual: {
            const QByteArray v = value(0);
            each([&](const QByteArray& s) { return compareBytes(s, v) <= 0; });
            break;
        }
        case RuleOperator::Greater:
        case RuleOperator::After: {
            const QByteArray v = value(0);
            each([&](const QByteArray& s) { return compareBytes(s, v) > 0; });
            break;
        }
        case RuleOperator::GreaterOrEqual: {
            const QByteArray v = value(0);
            each([&](const QByteArray& s) { return compareBytes(s, v) >= 0; });
            break;
        }
        case RuleOperator::Between: {
            const QByteArray low = value(0);
            const QByteArray high = value(1);
            each([&](const QByteArray& s) {
                return compareBytes(s, low) >= 0 && compareBytes(s, high) <= 0;
            });
            break;
        }
        case RuleOperator::IsOneOf:
        case RuleOperator::IsNoneOf: {
            std::vector<QByteArray> set;
            for (int i = 0; i < n.values.size(); ++i)
                set.push_back(value(i));
            const bool positive = n.op == RuleOperator::IsOneOf;
            each([&](const QByteArray& s) {
                const bool in = std::any_of(set.begin(), set.end(),
                    [&](const QByteArray& v) { return compareBytes(s, v) == 0; });
                return in == positive;
            });
            break;
        }
        case RuleOperator::Contains:
        case RuleOperator::StartsWith:
        case RuleOperator::EndsWith: {
            const QByteArray needleBytes = value(0);
            // The SQL pattern: the escaped value and one or two '%'.
            qsizetype patternBytes = needleBytes.size() + (n.op == RuleOperator::Contains ? 2 : 1);
            for (const char c : needleBytes)
                patternBytes += (c == '%' || c == '_' || c == '\\') ? 1 : 0;
            if (patternBytes > kMaxLikePattern || needleBytes.contains('\0')) {
                unsupported(QStringLiteral("LIKE pattern too long or holding NUL"));
                return {};
            }
            const std::vector<quint32> needle = likeCodePoints(needleBytes);
            const RuleOperator op = n.op;
            each([&](const QByteArray& s) {
                const std::vector<quint32> text = likeCodePoints(s);
                if (text.size() < needle.size())
                    return false;
                if (op == RuleOperator::StartsWith)
                    return matchesAt(text, 0, needle);
                if (op == RuleOperator::EndsWith)
                    return matchesAt(text, text.size() - needle.size(), needle);
                for (size_t at = 0; at + needle.size() <= text.size(); ++at) {
                    if (matchesAt(text, at, needle))
                        return true;
                }
                return false;
            });
            break;
        }
        case RuleOperator::WithinLast:
        case RuleOperator::MoreThanAgo: {
            const qint64 count = n.values.value(0).toLongLong();
            QString modifier;
            if (n.op == RuleOperator::MoreThanAgo)
                modifier = QStringLiteral("-%1 days").arg(count);
            else if (n.unit == RuleUnit::Months)
                modifier = QStringLiteral("-%1 months").arg(count);
            else
                modifier
                    = QStringLiteral("-%1 days").arg(n.unit == RuleUnit::Weeks ? count * 7 : count);
            auto start = m_dateShift ? m_dateShift(m_analysisDay, modifier)
                                     : Result<std::optional<QByteArray>>(makeError(
                                         ErrorCode::Internal, tr("No date arithmetic given.")));
            if (!start)
                return start.error();
            if (!start->has_value()) // date() gave NULL: the comparison is never true
                break;
            const QByteArray from = **start;
            const QByteArray day = m_analysisDay.toUtf8();
            if (n.op == RuleOperator::MoreThanAgo)
                each([&](const QByteArray& s) { return compareBytes(s, from) < 0; });
            else
                each([&](const QByteArray& s) {
                    return compareBytes(s, from) >= 0 && compareBytes(s, day) <= 0;
                });
            break;
        }
        case RuleOperator::IsMissing:
            out.lut[0] = 1;
            break;
        case RuleOperator::IsNotMissing:
            std::fill(out.lut.begin() + 1, out.lut.end(), quint8(1));
            break;
        }
        return {};
    }

    const FieldCatalog& m_catalog;
    QString m_analysisDay;
    qint64 m_rows = 0;
    const ColumnEvaluator::ColumnLookup& m_columns;
    const ColumnEvaluator::DateShift& m_dateShift;
};

/// Per-depth scratch masks of one chunk.
using Scratch = std::vector<std::vector<quint64>>;

size_t depthOf(const ColumnEvaluator::Node& n)
{
    size_t depth = 0;
    for (const ColumnEvaluator::Node& c : n.children)
        depth = std::max(depth, depthOf(c));
    return depth + 1;
}

void evalNode(const ColumnEvaluator::Node& n, qint64 firstRow, qint64 count, quint64* out,
    Scratch& scratch, size_t depth)
{
    using Type = ColumnEvaluator::Node::Type;
    const qint64 words = (count + 63) / 64;
    switch (n.type) {
    case Type::Constant:
        std::fill(out, out + words, n.constant ? ~quint64(0) : quint64(0));
        break;
    case Type::Codes: {
        const qint32* codes = n.codes;
        const quint8* lut = n.lut.data();
        fillBits(out, firstRow, count, [codes, lut](qint64 i) { return lut[codes[i]] != 0; });
        break;
    }
    case Type::Number: {
        const double* x = n.numbers;
        const double a = n.a;
        const double b = n.b;
        switch (n.op) {
        case NumberOp::Eq:
            fillBits(out, firstRow, count, [x, a](qint64 i) { return x[i] == a; });
            break;
        case NumberOp::Ne:
            // NaN != a is true in C++; in SQL a missing value (or NULL parameter) never matches.
            if (std::isnan(a))
                std::fill(out, out + words, quint64(0));
            else
                fillBits(out, firstRow, count,
                    [x, a](qint64 i) { return !std::isnan(x[i]) && x[i] != a; });
            break;
        case NumberOp::Lt:
            fillBits(out, firstRow, count, [x, a](qint64 i) { return x[i] < a; });
            break;
        case NumberOp::Le:
            fillBits(out, firstRow, count, [x, a](qint64 i) { return x[i] <= a; });
            break;
        case NumberOp::Gt:
            fillBits(out, firstRow, count, [x, a](qint64 i) { return x[i] > a; });
            break;
        case NumberOp::Ge:
            fillBits(out, firstRow, count, [x, a](qint64 i) { return x[i] >= a; });
            break;
        case NumberOp::Between:
            fillBits(out, firstRow, count, [x, a, b](qint64 i) { return x[i] >= a && x[i] <= b; });
            break;
        case NumberOp::In:
        case NumberOp::NotIn: {
            const std::vector<double>& set = n.set;
            auto in = [&set](double v) {
                if (std::isnan(v)) // binary_search would find NaN (every comparison is false)
                    return false;
                if (set.size() <= 8)
                    return std::find(set.begin(), set.end(), v) != set.end();
                return std::binary_search(set.begin(), set.end(), v);
            };
            if (n.op == NumberOp::In)
                fillBits(out, firstRow, count, [x, &in](qint64 i) { return in(x[i]); });
            else if (n.setHasNull) // x NOT IN (..., NULL) is never true
                std::fill(out, out + words, quint64(0));
            else
                fillBits(out, firstRow, count,
                    [x, &in](qint64 i) { return !std::isnan(x[i]) && !in(x[i]); });
            break;
        }
        case NumberOp::Missing:
            fillBits(out, firstRow, count, [x](qint64 i) { return std::isnan(x[i]); });
            break;
        case NumberOp::NotMissing:
            fillBits(out, firstRow, count, [x](qint64 i) { return !std::isnan(x[i]); });
            break;
        }
        break;
    }
    case Type::And:
    case Type::Or: {
        const bool isAnd = n.type == Type::And;
        evalNode(n.children.front(), firstRow, count, out, scratch, depth + 1);
        // Sized for the depth of the tree before evaluation starts (see run()).
        quint64* tmp = scratch[depth].data();
        for (size_t c = 1; c < n.children.size(); ++c) {
            evalNode(n.children[c], firstRow, count, tmp, scratch, depth + 1);
            if (isAnd) {
                for (qint64 w = 0; w < words; ++w)
                    out[w] &= tmp[w];
            } else {
                for (qint64 w = 0; w < words; ++w)
                    out[w] |= tmp[w];
            }
        }
        break;
    }
    }
    if (n.negated) {
        for (qint64 w = 0; w < words; ++w)
            out[w] = ~out[w];
    }
}

} // namespace

Result<ColumnEvaluator> ColumnEvaluator::prepare(const SegmentRule& rule,
    const FieldCatalog& catalog, const QDate& analysisDate, qint64 rows,
    const ColumnLookup& columns, const DateShift& dateShift)
{
    if (auto r = catalog.validate(rule); !r)
        return r.error();
    ColumnEvaluator out;
    out.m_rows = rows;
    out.m_root = std::make_unique<Node>();
    Preparer preparer(catalog, analysisDate, rows, columns, dateShift);
    if (auto r = preparer.node(rule.root(), *out.m_root); !r)
        return r.error();
    if (!preparer.reason.isEmpty()) {
        out.m_supported = false;
        out.m_reason = preparer.reason;
        out.m_root.reset();
    }
    return out;
}

Result<void> ColumnEvaluator::run(JobContext& job,
    const std::function<void(qint64 firstWord, qint64 words, const quint64* bits)>& perChunk) const
{
    if (!m_supported || !m_root)
        return makeError(ErrorCode::Usage, tr("This rule cannot be evaluated in memory."));
    std::vector<quint64> bits(static_cast<size_t>(kChunkWords));
    Scratch scratch(depthOf(*m_root), std::vector<quint64>(static_cast<size_t>(kChunkWords)));
    for (qint64 first = 0; first < m_rows; first += kChunkRows) {
        if (job.isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Cancelled."));
        const qint64 count = std::min(kChunkRows, m_rows - first);
        const qint64 words = (count + 63) / 64;
        evalNode(*m_root, first, count, bits.data(), scratch, 0);
        if (count % 64 != 0) // bits past the last row (set by negations) are not rows
            bits[static_cast<size_t>(words - 1)] &= (quint64(1) << (count % 64)) - 1;
        perChunk(first / 64, words, bits.data());
    }
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));
    return {};
}

Result<ColumnEvaluator::Totals> ColumnEvaluator::evaluate(
    const std::vector<double>& revenue, JobContext& job) const
{
    if (static_cast<qint64>(revenue.size()) != m_rows)
        return makeError(ErrorCode::Internal, tr("The revenue column has the wrong length."));
    Totals totals;
    const double* rev = revenue.data();
    auto r = run(job, [&](qint64 firstWord, qint64 words, const quint64* bits) {
        for (qint64 w = 0; w < words; ++w) {
            quint64 word = bits[w];
            totals.customers += std::popcount(word);
            const qint64 base = (firstWord + w) * 64;
            while (word != 0) {
                const double v = rev[base + std::countr_zero(word)];
                if (!std::isnan(v)) // total() skips NULL
                    totals.revenue += v;
                word &= word - 1;
            }
        }
    });
    if (!r)
        return r.error();
    return totals;
}

Result<std::vector<quint64>> ColumnEvaluator::mask(JobContext& job) const
{
    std::vector<quint64> out(static_cast<size_t>((m_rows + 63) / 64));
    auto r = run(job, [&](qint64 firstWord, qint64 words, const quint64* bits) {
        std::copy(bits, bits + words, out.begin() + firstWord);
    });
    if (!r)
        return r.error();
    return out;
}

} // namespace seg
