#include "columnstatsquery.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::ColumnStatsQuery", text); }

// Rows between progress reports and cancel checks of the C++ loops (SQLite's progress handler
// checks far more often inside a statement).
constexpr qint64 kRowsPerReport = 1 << 16;
constexpr int kMaxTop = 1000;

// Days from the Julian day origin to 1970-01-01 00:00.
constexpr double kUnixEpochJulianDay = 2440587.5;

QString typeFromAffinity(const QString& declared)
{
    const QString upper = declared.toUpper();
    if (upper.contains(QLatin1String("INT")))
        return QStringLiteral("integer");
    if (upper.contains(QLatin1String("REAL")) || upper.contains(QLatin1String("FLOA"))
        || upper.contains(QLatin1String("DOUB")))
        return QStringLiteral("decimal");
    return QStringLiteral("text");
}

} // namespace

ColumnStatsQuery::ColumnStatsQuery(Workspace& workspace, QString table, QString column)
    : m_workspace(workspace)
    , m_table(std::move(table))
    , m_column(std::move(column))
{
}

ColumnStatsQuery::~ColumnStatsQuery()
{
    if (m_job)
        setJobContext(nullptr);
}

void ColumnStatsQuery::setJobContext(JobContext* job)
{
    m_job = job;
    // SQLite polls the job every ~1000 virtual-machine steps and stops a cancelled statement.
    m_workspace.database().setInterruptCheck(job);
}

Error ColumnStatsQuery::readError(const QString& message) const
{
    if (m_job && m_job->isCancelled())
        return makeError(ErrorCode::Cancelled, tr("The column profile was cancelled."));
    return makeError(ErrorCode::Workspace, message);
}

Result<ColumnInfo> ColumnStatsQuery::column()
{
    if (m_info)
        return *m_info;
    auto info = m_workspace.database().prepare(
        QStringLiteral("SELECT type FROM pragma_table_info(?1) WHERE name = ?2"));
    if (!info)
        return info.error();
    info->bindText(1, m_table);
    info->bindText(2, m_column);
    if (!info->step()) {
        if (!info->lastError().isEmpty())
            return readError(info->lastError());
        return makeError(ErrorCode::BadInput,
            tr("The table \"%1\" has no column \"%2\".").arg(m_table, m_column));
    }
    const QString declared = info->columnText(0);

    auto described = m_workspace.columns(m_table);
    if (!described)
        return readError(described.error().message);
    for (const ColumnInfo& c : std::as_const(*described)) {
        if (c.name == m_column) {
            m_info = c;
            return c;
        }
    }
    m_info = ColumnInfo { m_column, m_column, typeFromAffinity(declared), QString(), 0 };
    return *m_info;
}

qint64 ColumnStatsQuery::estimatedRows()
{
    auto stmt = m_workspace.database().prepare(
        QStringLiteral("SELECT max(rowid) FROM ") + Database::quoteIdentifier(m_table));
    if (!stmt || !stmt->step())
        return 0;
    return stmt->columnInt(0);
}

Result<ColumnScan> ColumnStatsQuery::scan(const QString& valueExpression)
{
    auto info = column();
    if (!info)
        return info.error();
    const qint64 total = estimatedRows();
    const QString quoted = Database::quoteIdentifier(m_column);
    // Column 0: empty; column 1: the value as a number, NULL when it cannot be read as one.
    auto stmt = m_workspace.database().prepare(
        QStringLiteral("SELECT %1 IS NULL, %2 FROM %3")
            .arg(quoted, valueExpression.arg(quoted), Database::quoteIdentifier(m_table)));
    if (!stmt)
        return stmt.error();
    ColumnScan out;
    // max(rowid) is the row count unless rows were deleted or given ids; never trust it with
    // more than this much memory up front.
    constexpr qint64 kMaxReserve = qint64(16) * 1024 * 1024;
    if (total > 0)
        out.values.reserve(static_cast<size_t>(std::min(total, kMaxReserve)));
    while (stmt->step()) {
        ++out.rows;
        if (stmt->columnInt(0) != 0)
            ++out.missing;
        else if (stmt->isNull(1))
            ++out.invalid;
        else
            out.values.push_back(stmt->columnDouble(1));
        if (m_job && out.rows % kRowsPerReport == 0) {
            m_job->setCount(out.rows);
            m_job->setProgress(out.rows, std::max(total, out.rows));
        }
    }
    if (!stmt->lastError().isEmpty())
        return readError(stmt->lastError());
    if (m_job) {
        m_job->setCount(out.rows);
        m_job->setProgress(out.rows, out.rows);
    }
    return out;
}

Result<ColumnScan> ColumnStatsQuery::readNumbers()
{
    return scan(QStringLiteral("CASE WHEN typeof(%1) IN ('integer', 'real') THEN %1 END"));
}

Result<ColumnScan> ColumnStatsQuery::readDays()
{
    // julianday() reads 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS' (and gives NULL for text it
    // cannot read); numbers stored in a date column are not dates.
    return scan(QStringLiteral("CASE WHEN typeof(%1) = 'text' THEN julianday(%1) - ")
        + QString::number(kUnixEpochJulianDay, 'f', 1) + QStringLiteral(" END"));
}

Result<FrequencyScan> ColumnStatsQuery::readFrequencies(int top)
{
    auto info = column();
    if (!info)
        return info.error();
    top = std::clamp(top, 0, kMaxTop);
    const qint64 total = estimatedRows();
    // Groups arrive in ascending value order with NULL first; the C++ side keeps the `top`
    // largest counts, so a column of a million distinct names costs one sort, not a second
    // ORDER BY over the groups.
    auto stmt = m_workspace.database().prepare(
        QStringLiteral("SELECT %1, count(*) FROM %2 GROUP BY %1")
            .arg(Database::quoteIdentifier(m_column), Database::quoteIdentifier(m_table)));
    if (!stmt)
        return stmt.error();

    struct Entry {
        qint64 count;
        qint64 order; // position in value order: breaks ties in favour of the smaller value
        QVariant value;
    };
    // A min-heap on (count, -order): the front is the entry to drop first.
    auto weaker = [](const Entry& a, const Entry& b) {
        return a.count != b.count ? a.count > b.count : a.order < b.order;
    };
    std::vector<Entry> heap;
    heap.reserve(static_cast<size_t>(top) + 1);

    FrequencyScan out;
    qint64 groups = 0;
    while (stmt->step()) {
        const qint64 count = stmt->columnInt(1);
        out.rows += count;
        if (stmt->isNull(0)) {
            out.missing += count;
            continue;
        }
        ++out.distinct;
        const qint64 order = groups++;
        if (top > 0 && (static_cast<int>(heap.size()) < top || count > heap.front().count)) {
            if (static_cast<int>(heap.size()) == top) {
                std::pop_heap(heap.begin(), heap.end(), weaker);
                heap.pop_back();
            }
            heap.push_back(Entry { count, order, stmt->columnValue(0) });
            std::push_heap(heap.begin(), heap.end(), weaker);
        }
        if (m_job && groups % kRowsPerReport == 0)
            m_job->setProgress(out.rows, std::max(total, out.rows));
    }
    if (!stmt->lastError().isEmpty())
        return readError(stmt->lastError());
    std::sort(heap.begin(), heap.end(), weaker);
    out.top.reserve(static_cast<qsizetype>(heap.size()));
    for (Entry& e : heap)
        out.top.append(ValueCount { std::move(e.value), e.count });
    if (m_job) {
        m_job->setCount(out.rows);
        m_job->setProgress(out.rows, out.rows);
    }
    return out;
}

} // namespace seg
