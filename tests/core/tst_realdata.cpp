// Real public data sets from ../shared/data (or $SEGWB_DATA_DIR), each imported as it is with
// `segwb import`. Expected figures were computed independently (Python csv module with exact
// decimals, cross-checked with pandas and awk); see tests/data/realdata/REFERENCE.md.
#include "workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace seg;

namespace {

QString dataDir()
{
    const QByteArray env = qgetenv("SEGWB_DATA_DIR");
    return env.isEmpty() ? QStringLiteral(SEGWB_SHARED_DATA_DIR) : QString::fromLocal8Bit(env);
}

} // namespace

class TestRealData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cdnow();
    void onlineRetail();
    void onlineRetailII();
    void marketingCampaign();
    void bankMarketing();

private:
    QJsonObject import(const QString& relative, const QStringList& extra, const QString& wsName);
    QVariant value(const QString& wsName, const QString& sql);
    QTemporaryDir m_dir;
};

void TestRealData::initTestCase()
{
    if (!QDir(dataDir()).exists())
        QSKIP(qPrintable(QStringLiteral("The real data sets are not here (%1); set SEGWB_DATA_DIR to "
                                        "the shared/data folder to run these tests.")
                             .arg(dataDir())));
}

QJsonObject TestRealData::import(const QString& relative, const QStringList& extra, const QString& wsName)
{
    const QString file = dataDir() + QLatin1Char('/') + relative;
    if (!QFile::exists(file))
        return { { QStringLiteral("missing"), file } };
    QProcess p;
    QStringList args { QStringLiteral("import"), QStringLiteral("--workspace"), m_dir.filePath(wsName), QStringLiteral("--json") };
    args += extra;
    args.append(file);
    p.start(QStringLiteral(SEGWB_CLI_PATH), args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0)
        return { { QStringLiteral("failed"), QString::fromUtf8(p.readAllStandardError()) } };
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

QVariant TestRealData::value(const QString& wsName, const QString& sql)
{
    auto ws = Workspace::open(m_dir.filePath(wsName), Workspace::OpenMode::ReadOnly);
    if (!ws)
        return ws.error().message;
    auto r = ws->database().scalar(sql);
    return r ? *r : QVariant(r.error().message);
}

#define REQUIRE_IMPORTED(j)                                                                        \
    do {                                                                                           \
        if (j.contains(u"missing"))                                                                \
            QSKIP(qPrintable(QStringLiteral("missing data file %1").arg(j[u"missing"].toString()))); \
        QVERIFY2(!j.contains(u"failed"), qPrintable(j[u"failed"].toString()));                     \
    } while (false)

void TestRealData::cdnow()
{
    const QJsonObject j = import(QStringLiteral("cdnow/CDNOW_master.txt"), { QStringLiteral("--kind"), QStringLiteral("transactions") }, QStringLiteral("cdnow.segws"));
    REQUIRE_IMPORTED(j);
    QCOMPARE(j[u"rows_read"].toInteger(), 69659);
    QCOMPARE(j[u"rows_imported"].toInteger(), 69659);
    QCOMPARE(j[u"rows_rejected"].toInteger(), 0);
    const QJsonObject s = j[u"settings"].toObject();
    QCOMPARE(s[u"delimiter"].toString(), QStringLiteral("spaces"));
    const QString ws = QStringLiteral("cdnow.segws");
    QCOMPARE(value(ws, QStringLiteral("SELECT count(DISTINCT customer_id) FROM transactions")).toLongLong(), 23570);
    QCOMPARE(value(ws, QStringLiteral("SELECT min(customer_id) || ' ' || max(customer_id) FROM transactions")).toString(), QStringLiteral("00001 23570"));
    QCOMPARE(value(ws, QStringLiteral("SELECT CAST(round(sum(amount) * 100) AS INTEGER) FROM transactions")).toLongLong(), 250031563);
    QCOMPARE(value(ws, QStringLiteral("SELECT min(order_date) || ' ' || max(order_date) FROM transactions")).toString(), QStringLiteral("1997-01-01 1998-06-30"));
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM transactions WHERE amount = 0")).toLongLong(), 80);
    QCOMPARE(value(ws, QStringLiteral("SELECT sum(number_of_cds) FROM transactions")).toLongLong(), 167881);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM (SELECT DISTINCT customer_id, order_date FROM transactions)")).toLongLong(), 67591);
}

void TestRealData::onlineRetail()
{
    const QString ws = QStringLiteral("retail.segws");
    const QJsonObject j = import(QStringLiteral("online_retail/online_retail.csv"), { QStringLiteral("--kind"), QStringLiteral("transactions") }, ws);
    REQUIRE_IMPORTED(j);
    QCOMPARE(j[u"rows_read"].toInteger(), 541909);
    QCOMPARE(j[u"rows_rejected"].toInteger(), 135080);
    QCOMPARE(j[u"rows_imported"].toInteger(), 406829);
    // The first 3 MB are plain ASCII; the whole file decides: 0xA3 on line 38250 is not UTF-8.
    QCOMPARE(j[u"settings"].toObject()[u"encoding"].toString(), QStringLiteral("Windows-1252"));
    QVERIFY(j[u"settings"].toObject()[u"notes"].toArray().first().toString().contains(QStringLiteral("line 38250")));
    QCOMPARE(j[u"settings"].toObject()[u"columns"].toArray()[4].toObject()[u"date_format"].toString(), QStringLiteral("M/D/Y"));
    QCOMPARE(value(ws, QStringLiteral("SELECT count(DISTINCT customer_id) FROM transactions")).toLongLong(), 4372);
    QVERIFY(qAbs(value(ws, QStringLiteral("SELECT sum(amount) FROM transactions")).toDouble() - 8300065.814) < 0.005);
    QCOMPARE(value(ws, QStringLiteral("SELECT min(order_date) || ' / ' || max(order_date) FROM transactions")).toString(),
        QStringLiteral("2010-12-01 08:26:00 / 2011-12-09 12:50:00"));
    QCOMPARE(value(ws, QStringLiteral("SELECT count(DISTINCT order_id) FROM transactions")).toLongLong(), 22190);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM transactions WHERE quantity < 0")).toLongLong(), 8905);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM transactions WHERE order_id LIKE 'C%'")).toLongLong(), 8905);
    // The Windows-1252 pound sign survives in the rejected row's raw text, at its physical line.
    QCOMPARE(value(ws, QStringLiteral("SELECT raw FROM rejected_rows WHERE line = 38250")).toString(),
        QStringLiteral("539492,gift_0001_40,Dotcomgiftshop Gift Voucher £40.00,1,12/20/2010 10:14,34.04,,United Kingdom"));
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM rejected_rows WHERE column_name = 'CustomerID'")).toLongLong(), 135080);
    // Descriptions keep their leading and trailing spaces and embedded quotes.
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM transactions WHERE description LIKE '% '")).toLongLong() > 0, true);
}

