#include "customerstatus.h"
#include "database.h"
#include "jobcontext.h"
#include "lifecyclepage.h"
#include "messagebar.h"
#include "metricsstore.h"
#include "paretomodel.h"
#include "rfmbinsmodel.h"
#include "rfmheatmapmodel.h"
#include "rfmmapmodel.h"
#include "rfmmodel.h"
#include "rfmpage.h"
#include "rfmscoring.h"
#include "segmentstore.h"
#include "statuscountmodel.h"
#include "testworkspace.h"
#include "valueformat.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using seg::ui::LifecyclePage;
using seg::ui::ParetoModel;
using seg::ui::RfmBinsModel;
using seg::ui::RfmHeatmapModel;
using seg::ui::RfmMapModel;
using seg::ui::RfmPage;
using seg::ui::StatusCountModel;

namespace {

// RfmModel::fit on the stored metrics: the reference the page must agree with.
seg::RfmResult reference(const QString& path, const seg::RfmOptions& options)
{
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
    seg::JobContext job;
    auto metrics = seg::MetricsStore::readMetrics(*ws, job);
    auto fit = seg::RfmModel::fit(*metrics, options, job);
    return fit.value();
}

// Shows the workspace at `path` in `page` once its stored settings are read, then puts the
// default settings into the controls (the tests share one workspace and store what they compute).
template <typename Page> bool openWithDefaults(Page& page, const QString& path)
{
    QSignalSpy loaded(&page, &Page::settingsLoaded);
    page.setWorkspace(path);
    if (!loaded.wait(30000))
        return false;
    page.resetToDefaults();
    return true;
}

// Like openWithDefaults(), keeping the stored settings in the controls.
template <typename Page> bool openStored(Page& page, const QString& path)
{
    QSignalSpy loaded(&page, &Page::settingsLoaded);
    page.setWorkspace(path);
    return loaded.wait(30000) && !page.isLoading();
}

QString labelText(const QWidget& page, const QString& name)
{
    auto* label = page.findChild<QLabel*>(name);
    return label ? label->text() : QStringLiteral("<missing %1>").arg(name);
}

// A map of three rows on R and F, and "Rest" for the other cells.
seg::RfmSegmentMap threeRowMap()
{
    seg::RfmSegmentMap map;
    map.otherName = QStringLiteral("Rest");
    seg::RfmMapRule top;
    top.name = QStringLiteral("Top");
    top.r = seg::ScoreRange { 3, 4 };
    top.f = seg::ScoreRange { 3, 4 };
    seg::RfmMapRule recent;
    recent.name = QStringLiteral("Recent");
    recent.r = seg::ScoreRange { 4, 4 };
    seg::RfmMapRule gone;
    gone.name = QStringLiteral("Gone");
    gone.r = seg::ScoreRange { 1, 1 };
    map.rules = { top, recent, gone };
    return map;
}

// The widget as it looks once pending layouts (after hiding the progress bar) have run.
QPixmap picture(QWidget& widget)
{
    QCoreApplication::processEvents();
    return widget.grab();
}

bool computeAndWait(RfmPage& page)
{
    QSignalSpy done(&page, &RfmPage::computed);
    page.compute();
    return done.wait(60000) && page.result().has_value();
}

} // namespace

class TestRfmPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelsUnderTester();
    void mapModelEdits();
    void computesLikeRfmModel_data();
    void computesLikeRfmModel();
    void heatmapAddsUpAndListsMembers();
    void mapEditsUpdateWarnings();
    void cancelKeepsNoResult();
    void newerComputeWins();
    void savesSegments();
    void lifecycleMatchesCustomerStatus();
    void opensWithStoredRfmSettings();
    void computeWhileReadingUsesStoredSettings();
    void damagedRfmSettingsWarn();
    void opensWithStoredLifecycleSettings();
    void screenshot();

private:
    QTemporaryDir m_dir;
    QString m_path;
    QString m_stored; ///< a workspace with non-default RFM and lifecycle settings stored
    seg::RfmOptions m_storedRfm;
    seg::LifecycleOptions m_storedWindows;
    seg::ValueTierOptions m_storedTiers;
};

void TestRfmPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const seg::test::DemoWorkspace demo = seg::test::createDemoWorkspace(m_dir.path(), 400, 7);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_path = demo.path;

    // The other workspace stores settings as `segwb rfm` and the pages would: 4 bins, own
    // recency cut points, a three-row map, a chosen analysis date; windows 45 / 180 / 400 days
    // and tiers of the top 2 % and 10 %.
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("stored")));
    const seg::test::DemoWorkspace other = seg::test::createDemoWorkspace(
        m_dir.filePath(QStringLiteral("stored")), 300, 3, QStringLiteral("stored.segws"));
    QVERIFY2(other.error.isEmpty(), qPrintable(other.error));
    m_stored = other.path;
    m_storedRfm.bins = 4;
    m_storedRfm.recencyThresholds = std::vector<double> { 30, 90.5, 365 };
    m_storedRfm.map = threeRowMap();
    m_storedWindows.newDays = 45;
    m_storedWindows.activeDays = 180;
    m_storedWindows.lapsedDays = 400;
    m_storedTiers.cutoffs = { 2, 10 };
    auto ws = seg::Workspace::open(m_stored, seg::Workspace::OpenMode::ReadWrite);
    QVERIFY(ws.ok());
    seg::JobContext job;
    auto date = seg::RfmScoring::ensureMetrics(*ws, QDate(2024, 10, 1), job);
    QVERIFY2(date.ok(), date.ok() ? "" : qPrintable(date.error().message));
    QVERIFY(seg::RfmScoring::scoreAndStore(*ws, m_storedRfm, *date, job).ok());
    auto metrics = seg::MetricsStore::readMetrics(*ws, job);
    QVERIFY(metrics.ok());
    QVERIFY(seg::CustomerStatus::computeAndStore(*ws, *metrics, m_storedWindows, m_storedTiers, job)
                .ok());
}

void TestRfmPage::modelsUnderTester()
{
    using Tester = QAbstractItemModelTester;
    const auto mode = Tester::FailureReportingMode::QtTest;
    seg::RfmResult r;
    r.bins = 3;
    r.recency = { { 10, 40 }, false, { 5, 6, 7 } };
    r.frequency = { { 1, 3 }, false, { 8, 2, 8 } };
    r.monetary = { { 50, 200 }, true, { 6, 6, 6 } };
    RfmBinsModel bins;
    Tester binsTester(&bins, mode);
    bins.setResult(r);
    QCOMPARE(bins.rowCount(), 3);
    QCOMPARE(bins.index(0, RfmBinsModel::FrequencyCountColumn)
                 .data(RfmBinsModel::ValueRole)
                 .toLongLong(),
        8);
    // Score 3 of recency is the most recent bin: up to 10 days.
    QCOMPARE(bins.index(2, RfmBinsModel::RecencyRangeColumn).data().toString(),
        QStringLiteral("up to 10"));
    QCOMPARE(bins.index(1, RfmBinsModel::MonetaryRangeColumn).data().toString(),
        QStringLiteral("over 50, up to 200"));
    QCOMPARE(bins.index(2, RfmBinsModel::FrequencyRangeColumn).data().toString(),
        QStringLiteral("over 3"));
    bins.clear();
    QCOMPARE(bins.rowCount(), 0);

    RfmHeatmapModel heat;
    Tester heatTester(&heat, mode);
    std::vector<seg::RfmScoreRow> scores {
        { QStringLiteral("A"), 3, 1, 1, 1, {} },
        { QStringLiteral("B"), 3, 1, 2, 2, {} },
        { QStringLiteral("C"), 1, 3, 3, 3, {} },
        { QStringLiteral("D"), 3, 1, 1, 1, {} },
    };
    const QHash<QString, double> revenue { { QStringLiteral("A"), 10 }, { QStringLiteral("B"), 20 },
        { QStringLiteral("C"), 300 }, { QStringLiteral("D"), 30 } };
    heat.setGrid(RfmHeatmapModel::buildGrid(scores, revenue, 3));
    QCOMPARE(heat.rowCount(), 3);
    QCOMPARE(heat.headerData(0, Qt::Vertical).toString(), QStringLiteral("R 3"));
    const QModelIndex topLeft = heat.index(0, 0); // R 3, FM 1
    QCOMPARE(topLeft.data(RfmHeatmapModel::CustomersRole).toLongLong(), 2);
    QCOMPARE(topLeft.data(RfmHeatmapModel::MeanRevenueRole).toDouble(), 20.0);
    QCOMPARE(heat.members(topLeft), (QStringList { QStringLiteral("A"), QStringLiteral("D") }));
    QCOMPARE(heat.index(2, 2).data(RfmHeatmapModel::CustomersRole).toLongLong(), 1);
    QVERIFY(heat.index(2, 2).data(Qt::ToolTipRole).toString().contains(QStringLiteral("300.00")));

    StatusCountModel sizes;
    Tester sizesTester(&sizes, mode);
    sizes.setSegments(
        { { QStringLiteral("Champions"), 3, 300 }, { QStringLiteral("Lost"), 1, 100 } });
    QCOMPARE(sizes.rowCount(), 2);
    QCOMPARE(sizes.index(0, StatusCountModel::CustomerShareColumn).data().toString(),
        QStringLiteral("75.0 %"));
    QCOMPARE(sizes.index(1, StatusCountModel::RawRevenueColumn).data().toDouble(), 100.0);
    QCOMPARE(sizes.maxCustomers(), 3.0);

    ParetoModel pareto;
    Tester paretoTester(&pareto, mode);
    pareto.setPoints({ { 0.5, 0.8 }, { 1.0, 1.0 } });
    QCOMPARE(pareto.rowCount(), 3);
    QCOMPARE(pareto.revenueAt(25), 40.0);
    QCOMPARE(pareto.index(1, ParetoModel::RevenueColumn).data().toDouble(), 80.0);
}

