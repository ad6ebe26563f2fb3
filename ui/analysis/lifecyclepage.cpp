#include "lifecyclepage.h"

#include "chartaxes.h"
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

namespace seg::ui {

namespace {

// Cut-offs as the field shows them: shortest exact form, "; " between.
QString cutoffsText(const QList<double>& cutoffs)
{
    const QLocale locale;
    QStringList parts;
    for (double c : cutoffs)
        parts.append(locale.toString(c, 'g', QLocale::FloatingPointShortest));
    return parts.join(QStringLiteral("; "));
}

} // namespace

LifecyclePage::LifecyclePage(QWidget* parent)
    : QWidget(parent)
    , m_lifecycle(new StatusCountModel(this))
    , m_tiers(new StatusCountModel(this))
    , m_pareto(new ParetoModel(this))
{
    setObjectName(QStringLiteral("lifecyclePage"));
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
    m_cancel->setObjectName(QStringLiteral("lifecycleCancel"));
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_jobs.setIndicators(m_progress, m_cancel);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("lifecycleStatus"));
    m_origin = new QLabel(this);
    m_origin->setObjectName(QStringLiteral("lifecycleSettingsOrigin"));
    m_origin->setWordWrap(true);
    m_reset = new QPushButton(tr("Reset to defaults"), this);
    m_reset->setObjectName(QStringLiteral("lifecycleResetDefaults"));
    m_reset->setToolTip(tr("New within 90 days, active within 365, lapsed within 730; value tiers "
                           "top 1 %, 5 % and 20 %. Press Apply to apply them."));
    connect(m_reset, &QPushButton::clicked, this, &LifecyclePage::resetToDefaults);
    connect(m_apply, &QPushButton::clicked, this, &LifecyclePage::apply);
    connect(m_cancel, &QPushButton::clicked, this, &LifecyclePage::cancel);

    // The settings, disabled while the stored ones are read.
    m_settingsBox = new QWidget(this);
    auto* settings = new QHBoxLayout(m_settingsBox);
    settings->setContentsMargins(0, 0, 0, 0);
    settings->addWidget(new QLabel(tr("New within"), m_settingsBox));
    settings->addWidget(m_newDays);
    settings->addWidget(new QLabel(tr("Active within"), m_settingsBox));
    settings->addWidget(m_activeDays);
    settings->addWidget(new QLabel(tr("Lapsed within"), m_settingsBox));
    settings->addWidget(m_lapsedDays);
    settings->addSpacing(12);
    settings->addWidget(new QLabel(tr("Value tiers, top %:"), m_settingsBox));
    settings->addWidget(m_cutoffsEdit);
    auto* params = new QHBoxLayout;
    params->addWidget(m_settingsBox);
    params->addWidget(m_apply);
    params->addWidget(m_cancel);
    params->addWidget(m_progress);
    params->addStretch(1);
    auto* settingsRow = new QHBoxLayout;
    settingsRow->addWidget(m_origin, 1);
    settingsRow->addWidget(m_reset);

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
    layout->addLayout(settingsRow);
    layout->addWidget(m_status);
    layout->addLayout(grid, 1);
    connect(m_lifecycle, &QAbstractItemModel::modelReset, this, &LifecyclePage::rebuildCharts);
    for (QSpinBox* box : { m_newDays, m_activeDays, m_lapsedDays })
        connect(box, &QSpinBox::valueChanged, this, &LifecyclePage::updateOrigin);
    connect(m_cutoffsEdit, &QLineEdit::textChanged, this, &LifecyclePage::updateOrigin);
    rebuildCharts();
    setWorkspace(QString());
}

LifecyclePage::~LifecyclePage() = default;

