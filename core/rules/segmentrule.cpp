#include "segmentrule.h"

#include "ruleparser.h"

#include <QCoreApplication>
#include <QDate>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::SegmentRule", text); }

struct OperatorInfo {
    RuleOperator op;
    const char* text;
    const char* key;
};

constexpr OperatorInfo kOperators[] = {
    { RuleOperator::Equal, "=", "eq" },
    { RuleOperator::NotEqual, "!=", "ne" },
    { RuleOperator::Less, "<", "lt" },
    { RuleOperator::LessOrEqual, "<=", "le" },
    { RuleOperator::Greater, ">", "gt" },
    { RuleOperator::GreaterOrEqual, ">=", "ge" },
    { RuleOperator::Between, "between", "between" },
    { RuleOperator::Is, "is", "is" },
    { RuleOperator::IsNot, "is not", "is_not" },
    { RuleOperator::IsOneOf, "is one of", "is_one_of" },
    { RuleOperator::IsNoneOf, "is none of", "is_none_of" },
    { RuleOperator::Contains, "contains", "contains" },
    { RuleOperator::StartsWith, "starts with", "starts_with" },
    { RuleOperator::EndsWith, "ends with", "ends_with" },
    { RuleOperator::Before, "before", "before" },
    { RuleOperator::After, "after", "after" },
    { RuleOperator::WithinLast, "within", "within_last" },
    { RuleOperator::MoreThanAgo, "more than", "more_than_days_ago" },
    { RuleOperator::IsMissing, "is missing", "is_missing" },
    { RuleOperator::IsNotMissing, "is not missing", "is_not_missing" },
};

/// Unit as written after a count: "day" for 1, "days" otherwise.
QString unitWord(RuleUnit unit, qint64 count)
{
    const QString plural = [unit] {
        switch (unit) {
        case RuleUnit::Weeks:
            return QStringLiteral("weeks");
        case RuleUnit::Months:
            return QStringLiteral("months");
        case RuleUnit::Days:
            break;
        }
        return QStringLiteral("days");
    }();
    return count == 1 ? plural.chopped(1) : plural;
}

QString unitKey(RuleUnit unit)
{
    switch (unit) {
    case RuleUnit::Days:
        return QStringLiteral("days");
    case RuleUnit::Weeks:
        return QStringLiteral("weeks");
    case RuleUnit::Months:
        return QStringLiteral("months");
    }
    return QStringLiteral("days");
}

QString printField(const QString& field)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (plain.match(field).hasMatch() && !RuleParser::isKeyword(field))
        return field;
    QString escaped = field;
    escaped.replace(QLatin1Char('`'), QLatin1String("``"));
    return QLatin1Char('`') + escaped + QLatin1Char('`');
}

QString printValue(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case QMetaType::QDate:
        return v.toDate().toString(Qt::ISODate);
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Int:
    case QMetaType::LongLong:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    default: {
        QString s = v.toString();
        s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        s.replace(QLatin1Char('"'), QLatin1String("\\\""));
        s.replace(QLatin1Char('\n'), QLatin1String("\\n"));
        s.replace(QLatin1Char('\r'), QLatin1String("\\r"));
        s.replace(QLatin1Char('\t'), QLatin1String("\\t"));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    }
}

QString printCondition(const RuleNode& n)
{
    const QString field = printField(n.field);
    const QVariant first = n.values.value(0);
    QString body;
    switch (n.op) {
    case RuleOperator::Equal:
    case RuleOperator::NotEqual:
    case RuleOperator::Less:
    case RuleOperator::LessOrEqual:
    case RuleOperator::Greater:
    case RuleOperator::GreaterOrEqual:
    case RuleOperator::Is:
    case RuleOperator::IsNot:
    case RuleOperator::Contains:
    case RuleOperator::StartsWith:
    case RuleOperator::EndsWith:
    case RuleOperator::Before:
    case RuleOperator::After:
        body = ruleOperatorText(n.op) + QLatin1Char(' ') + printValue(first);
        break;
    case RuleOperator::Between:
        body = QStringLiteral("between %1 and %2")
                   .arg(printValue(first), printValue(n.values.value(1)));
        break;
    case RuleOperator::IsOneOf:
    case RuleOperator::IsNoneOf: {
        QStringList items;
        for (const QVariant& v : n.values)
            items.append(printValue(v));
        body = ruleOperatorText(n.op) + QStringLiteral(" (") + items.join(QStringLiteral(", "))
            + QLatin1Char(')');
        break;
    }
    case RuleOperator::WithinLast:
        body = QStringLiteral("within %1 %2")
                   .arg(first.toLongLong())
                   .arg(unitWord(n.unit, first.toLongLong()));
        break;
    case RuleOperator::MoreThanAgo:
        body = QStringLiteral("more than %1 %2 ago")
                   .arg(first.toLongLong())
                   .arg(unitWord(RuleUnit::Days, first.toLongLong()));
        break;
    case RuleOperator::IsMissing:
    case RuleOperator::IsNotMissing:
        body = ruleOperatorText(n.op);
        break;
    }
    return (n.negated ? QStringLiteral("not ") : QString()) + field + QLatin1Char(' ') + body;
}