void TestRfmPage::mapModelEdits()
{
    RfmMapModel map;
    QAbstractItemModelTester tester(&map, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&map, &RfmMapModel::mapChanged);
    map.setMap(seg::RfmSegmentMap::defaultMap());
    QCOMPARE(map.rowCount(), 11);
    QCOMPARE(map.index(0, RfmMapModel::NameColumn).data().toString(), QStringLiteral("Champions"));
    QCOMPARE(map.index(0, RfmMapModel::FmColumn).data().toString(), QStringLiteral("4\u20135"));
    QCOMPARE(map.index(0, RfmMapModel::FColumn).data().toString(), QString());
    QVERIFY(map.setData(map.index(0, RfmMapModel::RColumn), QStringLiteral("4-5")));
    QCOMPARE(map.map().rules.at(0).r->low, 4);
    QVERIFY(!map.setData(map.index(0, RfmMapModel::RColumn), QStringLiteral("5-4")));
    QVERIFY(!map.setData(map.index(0, RfmMapModel::RColumn), QStringLiteral("high")));
    QVERIFY(map.setData(map.index(0, RfmMapModel::FColumn), QStringLiteral("3")));
    QVERIFY(map.setData(map.index(0, RfmMapModel::FColumn), QString()));
    QVERIFY(!map.map().rules.at(0).f.has_value());
    QVERIFY(map.insertRows(1, 1));
    QCOMPARE(map.map().rules.at(1).name, QStringLiteral("New segment"));
    QVERIFY(map.moveRows({}, 1, 1, {}, 0));
    QCOMPARE(map.map().rules.at(0).name, QStringLiteral("New segment"));
    QVERIFY(map.moveRows({}, 0, 1, {}, 3));
    QCOMPARE(map.map().rules.at(2).name, QStringLiteral("New segment"));
    QVERIFY(map.removeRows(2, 1));
    QCOMPARE(map.rowCount(), 11);
    QVERIFY(changed.count() >= 8);
}

void TestRfmPage::computesLikeRfmModel_data()
{
    QTest::addColumn<int>("bins");
    QTest::addColumn<QString>("frequencyThresholds");
    QTest::newRow("quintiles") << 5 << QString();
    QTest::newRow("quartiles") << 4 << QString();
    QTest::newRow("terciles, own frequency cut points") << 3 << QStringLiteral("1; 3");
}

void TestRfmPage::computesLikeRfmModel()
{
    QFETCH(int, bins);
    QFETCH(QString, frequencyThresholds);
    RfmPage page;
    QVERIFY(openWithDefaults(page, m_path));
    page.setBins(bins);
    if (!frequencyThresholds.isEmpty()) {
        page.findChild<QAbstractButton*>(QStringLiteral("rfmCustom"))->setChecked(true);
        page.findChild<QLineEdit*>(QStringLiteral("rfmFrequencyThresholds"))
            ->setText(frequencyThresholds);
    }
    QVERIFY(computeAndWait(page));
    QVERIFY2(page.errorMessage().isEmpty(), qPrintable(page.errorMessage()));
    const auto options = page.options();
    QVERIFY(options);
    QCOMPARE(options->bins, bins);
    const seg::RfmResult expected = reference(m_path, *options);
    const seg::RfmResult& shown = *page.result();
    QCOMPARE(shown.customersScored, expected.customersScored);
    QVERIFY(expected.customersScored > 100);
    const std::pair<const seg::RfmDimension*, const seg::RfmDimension*> dims[] = {
        { &shown.recency, &expected.recency },
        { &shown.frequency, &expected.frequency },
        { &shown.monetary, &expected.monetary },
    };
    for (const auto& [a, b] : dims) {
        QCOMPARE(a->thresholds, b->thresholds);
        QCOMPARE(a->counts, b->counts);
    }
    if (!frequencyThresholds.isEmpty())
        QCOMPARE(expected.frequency.thresholds, (std::vector<double> { 1, 3 }));
    // The table shows the same counts and thresholds.
    RfmBinsModel* model = page.binsModel();
    QCOMPARE(model->rowCount(), bins);
    const int countColumns[] = { RfmBinsModel::RecencyCountColumn,
        RfmBinsModel::FrequencyCountColumn, RfmBinsModel::MonetaryCountColumn };
    for (int d = 0; d < 3; ++d) {
        for (int s = 0; s < bins; ++s) {
            QCOMPARE(model->index(s, countColumns[d]).data(RfmBinsModel::ValueRole).toLongLong(),
                dims[d].second->counts.at(static_cast<size_t>(s)));
        }
    }
    const QString firstMonetary
        = model->index(0, RfmBinsModel::MonetaryRangeColumn).data().toString();
    QCOMPARE(firstMonetary,
        QStringLiteral("up to %1")
            .arg(seg::ui::valueformat::number(expected.monetary.thresholds.at(0), 2)));
    // Segment sizes as in the reference.
    QCOMPARE(page.segmentsModel()->rowCount(), expected.segments.size());
    for (int i = 0; i < expected.segments.size(); ++i) {
        QCOMPARE(page.segmentsModel()->rows().at(i).name, expected.segments.at(i).name);
        QCOMPARE(page.segmentsModel()->rows().at(i).customers, expected.segments.at(i).customers);
    }
}