void LifecyclePage::setWorkspace(const QString& path)
{
    cancel();
    m_jobs.cancel();
    m_loading = false;
    m_path = path;
    m_result.reset();
    m_error.clear();
    m_messages->clear();
    m_tiers->clear();
    m_pareto->setPoints({});
    m_lifecycle->clear();
    m_stored = seg::StatusOptions();
    m_storedUnreadable = false;
    setBusy(false, QString());
    if (path.isEmpty()) {
        updateOrigin();
        return;
    }
    // The stored settings are read in the background: opening the file may wait for a lock.
    m_loading = true;
    setBusy(false, tr("Reading the settings stored in the workspace…"));
    updateOrigin();
    m_jobs.start(
        [path](seg::JobContext&) -> seg::Result<seg::StatusOptions> {
            auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
            if (!ws)
                return ws.error();
            return seg::CustomerStatus::storedOptions(*ws);
        },
        [this](const JobOutcome<seg::StatusOptions>& outcome) { onLoaded(outcome); });
}

void LifecyclePage::onLoaded(const JobOutcome<seg::StatusOptions>& outcome)
{
    m_loading = false;
    m_stored = outcome.value ? *outcome.value : seg::StatusOptions();
    m_storedUnreadable = !outcome.value && !outcome.cancelled;
    setLifecycleOptions(m_stored.lifecycle);
    setTierOptions(m_stored.tiers);
    setBusy(false, QString());
    if (!outcome.value && !outcome.cancelled)
        m_messages->showMessage(MessageBar::Kind::Warning,
            tr("The lifecycle and value settings stored in the workspace cannot be read."),
            tr("%1 The page shows the default settings; Apply stores them.").arg(outcome.error));
    updateOrigin();
    Q_EMIT settingsLoaded();
    if (m_pendingApply) {
        m_pendingApply = false;
        apply();
    }
}

bool LifecyclePage::showsStoredSettings() const
{
    const seg::LifecycleOptions windows = lifecycleOptions();
    const auto tiers = tierOptions();
    return tiers && tiers->cutoffs == m_stored.tiers.cutoffs
        && windows.newDays == m_stored.lifecycle.newDays
        && windows.activeDays == m_stored.lifecycle.activeDays
        && windows.lapsedDays == m_stored.lifecycle.lapsedDays;
}

void LifecyclePage::resetToDefaults()
{
    setLifecycleOptions({});
    setTierOptions({});
    if (!m_path.isEmpty() && !showsStoredSettings() && !isBusy())
        m_status->setText(tr("Default settings restored."));
}

