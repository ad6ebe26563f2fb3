#pragma once

#include "jobcontext.h"
#include "result.h"
#include "workspace.h"

#include <QList>
#include <QString>
#include <QVariantList>

#include <optional>

namespace seg {

/// Reads pages of one data table for views (tables of customers, transactions, responses):
/// the row count and a window of rows, optionally sorted by one column and narrowed by a quick
/// filter. All SQL of paged viewing lives here.
///
/// Safety: the only identifiers that reach SQL text are the table name (after checking that
/// the table exists) and column names that are both described in column_meta and real columns
/// of the table; the sort column is chosen by index into columns(), and filter text is always
/// a bound parameter.
///
/// Filter: a row matches when any column contains the filter text, case-insensitively
/// ('%', '_' and '\' in the text are literal characters; leading and trailing spaces are
/// ignored). Values are compared as stored (a yes/no column holds 0 or 1). ASCII letters are
/// compared with SQLite's LIKE; when the text holds other letters ("Zoë", "MÜLLER"), the
/// text columns are compared after Unicode case folding (numbers and dates cannot hold such
/// letters and are skipped).
///
/// Thread-safety: none. A TablePager uses the connection of the Workspace it was made from,
/// so it belongs to that Workspace's thread; the Workspace must outlive it.
class TablePager {
public:
    TablePager(Workspace& workspace, QString table);
    TablePager(const TablePager&) = delete;
    TablePager& operator=(const TablePager&) = delete;
    ~TablePager();

    /// Lets `job` stop a running read: SQLite polls job->isCancelled() every few thousand
    /// steps, and a cancelled count(), page(), rowIds() or rowsById() returns
    /// ErrorCode::Cancelled within milliseconds, even in the middle of a scan or sort.
    /// nullptr stops polling. `job` must outlive this pager (or the next call).
    void setJobContext(JobContext* job);

    const QString& table() const { return m_table; }

    /// Limits the quick filter to these columns (names as in columns()); empty, the default,
    /// means every column. Names that are not columns of the table are ignored.
    void setFilterColumns(const QStringList& names) { m_filterColumns = names; }
    const QStringList& filterColumns() const { return m_filterColumns; }

    /// The table's row count when the caller already knows it (0: unknown). An unfiltered page
    /// in stored order is then read as a rowid range when the rowids are dense (as the
    /// importer makes them): O(page) instead of O(offset).
    void setKnownRowCount(qint64 rows) { m_knownRows = rows; }

    /// The columns shown, in column_meta position order. Read once and cached. When the table
    /// has no column_meta rows (made outside the importer), its real columns are used.
    /// Fails when the table does not exist.
    Result<QList<ColumnInfo>> columns();

    /// Rows that match `filterText` (all rows when it is empty or blank).
    Result<qint64> count(const QString& filterText);

    /// At most `limit` rows starting at row `offset` (0-based) of the filtered, sorted table.
    /// Each row holds one value per columns() entry: null, qint64, double or QString.
    /// `sortColumn` is an index into columns(), or -1 for the stored (import) order; ties and
    /// the stored order are broken by rowid, so pages never overlap or skip rows. Empty values
    /// sort last in both directions; text compares ASCII letters case-insensitively.
    /// Cost: OFFSET paging, so a page at row N costs O(N) row steps (and a sort of the
    /// table when sorted by a column without an index); fine for a viewer, not for export.
    Result<QList<QVariantList>> page(
        qint64 offset, int limit, int sortColumn, Qt::SortOrder order, const QString& filterText);

    /// The rowid of every row that matches `filterText`, in the order page() would give them
    /// (same `sortColumn` and `order` rules). One scan and one sort of the table: a view can
    /// keep the list (8 bytes a row) and read any page with rowsById() at once, however deep,
    /// where page() would sort again for every page.
    Result<QList<qint64>> rowIds(int sortColumn, Qt::SortOrder order, const QString& filterText);

    /// The rows with these rowids, in the order of `ids` (at most kMaxIdsPerCall). A rowid
    /// that no longer exists gives an empty row.
    Result<QList<QVariantList>> rowsById(const QList<qint64>& ids);
    static constexpr int kMaxIdsPerCall = 1000;

    /// The LIKE pattern for a filter text: wrapped in '%' with '%', '_' and '\' escaped by '\'.
    static QString likePattern(const QString& filterText);

private:
    /// " WHERE (...)" for a non-empty filter, binding it as parameter 1; empty otherwise.
    QString whereClause(const QString& filterText) const;
    /// " ORDER BY ..." for a validated sort column (-1: rowid order).
    QString orderByClause(int sortColumn, Qt::SortOrder order) const;
    /// Checks the filter length and registers the fold function when the filter needs it.
    Result<void> prepareFilter(const QString& filter);
    void bindFilter(Statement& stmt, const QString& filterText) const;
    Result<void> ensureFoldFunction();
    /// The error of a failed statement; Cancelled when the job asked for it.
    Error readError(const QString& message) const;

    Workspace& m_workspace;
    JobContext* m_job = nullptr;
    QString m_table;
    std::optional<QList<ColumnInfo>> m_columns;
    QStringList m_filterColumns;
    qint64 m_knownRows = 0;
    bool m_foldFunctionReady = false;
};

} // namespace seg
