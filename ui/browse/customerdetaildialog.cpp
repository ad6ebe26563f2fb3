#include "customerdetaildialog.h"

#include "chartaxes.h"
#include "customertransactionsmodel.h"
#include "jobcontext.h"
#include "monthlyrevenuemodel.h"
#include "valueformat.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDate>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTableView>
#include <QToolTip>
#include <QVBarModelMapper>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace seg::ui {

namespace {

enum Page { BusyPage, ContentPage, ErrorPage };
constexpr int kPixelsPerMonthLabel = 76;

QLabel* valueLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

CustomerDetailDialog::CustomerDetailDialog(
    const QString& workspacePath, const QString& customerId, QWidget* parent)
    : QDialog(parent)
    , m_customerId(customerId.trimmed())
    , m_header(new QLabel(this))
    , m_subheader(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_revenue(new MonthlyRevenueModel(this))
    , m_transactions(new CustomerTransactionsModel(this))
    , m_job(std::make_shared<seg::JobContext>())
{
    setObjectName(QStringLiteral("customerDetailDialog"));
    setWindowTitle(tr("Customer %1").arg(m_customerId));
    setSizeGripEnabled(true);
    resize(900, 650);
    m_pool.setMaxThreadCount(1);

    m_header->setObjectName(QStringLiteral("customerHeader"));
    m_header->setTextFormat(Qt::PlainText);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.3);
    m_header->setFont(headerFont);
    m_header->setText(tr("Customer %1").arg(m_customerId));
    m_subheader->setObjectName(QStringLiteral("customerSubheader"));
    m_subheader->setTextFormat(Qt::PlainText);
    m_subheader->setForegroundRole(QPalette::PlaceholderText);
    m_subheader->setText(tr("Loading…"));

    // Busy page.
    auto* busy = new QWidget(m_pages);
    auto* busyLabel = new QLabel(tr("Reading the customer's data…"), busy);
    busyLabel->setAlignment(Qt::AlignCenter);
    auto* progress = new QProgressBar(busy);
    progress->setRange(0, 0);
    progress->setTextVisible(false);
    progress->setMaximumWidth(240);
    progress->setMaximumHeight(8);
    auto* busyLayout = new QVBoxLayout(busy);
    busyLayout->addStretch(1);
    busyLayout->addWidget(busyLabel);
    busyLayout->addWidget(progress, 0, Qt::AlignHCenter);
    busyLayout->addStretch(2);
    m_pages->addWidget(busy);
    m_pages->addWidget(buildContent());
    m_errorLabel = new QLabel(m_pages);
    m_errorLabel->setObjectName(QStringLiteral("customerError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setAlignment(Qt::AlignCenter);
    m_pages->addWidget(m_errorLabel);
    m_pages->setCurrentIndex(BusyPage);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_subheader);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);

    connect(&m_watcher, &QFutureWatcherBase::finished, this, &CustomerDetailDialog::onFinished);
    connect(m_revenue, &QAbstractItemModel::modelReset, this, &CustomerDetailDialog::rebuildChart);
    m_watcher.setFuture(QtConcurrent::run(
        &m_pool, &CustomerDetailDialog::load, workspacePath, m_customerId, m_job));
}

CustomerDetailDialog::~CustomerDetailDialog()
{
    m_job->cancel();
    m_pool.waitForDone();
}

QWidget* CustomerDetailDialog::buildContent()
{
    auto* content = new QWidget(m_pages);

    // Left: attributes, scrolling when there are many.
    auto* attributesBox = new QGroupBox(tr("Attributes"), content);
    auto* attributesWidget = new QWidget;
    m_attributes = new QFormLayout(attributesWidget);
    m_attributes->setLabelAlignment(Qt::AlignRight);
    m_attributes->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_attributes->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* scroll = new QScrollArea(attributesBox);
    scroll->setObjectName(QStringLiteral("attributesArea"));
    scroll->setWidget(attributesWidget);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* attributesLayout = new QVBoxLayout(attributesBox);
    attributesLayout->setContentsMargins(4, 4, 4, 4);
    attributesLayout->addWidget(scroll);

    auto* totalsBox = new QGroupBox(tr("Purchases"), content);
    m_totals = new QFormLayout(totalsBox);
    m_totals->setLabelAlignment(Qt::AlignRight);

    auto* left = new QVBoxLayout;
    left->addWidget(totalsBox);
    left->addWidget(attributesBox, 1);

    // Right: revenue per month, then the transactions.
    m_chartCaption = new QLabel(tr("Revenue per month"), content);
    QFont bold = m_chartCaption->font();
    bold.setBold(true);
    m_chartCaption->setFont(bold);
    m_chart = chartaxes::compactChart();
    m_chartView = new QChartView(m_chart, content);
    m_chartView->setObjectName(QStringLiteral("revenueChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(200);

    m_transactionsCaption = new QLabel(tr("Transactions"), content);
    m_transactionsCaption->setFont(bold);
    m_table = new QTableView(content);
    m_table->setObjectName(QStringLiteral("transactionsView"));
    m_table->setModel(m_transactions);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);

    auto* right = new QVBoxLayout;
    right->addWidget(m_chartCaption);
    right->addWidget(m_chartView, 4);
    right->addWidget(m_transactionsCaption);
    right->addWidget(m_table, 5);

    auto* layout = new QHBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left, 2);
    layout->addLayout(right, 3);
    return content;
}

CustomerDetailDialog::Outcome CustomerDetailDialog::load(
    const QString& path, const QString& customerId, const Job& job)
{
    Outcome out;
    try {
        auto detail = seg::CustomerDetailQuery::read(path, customerId, *job);
        if (detail)
            out.detail = std::move(detail.value());
        else if (detail.error().code == seg::ErrorCode::Cancelled)
            out.cancelled = true;
        else
            out.error = detail.error().message;
    } catch (const std::exception& e) {
        out.error = tr("The customer could not be read: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    return out;
}

void CustomerDetailDialog::done(int result)
{
    m_job->cancel();
    QDialog::done(result);
}

void CustomerDetailDialog::onFinished()
{
    if (m_watcher.future().resultCount() == 0)
        return;
    const Outcome outcome = m_watcher.result();
    if (outcome.cancelled)
        return;
    m_loading = false;
    if (outcome.detail) {
        showDetail(*outcome.detail);
    } else {
        m_error = outcome.error;
        m_subheader->setText(tr("Could not be read"));
        m_errorLabel->setText(tr("The customer could not be shown.\n%1").arg(m_error));
        m_pages->setCurrentIndex(ErrorPage);
    }
    Q_EMIT detailReady();
}

void CustomerDetailDialog::showDetail(const seg::CustomerDetail& detail)
{
    m_detail = detail;
    QString name;
    QStringList facts;
    while (m_attributes->rowCount() > 0)
        m_attributes->removeRow(0);
    for (const seg::CustomerAttribute& a : detail.attributes) {
        if (a.column.role == u"customer_id")
            continue;
        const QString text = valueformat::stored(a.value, a.column.type, a.column.role);
        if (a.column.name == u"name" && !text.isEmpty())
            name = text;
        auto* label = new QLabel(valueformat::columnTitle(a.column) + QLatin1Char(':'));
        label->setForegroundRole(QPalette::PlaceholderText);
        label->setToolTip(tr("Column %1 (%2)")
                              .arg(a.column.name, valueformat::typeName(a.column.type).toLower()));
        QLabel* value = valueLabel(text.isEmpty() ? tr("(empty)") : text, nullptr);
        if (text.isEmpty())
            value->setForegroundRole(QPalette::PlaceholderText);
        m_attributes->addRow(label, value);
    }
    if (detail.attributes.isEmpty()) {
        m_attributes->addRow(valueLabel(detail.inCustomersTable
                ? tr("No attributes.")
                : tr("This customer is not in the customers table; only transactions are known."),
            nullptr));
    }

    m_header->setText(name.isEmpty() ? tr("Customer %1").arg(detail.customerId)
                                     : tr("%1 (%2)").arg(name, detail.customerId));
    if (!detail.hasTransactionsTable)
        facts.append(tr("The workspace has no transactions yet."));
    else if (detail.totals.orders == 0 && detail.totals.transactionRows == 0)
        facts.append(tr("No purchases."));
    else if (detail.totals.lastPurchase)
        facts.append(tr("Last purchase %1").arg(valueformat::day(*detail.totals.lastPurchase)));
    m_subheader->setText(facts.join(QStringLiteral(" · ")));

    showTotals(detail);
    const qint64 rows = detail.totals.transactionRows;
    QString caption
        = rows == 1 ? tr("1 transaction") : tr("%1 transactions").arg(valueformat::count(rows));
    if (detail.transactionsTruncated)
        caption = tr("%1 (the first %2 are listed)")
                      .arg(caption, valueformat::count(detail.transactions.size()));
    m_transactionsCaption->setText(caption);
    const bool any = detail.hasTransactionsTable && rows > 0;
    m_chartCaption->setVisible(any);
    m_chartView->setVisible(any);
    m_transactionsCaption->setVisible(detail.hasTransactionsTable);
    m_table->setVisible(any);
    m_revenue->setMonths(detail.months);
    m_transactions->setTransactions(detail.transactionColumns, detail.transactions);
    m_table->resizeColumnsToContents();
    m_pages->setCurrentIndex(ContentPage);
}

void CustomerDetailDialog::showTotals(const seg::CustomerDetail& detail)
{
    while (m_totals->rowCount() > 0)
        m_totals->removeRow(0);
    const seg::CustomerTotals& t = detail.totals;
    auto add = [this](const QString& caption, const QString& value, const QString& tip,
                   const QString& objectName) {
        auto* label = new QLabel(caption);
        label->setForegroundRole(QPalette::PlaceholderText);
        label->setToolTip(tip);
        QLabel* field = valueLabel(value, nullptr);
        field->setObjectName(objectName);
        field->setToolTip(tip);
        QFont font = field->font();
        font.setBold(true);
        field->setFont(font);
        m_totals->addRow(label, field);
    };
    if (!detail.hasTransactionsTable) {
        m_totals->addRow(valueLabel(tr("Import transactions to see purchases."), nullptr));
        return;
    }
    add(tr("Orders:"), valueformat::count(t.orders),
        tr("Distinct order ids whose amounts add up to more than zero (a pure return is no "
           "order). Without order ids, distinct purchase days."),
        QStringLiteral("ordersValue"));
    add(tr("Revenue:"), valueformat::money(t.revenue),
        tr("The sum of all amounts, returns included."), QStringLiteral("revenueValue"));
    add(tr("Average order:"),
        t.averageOrderValue ? valueformat::money(*t.averageOrderValue) : tr("–"),
        tr("Revenue divided by the number of orders."), QStringLiteral("averageOrderValue"));
    add(tr("First purchase:"), t.firstPurchase ? valueformat::day(*t.firstPurchase) : tr("–"),
        tr("The day of the first order."), QStringLiteral("firstPurchaseValue"));
    add(tr("Last purchase:"), t.lastPurchase ? valueformat::day(*t.lastPurchase) : tr("–"),
        tr("The day of the latest order."), QStringLiteral("lastPurchaseValue"));
}

void CustomerDetailDialog::rebuildChart()
{
    // A fresh chart each time: removed axes linger on screen until deferred deletes run.
    QChart* old = m_chart;
    m_chart = chartaxes::compactChart();
    m_chartView->setChart(m_chart);
    delete old;
    const int rows = m_revenue->rowCount();
    if (rows == 0)
        return;
    auto* series = new QBarSeries;
    series->setBarWidth(0.8);
    auto* mapper = new QVBarModelMapper(series);
    mapper->setFirstBarSetColumn(MonthlyRevenueModel::RevenueColumn);
    mapper->setLastBarSetColumn(MonthlyRevenueModel::RevenueColumn);
    mapper->setModel(m_revenue);
    mapper->setSeries(series);
    const QColor color(0x2f, 0x6f, 0xb3);
    const QList<QBarSet*> sets = series->barSets();
    for (QBarSet* set : sets) {
        set->setColor(color);
        set->setBorderColor(color);
    }
    connect(series, &QAbstractBarSeries::hovered, this, [this](bool on, int index, QBarSet*) {
        if (!on) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(),
            m_revenue
                ->data(m_revenue->index(index, MonthlyRevenueModel::MonthColumn), Qt::ToolTipRole)
                .toString(),
            m_chartView);
    });
    m_chart->addSeries(series);

    // Month labels every 1, 2, 3, 6 or 12 months, on round months (January, April ...).
    // While the busy page is up the view has no real width yet: it gets three fifths of the
    // dialog's.
    const int viewWidth = m_chartView->isVisible() && m_chartView->width() > 100
        ? m_chartView->width()
        : width() * 3 / 5;
    const int plotWidth = std::max(200, viewWidth - 60);
    const int maxLabels = std::max(2, plotWidth / kPixelsPerMonthLabel);
    int stride = 12;
    for (const int s : { 1, 2, 3, 6, 12 }) {
        if ((rows + s - 1) / s <= maxLabels) {
            stride = s;
            break;
        }
    }
    while ((rows + stride - 1) / stride > maxLabels)
        stride += 12;
    QStringList labels;
    QList<double> positions;
    for (int r = 0; r < rows; ++r) {
        const QModelIndex month = m_revenue->index(r, MonthlyRevenueModel::MonthColumn);
        const QDate first = month.data(MonthlyRevenueModel::MonthDateRole).toDate();
        const int monthIndex = first.year() * 12 + first.month() - 1;
        if (monthIndex % stride != 0 && !(rows <= stride && r == 0))
            continue;
        labels.append(month.data(MonthlyRevenueModel::ShortLabelRole).toString());
        positions.append(r);
    }
    auto* x = chartaxes::positionAxis(rows, labels, positions, rows);
    auto* y = chartaxes::valueAxis(m_revenue->minRevenue(), m_revenue->maxRevenue(), 4, false);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace seg::ui