void LifecyclePage::updateOrigin()
{
    m_settingsBox->setEnabled(!m_loading);
    m_reset->setEnabled(!m_loading);
    if (m_path.isEmpty() || m_loading) {
        m_origin->clear();
        m_origin->setStyleSheet(QString());
        return;
    }
    if (showsStoredSettings()) {
        if (m_storedUnreadable)
            m_origin->setText(tr("Showing the default windows and tiers: the stored ones cannot "
                                 "be read. Apply stores these."));
        else
            m_origin->setText(m_stored.stored
                    ? tr("Showing the windows and tiers stored in the workspace: segment rules on "
                         "lifecycle status and value tier use them.")
                    : tr("Showing the default windows and tiers: none are stored in the workspace "
                         "yet."));
        m_origin->setStyleSheet(QString());
        return;
    }
    m_origin->setText(tr("Changed settings, not applied yet: segment rules use the settings "
                         "stored in the workspace until you press Apply."));
    m_origin->setStyleSheet(QStringLiteral("color: #9c5700;"));
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

void LifecyclePage::setTierOptions(const seg::ValueTierOptions& options)
{
    m_cutoffsEdit->setText(cutoffsText(options.cutoffs));
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
    m_apply->setEnabled(!busy && !m_path.isEmpty());
    m_status->setText(text);
}

void LifecyclePage::cancel()
{
    if (m_pendingApply) {
        // Nothing runs yet: the settings are still being read, and may go on being read.
        m_pendingApply = false;
        setBusy(false, tr("Cancelled."));
        Q_EMIT computed();
        return;
    }
    const bool loading = m_loading;
    if (!m_jobs.cancel())
        return;
    if (loading) {
        m_loading = false;
        setBusy(
            false, tr("Reading the stored settings was cancelled; the page shows the defaults."));
        updateOrigin();
        return;
    }
    setBusy(false, tr("Cancelled."));
    Q_EMIT computed();
}

void LifecyclePage::apply()
{
    if (m_path.isEmpty())
        return;
    if (m_loading) {
        // Applied with the stored settings once they are in the controls.
        m_pendingApply = true;
        setBusy(true, tr("Reading the settings stored in the workspace…"));
        return;
    }
    const auto tiers = tierOptions();
    if (!tiers) {
        m_error = tr("The value tier cut-offs are percentages separated by semicolons, e.g. 1; "
                     "5; 20.");
        m_messages->showError(tr("The cut-offs cannot be read."), m_error);
        Q_EMIT computed();
        return;
    }
    m_messages->clear();
    m_error.clear();
    seg::StatusOptions applied;
    applied.lifecycle = lifecycleOptions();
    applied.tiers = *tiers;
    applied.stored = true;
    m_jobs.start(
        [path = m_path, applied](
            seg::JobContext& job) { return run(path, applied.lifecycle, applied.tiers, job); },
        [this, applied](const JobOutcome<Outcome>& outcome) { onFinished(outcome, applied); });
    setBusy(true, tr("Computing the statuses…"));
}

seg::Result<LifecyclePage::Outcome> LifecyclePage::run(const QString& path,
    const seg::LifecycleOptions& lifecycle, const seg::ValueTierOptions& tiers,
    seg::JobContext& job)
{
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadWrite);
    if (!ws)
        return ws.error();
    // Damaged stored options would stop the metrics from being brought up to date (statuses
    // follow the metrics): replace them first.
    if (auto stored = seg::CustomerStatus::storedOptions(*ws); !stored) {
        if (auto r = seg::CustomerStatus::storeOptions(*ws, lifecycle, tiers); !r)
            return r.error();
    }
    // The analysis date the workspace uses (chosen on the RFM page or with segwb), kept as it is.
    auto chosen = seg::RfmScoring::storedAnalysisDate(*ws);
    if (!chosen)
        return chosen.error();
    auto date = seg::RfmScoring::ensureMetrics(*ws, *chosen, job);
    if (!date)
        return date.error();
    auto metrics = seg::MetricsStore::readMetrics(*ws, job);
    if (!metrics)
        return metrics.error();
    auto result = seg::CustomerStatus::computeAndStore(*ws, *metrics, lifecycle, tiers, job);
    if (!result)
        return result.error();
    return Outcome { std::move(result.value()), *date };
}

void LifecyclePage::onFinished(
    const JobOutcome<Outcome>& outcome, const seg::StatusOptions& applied)
{
    if (outcome.cancelled) {
        setBusy(false, tr("Cancelled."));
    } else if (!outcome.value) {
        m_error = outcome.error;
        setBusy(false, QString());
        m_messages->showError(tr("The statuses could not be computed."), outcome.error);
    } else {
        // The statuses were stored with these settings: rules now use them.
        m_stored = applied;
        m_storedUnreadable = false;
        updateOrigin();
        const seg::CustomerStatusResult& r = outcome.value->result;
        m_result = r;
        m_cutoffs = applied.tiers.cutoffs;
        m_tiers->setRows(r.tiers);
        m_pareto->setPoints(r.pareto);
        // Last: the charts are rebuilt on this reset, when all models are up to date.
        m_lifecycle->setRows(r.lifecycle);
        setBusy(false,
            tr("Analysis date %1: statuses and tiers computed and stored in the workspace.")
                .arg(valueformat::day(outcome.value->analysisDate)));
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
            said.append(tr("top %1 %: %2")
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
