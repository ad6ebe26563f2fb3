#include "columnprofile.h"
#include "descriptivestats.h"
#include "histogram.h"
#include "jobcontext.h"
#include "workspace.h"

#include <QDate>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace seg;

namespace {

// Attribute columns without a declared type keep the type each value was stored with, as the
// importer's attribute columns do.
const char* const kCustomersSql = R"sql(
CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE,
    income, score, blank, constant, birth, seen_at, city, vip, "we""ird", notes);
INSERT INTO customers
    (customer_id, income, score, blank, constant, birth, seen_at, city, vip, "we""ird", notes)
VALUES
    ('C1', 10,   0.5,  NULL, 42, '2024-01-01', '2024-01-01 06:00:00', 'Berlin', 1,    7, 'a'),
    ('C2', 20,   1.0,  NULL, 42, '2024-01-03', '2024-01-02 18:00:00', 'Paris',  0,    7, 'b'),
    ('C3', 30,   1.5,  NULL, 42, '2024-01-03', NULL,                  'Wien',   1,    7, 'c'),
    ('C4', 40,   2.0,  NULL, 42, '2024-01-10', NULL,                  'Berlin', 1,    7, 'd'),
    ('C5', NULL, NULL, NULL, 42, NULL,         NULL,                  'Paris',  NULL, 7, 'e'),
    ('C6', 100,  'n/a', NULL, 42, 'someday',   NULL,                  'Berlin', NULL, 7, 'f'),
    ('C7', 'lots', NULL, NULL, 42, NULL,       NULL,                  'Oslo',   NULL, 7, NULL),
    ('C8', NULL, NULL, NULL, 42, NULL,         NULL,                  'Wien',   NULL, 7, NULL),
    ('C9', NULL, NULL, NULL, 42, NULL,         NULL,                  NULL,     NULL, 7, NULL);
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('customers', 'customer_id', 'Customer', 'text', 'customer_id', 0),
    ('customers', 'income', 'Income', 'integer', NULL, 1),
    ('customers', 'score', 'Score', 'decimal', NULL, 2),
    ('customers', 'blank', 'Blank', 'decimal', NULL, 3),
    ('customers', 'constant', 'Constant', 'integer', NULL, 4),
    ('customers', 'birth', 'Birth', 'date', NULL, 5),
    ('customers', 'seen_at', 'Seen at', 'date-time', NULL, 6),
    ('customers', 'city', 'City', 'category', NULL, 7),
    ('customers', 'vip', 'VIP', 'yes/no', NULL, 8),
    ('customers', 'we"ird', 'We"ird', 'integer', NULL, 9),
    ('customers', 'notes', 'Notes', 'text', NULL, 10);
CREATE TABLE many (v TEXT);
CREATE TABLE empty (v);
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('many', 'v', 'V', 'category', NULL, 0), ('empty', 'v', 'V', 'decimal', NULL, 0);
)sql";

// Value vNN appears NN times, NN = 1..20: the top 15 are v20..v06, the other 5 values hold
// 1 + 2 + 3 + 4 + 5 = 15 rows.
const char* const kManySql = R"sql(
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20),
    k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 20)
INSERT INTO many (v) SELECT printf('v%02d', i) FROM n, k WHERE j <= i;
)sql";

// 400,000 rows: long enough that a cancel arrives in the middle of the scan.
const char* const kBigSql = R"sql(
CREATE TABLE big (x REAL, label TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)
INSERT INTO big (x, label) SELECT (i * 7919) % 100003, printf('L%d', i % 5000) FROM n;
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('big', 'x', 'X', 'decimal', NULL, 0), ('big', 'label', 'Label', 'category', NULL, 1);
)sql";

double day(int y, int m, int d)
{
    return static_cast<double>(QDate(1970, 1, 1).daysTo(QDate(y, m, d)));
}

