// RFM binning, scores, segment map and its coverage against hand-computed values. Quantiles
// are Hyndman-Fan type 7 (NumPy's and R's default): h = (n - 1) p, x[floor h] + frac(h) (x[floor
// h + 1] - x[floor h]), checked with numpy.quantile.
#include "rfmmodel.h"
#include "rfmsegmentmap.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace seg;

namespace {

using Doubles = std::vector<double>;

CustomerMetricsRow buyer(const char* id, qint64 recency, qint64 orders, double revenue)
{
    CustomerMetricsRow m;
    m.customerId = QString::fromLatin1(id);
    m.orders = orders;
    m.revenue = revenue;
    m.recencyDays = recency;
    return m;
}

// Six buyers and a prospect. With 3 bins (hand-computed):
// recency [1 10 30 60 200 400] -> thresholds 23.333, 106.667 -> bins 1 1 2 2 3 3 -> R 3 3 2 2 1 1
// orders  [1 1 2 3 5 8]        -> thresholds 1.6667, 3.6667  -> F 1 1 2 2 3 3
// revenue [10 50 50 100 500 1000] -> thresholds 50, 233.33 -> M 1 1 1 2 3 3 (50 is not > 50)
std::vector<CustomerMetricsRow> sixBuyers()
{
    std::vector<CustomerMetricsRow> rows { buyer("c1", 1, 1, 10), buyer("c2", 10, 1, 50),
        buyer("c3", 30, 2, 50), buyer("c4", 60, 3, 100), buyer("c5", 200, 5, 500),
        buyer("c6", 400, 8, 1000) };
    CustomerMetricsRow prospect;
    prospect.customerId = QStringLiteral("p");
    rows.push_back(prospect);
    return rows;
}

void compareDoubles(const Doubles& actual, const Doubles& expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(std::abs(actual[i] - expected[i]) < 1e-9,
            qPrintable(QStringLiteral("threshold %1: %2, expected %3")
                           .arg(i)
                           .arg(actual[i], 0, 'g', 17)
                           .arg(expected[i], 0, 'g', 17)));
}

} // namespace

class TestRfmModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quantiles_data();
    void quantiles();
    void binning_data();
    void binning();
    void scoresSixBuyers();
    void customThresholds();
    void badOptions();
    void tiesShareAScore();
    void defaultMapCoversEveryCell();
    void defaultMapNamesCells_data();
    void defaultMapNamesCells();
    void defaultMapOnThreeBins();
    void customMapWarnings();
    void mapJsonRoundTrip();
    void mapJsonErrors_data();
    void mapJsonErrors();
};

void TestRfmModel::quantiles_data()
{
    QTest::addColumn<Doubles>("sorted");
    QTest::addColumn<int>("bins");
    QTest::addColumn<Doubles>("expected");
    QTest::newRow("1..10 quintiles")
        << Doubles { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 } << 5 << Doubles { 2.8, 4.6, 6.4, 8.2 };
    QTest::newRow("ties quartiles")
        << Doubles { 1, 1, 1, 1, 2, 2, 3, 10 } << 4 << Doubles { 1, 1.5, 2.25 };
    QTest::newRow("single value") << Doubles { 7 } << 5 << Doubles { 7, 7, 7, 7 };
    QTest::newRow("two values tertiles") << Doubles { 0, 3 } << 3 << Doubles { 1, 2 };
    QTest::newRow("all equal") << Doubles { 4, 4, 4 } << 3 << Doubles { 4, 4 };
    QTest::newRow("empty") << Doubles {} << 5 << Doubles {};
}

void TestRfmModel::quantiles()
{
    QFETCH(Doubles, sorted);
    QFETCH(int, bins);
    QFETCH(Doubles, expected);
    compareDoubles(RfmModel::quantileThresholds(sorted, bins), expected);
}

void TestRfmModel::binning_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<Doubles>("thresholds");
    QTest::addColumn<int>("bin");
    const Doubles t { 1, 1.5, 2.25 };
    QTest::newRow("below all") << 0.0 << t << 1;
    QTest::newRow("equal to first is not above it") << 1.0 << t << 1;
    QTest::newRow("between") << 1.2 << t << 2;
    QTest::newRow("equal to second") << 1.5 << t << 2;
    QTest::newRow("above all") << 10.0 << t << 4;
    QTest::newRow("repeated thresholds") << 4.5 << Doubles { 4, 4, 5 } << 3;
    QTest::newRow("on repeated thresholds") << 4.0 << Doubles { 4, 4, 5 } << 1;
}

