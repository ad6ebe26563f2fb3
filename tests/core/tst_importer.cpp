#include "importer.h"
#include "workspace.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace seg;

namespace {

struct Outcome {
    bool ok = false;
    QString error;
    ErrorCode code = ErrorCode::Internal;
    ImportReport report;
};

QString writeTemp(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return path;
}

Outcome importFile(Workspace& ws, const QString& path, const ImportOptions& options,
    JobContext* job = nullptr)
{
    JobContext own;
    JobContext& j = job ? *job : own;
    Outcome out;
    auto plan = Importer::plan(path, options, j);
    if (!plan) {
        out.error = plan.error().message;
        out.code = plan.error().code;
        return out;
    }
    auto report = Importer::run(ws, *plan, options, j);
    if (!report) {
        out.error = report.error().message;
        out.code = report.error().code;
        return out;
    }
    out.ok = true;
    out.report = *report;
    return out;
}

QVariant scalar(Workspace& ws, const QString& sql)
{
    auto v = ws.database().scalar(sql);
    return v ? *v : QVariant(QStringLiteral("<error: %1>").arg(v.error().message));
}

// Everything a failed import must leave as it was.
QString snapshot(Workspace& ws)
{
    QStringList parts;
    for (const char* sql : { "SELECT count(*) FROM imports", "SELECT count(*) FROM rejected_rows",
             "SELECT count(*) FROM column_meta",
             "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'" })
        parts.append(scalar(ws, QString::fromLatin1(sql)).toString());
    for (const QString& t : Workspace::dataTableNames()) {
        if (*ws.hasTable(t))
            parts.append(scalar(ws, QStringLiteral("SELECT count(*) || ':' || total(length(quote(%1))) FROM %1 AS x")
                                        .arg(t)).toString());
    }
    return parts.join(QLatin1Char('|'));
}

QByteArray manyTransactions(int rows)
{
    QByteArray b("order_id,customer_id,order_date,amount\n");
    for (int i = 0; i < rows; ++i)
        b += QStringLiteral("O%1,C%2,2024-%3-%4 10:00:00,%5.25\n")
                 .arg(i)
                 .arg(i % 97)
                 .arg(1 + i % 12, 2, 10, QLatin1Char('0'))
                 .arg(1 + i % 28, 2, 10, QLatin1Char('0'))
                 .arg(i % 500)
                 .toLatin1();
    return b;
}

} // namespace

class TestImporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badInput_data();
    void badInput();
    void storedValues();
    void encodingsKeepText_data();
    void encodingsKeepText();
    void rejectedRowsAreStored();
    void amountFromQuantityAndPrice();
    void attributeTypesWiden();
    void modes();
    void cancelHalfWayLeavesWorkspaceUnchanged();
    void fileChangedDuringImport();
    void fullDisk();
    void busyWorkspace();
    void ambiguousDatesDecidedFromWholeFile();
    void mappingOverrides();
    void generatedIds();
};