// Says "cancelled" from its n-th poll on: a cancel that arrives in the middle of a scan.
class CancelAfterPolls : public JobContext {
public:
    explicit CancelAfterPolls(int polls)
        : m_left(polls)
    {
    }
    bool isCancelled() const override { return --m_left < 0; }

private:
    mutable int m_left;
};

using Counts = QList<qint64>;

Counts countsOf(const Histogram& h)
{
    Counts out;
    for (const HistogramBin& b : h.bins)
        out.append(b.count);
    return out;
}

QList<double> edgesOf(const Histogram& h)
{
    QList<double> out;
    for (const HistogramBin& b : h.bins)
        out.append(b.lower);
    if (!h.bins.isEmpty())
        out.append(h.bins.constLast().upper);
    return out;
}

} // namespace

class TestColumnProfile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void median_data();
    void median();
    void quantile_data();
    void quantile();
    void niceWidth_data();
    void niceWidth();
    void numberHistogram_data();
    void numberHistogram();
    void longTailHistogram();
    void dateHistogram_data();
    void dateHistogram();
    void numberProfile_data();
    void numberProfile();
    void dateProfile_data();
    void dateProfile();
    void categoryProfile();
    void topValuesAndOther();
    void emptyTable();
    void unknownColumn_data();
    void unknownColumn();
    void cancelledBeforeStart();
    void cancelledDuringScan_data();
    void cancelledDuringScan();
    void largeColumnIsComplete();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestColumnProfile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("profile.segws"));
    auto ws = Workspace::open(m_path, Workspace::OpenMode::CreateOrOpen);
    QVERIFY2(ws.ok(), ws.ok() ? "" : qPrintable(ws.error().message));
    for (const char* sql : { kCustomersSql, kManySql, kBigSql }) {
        auto r = ws->database().exec(QString::fromUtf8(sql));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    }
}

void TestColumnProfile::median_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<double>("expected");
    QTest::newRow("single value") << std::vector<double> { 7 } << 7.0;
    QTest::newRow("odd count: middle value") << std::vector<double> { 1, 2, 10 } << 2.0;
    QTest::newRow("even count: mean of the two middle")
        << std::vector<double> { 1, 2, 4, 10 } << 3.0;
    QTest::newRow("two values") << std::vector<double> { -3, 4 } << 0.5;
    QTest::newRow("ties in the middle") << std::vector<double> { 1, 5, 5, 5, 9, 9 } << 5.0;
    QTest::newRow("negative, even") << std::vector<double> { -8, -6, -2, -1 } << -4.0;
    QTest::newRow("huge values do not overflow")
        << std::vector<double> { 1e308, 1.5e308 } << 1.25e308;
}

void TestColumnProfile::median()
{
    QFETCH(std::vector<double>, values);
    QFETCH(double, expected);
    QCOMPARE(medianOfSorted(values), expected);
    QCOMPARE(quantileOfSorted(values, 0.5), expected);
    QCOMPARE(describeSorted(values).median, expected);
}

void TestColumnProfile::quantile_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<double>("p");
    QTest::addColumn<double>("expected");
    // Type 7: h = (n - 1) p, interpolate between x[floor h] and x[floor h + 1] (0-based).
    const std::vector<double> four { 0.5, 1.0, 1.5, 2.0 };
    QTest::newRow("lower quartile of 4 (h = 0.75)") << four << 0.25 << 0.875;
    QTest::newRow("upper quartile of 4 (h = 2.25)") << four << 0.75 << 1.625;
    QTest::newRow("minimum") << four << 0.0 << 0.5;
    QTest::newRow("maximum") << four << 1.0 << 2.0;
    QTest::newRow("quartile on an order statistic")
        << std::vector<double> { 10, 20, 30, 40, 100 } << 0.25 << 20.0;
}

void TestColumnProfile::quantile()
{
    QFETCH(std::vector<double>, values);
    QFETCH(double, p);
    QFETCH(double, expected);
    QVERIFY(std::abs(quantileOfSorted(values, p) - expected) < 1e-12);
}

