// End-to-end tests of the segwb command-line tool: run it as a user would and read its output.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run segwb(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(SEGWB_CLI_PATH), args);
    p.closeWriteChannel();
    Run r;
    if (!p.waitForFinished(300000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpForEveryCommand_data();
    void helpForEveryCommand();
    void usageErrors_data();
    void usageErrors();
    void demoImportInfoSql();
    void rejectsAreListed();
    void badInputExitCodes();
    void workspaceErrors();
    void sqlIsReadOnly();
    void killedImportLeavesWorkspaceUnchanged();
    void metricsAndRfm();
    void savedSegments();
    void clusters();
    void segmentRenameAndEdit();

private:
    QTemporaryDir m_dir;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(SEGWB_CLI_PATH)), SEGWB_CLI_PATH);
}

void TestCli::helpForEveryCommand_data()
{
    QTest::addColumn<QString>("command");
    for (const char* c :
        { "demo", "import", "info", "rejects", "sql", "metrics", "rfm", "overlap", "export" })
        QTest::newRow(c) << QString::fromLatin1(c);
}

void TestCli::helpForEveryCommand()
{
    QFETCH(QString, command);
    const Run r = segwb({ command, QStringLiteral("--help") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Usage: segwb " + command.toLatin1()));
    QVERIFY(r.out.contains("--json"));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList() << QStringLiteral("Usage: segwb COMMAND");
    QTest::newRow("unknown command")
        << QStringList { QStringLiteral("frobnicate") } << QStringLiteral("Unknown command");
    QTest::newRow("import without workspace") << QStringList { QStringLiteral("import"),
        QStringLiteral("--kind"), QStringLiteral("customers"), QStringLiteral("x.csv") }
                                              << QStringLiteral("--workspace");
    QTest::newRow("import bad kind") << QStringList { QStringLiteral("import"),
        QStringLiteral("--workspace"), QStringLiteral("w.segws"), QStringLiteral("--kind"),
        QStringLiteral("cats"), QStringLiteral("x.csv") }
                                     << QStringLiteral("--kind takes");
    QTest::newRow("import bad role") << QStringList { QStringLiteral("import"),
        QStringLiteral("--workspace"), QStringLiteral("w.segws"), QStringLiteral("--kind"),
        QStringLiteral("customers"), QStringLiteral("--map"), QStringLiteral("a=amount"),
        QStringLiteral("x.csv") } << QStringLiteral("not a role of customers");
    QTest::newRow("unknown option") << QStringList { QStringLiteral("info"),
        QStringLiteral("--frob") } << QStringLiteral("Unknown option");
    QTest::newRow("demo without out")
        << QStringList { QStringLiteral("demo") } << QStringLiteral("--out");
    QTest::newRow("rfm bins") << QStringList { QStringLiteral("rfm"), QStringLiteral("--workspace"),
        QStringLiteral("w.segws"), QStringLiteral("--bins"), QStringLiteral("7") }
                              << QStringLiteral("--bins must be 3, 4 or 5");
    QTest::newRow("rfm thresholds") << QStringList { QStringLiteral("rfm"),
        QStringLiteral("--workspace"), QStringLiteral("w.segws"),
        QStringLiteral("--recency-thresholds"), QStringLiteral("30,x") }
                                    << QStringLiteral("\"x\" is not a number");
    QTest::newRow("metrics date") << QStringList { QStringLiteral("metrics"),
        QStringLiteral("--workspace"), QStringLiteral("w.segws"), QStringLiteral("--analysis-date"),
        QStringLiteral("31.12.2024") }
                                  << QStringLiteral("write it as YYYY-MM-DD");
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = segwb(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(QString::fromUtf8(r.out + r.err).contains(message), (r.out + r.err).constData());
}

void TestCli::demoImportInfoSql()
{
    const QString data = m_dir.filePath(QStringLiteral("demo"));
    const QString ws = m_dir.filePath(QStringLiteral("demo.segws"));
    Run r = segwb({ QStringLiteral("demo"), QStringLiteral("--customers"), QStringLiteral("200"),
        QStringLiteral("--out"), data, QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()[u"customers"].toInteger(), 200);
    const qint64 transactions = r.json()[u"transactions"].toInteger();
    QVERIFY(transactions > 200);
    for (const char* kind : { "customers", "transactions", "responses" }) {
        r = segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
            QStringLiteral("--kind"), QString::fromLatin1(kind), QStringLiteral("--json"),
            data + QLatin1Char('/') + QString::fromLatin1(kind) + QStringLiteral(".csv") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = r.json();
        QVERIFY(j.contains(u"rows_read"));
        QCOMPARE(j[u"rows_read"].toInteger(),
            j[u"rows_imported"].toInteger() + j[u"rows_rejected"].toInteger());
        QCOMPARE(j[u"rows_rejected"].toInteger(), 0);
        QCOMPARE(j[u"settings"].toObject()[u"delimiter"].toString(), QStringLiteral("comma"));
        QCOMPARE(j[u"settings"].toObject()[u"encoding"].toString(), QStringLiteral("UTF-8"));
    }
    r = segwb(
        { QStringLiteral("info"), QStringLiteral("--workspace"), ws, QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    const QJsonArray tables = r.json()[u"tables"].toArray();
    QCOMPARE(tables.size(), 3);
    QCOMPARE(tables[0].toObject()[u"name"].toString(), QStringLiteral("customers"));
    QCOMPARE(tables[0].toObject()[u"rows"].toInteger(), 200);
    QCOMPARE(tables[1].toObject()[u"rows"].toInteger(), transactions);
    QCOMPARE(r.json()[u"imports"].toArray().size(), 3);
    r = segwb({ QStringLiteral("info"), QStringLiteral("--workspace"), ws });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("transactions: " + QByteArray::number(transactions) + " rows"));
    r = segwb({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
        QStringLiteral(
            "SELECT count(*) AS n, count(DISTINCT customer_id) AS c FROM transactions") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("n,c\n" + QByteArray::number(transactions) + ","), r.out.constData());
    r = segwb({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws, QStringLiteral("--json"),
        QStringLiteral("SELECT name FROM customers WHERE name LIKE '%,%' LIMIT 1") });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()[u"columns"].toArray().first().toString(), QStringLiteral("name"));
}

void TestCli::rejectsAreListed()
{
    const QString csv = m_dir.filePath(QStringLiteral("bad.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        "customer_id,order_date,amount\nA,2024-01-01,5\n,2024-01-02,6\nB,2024-01-03,\"7,5\",x\n");
    f.close();
    const QString ws = m_dir.filePath(QStringLiteral("rej.segws"));
    Run r = segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
        QStringLiteral("--kind"), QStringLiteral("transactions"), csv });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("rows rejected: 2"));
    QVERIFY(r.out.contains("line 3: The customer id is missing"));
    r = segwb({ QStringLiteral("rejects"), QStringLiteral("--workspace"), ws });
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QByteArray("import,line,reason,column,raw"));
    QVERIFY(lines[1].startsWith("1,3,"));
    QVERIFY2(lines[2].endsWith(",\"B,2024-01-03,\"\"7,5\"\",x\""), lines[2].constData());
    const QString out = m_dir.filePath(QStringLiteral("rejects.csv"));
    r = segwb({ QStringLiteral("rejects"), QStringLiteral("--workspace"), ws,
        QStringLiteral("--import"), QStringLiteral("1"), QStringLiteral("--out"), out });
    QCOMPARE(r.exitCode, 0);
    QFile written(out);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll().count('\n'), 3);
    r = segwb(
        { QStringLiteral("rejects"), QStringLiteral("--workspace"), ws, QStringLiteral("--json") });
    QCOMPARE(r.json()[u"count"].toInt(), 2);
}

void TestCli::badInputExitCodes()
{
    const QString ws = m_dir.filePath(QStringLiteral("bi.segws"));
    Run r = segwb(
        { QStringLiteral("import"), QStringLiteral("--workspace"), ws, QStringLiteral("--kind"),
            QStringLiteral("customers"), m_dir.filePath(QStringLiteral("missing.csv")) });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("does not exist"));
    QVERIFY(!QFile::exists(ws)); // nothing is created for a file that cannot be read
    const QString empty = m_dir.filePath(QStringLiteral("empty.csv"));
    QFile f(empty);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    r = segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
        QStringLiteral("--kind"), QStringLiteral("customers"), QStringLiteral("--json"), empty });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.json()[u"error"].toString().contains(QStringLiteral("is empty")));
    QCOMPARE(r.json()[u"exit_code"].toInt(), 2);
}

