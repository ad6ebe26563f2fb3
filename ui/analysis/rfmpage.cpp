#include "rfmpage.h"

#include "fieldcatalog.h"
#include "messagebar.h"
#include "metricsstore.h"
#include "rfmbinsmodel.h"
#include "rfmmapmodel.h"
#include "rfmscoring.h"
#include "rulesqlcompiler.h"
#include "segmentrule.h"
#include "segmentstore.h"
#include "sizechart.h"
#include "statuscountmodel.h"
#include "valueformat.h"
#include "workspace.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace seg::ui {

namespace {

// Colours of saved RFM segments, in map order.
const char* const kSegmentColours[] = { "#1f77b4", "#2ca02c", "#17becf", "#9467bd", "#bcbd22",
    "#ff7f0e", "#8c564b", "#d62728", "#e377c2", "#7f7f7f", "#393b79", "#637939" };

QLabel* caption(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

// Numbers separated by spaces or semicolons (and commas where the locale's decimal separator is
// not a comma); nothing for an unreadable number.
std::optional<std::vector<double>> parseNumbers(const QString& text)
{
    const QLocale locale;
    const bool commaSeparates = locale.decimalPoint() != QStringLiteral(",");
    static const QRegularExpression withComma(QStringLiteral("[\\s;,]+"));
    static const QRegularExpression withoutComma(QStringLiteral("[\\s;]+"));
    const QStringList parts
        = text.split(commaSeparates ? withComma : withoutComma, Qt::SkipEmptyParts);
    std::vector<double> out;
    for (const QString& p : parts) {
        bool ok = false;
        double v = locale.toDouble(p, &ok);
        if (!ok)
            v = p.toDouble(&ok);
        if (!ok)
            return std::nullopt;
        out.push_back(v);
    }
    return out;
}

// Cut points as the threshold fields show them: shortest exact form, "; " between.
QString numbersText(const std::vector<double>& values)
{
    const QLocale locale;
    QStringList parts;
    for (double v : values)
        parts.append(locale.toString(v, 'g', QLocale::FloatingPointShortest));
    return parts.join(QStringLiteral("; "));
}

bool sameOptions(const seg::RfmOptions& a, const seg::RfmOptions& b)
{
    return a.bins == b.bins && a.recencyThresholds == b.recencyThresholds
        && a.frequencyThresholds == b.frequencyThresholds
        && a.monetaryThresholds == b.monetaryThresholds && a.map.toJson() == b.map.toJson();
}

} // namespace

RfmPage::RfmPage(QWidget* parent)
    : QWidget(parent)
    , m_bins(new RfmBinsModel(this))
    , m_heatmap(new RfmHeatmapModel(this))
    , m_segments(new StatusCountModel(this))
    , m_map(new RfmMapModel(this))
    , m_members(new QStringListModel(this))
{
    setObjectName(QStringLiteral("rfmPage"));

    m_messages = new MessageBar(this);

    // Parameters.
    m_binsBox = new QComboBox(this);
    m_binsBox->setObjectName(QStringLiteral("rfmBins"));
    m_binsBox->addItem(tr("3 (terciles)"), 3);
    m_binsBox->addItem(tr("4 (quartiles)"), 4);
    m_binsBox->addItem(tr("5 (quintiles)"), 5);
    m_binsBox->setCurrentIndex(2);
    m_binsBox->setToolTip(tr("How many score levels each of R, F and M has. The thresholds split "
                             "the customers into groups of equal size."));
    m_custom = new QCheckBox(tr("Own thresholds"), this);
    m_custom->setObjectName(QStringLiteral("rfmCustom"));
    m_custom->setToolTip(tr("Give the cut points yourself instead of equal-sized groups. Leave a "
                            "field empty to keep equal-sized groups for that dimension."));
    const auto thresholdEdit = [this](const QString& name, const QString& tip) {
        auto* edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setPlaceholderText(tr("equal-sized groups"));
        edit->setToolTip(tip);
        edit->setEnabled(false);
        edit->setMinimumWidth(130);
        connect(m_custom, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        return edit;
    };
    m_recencyEdit = thresholdEdit(QStringLiteral("rfmRecencyThresholds"),
        tr("Days since the last purchase, ascending, one less than the number of bins, e.g. "
           "30; 90; 180; 365"));
    m_frequencyEdit = thresholdEdit(QStringLiteral("rfmFrequencyThresholds"),
        tr("Numbers of orders, ascending, e.g. 1; 2; 4; 8"));
    m_monetaryEdit = thresholdEdit(QStringLiteral("rfmMonetaryThresholds"),
        tr("Revenue per customer, ascending, e.g. 50; 150; 400; 1000"));

    m_dateFixed = new QCheckBox(tr("Fixed analysis date:"), this);
    m_dateFixed->setObjectName(QStringLiteral("rfmDateFixed"));
    m_dateFixed->setToolTip(tr("Recency is counted in days up to the analysis date. Unchecked, it "
                               "is the day after the last transaction in the workspace."));
    m_dateEdit = new QDateEdit(this);
    m_dateEdit->setObjectName(QStringLiteral("rfmDate"));
    m_dateEdit->setCalendarPopup(true);
    // Not fixed, the field says which date is used instead of showing a date that is not.
    m_dateEdit->setMinimumDate(QDate(1900, 1, 1));
    m_dateEdit->setSpecialValueText(tr("the day after the last transaction"));
    // Room for that text beside the calendar button.
    m_dateEdit->setMinimumWidth(
        m_dateEdit->fontMetrics().horizontalAdvance(m_dateEdit->specialValueText()) + 48);
    m_dateEdit->setDate(m_dateEdit->minimumDate());
    m_dateEdit->setEnabled(false);
    connect(m_dateFixed, &QCheckBox::toggled, this, [this](bool fixed) {
        m_dateEdit->setEnabled(fixed);
        if (!fixed)
            m_dateEdit->setDate(m_dateEdit->minimumDate());
        else if (m_dateEdit->date() == m_dateEdit->minimumDate())
            m_dateEdit->setDate(m_automaticDate.isValid() ? m_automaticDate : QDate::currentDate());
    });
    m_origin = new QLabel(this);
    m_origin->setObjectName(QStringLiteral("rfmSettingsOrigin"));
    m_origin->setWordWrap(true);
    m_reset = new QPushButton(tr("Reset to defaults"), this);
    m_reset->setObjectName(QStringLiteral("rfmResetDefaults"));
    m_reset->setToolTip(tr("Quintiles, no own thresholds, the default segment map and the day "
                           "after the last transaction as analysis date. Press Compute to apply "
                           "them."));
    connect(m_reset, &QPushButton::clicked, this, &RfmPage::resetToDefaults);

    m_compute = new QPushButton(tr("Compute"), this);
    m_compute->setObjectName(QStringLiteral("rfmCompute"));
    m_compute->setDefault(true);
    m_save = new QPushButton(tr("Save as segments"), this);
    m_save->setObjectName(QStringLiteral("rfmSave"));
    m_save->setToolTip(tr("Saves one segment per named RFM segment (rule: rfm_segment is "
                          "\"NAME\"), so that they can be explored and exported."));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("rfmCancel"));
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(160);
    m_jobs.setIndicators(m_progress, m_cancel);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("rfmStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    connect(m_compute, &QPushButton::clicked, this, &RfmPage::compute);
    connect(m_save, &QPushButton::clicked, this, &RfmPage::saveAsSegments);
    connect(m_cancel, &QPushButton::clicked, this, &RfmPage::cancel);

    auto* params = new QHBoxLayout;
    params->addWidget(new QLabel(tr("Bins:"), this));
    params->addWidget(m_binsBox);
    params->addSpacing(12);
    params->addWidget(m_custom);
    params->addWidget(new QLabel(tr("R (days):"), this));
    params->addWidget(m_recencyEdit);
    params->addWidget(new QLabel(tr("F (orders):"), this));
    params->addWidget(m_frequencyEdit);
    params->addWidget(new QLabel(tr("M (revenue):"), this));
    params->addWidget(m_monetaryEdit);
    params->addStretch(1);
    auto* settingsRow = new QHBoxLayout;
    settingsRow->addWidget(m_dateFixed);
    settingsRow->addWidget(m_dateEdit);
    settingsRow->addSpacing(12);
    settingsRow->addWidget(m_origin, 1);
    settingsRow->addWidget(m_reset);
    // The settings, disabled while the stored ones are read.
    m_settingsBox = new QWidget(this);
    auto* settingsLayout = new QVBoxLayout(m_settingsBox);
    settingsLayout->setContentsMargins(0, 0, 0, 0);
    settingsLayout->addLayout(params);
    settingsLayout->addLayout(settingsRow);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_compute);
    actions->addWidget(m_save);
    actions->addWidget(m_cancel);
    actions->addWidget(m_progress);
    actions->addWidget(m_status, 1);

    m_summary = new QLabel(
        tr("Recency (days since the last purchase), frequency (orders) and monetary value "
           "(revenue) of every buyer, each scored from 1 (worst) up to the number of bins "
           "(best). Press Compute."),
        this);
    m_summary->setObjectName(QStringLiteral("rfmSummary"));
    m_summary->setWordWrap(true);

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("rfmTabs"));