void TestColumnProfile::niceWidth_data()
{
    QTest::addColumn<double>("raw");
    QTest::addColumn<bool>("integers");
    QTest::addColumn<double>("expected");
    QTest::newRow("exact power of ten") << 10.0 << false << 10.0;
    QTest::newRow("up to 2") << 1.3 << false << 2.0;
    QTest::newRow("up to 2.5") << 23.4 << false << 25.0;
    QTest::newRow("up to 5") << 0.3 << false << 0.5;
    QTest::newRow("up to the next power") << 6.0 << false << 10.0;
    QTest::newRow("small decimals") << 0.0013 << false << 0.002;
    QTest::newRow("integers at least 1") << 0.2 << true << 1.0;
    QTest::newRow("integers skip 2.5") << 2.1 << true << 5.0;
    QTest::newRow("integers keep 25") << 23.4 << true << 25.0;
    QTest::newRow("large") << 6100.0 << true << 10000.0;
}

void TestColumnProfile::niceWidth()
{
    QFETCH(double, raw);
    QFETCH(bool, integers);
    QFETCH(double, expected);
    QVERIFY2(std::abs(niceBinWidth(raw, integers) - expected) < 1e-12 * expected,
        qPrintable(QString::number(niceBinWidth(raw, integers))));
}

void TestColumnProfile::numberHistogram_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<bool>("integers");
    QTest::addColumn<double>("width");
    QTest::addColumn<QList<double>>("edges");
    QTest::addColumn<Counts>("counts");

    // n = 5, IQR = 40 - 20 = 20, FD width 40 / 5^(1/3) = 23.39 -> 25; first edge 0.
    QTest::newRow("integers, Freedman-Diaconis")
        << std::vector<double> { 10, 20, 30, 40, 100 } << true << 25.0
        << QList<double> { 0, 25, 50, 75, 100, 125 } << Counts { 2, 2, 0, 0, 1 };
    // n = 4, IQR = 0.75, FD width 1.5 / 4^(1/3) = 0.945 -> 1; the last bin [1, 2] is closed.
    QTest::newRow("decimals, closed last bin")
        << std::vector<double> { 0.5, 1.0, 1.5, 2.0 } << false << 1.0 << QList<double> { 0, 1, 2 }
        << Counts { 1, 3 };
    // IQR 0 (n = 8): Sturges, range 9 / (3 + 1) = 2.25 -> 2.5; first edge 0.
    QTest::newRow("zero IQR uses Sturges")
        << std::vector<double> { 1, 5, 5, 5, 5, 5, 5, 10 } << false << 2.5
        << QList<double> { 0, 2.5, 5, 7.5, 10 } << Counts { 1, 0, 6, 1 };
    QTest::newRow("single integer value") << std::vector<double> { 42, 42, 42 } << true << 1.0
                                          << QList<double> { 42, 43 } << Counts { 3 };
    QTest::newRow("single decimal value") << std::vector<double> { 2.5 } << false << 0.0
                                          << QList<double> { 2.5, 2.5 } << Counts { 1 };
    QTest::newRow("no values") << std::vector<double> {} << false << 0.0 << QList<double> {}
                               << Counts {};
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("infinite value: one bin") << std::vector<double> { 1, 2, inf } << false << 0.0
                                             << QList<double> { 1, inf } << Counts { 3 };
    // 0..99 once each: IQR 49.5, FD width 99 / 100^(1/3) = 21.3 -> 25 (integers).
    std::vector<double> hundred(100);
    std::iota(hundred.begin(), hundred.end(), 0.0);
    QTest::newRow("uniform integers")
        << hundred << true << 25.0 << QList<double> { 0, 25, 50, 75, 100 }
        << Counts { 25, 25, 25, 25 };
}

