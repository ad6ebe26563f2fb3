#include "pagedtablemodel.h"

#include "columntype.h"
#include "jobcontext.h"
#include "role.h"
#include "tablepager.h"

#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <climits>

namespace seg::ui {

namespace {

// Pages asked for but not read yet; older wishes are dropped (the visible rows are always
// among the most recent ones, since every repaint asks again).
constexpr qsizetype kMaxWantedPages = 8;
// Pages read with a reload besides page 0: the ones looked at last, so that the rows on
// screen are filled at once when the sorted or filtered table arrives.
constexpr int kReloadRecentPages = 2;
// Text longer than this gets its full value as a tooltip.
constexpr qsizetype kTooltipLength = 40;

bool isNumericType(const QString& type) { return type == u"integer" || type == u"decimal"; }

bool isMoneyRole(const QString& role)
{
    return role == u"amount" || role == u"unit_price" || role == u"revenue";
}

} // namespace

PagedTableModel::PagedTableModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_job(std::make_shared<JobContext>())
{
    m_pool.setMaxThreadCount(1);
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, &PagedTableModel::onLoadFinished);
    connect(&m_pageWatcher, &QFutureWatcherBase::finished, this, &PagedTableModel::onPageFinished);
}

PagedTableModel::~PagedTableModel()
{
    // Queued reads return at once and a running statement stops at its next progress check.
    // Their results go nowhere: the watchers are disconnected with this object.
    m_job->cancel();
    m_pool.waitForDone();
}

void PagedTableModel::setSource(const QString& workspacePath, const QString& table)
{
    beginResetModel();
    m_path = workspacePath;
    m_table = table;
    m_filter.clear();
    m_filterColumns.clear();
    m_sortColumn = -1;
    m_sortOrder = Qt::AscendingOrder;
    m_columns.clear();
    m_matchingRows = 0;
    m_totalRows = 0;
    m_rowIds.reset();
    m_cache.clear();
    m_error.clear();
    endResetModel();
    startLoad();
}

void PagedTableModel::setFilterText(const QString& text)
{
    const bool same = text.trimmed() == m_filter.trimmed();
    m_filter = text;
    if (!same)
        startLoad();
}

void PagedTableModel::setFilterColumns(const QStringList& names)
{
    if (names == m_filterColumns)
        return;
    m_filterColumns = names;
    if (!m_filter.trimmed().isEmpty())
        startLoad();
}

void PagedTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size()) {
        column = -1;
        order = Qt::AscendingOrder;
    }
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    startLoad();
}

void PagedTableModel::reload() { startLoad(); }

PagedTableModel::Query PagedTableModel::currentQuery() const
{
    return Query { m_path, m_table, m_sortColumn, m_sortOrder, m_filter, m_filterColumns,
        m_generation, m_totalRows };
}

void PagedTableModel::startLoad()
{
    if (m_path.isEmpty() || m_table.isEmpty())
        return;
    m_job->cancel();
    m_job = std::make_shared<JobContext>();
    ++m_generation;
    m_wanted.clear();
    m_lastWanted = -1;
    m_pageInFlight = -1;
    m_failedPages.clear();

    QList<qint64> pages { 0 };
    QList<std::pair<quint64, qint64>> recent;
    for (auto it = m_cache.cbegin(); it != m_cache.cend(); ++it)
        recent.append({ it->lastUse, it.key() });
    std::sort(recent.begin(), recent.end(), std::greater<>());
    for (int i = 0; i < recent.size() && i < kReloadRecentPages; ++i) {
        if (!pages.contains(recent.at(i).second))
            pages.append(recent.at(i).second);
    }

    setLoading(true);
    m_loadWatcher.setFuture(
        QtConcurrent::run(&m_pool, &PagedTableModel::loadTable, currentQuery(), m_job, pages));
}