    // Scores tab: thresholds, heatmap, members.
    auto* scores = new QWidget(tabs);
    m_binsView = new QTableView(scores);
    m_binsView->setObjectName(QStringLiteral("rfmBinsView"));
    m_binsView->setModel(m_bins);
    m_binsView->verticalHeader()->hide();
    // The ranges keep their whole text (and header); the counts share the rest.
    m_binsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    for (const int column : { RfmBinsModel::ScoreColumn, RfmBinsModel::RecencyRangeColumn,
             RfmBinsModel::FrequencyRangeColumn, RfmBinsModel::MonetaryRangeColumn })
        m_binsView->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_binsView->setSelectionMode(QAbstractItemView::NoSelection);
    m_binsView->setMaximumHeight(190);
    m_heatmapView = new QTableView(scores);
    m_heatmapView->setObjectName(QStringLiteral("rfmHeatmap"));
    m_heatmapView->setModel(m_heatmap);
    m_heatmapView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_heatmapView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_heatmapView->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_heatmapView->setMinimumSize(360, 220);
    m_heatmapView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_heatmapView, &QTableView::clicked, this, &RfmPage::showMembers);
    m_membersLabel = new QLabel(tr("Click a cell of the grid to list its customers."), scores);
    m_membersLabel->setObjectName(QStringLiteral("rfmMembersLabel"));
    m_membersLabel->setWordWrap(true);
    m_membersView = new QTableView(scores);
    m_membersView->setObjectName(QStringLiteral("rfmMembers"));
    m_membersView->setModel(m_members);
    m_membersView->horizontalHeader()->hide();
    m_membersView->horizontalHeader()->setStretchLastSection(true);
    m_membersView->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* heatColumn = new QVBoxLayout;
    heatColumn->addWidget(caption(tr("Customers per R and FM score"), scores));
    m_heatNote = new QLabel(scores);
    m_heatNote->setObjectName(QStringLiteral("rfmHeatNote"));
    m_heatNote->setWordWrap(true);
    m_heatNote->setForegroundRole(QPalette::PlaceholderText);
    setHeatNote(5);
    heatColumn->addWidget(m_heatNote);
    heatColumn->addWidget(m_heatmapView, 1);
    auto* membersColumn = new QVBoxLayout;
    membersColumn->addWidget(m_membersLabel);
    membersColumn->addWidget(m_membersView, 1);
    auto* lower = new QHBoxLayout;
    lower->addLayout(heatColumn, 3);
    lower->addLayout(membersColumn, 1);
    auto* scoresLayout = new QVBoxLayout(scores);
    scoresLayout->addWidget(caption(tr("Thresholds and customers per score"), scores));
    scoresLayout->addWidget(m_binsView);
    scoresLayout->addLayout(lower, 1);
    tabs->addTab(scores, tr("Scores"));

    // Segments tab: sizes and revenue.
    auto* segmentsTab = new QWidget(tabs);
    m_customersChart = new QChartView(segmentsTab);
    m_customersChart->setObjectName(QStringLiteral("rfmCustomersChart"));
    m_customersChart->setRenderHint(QPainter::Antialiasing);
    m_revenueChart = new QChartView(segmentsTab);
    m_revenueChart->setObjectName(QStringLiteral("rfmRevenueChart"));
    m_revenueChart->setRenderHint(QPainter::Antialiasing);
    for (QChartView* view : { m_customersChart, m_revenueChart })
        view->setMinimumHeight(180);
    auto* segmentsView = new QTableView(segmentsTab);
    segmentsView->setObjectName(QStringLiteral("rfmSegmentsView"));
    segmentsView->setModel(m_segments);
    segmentsView->verticalHeader()->hide();
    segmentsView->setColumnHidden(StatusCountModel::RawCustomersColumn, true);
    segmentsView->setColumnHidden(StatusCountModel::RawRevenueColumn, true);
    segmentsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    segmentsView->setMaximumHeight(230);
    auto* charts = new QHBoxLayout;
    charts->addWidget(m_customersChart);
    charts->addWidget(m_revenueChart);
    auto* segmentsLayout = new QVBoxLayout(segmentsTab);
    segmentsLayout->addLayout(charts, 1);
    segmentsLayout->addWidget(segmentsView);
    tabs->addTab(segmentsTab, tr("Segments"));
    connect(m_segments, &QAbstractItemModel::modelReset, this, &RfmPage::rebuildCharts);

    // Map tab: the editable segment map and its warnings.
    auto* mapTab = new QWidget(tabs);
    m_mapTab = mapTab;
    m_mapView = new QTableView(mapTab);
    m_mapView->setObjectName(QStringLiteral("rfmMapView"));
    m_mapView->setModel(m_map);
    m_mapView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_mapView->horizontalHeader()->setSectionResizeMode(
        RfmMapModel::NameColumn, QHeaderView::Interactive);
    m_mapView->setColumnWidth(RfmMapModel::NameColumn, 220);
    m_mapView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_mapView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_map->setMap(seg::RfmSegmentMap::defaultMap());
    const auto button = [mapTab](const QString& text, const QString& name) {
        auto* b = new QPushButton(text, mapTab);
        b->setObjectName(name);
        return b;
    };
    auto* add = button(tr("Add row"), QStringLiteral("rfmMapAdd"));
    auto* remove = button(tr("Remove row"), QStringLiteral("rfmMapRemove"));
    auto* up = button(tr("Move up"), QStringLiteral("rfmMapUp"));
    auto* down = button(tr("Move down"), QStringLiteral("rfmMapDown"));
    auto* reset = button(tr("Default map"), QStringLiteral("rfmMapReset"));
    const auto currentRow = [this] {
        const QModelIndex i = m_mapView->currentIndex();
        return i.isValid() ? i.row() : -1;
    };
    connect(add, &QPushButton::clicked, this, [this, currentRow] {
        const int row = currentRow() < 0 ? m_map->rowCount() : currentRow() + 1;
        m_map->insertRows(row, 1);
        m_mapView->setCurrentIndex(m_map->index(row, RfmMapModel::NameColumn));
        m_mapView->edit(m_mapView->currentIndex());
    });
    connect(remove, &QPushButton::clicked, this, [this, currentRow] {
        if (currentRow() >= 0)
            m_map->removeRows(currentRow(), 1);
    });
    connect(up, &QPushButton::clicked, this, [this, currentRow] {
        const int row = currentRow();
        if (row > 0 && m_map->moveRows({}, row, 1, {}, row - 1))
            m_mapView->setCurrentIndex(m_map->index(row - 1, 0));
    });
    connect(down, &QPushButton::clicked, this, [this, currentRow] {
        const int row = currentRow();
        if (row >= 0 && row + 1 < m_map->rowCount() && m_map->moveRows({}, row, 1, {}, row + 2))
            m_mapView->setCurrentIndex(m_map->index(row + 1, 0));
    });
    connect(reset, &QPushButton::clicked, this,
        [this] { m_map->setMap(seg::RfmSegmentMap::defaultMap()); });
    auto* mapButtons = new QHBoxLayout;
    for (QPushButton* b : { add, remove, up, down, reset })
        mapButtons->addWidget(b);
    mapButtons->addStretch(1);
    m_warnings = new QLabel(mapTab);
    m_warnings->setObjectName(QStringLiteral("rfmMapWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::PlainText);
    m_mapNote = new QLabel(mapTab);
    m_mapNote->setObjectName(QStringLiteral("rfmMapNote"));
    m_mapNote->setWordWrap(true);
    auto* mapLayout = new QVBoxLayout(mapTab);
    mapLayout->addWidget(m_mapNote);
    mapLayout->addWidget(m_mapView, 1);
    mapLayout->addLayout(mapButtons);
    mapLayout->addWidget(m_warnings);
    tabs->addTab(mapTab, tr("Segment map"));
    connect(m_map, &RfmMapModel::mapChanged, this, &RfmPage::updateWarnings);
    connect(m_binsBox, &QComboBox::currentIndexChanged, this, &RfmPage::updateWarnings);
    // Whether the controls still show what the workspace uses.
    connect(m_map, &RfmMapModel::mapChanged, this, &RfmPage::updateOrigin);
    connect(m_binsBox, &QComboBox::currentIndexChanged, this, &RfmPage::updateOrigin);
    connect(m_custom, &QCheckBox::toggled, this, &RfmPage::updateOrigin);
    for (QLineEdit* edit : { m_recencyEdit, m_frequencyEdit, m_monetaryEdit })
        connect(edit, &QLineEdit::textChanged, this, &RfmPage::updateOrigin);
    connect(m_dateFixed, &QCheckBox::toggled, this, &RfmPage::updateOrigin);
    connect(m_dateEdit, &QDateEdit::dateChanged, this, &RfmPage::updateOrigin);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addWidget(m_settingsBox);
    layout->addLayout(actions);
    layout->addWidget(m_summary);
    layout->addWidget(tabs, 1);

    updateWarnings();
    rebuildCharts();
    setWorkspace(QString());
}

RfmPage::~RfmPage() = default;

void RfmPage::setWorkspace(const QString& path)
{
    cancel();
    m_jobs.cancel();
    m_loading = false;
    m_path = path;
    m_result.reset();
    m_error.clear();
    m_messages->clear();
    m_bins->clear();
    m_heatmap->clear();
    m_segments->clear();
    m_members->setStringList({});
    m_stored = seg::RfmSettings();
    m_storedUnreadable = false;
    m_automaticDate = QDate();
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
        [path](seg::JobContext&) -> seg::Result<seg::RfmSettings> {
            auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
            if (!ws)
                return ws.error();
            return seg::RfmScoring::storedSettings(*ws);
        },
        [this](const JobOutcome<seg::RfmSettings>& outcome) { onLoaded(outcome); });
}