void TestColumnProfile::numberHistogram()
{
    QFETCH(std::vector<double>, values);
    QFETCH(bool, integers);
    QFETCH(double, width);
    QFETCH(QList<double>, edges);
    QFETCH(Counts, counts);
    const Histogram h = seg::numberHistogram(values, integers);
    QCOMPARE(h.unit, BinUnit::Number);
    QCOMPARE(h.width, width);
    QCOMPARE(edgesOf(h), edges);
    QCOMPARE(countsOf(h), counts);
    QVERIFY(!h.openLower);
    QVERIFY(!h.openUpper);
}

void TestColumnProfile::longTailHistogram()
{
    // 0..999 and one customer with 1,000,000: the tail does not squeeze everyone into one bin.
    std::vector<double> values(1000);
    std::iota(values.begin(), values.end(), 0.0);
    values.push_back(1e6);
    const Histogram h = seg::numberHistogram(values, true);
    QVERIFY(h.openUpper);
    QVERIFY(!h.openLower);
    QVERIFY(h.bins.size() <= kMaxHistogramBins);
    QVERIFY(h.bins.size() >= 10);
    QCOMPARE(h.bins.constFirst().lower, 0.0);
    QVERIFY(h.bins.constLast().upper < 2000);
    const Counts counts = countsOf(h);
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), qint64(0)), qint64(1001));
    // The outlier is counted in the open last bin.
    QCOMPARE(counts.constLast(), static_cast<qint64>(1000 - h.bins.constLast().lower + 1));
}

void TestColumnProfile::dateHistogram_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<BinUnit>("unit");
    QTest::addColumn<double>("width");
    QTest::addColumn<QDate>("firstEdge");
    QTest::addColumn<int>("bins");
    QTest::addColumn<Counts>("firstCounts");

    QTest::newRow("ten days: days")
        << std::vector<double> { day(2024, 1, 1), day(2024, 1, 3), day(2024, 1, 3) + 0.75,
               day(2024, 1, 10) + 0.5 }
        << BinUnit::Day << 1.0 << QDate(2024, 1, 1) << 10 << Counts { 1, 0, 2, 0 };
    // 2024-01-03 is a Wednesday: weeks start on Monday 1 January.
    QTest::newRow("three months: weeks")
        << std::vector<double> { day(2024, 1, 3), day(2024, 1, 7), day(2024, 1, 8),
               day(2024, 3, 31) }
        << BinUnit::Week << 1.0 << QDate(2024, 1, 1) << 13 << Counts { 2, 1, 0 };
    QTest::newRow("three years: months")
        << std::vector<double> { day(2022, 1, 15), day(2022, 1, 31), day(2022, 2, 1),
               day(2024, 12, 20) }
        << BinUnit::Month << 1.0 << QDate(2022, 1, 1) << 36 << Counts { 2, 1, 0 };
    QTest::newRow("five years: quarters")
        << std::vector<double> { day(2020, 2, 29), day(2020, 3, 31), day(2020, 4, 1),
               day(2024, 12, 31) }
        << BinUnit::Quarter << 1.0 << QDate(2020, 1, 1) << 20 << Counts { 2, 1, 0 };
    QTest::newRow("twenty years: years")
        << std::vector<double> { day(2001, 6, 1), day(2020, 12, 31) } << BinUnit::Year << 1.0
        << QDate(2001, 1, 1) << 20 << Counts { 1, 0 };
    // 1940..2006: 67 years; 2-year bins from 1940 give 34.
    QTest::newRow("birth dates: 2-year bins")
        << std::vector<double> { day(1940, 3, 1), day(1941, 12, 31), day(1942, 1, 1),
               day(2006, 7, 1) }
        << BinUnit::Year << 2.0 << QDate(1940, 1, 1) << 34 << Counts { 2, 1, 0 };
    QTest::newRow("one day") << std::vector<double> { day(2024, 5, 5) + 0.25, day(2024, 5, 5) }
                             << BinUnit::Day << 1.0 << QDate(2024, 5, 5) << 1 << Counts { 2 };
}