void TestImporter::badInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("read");
    QTest::addColumn<qint64>("imported");
    QTest::addColumn<qint64>("firstRejectLine");
    QTest::addColumn<QString>("reason");
    const int cu = int(DataKind::Customers), tx = int(DataKind::Transactions);

    QTest::newRow("empty file") << QByteArray() << cu << QStringLiteral("is empty") << 0ll << 0ll << 0ll << QString();
    QTest::newRow("binary file") << QByteArray("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\0\0\0\0", 18) << cu
                                 << QStringLiteral("binary data") << 0ll << 0ll << 0ll << QString();
    QTest::newRow("header only") << QByteArray("customer_id,name\n") << cu
                                 << QStringLiteral("header line but no data rows") << 0ll << 0ll << 0ll << QString();
    QTest::newRow("not csv: no id column") << QByteArray("Dear customer,\nthank you for your order.\n") << cu
                                           << QStringLiteral("holds customer ids") << 0ll << 0ll << 0ll << QString();
    QTest::newRow("too many and too few fields")
        << QByteArray("customer_id,name\n1,a\n2,b,extra\n3\n4,d\n") << cu << QString() << 4ll << 2ll << 3ll
        << QStringLiteral("The row has 3 fields; the file has 2 columns.");
    QTest::newRow("unbalanced quote") << QByteArray("customer_id,name\n1,\"open\n2,b\n") << cu << QString()
                                      << 2ll << 1ll << 2ll << QStringLiteral("never closed");
    QTest::newRow("quoted delimiters and breaks")
        << QByteArray("customer_id,note\n1,\"a,b\"\n2,\"line1\nline2\"\n3,\"say \"\"hi\"\"\"\n") << cu << QString()
        << 3ll << 3ll << 0ll << QString();
    QTest::newRow("crlf") << QByteArray("customer_id,name\r\n1,a\r\n2,b\r\n") << cu << QString() << 2ll << 2ll << 0ll << QString();
    QTest::newRow("cr only") << QByteArray("customer_id,name\r1,a\r2,b") << cu << QString() << 2ll << 2ll << 0ll << QString();
    QTest::newRow("semicolon, decimal comma")
        << QByteArray("customer_id;income\n1;1.234,50\n2;99,5\n") << cu << QString() << 2ll << 2ll << 0ll << QString();
    QTest::newRow("tab") << QByteArray("customer_id\tname\n1\ta b\n") << cu << QString() << 1ll << 1ll << 0ll << QString();
    QTest::newRow("pipe") << QByteArray("customer_id|name\n1|a\n2|b\n") << cu << QString() << 2ll << 2ll << 0ll << QString();
    QTest::newRow("blank and duplicate ids")
        << QByteArray("customer_id,name\n1,a\n,b\n1,c\n  ,d\n2,e\n") << cu << QString() << 5ll << 2ll << 3ll
        << QStringLiteral("customer id is missing");
    QTest::newRow("currency symbols and returns")
        << QByteArray("customer_id,order_date,amount\nA,2024-01-02,$1234.50\nA,2024-01-03,€12\nB,2024-01-04,(5.00)\nB,2024-01-05,-7\n")
        << tx << QString() << 4ll << 4ll << 0ll << QString();
    QTest::newRow("several date formats in one column")
        << QByteArray("customer_id,order_date,amount\nA,15/01/2024,1\nA,2024-01-16,2\nB,17/01/2024,3\nB,not a date,4\n")
        << tx << QString() << 4ll << 3ll << 5ll << QStringLiteral("is not a date");
    QTest::newRow("missing customer id in transactions")
        << QByteArray("customer_id,order_date,amount\n,2024-01-01,5\nB,2024-01-02,6\n") << tx << QString() << 2ll << 1ll << 2ll
        << QStringLiteral("customer id is missing");
    QTest::newRow("amount not a number")
        << QByteArray("customer_id,order_date,amount\nA,2024-01-01,5\nB,2024-01-02,five\nC,2024-01-03,7\n") << tx << QString()
        << 3ll << 2ll << 3ll << QStringLiteral("\"five\" is not a number");
    QTest::newRow("no order date column")
        << QByteArray("customer_id,amount\nA,5\n") << tx << QStringLiteral("order date") << 0ll << 0ll << 0ll << QString();
    QTest::newRow("blank lines are not rows")
        << QByteArray("customer_id,name\n\n1,a\n\n\n2,b\n") << cu << QString() << 2ll << 2ll << 0ll << QString();
}

