// Export of saved segments' members to CSV: columns, round trip through the importer, formula
// neutralisation, encodings, delimiters, file layouts, manifests, cancel, errors, and segwb
// export end to end.
#include "exportquery.h"
#include "fieldcatalog.h"
#include "importer.h"
#include "metricsstore.h"
#include "rulesqlcompiler.h"
#include "segmentexporter.h"
#include "segmentstore.h"
#include "workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace seg;

namespace {

// Customers 1-7 with attributes full of traps; 8 has metrics but is not in customers; 3 is a
// prospect (no RFM score); 7 has no status. Analysis date 2024-04-01.
const char* const kSql = R"sql(
CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, name, city,
    note, balance, age);
INSERT INTO customers (customer_id, name, city, note, balance, age) VALUES
    ('1', 'Zoë', 'Berlin', '=SUM(A1)', 30000.5, 25),
    ('2', 'Müller', 'München', '+1', -10.5, 40),
    ('3', '東京 Tanaka', '東京', '-x', NULL, NULL),
    ('4', 'O' || char(34) || 'Brien, Jr.', 'Paris; FR', '@cmd', 0.1, 19),
    ('5', 'Tab', 'Madrid', char(9) || 'tabbed', 1234567.891, 33),
    ('6', 'Carriage', 'Rome', char(13) || 'cr', 2.5, 50),
    ('7', 'Line', 'Oslo', 'multi' || char(10) || 'line', -3, -7);
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('customers', 'customer_id', 'id', 'text', 'customer_id', 0),
    ('customers', 'name', 'Name', 'text', NULL, 1),
    ('customers', 'city', 'City', 'category', NULL, 2),
    ('customers', 'note', 'Note', 'text', NULL, 3),
    ('customers', 'balance', 'Balance', 'decimal', NULL, 4),
    ('customers', 'age', 'Age', 'integer', NULL, 5);
INSERT INTO customer_metrics (customer_id, first_purchase, last_purchase, orders, revenue,
    average_order_value, recency_days) VALUES
    ('1', '2023-02-01', '2024-03-30', 5, 500.25, 100.05, 2),
    ('2', '2022-07-01', '2023-01-10', 2, -10.5, -5.25, 447),
    ('3', NULL, NULL, 0, 0, NULL, NULL),
    ('4', '2024-01-05', '2024-01-05', 1, 80, 80, 87),
    ('5', '2021-12-31', '2022-05-01', 3, 900, 300, 701),
    ('6', '2024-03-01', '2024-03-25', 2, 120.75, 60.375, 7),
    ('7', '2024-02-01', '2024-02-01', 1, 15, 15, 60),
    ('8', '2023-05-01', '2024-03-01', 4, 1234.5, 308.625, 31);
INSERT INTO rfm_scores (customer_id, r, f, m, fm, segment) VALUES
    ('1', 5, 5, 4, 5, 'Champions'), ('2', 2, 3, 1, 2, 'Hibernating'),
    ('4', 4, 1, 2, 2, 'Potential Loyalists'), ('5', 1, 4, 5, 5, 'Can''t Lose Them'),
    ('6', 5, 3, 3, 3, 'Potential Loyalists'), ('7', 4, 1, 1, 1, 'Promising'),
    ('8', 4, 4, 5, 5, 'Loyal Customers');
INSERT INTO customer_status (customer_id, lifecycle, value_tier) VALUES
    ('1', 'active', 'Top 20 %'), ('2', 'lapsed', 'Rest'), ('3', 'prospect', NULL),
    ('4', 'new', 'Rest'), ('5', 'lost', 'Top 1 %'), ('6', 'new', 'Rest'),
    ('8', 'active', 'Top 5 %');
)sql";

QString str(const QString& s) { return s; }
QString str(const char* s) { return QString::fromUtf8(s); }

/// A string list from QStrings and UTF-8 literals.
template <typename... T> QStringList sl(const T&... items) { return QStringList { str(items)... }; }

const QDate kAnalysisDate(2024, 4, 1);
const QString kAll = QStringLiteral("All customers");
const QString kBig = QStringLiteral("Big spenders");
const QString kOdd = QStringLiteral("Zoë's 東京/list: \"best\"");

Result<SavedSegment> saveSegment(Workspace& ws, const QString& name, const QString& rule)
{
    auto parsed = SegmentRule::parse(rule);
    if (!parsed)
        return parsed.error();
    auto catalog = FieldCatalog::load(ws);
    if (!catalog)
        return catalog.error();
    auto hasCustomers = ws.hasTable(QStringLiteral("customers"));
    if (!hasCustomers)
        return hasCustomers.error();
    auto compiled = RuleSqlCompiler::compile(*parsed, *catalog, kAnalysisDate, *hasCustomers);
    if (!compiled)
        return compiled.error();
    SavedSegment s;
    s.name = name;
    s.description = QStringLiteral("Test segment");
    s.rule = *parsed;
    JobContext job;
    return SegmentStore::create(ws, s, *compiled, kAnalysisDate, job);
}