PagedTableModel::LoadResult PagedTableModel::loadTable(Query query, Job job, QList<qint64> pages)
{
    LoadResult out;
    out.generation = query.generation;
    auto superseded = [&] { return job->isCancelled(); };
    if (superseded()) {
        out.superseded = true;
        return out;
    }
    auto ws = Workspace::open(query.path, Workspace::OpenMode::ReadOnly);
    if (!ws) {
        out.error = ws.error().message;
        return out;
    }
    TablePager pager(*ws, query.table);
    pager.setJobContext(job.get());
    pager.setFilterColumns(query.filterColumns);
    auto fail = [&](const Error& error) {
        if (error.code == ErrorCode::Cancelled)
            out.superseded = true;
        else
            out.error = tr("Cannot read the %1 table: %2").arg(query.table, error.message);
        return out;
    };
    auto columns = pager.columns();
    if (!columns)
        return fail(columns.error());
    out.columns = *columns;
    const int sortColumn = query.sortColumn < columns->size() ? query.sortColumn : -1;
    const bool filtered = !query.filter.trimmed().isEmpty();

    if (sortColumn >= 0 || filtered) {
        // Sort and filter once; every page is then a lookup by rowid.
        auto ids = pager.rowIds(sortColumn, query.order, query.filter);
        if (!ids)
            return fail(ids.error());
        out.matching = ids->size();
        out.rowIds = std::make_shared<const QList<qint64>>(std::move(ids.value()));
    } else {
        auto matching = pager.count(QString());
        if (!matching)
            return fail(matching.error());
        out.matching = *matching;
    }
    if (!filtered) {
        out.total = out.matching;
        pager.setKnownRowCount(out.total);
    } else {
        if (superseded()) {
            out.superseded = true;
            return out;
        }
        auto total = pager.count(QString());
        if (!total)
            return fail(total.error());
        out.total = *total;
    }
    for (const qint64 page : pages) {
        if (superseded()) {
            out.superseded = true;
            return out;
        }
        if (page * kPageSize >= out.matching)
            continue;
        auto rows = out.rowIds
            ? pager.rowsById(out.rowIds->mid(page * kPageSize, kPageSize))
            : pager.page(page * kPageSize, kPageSize, sortColumn, query.order, query.filter);
        if (!rows)
            return fail(rows.error());
        out.pages.insert(page, std::move(rows.value()));
    }
    return out;
}

void PagedTableModel::onLoadFinished()
{
    if (m_loadWatcher.future().resultCount() == 0)
        return;
    LoadResult result = m_loadWatcher.result();
    if (result.superseded || result.generation != m_generation)
        return; // a newer load is on its way

    if (!result.error.isEmpty()) {
        // Keep what is on screen; say why nothing changed.
        m_error = result.error;
        setLoading(false);
        Q_EMIT errorOccurred(m_error);
        Q_EMIT loaded();
        return;
    }

    beginResetModel();
    m_columns = std::move(result.columns);
    if (m_sortColumn >= m_columns.size())
        m_sortColumn = -1;
    m_matchingRows = result.matching;
    m_totalRows = result.total;
    m_rowIds = std::move(result.rowIds);
    m_error.clear();
    m_cache.clear();
    for (auto it = result.pages.begin(); it != result.pages.end(); ++it)
        m_cache.insert(it.key(), CachedPage { std::move(it.value()), ++m_useClock });
    endResetModel();
    setLoading(false);
    Q_EMIT loaded();
    startNextPage();
}

void PagedTableModel::requestPage(qint64 page) const
{
    if (page == m_lastWanted || page == m_pageInFlight || m_failedPages.contains(page))
        return;
    m_lastWanted = page;
    m_wanted.removeOne(page);
    m_wanted.append(page);
    while (m_wanted.size() > kMaxWantedPages)
        m_wanted.removeFirst();
    if (m_pageScheduled || m_pageJobRunning)
        return;
    // Start after the current paint: one repaint's requests become one queue, newest first.
    m_pageScheduled = true;
    auto* self = const_cast<PagedTableModel*>(this);
    QMetaObject::invokeMethod(
        self,
        [self] {
            self->m_pageScheduled = false;
            self->startNextPage();
        },
        Qt::QueuedConnection);
}