void TestImporter::badInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, kind);
    QFETCH(QString, error);
    QFETCH(qint64, read);
    QFETCH(qint64, imported);
    QFETCH(qint64, firstRejectLine);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString path = writeTemp(dir, QStringLiteral("input.csv"), bytes);
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    const QString before = snapshot(*ws);
    ImportOptions options;
    options.kind = DataKind(kind);
    const Outcome out = importFile(*ws, path, options);
    if (!error.isEmpty()) {
        QVERIFY2(!out.ok, "the import should have failed");
        QVERIFY2(out.error.contains(error), qPrintable(out.error));
        QCOMPARE(snapshot(*ws), before);
        return;
    }
    QVERIFY2(out.ok, qPrintable(out.error));
    const ImportReport& r = out.report;
    QCOMPARE(r.rowsRead, read);
    QCOMPARE(r.rowsImported, imported);
    QCOMPARE(r.rowsRejected, read - imported);
    QCOMPARE(r.rowsRead, r.rowsImported + r.rowsRejected);
    QCOMPARE(*ws->rowCount(r.table), imported);
    QCOMPARE(scalar(*ws, QStringLiteral("SELECT count(*) FROM rejected_rows")).toLongLong(), read - imported);
    QCOMPARE(scalar(*ws, QStringLiteral("SELECT rows_read || '/' || rows_imported || '/' || rows_rejected FROM imports")).toString(),
        QStringLiteral("%1/%2/%3").arg(read).arg(imported).arg(read - imported));
    if (firstRejectLine > 0) {
        QVERIFY(!r.firstRejected.isEmpty());
        QCOMPARE(r.firstRejected.first().line, firstRejectLine);
        QVERIFY2(r.firstRejected.first().reason.contains(reason), qPrintable(r.firstRejected.first().reason));
    }
}

void TestImporter::storedValues()
{
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    const QString path = writeTemp(dir, QStringLiteral("c.csv"),
        "Customer ID;Signup;Income;Newsletter;Country;Score\n"
        "007;31.12.2023;1.234,50;ja;Deutschland;3\n"
        "008;01.02.2024;;nein;France;4\n");
    ImportOptions options;
    options.kind = DataKind::Customers;
    const Outcome out = importFile(*ws, path, options);
    QVERIFY2(out.ok, qPrintable(out.error));
    auto r = ws->query(QStringLiteral("SELECT customer_id, signup, income, newsletter, country, score FROM customers ORDER BY customer_id"));
    QVERIFY(r.ok());
    QCOMPARE(r->rows.size(), 2);
    QCOMPARE(r->rows[0][0].toString(), QStringLiteral("007")); // ids keep their zeros
    QCOMPARE(r->rows[0][1].toString(), QStringLiteral("2023-12-31"));
    QCOMPARE(r->rows[0][2].toDouble(), 1234.5);
    QCOMPARE(r->rows[0][3].toLongLong(), 1ll);
    QCOMPARE(r->rows[1][3].toLongLong(), 0ll);
    QVERIFY(r->rows[1][2].isNull()); // an empty income is missing, not 0
    QCOMPARE(r->rows[1][4].toString(), QStringLiteral("France"));
    QCOMPARE(r->rows[1][5].toLongLong(), 4ll);
    auto cols = ws->columns(QStringLiteral("customers"));
    QVERIFY(cols.ok());
    QStringList described;
    for (const ColumnInfo& c : *cols)
        described.append(c.name + QLatin1Char(':') + c.type + QLatin1Char(':') + c.role + QLatin1Char(':') + c.sourceColumn);
    QCOMPARE(described, (QStringList { QStringLiteral("customer_id:text:customer_id:Customer ID"),
                            QStringLiteral("signup:date::Signup"), QStringLiteral("income:decimal::Income"),
                            QStringLiteral("newsletter:yes/no::Newsletter"), QStringLiteral("country:text::Country"),
                            QStringLiteral("score:integer::Score") }));
}

void TestImporter::encodingsKeepText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const QString text = QStringLiteral("customer_id,name,city\r\n1,Zoë Müller,Zürich\r\n2,\"Núñez, José\",Málaga\r\n");
    QTest::newRow("utf8") << text.toUtf8();
    QTest::newRow("utf8 bom") << QByteArray("\xEF\xBB\xBF") + text.toUtf8();
    QByteArray le("\xFF\xFE", 2);
    for (QChar c : text) {
        le.append(char(c.unicode() & 0xFF));
        le.append(char(c.unicode() >> 8));
    }
    QTest::newRow("utf16le") << le;
    QTest::newRow("windows-1252") << text.toLatin1();
}

