#include "columnpreviewengine.h"

#include "customerviewstore.h"
#include "database.h"
#include "interruptguard.h"
#include "metricsstore.h"
#include "rulesqlcompiler.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QMutexLocker>
#include <QThread>

#include <cmath>
#include <cstring>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace seg {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("seg::ColumnPreviewEngine", text);
}

/// Rows between two polls of the job while loading.
constexpr qint64 kPollRows = 16384;
/// Loads of at least this many customers read customer_view in two halves at once (as
/// SegmentStore::preview scans it).
constexpr qint64 kSplitRows = 100000;
/// Integers up to 2^53 in magnitude are exact as double, so compare as SQLite compares them.
constexpr qint64 kMaxExactInteger = qint64(1) << 53;

enum class Affinity { Integer, Text, Blob, Real, Numeric };

/// SQLite's rules for the affinity of a declared column type (section 3.1 of "Datatypes In
/// SQLite").
Affinity affinityOf(const QString& declared)
{
    const QString t = declared.toUpper();
    if (t.contains(u"INT"))
        return Affinity::Integer;
    if (t.contains(u"CHAR") || t.contains(u"CLOB") || t.contains(u"TEXT"))
        return Affinity::Text;
    if (t.contains(u"BLOB") || t.isEmpty())
        return Affinity::Blob;
    if (t.contains(u"REAL") || t.contains(u"FLOA") || t.contains(u"DOUB"))
        return Affinity::Real;
    return Affinity::Numeric;
}

/// What SQLite's substr(text, 1, n) keeps: n characters (a lead byte and its continuation
/// bytes), stopping at a NUL byte.
std::string_view firstCharacters(std::string_view s, int n)
{
    size_t i = 0;
    while (i < s.size() && s[i] != 0 && n > 0) {
        const auto c = static_cast<unsigned char>(s[i++]);
        if (c >= 0xc0) {
            while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80)
                ++i;
        }
        --n;
    }
    return s.substr(0, i);
}

/// Reads one column of the load query into a RuleColumn, or gives up with a reason when a value
/// is of a storage class the evaluator does not compare as SQLite does.
class ColumnLoader {
public:
    ColumnLoader(QString field, FieldType type, qint64 expectedRows)
        : field(std::move(field))
        , m_type(type)
    {
        column.kind = ColumnEvaluator::columnKind(type);
        if (column.kind == RuleColumn::Kind::Number)
            column.numbers.reserve(static_cast<size_t>(expectedRows));
        else
            column.codes.reserve(static_cast<size_t>(expectedRows));
    }

    void add(const Statement& s, int i)
    {
        if (!unsupported.isEmpty())
            return;
        using Storage = Statement::Storage;
        const Storage storage = s.columnStorage(i);
        if (column.kind == RuleColumn::Kind::Number) {
            switch (storage) {
            case Storage::Null:
                column.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
                return;
            case Storage::Integer: {
                const qint64 v = s.columnInt(i);
                if (v > kMaxExactInteger || v < -kMaxExactInteger)
                    return fail(QStringLiteral("an integer beyond 2^53"));
                column.numbers.push_back(static_cast<double>(v));
                return;
            }
            case Storage::Real:
                column.numbers.push_back(s.columnDouble(i));
                return;
            default:
                return fail(QStringLiteral("text or a blob in a number column"));
            }
        }
        if (storage == Storage::Null) {
            column.codes.push_back(0);
            return;
        }
        if (storage == Storage::Blob)
            return fail(QStringLiteral("a blob"));
        if (m_type != FieldType::Date && storage != Storage::Text)
            return fail(QStringLiteral("a number in a text column"));
        // For dates SQLite's substr() reads numbers as the same text as sqlite3_column_text.
        std::string_view value = s.columnUtf8(i);
        if (m_type == FieldType::Date)
            value = firstCharacters(value, 10);
        column.codes.push_back(intern(value));
    }