void PagedTableModel::prefetchPage(qint64 page) const
{
    if (page < 0 || page * kPageSize >= m_matchingRows || m_cache.contains(page)
        || page == m_pageInFlight || m_failedPages.contains(page) || m_wanted.contains(page))
        return;
    // Behind every page that is on screen: those are taken from the back of the queue.
    m_wanted.prepend(page);
    while (m_wanted.size() > kMaxWantedPages)
        m_wanted.removeFirst();
    if (m_wanted.constFirst() != page || m_pageScheduled || m_pageJobRunning)
        return;
    m_pageScheduled = true;
    auto* self = const_cast<PagedTableModel*>(this);
    QMetaObject::invokeMethod(
        self,
        [self] {
            self->m_pageScheduled = false;
            self->startNextPage();
        },
        Qt::QueuedConnection);
}

void PagedTableModel::startNextPage()
{
    if (m_pageJobRunning || m_loading || m_columns.isEmpty())
        return;
    while (!m_wanted.isEmpty() && m_cache.contains(m_wanted.constLast()))
        m_wanted.removeLast();
    if (m_wanted.isEmpty())
        return;
    const qint64 page = m_wanted.takeLast();
    m_pageInFlight = page;
    m_pageJobRunning = true;
    const bool byId = m_rowIds != nullptr;
    const QList<qint64> ids = byId ? m_rowIds->mid(page * kPageSize, kPageSize) : QList<qint64>();
    m_pageWatcher.setFuture(QtConcurrent::run(
        &m_pool, &PagedTableModel::fetchPage, currentQuery(), m_job, page, byId, ids));
}

PagedTableModel::PageResult PagedTableModel::fetchPage(
    Query query, Job job, qint64 page, bool byId, QList<qint64> ids)
{
    PageResult out;
    out.generation = query.generation;
    out.page = page;
    if (job->isCancelled()) {
        out.superseded = true;
        return out;
    }
    auto ws = Workspace::open(query.path, Workspace::OpenMode::ReadOnly);
    if (!ws) {
        out.error = ws.error().message;
        return out;
    }
    TablePager pager(*ws, query.table);
    pager.setJobContext(job.get());
    pager.setFilterColumns(query.filterColumns);
    pager.setKnownRowCount(query.totalRows);
    auto columns = pager.columns();
    const int sortColumn = columns && query.sortColumn < columns->size() ? query.sortColumn : -1;
    auto rows = byId
        ? pager.rowsById(ids)
        : pager.page(page * kPageSize, kPageSize, sortColumn, query.order, query.filter);
    if (!rows) {
        if (rows.error().code == ErrorCode::Cancelled)
            out.superseded = true;
        else
            out.error = tr("Cannot read the %1 table: %2").arg(query.table, rows.error().message);
        return out;
    }
    out.rows = std::move(rows.value());
    return out;
}

void PagedTableModel::onPageFinished()
{
    m_pageJobRunning = false;
    if (m_pageWatcher.future().resultCount() > 0) {
        PageResult result = m_pageWatcher.result();
        if (!result.superseded && result.generation == m_generation) {
            m_pageInFlight = -1;
            m_lastWanted = -1;
            if (!result.error.isEmpty()) {
                // Not asked again until the next reload, or every repaint would retry.
                m_failedPages.append(result.page);
                if (result.error != m_error) {
                    m_error = result.error;
                    Q_EMIT errorOccurred(m_error);
                }
            } else {
                insertPage(result.page, std::move(result.rows));
            }
        }
    }
    startNextPage();
}

void PagedTableModel::insertPage(qint64 page, QList<QVariantList> rows)
{
    while (m_cache.size() >= kMaxCachedPages) {
        auto oldest = m_cache.begin();
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        }
        m_cache.erase(oldest);
    }
    const qint64 first = page * kPageSize;
    const qint64 last = std::min<qint64>(first + rows.size(), rowCount()) - 1;
    m_cache.insert(page, CachedPage { std::move(rows), ++m_useClock });
    if (last >= first && !m_columns.isEmpty()) {
        Q_EMIT dataChanged(index(static_cast<int>(first), 0),
            index(static_cast<int>(last), static_cast<int>(m_columns.size()) - 1),
            { Qt::DisplayRole, Qt::ToolTipRole, Qt::UserRole });
    }
}

void PagedTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

int PagedTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return static_cast<int>(std::min<qint64>(m_matchingRows, INT_MAX));
}

int PagedTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant PagedTableModel::displayValue(const QVariant& value, int column) const
{
    if (value.isNull())
        return QString();
    const ColumnInfo& info = m_columns.at(column);
    if (info.type == u"yes/no")
        return value.toLongLong() != 0 ? tr("Yes") : tr("No");
    switch (value.typeId()) {
    case QMetaType::LongLong:
        // No group separators: ids, years and postcodes are integers too.
        return QString::number(value.toLongLong());
    case QMetaType::Double: {
        QLocale locale;
        locale.setNumberOptions(QLocale::OmitGroupSeparator);
        if (isMoneyRole(info.role))
            return locale.toString(value.toDouble(), 'f', 2);
        return locale.toString(value.toDouble(), 'f', QLocale::FloatingPointShortest);
    }
    default: {
        QString text = value.toString();
        // A cell shows one line; the tooltip has the whole value.
        text.replace(QLatin1String("\r\n"), QLatin1String(" "));
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        text.replace(QLatin1Char('\r'), QLatin1Char(' '));
        return text;
    }
    }
}

QVariant PagedTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int column = index.column();
    if (role == Qt::TextAlignmentRole) {
        if (isNumericType(m_columns.at(column).type))
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::UserRole)
        return {};

    const qint64 page = index.row() / kPageSize;
    const auto it = m_cache.find(page);
    if (it == m_cache.end()) {
        if (!m_loading)
            requestPage(page);
        return {};
    }
    it->lastUse = ++m_useClock;
    const qsizetype rowInPage = index.row() % kPageSize;
    // Read the neighbouring page before it scrolls into view, so that no empty rows show.
    if (!m_loading) {
        if (rowInPage >= kPageSize * 3 / 4)
            prefetchPage(page + 1);
        else if (rowInPage < kPageSize / 4 && page > 0)
            prefetchPage(page - 1);
    }
    if (rowInPage >= it->rows.size())
        return {};
    const QVariant value = it->rows.at(rowInPage).value(column);
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(value, column);
    case Qt::UserRole:
        return value;
    case Qt::ToolTipRole:
        if (value.typeId() == QMetaType::QString && value.toString().size() > kTooltipLength)
            return value;
        return {};
    default:
        return {};
    }
}

QVariant PagedTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < rowCount())
            return QString::number(qint64(section) + 1);
        return {};
    }
    if (section < 0 || section >= m_columns.size())
        return {};
    const ColumnInfo& info = m_columns.at(section);
    switch (role) {
    case Qt::DisplayRole:
        return info.name;
    case Qt::ToolTipRole: {
        const auto type = seg::columnTypeFromName(info.type);
        const QString typeName = type ? seg::columnTypeDisplayName(*type) : info.type;
        const auto roleValue = seg::roleFromName(info.role);
        QString tip = QStringLiteral("<b>%1</b><br>").arg(info.name.toHtmlEscaped())
            + tr("Type: %1").arg(typeName.toHtmlEscaped());
        if (roleValue && *roleValue != seg::Role::None)
            tip += QStringLiteral("<br>")
                + tr("Role: %1").arg(seg::roleDisplayName(*roleValue).toHtmlEscaped());
        else
            tip += QStringLiteral("<br>") + tr("Role: none");
        if (!info.sourceColumn.isEmpty() && info.sourceColumn != info.name)
            tip += QStringLiteral("<br>")
                + tr("From the file column \u201c%1\u201d").arg(info.sourceColumn.toHtmlEscaped());
        tip += QStringLiteral("<br><i>") + tr("Click to sort by this column.")
            + QStringLiteral("</i>");
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (isNumericType(info.type))
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    default:
        return {};
    }
}

} // namespace seg::ui