void TestColumnProfile::dateHistogram()
{
    QFETCH(std::vector<double>, values);
    QFETCH(BinUnit, unit);
    QFETCH(double, width);
    QFETCH(QDate, firstEdge);
    QFETCH(int, bins);
    QFETCH(Counts, firstCounts);
    std::sort(values.begin(), values.end());
    const Histogram h = seg::dateHistogram(values);
    QCOMPARE(h.unit, unit);
    QCOMPARE(h.width, width);
    QCOMPARE(h.bins.size(), bins);
    QCOMPARE(h.bins.constFirst().lower, day(firstEdge.year(), firstEdge.month(), firstEdge.day()));
    QCOMPARE(countsOf(h).mid(0, firstCounts.size()), firstCounts);
    const Counts counts = countsOf(h);
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), qint64(0)),
        static_cast<qint64>(values.size()));
    QCOMPARE(counts.constLast() > 0, true);
    for (qsizetype i = 1; i < h.bins.size(); ++i)
        QCOMPARE(h.bins.at(i).lower, h.bins.at(i - 1).upper);
}

void TestColumnProfile::numberProfile_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<qint64>("missing");
    QTest::addColumn<qint64>("invalid");
    QTest::addColumn<qint64>("distinct");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("max");
    QTest::addColumn<Counts>("counts");

    // 10, 20, 30, 40, 100 and 'lots' (text: invalid), 3 empty of 9 rows.
    QTest::newRow("integers with missing and text")
        << QStringLiteral("income") << qint64(3) << qint64(1) << qint64(5) << 10.0 << 30.0 << 40.0
        << 100.0 << Counts { 2, 2, 0, 0, 1 };
    // 0.5, 1.0, 1.5, 2.0 and 'n/a': even count, median (1.0 + 1.5) / 2.
    QTest::newRow("decimals, even count")
        << QStringLiteral("score") << qint64(4) << qint64(1) << qint64(4) << 0.5 << 1.25 << 1.25
        << 2.0 << Counts { 1, 3 };
    QTest::newRow("single value") << QStringLiteral("constant") << qint64(0) << qint64(0)
                                  << qint64(1) << 42.0 << 42.0 << 42.0 << 42.0 << Counts { 9 };
    QTest::newRow("quoted column name") << QStringLiteral("we\"ird") << qint64(0) << qint64(0)
                                        << qint64(1) << 7.0 << 7.0 << 7.0 << 7.0 << Counts { 9 };
}

void TestColumnProfile::numberProfile()
{
    QFETCH(QString, column);
    QFETCH(qint64, missing);
    QFETCH(qint64, invalid);
    QFETCH(qint64, distinct);
    QFETCH(double, min);
    QFETCH(double, median);
    QFETCH(double, mean);
    QFETCH(double, max);
    QFETCH(Counts, counts);
    JobContext job;
    auto p = computeColumnProfile(m_path, QStringLiteral("customers"), column, job);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
    QCOMPARE(p->kind, ProfileKind::Number);
    QCOMPARE(p->column.name, column);
    QCOMPARE(p->rows, qint64(9));
    QCOMPARE(p->missing, missing);
    QVERIFY(std::abs(p->missingShare() - static_cast<double>(missing) / 9) < 1e-12);
    QCOMPARE(p->invalid, invalid);
    QCOMPARE(p->distinct, distinct);
    QVERIFY(p->min && p->median && p->mean && p->max);
    QCOMPARE(*p->min, min);
    QVERIFY(std::abs(*p->median - median) < 1e-12);
    QVERIFY(std::abs(*p->mean - mean) < 1e-12);
    QCOMPARE(*p->max, max);
    QCOMPARE(countsOf(p->histogram), counts);
}