void TestRfmModel::binning()
{
    QFETCH(double, value);
    QFETCH(Doubles, thresholds);
    QFETCH(int, bin);
    QCOMPARE(RfmModel::bin(value, thresholds), bin);
}

void TestRfmModel::scoresSixBuyers()
{
    RfmOptions options;
    options.bins = 3;
    JobContext job;
    auto result = RfmModel::fit(sixBuyers(), options, job);
    QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
    QCOMPARE(result->customersScored, 6);
    QCOMPARE(result->prospects, 1);
    compareDoubles(result->recency.thresholds, { 10 + 20.0 * 2 / 3, 60 + 140.0 / 3 });
    compareDoubles(result->frequency.thresholds, { 1 + 2.0 / 3, 3 + 2.0 / 3 });
    compareDoubles(result->monetary.thresholds, { 50, 100 + 400.0 / 3 });
    QCOMPARE(result->recency.counts, std::vector<qint64>({ 2, 2, 2 }));
    QCOMPARE(result->frequency.counts, std::vector<qint64>({ 2, 2, 2 }));
    QCOMPARE(result->monetary.counts, std::vector<qint64>({ 3, 1, 2 }));

    QList<std::array<int, 4>> scores;
    QStringList segments;
    for (const RfmScoreRow& s : result->scores) {
        scores.append({ s.r, s.f, s.m, s.fm });
        segments.append(s.segment);
    }
    const QList<std::array<int, 4>> expected { { 3, 1, 1, 1 }, { 3, 1, 1, 1 }, { 2, 2, 1, 2 },
        { 2, 2, 2, 2 }, { 1, 3, 3, 3 }, { 1, 3, 3, 3 } };
    QCOMPARE(scores, expected);
    QCOMPARE(segments,
        QStringList({ QStringLiteral("About To Sleep"), QStringLiteral("About To Sleep"),
            QStringLiteral("Hibernating"), QStringLiteral("Hibernating"), QStringLiteral("At Risk"),
            QStringLiteral("At Risk") }));
    // Every map segment is listed, in map order, with its customers and revenue.
    QCOMPARE(result->segments.size(), 11);
    QHash<QString, std::pair<qint64, double>> sizes;
    for (const RfmSegmentSize& s : result->segments)
        sizes.insert(s.name, { s.customers, s.revenue });
    QCOMPARE(sizes.value(QStringLiteral("About To Sleep")), std::make_pair(qint64(2), 60.0));
    QCOMPARE(sizes.value(QStringLiteral("Hibernating")), std::make_pair(qint64(2), 150.0));
    QCOMPARE(sizes.value(QStringLiteral("At Risk")), std::make_pair(qint64(2), 1500.0));
    QCOMPARE(sizes.value(QStringLiteral("Champions")), std::make_pair(qint64(0), 0.0));
    QCOMPARE(result->segments.first().name, QStringLiteral("Champions"));

    const QJsonObject json = result->toJson();
    QCOMPARE(json[u"customers_scored"].toInteger(), 6);
    QCOMPARE(json[u"monetary"][u"counts"].toArray().size(), 3);
    QCOMPARE(json[u"monetary"][u"thresholds"].toArray().at(0).toDouble(), 50.0);
    QCOMPARE(json[u"segments"].toArray().size(), 11);
}

void TestRfmModel::customThresholds()
{
    RfmOptions options;
    options.bins = 3;
    options.monetaryThresholds = Doubles { 40, 60 };
    JobContext job;
    auto result = RfmModel::fit(sixBuyers(), options, job);
    QVERIFY(result.ok());
    QVERIFY(result->monetary.custom);
    QVERIFY(!result->frequency.custom);
    compareDoubles(result->monetary.thresholds, { 40, 60 });
    // 10 -> 1; 50, 50 -> 2; 100, 500, 1000 -> 3.
    QCOMPARE(result->monetary.counts, std::vector<qint64>({ 1, 2, 3 }));
    QCOMPARE(result->scores.at(1).m, 2);
}

