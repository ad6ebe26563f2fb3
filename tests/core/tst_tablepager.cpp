#include "tablepager.h"
#include "workspace.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace seg;

namespace {

// Customers with values that look like SQL or LIKE syntax. Column "secret" is a real column
// without column_meta (not shown); "ghost" is described but missing (never put into SQL).
const char* const kCustomersSql = R"sql(
CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, name TEXT,
    city TEXT, income INTEGER, score REAL, secret TEXT);
INSERT INTO customers (customer_id, name, city, income, score, secret) VALUES
    ('C001', 'Anna Schmidt', 'Berlin', 52000, 1.5, 'x'),
    ('C002', 'O''Brien; Pat', 'Dublin', 61000, 2.5, 'x'),
    ('C003', '100% Müller', 'München', NULL, 0.5, 'x'),
    ('C004', 'snake_case_name', 'Paris', 45000, NULL, 'x'),
    ('C005', 'Zoë Weber', 'Wien', 52000, 3.0, 'x'),
    ('C006', 'zed', 'berlin', 30000, 1.0, 'x'),
    ('C007', 'Back\slash', 'Oslo', 70000, 2.0, 'x'),
    ('C008', 'Straße 5', 'Berlin', 40000, 4.0, 'x');
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('customers', 'name', 'Name', 'text', NULL, 1),
    ('customers', 'customer_id', 'CustomerID', 'text', 'customer_id', 0),
    ('customers', 'city', 'City', 'category', NULL, 2),
    ('customers', 'ghost', 'Ghost', 'text', NULL, 3),
    ('customers', 'income', 'Income', 'integer', NULL, 4),
    ('customers', 'score', 'Score', 'decimal', NULL, 5);
)sql";

// 1,000 transactions O0001..O1000 without column_meta; amount cycles through 0..96.
const char* const kTransactionsSql = R"sql(
CREATE TABLE transactions (order_id TEXT, amount REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO transactions (order_id, amount) SELECT printf('O%04d', i), (i * 37) % 97 FROM n;
)sql";

Workspace makeWorkspace()
{
    auto ws = Workspace::openInMemory();
    Q_ASSERT(ws.ok());
    auto created = ws->database().exec(QString::fromUtf8(kCustomersSql));
    if (!created)
        qFatal("%s", qPrintable(created.error().message));
    created = ws->database().exec(QString::fromUtf8(kTransactionsSql));
    if (!created)
        qFatal("%s", qPrintable(created.error().message));
    return std::move(ws.value());
}

QStringList column(const QList<QVariantList>& rows, int index)
{
    QStringList out;
    for (const QVariantList& row : rows)
        out.append(row.value(index).toString());
    return out;
}

// Says "cancelled" from its n-th poll on: a cancel that arrives in the middle of a scan.
class CancelAfterPolls : public JobContext {
public:
    explicit CancelAfterPolls(int polls)
        : m_left(polls)
    {
    }
    bool isCancelled() const override { return --m_left < 0; }
    int polls() const { return m_left; }

private:
    mutable int m_left;
};

} // namespace

class TestTablePager : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void columnsFromMeta();
    void columnsWithoutMeta();
    void unknownTable();
    void likePattern_data();
    void likePattern();
    void filterCount_data();
    void filterCount();
    void filterRowsMatchCount();
    void filterOnlyChosenColumns_data();
    void filterOnlyChosenColumns();
    void pagesCoverTableOnce();
    void pageBounds();
    void rowidRangePagesMatchOffsetPages();
    void sortByColumn_data();
    void sortByColumn();
    void sortedFilteredPagesAreConsistent();
    void rowIdsFollowPageOrder_data();
    void rowIdsFollowPageOrder();
    void rowsByIdKeepOrder();
    void rejectsBadArguments();
    void cancelledJobStopsReads();
    void readOnlyWorkspaceFile();
};

