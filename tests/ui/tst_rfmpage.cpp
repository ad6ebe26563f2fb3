#include "customerstatus.h"
#include "demogenerator.h"
#include "importer.h"
#include "jobcontext.h"
#include "lifecyclepage.h"
#include "metricsstore.h"
#include "paretomodel.h"
#include "rfmbinsmodel.h"
#include "rfmheatmapmodel.h"
#include "rfmmapmodel.h"
#include "rfmmodel.h"
#include "rfmpage.h"
#include "segmentstore.h"
#include "statuscountmodel.h"
#include "valueformat.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QDir>
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

QString importCsv(const QString& workspace, const QString& csv, seg::DataKind kind)
{
    seg::ImportOptions options;
    options.kind = kind;
    seg::JobContext job;
    auto plan = seg::Importer::plan(csv, options, job);
    if (!plan)
        return plan.error().message;
    auto ws = seg::Workspace::open(workspace, seg::Workspace::OpenMode::CreateOrOpen);
    if (!ws)
        return ws.error().message;
    auto report = seg::Importer::run(*ws, *plan, options, job);
    return report ? QString() : report.error().message;
}

// RfmModel::fit on the stored metrics: the reference the page must agree with.
seg::RfmResult reference(const QString& path, const seg::RfmOptions& options)
{
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
    seg::JobContext job;
    auto metrics = seg::MetricsStore::readMetrics(*ws, job);
    auto fit = seg::RfmModel::fit(*metrics, options, job);
    return fit.value();
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
    void savesSegments();
    void lifecycleMatchesCustomerStatus();
    void screenshot();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestRfmPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    seg::DemoOptions demo;
    demo.customers = 400;
    demo.seed = 7;
    seg::JobContext job;
    auto written = seg::DemoGenerator(demo).writeCsv(m_dir.filePath(QStringLiteral("demo")), job);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    const QDir data(m_dir.filePath(QStringLiteral("demo")));
    m_path = m_dir.filePath(QStringLiteral("demo.segws"));
    QString error = importCsv(
        m_path, data.filePath(QStringLiteral("customers.csv")), seg::DataKind::Customers);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = importCsv(
        m_path, data.filePath(QStringLiteral("transactions.csv")), seg::DataKind::Transactions);
    QVERIFY2(error.isEmpty(), qPrintable(error));
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
    page.setWorkspace(m_path);
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
    page.setWorkspace(m_path);
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
    // The stale job ends without touching the page.
    QTest::qWait(0);
    QTRY_VERIFY(page.findChild<QPushButton*>(QStringLiteral("rfmCompute"))->isEnabled());
    QVERIFY(computeAndWait(page));
}

void TestRfmPage::savesSegments()
{
    RfmPage page;
    page.setWorkspace(m_path);
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
    page.setWorkspace(m_path);
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

void TestRfmPage::screenshot()
{
    // Set SEGWB_SCREENSHOT_DIR to keep the pictures; otherwise they go to the temporary folder.
    QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = m_dir.path();
    RfmPage page;
    page.resize(1280, 800);
    page.show();
    page.setWorkspace(m_path);
    QVERIFY(computeAndWait(page));
    QTableView* view = page.heatmapView();
    const QModelIndex cell = page.heatmapModel()->index(0, 4);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("rfm-page.png"))));
    auto* tabs = page.findChild<QTabWidget*>(QStringLiteral("rfmTabs"));
    tabs->setCurrentIndex(1);
    QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("rfm-page-segments.png"))));
    tabs->setCurrentIndex(2);
    page.mapModel()->removeRows(0, 1);
    QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("rfm-page-map.png"))));

    LifecyclePage lifecycle;
    lifecycle.resize(1280, 800);
    lifecycle.show();
    lifecycle.setWorkspace(m_path);
    QSignalSpy done(&lifecycle, &LifecyclePage::computed);
    lifecycle.apply();
    QVERIFY(done.wait(60000));
    QVERIFY(lifecycle.grab().save(QDir(dir).filePath(QStringLiteral("lifecycle-page.png"))));
}

QTEST_MAIN(TestRfmPage)
#include "tst_rfmpage.moc"