void TestRealData::onlineRetailII()
{
    const QString ws = QStringLiteral("retail2.segws");
    const QJsonObject j = import(QStringLiteral("online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv"), { QStringLiteral("--kind"), QStringLiteral("transactions") }, ws);
    REQUIRE_IMPORTED(j);
    QCOMPARE(j[u"rows_read"].toInteger(), 525461);
    QCOMPARE(j[u"rows_rejected"].toInteger(), 107927);
    QCOMPARE(j[u"rows_imported"].toInteger(), 417534);
    QCOMPARE(j[u"settings"].toObject()[u"encoding"].toString(), QStringLiteral("UTF-8"));
    QCOMPARE(value(ws, QStringLiteral("SELECT count(DISTINCT customer_id) FROM transactions")).toLongLong(), 4383);
    QVERIFY(qAbs(value(ws, QStringLiteral("SELECT sum(amount) FROM transactions")).toDouble() - 8348208.574) < 0.005);
    QCOMPARE(value(ws, QStringLiteral("SELECT min(order_date) || ' / ' || max(order_date) FROM transactions")).toString(),
        QStringLiteral("2009-12-01 07:45:00 / 2010-12-09 20:01:00"));
    QCOMPARE(value(ws, QStringLiteral("SELECT count(DISTINCT order_id) FROM transactions")).toLongLong(), 23587);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM transactions WHERE quantity < 0")).toLongLong(), 9839);
    QCOMPARE(value(ws, QStringLiteral("SELECT raw FROM rejected_rows WHERE line = 31081")).toString(),
        QStringLiteral("491969,gift_0001_80,Dotcomgiftshop Gift Voucher £80.00,1,2009-12-14 17:57:00,69.56,,United Kingdom"));
}