void TestTablePager::columnsFromMeta()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers"));
    auto cols = pager.columns();
    QVERIFY2(cols.ok(), cols.ok() ? "" : qPrintable(cols.error().message));
    QStringList names;
    for (const ColumnInfo& c : *cols)
        names.append(c.name);
    QCOMPARE(names,
        QStringList({ QStringLiteral("customer_id"), QStringLiteral("name"), QStringLiteral("city"),
            QStringLiteral("income"), QStringLiteral("score") }));
    QCOMPARE(cols->at(0).role, QStringLiteral("customer_id"));
    QCOMPARE(cols->at(0).sourceColumn, QStringLiteral("CustomerID"));
    QCOMPARE(cols->at(3).type, QStringLiteral("integer"));
    auto rows = pager.page(0, 1, -1, Qt::AscendingOrder, QString());
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->at(0),
        QVariantList({ QStringLiteral("C001"), QStringLiteral("Anna Schmidt"),
            QStringLiteral("Berlin"), qint64(52000), 1.5 }));
}

void TestTablePager::columnsWithoutMeta()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("transactions"));
    auto cols = pager.columns();
    QVERIFY(cols.ok());
    QCOMPARE(cols->size(), 2);
    QCOMPARE(cols->at(0).name, QStringLiteral("order_id"));
    QCOMPARE(cols->at(0).type, QStringLiteral("text"));
    QCOMPARE(cols->at(1).name, QStringLiteral("amount"));
    QCOMPARE(cols->at(1).type, QStringLiteral("decimal"));
}

void TestTablePager::unknownTable()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers\"; DROP TABLE customers; --"));
    QVERIFY(!pager.columns().ok());
    QVERIFY(!pager.count(QString()).ok());
    QVERIFY(!pager.page(0, 10, -1, Qt::AscendingOrder, QString()).ok());
    QCOMPARE(*ws.rowCount(QStringLiteral("customers")), qint64(8));
}

void TestTablePager::likePattern_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("%abc%");
    QTest::newRow("percent") << QStringLiteral("100%") << QStringLiteral("%100\\%%");
    QTest::newRow("underscore") << QStringLiteral("a_b") << QStringLiteral("%a\\_b%");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("%a\\\\b%");
    QTest::newRow("quote") << QStringLiteral("O'Brien") << QStringLiteral("%O'Brien%");
}

void TestTablePager::likePattern()
{
    QFETCH(QString, text);
    QFETCH(QString, pattern);
    QCOMPARE(TablePager::likePattern(text), pattern);
}

void TestTablePager::filterCount_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("empty") << QString() << qint64(8);
    QTest::newRow("blank") << QStringLiteral("   ") << qint64(8);
    QTest::newRow("ascii case-insensitive") << QStringLiteral("BERLIN") << qint64(3);
    QTest::newRow("trimmed") << QStringLiteral("  berlin ") << qint64(3);
    QTest::newRow("quote") << QStringLiteral("O'Brien") << qint64(1);
    QTest::newRow("semicolon") << QStringLiteral("Brien; Pat") << qint64(1);
    QTest::newRow("injection") << QStringLiteral("'; DROP TABLE customers; --") << qint64(0);
    QTest::newRow("percent is literal") << QStringLiteral("%") << qint64(1);
    QTest::newRow("underscore is literal") << QStringLiteral("_") << qint64(1);
    QTest::newRow("backslash is literal") << QStringLiteral("\\") << qint64(1);
    QTest::newRow("quote percent underscore semicolon") << QStringLiteral("'%_;") << qint64(0);
    QTest::newRow("non-ascii lower") << QStringLiteral("müller") << qint64(1);
    QTest::newRow("non-ascii upper") << QStringLiteral("MÜLLER") << qint64(1);
    QTest::newRow("non-ascii other column") << QStringLiteral("MÜNCHEN") << qint64(1);
    QTest::newRow("case folding sharp s") << QStringLiteral("STRAẞE") << qint64(1);
    QTest::newRow("integer column") << QStringLiteral("52000") << qint64(2);
    QTest::newRow("decimal column") << QStringLiteral("2.5") << qint64(1);
    QTest::newRow("id column") << QStringLiteral("c00") << qint64(8);
    QTest::newRow("undescribed column not searched") << QStringLiteral("x") << qint64(0);
    QTest::newRow("no match") << QStringLiteral("Tokyo") << qint64(0);
}