/// A workspace file with the data above and three saved segments.
Workspace makeWorkspace(const QString& path, const QString& extraSql = {})
{
    auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
    if (!ws)
        qFatal("%s", qPrintable(ws.error().message));
    if (auto r = ws->database().exec(QString::fromUtf8(kSql) + extraSql); !r)
        qFatal("%s", qPrintable(r.error().message));
    for (const auto& [name, rule] :
        { std::pair { kAll, QString() }, std::pair { kBig, QStringLiteral("revenue > 100") },
            std::pair { kOdd, QStringLiteral("orders >= 2") } }) {
        auto s = saveSegment(*ws, name, rule);
        if (!s)
            qFatal("%s", qPrintable(s.error().message));
    }
    return std::move(ws.value());
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

/// Rows of a CSV file exported by SegmentExporter (CRLF records, RFC 4180 quotes).
QList<QStringList> parseCsv(const QByteArray& bytes, QChar delimiter)
{
    QString text = QString::fromUtf8(bytes);
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field.append(c);
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field.append(c);
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == delimiter) {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
            ++i;
        } else {
            field.append(c);
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

Result<SegmentExportSummary> exportTo(Workspace& ws, const SegmentExportOptions& options,
    const QStringList& segments, const QString& out)
{
    JobContext job;
    return SegmentExporter(options).run(ws, segments, out, job);
}

Result<ImportReport> importCustomers(Workspace& ws, const QString& path, char delimiter)
{
    ImportOptions options;
    options.kind = DataKind::Customers;
    options.delimiter = delimiter;
    JobContext job;
    auto plan = Importer::plan(path, options, job);
    if (!plan)
        return plan.error();
    return Importer::run(ws, *plan, options, job);
}

QList<QVariantList> rows(Workspace& ws, const QString& sql)
{
    auto r = ws.query(sql);
    if (!r)
        qFatal("%s", qPrintable(r.error().message));
    return r->rows;
}

bool isNumber(const QVariant& v)
{
    return v.typeId() == QMetaType::Double || v.typeId() == QMetaType::LongLong
        || v.typeId() == QMetaType::Int;
}

/// Same value after an export and an import: numbers equal, missing values missing, text equal
/// once the neutralising apostrophe is taken off again.
bool sameValue(const QVariant& original, const QVariant& imported, QString& why)
{
    const bool originalMissing = original.isNull() || original.toString().isEmpty();
    const bool importedMissing = imported.isNull() || imported.toString().isEmpty();
    if (originalMissing || importedMissing) {
        why = QStringLiteral("missing: %1 vs %2").arg(original.toString(), imported.toString());
        return originalMissing == importedMissing;
    }
    if (isNumber(original)) {
        why = QStringLiteral("number %1 vs %2").arg(original.toString(), imported.toString());
        return isNumber(imported) && original.toDouble() == imported.toDouble();
    }
    const QString restored = SegmentExporter::restore(imported.toString());
    why = QStringLiteral("text \"%1\" vs \"%2\"").arg(original.toString(), restored);
    return !isNumber(imported) && restored == original.toString();
}

class CancelAtOnce : public JobContext {
public:
    bool isCancelled() const override { return true; }
};

/// Cancels once some rows have been written.
class CancelAfterRows : public JobContext {
public:
    void setProgress(qint64 done, qint64 total) override
    {
        JobContext::setProgress(done, total);
        if (done > 0)
            cancel();
    }
};

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run runSegwb(const QStringList& args)
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

template <typename... T> Run segwb(const T&... items) { return runSegwb(sl(items...)); }

} // namespace

class TestSegmentExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void columnsAndDefaults();
    void missingTablesGiveEmptyCells();
    void roundTrip_data();
    void roundTrip();
    void formulaCellsNeutralised_data();
    void formulaCellsNeutralised();
    void neutraliseIsReversible();
    void nonAsciiIntact_data();
    void nonAsciiIntact();
    void semicolonWithDecimals();
    void onePerSegmentAndOneFile();
    void manifest();
    void cancelLeavesNoFile();
    void cancelWhileWritingKeepsOldFile();
    void badInput();
    void safeFileName_data();
    void safeFileName();
    void preview();
    void cliEndToEnd();

private:
    QTemporaryDir m_dir;
    int m_next = 0;
    QString freshPath(const QString& name)
    {
        return m_dir.filePath(QStringLiteral("%1-%2").arg(++m_next).arg(name));
    }
};