QString printChildren(const RuleNode& group);

QString printNode(const RuleNode& n)
{
    if (!n.isGroup())
        return printCondition(n);
    return (n.negated ? QStringLiteral("not (") : QStringLiteral("(")) + printChildren(n)
        + QLatin1Char(')');
}

QString printChildren(const RuleNode& group)
{
    QStringList parts;
    for (const RuleNode& child : group.children)
        parts.append(printNode(child));
    return parts.join(
        group.kind == RuleNode::Kind::Or ? QStringLiteral(" or ") : QStringLiteral(" and "));
}

void normalizeGroups(RuleNode& n)
{
    if (!n.isGroup())
        return;
    for (RuleNode& c : n.children)
        normalizeGroups(c);
    // An empty group inside a rule says nothing and has no text form: drop it.
    n.children.removeIf([](const RuleNode& c) { return c.isGroup() && c.children.isEmpty(); });
    if (n.children.size() <= 1)
        n.kind = RuleNode::Kind::And;
}

QJsonValue valueToJson(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        return v.toBool();
    case QMetaType::QDate:
        return QJsonObject { { QStringLiteral("date"), v.toDate().toString(Qt::ISODate) } };
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Int:
    case QMetaType::LongLong:
        return v.toDouble();
    default:
        return v.toString();
    }
}

Result<QVariant> valueFromJson(const QJsonValue& v)
{
    if (v.isBool())
        return QVariant(v.toBool());
    if (v.isDouble())
        return QVariant(v.toDouble());
    if (v.isString())
        return QVariant(v.toString());
    if (v.isObject() && v.toObject().contains(QStringLiteral("date"))) {
        const QDate d
            = QDate::fromString(v.toObject().value(QStringLiteral("date")).toString(), Qt::ISODate);
        if (d.isValid())
            return QVariant(d);
    }
    return makeError(ErrorCode::BadInput,
        tr("A value in the segment definition is not a number, "
           "text, yes/no or {\"date\": \"YYYY-MM-DD\"}."));
}

QJsonObject nodeToJson(const RuleNode& n)
{
    QJsonObject o;
    if (n.negated)
        o[u"not"] = true;
    if (n.isGroup()) {
        QJsonArray children;
        for (const RuleNode& c : n.children)
            children.append(nodeToJson(c));
        o[n.kind == RuleNode::Kind::Or ? u"or" : u"and"] = children;
        return o;
    }
    o[u"field"] = n.field;
    o[u"op"] = ruleOperatorKey(n.op);
    if (!n.values.isEmpty()) {
        QJsonArray values;
        for (const QVariant& v : n.values)
            values.append(valueToJson(v));
        o[u"values"] = values;
    }
    if (n.op == RuleOperator::WithinLast)
        o[u"unit"] = unitKey(n.unit);
    return o;
}

Result<RuleNode> nodeFromJson(const QJsonObject& o, int depth)
{
    if (depth > 64)
        return makeError(ErrorCode::BadInput, tr("The segment definition is nested too deeply."));
    RuleNode n;
    const bool negated = o.value(QStringLiteral("not")).toBool(false);
    for (const auto& [key, kind] : { std::pair { QStringLiteral("and"), RuleNode::Kind::And },
             std::pair { QStringLiteral("or"), RuleNode::Kind::Or } }) {
        if (!o.contains(key))
            continue;
        if (!o.value(key).isArray())
            return makeError(ErrorCode::BadInput,
                tr("\u201c%1\u201d in the segment definition must be a list.").arg(key));
        n = RuleNode::group(kind);
        for (const QJsonValue& c : o.value(key).toArray()) {
            auto child = nodeFromJson(c.toObject(), depth + 1);
            if (!child)
                return child.error();
            n.children.append(*child);
        }
        n.negated = negated;
        return n;
    }
    const QString field = o.value(QStringLiteral("field")).toString();
    const auto op = ruleOperatorFromKey(o.value(QStringLiteral("op")).toString());
    if (field.isEmpty() || !op)
        return makeError(ErrorCode::BadInput,
            tr("A condition in the segment definition needs a \u201cfield\u201d and a known "
               "\u201cop\u201d."));
    n = RuleNode::condition(field, *op);
    n.negated = negated;
    for (const QJsonValue& v : o.value(QStringLiteral("values")).toArray()) {
        auto value = valueFromJson(v);
        if (!value)
            return value.error();
        n.values.append(*value);
    }
    const QString unit = o.value(QStringLiteral("unit")).toString(QStringLiteral("days"));
    n.unit = unit == u"weeks" ? RuleUnit::Weeks
        : unit == u"months"   ? RuleUnit::Months
                              : RuleUnit::Days;
    return n;
}

} // namespace