void TestRfmPage::heatmapAddsUpAndListsMembers()
{
    RfmPage page;
    page.resize(1280, 800);
    page.show();
    QVERIFY(openWithDefaults(page, m_path));
    QVERIFY(computeAndWait(page));
    const seg::RfmResult& result = *page.result();
    RfmHeatmapModel* heat = page.heatmapModel();
    QCOMPARE(heat->rowCount(), 5);
    qint64 total = 0;
    for (int r = 0; r < heat->rowCount(); ++r) {
        for (int c = 0; c < heat->columnCount(); ++c)
            total += heat->index(r, c).data(RfmHeatmapModel::CustomersRole).toLongLong();
    }
    QCOMPARE(total, result.customersScored);

    // The busiest cell: clicking it lists exactly the customers with its R and FM scores.
    QModelIndex busiest;
    for (int r = 0; r < heat->rowCount(); ++r) {
        for (int c = 0; c < heat->columnCount(); ++c) {
            const QModelIndex i = heat->index(r, c);
            if (!busiest.isValid()
                || i.data(RfmHeatmapModel::CustomersRole).toLongLong()
                    > busiest.data(RfmHeatmapModel::CustomersRole).toLongLong())
                busiest = i;
        }
    }
    const int rScore = busiest.data(RfmHeatmapModel::RScoreRole).toInt();
    const int fmScore = busiest.data(RfmHeatmapModel::FmScoreRole).toInt();
    QStringList expected;
    for (const seg::RfmScoreRow& s : result.scores) {
        if (s.r == rScore && s.fm == fmScore)
            expected.append(s.customerId);
    }
    QVERIFY(!expected.isEmpty());
    QTableView* view = page.heatmapView();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(busiest).center());
    QStringList shown = page.membersModel()->stringList();
    shown.sort();
    expected.sort();
    QCOMPARE(shown, expected);
}

void TestRfmPage::mapEditsUpdateWarnings()
{
    RfmPage page;
    QCOMPARE(page.mapWarnings(), QString());
    RfmMapModel* map = page.mapModel();
    // Without "Champions" its cells fall to Other.
    QVERIFY(map->removeRows(0, 1));
    QString expected = map->map().coverage(5).warnings().join(QLatin1Char('\n'));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(page.mapWarnings(), expected);
    QVERIFY(page.mapWarnings().contains(QStringLiteral("R 5, FM 4")));
    // A row under an identical one can never match.
    QVERIFY(map->insertRows(map->rowCount(), 1));
    const int last = map->rowCount() - 1;
    QVERIFY(map->setData(map->index(last, RfmMapModel::NameColumn), QStringLiteral("Twin")));
    QVERIFY(map->setData(map->index(last, RfmMapModel::RColumn), QStringLiteral("1")));
    QVERIFY(map->setData(map->index(last, RfmMapModel::FmColumn), QStringLiteral("1-2")));
    QVERIFY(page.mapWarnings().contains(QStringLiteral("Twin")));
    // Fewer bins: warnings follow.
    page.findChild<QPushButton*>(QStringLiteral("rfmMapReset"))->click();
    QCOMPARE(page.mapWarnings(), QString());
    page.setBins(3);
    QCOMPARE(page.mapWarnings(),
        seg::RfmSegmentMap::defaultMap().coverage(3).warnings().join(QLatin1Char('\n')));
    QVERIFY(!page.mapWarnings().isEmpty());
}