void TestSegmentExporter::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestSegmentExporter::columnsAndDefaults()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    auto columns = ExportQuery::columns(ws);
    QVERIFY(columns.ok());
    QStringList names;
    for (const ExportColumn& c : *columns)
        names.append(c.name);
    QCOMPARE(names,
        sl("customer_id", "name", "city", "note", "balance", "age", "first_purchase",
            "last_purchase", "orders", "revenue", "average_order_value", "recency_days",
            "tenure_days", "mean_days_between_orders", "categories", "top_channel", "r", "f", "m",
            "fm", "rfm_segment", "lifecycle_status", "value_tier", "segment"));
    QStringList defaults;
    for (const ExportColumn& c : ExportQuery::defaultColumns(*columns))
        defaults.append(c.name);
    QCOMPARE(defaults,
        sl("customer_id", "name", "city", "note", "balance", "age", "orders", "revenue",
            "last_purchase", "rfm_segment", "lifecycle_status"));
    // rule field names are accepted for the scores
    auto resolved
        = ExportQuery::resolve(*columns, { QStringLiteral("r_score"), QStringLiteral("fm") });
    QVERIFY(resolved.ok());
    QCOMPARE(resolved->at(0).name, QStringLiteral("r"));

    // an attribute named like a derived column is offered as attr_<name>
    auto other = Workspace::openInMemory();
    QVERIFY(other.ok());
    QVERIFY(other->database()
                .exec(QStringLiteral(
                    "CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT, "
                    "revenue, segment);"
                    "INSERT INTO column_meta VALUES ('customers', 'customer_id', 'id', 'text', "
                    "'customer_id', 0), ('customers', 'revenue', 'Revenue', 'decimal', NULL, 1), "
                    "('customers', 'segment', 'Segment', 'category', NULL, 2);"))
                .ok());
    auto clash = ExportQuery::columns(*other);
    QVERIFY(clash.ok());
    QCOMPARE(clash->at(1).name, QStringLiteral("attr_revenue"));
    QCOMPARE(clash->at(1).column, QStringLiteral("revenue"));
    QCOMPARE(clash->at(2).name, QStringLiteral("attr_segment"));
}

void TestSegmentExporter::missingTablesGiveEmptyCells()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.columns = sl("customer_id", "name", "revenue", "r", "rfm_segment", "lifecycle_status",
        "value_tier", "segment");
    const QString out = freshPath(QStringLiteral("all.csv"));
    auto summary = exportTo(ws, options, { kAll }, out);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->rows, 8);
    const auto csv = parseCsv(readAll(out), QLatin1Char(','));
    QCOMPARE(csv.size(), 9);
    QCOMPARE(csv.at(0), options.columns);
    // 3: prospect, no score, no tier
    QCOMPARE(csv.at(3), sl("3", "東京 Tanaka", "0", "", "", "prospect", "", kAll));
    // 7: no status
    QCOMPARE(csv.at(7), sl("7", "Line", "15", "4", "Promising", "", "", kAll));
    // 8: not in customers
    QCOMPARE(csv.at(8), sl("8", "", "1234.5", "4", "Loyal Customers", "active", "Top 5 %", kAll));
}

void TestSegmentExporter::roundTrip_data()
{
    QTest::addColumn<int>("delimiter");
    QTest::addColumn<bool>("bom");
    QTest::newRow("comma") << int(CsvDelimiter::Comma) << false;
    QTest::newRow("comma, BOM") << int(CsvDelimiter::Comma) << true;
    QTest::newRow("semicolon") << int(CsvDelimiter::Semicolon) << false;
    QTest::newRow("tab, BOM") << int(CsvDelimiter::Tab) << true;
}

void TestSegmentExporter::roundTrip()
{
    QFETCH(int, delimiter);
    QFETCH(bool, bom);
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.delimiter = static_cast<CsvDelimiter>(delimiter);
    options.bom = bom;
    options.columns = sl("customer_id", "name", "city", "note", "balance", "age", "orders",
        "revenue", "average_order_value", "last_purchase", "rfm_segment");
    const QString out = freshPath(QStringLiteral("roundtrip.csv"));
    auto summary = exportTo(ws, options, { kAll }, out);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->rows, 8);

    auto back = Workspace::open(
        freshPath(QStringLiteral("back.segws")), Workspace::OpenMode::CreateOrOpen);
    QVERIFY(back.ok());
    auto report = importCustomers(*back, out, SegmentExporter::delimiterChar(options.delimiter));
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
    QCOMPARE(report->rowsImported, 8);
    QCOMPARE(report->rowsRejected, 0);

    const QString columns = options.columns.join(QStringLiteral(", "));
    const auto expected = rows(ws,
        QStringLiteral("SELECT m.customer_id, c.name, c.city, c.note, c.balance, c.age, m.orders, "
                       "m.revenue, m.average_order_value, m.last_purchase, r.segment FROM "
                       "customer_metrics AS m LEFT JOIN customers AS c USING (customer_id) LEFT "
                       "JOIN rfm_scores AS r USING (customer_id) ORDER BY m.customer_id"));
    const auto actual
        = rows(*back, QStringLiteral("SELECT %1 FROM customers ORDER BY customer_id").arg(columns));
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        for (qsizetype j = 0; j < expected.at(i).size(); ++j) {
            QString why;
            QVERIFY2(sameValue(expected.at(i).at(j), actual.at(i).at(j), why),
                qPrintable(
                    QStringLiteral("row %1, %2: %3").arg(i + 1).arg(options.columns.at(j), why)));
        }
    }
    // numbers came back as numbers, negative ones included
    QCOMPARE(rows(*back,
                 QStringLiteral("SELECT typeof(balance), balance FROM customers WHERE "
                                "customer_id = '2'"))
                 .first(),
        QVariantList({ QStringLiteral("real"), -10.5 }));
}

