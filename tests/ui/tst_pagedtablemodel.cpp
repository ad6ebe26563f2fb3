#include "pagedtablemodel.h"

#include "columntype.h"
#include "role.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using seg::ui::PagedTableModel;

namespace {

constexpr int kRows = 6000; // 24 pages: more than the cache holds
constexpr int kIdColumn = 0;
constexpr int kCityColumn = 2;
constexpr int kIncomeColumn = 3;
constexpr int kVipColumn = 4;

// customers: C00001..C06000; city cycles through five (one non-ASCII); income = i*37 % 1000,
// empty for every 100th row; vip (yes/no) for every third row.
const char* const kCustomersSql = R"sql(
CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, name TEXT,
    city TEXT, income INTEGER, vip INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
INSERT INTO customers (customer_id, name, city, income, vip)
SELECT printf('C%05d', i), 'Customer ' || i,
       CASE i % 5 WHEN 0 THEN 'Berlin' WHEN 1 THEN 'Zürich' WHEN 2 THEN 'Paris'
                  WHEN 3 THEN 'Madrid' ELSE 'Oslo' END,
       CASE WHEN i % 100 = 0 THEN NULL ELSE (i * 37) % 1000 END,
       CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END
FROM n;
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('customers', 'customer_id', 'Customer ID', 'text', 'customer_id', 0),
    ('customers', 'name', 'Name', 'text', NULL, 1),
    ('customers', 'city', 'City', 'category', NULL, 2),
    ('customers', 'income', 'Income', 'integer', NULL, 3),
    ('customers', 'vip', 'VIP', 'yes/no', NULL, 4);
)sql";

QString customerId(int i) { return QStringLiteral("C%1").arg(i, 5, 10, QLatin1Char('0')); }

} // namespace

class TestPagedTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void loadsCountColumnsAndHeaders();
    void fetchesUncachedPagesInBackground();
    void cacheStaysBounded();
    void sortsInBackground_data();
    void sortsInBackground();
    void filters();
    void staleLoadsAreDropped();
    void stalePagesAreDropped();
    void displayValues();
    void reportsUnreadableWorkspace();
    void destroyWhileReading();

private:
    void loadModel(PagedTableModel& model);
    QTemporaryDir m_dir;
    QString m_path;
};

void TestPagedTableModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("model.segws"));
    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::CreateOrOpen);
    QVERIFY2(ws.ok(), ws.ok() ? "" : qPrintable(ws.error().message));
    auto created = ws->database().exec(QString::fromUtf8(kCustomersSql));
    QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
}

void TestPagedTableModel::loadModel(PagedTableModel& model)
{
    QSignalSpy loaded(&model, &PagedTableModel::loaded);
    model.setSource(m_path, QStringLiteral("customers"));
    QVERIFY(model.isLoading());
    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(!model.isLoading());
    QVERIFY2(model.errorMessage().isEmpty(), qPrintable(model.errorMessage()));
}

void TestPagedTableModel::loadsCountColumnsAndHeaders()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    loadModel(model);
    QCOMPARE(model.rowCount(), kRows);
    QCOMPARE(model.matchingRows(), qint64(kRows));
    QCOMPARE(model.totalRows(), qint64(kRows));
    QCOMPARE(model.columnCount(), 5);
    QCOMPARE(model.headerData(kIdColumn, Qt::Horizontal).toString(), QStringLiteral("customer_id"));
    QCOMPARE(model.headerData(kVipColumn, Qt::Horizontal).toString(), QStringLiteral("vip"));
    const QString tip = model.headerData(kIdColumn, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY2(
        tip.contains(seg::roleDisplayName(seg::Role::CustomerId).toHtmlEscaped()), qPrintable(tip));
    QVERIFY2(tip.contains(seg::columnTypeDisplayName(seg::ColumnType::Text)), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Customer ID")), qPrintable(tip));
    QCOMPARE(model.headerData(41, Qt::Vertical).toString(), QStringLiteral("42"));
    // Page 0 comes with the load.
    QCOMPARE(model.data(model.index(0, kIdColumn)).toString(), customerId(1));
    QCOMPARE(model.data(model.index(255, kIdColumn)).toString(), customerId(256));
}

void TestPagedTableModel::fetchesUncachedPagesInBackground()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadModel(model);
    QSignalSpy changed(&model, &PagedTableModel::dataChanged);
    const QModelIndex deep = model.index(5000, kIdColumn);
    QVERIFY(!model.data(deep).isValid()); // not cached: empty now, read in the background
    QTRY_COMPARE(model.data(deep).toString(), customerId(5001));
    bool covered = false;
    for (const QList<QVariant>& args : std::as_const(changed)) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        if (topLeft.row() <= 5000 && bottomRight.row() >= 5000 && topLeft.column() == 0
            && bottomRight.column() == model.columnCount() - 1)
            covered = true;
    }
    QVERIFY(covered);
    // The last page is short.
    QTRY_COMPARE(model.data(model.index(kRows - 1, kIdColumn)).toString(), customerId(kRows));
}