void TestRfmPage::cancelKeepsNoResult()
{
    RfmPage page;
    page.setWorkspace(m_path);
    QSignalSpy done(&page, &RfmPage::computed);
    page.compute();
    QVERIFY(page.isBusy());
    page.cancel();
    QVERIFY(!page.isBusy());
    QCOMPARE(done.count(), 1);
    QVERIFY(!page.result().has_value());
    // The settings are still read; Compute is possible once they are.
    QTRY_VERIFY(!page.isLoading());
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("rfmCompute"))->isEnabled());

    // Cancelling a running computation.
    page.compute();
    QVERIFY(page.isBusy());
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("rfmCancel"))->isVisibleTo(&page));
    page.cancel();
    QVERIFY(!page.isBusy());
    QCOMPARE(done.count(), 2);
    QVERIFY(!page.result().has_value());
    QVERIFY(!page.findChild<QPushButton*>(QStringLiteral("rfmCancel"))->isVisibleTo(&page));
    // The stale job ends without touching the page; a newer one shows its result.
    QVERIFY(computeAndWait(page));
    QCOMPARE(done.count(), 3);
}

void TestRfmPage::newerComputeWins()
{
    RfmPage page;
    QVERIFY(openWithDefaults(page, m_path));
    QSignalSpy done(&page, &RfmPage::computed);
    page.setBins(3);
    page.compute();
    page.setBins(4);
    page.compute(); // cancels the first: its result never shows
    QVERIFY(page.isBusy());
    QVERIFY(done.wait(60000));
    QCOMPARE(done.count(), 1);
    QVERIFY(page.result());
    QCOMPARE(page.result()->bins, 4);
    QCOMPARE(page.binsModel()->rowCount(), 4);
    // The first job ended before the second started; anything it left queued is dropped.
    QCoreApplication::processEvents();
    QCOMPARE(done.count(), 1);
    QCOMPARE(page.result()->bins, 4);

    LifecyclePage lifecycle;
    QVERIFY(openWithDefaults(lifecycle, m_path));
    QSignalSpy applied(&lifecycle, &LifecyclePage::computed);
    lifecycle.setTierOptions({});
    lifecycle.apply();
    seg::ValueTierOptions two;
    two.cutoffs = { 10, 50 };
    lifecycle.setTierOptions(two);
    lifecycle.apply();
    QVERIFY(applied.wait(60000));
    QCOMPARE(applied.count(), 1);
    QCOMPARE(lifecycle.tiersModel()->rowCount(), 3);
}

void TestRfmPage::savesSegments()
{
    RfmPage page;
    QVERIFY(openWithDefaults(page, m_path));
    QSignalSpy saved(&page, &RfmPage::segmentsSaved);
    QSignalSpy finished(&page, &RfmPage::saveFinished);
    page.saveAsSegments();
    QVERIFY(finished.wait(60000));
    QVERIFY2(page.errorMessage().isEmpty(), qPrintable(page.errorMessage()));
    QCOMPARE(saved.count(), 1);
    const seg::RfmResult& result = *page.result();
    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadOnly);
    auto list = seg::SegmentStore::list(*ws);
    QVERIFY(list.ok());
    int nonEmpty = 0;
    for (const seg::RfmSegmentSize& s : result.segments) {
        if (s.customers == 0)
            continue;
        ++nonEmpty;
        auto it = std::find_if(list->cbegin(), list->cend(),
            [&](const seg::SavedSegment& saved) { return saved.name == s.name; });
        QVERIFY2(it != list->cend(), qPrintable(s.name));
        QCOMPARE(it->members, s.customers);
        QCOMPARE(it->definitionText, QStringLiteral("rfm_segment is \"%1\"").arg(s.name));
    }
    QCOMPARE(finished.at(0).at(0).toStringList().size(), nonEmpty);
    // Saving again refreshes them instead of failing on the names.
    page.saveAsSegments();
    QVERIFY(finished.wait(60000));
    QVERIFY2(page.errorMessage().isEmpty(), qPrintable(page.errorMessage()));
    QCOMPARE(finished.at(1).at(0).toStringList().size(), nonEmpty);
    auto again = seg::SegmentStore::list(*ws);
    QCOMPARE(again->size(), list->size());
}

void TestRfmPage::lifecycleMatchesCustomerStatus()
{
    LifecyclePage page;
    page.resize(1280, 800);
    page.show();
    QVERIFY(openWithDefaults(page, m_path));
    seg::LifecycleOptions options;
    options.newDays = 60;
    options.activeDays = 200;
    options.lapsedDays = 500;
    page.setLifecycleOptions(options);
    QSignalSpy done(&page, &LifecyclePage::computed);
    page.apply();
    QVERIFY(done.wait(60000));
    QVERIFY2(page.errorMessage().isEmpty(), qPrintable(page.errorMessage()));
    QVERIFY(page.result());

    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadOnly);
    seg::JobContext job;
    auto metrics = seg::MetricsStore::readMetrics(*ws, job);
    auto expected = seg::CustomerStatus::compute(*metrics, options, {}, job);
    QVERIFY(expected.ok());
    StatusCountModel* model = page.lifecycleModel();
    QCOMPARE(model->rowCount(), expected->lifecycle.size());
    for (int i = 0; i < expected->lifecycle.size(); ++i) {
        QCOMPARE(model->rows().at(i).name, expected->lifecycle.at(i).name);
        QCOMPARE(model->rows().at(i).customers, expected->lifecycle.at(i).customers);
        QCOMPARE(model->rows().at(i).revenue, expected->lifecycle.at(i).revenue);
    }
    QCOMPARE(page.tiersModel()->rowCount(), expected->tiers.size());
    for (int i = 0; i < expected->tiers.size(); ++i)
        QCOMPARE(page.tiersModel()->rows().at(i).customers, expected->tiers.at(i).customers);
    QCOMPARE(page.paretoModel()->rowCount(), expected->pareto.size() + 1);
}