void TestSegmentExporter::formulaCellsNeutralised_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("cell");
    QTest::newRow("=SUM(A1)") << QVariant(QStringLiteral("=SUM(A1)")) << QByteArray("'=SUM(A1)");
    QTest::newRow("+1 as text") << QVariant(QStringLiteral("+1")) << QByteArray("'+1");
    QTest::newRow("-x") << QVariant(QStringLiteral("-x")) << QByteArray("'-x");
    QTest::newRow("@cmd") << QVariant(QStringLiteral("@cmd")) << QByteArray("'@cmd");
    QTest::newRow("tab") << QVariant(QStringLiteral("\tx")) << QByteArray("'\tx");
    QTest::newRow("carriage return") << QVariant(QStringLiteral("\rx")) << QByteArray("\"'\rx\"");
    QTest::newRow("formula with comma")
        << QVariant(QStringLiteral("=HYPERLINK(\"http://x\",\"y\")"))
        << QByteArray("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    QTest::newRow("apostrophe before =") << QVariant(QStringLiteral("'=x")) << QByteArray("''=x");
    QTest::newRow("-5 stored as text") << QVariant(QStringLiteral("-5")) << QByteArray("'-5");
    QTest::newRow("= later") << QVariant(QStringLiteral("a=b")) << QByteArray("a=b");
    QTest::newRow("space first") << QVariant(QStringLiteral(" =x")) << QByteArray(" =x");
    QTest::newRow("apostrophe only") << QVariant(QStringLiteral("'x")) << QByteArray("'x");
    QTest::newRow("negative real") << QVariant(-10.5) << QByteArray("-10.5");
    QTest::newRow("negative integer") << QVariant(qint64(-7)) << QByteArray("-7");
    QTest::newRow("small real") << QVariant(-0.000001) << QByteArray("-0.000001");
    QTest::newRow("tiny real") << QVariant(1e-9) << QByteArray("1e-09");
    QTest::newRow("real, 17 digits")
        << QVariant(0.30000000000000004) << QByteArray("0.30000000000000004");
    QTest::newRow("whole real") << QVariant(500.0) << QByteArray("500");
    QTest::newRow("missing") << QVariant() << QByteArray("");
}

void TestSegmentExporter::formulaCellsNeutralised()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, cell);
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    auto update = ws.database().prepare(
        QStringLiteral("UPDATE customers SET note = ?1 WHERE customer_id = '4'"));
    QVERIFY(update.ok());
    update->bindVariant(1, value);
    QVERIFY(update->exec());
    SegmentExportOptions options;
    options.columns = sl("customer_id", "note", "revenue");
    const QString out = freshPath(QStringLiteral("f.csv"));
    QVERIFY(exportTo(ws, options, { kAll }, out).ok());
    const QByteArray bytes = readAll(out);
    const QByteArray line = "\r\n4," + cell + ",80\r\n";
    QVERIFY2(bytes.contains(line), bytes.constData());
    // a negative revenue is a number, not text
    QVERIFY(bytes.contains("\r\n2,'+1,-10.5\r\n"));
}

void TestSegmentExporter::neutraliseIsReversible()
{
    for (const char* text :
        { "=1", "'=1", "''=1", "'", "'x", "x", "", "-", "''", "@", "'@'", "\t", "'\r" }) {
        const QString original = QString::fromUtf8(text);
        const QString written = SegmentExporter::neutralise(original);
        QCOMPARE(SegmentExporter::restore(written), original);
        const QByteArray w = written.toUtf8();
        QVERIFY2(w.isEmpty() || !QByteArray("=+-@\t\r").contains(w.at(0)), text);
    }
}

void TestSegmentExporter::nonAsciiIntact_data()
{
    QTest::addColumn<bool>("bom");
    QTest::newRow("UTF-8") << false;
    QTest::newRow("UTF-8 with BOM") << true;
}