bool RuleNode::operator==(const RuleNode& other) const
{
    if (kind != other.kind || negated != other.negated)
        return false;
    if (isGroup())
        return children == other.children;
    if (field != other.field || op != other.op || values.size() != other.values.size())
        return false;
    if (op == RuleOperator::WithinLast && unit != other.unit)
        return false;
    for (int i = 0; i < values.size(); ++i) {
        const QVariant& a = values.at(i);
        const QVariant& b = other.values.at(i);
        if (a.typeId() != b.typeId() || a != b)
            return false;
    }
    return true;
}

RuleNode RuleNode::condition(
    const QString& field, RuleOperator op, QVariantList values, RuleUnit unit)
{
    RuleNode n;
    n.kind = Kind::Condition;
    n.field = field;
    n.op = op;
    n.values = std::move(values);
    n.unit = unit;
    return n;
}

RuleNode RuleNode::group(Kind kind, QList<RuleNode> children)
{
    RuleNode n;
    n.kind = kind == Kind::Condition ? Kind::And : kind;
    n.children = std::move(children);
    return n;
}

SegmentRule::SegmentRule(RuleNode root)
    : m_root(std::move(root))
{
    if (!m_root.isGroup())
        m_root = RuleNode::group(RuleNode::Kind::And, { m_root });
}

SegmentRule SegmentRule::normalized() const
{
    RuleNode root = m_root;
    normalizeGroups(root);
    if (root.children.isEmpty())
        return SegmentRule(); // the empty rule: every customer
    if (root.negated)
        root = RuleNode::group(RuleNode::Kind::And, { root });
    while (root.children.size() == 1 && root.children.constFirst().isGroup()
        && !root.children.constFirst().negated) {
        RuleNode only = root.children.constFirst();
        root = only;
    }
    normalizeGroups(root);
    return SegmentRule(root);
}

QString SegmentRule::toText() const
{
    if (m_root.negated)
        return QStringLiteral("not (") + printChildren(m_root) + QLatin1Char(')');
    return printChildren(m_root);
}

Result<SegmentRule> SegmentRule::parse(const QString& text) { return RuleParser::parse(text); }

QJsonObject SegmentRule::toJson() const
{
    return QJsonObject { { QStringLiteral("version"), kJsonVersion },
        { QStringLiteral("root"), nodeToJson(m_root) } };
}

Result<SegmentRule> SegmentRule::fromJson(const QJsonObject& json)
{
    const int version = json.value(QStringLiteral("version")).toInt(0);
    if (version < 1 || version > kJsonVersion)
        return makeError(ErrorCode::BadInput,
            tr("The segment definition has version %1; this version of Segment Workbench reads "
               "version %2.")
                .arg(version)
                .arg(kJsonVersion));
    auto root = nodeFromJson(json.value(QStringLiteral("root")).toObject(), 0);
    if (!root)
        return root.error();
    return SegmentRule(*root);
}

QString ruleOperatorText(RuleOperator op)
{
    for (const OperatorInfo& info : kOperators) {
        if (info.op == op)
            return QString::fromLatin1(info.text);
    }
    return QString();
}

QString ruleOperatorKey(RuleOperator op)
{
    for (const OperatorInfo& info : kOperators) {
        if (info.op == op)
            return QString::fromLatin1(info.key);
    }
    return QString();
}

std::optional<RuleOperator> ruleOperatorFromKey(const QString& key)
{
    for (const OperatorInfo& info : kOperators) {
        if (key == QLatin1String(info.key))
            return info.op;
    }
    return std::nullopt;
}

} // namespace seg