void TestRfmPage::opensWithStoredRfmSettings()
{
    RfmPage page;
    QVERIFY(openStored(page, m_stored));
    QVERIFY2(page.errorMessage().isEmpty(), qPrintable(page.errorMessage()));
    // The controls show what the workspace stores.
    auto* bins = page.findChild<QComboBox*>(QStringLiteral("rfmBins"));
    QCOMPARE(bins->currentData().toInt(), 4);
    QVERIFY(page.findChild<QAbstractButton*>(QStringLiteral("rfmCustom"))->isChecked());
    QCOMPARE(page.findChild<QLineEdit*>(QStringLiteral("rfmRecencyThresholds"))->text(),
        QStringLiteral("30; 90.5; 365"));
    QCOMPARE(
        page.findChild<QLineEdit*>(QStringLiteral("rfmFrequencyThresholds"))->text(), QString());
    QCOMPARE(page.mapModel()->rowCount(), 3);
    QCOMPARE(page.mapModel()->map().toJson(), threeRowMap().toJson());
    QCOMPARE(page.analysisDate(), QDate(2024, 10, 1));
    auto options = page.options();
    QVERIFY(options);
    QCOMPARE(options->bins, 4);
    QCOMPARE(options->recencyThresholds, m_storedRfm.recencyThresholds);
    QVERIFY(!options->frequencyThresholds);
    QVERIFY(page.showsStoredSettings());
    QVERIFY2(labelText(page, QStringLiteral("rfmSettingsOrigin"))
                 .contains(QStringLiteral("stored in the workspace")),
        qPrintable(labelText(page, QStringLiteral("rfmSettingsOrigin"))));

    // Computing with them shows what rules use, and leaves the stored settings as they were.
    QVERIFY(computeAndWait(page));
    QCOMPARE(page.result()->bins, 4);
    QCOMPARE(page.result()->recency.thresholds, *m_storedRfm.recencyThresholds);
    QStringList names;
    for (const seg::RfmSegmentSize& s : page.result()->segments)
        names.append(s.name);
    QVERIFY2(names.contains(QStringLiteral("Top")) && names.contains(QStringLiteral("Rest")),
        qPrintable(names.join(QStringLiteral(", "))));
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("rfmSummary"))
                ->text()
                .contains(seg::ui::valueformat::day(QDate(2024, 10, 1))));
    {
        auto ws = seg::Workspace::open(m_stored, seg::Workspace::OpenMode::ReadOnly);
        auto stored = seg::RfmScoring::storedSettings(*ws);
        QVERIFY(stored.ok());
        QCOMPARE(stored->options.bins, 4);
        QCOMPARE(stored->options.map.toJson(), threeRowMap().toJson());
        QCOMPARE(stored->options.recencyThresholds, m_storedRfm.recencyThresholds);
        QCOMPARE(stored->analysisDate, QDate(2024, 10, 1));
    }

    // Reset to defaults: the controls show the defaults, not applied until Compute.
    auto* reset = page.findChild<QPushButton*>(QStringLiteral("rfmResetDefaults"));
    QVERIFY(reset && reset->isEnabled());
    reset->click();
    QCOMPARE(bins->currentData().toInt(), 5);
    QVERIFY(!page.findChild<QAbstractButton*>(QStringLiteral("rfmCustom"))->isChecked());
    QCOMPARE(page.mapModel()->map().toJson(), seg::RfmSegmentMap::defaultMap().toJson());
    QVERIFY(page.analysisDate().isNull());
    QVERIFY(!page.showsStoredSettings());
    QVERIFY(labelText(page, QStringLiteral("rfmSettingsOrigin"))
                .contains(QStringLiteral("not applied")));
    {
        auto ws = seg::Workspace::open(m_stored, seg::Workspace::OpenMode::ReadOnly);
        QCOMPARE(seg::RfmScoring::storedOptions(*ws)->bins, 4);
    }
    QVERIFY(computeAndWait(page));
    QCOMPARE(page.result()->bins, 5);
    QVERIFY(page.showsStoredSettings());

    // A page opened now shows the defaults, as stored.
    RfmPage again;
    QVERIFY(openStored(again, m_stored));
    QCOMPARE(again.findChild<QComboBox*>(QStringLiteral("rfmBins"))->currentData().toInt(), 5);
    QCOMPARE(again.mapModel()->map().toJson(), seg::RfmSegmentMap::defaultMap().toJson());
    QVERIFY(again.analysisDate().isNull());
    QVERIFY(again.storedSettings().stored);

    // Store the non-default settings again for the tests that follow.
    seg::RfmSettings settings;
    settings.options = m_storedRfm;
    settings.analysisDate = QDate(2024, 10, 1);
    page.setSettings(settings);
    QVERIFY(computeAndWait(page));
    QCOMPARE(page.result()->bins, 4);
}