    /// Appends the rows of `later` (the next rowids), re-coding its dictionary into this one.
    void append(ColumnLoader&& later)
    {
        if (!unsupported.isEmpty())
            return;
        if (!later.unsupported.isEmpty()) {
            unsupported = later.unsupported;
            column = RuleColumn {};
            return;
        }
        if (column.kind == RuleColumn::Kind::Number) {
            column.numbers.insert(
                column.numbers.end(), later.column.numbers.begin(), later.column.numbers.end());
            return;
        }
        std::vector<qint32> recode(later.column.dictionary.size() + 1, 0);
        for (size_t i = 0; i < later.column.dictionary.size(); ++i) {
            const QByteArray& value = later.column.dictionary[i];
            recode[i + 1] = intern(std::string_view(value.constData(), size_t(value.size())));
        }
        column.codes.reserve(column.codes.size() + later.column.codes.size());
        for (const qint32 code : later.column.codes)
            column.codes.push_back(recode[static_cast<size_t>(code)]);
    }

    void fail(const QString& why)
    {
        unsupported = QStringLiteral("column %1 holds %2").arg(field, why);
        column = RuleColumn {};
        m_slots.clear();
        m_hashes.clear();
    }

    FieldType type() const { return m_type; }

    QString field;
    RuleColumn column;
    QString unsupported;

private:
    /// The code of `value`, added to the dictionary when new. An open-addressing table of codes
    /// (load at most a half) keyed by a cheap 64-bit hash of the bytes.
    qint32 intern(std::string_view value)
    {
        const quint64 h = hashBytes(value);
        if (m_slots.empty())
            m_slots.assign(64, 0);
        const size_t mask = m_slots.size() - 1;
        for (size_t i = static_cast<size_t>(h) & mask;; i = (i + 1) & mask) {
            const qint32 code = m_slots[i];
            if (code == 0)
                break;
            const auto at = static_cast<size_t>(code - 1);
            if (m_hashes[at] == h) {
                const QByteArray& known = column.dictionary[at];
                if (static_cast<size_t>(known.size()) == value.size()
                    && std::memcmp(known.constData(), value.data(), value.size()) == 0)
                    return code;
            }
        }
        column.dictionary.emplace_back(value.data(), static_cast<qsizetype>(value.size()));
        m_hashes.push_back(h);
        const auto code = static_cast<qint32>(column.dictionary.size());
        if (column.dictionary.size() * 2 > m_slots.size()) {
            m_slots.assign(m_slots.size() * 2, 0);
            for (size_t c = 0; c < m_hashes.size(); ++c)
                place(m_hashes[c], static_cast<qint32>(c + 1));
        } else {
            place(h, code);
        }
        return code;
    }

    void place(quint64 h, qint32 code)
    {
        const size_t mask = m_slots.size() - 1;
        size_t i = static_cast<size_t>(h) & mask;
        while (m_slots[i] != 0)
            i = (i + 1) & mask;
        m_slots[i] = code;
    }

    static quint64 hashBytes(std::string_view s)
    {
        quint64 h = 0x9E3779B97F4A7C15ULL ^ s.size();
        size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            quint64 w = 0;
            std::memcpy(&w, s.data() + i, 8);
            h = (h ^ w) * 0xff51afd7ed558ccdULL;
        }
        if (i < s.size()) {
            quint64 w = 0;
            std::memcpy(&w, s.data() + i, s.size() - i);
            h = (h ^ w) * 0xff51afd7ed558ccdULL;
        }
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 33;
        return h;
    }

    FieldType m_type;
    std::vector<qint32> m_slots; ///< 0: empty; else a code
    std::vector<quint64> m_hashes; ///< hash of each dictionary entry
};