void RfmPage::onLoaded(const JobOutcome<seg::RfmSettings>& outcome)
{
    m_loading = false;
    if (outcome.value) {
        m_stored = *outcome.value;
        setSettings(m_stored);
        setBusy(false, QString());
    } else {
        m_stored = seg::RfmSettings();
        m_storedUnreadable = !outcome.cancelled;
        setSettings(m_stored);
        setBusy(false, QString());
        if (!outcome.cancelled)
            m_messages->showMessage(MessageBar::Kind::Warning,
                tr("The RFM settings stored in the workspace cannot be read."),
                tr("%1 The page shows the default settings; Compute stores them.")
                    .arg(outcome.error));
    }
    updateOrigin();
    Q_EMIT settingsLoaded();
    if (m_pendingSave) {
        const bool save = *m_pendingSave;
        m_pendingSave.reset();
        start(save);
    }
}

void RfmPage::setSettings(const seg::RfmSettings& settings)
{
    const seg::RfmOptions& o = settings.options;
    setBins(o.bins);
    const bool custom = o.recencyThresholds || o.frequencyThresholds || o.monetaryThresholds;
    const std::pair<QLineEdit*, const std::optional<std::vector<double>>*> fields[] = {
        { m_recencyEdit, &o.recencyThresholds },
        { m_frequencyEdit, &o.frequencyThresholds },
        { m_monetaryEdit, &o.monetaryThresholds },
    };
    for (const auto& [edit, values] : fields)
        edit->setText(*values ? numbersText(**values) : QString());
    m_custom->setChecked(custom);
    m_map->setMap(o.map);
    if (settings.metricsDate.isValid())
        m_automaticDate = settings.metricsDate;
    m_dateFixed->setChecked(settings.analysisDate.isValid());
    if (settings.analysisDate.isValid())
        m_dateEdit->setDate(settings.analysisDate);
    updateOrigin();
}