void TestRfmModel::badOptions()
{
    JobContext job;
    RfmOptions options;
    options.bins = 6;
    QCOMPARE(RfmModel::fit(sixBuyers(), options, job).error().code, ErrorCode::Usage);
    options.bins = 3;
    options.recencyThresholds = Doubles { 30 };
    auto r = RfmModel::fit(sixBuyers(), options, job);
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("needs 2 thresholds")));
    options.recencyThresholds = Doubles { 90, 30 };
    QVERIFY(RfmModel::fit(sixBuyers(), options, job)
                .error()
                .message.contains(QStringLiteral("increasing order")));
}

void TestRfmModel::tiesShareAScore()
{
    // Eight buyers, frequencies 1 1 1 1 2 2 3 10 in quartiles: thresholds 1, 1.5, 2.25, so the
    // four 1s share F 1, no one gets F 2, the 2s get F 3, and 3 and 10 get F 4.
    std::vector<CustomerMetricsRow> rows;
    const int orders[] = { 1, 1, 1, 1, 2, 2, 3, 10 };
    for (int i = 0; i < 8; ++i)
        rows.push_back(
            buyer(qPrintable(QStringLiteral("t%1").arg(i)), 5, orders[i], 10.0 * (i + 1)));
    RfmOptions options;
    options.bins = 4;
    JobContext job;
    auto result = RfmModel::fit(rows, options, job);
    QVERIFY(result.ok());
    compareDoubles(result->frequency.thresholds, { 1, 1.5, 2.25 });
    QCOMPARE(result->frequency.counts, std::vector<qint64>({ 4, 0, 2, 2 }));
    // Equal recency for everyone: every threshold is 5 and everyone gets R 4 (bin 1).
    QCOMPARE(result->recency.counts, std::vector<qint64>({ 0, 0, 0, 8 }));
}

void TestRfmModel::defaultMapCoversEveryCell()
{
    const RfmSegmentMap map = RfmSegmentMap::defaultMap();
    QCOMPARE(map.rules.size(), 11);
    const auto coverage = map.coverage(5);
    QVERIFY2(coverage.unmatchedCells.isEmpty(), qPrintable(coverage.unmatchedCells.join(u',')));
    QVERIFY2(coverage.neverMatching.isEmpty(), qPrintable(coverage.neverMatching.join(u',')));
    QVERIFY(coverage.warnings().isEmpty());
    // Each of the 25 R x FM cells belongs to exactly one row.
    for (int r = 1; r <= 5; ++r) {
        for (int fm = 1; fm <= 5; ++fm) {
            int matches = 0;
            for (const RfmMapRule& rule : map.rules)
                matches += rule.matches(r, 1, 1, fm) ? 1 : 0;
            QVERIFY2(matches == 1,
                qPrintable(QStringLiteral("R %1 FM %2: %3").arg(r).arg(fm).arg(matches)));
        }
    }
}

void TestRfmModel::defaultMapNamesCells_data()
{
    QTest::addColumn<int>("r");
    QTest::addColumn<int>("f");
    QTest::addColumn<int>("m");
    QTest::addColumn<QString>("segment");
    QTest::newRow("555") << 5 << 5 << 5 << QStringLiteral("Champions");
    QTest::newRow("5 4 3: FM 4") << 5 << 4 << 3 << QStringLiteral("Champions");
    QTest::newRow("5 3 3: FM 3") << 5 << 3 << 3 << QStringLiteral("Potential Loyalists");
    QTest::newRow("5 1 2: FM 2 (1.5 rounds up)")
        << 5 << 1 << 2 << QStringLiteral("Potential Loyalists");
    QTest::newRow("5 1 1") << 5 << 1 << 1 << QStringLiteral("New Customers");
    QTest::newRow("4 1 1") << 4 << 1 << 1 << QStringLiteral("Promising");
    QTest::newRow("4 5 4") << 4 << 5 << 4 << QStringLiteral("Loyal Customers");
    QTest::newRow("3 3 3") << 3 << 3 << 3 << QStringLiteral("Need Attention");
    QTest::newRow("3 2 2") << 3 << 2 << 2 << QStringLiteral("About To Sleep");
    QTest::newRow("2 4 3: FM 4") << 2 << 4 << 3 << QStringLiteral("At Risk");
    QTest::newRow("1 5 5") << 1 << 5 << 5 << QStringLiteral("Can't Lose Them");
    QTest::newRow("2 1 1") << 2 << 1 << 1 << QStringLiteral("Hibernating");
    QTest::newRow("1 2 1: FM 2") << 1 << 2 << 1 << QStringLiteral("Lost");
}

