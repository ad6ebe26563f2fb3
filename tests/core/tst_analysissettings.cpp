// The RFM and lifecycle settings stored in a workspace: read back as they were applied, defaults
// when none are stored, and a clear error naming the setting when a stored value is damaged.
#include "customerstatus.h"
#include "database.h"
#include "importer.h"
#include "metricsstore.h"
#include "rfmscoring.h"
#include "workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace seg;

namespace {

using Doubles = std::vector<double>;
using OptionalDoubles = std::optional<Doubles>;

// 20 buyers with recency 10..200 days, 1..5 orders and revenue 50..1000, and one prospect.
std::vector<CustomerMetricsRow> metricsRows()
{
    std::vector<CustomerMetricsRow> rows;
    for (int i = 1; i <= 20; ++i) {
        CustomerMetricsRow m;
        m.customerId = QStringLiteral("C%1").arg(i, 2, 10, QLatin1Char('0'));
        m.orders = 1 + i % 5;
        m.revenue = 50.0 * i;
        m.recencyDays = 10 * i;
        m.tenureDays = 10 * i + 100;
        rows.push_back(m);
    }
    CustomerMetricsRow prospect;
    prospect.customerId = QStringLiteral("P1");
    rows.push_back(prospect);
    return rows;
}

// A workspace with stored customer metrics (no data tables: scoring reads the metrics only).
Workspace shop()
{
    auto ws = Workspace::openInMemory();
    Q_ASSERT(ws.ok());
    JobContext job;
    const QHash<QString, QString> meta { { QStringLiteral("computed_at"), QStringLiteral("1") },
        { QStringLiteral("analysis_date"), QStringLiteral("2024-07-01") },
        { QStringLiteral("chosen_date"), QString() } };
    auto written = MetricsStore::writeMetrics(*ws, metricsRows(), meta, job);
    Q_ASSERT(written.ok());
    return std::move(ws.value());
}

bool setMeta(Workspace& ws, const QString& key, const QString& value)
{
    auto stmt = ws.database().prepare(
        QStringLiteral("INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?1, ?2)"));
    if (!stmt)
        return false;
    stmt->bindText(1, key);
    stmt->bindText(2, value);
    return stmt->exec();
}

bool removeMeta(Workspace& ws, const QString& key)
{
    auto stmt = ws.database().prepare(QStringLiteral("DELETE FROM workspace_meta WHERE key = ?1"));
    if (!stmt)
        return false;
    stmt->bindText(1, key);
    return stmt->exec();
}

// A map of two rows on R and F with another name for the rest.
RfmSegmentMap twoRowMap()
{
    RfmSegmentMap map;
    map.otherName = QStringLiteral("Everyone else");
    RfmMapRule best;
    best.name = QStringLiteral("Best");
    best.r = ScoreRange { 3, 4 };
    best.f = ScoreRange { 4, 4 };
    RfmMapRule asleep;
    asleep.name = QStringLiteral("Asleep");
    asleep.r = ScoreRange { 1, 1 };
    map.rules = { best, asleep };
    return map;
}

} // namespace

class TestAnalysisSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsWhenNothingStored();
    void rfmRoundTrip_data();
    void rfmRoundTrip();
    void thresholdsOfAnOlderWorkspace();
    void analysisDateChoice();
    void ensureScoresKeepsStoredSettings();
    void damagedRfmSettings_data();
    void damagedRfmSettings();
    void statusRoundTrip_data();
    void statusRoundTrip();
    void partialStatusOptions();
    void damagedStatusOptions_data();
    void damagedStatusOptions();
};