void TestCli::workspaceErrors()
{
    const QString notWs = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile f(notWs);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("shopping list\n");
    f.close();
    Run r = segwb({ QStringLiteral("info"), QStringLiteral("--workspace"), notWs });
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains("not a Segment Workbench workspace"));
    r = segwb({ QStringLiteral("info"), QStringLiteral("--workspace"),
        m_dir.filePath(QStringLiteral("nope.segws")) });
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.err.contains("does not exist"));
}

void TestCli::sqlIsReadOnly()
{
    const QString csv = m_dir.filePath(QStringLiteral("c.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("customer_id,name\n1,a\n2,b\n");
    f.close();
    const QString ws = m_dir.filePath(QStringLiteral("ro.segws"));
    QCOMPARE(segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
                       QStringLiteral("--kind"), QStringLiteral("customers"), csv })
                 .exitCode,
        0);
    Run r = segwb({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
        QStringLiteral("DELETE FROM customers") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("Only queries that read"));
    r = segwb({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
        QStringLiteral("SELECT count(*) FROM customers; DROP TABLE customers") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("more than one statement"));
    r = segwb({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
        QStringLiteral("SELECT count(*) AS n FROM customers") });
    QCOMPARE(r.out, QByteArray("n\n2\n"));
    r = segwb({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
        QStringLiteral("SELECT nonsense FROM nowhere") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("no such table"));
}

void TestCli::killedImportLeavesWorkspaceUnchanged()
{
    const QString data = m_dir.filePath(QStringLiteral("kill"));
    QCOMPARE(segwb({ QStringLiteral("demo"), QStringLiteral("--customers"), QStringLiteral("20000"),
                       QStringLiteral("--transactions"), QStringLiteral("400000"),
                       QStringLiteral("--out"), data })
                 .exitCode,
        0);
    const QString ws = m_dir.filePath(QStringLiteral("kill.segws"));
    QCOMPARE(segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
                       QStringLiteral("--kind"), QStringLiteral("customers"),
                       data + QStringLiteral("/customers.csv") })
                 .exitCode,
        0);
    // Kill the import once it has begun writing (its rollback journal exists), like a crash.
    QProcess p;
    p.start(QStringLiteral(SEGWB_CLI_PATH),
        { QStringLiteral("import"), QStringLiteral("--workspace"), ws, QStringLiteral("--kind"),
            QStringLiteral("transactions"), data + QStringLiteral("/transactions.csv") });
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
        QFile::exists(ws + QStringLiteral("-journal")) || p.state() == QProcess::NotRunning, 60000);
    QVERIFY2(p.state() == QProcess::Running, "the import finished before it could be killed");
    p.kill();
    QVERIFY(p.waitForFinished());
    // Opening it again rolls the half-written import back: the same tables, rows and imports.
    Run r = segwb(
        { QStringLiteral("info"), QStringLiteral("--workspace"), ws, QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"tables"].toArray().size(), 1);
    QCOMPARE(r.json()[u"tables"].toArray()[0].toObject()[u"rows"].toInteger(), 20000);
    QCOMPARE(r.json()[u"imports"].toArray().size(), 1);
    // And the next import works, leaving the workspace in WAL mode.
    r = segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
        QStringLiteral("--kind"), QStringLiteral("transactions"), QStringLiteral("--json"),
        data + QStringLiteral("/transactions.csv") });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()[u"rows_imported"].toInteger(), 400000);
    // Bytes 18 and 19 of an SQLite file are 2 when it is in WAL mode.
    QFile file(ws);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray header = file.read(20);
    QCOMPARE(int(header.at(18)), 2);
    QCOMPARE(int(header.at(19)), 2);
}