void TestImporter::encodingsKeepText()
{
    QFETCH(QByteArray, bytes);
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Customers;
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("e.csv"), bytes), options);
    QVERIFY2(out.ok, qPrintable(out.error));
    auto r = ws->query(QStringLiteral("SELECT name, city FROM customers ORDER BY customer_id"));
    QCOMPARE(r->rows.size(), 2);
    QCOMPARE(r->rows[0][0].toString(), QStringLiteral("Zoë Müller"));
    QCOMPARE(r->rows[0][1].toString(), QStringLiteral("Zürich"));
    QCOMPARE(r->rows[1][0].toString(), QStringLiteral("Núñez, José"));
    QCOMPARE(r->rows[1][1].toString(), QStringLiteral("Málaga"));
}

void TestImporter::rejectedRowsAreStored()
{
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Transactions;
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("t.csv"),
        "customer_id,order_date,amount\nA,2024-01-01,5\n,2024-01-02,6\nB,2024-13-01,7\nC,2024-01-03,1,extra\n"), options);
    QVERIFY2(out.ok, qPrintable(out.error));
    auto rows = ws->rejectedRows(out.report.importId);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->at(0).line, 3);
    QCOMPARE(rows->at(0).raw, QStringLiteral(",2024-01-02,6"));
    QCOMPARE(rows->at(0).column, QStringLiteral("customer_id"));
    QCOMPARE(rows->at(1).line, 4);
    QVERIFY2(rows->at(1).reason.contains(QStringLiteral("\"2024-13-01\" is not a date")), qPrintable(rows->at(1).reason));
    QCOMPARE(rows->at(2).line, 5);
    QCOMPARE(rows->at(2).raw, QStringLiteral("C,2024-01-03,1,extra"));
}

void TestImporter::amountFromQuantityAndPrice()
{
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Transactions;
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("t.csv"),
        "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
        "536365,85123A,6,12/1/2010 8:26,2.55,17850\n"
        "C536379,D,-1,12/1/2010 9:41,27.50,14527\n"
        "536370,22728,24,12/13/2010 8:45,3.75,12583\n"), options);
    QVERIFY2(out.ok, qPrintable(out.error));
    QVERIFY(out.report.plan.computeAmount);
    auto r = ws->query(QStringLiteral("SELECT order_id, product, quantity, order_date, unit_price, customer_id, amount FROM transactions ORDER BY rowid"));
    QCOMPARE(r->rows.size(), 3);
    QCOMPARE(r->rows[0][3].toString(), QStringLiteral("2010-12-01 08:26:00"));
    QCOMPARE(r->rows[2][3].toString(), QStringLiteral("2010-12-13 08:45:00"));
    QCOMPARE(r->rows[0][0].toString(), QStringLiteral("536365"));
    QCOMPARE(r->rows[1][0].toString(), QStringLiteral("C536379"));
    QCOMPARE(r->rows[0][5].toString(), QStringLiteral("17850"));
    QVERIFY(qAbs(r->rows[0][6].toDouble() - 15.3) < 1e-9);
    QVERIFY(qAbs(r->rows[1][6].toDouble() + 27.5) < 1e-9);
    QVERIFY(qAbs(r->rows[2][6].toDouble() - 90.0) < 1e-9);
}

