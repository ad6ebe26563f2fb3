#include "workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace seg;

namespace {

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsNewWorkspace();
    void reopens();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void refusesNewerSchema();
    void refusesForeignSqlite();
    void migratesVersion1();
    void readOnlyRefusesWrites();
    void queryIsReadOnly();
};

void TestWorkspace::createsNewWorkspace()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new.segws"));
    auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
    QVERIFY2(ws.ok(), ws.ok() ? "" : qPrintable(ws.error().message));
    QCOMPARE(*ws->schemaVersion(), Workspace::kSchemaVersion);
    QCOMPARE(ws->database().scalar(QStringLiteral("PRAGMA application_id"))->toLongLong(),
        qint64(Workspace::kApplicationId));
    QCOMPARE(ws->database().scalar(QStringLiteral("PRAGMA journal_mode"))->toString(),
        QStringLiteral("wal"));
    QCOMPARE(ws->database().scalar(QStringLiteral("PRAGMA foreign_keys"))->toLongLong(), qint64(1));
    for (const char* table : { "imports", "rejected_rows", "column_meta", "workspace_meta" })
        QVERIFY(*ws->hasTable(QString::fromLatin1(table)));
    QVERIFY(ws->tables()->isEmpty());
}

void TestWorkspace::reopens()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.segws"));
    {
        auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
        QVERIFY(ws.ok());
        QVERIFY(ws->database()
                    .exec(QStringLiteral(
                        "CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT); "
                        "INSERT INTO customers (customer_id) VALUES ('a'), ('b')"))
                    .ok());
    }
    auto ws = Workspace::open(path, Workspace::OpenMode::ReadWrite);
    QVERIFY(ws.ok());
    QCOMPARE(*ws->rowCount(QStringLiteral("customers")), qint64(2));
    QCOMPARE(ws->tables()->size(), 1);
    auto missing = Workspace::open(
        dir.filePath(QStringLiteral("nope.segws")), Workspace::OpenMode::ReadWrite);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::Workspace);
    QVERIFY(missing.error().message.contains(QStringLiteral("does not exist")));
}

void TestWorkspace::refusesBadFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty file");
    QTest::newRow("csv") << QByteArray("id,name\n1,a\n")
                         << QStringLiteral("not an SQLite database");
    QByteArray damaged("SQLite format 3\0", 16);
    damaged.append(QByteArray(4080, '\xEE'));
    QTest::newRow("damaged") << damaged << QStringLiteral("damaged");
    QTest::newRow("cut short") << QByteArray("SQLite format 3\0\x10\0", 18)
                               << QStringLiteral("damaged");
}

void TestWorkspace::refusesBadFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.segws"));
    writeFile(path, bytes);
    const QByteArray before = fileHash(path);
    for (auto mode : { Workspace::OpenMode::ReadOnly, Workspace::OpenMode::ReadWrite,
             Workspace::OpenMode::CreateOrOpen }) {
        auto ws = Workspace::open(path, mode);
        QVERIFY(!ws.ok());
        QCOMPARE(ws.error().code, ErrorCode::Workspace);
        QVERIFY2(ws.error().message.contains(expected), qPrintable(ws.error().message));
    }
    QCOMPARE(fileHash(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestWorkspace::refusesNewerSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("newer.segws"));
    {
        auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
        QVERIFY(ws.ok());
        QVERIFY(ws->database().exec(QStringLiteral("PRAGMA user_version = 99")).ok());
        QVERIFY(ws->database().exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
    }
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path, Workspace::OpenMode::ReadWrite);
    QVERIFY(!ws.ok());
    QVERIFY2(ws.error().message.contains(QStringLiteral("newer version")),
        qPrintable(ws.error().message));
    QVERIFY(ws.error().message.contains(QStringLiteral("Nothing was changed")));
    QCOMPARE(fileHash(path), before);
}

void TestWorkspace::refusesForeignSqlite()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.db"));
    {
        auto db = Database::open(path, Database::Mode::ReadWriteCreate);
        QVERIFY(db.ok());
        QVERIFY(db->exec(QStringLiteral("CREATE TABLE t (x); INSERT INTO t VALUES (1)")).ok());
    }
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
    QVERIFY(!ws.ok());
    QVERIFY2(ws.error().message.contains(QStringLiteral("another program")),
        qPrintable(ws.error().message));
    QCOMPARE(fileHash(path), before);
}

