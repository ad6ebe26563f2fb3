#include "columnprofilepanel.h"

#include "chartaxes.h"
#include "distributionmodel.h"
#include "jobcontext.h"
#include "reversedrowsproxymodel.h"
#include "valueformat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QProgressBar>
#include <QSet>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBarModelMapper>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <QDate>
#include <QResizeEvent>

#include <algorithm>
#include <cmath>
#include <functional>

namespace seg::ui {

namespace {

enum Page { HintPage, BusyPage, ContentPage, ErrorPage };
constexpr int kTileCount = 8;
// Axis labels that fit under a chart of the panel's width without overlapping.
constexpr int kPixelsPerEdgeLabel = 64;
constexpr int kProgressSteps = 1000;
constexpr int kRebuildWidthChange = 40;

const QColor& barColor()
{
    static const QColor color(0x2f, 0x6f, 0xb3);
    return color;
}

// "Customers", "Transactions"... for chart captions.
QString rowsPlural(const QString& table)
{
    if (table == u"customers")
        return ColumnProfilePanel::tr("Customers");
    if (table == u"transactions")
        return ColumnProfilePanel::tr("Transactions");
    if (table == u"responses")
        return ColumnProfilePanel::tr("Responses");
    return ColumnProfilePanel::tr("Rows");
}

QDate edgeDate(const seg::Histogram& h, int edge)
{
    const double day = edge < h.bins.size() ? h.bins.at(edge).lower : h.bins.constLast().upper;
    return QDate(1970, 1, 1).addDays(static_cast<qint64>(std::floor(day)));
}

// The edges (0 .. edges-1; edge i is the lower edge of bin i, edge bins.size() the upper edge of
// the last bin) that get an axis label: every stride-th one, with a stride that keeps at most
// `maxLabels` of them and lands on round values (multiples of 100, January, whole decades).
QList<int> labelledEdges(const seg::Histogram& h, int edges, int maxLabels)
{
    QList<int> strides;
    std::function<bool(int, int)> round = [](int, int) { return true; };
    switch (h.unit) {
    case seg::BinUnit::Number:
        strides = { 1, 2, 4, 5, 10, 20, 40, 50, 100, 200, 400, 500, 1000 };
        round = [&h](int edge, int stride) {
            const double value
                = edge < h.bins.size() ? h.bins.at(edge).lower : h.bins.constLast().upper;
            const double step = h.width * stride;
            if (step <= 0)
                return true;
            const double ratio = value / step;
            return std::abs(ratio - std::round(ratio)) < 1e-6;
        };
        break;
    case seg::BinUnit::Day:
        strides = { 1, 2, 7, 14, 28 };
        break;
    case seg::BinUnit::Week:
        strides = { 1, 2, 4, 13, 26, 52 };
        break;
    case seg::BinUnit::Month:
        strides = { 1, 2, 3, 6, 12, 24, 60 };
        round = [&h](int edge, int stride) {
            const QDate d = edgeDate(h, edge);
            if (stride <= 12)
                return (d.month() - 1) % stride == 0;
            return d.month() == 1 && d.year() % (stride / 12) == 0;
        };
        break;
    case seg::BinUnit::Quarter:
        strides = { 1, 2, 4, 8, 20 };
        round = [&h](int edge, int stride) {
            const QDate d = edgeDate(h, edge);
            if (stride <= 4)
                return ((d.month() - 1) / 3) % stride == 0;
            return d.month() == 1 && d.year() % (stride / 4) == 0;
        };
        break;
    case seg::BinUnit::Year:
        strides = { 1, 2, 5, 10, 20, 50 };
        round = [&h](int edge, int stride) {
            return edgeDate(h, edge).year() % (static_cast<int>(h.width) * stride) == 0;
        };
        break;
    }
    // The lower edge of an open first bin is no bound ("under 20"): no label there.
    const int from = h.openLower ? 1 : 0;
    int stride = strides.constLast();
    for (const int s : std::as_const(strides)) {
        if ((edges - from + s - 1) / s <= maxLabels) {
            stride = s;
            break;
        }
    }
    int first = from;
    for (int e = from; e < std::min(edges, from + stride); ++e) {
        if (round(e, stride)) {
            first = e;
            break;
        }
    }
    QList<int> out;
    for (int e = first; e < edges; e += stride)
        out.append(e);
    return out;
}

QString rowsNoun(const QString& table, qint64 n)
{
    const QString count = valueformat::count(n);
    if (table == u"customers")
        return n == 1 ? ColumnProfilePanel::tr("1 customer")
                      : ColumnProfilePanel::tr("%1 customers").arg(count);
    if (table == u"transactions")
        return n == 1 ? ColumnProfilePanel::tr("1 transaction")
                      : ColumnProfilePanel::tr("%1 transactions").arg(count);
    if (table == u"responses")
        return n == 1 ? ColumnProfilePanel::tr("1 response")
                      : ColumnProfilePanel::tr("%1 responses").arg(count);
    return n == 1 ? ColumnProfilePanel::tr("1 row") : ColumnProfilePanel::tr("%1 rows").arg(count);
}

} // namespace

ColumnProfilePanel::ColumnProfilePanel(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_model(new DistributionModel(this))
    , m_reversed(new ReversedRowsProxyModel(this))
{
    m_reversed->setSourceModel(m_model);
    setObjectName(QStringLiteral("columnProfilePanel"));
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ColumnProfilePanel::onFinished);

    m_title->setObjectName(QStringLiteral("profileTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_subtitle->setObjectName(QStringLiteral("profileSubtitle"));
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setWordWrap(true);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);

    // Hint page.
    m_hint = new QLabel(tr("Select a column to see how its values are spread."), m_pages);
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(m_hint);

    // Busy page.
    auto* busy = new QWidget(m_pages);
    m_busyLabel = new QLabel(busy);
    m_busyLabel->setObjectName(QStringLiteral("profileBusyLabel"));
    m_busyLabel->setWordWrap(true);
    m_busyLabel->setAlignment(Qt::AlignCenter);
    m_progress = new QProgressBar(busy);
    m_progress->setObjectName(QStringLiteral("profileProgress"));
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    auto* busyLayout = new QVBoxLayout(busy);
    busyLayout->addStretch(1);
    busyLayout->addWidget(m_busyLabel);
    busyLayout->addWidget(m_progress);
    busyLayout->addStretch(2);
    m_pages->addWidget(busy);

    // Content page: statistics tiles, a note, the chart.
    auto* content = new QWidget(m_pages);
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(8);
    for (int i = 0; i < kTileCount; ++i) {
        Tile tile;
        tile.caption = new QLabel(content);
        tile.caption->setForegroundRole(QPalette::PlaceholderText);
        tile.caption->setTextFormat(Qt::PlainText);
        tile.value = new QLabel(content);
        tile.value->setTextFormat(Qt::PlainText);
        tile.value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont valueFont = tile.value->font();
        valueFont.setPointSizeF(valueFont.pointSizeF() * 1.1);
        valueFont.setBold(true);
        tile.value->setFont(valueFont);
        tile.value->setObjectName(QStringLiteral("statValue%1").arg(i));
        auto* cell = new QVBoxLayout;
        cell->setSpacing(0);
        cell->addWidget(tile.caption);
        cell->addWidget(tile.value);
        grid->addLayout(cell, i / 2, i % 2);
        m_tiles.append(tile);
    }
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    m_note = new QLabel(content);
    m_note->setObjectName(QStringLiteral("profileNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    m_chartCaption = new QLabel(content);
    m_chartCaption->setObjectName(QStringLiteral("chartCaption"));
    m_chartCaption->setWordWrap(true);
    m_chartCaption->setTextFormat(Qt::PlainText);
    QFont captionFont = m_chartCaption->font();
    captionFont.setBold(true);
    m_chartCaption->setFont(captionFont);

    m_chart = chartaxes::compactChart();
    m_chartView = new QChartView(m_chart, content);
    m_chartView->setObjectName(QStringLiteral("profileChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ColumnProfilePanel::rebuildChart);

    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(grid);
    contentLayout->addWidget(m_note);
    contentLayout->addSpacing(6);
    contentLayout->addWidget(m_chartCaption);
    contentLayout->addWidget(m_chartView, 1);
    m_pages->addWidget(content);

    // Error page.
    m_errorLabel = new QLabel(m_pages);
    m_errorLabel->setObjectName(QStringLiteral("profileError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setAlignment(Qt::AlignCenter);
    m_pages->addWidget(m_errorLabel);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_pages, 1);

    clear();
}

ColumnProfilePanel::~ColumnProfilePanel()
{
    cancelRunning();
    m_pool.waitForDone();
}

QString ColumnProfilePanel::title() const { return m_title->text(); }

void ColumnProfilePanel::cancelRunning()
{
    if (m_job)
        m_job->cancel();
    m_job.reset();
}

void ColumnProfilePanel::clear()
{
    cancelRunning();
    ++m_generation;
    m_busy = false;
    m_error.clear();
    m_profile.reset();
    m_model->clear();
    m_title->setText(tr("Column profile"));
    m_subtitle->clear();
    m_subtitle->hide();
    m_pages->setCurrentIndex(HintPage);
}

void ColumnProfilePanel::showColumn(
    const QString& workspacePath, const QString& table, const QString& column)
{
    cancelRunning();
    const quint64 generation = ++m_generation;
    m_job = std::make_shared<seg::JobContext>();
    m_busy = true;
    m_error.clear();
    m_title->setText(column);
    m_subtitle->hide();
    m_busyLabel->setText(tr("Computing the profile of %1…").arg(column));
    m_progress->setRange(0, 0);
    m_pages->setCurrentIndex(BusyPage);
    m_watcher.setFuture(QtConcurrent::run(&m_pool, &ColumnProfilePanel::compute, workspacePath,
        table, column, generation, m_job, this));
}

ColumnProfilePanel::Outcome ColumnProfilePanel::compute(const QString& path, const QString& table,
    const QString& column, quint64 generation, const Job& job, ColumnProfilePanel* panel)
{
    Outcome out;
    out.generation = generation;
    // Progress crosses to the GUI thread queued; the panel outlives this call (its destructor
    // waits), and events for a deleted panel are discarded.
    seg::JobContext progress([panel, generation](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            panel, [panel, generation, done, total] { panel->onProgress(generation, done, total); },
            Qt::QueuedConnection);
    });
    // The panel cancels `job`; the job handed to the core forwards both ways.
    class Forward : public seg::JobContext {
    public:
        Forward(Job cancel, seg::JobContext& progress)
            : m_cancel(std::move(cancel))
            , m_progress(progress)
        {
        }
        void setProgress(qint64 done, qint64 total) override
        {
            m_progress.setProgress(done, total);
        }
        bool isCancelled() const override { return m_cancel->isCancelled(); }

    private:
        Job m_cancel;
        seg::JobContext& m_progress;
    } forward(job, progress);

    try {
        auto profile = seg::computeColumnProfile(path, table, column, forward);
        if (profile)
            out.profile = std::move(profile.value());
        else if (profile.error().code == seg::ErrorCode::Cancelled)
            out.cancelled = true;
        else
            out.error = profile.error().message;
    } catch (const std::exception& e) {
        out.error
            = tr("The profile could not be computed: %1").arg(QString::fromLocal8Bit(e.what()));
    }
    return out;
}

void ColumnProfilePanel::onProgress(quint64 generation, qint64 done, qint64 total)
{
    if (generation != m_generation || !m_busy || total <= 0)
        return;
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(static_cast<int>(done * kProgressSteps / total));
}

void ColumnProfilePanel::onFinished()
{
    if (m_watcher.future().resultCount() == 0)
        return;
    const Outcome outcome = m_watcher.result();
    if (outcome.generation != m_generation || outcome.cancelled)
        return;
    m_busy = false;
    m_job.reset();
    if (outcome.profile)
        showProfile(*outcome.profile);
    else
        showError(outcome.error);
    Q_EMIT profileReady();
}

void ColumnProfilePanel::showError(const QString& message)
{
    m_error = message;
    m_profile.reset();
    m_model->clear();
    m_errorLabel->setText(tr("The profile could not be computed.\n%1").arg(message));
    m_pages->setCurrentIndex(ErrorPage);
}

QString ColumnProfilePanel::headline(const seg::ColumnProfile& profile) const
{
    const QString name = valueformat::columnTitle(profile.column);
    if (profile.missing == 0)
        return tr("%1: %2, none missing").arg(name, rowsNoun(profile.table, profile.rows));
    return tr("%1: %2, %3 missing")
        .arg(name, rowsNoun(profile.table, profile.rows),
            valueformat::share(profile.missingShare()));
}

void ColumnProfilePanel::setTile(
    int index, const QString& caption, const QString& value, const QString& tip)
{
    const Tile& tile = m_tiles.at(index);
    tile.caption->setText(caption);
    tile.value->setText(value);
    tile.caption->setToolTip(tip);
    tile.value->setToolTip(tip);
    tile.caption->setVisible(!caption.isEmpty());
    tile.value->setVisible(!caption.isEmpty());
}

void ColumnProfilePanel::setStats(const seg::ColumnProfile& p)
{
    const bool dateTime = p.column.type == u"date-time";
    const bool money = p.column.role == u"amount" || p.column.role == u"unit_price"
        || p.column.role == u"revenue";
    auto formatValue = [&](const std::optional<double>& v) -> QString {
        if (!v)
            return tr("–");
        if (p.kind == seg::ProfileKind::Date)
            return valueformat::dayNumber(*v, dateTime);
        return money ? valueformat::money(*v) : valueformat::number(*v, 2);
    };
    const qint64 valid = p.present() - p.invalid;
    int i = 0;
    setTile(i++, tr("Values"), valueformat::count(valid),
        tr("Rows that have a value in this column (empty cells and unreadable values left out)."));
    setTile(i++, tr("Missing"),
        tr("%1 (%2)").arg(valueformat::count(p.missing), valueformat::share(p.missingShare())),
        tr("Rows where this column is empty, and their share of all %1 rows.")
            .arg(valueformat::count(p.rows)));
    setTile(i++, tr("Distinct values"), valueformat::count(p.distinct),
        tr("How many different values occur. Few distinct values make good segments; a value "
           "for almost every row is more like an id."));
    setTile(i++, tr("Type"), valueformat::typeName(p.column.type),
        tr("How the values were read when the file was imported."));
    if (p.kind == seg::ProfileKind::Category) {
        const bool any = !p.topValues.isEmpty() && valid > 0;
        const QString top = any
            ? valueformat::stored(p.topValues.constFirst().value, p.column.type, p.column.role)
            : tr("–");
        setTile(i++, tr("Most frequent"), top,
            any ? tr("The most frequent value; it occurs in %1 of the rows with a value.")
                      .arg(valueformat::share(static_cast<double>(p.topValues.constFirst().count)
                          / static_cast<double>(valid)))
                : QString());
        while (i < kTileCount)
            setTile(i++, QString(), QString(), QString());
        return;
    }
    const bool date = p.kind == seg::ProfileKind::Date;
    setTile(i++, date ? tr("Earliest") : tr("Minimum"), formatValue(p.min),
        date ? tr("The earliest value.") : tr("The smallest value."));
    setTile(i++, date ? tr("Latest") : tr("Maximum"), formatValue(p.max),
        date ? tr("The latest value.") : tr("The largest value."));
    setTile(i++, tr("Median"), formatValue(p.median),
        tr("The middle value: half of the rows have this value or less, half this value or "
           "more (with an even count, the average of the two middle values). Unlike the mean, a "
           "few extreme values do not move it."));
    if (date) {
        setTile(i++, QString(), QString(), QString());
    } else {
        setTile(i++, tr("Mean"), formatValue(p.mean),
            tr("The average: the sum of the values divided by how many there are. Far above the "
               "median means a few very large values."));
    }
}

void ColumnProfilePanel::showProfile(const seg::ColumnProfile& profile)
{
    m_profile = profile;
    m_title->setText(headline(profile));
    m_subtitle->setText(tr("Column %1 of the %2 table").arg(profile.column.name, profile.table));
    m_subtitle->show();
    setStats(profile);

    QStringList notes;
    if (profile.invalid > 0)
        notes.append(tr("%1 values are not readable as %2 and are left out.")
                         .arg(valueformat::count(profile.invalid),
                             valueformat::typeName(profile.column.type).toLower()));
    const seg::Histogram& h = profile.histogram;
    if (profile.kind != seg::ProfileKind::Category && (h.openLower || h.openUpper))
        notes.append(tr("A few extreme values are counted in the outer bars, so that the chart "
                        "shows where most values are."));
    const qint64 valid = profile.present() - profile.invalid;
    if (profile.kind == seg::ProfileKind::Category && profile.otherCount > 0) {
        notes.append(tr("The other %1 values hold %2 (%3).")
                         .arg(valueformat::count(profile.otherDistinct),
                             rowsNoun(profile.table, profile.otherCount),
                             valueformat::share(static_cast<double>(profile.otherCount)
                                 / static_cast<double>(std::max<qint64>(1, valid)))));
    }
    if (profile.kind == seg::ProfileKind::Category && valid >= 20
        && profile.distinct * 10 >= valid * 9)
        notes.append(tr("Almost every row has its own value: this column tells rows apart rather "
                        "than grouping them, so it is not one to segment on."));
    m_note->setText(notes.join(QLatin1Char(' ')));
    m_note->setVisible(!notes.isEmpty());

    // The chart follows the model reset.
    m_model->setProfile(profile);
    m_pages->setCurrentIndex(ContentPage);
}

void ColumnProfilePanel::rebuildChart()
{
    // A fresh chart each time: removed axes linger on screen until deferred deletes run.
    QChart* old = m_chart;
    m_chart = chartaxes::compactChart();
    m_chartView->setChart(m_chart);
    delete old;
    const int rows = m_model->rowCount();
    if (rows == 0 || !m_profile) {
        m_chartCaption->setText(m_profile ? tr("No values to chart.") : QString());
        m_chartView->setVisible(false);
        return;
    }
    // Every value once (ids, e-mail addresses): equal bars would say nothing.
    const seg::ColumnProfile& unique = *m_profile;
    if (unique.kind == seg::ProfileKind::Category
        && unique.distinct == unique.present() - unique.invalid) {
        m_chartCaption->setText(tr("Every value occurs once, so there is nothing to chart."));
        m_chartView->setVisible(false);
        return;
    }
    m_chartView->setVisible(true);
    m_chartBuiltForWidth = width();
    const seg::ColumnProfile& p = *m_profile;
    const bool histogram = m_model->isHistogram();

    QAbstractBarSeries* series = nullptr;
    if (histogram) {
        auto* bars = new QBarSeries;
        bars->setBarWidth(0.92);
        series = bars;
    } else {
        auto* bars = new QHorizontalBarSeries;
        bars->setBarWidth(0.7);
        series = bars;
    }
    auto* mapper = new QVBarModelMapper(series);
    mapper->setFirstBarSetColumn(DistributionModel::CountColumn);
    mapper->setLastBarSetColumn(DistributionModel::CountColumn);
    // Horizontal bars run bottom to top: they read the model upside down, so that the most
    // frequent value is on top. They show the frequent values only, without the "Other" row.
    QAbstractItemModel* source = histogram ? static_cast<QAbstractItemModel*>(m_model) : m_reversed;
    const int otherRows = histogram ? 0 : rows - static_cast<int>(m_profile->topValues.size());
    if (!histogram) {
        mapper->setFirstRow(otherRows);
        mapper->setRowCount(rows - otherRows);
    }
    mapper->setModel(source);
    mapper->setSeries(series);
    const QList<QBarSet*> sets = series->barSets();
    for (QBarSet* set : sets) {
        set->setColor(barColor());
        set->setBorderColor(barColor());
    }
    connect(series, &QAbstractBarSeries::hovered, this,
        [this, source, otherRows](bool on, int index, QBarSet*) {
            if (!on) {
                QToolTip::hideText();
                return;
            }
            const QModelIndex bar
                = source->index(index + otherRows, DistributionModel::LabelColumn);
            QToolTip::showText(QCursor::pos(), bar.data(Qt::ToolTipRole).toString(), m_chartView);
        });
    m_chart->addSeries(series);

    const int plotWidth = std::max(120, chartWidth() - 60);
    const double maxCount = static_cast<double>(m_model->maxCount());
    const QString noun = rowsPlural(p.table);
    if (histogram) {
        // Labels at round bin edges ("0", "200", "400"; "Jan 2023", "Jan 2024"), as many as fit.
        const bool closedTop = p.kind == seg::ProfileKind::Number && !p.histogram.openUpper;
        const int edges = rows + (closedTop ? 1 : 0);
        const QList<int> chosen
            = labelledEdges(p.histogram, edges, std::max(2, plotWidth / kPixelsPerEdgeLabel));
        QStringList labels;
        QList<double> positions;
        for (const int e : chosen) {
            const QModelIndex label
                = m_model->index(std::min(e, rows - 1), DistributionModel::LabelColumn);
            labels.append(label
                              .data(e < rows ? DistributionModel::EdgeLabelRole
                                             : DistributionModel::UpperEdgeLabelRole)
                              .toString());
            positions.append(e - 0.5);
        }
        auto* x = chartaxes::positionAxis(rows, labels, positions, static_cast<int>(edges));
        auto* y = chartaxes::valueAxis(0, maxCount, 4, true);
        m_chart->addAxis(x, Qt::AlignBottom);
        m_chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
        QString per;
        switch (p.histogram.unit) {
        case seg::BinUnit::Number:
            per = tr("%1 per range of %2").arg(noun, valueformat::number(p.histogram.width, 6));
            break;
        case seg::BinUnit::Day:
            per = tr("%1 per day").arg(noun);
            break;
        case seg::BinUnit::Week:
            per = tr("%1 per week (Monday to Sunday)").arg(noun);
            break;
        case seg::BinUnit::Month:
            per = tr("%1 per month").arg(noun);
            break;
        case seg::BinUnit::Quarter:
            per = tr("%1 per quarter").arg(noun);
            break;
        case seg::BinUnit::Year:
            per = p.histogram.width > 1
                ? tr("%1 per %2 years").arg(noun).arg(static_cast<int>(p.histogram.width))
                : tr("%1 per year").arg(noun);
            break;
        }
        m_chartCaption->setText(per);
    } else {
        // The bars show the frequent values only: an "Other" bar would dwarf them whenever a
        // column has many rare values; the caption says what the rest holds.
        const int bars = static_cast<int>(p.topValues.size());
        auto* y = new QBarCategoryAxis;
        QSet<QString> used;
        for (int r = otherRows; r < rows; ++r) {
            QString label = source->index(r, DistributionModel::LabelColumn).data().toString();
            if (label.isEmpty())
                label = tr("(blank)");
            while (used.contains(label))
                label.append(QChar(0x200B));
            used.insert(label);
            y->append(label);
        }
        y->setGridLineVisible(false);
        double maxBar = 0;
        for (const seg::ValueCount& v : p.topValues)
            maxBar = std::max(maxBar, static_cast<double>(v.count));
        auto* x = chartaxes::valueAxis(0, maxBar, std::max(2, plotWidth / 90), true);
        m_chart->addAxis(y, Qt::AlignLeft);
        m_chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(y);
        series->attachAxis(x);
        m_chartCaption->setText(p.otherCount > 0
                ? tr("Most frequent values (%1 of %2)")
                      .arg(valueformat::count(bars), valueformat::count(p.distinct))
                : tr("%1 per value").arg(noun));
        m_chartView->setMinimumHeight(std::max(220, bars * 18 + 60));
        return;
    }
    m_chartView->setMinimumHeight(220);
}

int ColumnProfilePanel::chartWidth() const
{
    // Before the first layout the view has no real width yet; the panel's own width is close.
    const int view = m_chartView->isVisible() ? m_chartView->width() : 0;
    return view > 100 ? view : width() - 16;
}

void ColumnProfilePanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Axis labels are thinned to the width; a new width may fit more or fewer of them.
    if (m_profile && std::abs(width() - m_chartBuiltForWidth) >= kRebuildWidthChange)
        rebuildChart();
}

} // namespace seg::ui
