// Golden import cases: tests/data/import/<case>/ holds an input file, the segwb import arguments
// and the expected table and rejects (see the README there).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray run(const QStringList& args, int* exitCode)
{
    QProcess p;
    p.start(QStringLiteral(SEGWB_CLI_PATH), args);
    p.waitForFinished(120000);
    *exitCode = p.exitCode();
    return p.readAllStandardOutput() + p.readAllStandardError();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestGoldenImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void golden_data();
    void golden();
};

void TestGoldenImport::golden_data()
{
    QTest::addColumn<QString>("folder");
    const QDir root(QStringLiteral(SEGWB_TEST_DATA_DIR "/import"));
    const QStringList cases = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY(cases.size() >= 4);
    for (const QString& c : cases)
        QTest::newRow(qPrintable(c)) << root.filePath(c);
}

void TestGoldenImport::golden()
{
    QFETCH(QString, folder);
    QTemporaryDir tmp;
    const QString ws = tmp.filePath(QStringLiteral("golden.segws"));
    QStringList args = QString::fromUtf8(readFile(folder + QStringLiteral("/args.txt"))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(args.size() >= 2 && args[0] == u"--kind");
    const QString table = args[1];
    int code = -1;
    const QByteArray importOut = run(QStringList { QStringLiteral("import"), QStringLiteral("--workspace"), ws } + args
            + QStringList { folder + QStringLiteral("/input.csv") },
        &code);
    QVERIFY2(code == 0, importOut.constData());
    const QByteArray rows = run({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
                                    QStringLiteral("SELECT * FROM %1 ORDER BY rowid").arg(table) },
        &code);
    QCOMPARE(code, 0);
    QCOMPARE(rows, readFile(folder + QStringLiteral("/expected.csv")));
    const QByteArray rejects = run({ QStringLiteral("sql"), QStringLiteral("--workspace"), ws,
                                       QStringLiteral("SELECT line, column_name, reason FROM rejected_rows ORDER BY line") },
        &code);
    QCOMPARE(code, 0);
    QCOMPARE(rejects, readFile(folder + QStringLiteral("/expected_rejects.csv")));
}

QTEST_GUILESS_MAIN(TestGoldenImport)
#include "tst_goldenimport.moc"