void TestImporter::attributeTypesWiden()
{
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Customers;
    options.sampleRecords = 3; // the odd values come after the sample
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("c.csv"),
        "customer_id,visits,since,size\n1,1,2024-01-01,3\n2,2,2024-01-02,4\n3,3,2024-01-03,5\n4,4.5,2024-01-04 10:30:00,XL\n"), options);
    QVERIFY2(out.ok, qPrintable(out.error));
    QCOMPARE(out.report.rowsImported, 4ll);
    auto cols = ws->columns(QStringLiteral("customers"));
    QStringList types;
    for (const ColumnInfo& c : *cols)
        types.append(c.type);
    QCOMPARE(types, (QStringList { QStringLiteral("text"), QStringLiteral("decimal"), QStringLiteral("date-time"), QStringLiteral("text") }));
    auto r = ws->query(QStringLiteral("SELECT since, size, typeof(size) FROM customers ORDER BY customer_id"));
    QCOMPARE(r->rows[0][0].toString(), QStringLiteral("2024-01-01 00:00:00"));
    QCOMPARE(r->rows[0][2].toString(), QStringLiteral("text"));
    QCOMPARE(r->rows[3][1].toString(), QStringLiteral("XL"));
    QVERIFY(out.report.warnings.join(QLatin1Char(' ')).contains(QStringLiteral("\"XL\" on line 5")));
}

void TestImporter::modes()
{
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Customers;
    QVERIFY(importFile(*ws, writeTemp(dir, QStringLiteral("a.csv"), "customer_id,name\n1,a\n2,b\n"), options).ok);
    // New on a table that holds rows is refused and changes nothing.
    const QString before = snapshot(*ws);
    Outcome again = importFile(*ws, writeTemp(dir, QStringLiteral("b.csv"), "customer_id,name,tier\n2,b2,x\n3,c,y\n"), options);
    QVERIFY(!again.ok);
    QCOMPARE(again.code, ErrorCode::Usage);
    QVERIFY(again.error.contains(QStringLiteral("append")));
    QCOMPARE(snapshot(*ws), before);
    // Append adds the new column and rejects the id that exists already.
    options.mode = ImportMode::Append;
    again = importFile(*ws, dir.filePath(QStringLiteral("b.csv")), options);
    QVERIFY2(again.ok, qPrintable(again.error));
    QCOMPARE(again.report.rowsImported, 1ll);
    QCOMPARE(again.report.rowsRejected, 1ll);
    QVERIFY(again.report.firstRejected.first().reason.contains(QStringLiteral("more than once")));
    QCOMPARE(*ws->rowCount(QStringLiteral("customers")), 3ll);
    QCOMPARE(scalar(*ws, QStringLiteral("SELECT tier FROM customers WHERE customer_id = '3'")).toString(), QStringLiteral("y"));
    QVERIFY(scalar(*ws, QStringLiteral("SELECT tier FROM customers WHERE customer_id = '1'")).isNull());
    QCOMPARE(ws->columns(QStringLiteral("customers"))->size(), 3);
    // Replace starts again.
    options.mode = ImportMode::Replace;
    again = importFile(*ws, writeTemp(dir, QStringLiteral("c.csv"), "customer_id,age\n9,40\n"), options);
    QVERIFY2(again.ok, qPrintable(again.error));
    QCOMPARE(*ws->rowCount(QStringLiteral("customers")), 1ll);
    QCOMPARE(ws->columns(QStringLiteral("customers"))->size(), 2);
    QCOMPARE(ws->imports()->size(), 3);
}

void TestImporter::cancelHalfWayLeavesWorkspaceUnchanged()
{
    QTemporaryDir dir;
    auto ws = Workspace::open(dir.filePath(QStringLiteral("w.segws")), Workspace::OpenMode::CreateOrOpen);
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Transactions;
    QVERIFY(importFile(*ws, writeTemp(dir, QStringLiteral("first.csv"), manyTransactions(50)), options).ok);
    const QString before = snapshot(*ws);
    options.mode = ImportMode::Append;
    int calls = 0;
    JobContext* self = nullptr;
    JobContext job([&](qint64 done, qint64 total) {
        ++calls;
        QVERIFY(done <= total);
        if (calls == 2)
            self->cancel();
    });
    self = &job;
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("big.csv"), manyTransactions(20000)), options, &job);
    QVERIFY(!out.ok);
    QCOMPARE(out.code, ErrorCode::Cancelled);
    QVERIFY(out.error.contains(QStringLiteral("left as it was")));
    QVERIFY(calls >= 2);
    QCOMPARE(snapshot(*ws), before);
    // The workspace is still writable and the same file imports fine afterwards.
    const Outcome retry = importFile(*ws, dir.filePath(QStringLiteral("big.csv")), options);
    QVERIFY2(retry.ok, qPrintable(retry.error));
    QCOMPARE(*ws->rowCount(QStringLiteral("transactions")), 20050ll);
}