/// A read transaction, so that the stamp, the totals and the columns read belong together;
/// nothing when the caller's connection is already in a transaction.
class ReadTransaction {
public:
    explicit ReadTransaction(Database& db)
        : m_db(db)
        , m_active(db.isAutocommit() && db.exec(QStringLiteral("BEGIN")).ok())
    {
    }
    ~ReadTransaction()
    {
        if (m_active)
            (void)m_db.exec(QStringLiteral("COMMIT"));
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    Database& m_db;
    bool m_active = false;
};

/// view.stamp, the definition of customer_view and the workspace path: the cached columns
/// belong to one such key.
Result<QString> viewKey(Workspace& ws)
{
    auto stamp = MetricsStore::metaValue(ws, QStringLiteral("view.stamp"));
    if (!stamp)
        return stamp.error();
    auto definition = ws.database().prepare(QStringLiteral(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'customer_view'"));
    if (!definition)
        return definition.error();
    const QString sql = definition->step() ? definition->columnText(0) : QString();
    return *stamp + QLatin1Char('\x1e') + sql + QLatin1Char('\x1e') + ws.path();
}

/// Runs `sql` (the load query) for rowids first..last on `db`, handing each row to `loaders`;
/// returns the rows read.
Result<qint64> scan(Database& db, const QString& sql, qint64 first, qint64 last,
    std::vector<ColumnLoader>& loaders, const JobContext& job)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return makeError(
            ErrorCode::Workspace, tr("Cannot read customer_view: %1").arg(stmt.error().message));
    stmt->bindInt(1, first);
    stmt->bindInt(2, last);
    InterruptGuard guard(db, job);
    qint64 row = 0;
    for (;;) {
        if (row % kPollRows == 0 && job.isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Cancelled."));
        if (!stmt->step()) {
            if (job.isCancelled())
                return makeError(ErrorCode::Cancelled, tr("Cancelled."));
            if (!stmt->lastError().isEmpty())
                return makeError(ErrorCode::Workspace,
                    tr("Cannot read customer_view: %1").arg(stmt->lastError()));
            break;
        }
        for (size_t i = 0; i < loaders.size(); ++i)
            loaders[i].add(*stmt, static_cast<int>(i));
        ++row;
    }
    return row;
}

/// Lets a read-only connection of the engine read the file through a memory map: a scan of
/// customer_view then copies no pages out of the kernel (about a sixth of a load's time).
void useMemoryMap(Database& db)
{
    (void)db.exec(QStringLiteral("PRAGMA mmap_size = %1").arg(qint64(1) << 34));
}

double millisecondsOf(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

} // namespace

struct ColumnPreviewEngine::State {
    std::optional<Workspace> ws;
    QThread* wsThread = nullptr;

    /// view.stamp, the table's definition and the workspace: the columns belong to it.
    QString key;
    qint64 totalCustomers = 0;
    double totalRevenue = 0;
    qint64 rows = -1; ///< rows of the loaded columns (-1: none loaded yet)
    QHash<QString, QString> declaredTypes; ///< column of customer_view -> declared type
    bool collations = false; ///< the table declares a collation somewhere
    std::map<QString, RuleColumn> columns;
    QHash<QString, QString> unsupported; ///< field -> reason
    LastRun last;

    void drop()
    {
        key.clear();
        rows = -1;
        declaredTypes.clear();
        columns.clear();
        unsupported.clear();
    }

    /// Checks that customer_view is current and that the cached columns are of it (drops them
    /// otherwise). False when the view is not current.
    Result<bool> sync(Workspace& ws)
    {
        auto current = CustomerViewStore::isCurrent(ws);
        if (!current)
            return current.error();
        if (!*current)
            return false;
        auto now = viewKey(ws);
        if (!now)
            return now.error();
        if (*now == key)
            return true;
        drop();
        auto totals = CustomerViewStore::totals(ws);
        if (!totals)
            return totals.error();
        totalCustomers = totals->first;
        totalRevenue = totals->second;
        auto info = ws.database().prepare(QStringLiteral("PRAGMA table_info(customer_view)"));
        if (!info)
            return info.error();
        while (info->step())
            declaredTypes.insert(info->columnText(1), info->columnText(2));
        if (!info->lastError().isEmpty())
            return makeError(ErrorCode::Workspace, info->lastError());
        collations = now->contains(QStringLiteral("COLLATE"), Qt::CaseInsensitive);
        key = *now;
        return true;
    }

    /// Why a field's column cannot be used before reading it (empty when it can).
    QString refusal(const QString& field, FieldType type) const
    {
        auto declared = declaredTypes.constFind(field);
        if (declared == declaredTypes.constEnd())
            return QStringLiteral("customer_view has no column %1").arg(field);
        const Affinity affinity = affinityOf(*declared);
        switch (type) {
        case FieldType::Number:
        case FieldType::YesNo:
            // With TEXT affinity the SQL compares the number parameter as text.
            if (affinity == Affinity::Text)
                return QStringLiteral("column %1 has text affinity").arg(field);
            break;
        case FieldType::Category:
        case FieldType::Text:
            // With numeric affinity SQLite turns numeric-looking text parameters into numbers.
            if (affinity != Affinity::Text && affinity != Affinity::Blob)
                return QStringLiteral("column %1 has numeric affinity").arg(field);
            if (collations)
                return QStringLiteral("customer_view declares a collation");
            break;
        case FieldType::Date:
            break;
        case FieldType::Segment:
            return QStringLiteral("saved segments are not columns");
        }
        return QString();
    }

    /// Loads the columns of `fields` (with revenue) that are neither loaded nor refused, in one
    /// scan of customer_view.
    Result<void> load(Workspace& ws, const QList<std::pair<QString, FieldType>>& fields,
        JobContext& job, LastRun& stats)
    {
        std::vector<ColumnLoader> loaders;
        QStringList selected;
        const qint64 expected = rows >= 0 ? rows : totalCustomers;
        for (const auto& [field, type] : fields) {
            if (columns.count(field) != 0 || unsupported.contains(field))
                continue;
            bool listed = false;
            for (const ColumnLoader& l : loaders)
                listed = listed || l.field == field;
            if (listed)
                continue;
            if (const QString why = refusal(field, type); !why.isEmpty()) {
                unsupported.insert(field, why);
                continue;
            }
            loaders.emplace_back(field, type, expected);
            selected.append(Database::quoteIdentifier(field));
        }
        if (loaders.empty())
            return {};
        if (job.isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Cancelled."));
        QElapsedTimer timer;
        timer.start();
        const QString sql
            = QStringLiteral("SELECT %1 FROM customer_view WHERE rowid BETWEEN ?1 AND ?2 ORDER BY "
                             "rowid")
                  .arg(selected.join(QStringLiteral(", ")));
        // customer_view is made by CREATE TABLE ... AS: its rowids are 1..customers (checked by
        // the row count below). A large one is read in two halves at once, on two connections.
        const qint64 total = totalCustomers;
        const bool split = total >= kSplitRows && ws.path() != u":memory:";
        const qint64 mid = split ? total / 2 : total;
        std::future<Result<qint64>> second;
        std::vector<ColumnLoader> later;
        if (split) {
            for (const ColumnLoader& l : loaders)
                later.emplace_back(l.field, l.type(), total - mid);
            second = std::async(std::launch::async,
                [path = ws.path(), stamp = key, &sql, &later, mid, total,
                    &job]() -> Result<qint64> {
                    auto other = Workspace::open(path, Workspace::OpenMode::ReadOnly);
                    if (!other)
                        return other.error();
                    useMemoryMap(other->database());
                    ReadTransaction transaction(other->database());
                    // Both halves must read the same customer_view.
                    auto sameView = viewKey(*other);
                    if (!sameView)
                        return sameView.error();
                    if (*sameView != stamp)
                        return makeError(ErrorCode::Workspace,
                            tr("The workspace changed while it was read; try again."));
                    return scan(other->database(), sql, mid + 1, total, later, job);
                });
        }
        auto first = scan(ws.database(), sql, 1, mid, loaders, job);
        auto rest = split ? second.get() : Result<qint64>(qint64(0));
        if (!first)
            return first.error();
        if (!rest)
            return rest.error();
        for (size_t i = 0; i < later.size(); ++i)
            loaders[i].append(std::move(later[i]));
        const qint64 row = *first + *rest;
        if (rows < 0)
            rows = row;
        for (ColumnLoader& l : loaders) {
            if (!l.unsupported.isEmpty())
                unsupported.insert(l.field, l.unsupported);
            else if (row != rows || row != totalCustomers)
                unsupported.insert(l.field, QStringLiteral("customer_view changed its row count"));
            else
                columns.emplace(l.field, std::move(l.column));
        }
        stats.columnsLoaded += static_cast<int>(loaders.size());
        stats.loadMilliseconds += millisecondsOf(timer);
        return {};
    }

    const RuleColumn* column(const QString& field) const
    {
        auto it = columns.find(field);
        return it == columns.end() ? nullptr : &it->second;
    }
};

ColumnPreviewEngine::ColumnPreviewEngine(QString workspacePath)
    : m_path(std::move(workspacePath))
    , m_state(std::make_unique<State>())
{
}

ColumnPreviewEngine::~ColumnPreviewEngine() = default;

Result<Workspace*> ColumnPreviewEngine::ownWorkspace()
{
    State& st = *m_state;
    if (st.ws && st.wsThread != QThread::currentThread())
        st.ws.reset(); // one connection per thread: open another one on this thread
    if (!st.ws) {
        auto ws = Workspace::open(m_path, Workspace::OpenMode::ReadOnly);
        if (!ws)
            return ws.error();
        useMemoryMap(ws->database());
        st.ws.emplace(std::move(ws.value()));
        st.wsThread = QThread::currentThread();
    }
    return &*st.ws;
}

Result<SegmentPreview> ColumnPreviewEngine::preview(const SegmentRule& rule,
    const FieldCatalog& catalog, const QDate& analysisDate, bool hasCustomers, JobContext& job)
{
    QMutexLocker lock(&m_mutex);
    auto ws = ownWorkspace();
    if (!ws)
        return ws.error();
    return run(**ws, rule, catalog, analysisDate, hasCustomers, job);
}

Result<SegmentPreview> ColumnPreviewEngine::preview(Workspace& ws, const SegmentRule& rule,
    const FieldCatalog& catalog, const QDate& analysisDate, bool hasCustomers, JobContext& job)
{
    QMutexLocker lock(&m_mutex);
    return run(ws, rule, catalog, analysisDate, hasCustomers, job);
}

Result<SegmentPreview> ColumnPreviewEngine::run(Workspace& ws, const SegmentRule& rule,
    const FieldCatalog& catalog, const QDate& analysisDate, bool hasCustomers, JobContext& job)
{
    State& st = *m_state;
    st.last = LastRun {};
    auto compiled = RuleSqlCompiler::compile(rule, catalog, analysisDate, hasCustomers);
    if (!compiled)
        return compiled.error();
    auto sql = [&](const QString& why) -> Result<SegmentPreview> {
        st.last.path = Path::Sql;
        st.last.fallbackReason = why;
        return SegmentStore::preview(ws, *compiled, job);
    };
    if (compiled->viewWhere.isEmpty())
        return sql(QStringLiteral("the rule uses a field outside customer_view"));
    const auto needed = ColumnEvaluator::fieldsNeeded(rule, catalog);
    if (!needed)
        return sql(QStringLiteral("the rule uses a field that is not a column"));
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));

    QList<std::pair<QString, FieldType>> fields { { QStringLiteral("revenue"),
        FieldType::Number } };
    for (const QString& name : *needed)
        fields.append({ name, catalog.find(name)->type });
    {
        ReadTransaction transaction(ws.database());
        auto current = st.sync(ws);
        if (!current)
            return current.error();
        if (!*current)
            return sql(QStringLiteral("customer_view is not current"));
        if (auto r = st.load(ws, fields, job, st.last); !r)
            return r.error();
    }
    for (const auto& field : std::as_const(fields)) {
        if (st.unsupported.contains(field.first))
            return sql(st.unsupported.value(field.first));
    }

    QElapsedTimer timer;
    timer.start();
    std::optional<Statement> shift;
    auto dateShift
        = [&](const QString& day, const QString& modifier) -> Result<std::optional<QByteArray>> {
        if (!shift) {
            auto s = ws.database().prepare(QStringLiteral("SELECT date(?1, ?2)"));
            if (!s)
                return s.error();
            shift.emplace(std::move(s.value()));
        }
        shift->reset();
        shift->bindText(1, day);
        shift->bindText(2, modifier);
        if (!shift->step())
            return makeError(ErrorCode::Workspace, shift->lastError());
        if (shift->isNull(0))
            return std::optional<QByteArray>();
        const std::string_view text = shift->columnUtf8(0);
        return std::optional<QByteArray>(
            QByteArray(text.data(), static_cast<qsizetype>(text.size())));
    };
    auto evaluator = ColumnEvaluator::prepare(
        rule, catalog, analysisDate, st.rows,
        [&st](const QString& field) { return st.column(field); }, dateShift);
    if (!evaluator)
        return evaluator.error();
    if (!evaluator->supported())
        return sql(evaluator->unsupportedReason());
    auto totals = evaluator->evaluate(st.column(QStringLiteral("revenue"))->numbers, job);
    if (!totals)
        return totals.error();
    st.last.path = Path::Columns;
    st.last.evaluateMilliseconds = millisecondsOf(timer);
    SegmentPreview out;
    out.customers = totals->customers;
    out.revenue = totals->revenue;
    out.totalCustomers = st.totalCustomers;
    out.totalRevenue = st.totalRevenue;
    return out;
}

Result<void> ColumnPreviewEngine::preload(
    const QStringList& fields, const FieldCatalog& catalog, JobContext& job)
{
    QMutexLocker lock(&m_mutex);
    auto ws = ownWorkspace();
    if (!ws)
        return ws.error();
    State& st = *m_state;
    QList<std::pair<QString, FieldType>> wanted { { QStringLiteral("revenue"),
        FieldType::Number } };
    for (const QString& name : fields) {
        const FieldInfo* f = catalog.find(name);
        if (f && ColumnEvaluator::canHold(*f))
            wanted.append({ f->name, f->type });
    }
    ReadTransaction transaction((*ws)->database());
    auto current = st.sync(**ws);
    if (!current)
        return current.error();
    if (!*current)
        return {};
    LastRun stats;
    return st.load(**ws, wanted, job, stats);
}

ColumnPreviewEngine::LastRun ColumnPreviewEngine::lastRun() const
{
    QMutexLocker lock(&m_mutex);
    return m_state->last;
}

QStringList ColumnPreviewEngine::loadedFields() const
{
    QMutexLocker lock(&m_mutex);
    QStringList out;
    for (const auto& entry : m_state->columns)
        out.append(entry.first);
    return out;
}

qint64 ColumnPreviewEngine::memoryBytes() const
{
    QMutexLocker lock(&m_mutex);
    qint64 bytes = 0;
    for (const auto& entry : m_state->columns)
        bytes += entry.second.memoryBytes();
    return bytes;
}

void ColumnPreviewEngine::clear()
{
    QMutexLocker lock(&m_mutex);
    m_state->drop();
    m_state->ws.reset();
    m_state->wsThread = nullptr;
}

QStringList ColumnPreviewEngine::preloadOrder(
    const FieldCatalog& catalog, const SegmentRule& current)
{
    QStringList fields;
    const std::function<void(const RuleNode&)> collect = [&](const RuleNode& node) {
        const FieldInfo* f = node.isGroup() ? nullptr : catalog.find(node.field);
        if (f && CustomerViewStore::inView(*f) && !fields.contains(f->name))
            fields.append(f->name);
        for (const RuleNode& child : node.children)
            collect(child);
    };
    collect(current.root());
    for (int pass = 0; pass < 2; ++pass)
        for (const FieldInfo& f : catalog.fields()) {
            const bool attribute = f.kind == FieldKind::Attribute;
            if (attribute == (pass == 1) && CustomerViewStore::inView(f)
                && !fields.contains(f.name))
                fields.append(f.name);
        }
    return fields;
}

} // namespace seg