void TestRealData::marketingCampaign()
{
    const QString ws = QStringLiteral("campaign.segws");
    const QJsonObject j = import(QStringLiteral("customer_personality/marketing_campaign.csv"), { QStringLiteral("--kind"), QStringLiteral("customers") }, ws);
    REQUIRE_IMPORTED(j);
    QCOMPARE(j[u"rows_read"].toInteger(), 2240);
    QCOMPARE(j[u"rows_imported"].toInteger(), 2240);
    QCOMPARE(j[u"settings"].toObject()[u"delimiter"].toString(), QStringLiteral("tab"));
    QCOMPARE(value(ws, QStringLiteral("SELECT count(DISTINCT customer_id) FROM customers")).toLongLong(), 2240);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM customers WHERE customer_id = '0'")).toLongLong(), 1);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM customers WHERE income IS NULL")).toLongLong(), 24);
    QCOMPARE(value(ws, QStringLiteral("SELECT sum(income) FROM customers")).toLongLong(), 115779909);
    QCOMPARE(value(ws, QStringLiteral("SELECT min(dt_customer) || ' / ' || max(dt_customer) FROM customers")).toString(),
        QStringLiteral("2012-07-30 / 2014-06-29"));
    QCOMPARE(value(ws, QStringLiteral("SELECT type FROM column_meta WHERE name = 'dt_customer'")).toString(), QStringLiteral("date"));
    QCOMPARE(value(ws, QStringLiteral("SELECT sum(mntwines) FROM customers")).toLongLong(), 680816);
    QCOMPARE(value(ws, QStringLiteral("SELECT sum(response) FROM customers")).toLongLong(), 334);
}

void TestRealData::bankMarketing()
{
    const QString ws = QStringLiteral("bank.segws");
    const QJsonObject j = import(QStringLiteral("bank_marketing/bank-full.csv"), { QStringLiteral("--kind"), QStringLiteral("customers"), QStringLiteral("--generate-ids") }, ws);
    REQUIRE_IMPORTED(j);
    QCOMPARE(j[u"rows_read"].toInteger(), 45211);
    QCOMPARE(j[u"rows_imported"].toInteger(), 45211);
    QCOMPARE(j[u"settings"].toObject()[u"delimiter"].toString(), QStringLiteral("semicolon"));
    QCOMPARE(j[u"settings"].toObject()[u"generated_ids"].toBool(), true);
    QCOMPARE(value(ws, QStringLiteral("SELECT min(CAST(customer_id AS INTEGER)) || '-' || max(CAST(customer_id AS INTEGER)) FROM customers")).toString(), QStringLiteral("2-45212"));
    QCOMPARE(value(ws, QStringLiteral("SELECT sum(y) FROM customers")).toLongLong(), 5289);
    QCOMPARE(value(ws, QStringLiteral("SELECT sum(balance) FROM customers")).toLongLong(), 61589682);
    QCOMPARE(value(ws, QStringLiteral("SELECT sum(age) FROM customers")).toLongLong(), 1850767);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM customers WHERE pdays = -1")).toLongLong(), 36954);
    QCOMPARE(value(ws, QStringLiteral("SELECT count(*) FROM customers WHERE poutcome = 'unknown'")).toLongLong(), 36959);
}

QTEST_GUILESS_MAIN(TestRealData)
#include "tst_realdata.moc"
