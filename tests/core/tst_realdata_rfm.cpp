// Customer metrics and RFM on the real Online Retail data set from ../shared/data (or
// $SEGWB_DATA_DIR), imported as it is with `segwb import`, scored with `segwb metrics` and
// `segwb rfm --json`, and read back with `segwb sql`. The expected figures were computed
// independently from the raw CSV by tests/data/realdata/scripts/rfm_online_retail.py (pandas
// and NumPy, cross-checked with the csv module and exact decimals); see
// tests/data/realdata/REFERENCE.md, section 7.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString dataDir()
{
    const QByteArray env = qgetenv("SEGWB_DATA_DIR");
    return env.isEmpty() ? QStringLiteral(SEGWB_SHARED_DATA_DIR) : QString::fromLocal8Bit(env);
}

// Tolerances: thresholds and per-customer averages are sums of float amounts, which pandas
// adds in another order; 1e-6 is far below any gap between distinct values here (amounts
// have at most 3 decimals). Revenues are compared to the cent.
constexpr double kValueTolerance = 1e-6;
constexpr double kMoneyTolerance = 0.005;

} // namespace

class TestRealDataRfm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void summary();
    void thresholds_data();
    void thresholds();
    void segments_data();
    void segments();
    void storedScores();
    void spotCheck_data();
    void spotCheck();

private:
    /// Runs segwb with `args`; the parsed JSON output, or an empty object with `error` set.
    QJsonObject run(const QStringList& args, QString& error);
    /// The first row of `segwb sql --json QUERY`.
    QJsonArray sqlRow(const QString& query, QString& error);

    QTemporaryDir m_dir;
    QString m_ws;
    QJsonObject m_metrics;
    QJsonObject m_rfm;
};

QJsonObject TestRealDataRfm::run(const QStringList& args, QString& error)
{
    QProcess p;
    p.start(QStringLiteral(SEGWB_CLI_PATH), args);
    if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = QStringLiteral("segwb %1 failed: %2")
                    .arg(args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAllStandardError()));
        return {};
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(p.readAllStandardOutput(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        error = QStringLiteral("segwb %1 printed no JSON object: %2")
                    .arg(args.join(QLatin1Char(' ')), parse.errorString());
        return {};
    }
    return doc.object();
}

QJsonArray TestRealDataRfm::sqlRow(const QString& query, QString& error)
{
    const QJsonObject o = run({ QStringLiteral("sql"), QStringLiteral("--workspace"), m_ws,
                                  QStringLiteral("--json"), query },
        error);
    const QJsonArray rows = o[u"rows"].toArray();
    if (error.isEmpty() && rows.isEmpty())
        error = QStringLiteral("no row for: %1").arg(query);
    return rows.isEmpty() ? QJsonArray() : rows.first().toArray();
}