void TestSegmentExporter::nonAsciiIntact()
{
    QFETCH(bool, bom);
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.bom = bom;
    options.columns = sl("customer_id", "name", "city");
    const QString out = freshPath(QStringLiteral("names.csv"));
    QVERIFY(exportTo(ws, options, { kAll }, out).ok());
    const QByteArray bytes = readAll(out);
    QCOMPARE(bytes.startsWith("\xEF\xBB\xBF"), bom);
    QCOMPARE(bytes.mid(bom ? 3 : 0, 22), QByteArray("customer_id,name,city\r"));
    const QString text = QString::fromUtf8(bytes);
    for (const QString& s : { QStringLiteral("Zoë"), QStringLiteral("Müller"),
             QStringLiteral("München"), QStringLiteral("東京 Tanaka,東京") })
        QVERIFY2(text.contains(s), qPrintable(s));

    auto back = Workspace::open(
        freshPath(QStringLiteral("back.segws")), Workspace::OpenMode::CreateOrOpen);
    QVERIFY(back.ok());
    QVERIFY(importCustomers(*back, out, ',').ok());
    const auto names = rows(*back,
        QStringLiteral("SELECT name, city FROM customers WHERE customer_id IN ('1', '2', '3') "
                       "ORDER BY customer_id"));
    QCOMPARE(names,
        QList<QVariantList>({ { QStringLiteral("Zoë"), QStringLiteral("Berlin") },
            { QStringLiteral("Müller"), QStringLiteral("München") },
            { QStringLiteral("東京 Tanaka"), QStringLiteral("東京") } }));
}

void TestSegmentExporter::semicolonWithDecimals()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.delimiter = CsvDelimiter::Semicolon;
    options.columns = sl("customer_id", "city", "balance", "revenue", "average_order_value");
    const QString out = freshPath(QStringLiteral("semi.csv"));
    QVERIFY(exportTo(ws, options, { kAll }, out).ok());
    const QByteArray bytes = readAll(out);
    QVERIFY(bytes.startsWith("customer_id;city;balance;revenue;average_order_value\r\n"));
    QVERIFY2(bytes.contains("\r\n1;Berlin;30000.5;500.25;100.05\r\n"), bytes.constData());
    QVERIFY(bytes.contains("\r\n2;München;-10.5;-10.5;-5.25\r\n"));
    QVERIFY(bytes.contains("\r\n4;\"Paris; FR\";0.1;80;80\r\n"));
    QVERIFY(bytes.contains("\r\n5;Madrid;1234567.891;900;300\r\n"));
    QVERIFY(bytes.contains("\r\n6;Rome;2.5;120.75;60.375\r\n"));
    const auto csv = parseCsv(bytes, QLatin1Char(';'));
    QCOMPARE(csv.size(), 9);
    for (const QStringList& row : csv)
        QCOMPARE(row.size(), 5);
}

void TestSegmentExporter::onePerSegmentAndOneFile()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.columns = sl("customer_id", "revenue");
    const QString folder = freshPath(QStringLiteral("out/nested"));
    auto perSegment = exportTo(ws, options, { kBig, kOdd }, folder);
    QVERIFY2(perSegment.ok(), perSegment.ok() ? "" : qPrintable(perSegment.error().message));
    QCOMPARE(perSegment->files.size(), 2);
    QCOMPARE(QDir(folder).entryList(QDir::Files, QDir::Name),
        sl("Big spenders.csv", "Zoë's 東京_list_ _best_.csv"));
    QCOMPARE(perSegment->files.at(0).segments, sl(kBig));
    QCOMPARE(perSegment->files.at(0).rows, 4); // 1, 5, 6, 8
    QCOMPARE(perSegment->files.at(1).rows, 5); // 1, 2, 5, 6, 8
    QCOMPARE(readAll(perSegment->files.at(0).path),
        QByteArray("customer_id,revenue\r\n1,500.25\r\n5,900\r\n6,120.75\r\n8,1234.5\r\n"));

    const QString file = freshPath(QStringLiteral("together.csv"));
    auto oneFile = [&] {
        SegmentExportOptions o = options;
        o.oneFile = true;
        return exportTo(ws, o, { kOdd, kBig }, file);
    }();
    QVERIFY(oneFile.ok());
    QCOMPARE(oneFile->files.size(), 1);
    QCOMPARE(oneFile->files.first().rows, 9);
    QCOMPARE(oneFile->columns, sl("segment", "customer_id", "revenue"));
    const auto csv = parseCsv(readAll(file), QLatin1Char(','));
    QCOMPARE(csv.size(), 10);
    QCOMPARE(csv.at(1), sl(kOdd, "1", "500.25"));
    QCOMPARE(csv.at(5), sl(kOdd, "8", "1234.5"));
    QCOMPARE(csv.at(6), sl(kBig, "1", "500.25"));
    // the segment column stays where it is chosen
    SegmentExportOptions chosen = options;
    chosen.oneFile = true;
    chosen.columns.append(QStringLiteral("segment"));
    auto placed = exportTo(ws, chosen, { kBig }, file);
    QVERIFY(placed.ok());
    QVERIFY(readAll(file).startsWith("customer_id,revenue,segment\r\n1,500.25,Big spenders\r\n"));

    // one segment without --one-file: the path is the file
    const QString single = freshPath(QStringLiteral("single.csv"));
    auto one = exportTo(ws, options, { kBig }, single);
    QVERIFY(one.ok());
    QCOMPARE(one->files.first().path, QFileInfo(single).absoluteFilePath());
}