void TestAnalysisSettings::defaultsWhenNothingStored()
{
    Workspace ws = shop();
    auto settings = RfmScoring::storedSettings(ws);
    QVERIFY2(settings.ok(), settings.ok() ? "" : qPrintable(settings.error().message));
    QVERIFY(!settings->stored);
    QCOMPARE(settings->options.bins, 5);
    QVERIFY(!settings->options.recencyThresholds);
    QVERIFY(!settings->options.frequencyThresholds);
    QVERIFY(!settings->options.monetaryThresholds);
    QCOMPARE(settings->options.map.toJson(), RfmSegmentMap::defaultMap().toJson());
    QVERIFY(settings->analysisDate.isNull());

    auto status = CustomerStatus::storedOptions(ws);
    QVERIFY2(status.ok(), status.ok() ? "" : qPrintable(status.error().message));
    QVERIFY(!status->stored);
    QCOMPARE(status->lifecycle.newDays, 90);
    QCOMPARE(status->lifecycle.activeDays, 365);
    QCOMPARE(status->lifecycle.lapsedDays, 730);
    QCOMPARE(status->tiers.cutoffs, QList<double>({ 1, 5, 20 }));
}

void TestAnalysisSettings::rfmRoundTrip_data()
{
    QTest::addColumn<int>("bins");
    QTest::addColumn<OptionalDoubles>("recency");
    QTest::addColumn<OptionalDoubles>("frequency");
    QTest::addColumn<OptionalDoubles>("monetary");
    QTest::addColumn<bool>("customMap");
    QTest::newRow("defaults") << 5 << OptionalDoubles() << OptionalDoubles() << OptionalDoubles()
                              << false;
    QTest::newRow("4 bins, own map")
        << 4 << OptionalDoubles() << OptionalDoubles() << OptionalDoubles() << true;
    QTest::newRow("3 bins, own recency and monetary cut points")
        << 3 << OptionalDoubles(Doubles { 30, 90.5 }) << OptionalDoubles()
        << OptionalDoubles(Doubles { 100, 0.1 + 0.2 + 400 }) << false;
    QTest::newRow("5 bins, own frequency, own map")
        << 5 << OptionalDoubles() << OptionalDoubles(Doubles { 1, 2, 3, 4 }) << OptionalDoubles()
        << true;
}

void TestAnalysisSettings::rfmRoundTrip()
{
    QFETCH(int, bins);
    QFETCH(OptionalDoubles, recency);
    QFETCH(OptionalDoubles, frequency);
    QFETCH(OptionalDoubles, monetary);
    QFETCH(bool, customMap);
    Workspace ws = shop();
    RfmOptions options;
    options.bins = bins;
    options.recencyThresholds = recency;
    options.frequencyThresholds = frequency;
    options.monetaryThresholds = monetary;
    if (customMap)
        options.map = twoRowMap();
    JobContext job;
    auto scored = RfmScoring::scoreAndStore(ws, options, QDate(2024, 7, 1), job);
    QVERIFY2(scored.ok(), scored.ok() ? "" : qPrintable(scored.error().message));

    auto settings = RfmScoring::storedSettings(ws);
    QVERIFY2(settings.ok(), settings.ok() ? "" : qPrintable(settings.error().message));
    QVERIFY(settings->stored);
    QCOMPARE(settings->options.bins, bins);
    // Exact: the cut points are stored as JSON numbers, which keep every bit of a double.
    QCOMPARE(settings->options.recencyThresholds, recency);
    QCOMPARE(settings->options.frequencyThresholds, frequency);
    QCOMPARE(settings->options.monetaryThresholds, monetary);
    QCOMPARE(settings->options.map.toJson(), options.map.toJson());
    auto stored = RfmScoring::storedOptions(ws);
    QVERIFY(stored.ok());
    QCOMPARE(stored->bins, bins);

    // Scoring again with the stored options gives the same scores.
    auto again = RfmScoring::scoreAndStore(ws, *stored, QDate(2024, 7, 1), job);
    QVERIFY(again.ok());
    QCOMPARE(again->recency.thresholds, scored->recency.thresholds);
    QCOMPARE(again->monetary.counts, scored->monetary.counts);
    QCOMPARE(again->segments.size(), scored->segments.size());
}