void TestRfmModel::defaultMapNamesCells()
{
    QFETCH(int, r);
    QFETCH(int, f);
    QFETCH(int, m);
    QFETCH(QString, segment);
    QCOMPARE(RfmSegmentMap::defaultMap().segmentFor(r, f, m), segment);
}

void TestRfmModel::defaultMapOnThreeBins()
{
    const auto coverage = RfmSegmentMap::defaultMap().coverage(3);
    QVERIFY(coverage.unmatchedCells.isEmpty());
    QCOMPARE(coverage.neverMatching,
        QStringList({ QStringLiteral("Champions"), QStringLiteral("Loyal Customers"),
            QStringLiteral("Potential Loyalists"), QStringLiteral("New Customers"),
            QStringLiteral("Promising"), QStringLiteral("Can't Lose Them") }));
    QCOMPARE(coverage.warnings().size(), 6);
}

void TestRfmModel::customMapWarnings()
{
    auto map = RfmSegmentMap::fromJson(QJsonDocument::fromJson(R"({"other": "Rest", "segments": [
            {"name": "Top", "r": [4, 5]},
            {"name": "Also top", "r": 5, "fm": 5},
            {"name": "Big spenders", "m": 5}]})")
                                           .object());
    QVERIFY2(map.ok(), map.ok() ? "" : qPrintable(map.error().message));
    QCOMPARE(map->segmentFor(4, 1, 1), QStringLiteral("Top"));
    QCOMPARE(map->segmentFor(2, 1, 5), QStringLiteral("Big spenders"));
    QCOMPARE(map->segmentFor(2, 1, 4), QStringLiteral("Rest"));
    const auto coverage = map->coverage(5);
    QCOMPARE(coverage.neverMatching, QStringList({ QStringLiteral("Also top") }));
    // The map uses M on its own, so cells are R, F, M: R 1-3 with M 1-4, any F: 3 x 5 x 4.
    QCOMPARE(coverage.unmatchedCells.size(), 60);
    QCOMPARE(coverage.unmatchedCells.first(), QStringLiteral("R 1, F 1, M 1"));
    const QStringList warnings = coverage.warnings();
    QCOMPARE(warnings.size(), 2);
    QVERIFY(warnings.at(0).startsWith(QStringLiteral("60 score cells match no row")));
    QVERIFY(warnings.at(1).contains(QStringLiteral("\u201cAlso top\u201d can never match")));
}

void TestRfmModel::mapJsonRoundTrip()
{
    const RfmSegmentMap map = RfmSegmentMap::defaultMap();
    auto back = RfmSegmentMap::fromJson(map.toJson());
    QVERIFY(back.ok());
    QCOMPARE(back->toJson(), map.toJson());
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f)
            for (int m = 1; m <= 5; ++m)
                QCOMPARE(back->segmentFor(r, f, m), map.segmentFor(r, f, m));
}

void TestRfmModel::mapJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("no segments") << QByteArray(R"({"other": "x"})")
                                 << QStringLiteral("needs a list \u201csegments\u201d");
    QTest::newRow("reversed range") << QByteArray(R"({"segments": [{"name": "A", "r": [5, 1]}]})")
                                    << QStringLiteral("row 1: \u201cr\u201d must be");
    QTest::newRow("score 6") << QByteArray(
        R"({"segments": [{"name": "A"}, {"name": "B", "fm": 6}]})")
                             << QStringLiteral("row 2: \u201cfm\u201d must be");
    QTest::newRow("no name") << QByteArray(R"({"segments": [{"r": 1}]})")
                             << QStringLiteral("row 1 has no name");
    QTest::newRow("unknown key") << QByteArray(R"({"segments": [{"name": "A", "x": 1}]})")
                                 << QStringLiteral("unknown key \u201cx\u201d");
}

void TestRfmModel::mapJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    auto map = RfmSegmentMap::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!map.ok());
    QVERIFY2(map.error().message.contains(message), qPrintable(map.error().message));
}

QTEST_GUILESS_MAIN(TestRfmModel)
#include "tst_rfmmodel.moc"