QDate RfmPage::analysisDate() const
{
    return m_dateFixed->isChecked() ? m_dateEdit->date() : QDate();
}

bool RfmPage::showsStoredSettings() const
{
    const auto current = options();
    return current && sameOptions(*current, m_stored.options)
        && analysisDate() == m_stored.analysisDate;
}

void RfmPage::resetToDefaults()
{
    setSettings(seg::RfmSettings());
    if (!m_path.isEmpty() && !showsStoredSettings() && !isBusy())
        m_status->setText(tr("Default settings restored."));
}

void RfmPage::updateOrigin()
{
    m_settingsBox->setEnabled(!m_loading);
    m_mapTab->setEnabled(!m_loading);
    if (m_path.isEmpty() || m_loading) {
        m_origin->clear();
        m_origin->setStyleSheet(QString());
        return;
    }
    if (showsStoredSettings()) {
        if (m_storedUnreadable)
            m_origin->setText(tr("Showing the default settings: the stored ones cannot be read. "
                                 "Compute stores these."));
        else
            m_origin->setText(m_stored.stored
                    ? tr("Showing the settings stored in the workspace: segment rules on RFM "
                         "use them.")
                    : tr("Showing the default settings: none are stored in the workspace yet."));
        m_origin->setStyleSheet(QString());
        return;
    }
    m_origin->setText(tr("Changed settings, not applied yet: segment rules use the settings "
                         "stored in the workspace until you press Compute."));
    m_origin->setStyleSheet(QStringLiteral("color: #9c5700;"));
}