void TestRealDataRfm::initTestCase()
{
    if (!QDir(dataDir()).exists())
        QSKIP(qPrintable(QStringLiteral("The real data sets are not here (%1); set SEGWB_DATA_DIR "
                                        "to the shared/data folder to run these tests.")
                             .arg(dataDir())));
    const QString file = dataDir() + QStringLiteral("/online_retail/online_retail.csv");
    if (!QFile::exists(file))
        QSKIP(qPrintable(QStringLiteral("missing data file %1").arg(file)));
    QVERIFY(m_dir.isValid());
    m_ws = m_dir.filePath(QStringLiteral("retail.segws"));
    QString error;
    const QJsonObject imported = run(
        { QStringLiteral("import"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--json"),
            QStringLiteral("--kind"), QStringLiteral("transactions"), file },
        error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The rows without a CustomerID are rejected: they are not customers.
    QCOMPARE(imported[u"rows_imported"].toInteger(), 406829);
    m_metrics = run({ QStringLiteral("metrics"), QStringLiteral("--workspace"), m_ws,
                        QStringLiteral("--json") },
        error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_rfm = run(
        { QStringLiteral("rfm"), QStringLiteral("--workspace"), m_ws, QStringLiteral("--json") },
        error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestRealDataRfm::summary()
{
    QCOMPARE(m_metrics[u"analysis_date"].toString(), QStringLiteral("2011-12-10"));
    QCOMPARE(m_metrics[u"analysis_date_chosen"].toBool(), false);
    QCOMPARE(m_metrics[u"customers"].toInteger(), 4372);
    QCOMPARE(m_metrics[u"buyers"].toInteger(), 4338);
    // 34 customers have only cancellations or zero-total invoices: no order, not scored.
    QCOMPARE(m_metrics[u"prospects"].toInteger(), 34);
    QCOMPARE(m_metrics[u"transactions_used"].toInteger(), 406829);
    QCOMPARE(m_metrics[u"orders"].toInteger(), 18532);
    QCOMPARE(m_metrics[u"orders_from"].toString(), QStringLiteral("order_id"));
    QVERIFY(qAbs(m_metrics[u"revenue"].toDouble() - 8300065.814) < kMoneyTolerance);

    QCOMPARE(m_rfm[u"analysis_date"].toString(), QStringLiteral("2011-12-10"));
    QCOMPARE(m_rfm[u"bins"].toInt(), 5);
    QCOMPARE(m_rfm[u"customers_scored"].toInteger(), 4338);
    QCOMPARE(m_rfm[u"prospects"].toInteger(), 34);
    QVERIFY(m_rfm[u"map_warnings"].toArray().isEmpty());
}

void TestRealDataRfm::thresholds_data()
{
    QTest::addColumn<QString>("dimension");
    QTest::addColumn<QList<double>>("thresholds");
    QTest::addColumn<QList<qint64>>("counts");
    // Type-7 quintiles of the 4,338 scored customers; counts per score 1..5 (for recency,
    // score 1 = longest ago).
    QTest::newRow("recency, days")
        << QStringLiteral("recency") << QList<double> { 13.8, 33, 72, 180 }
        << QList<qint64> { 861, 866, 863, 880, 868 };
    QTest::newRow("frequency, orders")
        << QStringLiteral("frequency") << QList<double> { 1, 2, 3, 6 }
        << QList<qint64> { 1493, 835, 508, 802, 700 };
    QTest::newRow("monetary, revenue")
        << QStringLiteral("monetary") << QList<double> { 243.244, 474.986, 915.004, 2016.214 }
        << QList<qint64> { 868, 867, 868, 867, 868 };
}

void TestRealDataRfm::thresholds()
{
    QFETCH(QString, dimension);
    QFETCH(QList<double>, thresholds);
    QFETCH(QList<qint64>, counts);
    const QJsonObject d = m_rfm[dimension].toObject();
    QCOMPARE(d[u"custom"].toBool(), false);
    const QJsonArray t = d[u"thresholds"].toArray();
    QCOMPARE(t.size(), thresholds.size());
    for (qsizetype i = 0; i < t.size(); ++i)
        QVERIFY2(qAbs(t[i].toDouble() - thresholds[i]) < kValueTolerance,
            qPrintable(QStringLiteral("threshold %1: %2, expected %3")
                           .arg(i + 1)
                           .arg(t[i].toDouble(), 0, 'g', 17)
                           .arg(thresholds[i], 0, 'g', 17)));
    const QJsonArray c = d[u"counts"].toArray();
    QCOMPARE(c.size(), counts.size());
    for (qsizetype i = 0; i < c.size(); ++i)
        QCOMPARE(c[i].toInteger(), counts[i]);
}

void TestRealDataRfm::segments_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("customers");
    QTest::addColumn<double>("revenue");
    // The default map, in its order; no customer is "Other".
    QTest::newRow("Champions") << QStringLiteral("Champions") << qint64(628) << 4255299.26;
    QTest::newRow("Loyal Customers")
        << QStringLiteral("Loyal Customers") << qint64(810) << 2327011.571;
    QTest::newRow("Potential Loyalists")
        << QStringLiteral("Potential Loyalists") << qint64(509) << 280602.83;
    QTest::newRow("New Customers") << QStringLiteral("New Customers") << qint64(32) << 4780.60;
    QTest::newRow("Promising") << QStringLiteral("Promising") << qint64(88) << 12540.88;
    QTest::newRow("Need Attention") << QStringLiteral("Need Attention") << qint64(189) << 156301.97;
    QTest::newRow("About To Sleep") << QStringLiteral("About To Sleep") << qint64(355) << 105466.51;
    QTest::newRow("At Risk") << QStringLiteral("At Risk") << qint64(565) << 632624.742;
    QTest::newRow("Can't Lose Them")
        << QStringLiteral("Can't Lose Them") << qint64(71) << 238925.64;
    QTest::newRow("Hibernating") << QStringLiteral("Hibernating") << qint64(406) << 120507.531;
    QTest::newRow("Lost") << QStringLiteral("Lost") << qint64(685) << 176415.52;
}

void TestRealDataRfm::segments()
{
    QFETCH(QString, name);
    QFETCH(qint64, customers);
    QFETCH(double, revenue);
    const QJsonArray list = m_rfm[u"segments"].toArray();
    qint64 total = 0;
    QJsonObject found;
    for (const QJsonValue& v : list) {
        total += v[u"customers"].toInteger();
        if (v[u"name"].toString() == name)
            found = v.toObject();
    }
    QCOMPARE(total, 4338);
    QVERIFY2(!found.isEmpty(), qPrintable(QStringLiteral("no segment %1").arg(name)));
    QCOMPARE(found[u"customers"].toInteger(), customers);
    QVERIFY2(qAbs(found[u"revenue"].toDouble() - revenue) < kMoneyTolerance,
        qPrintable(QStringLiteral("revenue %1, expected %2")
                       .arg(found[u"revenue"].toDouble(), 0, 'f', 3)
                       .arg(revenue, 0, 'f', 3)));
}

void TestRealDataRfm::storedScores()
{
    // rfm_scores holds what the JSON reported: one row per scored customer, same segment sizes.
    QString error;
    const QJsonArray row = sqlRow(QStringLiteral("SELECT count(*), sum(segment = 'Champions'), "
                                                 "sum(segment = 'Lost'), sum(fm = (f + m + 1) / "
                                                 "2) FROM rfm_scores"),
        error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(row[0].toInteger(), 4338);
    QCOMPARE(row[1].toInteger(), 628);
    QCOMPARE(row[2].toInteger(), 685);
    QCOMPARE(row[3].toInteger(), 4338);
    const QJsonArray metrics
        = sqlRow(QStringLiteral(
                     "SELECT count(*), sum(orders), round(sum(revenue), 2) FROM customer_metrics"),
            error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(metrics[0].toInteger(), 4372);
    QCOMPARE(metrics[1].toInteger(), 18532);
    QVERIFY(qAbs(metrics[2].toDouble() - 8300065.81) < kMoneyTolerance);
}

void TestRealDataRfm::spotCheck_data()
{
    QTest::addColumn<QString>("customer");
    QTest::addColumn<qint64>("orders");
    QTest::addColumn<double>("revenue");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::addColumn<qint64>("recency");
    QTest::addColumn<qint64>("tenure");
    QTest::addColumn<double>("averageOrderValue");
    QTest::addColumn<double>("meanDaysBetween"); // -1: none (fewer than 2 orders)
    QTest::addColumn<QString>("scores"); // "R F M FM segment"
    // Bought 74,215 units for 77,183.60 and cancelled them the same day: one order, revenue 0.
    QTest::newRow("12346, order cancelled")
        << QStringLiteral("12346") << qint64(1) << 0.0 << QStringLiteral("2011-01-18")
        << QStringLiteral("2011-01-18") << qint64(326) << qint64(326) << 0.0 << -1.0
        << QStringLiteral("1 1 1 1 Lost");
    QTest::newRow("12347, regular")
        << QStringLiteral("12347") << qint64(7) << 4310.0 << QStringLiteral("2010-12-07")
        << QStringLiteral("2011-12-07") << qint64(3) << qint64(368) << 4310.0 / 7 << 365.0 / 6
        << QStringLiteral("5 5 5 5 Champions");
    // 34 orders on the first two days; the return on 2011-02-10 counts in revenue, not as the
    // last purchase.
    QTest::newRow("17850, late return")
        << QStringLiteral("17850") << qint64(34) << 5288.63 << QStringLiteral("2010-12-01")
        << QStringLiteral("2010-12-02") << qint64(373) << qint64(374) << 5288.63 / 34 << 1.0 / 33
        << QStringLiteral("1 5 5 5 Can't Lose Them");
}

void TestRealDataRfm::spotCheck()
{
    QFETCH(QString, customer);
    QFETCH(qint64, orders);
    QFETCH(double, revenue);
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(qint64, recency);
    QFETCH(qint64, tenure);
    QFETCH(double, averageOrderValue);
    QFETCH(double, meanDaysBetween);
    QFETCH(QString, scores);
    QString error;
    const QJsonArray row = sqlRow(
        QStringLiteral("SELECT m.orders, m.revenue, m.first_purchase, m.last_purchase, "
                       "m.recency_days, m.tenure_days, m.average_order_value, "
                       "m.mean_days_between_orders, s.r || ' ' || s.f || ' ' || s.m || ' ' || "
                       "s.fm || ' ' || s.segment FROM customer_metrics AS m JOIN rfm_scores AS "
                       "s USING (customer_id) WHERE m.customer_id = '%1'")
            .arg(customer),
        error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(row[0].toInteger(), orders);
    QVERIFY(qAbs(row[1].toDouble() - revenue) < kMoneyTolerance);
    QCOMPARE(row[2].toString(), first);
    QCOMPARE(row[3].toString(), last);
    QCOMPARE(row[4].toInteger(), recency);
    QCOMPARE(row[5].toInteger(), tenure);
    QVERIFY(qAbs(row[6].toDouble() - averageOrderValue) < kValueTolerance);
    if (meanDaysBetween < 0)
        QVERIFY(row[7].isNull());
    else
        QVERIFY(qAbs(row[7].toDouble() - meanDaysBetween) < kValueTolerance);
    QCOMPARE(row[8].toString(), scores);
}

QTEST_GUILESS_MAIN(TestRealDataRfm)
#include "tst_realdata_rfm.moc"