void TestImporter::fileChangedDuringImport()
{
    QTemporaryDir dir;
    auto ws = Workspace::open(dir.filePath(QStringLiteral("w.segws")), Workspace::OpenMode::CreateOrOpen);
    QVERIFY(ws.ok());
    const QString before = snapshot(*ws);
    const QString path = writeTemp(dir, QStringLiteral("growing.csv"), manyTransactions(60000));
    bool appended = false;
    JobContext job([&](qint64, qint64) {
        if (appended)
            return;
        appended = true;
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("Ox,Cx,2024-02-02 10:00:00,1.00\n");
    });
    ImportOptions options;
    options.kind = DataKind::Transactions;
    const Outcome out = importFile(*ws, path, options, &job);
    QVERIFY(!out.ok);
    QVERIFY2(out.error.contains(QStringLiteral("changed or deleted")), qPrintable(out.error));
    QCOMPARE(snapshot(*ws), before);
}

void TestImporter::fullDisk()
{
    QTemporaryDir dir;
    auto ws = Workspace::open(dir.filePath(QStringLiteral("w.segws")), Workspace::OpenMode::CreateOrOpen);
    QVERIFY(ws.ok());
    const QString before = snapshot(*ws);
    // A database that may not grow past a few pages fails exactly like a full disk.
    const qint64 pages = scalar(*ws, QStringLiteral("PRAGMA page_count")).toLongLong();
    QVERIFY(ws->database().exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 8)).ok());
    ImportOptions options;
    options.kind = DataKind::Transactions;
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("t.csv"), manyTransactions(20000)), options);
    QVERIFY(!out.ok);
    QVERIFY2(out.error.contains(QStringLiteral("disk is full")), qPrintable(out.error));
    QCOMPARE(snapshot(*ws), before);
}

void TestImporter::busyWorkspace()
{
    QTemporaryDir dir;
    const QString wsPath = dir.filePath(QStringLiteral("w.segws"));
    auto ws = Workspace::open(wsPath, Workspace::OpenMode::CreateOrOpen);
    QVERIFY(ws.ok());
    auto other = Database::open(wsPath, Database::Mode::ReadWrite);
    QVERIFY(other.ok());
    QVERIFY(other->exec(QStringLiteral("PRAGMA busy_timeout = 0; BEGIN IMMEDIATE")).ok());
    QVERIFY(ws->database().exec(QStringLiteral("PRAGMA busy_timeout = 50")).ok());
    ImportOptions options;
    options.kind = DataKind::Customers;
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("c.csv"), "customer_id\n1\n"), options);
    QVERIFY(!out.ok);
    QVERIFY2(out.error.contains(QStringLiteral("busy")), qPrintable(out.error));
    QVERIFY(other->exec(QStringLiteral("ROLLBACK")).ok());
    QVERIFY(importFile(*ws, dir.filePath(QStringLiteral("c.csv")), options).ok);
}