void TestSegmentExporter::manifest()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.manifest = true;
    options.delimiter = CsvDelimiter::Semicolon;
    options.columns = sl("customer_id", "orders");
    const QString folder = freshPath(QStringLiteral("manifests"));
    auto summary = exportTo(ws, options, { kBig, kAll }, folder);
    QVERIFY(summary.ok());
    const QString path = QDir(folder).filePath(QStringLiteral("Big spenders.manifest.json"));
    QCOMPARE(summary->files.first().manifestPath, path);
    QVERIFY(QFile::exists(QDir(folder).filePath(QStringLiteral("All customers.manifest.json"))));
    const QJsonObject m = QJsonDocument::fromJson(readAll(path)).object();
    QCOMPARE(m[u"format"].toString(), QStringLiteral("segment-workbench-export"));
    QCOMPARE(m[u"version"].toInt(), 1);
    QCOMPARE(m[u"file"].toString(), QStringLiteral("Big spenders.csv"));
    QCOMPARE(m[u"rows"].toInteger(), 4);
    QCOMPARE(m[u"columns"].toArray(), QJsonArray::fromStringList(sl("customer_id", "orders")));
    QCOMPARE(m[u"delimiter"].toString(), QStringLiteral("semicolon"));
    QCOMPARE(m[u"encoding"].toString(), QStringLiteral("UTF-8"));
    QCOMPARE(QDateTime::fromString(m[u"exported_at"].toString(), Qt::ISODateWithMs),
        summary->exportedAt);
    const QJsonArray segments = m[u"segments"].toArray();
    QCOMPARE(segments.size(), 1);
    const QJsonObject s = segments.first().toObject();
    QCOMPARE(s[u"name"].toString(), kBig);
    QCOMPARE(s[u"definition"].toString(), QStringLiteral("revenue > 100"));
    QCOMPARE(s[u"analysis_date"].toString(), QStringLiteral("2024-04-01"));
    auto saved = SegmentStore::find(ws, kBig);
    QVERIFY(saved.ok());
    QCOMPARE(s[u"computed_at"].toString(), saved->computedAt);
    QCOMPARE(s[u"rows"].toInteger(), 4);

    // one file: one manifest listing every segment
    options.oneFile = true;
    const QString file = freshPath(QStringLiteral("both.csv"));
    QVERIFY(exportTo(ws, options, { kBig, kAll }, file).ok());
    const QJsonObject both
        = QJsonDocument::fromJson(readAll(file.chopped(4) + QStringLiteral(".manifest.json")))
              .object();
    QCOMPARE(both[u"rows"].toInteger(), 12);
    QCOMPARE(both[u"segments"].toArray().size(), 2);
    QCOMPARE(both[u"segments"].toArray().at(1).toObject()[u"rows"].toInteger(), 8);
}

void TestSegmentExporter::cancelLeavesNoFile()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.manifest = true;
    const QString folder = freshPath(QStringLiteral("cancelled/deeper"));
    CancelAtOnce job;
    auto r = SegmentExporter(options).run(ws, { kAll, kBig }, folder, job);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Cancelled);
    QVERIFY(!QFileInfo::exists(folder));
    QVERIFY(!QFileInfo::exists(QFileInfo(folder).path())); // created folders are removed again
    const QString file = freshPath(QStringLiteral("cancelled.csv"));
    options.oneFile = true;
    auto one = SegmentExporter(options).run(ws, { kAll }, file, job);
    QVERIFY(!one.ok());
    QVERIFY(!QFileInfo::exists(file));
    QVERIFY(QDir(m_dir.path())
                .entryList({ QStringLiteral("*cancelled*") }, QDir::AllEntries)
                .isEmpty());
}

void TestSegmentExporter::cancelWhileWritingKeepsOldFile()
{
    // 5000 members, so that the export polls and reports progress while it writes.
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")),
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i "
                       "< 5099) INSERT INTO customer_metrics (customer_id, orders, revenue) "
                       "SELECT CAST(i AS TEXT), 1, i FROM n;"));
    auto all = SegmentStore::find(ws, kAll);
    QVERIFY(all.ok());
    QCOMPARE(all->members, 5008);
    const QString file = freshPath(QStringLiteral("kept.csv"));
    {
        QFile old(file);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old content\n");
    }
    CancelAfterRows job;
    auto r = SegmentExporter().run(ws, { kAll }, file, job);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Cancelled);
    QCOMPARE(readAll(file), QByteArray("old content\n"));
    QCOMPARE(QDir(QFileInfo(file).path()).entryList({ QStringLiteral("*kept*") }, QDir::Files),
        sl(QFileInfo(file).fileName()));

    // not cancelled: the whole file, progress to the end
    qint64 lastDone = -1;
    qint64 lastTotal = -1;
    JobContext counting([&](qint64 done, qint64 total) {
        lastDone = done;
        lastTotal = total;
    });
    auto ok = SegmentExporter().run(ws, { kAll }, file, counting);
    QVERIFY(ok.ok());
    QCOMPARE(ok->rows, 5008);
    QCOMPARE(lastDone, 5008);
    QCOMPARE(lastTotal, 5008);
    QCOMPARE(parseCsv(readAll(file), QLatin1Char(',')).size(), 5009);
}

