#include "tablepage.h"

#include "pagedtablemodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QToolButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace seg::ui {

namespace {

// Typing pauses this long before the filter runs: each run may scan the whole table.
constexpr int kFilterDelayMs = 300;
constexpr int kMaxFilterLength = 200;
constexpr int kMinColumnWidth = 60;
constexpr int kMaxColumnWidth = 320;

QString rowsText(qint64 rows)
{
    if (rows == 1)
        return TablePage::tr("1 row");
    return TablePage::tr("%1 rows").arg(QLocale().toString(rows));
}

} // namespace

TablePage::TablePage(const QString& workspacePath, const seg::TableInfo& table, QWidget* parent)
    : QWidget(parent)
    , m_table(table.name)
    , m_model(new PagedTableModel(this))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
    , m_filterDelay(new QTimer(this))
    , m_columnsButton(new QToolButton(this))
    , m_columnsMenu(new QMenu(this))
{
    setObjectName(QStringLiteral("tablePage_%1").arg(table.name));

    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter rows…"));
    m_filter->setToolTip(tr("Shows the rows where any column contains this text (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaxLength(kMaxFilterLength);
    m_filter->setMinimumWidth(280);
    m_filter->setMaximumWidth(420);
    auto* clearFilter = new QAction(m_filter);
    clearFilter->setShortcut(QKeySequence(Qt::Key_Escape));
    clearFilter->setShortcutContext(Qt::WidgetShortcut);
    m_filter->addAction(clearFilter);
    connect(clearFilter, &QAction::triggered, m_filter, &QLineEdit::clear);

    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    connect(m_filterDelay, &QTimer::timeout, this, &TablePage::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        m_busyText = tr("Filtering…");
        m_filterDelay->start();
        updateCountLabel();
    });
    connect(m_filter, &QLineEdit::returnPressed, this, &TablePage::applyFilter);

    m_count->setObjectName(QStringLiteral("rowCountLabel"));
    m_count->setTextFormat(Qt::PlainText);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_view->setObjectName(QStringLiteral("tableView"));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights: the view never measures a million rows.
    QHeaderView* rows = m_view->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    rows->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QHeaderView* header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    // No sort indicator at first: rows stay in the order they were imported.
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this] {
        m_busyText = tr("Sorting…");
        updateCountLabel();
    });

    // Choosing visible columns: a button next to the filter and the header's context menu.
    m_columnsButton->setObjectName(QStringLiteral("columnsButton"));
    m_columnsButton->setText(tr("Columns"));
    m_columnsButton->setToolTip(tr("Choose the columns to show; the filter searches only the "
                                   "columns shown"));
    m_columnsButton->setPopupMode(QToolButton::InstantPopup);
    m_columnsButton->setMenu(m_columnsMenu);
    m_columnsMenu->setObjectName(QStringLiteral("columnsMenu"));
    connect(m_columnsMenu, &QMenu::aboutToShow, this, &TablePage::fillColumnsMenu);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](QPoint pos) {
        fillColumnsMenu();
        m_columnsMenu->popup(header->mapToGlobal(pos));
    });
    m_hidden = QSettings().value(settingsKey()).toStringList();

    connect(m_view, &QTableView::doubleClicked, this, &TablePage::activateRow);
    connect(m_view, &QTableView::activated, this, &TablePage::activateRow);

    connect(m_model, &PagedTableModel::loaded, this, &TablePage::onLoaded);
    connect(m_model, &PagedTableModel::loadingChanged, this, &TablePage::updateCountLabel);
    connect(m_model, &PagedTableModel::errorOccurred, this, &TablePage::errorOccurred);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_filter, 1);
    top->addWidget(m_columnsButton);
    top->addStretch(1);
    top->addWidget(m_count);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    updateCountLabel();
    m_model->setSource(workspacePath, table.name);
}

QString TablePage::displayName(const QString& table)
{
    if (table == u"customers")
        return tr("Customers");
    if (table == u"transactions")
        return tr("Transactions");
    if (table == u"responses")
        return tr("Campaign responses");
    return table;
}

QString TablePage::rowCountText() const { return m_count->text(); }

void TablePage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void TablePage::reload() { m_model->reload(); }

void TablePage::applyFilter()
{
    m_filterDelay->stop();
    m_model->setFilterText(m_filter->text());
    updateCountLabel();
}