void RfmPage::setBins(int bins)
{
    const int i = m_binsBox->findData(bins);
    if (i >= 0)
        m_binsBox->setCurrentIndex(i);
}

std::optional<seg::RfmOptions> RfmPage::options(QString* error) const
{
    seg::RfmOptions out;
    out.bins = m_binsBox->currentData().toInt();
    out.map = m_map->map();
    if (!m_custom->isChecked())
        return out;
    const std::pair<QLineEdit*, std::optional<std::vector<double>>*> fields[] = {
        { m_recencyEdit, &out.recencyThresholds },
        { m_frequencyEdit, &out.frequencyThresholds },
        { m_monetaryEdit, &out.monetaryThresholds },
    };
    for (const auto& [edit, target] : fields) {
        if (edit->text().trimmed().isEmpty())
            continue;
        auto numbers = parseNumbers(edit->text());
        if (!numbers) {
            if (error)
                *error = tr("\"%1\" is not a list of numbers; separate them with semicolons.")
                             .arg(edit->text());
            return std::nullopt;
        }
        *target = std::move(*numbers);
    }
    return out;
}

QString RfmPage::mapWarnings() const { return m_warnings->property("warnings").toString(); }

void RfmPage::updateWarnings()
{
    m_mapNote->setText(tr("Rows are tried from the top; the first row whose ranges all match "
                          "names the customer. Ranges are a score (5) or a span (4-5); an empty "
                          "range matches every score. Customers no row matches are \u201c%1\u201d. "
                          "Press Compute to apply the map.")
                           .arg(m_map->map().otherName));
    const int bins = m_binsBox->currentData().toInt();
    const QStringList warnings = m_map->map().coverage(bins).warnings();
    m_warnings->setProperty("warnings", warnings.join(QLatin1Char('\n')));
    if (warnings.isEmpty()) {
        m_warnings->setText(tr("Every score combination belongs to a named segment."));
        m_warnings->setStyleSheet(QString());
        return;
    }
    m_warnings->setText(tr("Warning: %1").arg(warnings.join(QStringLiteral("\n"))));
    m_warnings->setStyleSheet(QStringLiteral("color: #9c5700;"));
}