void TestSegmentExporter::badInput()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.columns = sl("customer_id", "shoe_size");
    const QString out = freshPath(QStringLiteral("bad.csv"));
    auto r = exportTo(ws, options, { kAll }, out);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::BadInput);
    QVERIFY(r.error().message.contains(QStringLiteral("shoe_size")));
    QVERIFY(r.error().message.contains(QStringLiteral("lifecycle_status")));
    QVERIFY(!QFileInfo::exists(out));

    auto unknown = exportTo(ws, {}, { QStringLiteral("Nobody") }, out);
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, ErrorCode::BadInput);
    QVERIFY(unknown.error().message.contains(QStringLiteral("Nobody")));

    auto twice = exportTo(ws, {}, { kAll, kAll.toUpper() }, m_dir.filePath(QStringLiteral("t")));
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().code, ErrorCode::Usage);

    auto none = exportTo(ws, {}, {}, out);
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, ErrorCode::Usage);

    // a file where a folder is needed, and the other way round
    QFile file(out);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    auto notFolder = exportTo(ws, {}, { kAll, kBig }, out);
    QVERIFY(!notFolder.ok());
    QCOMPARE(notFolder.error().code, ErrorCode::BadInput);
    auto notFile = exportTo(ws, {}, { kAll }, m_dir.path());
    QVERIFY(!notFile.ok());
    QCOMPARE(notFile.error().code, ErrorCode::BadInput);
    QCOMPARE(readAll(out), QByteArray());
}

void TestSegmentExporter::safeFileName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("safe");
    auto row = [](const char* tag, const char* name, const char* safe) {
        QTest::newRow(tag) << QString::fromUtf8(name) << QString::fromUtf8(safe);
    };
    row("plain", "Champions", "Champions");
    row("non-ASCII kept", "Zoë Müller 東京", "Zoë Müller 東京");
    row("apostrophe kept", "Can't Lose Them", "Can't Lose Them");
    row("separators", "a/b\\c", "a_b_c");
    row("Windows characters", "<a>:\"b\"|c?*", "_a___b__c__");
    row("control characters", "a\tb\nc", "a_b_c");
    row("leading dots", "..hidden", "hidden");
    row("trailing dots and spaces", "  name. . ", "name");
    row("device name", "CON", "CON_");
    row("device name with extension", "nul.txt", "nul_.txt");
    row("not a device", "CONSOLE", "CONSOLE");
    row("only dots", "...", "segment");
    row("empty", "", "segment");
    row("path traversal", "../../etc/passwd", "_.._etc_passwd");
}

void TestSegmentExporter::safeFileName()
{
    QFETCH(QString, name);
    QFETCH(QString, safe);
    QCOMPARE(SegmentExporter::safeFileName(name), safe);
    const QString longName = QString(200, QLatin1Char('x'));
    QCOMPARE(SegmentExporter::safeFileName(longName).size(), 120);
    // a surrogate pair is never cut in half
    QString emoji = QString(119, QLatin1Char('x')) + QString::fromUtf8("😀😀");
    QCOMPARE(SegmentExporter::safeFileName(emoji), QString(119, QLatin1Char('x')));
}

void TestSegmentExporter::preview()
{
    Workspace ws = makeWorkspace(freshPath(QStringLiteral("w.segws")));
    SegmentExportOptions options;
    options.columns = sl("customer_id", "note", "balance");
    options.oneFile = true;
    JobContext job;
    auto rowsShown = SegmentExporter(options).preview(ws, { kAll }, 2, job);
    QVERIFY(rowsShown.ok());
    QCOMPARE(rowsShown->size(), 3);
    QCOMPARE(rowsShown->at(0), sl("segment", "customer_id", "note", "balance"));
    QCOMPARE(rowsShown->at(1), sl(kAll, "1", "'=SUM(A1)", "30000.5"));
    QCOMPARE(rowsShown->at(2), sl(kAll, "2", "'+1", "-10.5"));
}

