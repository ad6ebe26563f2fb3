#include "tablepager.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <sqlite3.h>

#include <utility>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::TablePager", text); }

// Longest filter text accepted; SQLite refuses LIKE patterns over 50,000 bytes, and no one
// types more than a few words into a quick filter.
constexpr qsizetype kMaxFilterLength = 1000;

const QString& foldFunctionName()
{
    static const QString name = QStringLiteral("seg_casefold");
    return name;
}

// seg_casefold(x): x as text after Unicode simple case folding ("MÜLLER" -> "müller",
// "STRAẞE" -> "straße"); NULL stays NULL. SQLite's own LIKE and lower() fold ASCII only.
void caseFold(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const int bytes = sqlite3_value_bytes(argv[0]);
    // Most values are plain ASCII, whose case LIKE ignores already: pass them through.
    bool ascii = true;
    for (int i = 0; i < bytes && ascii; ++i)
        ascii = static_cast<unsigned char>(text[i]) < 0x80;
    if (ascii) {
        sqlite3_result_value(context, argv[0]);
        return;
    }
    const QByteArray folded = QString::fromUtf8(text, bytes).toCaseFolded().toUtf8();
    sqlite3_result_text(
        context, folded.constData(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

bool isAscii(const QString& text)
{
    for (const QChar c : text) {
        if (c.unicode() > 0x7f)
            return false;
    }
    return true;
}

QString normalizedFilter(const QString& filterText) { return filterText.trimmed(); }

// Types stored as numbers or ASCII-only text (ISO dates, 0/1).
bool holdsOnlyAscii(const QString& type)
{
    return type == u"integer" || type == u"decimal" || type == u"date" || type == u"date-time"
        || type == u"yes/no";
}

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

TablePager::TablePager(Workspace& workspace, QString table)
    : m_workspace(workspace)
    , m_table(std::move(table))
{
}

TablePager::~TablePager()
{
    if (m_job)
        setJobContext(nullptr);
}

void TablePager::setJobContext(JobContext* job)
{
    m_job = job;
    // SQLite polls the job every ~1000 virtual-machine steps and stops a cancelled statement.
    m_workspace.database().setInterruptCheck(job);
}

Error TablePager::readError(const QString& message) const
{
    if (m_job && m_job->isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Reading the table was cancelled."));
    return makeError(ErrorCode::Workspace, message);
}

QString TablePager::likePattern(const QString& filterText)
{
    QString escaped;
    escaped.reserve(filterText.size() + 8);
    for (const QChar c : filterText) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_'))
            escaped.append(QLatin1Char('\\'));
        escaped.append(c);
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

Result<QList<ColumnInfo>> TablePager::columns()
{
    if (m_columns)
        return *m_columns;

    // The table's real columns; an unknown table has none.
    auto info = m_workspace.database().prepare(
        QStringLiteral("SELECT name, type FROM pragma_table_info(?1)"));
    if (!info)
        return info.error();
    info->bindText(1, m_table);
    QList<std::pair<QString, QString>> real;
    QSet<QString> realNames;
    while (info->step()) {
        real.append({ info->columnText(0), info->columnText(1) });
        realNames.insert(info->columnText(0));
    }
    if (!info->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, info->lastError());
    if (real.isEmpty())
        return makeError(
            ErrorCode::Workspace, tr("The workspace has no table named \"%1\".").arg(m_table));

    auto described = m_workspace.columns(m_table);
    if (!described)
        return described.error();

    QList<ColumnInfo> out;
    if (!described->isEmpty()) {
        // column_meta rows whose column is really there (a damaged or half-migrated file
        // must not put unknown names into SQL).
        for (const ColumnInfo& c : std::as_const(*described)) {
            if (realNames.contains(c.name))
                out.append(c);
        }
    } else {
        int position = 0;
        for (const auto& [name, declared] : std::as_const(real))
            out.append(
                ColumnInfo { name, name, typeFromAffinity(declared), QString(), position++ });
    }
    if (out.isEmpty())
        return makeError(ErrorCode::Workspace,
            tr("The table \"%1\" has no columns that can be shown.").arg(m_table));
    m_columns = out;
    return out;
}

Result<void> TablePager::ensureFoldFunction()
{
    if (m_foldFunctionReady)
        return {};
    // Registered on this connection only; deterministic so SQLite may cache results.
    const QByteArray name = foldFunctionName().toUtf8();
    const int rc = sqlite3_create_function_v2(m_workspace.database().handle(), name.constData(), 1,
        SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &caseFold, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return makeError(ErrorCode::Internal, QString::fromUtf8(sqlite3_errstr(rc)));
    m_foldFunctionReady = true;
    return {};
}

QString TablePager::whereClause(const QString& filterText) const
{
    const QString filter = normalizedFilter(filterText);
    if (filter.isEmpty() || !m_columns)
        return {};
    const bool fold = !isAscii(filter);
    QStringList terms;
    terms.reserve(m_columns->size());
    for (const ColumnInfo& c : std::as_const(*m_columns)) {
        if (!m_filterColumns.isEmpty() && !m_filterColumns.contains(c.name))
            continue;
        const QString column = Database::quoteIdentifier(c.name);
        if (!fold) {
            terms.append(column + QStringLiteral(" LIKE ?1 ESCAPE '\\'"));
        } else if (!holdsOnlyAscii(c.type)) {
            terms.append(foldFunctionName() + QLatin1Char('(') + column
                + QStringLiteral(") LIKE ?1 ESCAPE '\\'"));
        }
    }
    if (terms.isEmpty())
        return QStringLiteral(" WHERE 0");
    return QStringLiteral(" WHERE (") + terms.join(QStringLiteral(" OR ")) + QLatin1Char(')');
}

void TablePager::bindFilter(Statement& stmt, const QString& filterText) const
{
    const QString filter = normalizedFilter(filterText);
    if (filter.isEmpty())
        return;
    stmt.bindText(1, likePattern(isAscii(filter) ? filter : filter.toCaseFolded()));
}

Result<qint64> TablePager::count(const QString& filterText)
{
    auto cols = columns();
    if (!cols)
        return cols.error();
    const QString filter = normalizedFilter(filterText);
    if (auto r = prepareFilter(filter); !r)
        return r.error();
    auto stmt = m_workspace.database().prepare(QStringLiteral("SELECT count(*) FROM ")
        + Database::quoteIdentifier(m_table) + whereClause(filter));
    if (!stmt)
        return stmt.error();
    bindFilter(*stmt, filter);
    if (!stmt->step()) {
        if (!stmt->lastError().isEmpty())
            return readError(stmt->lastError());
        return qint64(0);
    }
    return stmt->columnInt(0);
}

Result<QList<QVariantList>> TablePager::page(
    qint64 offset, int limit, int sortColumn, Qt::SortOrder order, const QString& filterText)
{
    auto cols = columns();
    if (!cols)
        return cols.error();
    if (offset < 0 || limit < 0)
        return makeError(ErrorCode::Usage, tr("A page cannot start or end before the first row."));
    if (sortColumn < -1 || sortColumn >= cols->size())
        return makeError(ErrorCode::Usage, tr("There is no column %1 to sort by.").arg(sortColumn));
    const QString filter = normalizedFilter(filterText);
    if (auto r = prepareFilter(filter); !r)
        return r.error();
    if (limit == 0)
        return QList<QVariantList>();

    QStringList selected;
    selected.reserve(cols->size());
    for (const ColumnInfo& c : std::as_const(*cols))
        selected.append(Database::quoteIdentifier(c.name));

    // With dense rowids (first..first + rows - 1), a page in stored order is a rowid range:
    // a seek in the table's B-tree, whatever the depth.
    std::optional<std::pair<qint64, qint64>> range;
    if (filter.isEmpty() && sortColumn < 0 && m_knownRows > 0) {
        // Two subqueries: SQLite answers a lone min() or max() of the rowid from the ends of the
        // table's B-tree, but min() and max() together by scanning the whole table.
        auto bounds = m_workspace.database().prepare(
            QStringLiteral("SELECT (SELECT min(rowid) FROM %1), (SELECT max(rowid) FROM %1)")
                .arg(Database::quoteIdentifier(m_table)));
        if (bounds && bounds->step() && !bounds->isNull(0)
            && bounds->columnInt(1) - bounds->columnInt(0) + 1 == m_knownRows)
            range = std::make_pair(bounds->columnInt(0), bounds->columnInt(1));
    }
    Result<Statement> stmt = makeError(ErrorCode::Internal, QString());
    if (range) {
        const bool ascending = order != Qt::DescendingOrder;
        const qint64 from = ascending ? range->first + offset : range->second - offset;
        stmt = m_workspace.database().prepare(QStringLiteral("SELECT ")
            + selected.join(QStringLiteral(", ")) + QStringLiteral(" FROM ")
            + Database::quoteIdentifier(m_table)
            + (ascending
                    ? QStringLiteral(" WHERE rowid >= ?2 AND rowid < ?2 + ?3 ORDER BY rowid ASC")
                    : QStringLiteral(
                        " WHERE rowid <= ?2 AND rowid > ?2 - ?3 ORDER BY rowid DESC")));
        if (!stmt)
            return stmt.error();
        stmt->bindInt(2, from);
        stmt->bindInt(3, limit);
    } else {
        // OFFSET makes SQLite step over `offset` rows: O(offset) per page, and a sorted page
        // sorts the table again each time (seconds on a million rows). A sorted or filtered
        // view should take rowIds() once and read pages with rowsById().
        stmt = m_workspace.database().prepare(QStringLiteral("SELECT ")
            + selected.join(QStringLiteral(", ")) + QStringLiteral(" FROM ")
            + Database::quoteIdentifier(m_table) + whereClause(filter)
            + orderByClause(sortColumn, order) + QStringLiteral(" LIMIT ?2 OFFSET ?3"));
        if (!stmt)
            return stmt.error();
        bindFilter(*stmt, filter);
        stmt->bindInt(2, limit);
        stmt->bindInt(3, offset);
    }

    QList<QVariantList> rows;
    rows.reserve(limit);
    const int columnCount = static_cast<int>(cols->size());
    while (stmt->step()) {
        QVariantList row;
        row.reserve(columnCount);
        for (int c = 0; c < columnCount; ++c)
            row.append(stmt->columnValue(c));
        rows.append(std::move(row));
    }
    if (!stmt->lastError().isEmpty())
        return readError(stmt->lastError());
    return rows;
}

Result<void> TablePager::prepareFilter(const QString& filter)
{
    if (filter.size() > kMaxFilterLength)
        return makeError(ErrorCode::BadInput, tr("The filter text is too long."));
    if (!isAscii(filter))
        return ensureFoldFunction();
    return {};
}

QString TablePager::orderByClause(int sortColumn, Qt::SortOrder order) const
{
    const QString direction
        = order == Qt::DescendingOrder ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    if (sortColumn < 0 || !m_columns || sortColumn >= m_columns->size())
        return QStringLiteral(" ORDER BY rowid") + direction;
    const ColumnInfo& c = m_columns->at(sortColumn);
    QString orderBy = QStringLiteral(" ORDER BY ") + Database::quoteIdentifier(c.name);
    // Names and categories read better ignoring ASCII case; ids, numbers and ISO dates keep
    // the binary order (and their index, where there is one).
    if (c.role.isEmpty() && (c.type == u"text" || c.type == u"category"))
        orderBy += QStringLiteral(" COLLATE NOCASE");
    return orderBy + direction + QStringLiteral(" NULLS LAST, rowid ASC");
}

Result<QList<qint64>> TablePager::rowIds(
    int sortColumn, Qt::SortOrder order, const QString& filterText)
{
    auto cols = columns();
    if (!cols)
        return cols.error();
    if (sortColumn < -1 || sortColumn >= cols->size())
        return makeError(ErrorCode::Usage, tr("There is no column %1 to sort by.").arg(sortColumn));
    const QString filter = normalizedFilter(filterText);
    if (auto r = prepareFilter(filter); !r)
        return r.error();
    auto stmt = m_workspace.database().prepare(QStringLiteral("SELECT rowid FROM ")
        + Database::quoteIdentifier(m_table) + whereClause(filter)
        + orderByClause(sortColumn, order));
    if (!stmt)
        return stmt.error();
    bindFilter(*stmt, filter);
    QList<qint64> ids;
    while (stmt->step())
        ids.append(stmt->columnInt(0));
    if (!stmt->lastError().isEmpty())
        return readError(stmt->lastError());
    return ids;
}

Result<QList<QVariantList>> TablePager::rowsById(const QList<qint64>& ids)
{
    auto cols = columns();
    if (!cols)
        return cols.error();
    if (ids.size() > kMaxIdsPerCall)
        return makeError(
            ErrorCode::Usage, tr("At most %1 rows can be read at once.").arg(kMaxIdsPerCall));
    if (ids.isEmpty())
        return QList<QVariantList>();

    QStringList selected { QStringLiteral("rowid") };
    for (const ColumnInfo& c : std::as_const(*cols))
        selected.append(Database::quoteIdentifier(c.name));
    QStringList placeholders;
    placeholders.reserve(ids.size());
    for (qsizetype i = 0; i < ids.size(); ++i)
        placeholders.append(QStringLiteral("?%1").arg(i + 1));
    auto stmt = m_workspace.database().prepare(QStringLiteral("SELECT ")
        + selected.join(QStringLiteral(", ")) + QStringLiteral(" FROM ")
        + Database::quoteIdentifier(m_table) + QStringLiteral(" WHERE rowid IN (")
        + placeholders.join(QLatin1Char(',')) + QLatin1Char(')'));
    if (!stmt)
        return stmt.error();
    for (qsizetype i = 0; i < ids.size(); ++i)
        stmt->bindInt(static_cast<int>(i + 1), ids.at(i));

    const int columnCount = static_cast<int>(cols->size());
    QHash<qint64, QVariantList> byId;
    byId.reserve(ids.size());
    while (stmt->step()) {
        QVariantList row;
        row.reserve(columnCount);
        for (int c = 0; c < columnCount; ++c)
            row.append(stmt->columnValue(c + 1));
        byId.insert(stmt->columnInt(0), std::move(row));
    }
    if (!stmt->lastError().isEmpty())
        return readError(stmt->lastError());
    QList<QVariantList> rows;
    rows.reserve(ids.size());
    for (const qint64 id : ids)
        rows.append(byId.value(id));
    return rows;
}

} // namespace seg