void TestTablePager::filterCount()
{
    QFETCH(QString, filter);
    QFETCH(qint64, expected);
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers"));
    auto n = pager.count(filter);
    QVERIFY2(n.ok(), n.ok() ? "" : qPrintable(n.error().message));
    QCOMPARE(*n, expected);
    auto rows = pager.page(0, 100, -1, Qt::AscendingOrder, filter);
    QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
    QCOMPARE(qint64(rows->size()), expected);
    QCOMPARE(*ws.rowCount(QStringLiteral("customers")), qint64(8));
}

void TestTablePager::filterRowsMatchCount()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers"));
    auto rows = pager.page(0, 100, -1, Qt::AscendingOrder, QStringLiteral("berlin"));
    QVERIFY(rows.ok());
    QCOMPARE(column(*rows, 0),
        QStringList({ QStringLiteral("C001"), QStringLiteral("C006"), QStringLiteral("C008") }));
    rows = pager.page(0, 100, -1, Qt::AscendingOrder, QStringLiteral("O'Brien; Pat"));
    QVERIFY(rows.ok());
    QCOMPARE(column(*rows, 0), QStringList({ QStringLiteral("C002") }));
    rows = pager.page(0, 100, -1, Qt::AscendingOrder, QStringLiteral("_"));
    QVERIFY(rows.ok());
    QCOMPARE(column(*rows, 0), QStringList({ QStringLiteral("C004") }));
}

void TestTablePager::filterOnlyChosenColumns_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("ids");
    // "berlin" is in the city of C001, C006 and C008 only; "52000" in the income of C001, C005.
    QTest::newRow("all columns") << QStringList() << QStringLiteral("berlin")
                                 << QStringList({ QStringLiteral("C001"), QStringLiteral("C006"),
                                        QStringLiteral("C008") });
    QTest::newRow("city only") << QStringList({ QStringLiteral("city") }) << QStringLiteral("berlin")
                               << QStringList({ QStringLiteral("C001"), QStringLiteral("C006"),
                                      QStringLiteral("C008") });
    QTest::newRow("city hidden") << QStringList({ QStringLiteral("name"), QStringLiteral("income") })
                                 << QStringLiteral("berlin") << QStringList();
    QTest::newRow("income shown") << QStringList({ QStringLiteral("income") })
                                  << QStringLiteral("52000")
                                  << QStringList({ QStringLiteral("C001"), QStringLiteral("C005") });
    QTest::newRow("non-ascii in hidden column")
        << QStringList({ QStringLiteral("city") }) << QStringLiteral("MÜLLER") << QStringList();
    QTest::newRow("non-ascii in shown column")
        << QStringList({ QStringLiteral("name") }) << QStringLiteral("MÜLLER")
        << QStringList({ QStringLiteral("C003") });
    QTest::newRow("unknown names ignored")
        << QStringList({ QStringLiteral("nope\"; DROP TABLE customers; --") })
        << QStringLiteral("berlin") << QStringList();
}

void TestTablePager::filterOnlyChosenColumns()
{
    QFETCH(QStringList, columns);
    QFETCH(QString, filter);
    QFETCH(QStringList, ids);
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers"));
    pager.setFilterColumns(columns);
    auto rows = pager.page(0, 100, -1, Qt::AscendingOrder, filter);
    QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
    QCOMPARE(column(*rows, 0), ids);
    QCOMPARE(*pager.count(filter), qint64(ids.size()));
    QCOMPARE(*ws.rowCount(QStringLiteral("customers")), qint64(8));
}

void TestTablePager::pagesCoverTableOnce()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("transactions"));
    QCOMPARE(*pager.count(QString()), qint64(1000));
    QStringList all;
    QList<int> sizes;
    for (qint64 offset = 0; offset < 1000; offset += 256) {
        auto rows = pager.page(offset, 256, -1, Qt::AscendingOrder, QString());
        QVERIFY(rows.ok());
        sizes.append(static_cast<int>(rows->size()));
        all += column(*rows, 0);
    }
    QCOMPARE(sizes, QList<int>({ 256, 256, 256, 232 }));
    QCOMPARE(all.size(), 1000);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(all.at(i), QStringLiteral("O%1").arg(i + 1, 4, 10, QLatin1Char('0')));

    auto reversed = pager.page(0, 3, -1, Qt::DescendingOrder, QString());
    QVERIFY(reversed.ok());
    QCOMPARE(column(*reversed, 0),
        QStringList({ QStringLiteral("O1000"), QStringLiteral("O0999"), QStringLiteral("O0998") }));
}