void RfmPage::compute() { start(false); }

void RfmPage::saveAsSegments() { start(true); }

void RfmPage::cancel()
{
    if (m_pendingSave) {
        // Nothing runs yet: the settings are still being read, and may go on being read.
        m_pendingSave.reset();
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

void RfmPage::setBusy(bool busy, const QString& text)
{
    m_compute->setEnabled(!busy && !m_path.isEmpty());
    m_save->setEnabled(!busy && !m_path.isEmpty());
    m_status->setText(text);
}

void RfmPage::start(bool save)
{
    if (m_path.isEmpty())
        return;
    if (m_loading) {
        // Computed with the stored settings once they are in the controls.
        m_pendingSave = save;
        setBusy(true, tr("Reading the settings stored in the workspace…"));
        return;
    }
    QString error;
    const auto opts = options(&error);
    if (!opts) {
        m_error = error;
        m_messages->showError(tr("The thresholds cannot be read."), error);
        Q_EMIT computed();
        return;
    }
    m_messages->clear();
    m_error.clear();
    seg::RfmSettings applied;
    applied.options = *opts;
    applied.analysisDate = analysisDate();
    applied.stored = true;
    m_jobs.start(
        [path = m_path, applied, save](seg::JobContext& job) {
            return run(path, applied.options, applied.analysisDate, save, job);
        },
        [this, applied, save](
            const JobOutcome<Outcome>& outcome) { onFinished(outcome, applied, save); });
    setBusy(true, save ? tr("Saving the segments…") : tr("Computing the scores…"));
}

seg::Result<RfmPage::Outcome> RfmPage::run(const QString& path, const seg::RfmOptions& options,
    const QDate& analysisDate, bool save, seg::JobContext& job)
{
    Outcome out;
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadWrite);
    if (!ws)
        return ws.error();
    auto date = seg::RfmScoring::ensureMetrics(*ws, analysisDate, job);
    if (!date)
        return date.error();
    out.analysisDate = *date;
    auto result = seg::RfmScoring::scoreAndStore(*ws, options, *date, job);
    if (!result)
        return result.error();
    auto metrics = seg::MetricsStore::readMetrics(*ws, job);
    if (!metrics)
        return metrics.error();
    QHash<QString, double> revenue;
    revenue.reserve(static_cast<qsizetype>(metrics->size()));
    for (const seg::CustomerMetricsRow& m : *metrics)
        revenue.insert(m.customerId, m.revenue);
    out.grid = RfmHeatmapModel::buildGrid(result->scores, revenue, result->bins);
    if (save) {
        auto catalog = seg::FieldCatalog::load(*ws);
        if (!catalog)
            return catalog.error();
        auto hasCustomers = ws->hasTable(QStringLiteral("customers"));
        if (!hasCustomers)
            return hasCustomers.error();
        int colour = 0;
        for (const seg::RfmSegmentSize& s : std::as_const(result->segments)) {
            if (job.isCancelled())
                return seg::makeError(seg::ErrorCode::Cancelled, QString());
            if (s.customers == 0)
                continue;
            const seg::SegmentRule rule(seg::RuleNode::condition(
                QStringLiteral("rfm_segment"), seg::RuleOperator::Is, { s.name }));
            auto compiled = seg::RuleSqlCompiler::compile(rule, *catalog, *date, *hasCustomers);
            if (!compiled)
                return compiled.error();
            auto existing = seg::SegmentStore::find(*ws, s.name);
            if (existing) {
                // Refresh only what this page saved before; never overwrite another rule.
                if (existing->rule == rule || existing->definitionText == rule.toText()) {
                    auto refreshed = seg::SegmentStore::refresh(*ws, s.name, *compiled, *date, job);
                    if (!refreshed)
                        return refreshed.error();
                    out.saved.append(s.name);
                } else {
                    out.skipped.append(s.name);
                }
                continue;
            }
            seg::SavedSegment segment;
            segment.name = s.name;
            segment.description = tr("RFM segment, %1 bins").arg(options.bins);
            segment.color = QString::fromLatin1(
                kSegmentColours[colour++ % static_cast<int>(std::size(kSegmentColours))]);
            segment.rule = rule;
            auto created = seg::SegmentStore::create(*ws, segment, *compiled, *date, job);
            if (!created)
                return created.error();
            out.saved.append(s.name);
        }
    }
    out.result = std::move(result.value());
    return out;
}

void RfmPage::onFinished(
    const JobOutcome<Outcome>& outcome, const seg::RfmSettings& applied, bool save)
{
    if (outcome.cancelled) {
        setBusy(false, tr("Cancelled."));
        Q_EMIT computed();
        return;
    }
    if (!outcome.value) {
        m_error = outcome.error;
        setBusy(false, QString());
        m_messages->showError(
            save ? tr("The segments could not be saved.") : tr("The scores could not be computed."),
            outcome.error);
        Q_EMIT computed();
        if (save)
            Q_EMIT saveFinished({});
        return;
    }
    // The scores were stored with these settings: rules now use them.
    m_stored = applied;
    m_storedUnreadable = false;
    updateOrigin();
    showOutcome(*outcome.value, save);
}

void RfmPage::showOutcome(const Outcome& outcome, bool save)
{
    const seg::RfmResult& r = outcome.result;
    m_result = r;
    setHeatNote(r.bins);
    // Where a fixed date starts when the box is checked.
    m_automaticDate = outcome.analysisDate;
    m_bins->setResult(r);
    m_heatmap->setGrid(outcome.grid);
    m_segments->setSegments(r.segments);
    m_members->setStringList({});
    m_membersLabel->setText(tr("Click a cell of the grid to list its customers."));
    m_summary->setText(
        tr("Analysis date %1: %2 customers scored with %3 bins; %4 customers "
           "without an order are not scored.")
            .arg(valueformat::day(outcome.analysisDate), valueformat::count(r.customersScored))
            .arg(r.bins)
            .arg(valueformat::count(r.prospects)));
    QString status = tr("Scores computed and stored in the workspace.");
    if (save) {
        status = tr("Saved %n segment(s).", nullptr, static_cast<int>(outcome.saved.size()));
        if (!outcome.skipped.isEmpty())
            m_messages->showMessage(MessageBar::Kind::Warning, tr("Some segments were not saved."),
                tr("Saved segments with another definition already use these names: %1. "
                   "Rename them to save the RFM segments.")
                    .arg(outcome.skipped.join(QStringLiteral(", "))));
    }
    setBusy(false, status);
    Q_EMIT computed();
    if (save) {
        Q_EMIT saveFinished(outcome.saved);
        if (!outcome.saved.isEmpty())
            Q_EMIT segmentsSaved();
    }
}

void RfmPage::setHeatNote(int bins)
{
    m_heatNote->setText(tr("R: recency score (%1 = bought most recently). FM: the mean of the "
                           "frequency and monetary scores. Darker cells spend more per customer "
                           "on average.")
                            .arg(bins));
}

void RfmPage::showMembers(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const QStringList members = m_heatmap->members(index);
    m_members->setStringList(members);
    m_membersLabel->setText(tr("R %1, FM %2: %3 customers")
                                .arg(index.data(RfmHeatmapModel::RScoreRole).toInt())
                                .arg(index.data(RfmHeatmapModel::FmScoreRole).toInt())
                                .arg(valueformat::count(members.size())));
}

void RfmPage::rebuildCharts()
{
    const std::pair<QChartView*, QChart*> charts[] = {
        { m_customersChart,
            sizechart::horizontalBars(m_segments, StatusCountModel::NameColumn,
                StatusCountModel::RawCustomersColumn, tr("Customers per segment"),
                QColor(0x2f, 0x6f, 0xb3), false) },
        { m_revenueChart,
            sizechart::horizontalBars(m_segments, StatusCountModel::NameColumn,
                StatusCountModel::RawRevenueColumn, tr("Revenue per segment"),
                QColor(0x3a, 0x9a, 0x5b), true) },
    };
    for (const auto& [view, chart] : charts) {
        // A fresh chart each time: removed axes linger until deferred deletes run.
        QChart* old = view->chart();
        view->setChart(chart);
        delete old;
    }
}

} // namespace seg::ui