void TestColumnProfile::dateProfile_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<qint64>("missing");
    QTest::addColumn<qint64>("invalid");
    QTest::addColumn<qint64>("distinct");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("max");
    QTest::addColumn<Counts>("counts");
    // 01-01, 01-03, 01-03, 01-10 and 'someday' (invalid): median (3 + 3) / 2 = 01-03.
    QTest::newRow("dates") << QStringLiteral("birth") << qint64(4) << qint64(1) << qint64(3)
                           << day(2024, 1, 1) << day(2024, 1, 3) << day(2024, 1, 10)
                           << Counts { 1, 0, 2, 0, 0, 0, 0, 0, 0, 1 };
    // 01-01 06:00 and 01-02 18:00: the median is their average, 01-02 00:00.
    QTest::newRow("date-times, even count")
        << QStringLiteral("seen_at") << qint64(7) << qint64(0) << qint64(2)
        << day(2024, 1, 1) + 0.25 << day(2024, 1, 2) << day(2024, 1, 2) + 0.75 << Counts { 1, 1 };
}

void TestColumnProfile::dateProfile()
{
    QFETCH(QString, column);
    QFETCH(qint64, missing);
    QFETCH(qint64, invalid);
    QFETCH(qint64, distinct);
    QFETCH(double, min);
    QFETCH(double, median);
    QFETCH(double, max);
    QFETCH(Counts, counts);
    JobContext job;
    auto p = computeColumnProfile(m_path, QStringLiteral("customers"), column, job);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
    QCOMPARE(p->kind, ProfileKind::Date);
    QCOMPARE(p->missing, missing);
    QCOMPARE(p->invalid, invalid);
    QCOMPARE(p->distinct, distinct);
    QVERIFY(std::abs(*p->min - min) < 1e-6);
    QVERIFY(std::abs(*p->median - median) < 1e-6);
    QVERIFY(std::abs(*p->max - max) < 1e-6);
    QVERIFY(!p->mean);
    QCOMPARE(p->histogram.unit, BinUnit::Day);
    QCOMPARE(countsOf(p->histogram), counts);
}

void TestColumnProfile::categoryProfile()
{
    JobContext job;
    auto p = computeColumnProfile(m_path, QStringLiteral("customers"), QStringLiteral("city"), job);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
    QCOMPARE(p->kind, ProfileKind::Category);
    QCOMPARE(p->rows, qint64(9));
    QCOMPARE(p->missing, qint64(1));
    QCOMPARE(p->distinct, qint64(4));
    QVERIFY(!p->min && !p->median);
    QCOMPARE(p->topValues.size(), 4);
    // Berlin 3; Paris and Wien 2 each (alphabetical); Oslo 1.
    const QStringList values { QStringLiteral("Berlin"), QStringLiteral("Paris"),
        QStringLiteral("Wien"), QStringLiteral("Oslo") };
    const Counts counts { 3, 2, 2, 1 };
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(p->topValues.at(i).value.toString(), values.at(i));
        QCOMPARE(p->topValues.at(i).count, counts.at(i));
    }
    QCOMPARE(p->otherCount, qint64(0));
    QCOMPARE(p->otherDistinct, qint64(0));

    // yes/no: 1 three times, 0 once, five empty.
    auto vip
        = computeColumnProfile(m_path, QStringLiteral("customers"), QStringLiteral("vip"), job);
    QVERIFY(vip.ok());
    QCOMPARE(vip->kind, ProfileKind::Category);
    QCOMPARE(vip->missing, qint64(5));
    QCOMPARE(vip->topValues.size(), 2);
    QCOMPARE(vip->topValues.at(0).value.toLongLong(), qint64(1));
    QCOMPARE(vip->topValues.at(0).count, qint64(3));
    QCOMPARE(vip->topValues.at(1).value.toLongLong(), qint64(0));

    // All missing, as a number column: counts, nothing else.
    auto blank
        = computeColumnProfile(m_path, QStringLiteral("customers"), QStringLiteral("blank"), job);
    QVERIFY(blank.ok());
    QCOMPARE(blank->kind, ProfileKind::Number);
    QCOMPARE(blank->rows, qint64(9));
    QCOMPARE(blank->missing, qint64(9));
    QCOMPARE(blank->missingShare(), 1.0);
    QCOMPARE(blank->distinct, qint64(0));
    QVERIFY(!blank->min && !blank->median && !blank->mean && !blank->max);
    QVERIFY(blank->histogram.bins.isEmpty());
}