void TestImporter::ambiguousDatesDecidedFromWholeFile()
{
    QTemporaryDir dir;
    QByteArray csv("customer_id,order_date,amount\n");
    for (int i = 0; i < 50; ++i)
        csv += QStringLiteral("C%1,%2/%3/2010 10:00,1\n").arg(i).arg(1 + i % 12).arg(1 + i % 12).toLatin1();
    csv += "Z,12/13/2010 11:00,1\n"; // only month/day/year reads this
    ImportOptions options;
    options.kind = DataKind::Transactions;
    options.sampleRecords = 20;
    JobContext job;
    auto plan = Importer::plan(writeTemp(dir, QStringLiteral("t.csv"), csv), options, job);
    QVERIFY2(plan.ok(), plan.ok() ? "" : qPrintable(plan.error().message));
    const ColumnPlan& date = plan->columns[plan->columnWithRole(Role::OrderDate)];
    QCOMPARE(date.dateOrder, std::optional<DateOrder>(DateOrder::MonthDayYear));
    QVERIFY(plan->notes.join(QLatin1Char(' ')).contains(QStringLiteral("12/13/2010")));
    // With the whole file in the sample and no deciding value, the choice is reported as a guess.
    QByteArray small("customer_id,order_date,amount\nA,01/02/2010,1\nB,03/04/2010,2\n");
    auto guess = Importer::plan(writeTemp(dir, QStringLiteral("s.csv"), small), options, job);
    QVERIFY(guess.ok());
    QVERIFY(!guess->columns[guess->columnWithRole(Role::OrderDate)].warnings.isEmpty());
}

void TestImporter::mappingOverrides()
{
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Transactions;
    options.columns[QStringLiteral("Kunde")].role = Role::CustomerId;
    options.columns[QStringLiteral("Wert")].role = Role::Amount;
    options.columns[QStringLiteral("Notiz")].skip = true;
    options.columns[QStringLiteral("Filiale")].type = ColumnType::Text;
    const Outcome out = importFile(*ws, writeTemp(dir, QStringLiteral("t.csv"),
        "Kunde,Datum,Wert,Notiz,Filiale\nK1,2024-03-01,5,x,12\nK2,2024-03-02,6,y,13\n"), options);
    QVERIFY(!out.ok); // "Datum" is not a known spelling of order date
    QVERIFY(out.error.contains(QStringLiteral("order date")));
    options.columns[QStringLiteral("Datum")].role = Role::OrderDate;
    const Outcome ok = importFile(*ws, dir.filePath(QStringLiteral("t.csv")), options);
    QVERIFY2(ok.ok, qPrintable(ok.error));
    auto cols = ws->columns(QStringLiteral("transactions"));
    QStringList names;
    for (const ColumnInfo& c : *cols)
        names.append(c.name + QLatin1Char(':') + c.type);
    QCOMPARE(names, (QStringList { QStringLiteral("customer_id:text"), QStringLiteral("order_date:date"),
                        QStringLiteral("amount:decimal"), QStringLiteral("filiale:text") }));
    options.columns[QStringLiteral("Nonexistent")].skip = true;
    const Outcome unknown = importFile(*ws, dir.filePath(QStringLiteral("t.csv")), options);
    QVERIFY(!unknown.ok);
    QVERIFY(unknown.error.contains(QStringLiteral("no column named \"Nonexistent\"")));
}

void TestImporter::generatedIds()
{
    QTemporaryDir dir;
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    ImportOptions options;
    options.kind = DataKind::Customers;
    const QString path = writeTemp(dir, QStringLiteral("bank.csv"), "\"age\";\"job\";\"default\";\"y\"\n58;\"management\";\"no\";\"no\"\n44;\"technician\";\"no\";\"yes\"\n");
    const Outcome without = importFile(*ws, path, options);
    QVERIFY(!without.ok);
    QVERIFY(without.error.contains(QStringLiteral("--generate-ids")));
    options.generateIds = true;
    const Outcome out = importFile(*ws, path, options);
    QVERIFY2(out.ok, qPrintable(out.error));
    QVERIFY(out.report.warnings.join(QLatin1Char(' ')).contains(QStringLiteral("line number")));
    auto r = ws->query(QStringLiteral("SELECT customer_id, age, job, \"default\", y FROM customers ORDER BY rowid"));
    QCOMPARE(r->rows.size(), 2);
    QCOMPARE(r->rows[0][0].toString(), QStringLiteral("2"));
    QCOMPARE(r->rows[1][0].toString(), QStringLiteral("3"));
    QCOMPARE(r->rows[1][2].toString(), QStringLiteral("technician"));
    QCOMPARE(r->rows[1][4].toLongLong(), 1ll);
}

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