void TestAnalysisSettings::thresholdsOfAnOlderWorkspace()
{
    // Before rfm.thresholds existed only the result said which cut points were custom.
    Workspace ws = shop();
    RfmOptions options;
    options.bins = 4;
    options.frequencyThresholds = Doubles { 1, 2, 4 };
    JobContext job;
    QVERIFY(RfmScoring::scoreAndStore(ws, options, QDate(2024, 7, 1), job).ok());
    QVERIFY(removeMeta(ws, QStringLiteral("rfm.thresholds")));
    auto stored = RfmScoring::storedOptions(ws);
    QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().message));
    QCOMPARE(stored->frequencyThresholds, OptionalDoubles(Doubles { 1, 2, 4 }));
    QVERIFY(!stored->recencyThresholds);
    QVERIFY(!stored->monetaryThresholds);

    // Scoring without custom cut points stores that too: none come back.
    options.frequencyThresholds.reset();
    QVERIFY(RfmScoring::scoreAndStore(ws, options, QDate(2024, 7, 1), job).ok());
    stored = RfmScoring::storedOptions(ws);
    QVERIFY(stored.ok());
    QVERIFY(!stored->frequencyThresholds);
}

void TestAnalysisSettings::analysisDateChoice()
{
    Workspace ws = shop();
    auto date = RfmScoring::storedAnalysisDate(ws);
    QVERIFY(date.ok());
    QVERIFY(date->isNull());
    QVERIFY(setMeta(ws, QStringLiteral("metrics.chosen_date"), QStringLiteral("2024-03-01")));
    date = RfmScoring::storedAnalysisDate(ws);
    QVERIFY(date.ok());
    QCOMPARE(*date, QDate(2024, 3, 1));
    auto settings = RfmScoring::storedSettings(ws);
    QVERIFY(settings.ok());
    QCOMPARE(settings->analysisDate, QDate(2024, 3, 1));
}

void TestAnalysisSettings::ensureScoresKeepsStoredSettings()
{
    // Rules bring the scores up to date with the stored settings, at the chosen date.
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("t.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("customer_id,order_id,order_date,amount\n"
               "a,1,2024-01-05,10\nb,2,2024-02-01,20\nb,3,2024-02-20,30\nc,4,2024-02-25,100\n"
               "d,5,2023-12-01,5\ne,6,2024-02-28,70\ne,7,2024-01-10,15\nf,8,2023-11-11,40\n");
    file.close();
    auto ws = Workspace::open(
        dir.filePath(QStringLiteral("w.segws")), Workspace::OpenMode::CreateOrOpen);
    QVERIFY(ws.ok());
    ImportOptions import;
    import.kind = DataKind::Transactions;
    JobContext job;
    auto plan = Importer::plan(csv, import, job);
    QVERIFY(plan.ok());
    QVERIFY(Importer::run(*ws, *plan, import, job).ok());

    auto date = RfmScoring::ensureMetrics(*ws, QDate(2024, 3, 10), job);
    QVERIFY2(date.ok(), date.ok() ? "" : qPrintable(date.error().message));
    RfmOptions options;
    options.bins = 3;
    options.recencyThresholds = Doubles { 10, 40 };
    options.map = twoRowMap();
    QVERIFY(RfmScoring::scoreAndStore(*ws, options, *date, job).ok());
    // The scores go stale (as after an import): rules score again.
    QVERIFY(setMeta(*ws, QStringLiteral("rfm.metrics_computed_at"), QString()));
    auto used = RfmScoring::ensureScores(*ws, QDate(), job);
    QVERIFY2(used.ok(), used.ok() ? "" : qPrintable(used.error().message));
    QCOMPARE(*used, QDate(2024, 3, 10));
    QCOMPARE(RfmScoring::storedAnalysisDate(*ws).value(), QDate(2024, 3, 10));
    auto result = MetricsStore::metaValue(*ws, QStringLiteral("rfm.result"));
    QVERIFY(result.ok());
    const QJsonObject json = QJsonDocument::fromJson(result->toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("bins")).toInt(), 3);
    const QJsonObject recency = json.value(QStringLiteral("recency")).toObject();
    QVERIFY(recency.value(QStringLiteral("custom")).toBool());
    QCOMPARE(recency.value(QStringLiteral("thresholds")).toArray(), QJsonArray({ 10, 40 }));
    auto stored = RfmScoring::storedOptions(*ws);
    QVERIFY(stored.ok());
    QCOMPARE(stored->map.toJson(), twoRowMap().toJson());

    // An explicit date still wins.
    used = RfmScoring::ensureScores(*ws, QDate(2024, 3, 20), job);
    QVERIFY(used.ok());
    QCOMPARE(*used, QDate(2024, 3, 20));
}