void TestTablePager::rowidRangePagesMatchOffsetPages()
{
    Workspace ws = makeWorkspace();
    TablePager plain(ws, QStringLiteral("transactions"));
    TablePager ranged(ws, QStringLiteral("transactions"));
    ranged.setKnownRowCount(1000);
    for (Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
        for (qint64 offset : { 0, 1, 255, 256, 744, 990, 999, 1000, 1200 }) {
            auto a = plain.page(offset, 256, -1, order, QString());
            auto b = ranged.page(offset, 256, -1, order, QString());
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(*b, *a);
        }
    }
    // Rowids with holes: the range would be wrong, so the pager falls back to OFFSET.
    QVERIFY(ws.database().exec(QStringLiteral("DELETE FROM transactions WHERE rowid % 10 = 3")).ok());
    TablePager holes(ws, QStringLiteral("transactions"));
    holes.setKnownRowCount(900);
    TablePager reference(ws, QStringLiteral("transactions"));
    for (qint64 offset : { 0, 300, 899 }) {
        auto a = reference.page(offset, 256, -1, Qt::AscendingOrder, QString());
        auto b = holes.page(offset, 256, -1, Qt::AscendingOrder, QString());
        QCOMPARE(*b, *a);
    }
    auto last = holes.page(899, 5, -1, Qt::AscendingOrder, QString());
    QCOMPARE(column(*last, 0), QStringList({ QStringLiteral("O1000") }));
}

void TestTablePager::pageBounds()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("transactions"));
    auto past = pager.page(1000, 10, -1, Qt::AscendingOrder, QString());
    QVERIFY(past.ok());
    QVERIFY(past->isEmpty());
    auto none = pager.page(0, 0, -1, Qt::AscendingOrder, QString());
    QVERIFY(none.ok());
    QVERIFY(none->isEmpty());
    auto last = pager.page(995, 10, -1, Qt::AscendingOrder, QString());
    QVERIFY(last.ok());
    QCOMPARE(last->size(), 5);
}

void TestTablePager::sortByColumn_data()
{
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("ids");
    // income: 30000 C006, 40000 C008, 45000 C004, 52000 C001 & C005 (tie: rowid order),
    // 61000 C002, 70000 C007, empty C003 (empty values last in both directions).
    QTest::newRow("income ascending")
        << 3 << Qt::AscendingOrder
        << QStringList({ QStringLiteral("C006"), QStringLiteral("C008"), QStringLiteral("C004"),
               QStringLiteral("C001"), QStringLiteral("C005"), QStringLiteral("C002"),
               QStringLiteral("C007"), QStringLiteral("C003") });
    QTest::newRow("income descending")
        << 3 << Qt::DescendingOrder
        << QStringList({ QStringLiteral("C007"), QStringLiteral("C002"), QStringLiteral("C001"),
               QStringLiteral("C005"), QStringLiteral("C004"), QStringLiteral("C008"),
               QStringLiteral("C006"), QStringLiteral("C003") });
    // name, ignoring ASCII case: "100% Müller", "Anna", "Back\slash", "O'Brien", "snake_...",
    // "Straße", "zed", "Zoë".
    QTest::newRow("name ascending")
        << 1 << Qt::AscendingOrder
        << QStringList({ QStringLiteral("C003"), QStringLiteral("C001"), QStringLiteral("C007"),
               QStringLiteral("C002"), QStringLiteral("C004"), QStringLiteral("C008"),
               QStringLiteral("C006"), QStringLiteral("C005") });
    QTest::newRow("score descending, empty last")
        << 4 << Qt::DescendingOrder
        << QStringList({ QStringLiteral("C008"), QStringLiteral("C005"), QStringLiteral("C002"),
               QStringLiteral("C007"), QStringLiteral("C001"), QStringLiteral("C006"),
               QStringLiteral("C003"), QStringLiteral("C004") });
    QTest::newRow("stored order") << -1 << Qt::AscendingOrder
                                  << QStringList({ QStringLiteral("C001"), QStringLiteral("C002"),
                                         QStringLiteral("C003"), QStringLiteral("C004"),
                                         QStringLiteral("C005"), QStringLiteral("C006"),
                                         QStringLiteral("C007"), QStringLiteral("C008") });
}