void TestPagedTableModel::cacheStaysBounded()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadModel(model);
    const int pages = (kRows + PagedTableModel::kPageSize - 1) / PagedTableModel::kPageSize;
    QVERIFY(pages > PagedTableModel::kMaxCachedPages);
    for (int page = 0; page < pages; ++page) {
        const int row = page * PagedTableModel::kPageSize + 7;
        QTRY_COMPARE(model.data(model.index(row, kIdColumn)).toString(), customerId(row + 1));
        QVERIFY(model.cachedPageCount() <= PagedTableModel::kMaxCachedPages);
    }
    QCOMPARE(model.cachedPageCount(), PagedTableModel::kMaxCachedPages);
    // Page 0 was dropped long ago and is read again.
    QTRY_COMPARE(model.data(model.index(3, kIdColumn)).toString(), customerId(4));
    QVERIFY(model.cachedPageCount() <= PagedTableModel::kMaxCachedPages);
}

void TestPagedTableModel::sortsInBackground_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("expectedId");
    QTest::newRow("id descending, first")
        << kIdColumn << Qt::DescendingOrder << 0 << customerId(6000);
    QTest::newRow("id descending, deep")
        << kIdColumn << Qt::DescendingOrder << 4321 << customerId(6000 - 4321);
    // income 999 first: i*37 % 1000 == 999 for i = 27 + 1000k; rowid breaks the tie.
    QTest::newRow("income descending")
        << kIncomeColumn << Qt::DescendingOrder << 0 << customerId(27);
    // income 0 first: i*37 % 1000 == 0 for i = 1000k, but every 100th income is empty, so
    // the smallest is income 1 (i = 973 + 1000k): C00973.
    QTest::newRow("income ascending")
        << kIncomeColumn << Qt::AscendingOrder << 0 << customerId(973);
    // Empty incomes (rows 100, 200, ... 6000) come last.
    QTest::newRow("income ascending, empty last")
        << kIncomeColumn << Qt::AscendingOrder << kRows - 1 << customerId(6000);
    QTest::newRow("stored order again") << -1 << Qt::AscendingOrder << 10 << customerId(11);
}

void TestPagedTableModel::sortsInBackground()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(int, row);
    QFETCH(QString, expectedId);
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadModel(model);
    if (column == -1) {
        model.sort(kIdColumn, Qt::DescendingOrder);
        QTRY_VERIFY(!model.isLoading());
    }
    QSignalSpy reset(&model, &PagedTableModel::modelReset);
    model.sort(column, order);
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.sortColumn(), column);
    QCOMPARE(model.rowCount(), kRows);
    QTRY_COMPARE(model.data(model.index(row, kIdColumn)).toString(), expectedId);
    // Sorting again the same way changes nothing.
    model.sort(column, order);
    QVERIFY(!model.isLoading());
}

void TestPagedTableModel::filters()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadModel(model);
    model.setFilterText(QStringLiteral("ZÜRICH"));
    QVERIFY(model.isLoading());
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), kRows / 5);
    QCOMPARE(model.matchingRows(), qint64(kRows / 5));
    QCOMPARE(model.totalRows(), qint64(kRows));
    for (int row : { 0, 1, 700, kRows / 5 - 1 }) {
        QTRY_VERIFY(model.data(model.index(row, kCityColumn)).isValid());
        QCOMPARE(model.data(model.index(row, kCityColumn)).toString(), QStringLiteral("Zürich"));
    }
    // Filter and sort together.
    model.sort(kIdColumn, Qt::DescendingOrder);
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(model.data(model.index(0, kIdColumn)).toString(), customerId(5996));
    // Characters with a meaning in SQL or LIKE are plain text.
    model.setFilterText(QStringLiteral("%'; DROP TABLE customers; --"));
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalRows(), qint64(kRows));
    model.setFilterText(QString());
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), kRows);
}