void TestSegmentExporter::cliEndToEnd()
{
    QVERIFY2(QFile::exists(QStringLiteral(SEGWB_CLI_PATH)), SEGWB_CLI_PATH);
    const QString data = freshPath(QStringLiteral("demo"));
    const QString wsPath = freshPath(QStringLiteral("cli.segws"));
    Run r = segwb("demo", "--customers", "300", "--out", data);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    for (const char* kind : { "customers", "transactions" }) {
        r = segwb("import", "--workspace", wsPath, "--kind", QString::fromLatin1(kind),
            data + QLatin1Char('/') + QString::fromLatin1(kind) + QStringLiteral(".csv"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    r = segwb("metrics", "--workspace", wsPath);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = segwb("rfm", "--workspace", wsPath);
    QVERIFY2(r.exitCode == 0, r.err.constData());

    qint64 loyal = 0;
    qint64 everyone = 0;
    {
        auto ws = Workspace::open(wsPath, Workspace::OpenMode::ReadWrite);
        QVERIFY(ws.ok());
        auto date = MetricsStore::metaValue(*ws, QStringLiteral("metrics.analysis_date"));
        QVERIFY(date.ok());
        const QDate analysisDate = QDate::fromString(*date, Qt::ISODate);
        auto catalog = FieldCatalog::load(*ws);
        QVERIFY(catalog.ok());
        for (const auto& [name, text] :
            { std::pair { QStringLiteral("Loyal"), QStringLiteral("orders >= 3") },
                std::pair { QStringLiteral("Everyone"), QString() } }) {
            auto rule = SegmentRule::parse(text);
            QVERIFY(rule.ok());
            auto compiled = RuleSqlCompiler::compile(*rule, *catalog, analysisDate, true);
            QVERIFY(compiled.ok());
            SavedSegment s;
            s.name = name;
            s.rule = *rule;
            JobContext job;
            auto created = SegmentStore::create(*ws, s, *compiled, analysisDate, job);
            QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
            (name == u"Loyal" ? loyal : everyone) = created->members;
        }
    }
    QVERIFY(loyal > 0);
    QCOMPARE(everyone, 300);

    r = segwb("export", "--help");
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Usage: segwb export"));
    QVERIFY(r.out.contains("--json"));

    const QString file = freshPath(QStringLiteral("loyal.csv"));
    r = segwb("export", "--workspace", wsPath, "--segment", "loyal", "--out", file, "--json");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonObject j = r.json();
    QCOMPARE(j[u"files"].toArray().size(), 1);
    QJsonObject f = j[u"files"].toArray().first().toObject();
    QCOMPARE(f[u"path"].toString(), QFileInfo(file).absoluteFilePath());
    QCOMPARE(f[u"segment"].toString(), QStringLiteral("Loyal"));
    QCOMPARE(f[u"rows"].toInteger(), loyal);
    const auto csv = parseCsv(readAll(file), QLatin1Char(','));
    QCOMPARE(csv.size(), loyal + 1);
    QCOMPARE(csv.first().first(), QStringLiteral("customer_id"));
    QCOMPARE(csv.first().mid(csv.first().size() - 5),
        sl("orders", "revenue", "last_purchase", "rfm_segment", "lifecycle_status"));
    for (qsizetype i = 1; i < csv.size(); ++i)
        QVERIFY(csv.at(i).at(csv.first().indexOf(QStringLiteral("orders"))).toInt() >= 3);

    // several segments into a folder, semicolon, BOM, manifest; plain text output
    const QString folder = freshPath(QStringLiteral("folder"));
    r = segwb("export", "--workspace", wsPath, "--segment", "Loyal", "--segment", "Everyone",
        "--out", folder, "--columns", "customer_id,revenue,r_score,segment", "--delimiter",
        "semicolon", "--bom", "--manifest");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains(QStringLiteral("%1 rows (Loyal) written to").arg(loyal).toUtf8()));
    QVERIFY(r.out.contains("300 rows (Everyone) written to"));
    const QByteArray everyoneCsv = readAll(QDir(folder).filePath(QStringLiteral("Everyone.csv")));
    QVERIFY(everyoneCsv.startsWith("\xEF\xBB\xBF"
                                   "customer_id;revenue;r;segment\r\n"));
    QVERIFY(QFile::exists(QDir(folder).filePath(QStringLiteral("Loyal.manifest.json"))));

    // one file
    const QString together = freshPath(QStringLiteral("together.csv"));
    r = segwb("export", "--workspace", wsPath, "--segment", "Loyal", "--segment", "Everyone",
        "--out", together, "--one-file", "--columns", "customer_id", "--delimiter", "tab",
        "--json");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"rows"].toInteger(), loyal + 300);
    QVERIFY(readAll(together).startsWith("segment\tcustomer_id\r\nLoyal\t"));

    // errors and exit codes
    r = segwb("export", "--workspace", wsPath, "--segment", "Nobody", "--out", file);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("Nobody"));
    r = segwb("export", "--workspace", wsPath, "--segment", "Loyal", "--out", file, "--columns",
        "customer_id,shoe_size", "--json");
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.json()[u"error"].toString().contains(QStringLiteral("shoe_size")));
    r = segwb("export", "--workspace", wsPath, "--segment", "Loyal");
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("--out"));
    r = segwb("export", "--workspace", wsPath, "--segment", "Loyal", "--out", file, "--delimiter",
        "pipe");
    QCOMPARE(r.exitCode, 1);
    r = segwb("export", "--workspace", freshPath(QStringLiteral("missing.segws")), "--segment",
        "Loyal", "--out", file);
    QCOMPARE(r.exitCode, 3);
}

QTEST_GUILESS_MAIN(TestSegmentExporter)
#include "tst_segmentexporter.moc"