void TestAnalysisSettings::damagedRfmSettings_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("bins out of range") << QStringLiteral("rfm.bins") << QStringLiteral("7");
    QTest::newRow("bins not a number") << QStringLiteral("rfm.bins") << QStringLiteral("five");
    QTest::newRow("map not JSON") << QStringLiteral("rfm.map")
                                  << QStringLiteral("{\"segments\": [");
    QTest::newRow("map not an object") << QStringLiteral("rfm.map") << QStringLiteral("[1, 2]");
    QTest::newRow("map without rows")
        << QStringLiteral("rfm.map") << QStringLiteral("{\"segments\": []}");
    QTest::newRow("map with a bad range") << QStringLiteral(
        "rfm.map") << QStringLiteral("{\"segments\": [{\"name\": \"A\", \"r\": \"high\"}]}");
    QTest::newRow("thresholds not JSON") << QStringLiteral("rfm.thresholds") << QStringLiteral("{");
    QTest::newRow("thresholds not a list")
        << QStringLiteral("rfm.thresholds") << QStringLiteral("{\"recency\": 30}");
    QTest::newRow("threshold not a number")
        << QStringLiteral("rfm.thresholds") << QStringLiteral("{\"monetary\": [10, \"x\"]}");
    QTest::newRow("analysis date not a date")
        << QStringLiteral("metrics.chosen_date") << QStringLiteral("yesterday");
}

void TestAnalysisSettings::damagedRfmSettings()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    Workspace ws = shop();
    QVERIFY(setMeta(ws, key, value));
    auto settings = RfmScoring::storedSettings(ws);
    QVERIFY(!settings.ok());
    QCOMPARE(settings.error().code, ErrorCode::Workspace);
    QVERIFY2(settings.error().message.contains(key), qPrintable(settings.error().message));
    QVERIFY2(settings.error().message.contains(QStringLiteral("damaged")),
        qPrintable(settings.error().message));
    if (key.startsWith(QStringLiteral("rfm."))) {
        auto options = RfmScoring::storedOptions(ws);
        QVERIFY(!options.ok());
        QCOMPARE(options.error().message, settings.error().message);
    }
}

void TestAnalysisSettings::statusRoundTrip_data()
{
    QTest::addColumn<int>("newDays");
    QTest::addColumn<int>("activeDays");
    QTest::addColumn<int>("lapsedDays");
    QTest::addColumn<QList<double>>("cutoffs");
    QTest::newRow("defaults") << 90 << 365 << 730 << QList<double>({ 1, 5, 20 });
    QTest::newRow("short windows, two tiers") << 30 << 200 << 400 << QList<double>({ 2.5, 10 });
    QTest::newRow("no tiers") << 60 << 180 << 365 << QList<double>();
}

void TestAnalysisSettings::statusRoundTrip()
{
    QFETCH(int, newDays);
    QFETCH(int, activeDays);
    QFETCH(int, lapsedDays);
    QFETCH(QList<double>, cutoffs);
    Workspace ws = shop();
    LifecycleOptions windows;
    windows.newDays = newDays;
    windows.activeDays = activeDays;
    windows.lapsedDays = lapsedDays;
    ValueTierOptions tiers;
    tiers.cutoffs = cutoffs;
    JobContext job;
    auto stored = CustomerStatus::computeAndStore(ws, metricsRows(), windows, tiers, job);
    QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().message));
    auto options = CustomerStatus::storedOptions(ws);
    QVERIFY2(options.ok(), options.ok() ? "" : qPrintable(options.error().message));
    QVERIFY(options->stored);
    QCOMPARE(options->lifecycle.newDays, newDays);
    QCOMPARE(options->lifecycle.activeDays, activeDays);
    QCOMPARE(options->lifecycle.lapsedDays, lapsedDays);
    QCOMPARE(options->tiers.cutoffs, cutoffs);
    // refreshStored() computes with them.
    auto refreshed = CustomerStatus::refreshStored(ws, metricsRows(), job);
    QVERIFY(refreshed.ok());
    QCOMPARE(refreshed->tiers.size(), cutoffs.size() + 1);
    for (int i = 0; i < stored->lifecycle.size(); ++i)
        QCOMPARE(refreshed->lifecycle.at(i).customers, stored->lifecycle.at(i).customers);
}