void TestPagedTableModel::staleLoadsAreDropped()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadModel(model);
    QList<int> countsAtReset;
    connect(&model, &PagedTableModel::modelReset, this,
        [&] { countsAtReset.append(model.rowCount()); });
    QSignalSpy loaded(&model, &PagedTableModel::loaded);
    model.setFilterText(QStringLiteral("Berlin"));
    model.setFilterText(QStringLiteral("Zürich"));
    model.sort(kIncomeColumn, Qt::DescendingOrder);
    model.setFilterText(QString());
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(countsAtReset, QList<int>({ kRows }));
    QCOMPARE(model.filterText(), QString());
    QCOMPARE(model.data(model.index(0, kIdColumn)).toString(), customerId(27));
}

void TestPagedTableModel::stalePagesAreDropped()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadModel(model);
    const QModelIndex deep = model.index(2600, kIdColumn);
    QVERIFY(!model.data(deep).isValid());
    QCoreApplication::processEvents(); // the read of the unsorted page starts
    model.sort(kIdColumn, Qt::DescendingOrder);
    QTRY_VERIFY(!model.isLoading());
    // Had the unsorted page been kept, this would stay C02601.
    QTRY_COMPARE(model.data(model.index(2600, kIdColumn)).toString(), customerId(6000 - 2600));
    QTRY_COMPARE(model.data(model.index(2601, kIdColumn)).toString(), customerId(6000 - 2601));
}

void TestPagedTableModel::displayValues()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadModel(model);
    // Row 3 is C00003: vip (3 % 3 == 0), income 111.
    QCOMPARE(model.data(model.index(2, kVipColumn)).toString(), PagedTableModel::tr("Yes"));
    QCOMPARE(model.data(model.index(0, kVipColumn)).toString(), PagedTableModel::tr("No"));
    QCOMPARE(model.data(model.index(2, kIncomeColumn)).toString(), QStringLiteral("111"));
    QCOMPARE(model.data(model.index(2, kIncomeColumn), Qt::UserRole), QVariant(qint64(111)));
    // C00100 has no income: an empty cell.
    QCOMPARE(model.data(model.index(99, kIncomeColumn)).toString(), QString());
    QVERIFY(model.data(model.index(99, kIncomeColumn), Qt::UserRole).isNull());
    const auto numberAlign
        = model.data(model.index(0, kIncomeColumn), Qt::TextAlignmentRole).value<Qt::Alignment>();
    QVERIFY(numberAlign & Qt::AlignRight);
    const auto textAlign
        = model.data(model.index(0, kCityColumn), Qt::TextAlignmentRole).value<Qt::Alignment>();
    QVERIFY(textAlign & Qt::AlignLeft);
    QCOMPARE(model.flags(model.index(0, 0)) & Qt::ItemIsEditable, Qt::ItemFlags());
}

void TestPagedTableModel::reportsUnreadableWorkspace()
{
    PagedTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy errors(&model, &PagedTableModel::errorOccurred);
    model.setSource(m_dir.filePath(QStringLiteral("missing.segws")), QStringLiteral("customers"));
    QTRY_COMPARE(errors.count(), 1);
    QVERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 0);
    QVERIFY(!model.errorMessage().isEmpty());

    model.setSource(m_path, QStringLiteral("no_such_table"));
    QTRY_COMPARE(errors.count(), 2);
    QVERIFY(model.errorMessage().contains(QStringLiteral("no_such_table")));
}

void TestPagedTableModel::destroyWhileReading()
{
    // Closing a view in the middle of a load or a page read cancels it and waits.
    for (int round = 0; round < 5; ++round) {
        auto model = std::make_unique<PagedTableModel>();
        model->setSource(m_path, QStringLiteral("customers"));
        if (round % 2 == 1) {
            QTRY_VERIFY(!model->isLoading());
            QVERIFY(!model->data(model->index(4000 + round, 0)).isValid());
            QCoreApplication::processEvents(); // a page read starts
            model->setFilterText(QStringLiteral("Oslo"));
        }
        model.reset();
    }
    QVERIFY(true);
}

QTEST_GUILESS_MAIN(TestPagedTableModel)
#include "tst_pagedtablemodel.moc"