void TestRfmPage::computeWhileReadingUsesStoredSettings()
{
    // Compute right after choosing the workspace: it waits for the stored settings.
    RfmPage page;
    QSignalSpy loaded(&page, &RfmPage::settingsLoaded);
    page.setWorkspace(m_stored);
    QVERIFY(page.isLoading());
    QVERIFY(computeAndWait(page));
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(page.result()->bins, 4);
    QCOMPARE(page.result()->recency.thresholds, *m_storedRfm.recencyThresholds);

    // Lifecycle: the same.
    LifecyclePage lifecycle;
    QSignalSpy done(&lifecycle, &LifecyclePage::computed);
    lifecycle.setWorkspace(m_stored);
    lifecycle.apply();
    QVERIFY(lifecycle.isBusy());
    QVERIFY(done.wait(60000));
    QVERIFY2(lifecycle.errorMessage().isEmpty(), qPrintable(lifecycle.errorMessage()));
    QCOMPARE(lifecycle.tiersModel()->rowCount(), 3); // top 2 %, top 10 %, rest
    QCOMPARE(lifecycle.lifecycleOptions().newDays, 45);
}

void TestRfmPage::damagedRfmSettingsWarn()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.segws"));
    QVERIFY(QFile::copy(m_stored, path));
    const auto damage = [&path](const char* key) {
        auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadWrite);
        return ws.ok()
            && ws->database()
                   .exec(QStringLiteral("UPDATE workspace_meta SET value = '{\"segments\": [' "
                                        "WHERE key = '%1'")
                             .arg(QLatin1String(key)))
                   .ok();
    };
    QVERIFY(damage("rfm.map"));
    RfmPage page;
    QVERIFY(openStored(page, path));
    auto* bar = page.findChild<seg::ui::MessageBar*>();
    QVERIFY(bar && bar->isVisibleTo(&page));
    QCOMPARE(bar->kind(), seg::ui::MessageBar::Kind::Warning);
    QCOMPARE(page.findChild<QComboBox*>(QStringLiteral("rfmBins"))->currentData().toInt(), 5);
    QCOMPARE(page.mapModel()->map().toJson(), seg::RfmSegmentMap::defaultMap().toJson());
    QVERIFY(labelText(page, QStringLiteral("rfmSettingsOrigin"))
                .contains(QStringLiteral("cannot be read")));
    // Compute stores sound settings again.
    QVERIFY2(computeAndWait(page), qPrintable(page.errorMessage()));
    {
        auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
        QVERIFY(seg::RfmScoring::storedOptions(*ws).ok());
    }

    // Damaged lifecycle settings with statuses older than the metrics: Apply still repairs them.
    QVERIFY(damage("status.options"));
    QVERIFY(damage("status.metrics_computed_at"));
    LifecyclePage lifecycle;
    QVERIFY(openStored(lifecycle, path));
    auto* lifecycleBar = lifecycle.findChild<seg::ui::MessageBar*>();
    QVERIFY(lifecycleBar && lifecycleBar->isVisibleTo(&lifecycle));
    QCOMPARE(lifecycle.lifecycleOptions().newDays, 90);
    QVERIFY(labelText(lifecycle, QStringLiteral("lifecycleSettingsOrigin"))
                .contains(QStringLiteral("cannot be read")));
    QSignalSpy done(&lifecycle, &LifecyclePage::computed);
    lifecycle.apply();
    QVERIFY(done.wait(60000));
    QVERIFY2(lifecycle.errorMessage().isEmpty(), qPrintable(lifecycle.errorMessage()));
    QVERIFY(labelText(lifecycle, QStringLiteral("lifecycleSettingsOrigin"))
                .contains(QStringLiteral("stored in the workspace")));
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
    QVERIFY(seg::CustomerStatus::storedOptions(*ws).ok());
}

