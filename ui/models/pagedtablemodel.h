#pragma once

#include "workspace.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QString>
#include <QThreadPool>
#include <QVariantList>

#include <memory>

namespace seg {
class JobContext;
}

namespace seg::ui {

/// Read-only table model over one data table of a workspace file, for views of any size.
///
/// Rows are read in pages of kPageSize rows by seg::TablePager in a background thread that
/// opens its own read-only Workspace; the GUI thread never runs SQL. At most kMaxCachedPages
/// pages are kept (least recently used go first), so memory does not grow with the rows
/// scrolled. data() for a row whose page is not cached returns an empty value, asks for the
/// page, and dataChanged() follows when it arrives.
///
/// In stored order pages are read by offset. A sorted or filtered table is sorted and
/// filtered once per change: the load keeps the rowids of the matching rows in view order
/// (8 bytes a row), and any page, however deep, is then read by rowid in milliseconds.
///
/// setSource(), sort(), setFilterText() and reload() start a reload: the row count (and the
/// pages last looked at) are read in the background and swapped in with one model reset when
/// they arrive; until then the previous rows stay on screen. Every reload bumps a generation
/// number and cancels the reads of the older one (a running scan stops within milliseconds);
/// results of an older generation are dropped.
class PagedTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kPageSize = 256;
    static constexpr int kMaxCachedPages = 20;

    explicit PagedTableModel(QObject* parent = nullptr);
    /// Cancels background reads and waits for the one running to stop (milliseconds).
    ~PagedTableModel() override;

    /// Shows `table` of the workspace file at `workspacePath`, unsorted and unfiltered.
    void setSource(const QString& workspacePath, const QString& table);
    const QString& workspacePath() const { return m_path; }
    const QString& tableName() const { return m_table; }

    /// The columns shown (empty until the first load has finished).
    const QList<seg::ColumnInfo>& columns() const { return m_columns; }
    /// Rows that match the filter (rowCount() is this, capped to the int range).
    qint64 matchingRows() const { return m_matchingRows; }
    /// Rows of the whole table, whatever the filter.
    qint64 totalRows() const { return m_totalRows; }
    /// True between a request (source, sort, filter, reload) and the arrival of its rows.
    bool isLoading() const { return m_loading; }
    /// The message of the last failed read, empty when the last load succeeded.
    const QString& errorMessage() const { return m_error; }

    const QString& filterText() const { return m_filter; }
    /// Shows only rows where any column contains `text` (case-insensitive); empty for all.
    void setFilterText(const QString& text);
    /// Limits the filter to these columns (names); empty for every column.
    void setFilterColumns(const QStringList& names);
    const QStringList& filterColumns() const { return m_filterColumns; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    /// Reads the table again (after it changed on disk), keeping sort and filter.
    void reload();

    /// Pages held in memory now; never more than kMaxCachedPages.
    int cachedPageCount() const { return static_cast<int>(m_cache.size()); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// `column` -1 restores the stored (import) order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    /// A load finished (successfully or not); counts and columns are up to date.
    void loaded();
    void loadingChanged(bool loading);
    /// A read failed; `message` is in plain words.
    void errorOccurred(const QString& message);

private:
    /// What a background read needs, copied by value into the worker.
    struct Query {
        QString path;
        QString table;
        int sortColumn = -1;
        Qt::SortOrder order = Qt::AscendingOrder;
        QString filter;
        QStringList filterColumns;
        quint64 generation = 0;
        qint64 totalRows = 0; ///< known row count, for reading pages by rowid range
    };
    struct LoadResult {
        quint64 generation = 0;
        bool superseded = false;
        QString error;
        QList<seg::ColumnInfo> columns;
        qint64 matching = 0;
        qint64 total = 0;
        /// Matching rowids in view order; null in stored order without a filter.
        std::shared_ptr<const QList<qint64>> rowIds;
        QHash<qint64, QList<QVariantList>> pages;
    };
    struct PageResult {
        quint64 generation = 0;
        qint64 page = -1;
        bool superseded = false;
        QString error;
        QList<QVariantList> rows;
    };
    struct CachedPage {
        QList<QVariantList> rows;
        quint64 lastUse = 0;
    };
    /// Cancelled when its generation is superseded; shared with the workers of that generation.
    using Job = std::shared_ptr<seg::JobContext>;

    static LoadResult loadTable(Query query, Job job, QList<qint64> pages);
    /// Reads `page` by offset, or, when `byId`, the rows with the rowids `ids`.
    static PageResult fetchPage(Query query, Job job, qint64 page, bool byId, QList<qint64> ids);

    Query currentQuery() const;
    void startLoad();
    void onLoadFinished();
    void requestPage(qint64 page) const;
    void prefetchPage(qint64 page) const;
    void startNextPage();
    void onPageFinished();
    void insertPage(qint64 page, QList<QVariantList> rows);
    void setLoading(bool loading);
    QVariant displayValue(const QVariant& value, int column) const;

    QString m_path;
    QString m_table;
    QString m_filter;
    QStringList m_filterColumns;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    QList<seg::ColumnInfo> m_columns;
    qint64 m_matchingRows = 0;
    qint64 m_totalRows = 0;
    std::shared_ptr<const QList<qint64>> m_rowIds;
    bool m_loading = false;
    QString m_error;

    quint64 m_generation = 0;
    Job m_job;

    // Page cache and wanted pages change inside data(), which is const for Qt's sake.
    mutable QHash<qint64, CachedPage> m_cache;
    mutable quint64 m_useClock = 0;
    mutable QList<qint64> m_wanted; // most recently wanted last
    mutable qint64 m_lastWanted = -1;
    mutable bool m_pageScheduled = false;
    qint64 m_pageInFlight = -1;
    bool m_pageJobRunning = false;
    QList<qint64> m_failedPages;

    // One worker thread: reads of this model run one after another, and a reload queued
    // behind a page read waits at most for that page.
    QThreadPool m_pool;
    QFutureWatcher<LoadResult> m_loadWatcher;
    QFutureWatcher<PageResult> m_pageWatcher;
};

} // namespace seg::ui