void TestColumnProfile::topValuesAndOther()
{
    JobContext job;
    auto p = computeColumnProfile(m_path, QStringLiteral("many"), QStringLiteral("v"), job);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
    QCOMPARE(p->rows, qint64(210));
    QCOMPARE(p->distinct, qint64(20));
    QCOMPARE(p->topValues.size(), kTopValues);
    for (int i = 0; i < kTopValues; ++i) {
        QCOMPARE(p->topValues.at(i).value.toString(),
            QStringLiteral("v%1").arg(20 - i, 2, 10, QLatin1Char('0')));
        QCOMPARE(p->topValues.at(i).count, qint64(20 - i));
    }
    QCOMPARE(p->otherCount, qint64(15));
    QCOMPARE(p->otherDistinct, qint64(5));
}

void TestColumnProfile::emptyTable()
{
    JobContext job;
    auto p = computeColumnProfile(m_path, QStringLiteral("empty"), QStringLiteral("v"), job);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
    QCOMPARE(p->rows, qint64(0));
    QCOMPARE(p->missingShare(), 0.0);
    QVERIFY(!p->median);
    QVERIFY(p->histogram.bins.isEmpty());
}

void TestColumnProfile::unknownColumn_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("unknown column")
        << QStringLiteral("customers") << QStringLiteral("nope") << ErrorCode::BadInput;
    QTest::newRow("unknown table")
        << QStringLiteral("nope") << QStringLiteral("v") << ErrorCode::BadInput;
    QTest::newRow("SQL in the name")
        << QStringLiteral("customers") << QStringLiteral("income\" FROM customers; --")
        << ErrorCode::BadInput;
}

void TestColumnProfile::unknownColumn()
{
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(ErrorCode, code);
    JobContext job;
    auto p = computeColumnProfile(m_path, table, column, job);
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, code);
    QVERIFY(!p.error().message.isEmpty());

    auto missingFile
        = computeColumnProfile(m_dir.filePath(QStringLiteral("missing.segws")), table, column, job);
    QVERIFY(!missingFile.ok());
    QCOMPARE(missingFile.error().code, ErrorCode::Workspace);
}

void TestColumnProfile::cancelledBeforeStart()
{
    JobContext job;
    job.cancel();
    auto p = computeColumnProfile(m_path, QStringLiteral("big"), QStringLiteral("x"), job);
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, ErrorCode::Cancelled);
}

void TestColumnProfile::cancelledDuringScan_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::newRow("number scan") << QStringLiteral("big") << QStringLiteral("x");
    QTest::newRow("frequency scan") << QStringLiteral("big") << QStringLiteral("label");
}

void TestColumnProfile::cancelledDuringScan()
{
    QFETCH(QString, table);
    QFETCH(QString, column);
    // The first polls pass (opening, column lookup), then the scan is stopped.
    CancelAfterPolls job(20);
    auto p = computeColumnProfile(m_path, table, column, job);
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, ErrorCode::Cancelled);
}

void TestColumnProfile::largeColumnIsComplete()
{
    qint64 lastDone = 0;
    JobContext job([&](qint64 done, qint64 total) {
        QVERIFY(done <= total);
        lastDone = done;
    });
    auto p = computeColumnProfile(m_path, QStringLiteral("big"), QStringLiteral("x"), job);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
    QCOMPARE(p->rows, qint64(400000));
    QCOMPARE(lastDone, qint64(400000));
    QCOMPARE(p->missing, qint64(0));
    const Counts counts = countsOf(p->histogram);
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), qint64(0)), qint64(400000));
    QVERIFY(p->histogram.bins.size() <= kMaxHistogramBins);
    QCOMPARE(*p->min, 0.0);
    QCOMPARE(*p->max, 100002.0);
}

QTEST_GUILESS_MAIN(TestColumnProfile)
#include "tst_columnprofile.moc"