void TestWorkspace::migratesVersion1()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v1.segws"));
    {
        // A workspace as version 1 wrote it: the first schema step only.
        auto db = Database::open(path, Database::Mode::ReadWriteCreate);
        QVERIFY(db.ok());
        QFile schema(QStringLiteral(":/schema/001_initial.sql"));
        QVERIFY(schema.open(QIODevice::ReadOnly));
        QVERIFY(db->exec(QString::fromUtf8(schema.readAll())).ok());
        QVERIFY(db->exec(QStringLiteral("PRAGMA application_id = %1; PRAGMA user_version = 1")
                             .arg(Workspace::kApplicationId))
                    .ok());
        QVERIFY(db->exec(QStringLiteral(
                             "INSERT INTO imports (kind, table_name, mode, file_name, started_at) "
                             "VALUES ('customers', 'customers', 'new', 'a.csv', '2024-01-01')"))
                    .ok());
    }
    auto ro = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    QVERIFY(ro.ok());
    QCOMPARE(*ro->schemaVersion(), 1); // read-only never migrates
    ro = Workspace::open(path, Workspace::OpenMode::ReadWrite);
    QVERIFY(ro.ok());
    QCOMPARE(*ro->schemaVersion(), Workspace::kSchemaVersion);
    auto imports = ro->imports();
    QVERIFY2(imports.ok(), imports.ok() ? "" : qPrintable(imports.error().message));
    QCOMPARE(imports->size(), 1);
    QCOMPARE(imports->first().fileName, QStringLiteral("a.csv"));
    QVERIFY(ro->database().exec(QStringLiteral("UPDATE rejected_rows SET column_name = 'x'")).ok());
    // Step 3 made the tables of customer metrics and RFM scores.
    QVERIFY(*ro->hasTable(QStringLiteral("customer_metrics")));
    QVERIFY(*ro->hasTable(QStringLiteral("rfm_scores")));
    // Step 4: lifecycle and value status, saved segments.
    for (const char* table : { "customer_status", "segments", "segment_members", "segment_history" })
        QVERIFY2(*ro->hasTable(QString::fromLatin1(table)), table);
    // Step 5: stored clusterings and their members.
    for (const char* table : { "clusterings", "cluster_members" })
        QVERIFY2(*ro->hasTable(QString::fromLatin1(table)), table);
}

void TestWorkspace::readOnlyRefusesWrites()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ro.segws"));
    QVERIFY(Workspace::open(path, Workspace::OpenMode::CreateOrOpen).ok());
    auto ws = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    QVERIFY(ws.ok());
    QVERIFY(ws->isReadOnly());
    QVERIFY(!ws->database().exec(QStringLiteral("CREATE TABLE x (y)")).ok());
}

void TestWorkspace::queryIsReadOnly()
{
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    QVERIFY(ws->database()
                .exec(QStringLiteral("CREATE TABLE customers (customer_id TEXT, n INTEGER); INSERT "
                                     "INTO customers VALUES ('a', 1), ('b', 2), ('c', NULL)"))
                .ok());
    auto r = ws->query(
        QStringLiteral("SELECT customer_id, n * 1.5 AS x FROM customers ORDER BY customer_id"));
    QVERIFY(r.ok());
    QCOMPARE(r->columns, (QStringList { QStringLiteral("customer_id"), QStringLiteral("x") }));
    QCOMPARE(r->rows.size(), 3);
    QCOMPARE(r->rows[1][1].toDouble(), 3.0);
    QVERIFY(r->rows[2][1].isNull());
    auto limited = ws->query(QStringLiteral("SELECT * FROM customers"), 2);
    QCOMPARE(limited->rows.size(), 2);
    QVERIFY(limited->truncated);
    auto write = ws->query(QStringLiteral("DELETE FROM customers"));
    QVERIFY(!write.ok());
    QCOMPARE(*ws->rowCount(QStringLiteral("customers")), qint64(3));
    auto bad = ws->query(QStringLiteral("SELEC nonsense"));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, ErrorCode::BadInput);
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