void TablePage::onLoaded()
{
    updateCountLabel();
    if (m_loadedOnce)
        return;
    m_loadedOnce = true;
    fitColumns();
    applyHiddenColumns();
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) {
            const QString column = current.isValid()
                ? m_model->columns().value(current.column()).name
                : QString();
            if (column == m_lastColumn)
                return;
            m_lastColumn = column;
            Q_EMIT currentColumnChanged(column);
        });
    Q_EMIT firstLoadFinished();
}

QString TablePage::settingsKey() const
{
    return QStringLiteral("dataBrowser/hiddenColumns/") + m_table;
}

void TablePage::setColumnVisible(const QString& column, bool visible)
{
    if (visible)
        m_hidden.removeAll(column);
    else if (!m_hidden.contains(column))
        m_hidden.append(column);
    QSettings().setValue(settingsKey(), m_hidden);
    applyHiddenColumns();
}

QStringList TablePage::visibleColumns() const
{
    QStringList out;
    for (const ColumnInfo& c : m_model->columns()) {
        if (!m_hidden.contains(c.name))
            out.append(c.name);
    }
    return out;
}

QString TablePage::currentColumn() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->columns().value(current.column()).name : QString();
}

void TablePage::applyHiddenColumns()
{
    const QList<ColumnInfo>& columns = m_model->columns();
    for (int c = 0; c < columns.size(); ++c)
        m_view->setColumnHidden(c, m_hidden.contains(columns.at(c).name));
    // The filter searches what the user sees; with every column shown, all of them.
    const QStringList visible = visibleColumns();
    m_model->setFilterColumns(visible.size() == columns.size() ? QStringList() : visible);
    m_columnsButton->setText(m_hidden.isEmpty() || columns.isEmpty()
            ? tr("Columns")
            : tr("Columns (%1 of %2)").arg(visible.size()).arg(columns.size()));
}

void TablePage::fillColumnsMenu()
{
    m_columnsMenu->clear();
    const QList<ColumnInfo>& columns = m_model->columns();
    const QStringList visible = visibleColumns();
    for (const ColumnInfo& c : columns) {
        QAction* action = m_columnsMenu->addAction(c.name);
        action->setCheckable(true);
        action->setChecked(!m_hidden.contains(c.name));
        // The last visible column cannot be hidden: an empty table explains nothing.
        action->setEnabled(!(visible.size() == 1 && visible.constFirst() == c.name));
        const QString name = c.name;
        connect(action, &QAction::toggled, this,
            [this, name](bool on) { setColumnVisible(name, on); });
    }
    if (!m_hidden.isEmpty()) {
        m_columnsMenu->addSeparator();
        m_columnsMenu->addAction(tr("Show All Columns"), this, [this] {
            m_hidden.clear();
            QSettings().remove(settingsKey());
            applyHiddenColumns();
        });
    }
}

void TablePage::activateRow(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const QList<ColumnInfo>& columns = m_model->columns();
    for (int c = 0; c < columns.size(); ++c) {
        if (columns.at(c).role == u"customer_id" || columns.at(c).name == u"customer_id") {
            const QVariant id = m_model->data(m_model->index(index.row(), c), Qt::DisplayRole);
            if (id.isValid() && !id.toString().isEmpty())
                Q_EMIT customerActivated(id.toString());
            return;
        }
    }
}

void TablePage::fitColumns()
{
    // Sized once, from the header and the first rows; later sorting or filtering must not
    // make columns jump.
    m_view->resizeColumnsToContents();
    QHeaderView* header = m_view->horizontalHeader();
    for (int c = 0; c < header->count(); ++c)
        header->resizeSection(
            c, std::clamp(header->sectionSize(c) + 12, kMinColumnWidth, kMaxColumnWidth));
}

void TablePage::updateCountLabel()
{
    const QString filter = m_model->filterText().trimmed();
    if (m_model->isLoading() || m_filterDelay->isActive()) {
        const bool first = m_model->columns().isEmpty() || m_busyText.isEmpty();
        m_count->setText(first ? tr("Loading…") : m_busyText);
        return;
    }
    if (!m_model->errorMessage().isEmpty() && m_model->columns().isEmpty()) {
        m_count->setText(tr("Could not be read"));
        return;
    }
    if (filter.isEmpty()) {
        m_count->setText(rowsText(m_model->totalRows()));
        return;
    }
    if (m_model->matchingRows() == 0) {
        m_count->setText(tr("No rows match (%1 in all)").arg(rowsText(m_model->totalRows())));
        return;
    }
    m_count->setText(
        tr("%1 of %2")
            .arg(QLocale().toString(m_model->matchingRows()), rowsText(m_model->totalRows())));
}

} // namespace seg::ui