void TestAnalysisSettings::partialStatusOptions()
{
    // Keys a stored object lacks keep their defaults (settings written by an older version).
    Workspace ws = shop();
    QVERIFY(setMeta(ws, QStringLiteral("status.options"), QStringLiteral("{\"new_days\": 30}")));
    auto options = CustomerStatus::storedOptions(ws);
    QVERIFY2(options.ok(), options.ok() ? "" : qPrintable(options.error().message));
    QVERIFY(options->stored);
    QCOMPARE(options->lifecycle.newDays, 30);
    QCOMPARE(options->lifecycle.activeDays, 365);
    QCOMPARE(options->lifecycle.lapsedDays, 730);
    QCOMPARE(options->tiers.cutoffs, QList<double>({ 1, 5, 20 }));
}

void TestAnalysisSettings::damagedStatusOptions_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("not JSON") << QStringLiteral("{\"new_days\": ");
    QTest::newRow("not an object") << QStringLiteral("[90, 365, 730]");
    QTest::newRow("window not a number") << QStringLiteral("{\"new_days\": \"ninety\"}");
    QTest::newRow("window zero") << QStringLiteral("{\"active_days\": 0}");
    QTest::newRow("window not whole") << QStringLiteral("{\"lapsed_days\": 400.5}");
    QTest::newRow("cut-offs not a list") << QStringLiteral("{\"tier_cutoffs\": 5}");
    QTest::newRow("cut-off not a number") << QStringLiteral("{\"tier_cutoffs\": [1, \"x\"]}");
}

void TestAnalysisSettings::damagedStatusOptions()
{
    QFETCH(QString, value);
    Workspace ws = shop();
    QVERIFY(setMeta(ws, QStringLiteral("status.options"), value));
    auto options = CustomerStatus::storedOptions(ws);
    QVERIFY(!options.ok());
    QCOMPARE(options.error().code, ErrorCode::Workspace);
    QVERIFY2(options.error().message.contains(QStringLiteral("status.options")),
        qPrintable(options.error().message));
    // Nothing is computed with damaged settings.
    JobContext job;
    auto refreshed = CustomerStatus::refreshStored(ws, metricsRows(), job);
    QVERIFY(!refreshed.ok());
    QCOMPARE(refreshed.error().message, options.error().message);

    // Storing sound options repairs them; invalid ones are refused.
    LifecycleOptions windows;
    windows.activeDays = 800;
    QCOMPARE(CustomerStatus::storeOptions(ws, windows, ValueTierOptions()).error().code,
        ErrorCode::Usage);
    windows.activeDays = 200;
    ValueTierOptions tiers;
    tiers.cutoffs = { 3 };
    QVERIFY(CustomerStatus::storeOptions(ws, windows, tiers).ok());
    options = CustomerStatus::storedOptions(ws);
    QVERIFY(options.ok());
    QCOMPARE(options->lifecycle.activeDays, 200);
    QCOMPARE(options->tiers.cutoffs, QList<double>({ 3 }));
    refreshed = CustomerStatus::refreshStored(ws, metricsRows(), job);
    QVERIFY(refreshed.ok());
    QCOMPARE(refreshed->tiers.size(), 2);
}

QTEST_GUILESS_MAIN(TestAnalysisSettings)
#include "tst_analysissettings.moc"
