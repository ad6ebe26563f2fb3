#include "lifecyclepage.h"

#include "chartaxes.h"
#include "jobcontext.h"
#include "messagebar.h"
#include "metricsstore.h"
#include "paretomodel.h"
#include "rfmscoring.h"
#include "sizechart.h"
#include "statuscountmodel.h"
#include "valueformat.h"
#include "workspace.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QVXYModelMapper>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

namespace seg::ui {

LifecyclePage::LifecyclePage(QWidget* parent)
    : QWidget(parent)
    , m_lifecycle(new StatusCountModel(this))
    , m_tiers(new StatusCountModel(this))
    , m_pareto(new ParetoModel(this))
{
    setObjectName(QStringLiteral("lifecyclePage"));
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &LifecyclePage::onFinished);
    m_messages = new MessageBar(this);

    const auto days = [this](const QString& name, const QString& tip) {
        auto* box = new QSpinBox(this);
        box->setObjectName(name);
        box->setRange(1, 36500);
        box->setSuffix(tr(" days"));
        box->setToolTip(tip);
        return box;
    };
    m_newDays = days(QStringLiteral("lifecycleNewDays"),
        tr("New: the first purchase was at most this many days before the analysis date."));
    m_activeDays = days(QStringLiteral("lifecycleActiveDays"),
        tr("Active: the last purchase was at most this many days ago."));
    m_lapsedDays = days(QStringLiteral("lifecycleLapsedDays"),
        tr("Lapsed: the last purchase was longer ago than the active window, but at most this "
           "many days ago. Longer ago is lost."));
    setLifecycleOptions({});
    m_cutoffsEdit = new QLineEdit(QStringLiteral("1; 5; 20"), this);
    m_cutoffsEdit->setObjectName(QStringLiteral("tierCutoffs"));
    m_cutoffsEdit->setToolTip(tr("Value tiers: the top percentages of buyers by revenue, e.g. "
                                 "1; 5; 20 for the top 1 %, 5 % and 20 %."));
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setObjectName(QStringLiteral("lifecycleApply"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setVisible(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    connect(m_apply, &QPushButton::clicked, this, &LifecyclePage::apply);
    connect(m_cancel, &QPushButton::clicked, this, &LifecyclePage::cancel);

    auto* params = new QHBoxLayout;
    params->addWidget(new QLabel(tr("New within"), this));
    params->addWidget(m_newDays);
    params->addWidget(new QLabel(tr("Active within"), this));
    params->addWidget(m_activeDays);
    params->addWidget(new QLabel(tr("Lapsed within"), this));
    params->addWidget(m_lapsedDays);
    params->addSpacing(12);
    params->addWidget(new QLabel(tr("Value tiers, top %:"), this));
    params->addWidget(m_cutoffsEdit);
    params->addWidget(m_apply);
    params->addWidget(m_cancel);
    params->addWidget(m_progress);
    params->addStretch(1);

    const auto chartView = [this](const QString& name) {
        auto* view = new QChartView(this);
        view->setObjectName(name);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(220);
        return view;
    };
    m_statusChart = chartView(QStringLiteral("lifecycleCustomersChart"));
    m_statusRevenueChart = chartView(QStringLiteral("lifecycleRevenueChart"));
    m_tierChart = chartView(QStringLiteral("tierRevenueChart"));
    m_paretoChart = chartView(QStringLiteral("paretoChart"));
    auto* grid = new QGridLayout;
    grid->addWidget(m_statusChart, 0, 0);
    grid->addWidget(m_statusRevenueChart, 0, 1);
    grid->addWidget(m_tierChart, 1, 0);
    grid->addWidget(m_paretoChart, 1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addLayout(params);
    layout->addWidget(m_status);
    layout->addLayout(grid, 1);
    connect(m_lifecycle, &QAbstractItemModel::modelReset, this, &LifecyclePage::rebuildCharts);
    rebuildCharts();
    setWorkspace(QString());
}

LifecyclePage::~LifecyclePage()
{
    if (m_job)
        m_job->cancel();
    m_pool.waitForDone();
}

void LifecyclePage::setWorkspace(const QString& path)
{
    cancel();
    m_path = path;
    m_result.reset();
    m_error.clear();
    m_messages->clear();
    m_tiers->clear();
    m_pareto->setPoints({});
    m_lifecycle->clear();
    m_apply->setEnabled(!path.isEmpty());
}

seg::LifecycleOptions LifecyclePage::lifecycleOptions() const
{
    seg::LifecycleOptions out;
    out.newDays = m_newDays->value();
    out.activeDays = m_activeDays->value();
    out.lapsedDays = m_lapsedDays->value();
    return out;
}

void LifecyclePage::setLifecycleOptions(const seg::LifecycleOptions& options)
{
    m_newDays->setValue(options.newDays);
    m_activeDays->setValue(options.activeDays);
    m_lapsedDays->setValue(options.lapsedDays);
}

std::optional<seg::ValueTierOptions> LifecyclePage::tierOptions() const
{
    static const QRegularExpression separators(QStringLiteral("[\\s;%]+"));
    seg::ValueTierOptions out;
    out.cutoffs.clear();
    const QStringList parts = m_cutoffsEdit->text().split(separators, Qt::SkipEmptyParts);
    for (const QString& p : parts) {
        bool ok = false;
        double v = QLocale().toDouble(p, &ok);
        if (!ok)
            v = p.toDouble(&ok);
        if (!ok)
            return std::nullopt;
        out.cutoffs.append(v);
    }
    return out;
}

void LifecyclePage::setBusy(bool busy, const QString& text)
{
    m_busy = busy;
    m_apply->setEnabled(!busy && !m_path.isEmpty());
    m_cancel->setVisible(busy);
    m_progress->setVisible(busy);
    m_status->setText(text);
}

void LifecyclePage::cancel()
{
    ++m_generation;
    if (m_job)
        m_job->cancel();
    m_job.reset();
    if (m_busy) {
        setBusy(false, tr("Cancelled."));
        Q_EMIT computed();
    }
}

void LifecyclePage::apply()
{
    if (m_path.isEmpty())
        return;
    const auto tiers = tierOptions();
    if (!tiers) {
        m_error = tr("The value tier cut-offs are percentages separated by semicolons, e.g. 1; "
                     "5; 20.");
        m_messages->showError(tr("The cut-offs cannot be read."), m_error);
        Q_EMIT computed();
        return;
    }
    if (m_job)
        m_job->cancel();
    m_messages->clear();
    m_error.clear();
    const quint64 generation = ++m_generation;
    m_job = std::make_shared<seg::JobContext>();
    setBusy(true, tr("Computing the statuses…"));
    m_watcher.setFuture(QtConcurrent::run(
        &m_pool, &LifecyclePage::run, m_path, lifecycleOptions(), *tiers, generation, m_job));
}

LifecyclePage::Outcome LifecyclePage::run(const QString& path,
    const seg::LifecycleOptions& lifecycle, const seg::ValueTierOptions& tiers, quint64 generation,
    const Job& job)
{
    Outcome out;
    out.generation = generation;
    out.cutoffs = tiers.cutoffs;
    const auto fail = [&out](const seg::Error& e) {
        if (e.code == seg::ErrorCode::Cancelled)
            out.cancelled = true;
        else
            out.error = e.message;
        return out;
    };
    try {
        auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadWrite);
        if (!ws)
            return fail(ws.error());
        auto date = seg::RfmScoring::ensureMetrics(*ws, QDate(), *job);
        if (!date)
            return fail(date.error());
        auto metrics = seg::MetricsStore::readMetrics(*ws, *job);
        if (!metrics)
            return fail(metrics.error());
        auto result = seg::CustomerStatus::computeAndStore(*ws, *metrics, lifecycle, tiers, *job);
        if (!result)
            return fail(result.error());
        out.result = std::move(result.value());
    } catch (const std::exception& e) {
        out.error
            = tr("The statuses could not be computed: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    return out;
}

void LifecyclePage::onFinished()
{
    if (m_watcher.future().resultCount() == 0)
        return;
    const Outcome outcome = m_watcher.result();
    if (outcome.generation != m_generation)
        return;
    m_job.reset();
    if (outcome.cancelled) {
        setBusy(false, tr("Cancelled."));
    } else if (!outcome.result) {
        m_error = outcome.error;
        setBusy(false, QString());
        m_messages->showError(tr("The statuses could not be computed."), outcome.error);
    } else {
        m_result = outcome.result;
        m_cutoffs = outcome.cutoffs;
        m_tiers->setRows(outcome.result->tiers);
        m_pareto->setPoints(outcome.result->pareto);
        // Last: the charts are rebuilt on this reset, when all models are up to date.
        m_lifecycle->setRows(outcome.result->lifecycle);
        setBusy(false, tr("Statuses and tiers computed and stored in the workspace."));
    }
    Q_EMIT computed();
}

void LifecyclePage::rebuildCharts()
{
    const auto replace = [](QChartView* view, QChart* chart) {
        QChart* old = view->chart();
        view->setChart(chart);
        delete old;
    };
    replace(m_statusChart,
        sizechart::horizontalBars(m_lifecycle, StatusCountModel::NameColumn,
            StatusCountModel::RawCustomersColumn, tr("Customers per lifecycle status"),
            QColor(0x2f, 0x6f, 0xb3), false));
    replace(m_statusRevenueChart,
        sizechart::horizontalBars(m_lifecycle, StatusCountModel::NameColumn,
            StatusCountModel::RawRevenueColumn, tr("Revenue per lifecycle status"),
            QColor(0x3a, 0x9a, 0x5b), true));
    replace(m_tierChart,
        sizechart::horizontalBars(m_tiers, StatusCountModel::NameColumn,
            StatusCountModel::RawRevenueColumn, tr("Revenue per value tier"),
            QColor(0x8c, 0x56, 0x4b), true));

    QChart* pareto = chartaxes::compactChart();
    pareto->setTitle(tr("Share of revenue from the top buyers"));
    if (m_pareto->rowCount() > 0) {
        auto* line = new QLineSeries;
        line->setName(tr("Revenue share"));
        auto* mapper = new QVXYModelMapper(line);
        mapper->setXColumn(ParetoModel::BuyersColumn);
        mapper->setYColumn(ParetoModel::RevenueColumn);
        mapper->setModel(m_pareto);
        mapper->setSeries(line);
        pareto->addSeries(line);
        // The tier cut-offs: where the top 1 %, 5 %, 20 % of buyers are on the curve.
        auto* marks = new QScatterSeries;
        marks->setName(tr("Tier cut-offs"));
        marks->setMarkerSize(9);
        // Said in the title: point labels of neighbouring cut-offs overlap.
        QStringList said;
        for (const double c : std::as_const(m_cutoffs)) {
            const double share = m_pareto->revenueAt(c);
            marks->append(c, share);
            said.append(tr("top %1 % of buyers %2")
                            .arg(valueformat::number(c, 1), valueformat::share(share / 100.0)));
        }
        pareto->setTitle(tr("Share of revenue: %1").arg(said.join(QStringLiteral(", "))));
        pareto->addSeries(marks);
        auto* x = new QValueAxis;
        x->setRange(0, 100);
        x->setLabelFormat(QStringLiteral("%.0f %%"));
        x->setTitleText(tr("Share of buyers, highest revenue first"));
        auto* y = new QValueAxis;
        y->setRange(0, 100);
        y->setLabelFormat(QStringLiteral("%.0f %%"));
        y->setTitleText(tr("Share of revenue"));
        pareto->addAxis(x, Qt::AlignBottom);
        pareto->addAxis(y, Qt::AlignLeft);
        for (QAbstractSeries* s :
            { static_cast<QAbstractSeries*>(line), static_cast<QAbstractSeries*>(marks) }) {
            s->attachAxis(x);
            s->attachAxis(y);
        }
    }
    replace(m_paretoChart, pareto);
}

} // namespace seg::ui