void TestCli::metricsAndRfm()
{
    // Three buyers, hand-computed with 3 bins. Analysis date 2024-03-02 (the day after the last
    // purchase). recency 61, 30, 1 -> tertiles 20.333, 40.333 -> R 1, 2, 3; orders 1, 2, 3 ->
    // F 1, 2, 3; revenue 10, 50, 300 -> thresholds 36.667, 133.333 -> M 1, 2, 3; FM 1, 2, 3:
    // Lost, Hibernating, Need Attention.
    const QString csv = m_dir.filePath(QStringLiteral("rfm.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("customer_id,order_id,order_date,amount\n"
               "c1,1,2024-01-01,10\n"
               "c2,2,2024-01-01,20\nc2,3,2024-02-01,30\n"
               "c3,4,2024-01-15,100\nc3,5,2024-02-15,100\nc3,6,2024-03-01,60\nc3,6,2024-03-01,40\n"
               "c3,7,2024-03-01,-5\n");
    file.close();
    const QString ws = m_dir.filePath(QStringLiteral("rfm.segws"));
    QCOMPARE(segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
                       QStringLiteral("--kind"), QStringLiteral("transactions"), csv })
                 .exitCode,
        0);
    Run r = segwb(
        { QStringLiteral("metrics"), QStringLiteral("--workspace"), ws, QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"analysis_date"].toString(), QStringLiteral("2024-03-02"));
    QCOMPARE(r.json()[u"buyers"].toInteger(), 3);
    QCOMPARE(r.json()[u"orders"].toInteger(), 6); // order 7 is a return
    QCOMPARE(r.json()[u"revenue"].toDouble(), 355.0);

    r = segwb({ QStringLiteral("rfm"), QStringLiteral("--workspace"), ws, QStringLiteral("--bins"),
        QStringLiteral("3"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = r.json();
    QCOMPARE(o[u"analysis_date"].toString(), QStringLiteral("2024-03-02"));
    QCOMPARE(o[u"customers_scored"].toInteger(), 3);
    const QJsonArray recency = o[u"recency"][u"thresholds"].toArray();
    QCOMPARE(recency.size(), 2);
    QVERIFY(qAbs(recency.at(0).toDouble() - (1 + 29 * 2.0 / 3)) < 1e-9);
    QVERIFY(qAbs(recency.at(1).toDouble() - (30 + 31 / 3.0)) < 1e-9);
    const QJsonArray monetary = o[u"monetary"][u"thresholds"].toArray();
    QVERIFY(qAbs(monetary.at(0).toDouble() - (10 + 40 * 2.0 / 3)) < 1e-9);
    QVERIFY(qAbs(monetary.at(1).toDouble() - (50 + 245 / 3.0)) < 1e-9);
    for (const char* key : { "recency", "frequency", "monetary" })
        QCOMPARE(o[QLatin1String(key)][u"counts"].toArray(), QJsonArray({ 1, 1, 1 }));
    QHash<QString, std::pair<qint64, double>> segments;
    for (const QJsonValue& v : o[u"segments"].toArray())
        segments.insert(
            v[u"name"].toString(), { v[u"customers"].toInteger(), v[u"revenue"].toDouble() });
    QCOMPARE(segments.value(QStringLiteral("Lost")), std::make_pair(qint64(1), 10.0));
    QCOMPARE(segments.value(QStringLiteral("Hibernating")), std::make_pair(qint64(1), 50.0));
    QCOMPARE(segments.value(QStringLiteral("Need Attention")), std::make_pair(qint64(1), 295.0));

    // The scores are readable with segwb sql.
    r = segwb({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
        QStringLiteral(
            "SELECT customer_id, r, f, m, segment FROM rfm_scores ORDER BY customer_id") });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out,
        QByteArray("customer_id,r,f,m,segment\nc1,1,1,1,Lost\nc2,2,2,2,Hibernating\n"
                   "c3,3,3,3,Need Attention\n"));
    // A custom map file with a row that can never match is reported.
    const QString map = m_dir.filePath(QStringLiteral("map.json"));
    QFile mapFile(map);
    QVERIFY(mapFile.open(QIODevice::WriteOnly));
    mapFile.write(R"({"segments": [{"name": "Recent", "r": [2, 3]}, {"name": "Best", "r": 3}]})");
    mapFile.close();
    r = segwb({ QStringLiteral("rfm"), QStringLiteral("--workspace"), ws, QStringLiteral("--bins"),
        QStringLiteral("3"), QStringLiteral("--map"), map });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("\u201cBest\u201d can never match"), r.out.constData());
    QVERIFY(r.out.contains("3 score cells match no row"));

    // A run without options repeats the stored settings (3 bins, that map, custom recency
    // thresholds, a chosen date); --bins with another number drops the stored thresholds;
    // --defaults starts again from the defaults.
    r = segwb({ QStringLiteral("rfm"), QStringLiteral("--workspace"), ws,
        QStringLiteral("--recency-thresholds"), QStringLiteral("10,40"),
        QStringLiteral("--analysis-date"), QStringLiteral("2024-03-10") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = segwb(
        { QStringLiteral("rfm"), QStringLiteral("--workspace"), ws, QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"analysis_date"].toString(), QStringLiteral("2024-03-10"));
    QCOMPARE(r.json()[u"recency"][u"thresholds"].toArray(), QJsonArray({ 10, 40 }));
    QStringList names;
    for (const QJsonValue& v : r.json()[u"segments"].toArray())
        names.append(v[u"name"].toString());
    QVERIFY2(names.contains(QStringLiteral("Recent")), qPrintable(names.join(u',')));
    r = segwb({ QStringLiteral("rfm"), QStringLiteral("--workspace"), ws, QStringLiteral("--bins"),
        QStringLiteral("4"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"recency"][u"thresholds"].toArray().size(), 3);
    QVERIFY(r.json()[u"recency"][u"thresholds"].toArray() != QJsonArray({ 10, 40 }));
    r = segwb({ QStringLiteral("rfm"), QStringLiteral("--workspace"), ws,
        QStringLiteral("--defaults"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"analysis_date"].toString(), QStringLiteral("2024-03-02"));
    QCOMPARE(r.json()[u"recency"][u"thresholds"].toArray().size(), 4);
    names.clear();
    for (const QJsonValue& v : r.json()[u"segments"].toArray())
        names.append(v[u"name"].toString());
    QVERIFY(!names.contains(QStringLiteral("Recent")));
}

void TestCli::savedSegments()
{
    // Customers c1..c4 (c4 never bought); the transactions of metricsAndRfm().
    const QString customers = m_dir.filePath(QStringLiteral("seg_customers.csv"));
    QFile c(customers);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write("customer_id,country\nc1,Germany\nc2,France\nc3,Germany\nc4,Zoë Land\n");
    c.close();
    const QString transactions = m_dir.filePath(QStringLiteral("seg_tx.csv"));
    QFile t(transactions);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("customer_id,order_id,order_date,amount\nc1,1,2024-01-01,10\nc2,2,2024-01-01,20\n"
            "c2,3,2024-02-01,30\nc3,4,2024-01-15,100\nc3,5,2024-02-15,100\nc3,6,2024-03-01,95\n");
    t.close();
    const QString ws = m_dir.filePath(QStringLiteral("segments.segws"));
    auto run = [&](QStringList args) {
        args << QStringLiteral("--workspace") << ws;
        return segwb(args);
    };
    QCOMPARE(segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
                       QStringLiteral("--kind"), QStringLiteral("customers"), customers })
                 .exitCode,
        0);
    QCOMPARE(segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
                       QStringLiteral("--kind"), QStringLiteral("transactions"), transactions })
                 .exitCode,
        0);

    // Metrics and scores are computed on demand. Germany: c1 (10) and c3 (295) of 355 revenue.
    Run r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Germans"), QStringLiteral("--rule"),
        QStringLiteral("country is \"Germany\""), QStringLiteral("--color"),
        QStringLiteral("#e15759"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"members"].toInteger(), 2);
    QCOMPARE(r.json()[u"share_of_customers"].toDouble(), 0.5);
    QCOMPARE(r.json()[u"share_of_revenue"].toDouble(), 305.0 / 355.0);
    QCOMPARE(r.json()[u"analysis_date"].toString(), QStringLiteral("2024-03-02"));
    QCOMPARE(r.json()[u"color"].toString(), QStringLiteral("#e15759"));

    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Buyers"), QStringLiteral("--rule"),
        QStringLiteral("orders >= 1 and lifecycle_status is not \"prospect\"") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(
        r.out.contains("Segment \"Buyers\": 3 customers (75.0 % of customers"), r.out.constData());

    // A JSON definition file works the same way.
    const QString definition = m_dir.filePath(QStringLiteral("prospects.json"));
    QFile d(definition);
    QVERIFY(d.open(QIODevice::WriteOnly));
    d.write(R"({"version": 1, "root": {"and": [{"field": "orders", "op": "eq", "values": [0]}]}})");
    d.close();
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Prospects"), QStringLiteral("--json-file"), definition,
        QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"members"].toInteger(), 1);
    QCOMPARE(r.json()[u"rule"].toString(), QStringLiteral("orders = 0"));

    // Errors: unknown field with a suggestion, a duplicate name, self-reference, bad syntax.
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("X"), QStringLiteral("--rule"), QStringLiteral("contry is \"Germany\"") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Did you mean"), r.err.constData());
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("germans"), QStringLiteral("--rule"), QStringLiteral("orders > 1") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("already a segment"));
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Loop"), QStringLiteral("--rule"), QStringLiteral("segment is \"Loop\"") });
    QCOMPARE(r.exitCode, 2);
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Bad"), QStringLiteral("--rule"), QStringLiteral("orders >= 3 and") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("(at character 16)"), r.err.constData());

    r = run({ QStringLiteral("segment"), QStringLiteral("list"), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    QStringList names;
    for (const QJsonValue& v : r.json()[u"segments"].toArray())
        names.append(v[u"name"].toString());
    QCOMPARE(names,
        QStringList(
            { QStringLiteral("Buyers"), QStringLiteral("Germans"), QStringLiteral("Prospects") }));

    r = run({ QStringLiteral("overlap"), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()[u"counts"].toArray().at(0).toArray(), QJsonArray({ 3, 2, 0 }));
    QCOMPARE(r.json()[u"counts"].toArray().at(1).toArray(), QJsonArray({ 2, 2, 0 }));

    // New data and a refresh: the history keeps both counts.
    const QString more = m_dir.filePath(QStringLiteral("seg_more.csv"));
    QFile m(more);
    QVERIFY(m.open(QIODevice::WriteOnly));
    m.write("customer_id,order_id,order_date,amount\nc4,7,2024-03-05,40\n");
    m.close();
    QCOMPARE(segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
                       QStringLiteral("--kind"), QStringLiteral("transactions"),
                       QStringLiteral("--mode"), QStringLiteral("append"), more })
                 .exitCode,
        0);
    r = run({ QStringLiteral("segment"), QStringLiteral("refresh"), QStringLiteral("--all"),
        QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = run({ QStringLiteral("segment"), QStringLiteral("show"), QStringLiteral("--name"),
        QStringLiteral("buyers"), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()[u"members"].toInteger(), 4);
    QCOMPARE(r.json()[u"analysis_date"].toString(), QStringLiteral("2024-03-06"));
    const QJsonArray history = r.json()[u"history"].toArray();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0)[u"members"].toInteger(), 3);
    QCOMPARE(history.at(1)[u"members"].toInteger(), 4);

    // Templates adapt to the columns: country values from the data, lifecycle and value always.
    r = run({ QStringLiteral("segment"), QStringLiteral("templates"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QHash<QString, QString> templates;
    for (const QJsonValue& v : r.json()[u"templates"].toArray())
        templates.insert(v[u"name"].toString(), v[u"rule"].toString());
    QCOMPARE(templates.value(QStringLiteral("country: Germany")),
        QStringLiteral("country is \"Germany\""));
    QCOMPARE(templates.value(QStringLiteral("One-time buyers")), QStringLiteral("orders = 1"));
    QVERIFY(!templates.contains(QStringLiteral("Age 65+"))); // no age or birth date column
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Germany"), QStringLiteral("--template"), QStringLiteral("country: Germany"),
        QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"members"].toInteger(), 2);
    QCOMPARE(run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
                     QStringLiteral("X"), QStringLiteral("--template"), QStringLiteral("No such") })
                 .exitCode,
        2);

    r = run({ QStringLiteral("segment"), QStringLiteral("delete"), QStringLiteral("--name"),
        QStringLiteral("Prospects") });
    QCOMPARE(r.exitCode, 0);
    r = run({ QStringLiteral("segment"), QStringLiteral("show"), QStringLiteral("--name"),
        QStringLiteral("Prospects") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("There is no segment named"));
}

void TestCli::segmentRenameAndEdit()
{
    for (const char* sub : { "rename", "edit" }) {
        const Run help = segwb(
            { QStringLiteral("segment"), QString::fromLatin1(sub), QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QByteArray("Usage: segwb segment ") + sub));
        QVERIFY(help.out.contains("--json"));
    }
    const QString customers = m_dir.filePath(QStringLiteral("edit_customers.csv"));
    QFile c(customers);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write("customer_id,country\nc1,Germany\nc2,France\nc3,Germany\nc4,Spain\n");
    c.close();
    const QString transactions = m_dir.filePath(QStringLiteral("edit_tx.csv"));
    QFile t(transactions);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("customer_id,order_id,order_date,amount\nc1,1,2024-01-01,10\nc2,2,2024-01-01,20\n"
            "c3,3,2024-01-15,100\nc4,4,2024-03-01,95\n");
    t.close();
    const QString ws = m_dir.filePath(QStringLiteral("edit.segws"));
    for (const auto& [kind, file] : { std::make_pair(QStringLiteral("customers"), customers),
             std::make_pair(QStringLiteral("transactions"), transactions) }) {
        const Run imported = segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
            QStringLiteral("--kind"), kind, file });
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
    }
    auto run = [&](QStringList args) {
        args << QStringLiteral("--workspace") << ws;
        return segwb(args);
    };
    auto show = [&](const QString& name) {
        return run({ QStringLiteral("segment"), QStringLiteral("show"), QStringLiteral("--name"),
                       name, QStringLiteral("--json") })
            .json();
    };
    Run r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Germans"), QStringLiteral("--rule"),
        QStringLiteral("country is \"Germany\""), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString createdAt = r.json()[u"created_at"].toString();
    QVERIFY(!createdAt.isEmpty());
    QCOMPARE(run({ QStringLiteral("segment"), QStringLiteral("refresh"), QStringLiteral("--name"),
                     QStringLiteral("Germans") })
                 .exitCode,
        0);
    QVERIFY(
        run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
                QStringLiteral("Buyers"), QStringLiteral("--rule"), QStringLiteral("orders >= 1") })
            .exitCode
        == 0);

    // Rename in place: history and creation time stay.
    r = run({ QStringLiteral("segment"), QStringLiteral("rename"), QStringLiteral("--name"),
        QStringLiteral("germans"), QStringLiteral("--to"), QStringLiteral("DE customers"),
        QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"name"].toString(), QStringLiteral("DE customers"));
    QCOMPARE(r.json()[u"previous_name"].toString(), QStringLiteral("Germans"));
    QCOMPARE(r.json()[u"members"].toInteger(), 2);
    QJsonObject o = show(QStringLiteral("DE customers"));
    QCOMPARE(o[u"history"].toArray().size(), 2);
    QCOMPARE(o[u"created_at"].toString(), createdAt);
    QCOMPARE(run({ QStringLiteral("segment"), QStringLiteral("show"), QStringLiteral("--name"),
                     QStringLiteral("Germans") })
                 .exitCode,
        2);
    r = run({ QStringLiteral("segment"), QStringLiteral("rename"), QStringLiteral("--name"),
        QStringLiteral("DE customers"), QStringLiteral("--to"), QStringLiteral("DE Customers") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("Renamed the segment \"DE customers\" to \"DE Customers\".\n"));
    // A taken name, a missing one, no new name.
    r = run({ QStringLiteral("segment"), QStringLiteral("rename"), QStringLiteral("--name"),
        QStringLiteral("Buyers"), QStringLiteral("--to"), QStringLiteral("de customers"),
        QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.json()[u"error"].toString().contains(
                 QStringLiteral("There is already a segment named \u201cDE Customers\u201d")),
        r.out.constData());
    r = run({ QStringLiteral("segment"), QStringLiteral("rename"), QStringLiteral("--name"),
        QStringLiteral("Nobody"), QStringLiteral("--to"), QStringLiteral("Somebody") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("There is no segment named"));
    r = run({ QStringLiteral("segment"), QStringLiteral("rename"), QStringLiteral("--name"),
        QStringLiteral("Buyers") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("--to NEW is required"));
    QCOMPARE(show(QStringLiteral("Buyers"))[u"name"].toString(), QStringLiteral("Buyers"));

    // Edit in place: the count is computed again and added to the history.
    r = run({ QStringLiteral("segment"), QStringLiteral("edit"), QStringLiteral("--name"),
        QStringLiteral("de customers"), QStringLiteral("--rule"),
        QStringLiteral("country is one of (\"Germany\", \"France\")"),
        QStringLiteral("--description"), QStringLiteral("DACH and France"),
        QStringLiteral("--color"), QStringLiteral("#59a14f"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"name"].toString(), QStringLiteral("DE Customers"));
    QCOMPARE(r.json()[u"members"].toInteger(), 3);
    QCOMPARE(r.json()[u"previous_members"].toInteger(), 2);
    QCOMPARE(r.json()[u"color"].toString(), QStringLiteral("#59a14f"));
    QCOMPARE(r.json()[u"description"].toString(), QStringLiteral("DACH and France"));
    QCOMPARE(r.json()[u"rule"].toString(),
        QStringLiteral("country is one of (\"Germany\", \"France\")"));
    o = show(QStringLiteral("DE Customers"));
    const QJsonArray history = o[u"history"].toArray();
    QCOMPARE(history.size(), 3);
    QCOMPARE(history.at(1)[u"members"].toInteger(), 2);
    QCOMPARE(history.at(2)[u"members"].toInteger(), 3);
    QCOMPARE(o[u"created_at"].toString(), createdAt);
    // Only the description: rule and colour stay; plain text says the count.
    r = run({ QStringLiteral("segment"), QStringLiteral("edit"), QStringLiteral("--name"),
        QStringLiteral("DE Customers"), QStringLiteral("--description"), QString() });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.startsWith("Segment \"DE Customers\": 3 customers (was 3; 75.0 % of customers"),
        r.out.constData());
    o = show(QStringLiteral("DE Customers"));
    QCOMPARE(o[u"description"].toString(), QString());
    QCOMPARE(o[u"color"].toString(), QStringLiteral("#59a14f"));
    QCOMPARE(o[u"history"].toArray().size(), 4);
    // Errors change nothing.
    r = run({ QStringLiteral("segment"), QStringLiteral("edit"), QStringLiteral("--name"),
        QStringLiteral("DE Customers") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("Nothing to change"));
    r = run({ QStringLiteral("segment"), QStringLiteral("edit"), QStringLiteral("--name"),
        QStringLiteral("DE Customers"), QStringLiteral("--color"), QStringLiteral("green") });
    QCOMPARE(r.exitCode, 1);
    r = run({ QStringLiteral("segment"), QStringLiteral("edit"), QStringLiteral("--name"),
        QStringLiteral("DE Customers"), QStringLiteral("--rule"),
        QStringLiteral("orders >= and") });
    QCOMPARE(r.exitCode, 2);
    r = run({ QStringLiteral("segment"), QStringLiteral("edit"), QStringLiteral("--name"),
        QStringLiteral("DE Customers"), QStringLiteral("--rule"),
        QStringLiteral("segment is \"de customers\"") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("own membership"));
    QCOMPARE(show(QStringLiteral("DE Customers"))[u"history"].toArray().size(), 4);
    QCOMPARE(show(QStringLiteral("DE Customers"))[u"members"].toInteger(), 3);
}

void TestCli::clusters()
{
    // A small demo workspace: clusters on three metrics, then segments on cluster membership.
    const QString data = m_dir.filePath(QStringLiteral("cluster_demo"));
    const QString ws = m_dir.filePath(QStringLiteral("clusters.segws"));
    QCOMPARE(segwb({ QStringLiteral("demo"), QStringLiteral("--customers"), QStringLiteral("300"),
                       QStringLiteral("--out"), data })
                 .exitCode,
        0);
    for (const char* kind : { "customers", "transactions" })
        QCOMPARE(segwb({ QStringLiteral("import"), QStringLiteral("--workspace"), ws,
                           QStringLiteral("--kind"), QString::fromLatin1(kind),
                           data + QLatin1Char('/') + QString::fromLatin1(kind)
                               + QStringLiteral(".csv") })
                     .exitCode,
            0);
    auto run = [&](QStringList args) {
        args << QStringLiteral("--workspace") << ws;
        return segwb(args);
    };
    Run r = run({ QStringLiteral("cluster"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("x"), QStringLiteral("--features"),
        QStringLiteral("orders,revenue,recency_days"), QStringLiteral("--k"), QStringLiteral("3"),
        QStringLiteral("--seed"), QStringLiteral("4"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject c = r.json();
    QCOMPARE(c[u"field"].toString(), QStringLiteral("cluster_x"));
    QCOMPARE(c[u"k"].toInt(), 3);
    const QJsonArray clusters = c[u"clusters"].toArray();
    QCOMPARE(clusters.size(), 3);
    const qint64 size1 = clusters.at(0)[u"size"].toInteger();
    const qint64 unclustered = c[u"unclustered"].toInteger();
    qint64 sum = unclustered;
    for (const QJsonValue& v : clusters) {
        sum += v[u"size"].toInteger();
        QVERIFY(v[u"means"].toObject().contains(u"recency_days"));
    }
    // Every customer of the metrics is clustered or counted as unclustered (prospects have no
    // recency).
    QCOMPARE(sum, 300);
    QVERIFY(unclustered > 0);
    QCOMPARE(c[u"customers"].toInteger(), 300 - unclustered);

    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("First cluster"), QStringLiteral("--rule"), QStringLiteral("cluster_x is 1"),
        QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"members"].toInteger(), size1);
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Unclustered"), QStringLiteral("--rule"),
        QStringLiteral("cluster_x is missing"), QStringLiteral("--json") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"members"].toInteger(), unclustered);

    // Text output: sizes and means per cluster, the inertia, the unclustered count.
    r = run({ QStringLiteral("cluster"), QStringLiteral("show"), QStringLiteral("--name"),
        QStringLiteral("X") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("inertia"), r.out.constData());
    QVERIFY(r.out.contains(QByteArray::number(unclustered) + " unclustered"));
    r = run({ QStringLiteral("cluster"), QStringLiteral("list"), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()[u"clusterings"].toArray().size(), 1);

    // Errors: a duplicate name, a text feature, too many clusters, no such clustering.
    r = run({ QStringLiteral("cluster"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("X"), QStringLiteral("--features"), QStringLiteral("orders") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("already a clustering"));
    r = run({ QStringLiteral("cluster"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Y"), QStringLiteral("--features"), QStringLiteral("country") });
    QCOMPARE(r.exitCode, 2);
    r = run({ QStringLiteral("cluster"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Y"), QStringLiteral("--features"), QStringLiteral("orders"),
        QStringLiteral("--k"), QStringLiteral("0") });
    QCOMPARE(r.exitCode, 1);
    r = segwb({ QStringLiteral("cluster"), QStringLiteral("--help") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Usage: segwb cluster"));

    r = run({ QStringLiteral("cluster"), QStringLiteral("delete"), QStringLiteral("--name"),
        QStringLiteral("x") });
    QCOMPARE(r.exitCode, 0);
    r = run({ QStringLiteral("segment"), QStringLiteral("create"), QStringLiteral("--name"),
        QStringLiteral("Gone"), QStringLiteral("--rule"), QStringLiteral("cluster_x is 1") });
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("There is no field"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