void TestRfmPage::opensWithStoredLifecycleSettings()
{
    LifecyclePage page;
    QVERIFY(openStored(page, m_stored));
    QCOMPARE(page.lifecycleOptions().newDays, 45);
    QCOMPARE(page.lifecycleOptions().activeDays, 180);
    QCOMPARE(page.lifecycleOptions().lapsedDays, 400);
    QCOMPARE(
        page.findChild<QLineEdit*>(QStringLiteral("tierCutoffs"))->text(), QStringLiteral("2; 10"));
    QVERIFY(page.tierOptions());
    QCOMPARE(page.tierOptions()->cutoffs, m_storedTiers.cutoffs);
    QVERIFY(page.showsStoredSettings());
    QVERIFY(labelText(page, QStringLiteral("lifecycleSettingsOrigin"))
                .contains(QStringLiteral("stored in the workspace")));

    // Reset to defaults, apply: stored.
    auto* reset = page.findChild<QPushButton*>(QStringLiteral("lifecycleResetDefaults"));
    QVERIFY(reset && reset->isEnabled());
    reset->click();
    QCOMPARE(page.lifecycleOptions().newDays, 90);
    QCOMPARE(page.lifecycleOptions().lapsedDays, 730);
    QCOMPARE(page.tierOptions()->cutoffs, seg::ValueTierOptions::defaultCutoffs());
    QVERIFY(!page.showsStoredSettings());
    QVERIFY(labelText(page, QStringLiteral("lifecycleSettingsOrigin"))
                .contains(QStringLiteral("not applied")));
    QSignalSpy done(&page, &LifecyclePage::computed);
    page.apply();
    QVERIFY(done.wait(60000));
    QVERIFY(page.result());
    QVERIFY(page.showsStoredSettings());
    // The analysis date chosen for the workspace was kept.
    QVERIFY2(labelText(page, QStringLiteral("lifecycleStatus"))
                 .contains(seg::ui::valueformat::day(QDate(2024, 10, 1))),
        qPrintable(labelText(page, QStringLiteral("lifecycleStatus"))));
    {
        auto ws = seg::Workspace::open(m_stored, seg::Workspace::OpenMode::ReadOnly);
        auto stored = seg::CustomerStatus::storedOptions(*ws);
        QVERIFY(stored.ok());
        QCOMPARE(stored->lifecycle.newDays, 90);
        QCOMPARE(stored->tiers.cutoffs, seg::ValueTierOptions::defaultCutoffs());
        QCOMPARE(seg::RfmScoring::storedAnalysisDate(*ws).value(), QDate(2024, 10, 1));
    }

    // Back to the non-default settings for the screenshots.
    page.setLifecycleOptions(m_storedWindows);
    page.setTierOptions(m_storedTiers);
    page.apply();
    QVERIFY(done.wait(60000));
    QVERIFY(page.showsStoredSettings());
}

void TestRfmPage::screenshot()
{
    // Set SEGWB_SCREENSHOT_DIR to keep the pictures; otherwise they go to the temporary folder.
    QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = m_dir.path();
    RfmPage page;
    page.resize(1280, 800);
    page.show();
    QVERIFY(openWithDefaults(page, m_path));
    QVERIFY(computeAndWait(page));
    QTableView* view = page.heatmapView();
    const QModelIndex cell = page.heatmapModel()->index(0, 4);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QVERIFY(picture(page).save(QDir(dir).filePath(QStringLiteral("rfm-page.png"))));
    auto* tabs = page.findChild<QTabWidget*>(QStringLiteral("rfmTabs"));
    tabs->setCurrentIndex(1);
    QVERIFY(picture(page).save(QDir(dir).filePath(QStringLiteral("rfm-page-segments.png"))));
    tabs->setCurrentIndex(2);
    page.mapModel()->removeRows(0, 1);
    QVERIFY(picture(page).save(QDir(dir).filePath(QStringLiteral("rfm-page-map.png"))));

    LifecyclePage lifecycle;
    lifecycle.resize(1280, 800);
    lifecycle.show();
    QVERIFY(openWithDefaults(lifecycle, m_path));
    QSignalSpy done(&lifecycle, &LifecyclePage::computed);
    lifecycle.apply();
    QVERIFY(done.wait(60000));
    QVERIFY(picture(lifecycle).save(QDir(dir).filePath(QStringLiteral("lifecycle-page.png"))));

    // The workspace with its own settings, after Reset to defaults: not applied yet.
    RfmPage stored;
    stored.resize(1280, 800);
    stored.show();
    QVERIFY(openStored(stored, m_stored));
    QVERIFY(computeAndWait(stored));
    stored.resetToDefaults();
    QVERIFY(picture(stored).save(QDir(dir).filePath(QStringLiteral("rfm-page-reset.png"))));
}

QTEST_MAIN(TestRfmPage)
#include "tst_rfmpage.moc"