void TestTablePager::sortByColumn()
{
    QFETCH(int, sortColumn);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, ids);
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers"));
    auto rows = pager.page(0, 100, sortColumn, order, QString());
    QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
    QCOMPARE(column(*rows, 0), ids);
    // The same order page by page.
    QStringList paged;
    for (qint64 offset = 0; offset < 8; offset += 3) {
        auto part = pager.page(offset, 3, sortColumn, order, QString());
        QVERIFY(part.ok());
        paged += column(*part, 0);
    }
    QCOMPARE(paged, ids);
}

void TestTablePager::sortedFilteredPagesAreConsistent()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("transactions"));
    const QString filter = QStringLiteral("O0"); // O0001..O0999
    QCOMPARE(*pager.count(filter), qint64(999));
    auto whole = pager.page(0, 2000, 1, Qt::DescendingOrder, filter);
    QVERIFY(whole.ok());
    QCOMPARE(whole->size(), 999);
    QStringList paged;
    for (qint64 offset = 0; offset < 999; offset += 7) {
        auto part = pager.page(offset, 7, 1, Qt::DescendingOrder, filter);
        QVERIFY(part.ok());
        paged += column(*part, 0);
    }
    QCOMPARE(paged, column(*whole, 0));
    double previous = 1e9;
    for (const QVariantList& row : *whole) {
        QVERIFY(row.at(1).toDouble() <= previous);
        previous = row.at(1).toDouble();
    }
    QCOMPARE(paged.size(), QSet<QString>(paged.cbegin(), paged.cend()).size());
}

void TestTablePager::rowIdsFollowPageOrder_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QString>("filter");
    QTest::newRow("customers, stored")
        << QStringLiteral("customers") << -1 << Qt::AscendingOrder << QString();
    QTest::newRow("customers, stored, reversed")
        << QStringLiteral("customers") << -1 << Qt::DescendingOrder << QString();
    QTest::newRow("customers, income descending")
        << QStringLiteral("customers") << 3 << Qt::DescendingOrder << QString();
    QTest::newRow("customers, name, berlin")
        << QStringLiteral("customers") << 1 << Qt::AscendingOrder << QStringLiteral("berlin");
    QTest::newRow("customers, score, non-ascii")
        << QStringLiteral("customers") << 4 << Qt::AscendingOrder << QStringLiteral("Ü");
    QTest::newRow("transactions, amount descending, filtered")
        << QStringLiteral("transactions") << 1 << Qt::DescendingOrder << QStringLiteral("O0");
    QTest::newRow("transactions, order id ascending")
        << QStringLiteral("transactions") << 0 << Qt::AscendingOrder << QString();
}

void TestTablePager::rowIdsFollowPageOrder()
{
    QFETCH(QString, table);
    QFETCH(int, sortColumn);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, filter);
    Workspace ws = makeWorkspace();
    TablePager pager(ws, table);
    auto ids = pager.rowIds(sortColumn, order, filter);
    QVERIFY2(ids.ok(), ids.ok() ? "" : qPrintable(ids.error().message));
    QCOMPARE(qint64(ids->size()), *pager.count(filter));
    auto whole = pager.page(0, 5000, sortColumn, order, filter);
    QVERIFY(whole.ok());
    QList<QVariantList> byIds;
    for (qsizetype from = 0; from < ids->size(); from += TablePager::kMaxIdsPerCall) {
        auto part = pager.rowsById(ids->mid(from, TablePager::kMaxIdsPerCall));
        QVERIFY2(part.ok(), part.ok() ? "" : qPrintable(part.error().message));
        byIds += *part;
    }
    QCOMPARE(byIds, *whole);
}

void TestTablePager::rowsByIdKeepOrder()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers"));
    auto rows = pager.rowsById({ 5, 2, 999, 8 });
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 4);
    QCOMPARE(column(*rows, 0),
        QStringList(
            { QStringLiteral("C005"), QStringLiteral("C002"), QString(), QStringLiteral("C008") }));
    QVERIFY(rows->at(2).isEmpty());
    QList<qint64> tooMany(TablePager::kMaxIdsPerCall + 1, 1);
    QVERIFY(!pager.rowsById(tooMany).ok());
    QVERIFY(pager.rowsById({})->isEmpty());
    // Non-ASCII text cannot be in numbers or ids-as-numbers: nothing matches, no error.
    TablePager numbers(ws, QStringLiteral("transactions"));
    QCOMPARE(*numbers.count(QStringLiteral("Ü")), qint64(0));
}

void TestTablePager::rejectsBadArguments()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("customers"));
    QVERIFY(!pager.page(0, 10, 5, Qt::AscendingOrder, QString()).ok());
    QVERIFY(!pager.page(0, 10, -2, Qt::AscendingOrder, QString()).ok());
    QVERIFY(!pager.page(-1, 10, -1, Qt::AscendingOrder, QString()).ok());
    QVERIFY(!pager.page(0, -1, -1, Qt::AscendingOrder, QString()).ok());
    const QString huge(5000, QLatin1Char('a'));
    QVERIFY(!pager.count(huge).ok());
    QCOMPARE(pager.count(huge).error().code, ErrorCode::BadInput);
}

void TestTablePager::cancelledJobStopsReads()
{
    Workspace ws = makeWorkspace();
    TablePager pager(ws, QStringLiteral("transactions"));
    QVERIFY(pager.columns().ok());
    {
        JobContext job;
        job.cancel();
        pager.setJobContext(&job);
        auto n = pager.count(QStringLiteral("O0"));
        QVERIFY(!n.ok());
        QCOMPARE(n.error().code, ErrorCode::Cancelled);
        auto ids = pager.rowIds(1, Qt::DescendingOrder, QString());
        QVERIFY(!ids.ok());
        QCOMPARE(ids.error().code, ErrorCode::Cancelled);
        pager.setJobContext(nullptr);
    }
    {
        // Cancelled after the scan started: it stops there.
        CancelAfterPolls job(2);
        pager.setJobContext(&job);
        auto rows = pager.page(0, 10, 1, Qt::AscendingOrder, QStringLiteral("O"));
        QVERIFY(!rows.ok());
        QCOMPARE(rows.error().code, ErrorCode::Cancelled);
        QVERIFY(job.polls() < 0); // polled while the scan ran
        pager.setJobContext(nullptr);
    }
    // A job that is not cancelled changes nothing; without a job, reads work again.
    JobContext running;
    pager.setJobContext(&running);
    QCOMPARE(*pager.count(QStringLiteral("O0")), qint64(999));
    pager.setJobContext(nullptr);
    QCOMPARE(*pager.count(QString()), qint64(1000));
}

void TestTablePager::readOnlyWorkspaceFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.segws"));
    {
        auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
        QVERIFY(ws.ok());
        QVERIFY(ws->database().exec(QString::fromUtf8(kCustomersSql)).ok());
    }
    auto ws = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    QVERIFY(ws.ok());
    TablePager pager(*ws, QStringLiteral("customers"));
    QCOMPARE(*pager.count(QStringLiteral("zoë")), qint64(1));
    auto rows = pager.page(0, 10, 1, Qt::AscendingOrder, QStringLiteral("BERLIN"));
    QVERIFY(rows.ok());
    QCOMPARE(column(*rows, 0),
        QStringList({ QStringLiteral("C001"), QStringLiteral("C008"), QStringLiteral("C006") }));
}

QTEST_GUILESS_MAIN(TestTablePager)
#include "tst_tablepager.moc"
