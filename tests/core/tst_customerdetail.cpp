#include "customerdetailquery.h"
#include "jobcontext.h"
#include "workspace.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace seg;

namespace {

const char* const kCustomersSql = R"sql(
CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, name,
    income, vip, signup_date);
INSERT INTO customers (customer_id, name, income, vip, signup_date) VALUES
    ('C1', 'Anna Schmidt', 52000, 1, '2023-12-01'),
    ('C2', 'Pat O''Brien', NULL, 0, '2024-04-01'),
    ('C3', 'Never Bought', 30000, 0, '2024-02-02'),
    ('O''Brien "x"', 'Quoted Id', 1, 0, NULL);
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('customers', 'customer_id', 'Customer', 'text', 'customer_id', 0),
    ('customers', 'name', 'Name', 'text', NULL, 1),
    ('customers', 'income', 'Income', 'integer', NULL, 2),
    ('customers', 'vip', 'VIP', 'yes/no', NULL, 3),
    ('customers', 'signup_date', 'Signed up', 'date', NULL, 4);
)sql";

// C1: order O1 in two lines (30 + 20), O2 (50), a return R1 (-20, its own order id, no order)
// and O3 (100), inserted out of date order. C2: no order ids; 1 May holds two rows (one order
// by day, 15), 2 July only a return (-3). C9: transactions without a customers row.
const char* const kTransactionsSql = R"sql(
CREATE TABLE transactions (rowid INTEGER PRIMARY KEY, order_id TEXT, customer_id TEXT,
    order_date TEXT, amount REAL, category TEXT);
INSERT INTO transactions (order_id, customer_id, order_date, amount, category) VALUES
    ('O3', 'C1', '2024-03-15 09:00:00', 100, 'books'),
    ('O1', 'C1', '2024-01-05 10:00:00', 30, 'toys'),
    ('O1', 'C1', '2024-01-05 10:00:00', 20, 'toys'),
    ('X1', 'C10', '2024-01-05 10:00:00', 999, 'toys'),
    ('O2', 'C1', '2024-01-20 12:30:00', 50, 'home'),
    ('R1', 'C1', '2024-02-01 08:00:00', -20, 'toys'),
    (NULL, 'C2', '2024-05-01 10:00:00', 10, 'books'),
    (NULL, 'C2', '2024-05-01 15:00:00', 5, 'books'),
    (NULL, 'C2', '2024-07-02 11:00:00', -3, 'books'),
    ('O9', 'C9', '2023-11-30 23:59:59', 12.5, 'home'),
    ('O10', 'O''Brien "x"', '2024-06-01 10:00:00', 7, 'home');
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('transactions', 'order_id', 'Order', 'text', 'order_id', 0),
    ('transactions', 'customer_id', 'Customer', 'text', 'customer_id', 1),
    ('transactions', 'order_date', 'Date', 'date-time', 'order_date', 2),
    ('transactions', 'amount', 'Amount', 'decimal', 'amount', 3),
    ('transactions', 'category', 'Category', 'category', 'category', 4);
)sql";

// 300,000 transactions of other customers: a scan long enough to be cancelled half-way.
const char* const kBigSql = R"sql(
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT INTO transactions (order_id, customer_id, order_date, amount, category)
SELECT printf('B%d', i), printf('B%d', i % 1000), '2024-01-01 00:00:00', 1, 'bulk' FROM n;
)sql";

QString createWorkspace(const QTemporaryDir& dir, const QString& name, QList<const char*> sql)
{
    const QString path = dir.filePath(name);
    auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
    if (!ws)
        qFatal("%s", qPrintable(ws.error().message));
    for (const char* text : sql) {
        auto r = ws->database().exec(QString::fromUtf8(text));
        if (!r)
            qFatal("%s", qPrintable(r.error().message));
    }
    return path;
}

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

QVariant attribute(const CustomerDetail& detail, const QString& name)
{
    for (const CustomerAttribute& a : detail.attributes) {
        if (a.column.name == name)
            return a.value;
    }
    return QStringLiteral("<no such attribute>");
}

using Months = QList<std::pair<QDate, double>>;

} // namespace

class TestCustomerDetail : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void totals_data();
    void totals();
    void attributes();
    void transactionsSortedByDate();
    void monthlyRevenue_data();
    void monthlyRevenue();
    void unknownCustomer_data();
    void unknownCustomer();
    void withoutTransactionsTable();
    void cancelled_data();
    void cancelled();

private:
    QTemporaryDir m_dir;
    QString m_path;
    QString m_attributesOnly;
};

void TestCustomerDetail::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = createWorkspace(
        m_dir, QStringLiteral("full.segws"), { kCustomersSql, kTransactionsSql, kBigSql });
    m_attributesOnly = createWorkspace(m_dir, QStringLiteral("customers.segws"), { kCustomersSql });
}

void TestCustomerDetail::totals_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("inCustomers");
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<qint64>("orders");
    QTest::addColumn<double>("revenue");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");
    QTest::addColumn<double>("aov");

    // Orders O1 (50), O2 (50), O3 (100); R1 (-20) is a return. 180 / 3 = 60.
    QTest::newRow("order ids, split order and a return")
        << QStringLiteral("C1") << true << qint64(5) << qint64(3) << 180.0 << QDate(2024, 1, 5)
        << QDate(2024, 3, 15) << 60.0;
    // No order ids: 1 May (10 + 5) is one order; 2 July (-3) is no order. 12 / 1.
    QTest::newRow("purchase days without order ids")
        << QStringLiteral("C2") << true << qint64(3) << qint64(1) << 12.0 << QDate(2024, 5, 1)
        << QDate(2024, 5, 1) << 12.0;
    QTest::newRow("transactions only")
        << QStringLiteral("C9") << false << qint64(1) << qint64(1) << 12.5 << QDate(2023, 11, 30)
        << QDate(2023, 11, 30) << 12.5;
    QTest::newRow("quotes in the id, spaces around it")
        << QStringLiteral("  O'Brien \"x\" ") << true << qint64(1) << qint64(1) << 7.0
        << QDate(2024, 6, 1) << QDate(2024, 6, 1) << 7.0;
    QTest::newRow("never bought") << QStringLiteral("C3") << true << qint64(0) << qint64(0) << 0.0
                                  << QDate() << QDate() << -1.0;
}

void TestCustomerDetail::totals()
{
    QFETCH(QString, id);
    QFETCH(bool, inCustomers);
    QFETCH(qint64, rows);
    QFETCH(qint64, orders);
    QFETCH(double, revenue);
    QFETCH(QDate, first);
    QFETCH(QDate, last);
    QFETCH(double, aov);
    JobContext job;
    auto d = CustomerDetailQuery::read(m_path, id, job);
    QVERIFY2(d.ok(), d.ok() ? "" : qPrintable(d.error().message));
    QCOMPARE(d->customerId, id.trimmed());
    QCOMPARE(d->inCustomersTable, inCustomers);
    QVERIFY(d->hasTransactionsTable);
    QCOMPARE(d->totals.transactionRows, rows);
    QCOMPARE(d->transactions.size(), rows);
    QVERIFY(!d->transactionsTruncated);
    QCOMPARE(d->totals.orders, orders);
    QVERIFY(std::abs(d->totals.revenue - revenue) < 1e-9);
    QCOMPARE(d->totals.firstPurchase.value_or(QDate()), first);
    QCOMPARE(d->totals.lastPurchase.value_or(QDate()), last);
    if (aov < 0)
        QVERIFY(!d->totals.averageOrderValue);
    else
        QVERIFY(std::abs(d->totals.averageOrderValue.value_or(-1) - aov) < 1e-9);
}

void TestCustomerDetail::attributes()
{
    JobContext job;
    auto d = CustomerDetailQuery::read(m_path, QStringLiteral("C2"), job);
    QVERIFY(d.ok());
    QStringList names;
    for (const CustomerAttribute& a : d->attributes)
        names.append(a.column.name);
    QCOMPARE(names,
        QStringList({ QStringLiteral("customer_id"), QStringLiteral("name"),
            QStringLiteral("income"), QStringLiteral("vip"), QStringLiteral("signup_date") }));
    QCOMPARE(d->attributes.at(1).column.sourceColumn, QStringLiteral("Name"));
    QCOMPARE(d->attributes.at(3).column.type, QStringLiteral("yes/no"));
    QCOMPARE(attribute(*d, QStringLiteral("name")).toString(), QStringLiteral("Pat O'Brien"));
    QVERIFY(attribute(*d, QStringLiteral("income")).isNull());
    QCOMPARE(attribute(*d, QStringLiteral("vip")).toLongLong(), qint64(0));
    QCOMPARE(attribute(*d, QStringLiteral("signup_date")).toString(), QStringLiteral("2024-04-01"));
    // The customer id column is not repeated in every transaction row.
    QStringList txColumns;
    for (const ColumnInfo& c : d->transactionColumns)
        txColumns.append(c.name);
    QCOMPARE(txColumns,
        QStringList({ QStringLiteral("order_id"), QStringLiteral("order_date"),
            QStringLiteral("amount"), QStringLiteral("category") }));
}

void TestCustomerDetail::transactionsSortedByDate()
{
    JobContext job;
    auto d = CustomerDetailQuery::read(m_path, QStringLiteral("C1"), job);
    QVERIFY(d.ok());
    QStringList orders;
    for (const QVariantList& row : d->transactions)
        orders.append(row.at(0).toString() + QLatin1Char('@') + row.at(1).toString().left(10));
    // Equal dates keep the import order (O1's two lines).
    QCOMPARE(orders,
        QStringList({ QStringLiteral("O1@2024-01-05"), QStringLiteral("O1@2024-01-05"),
            QStringLiteral("O2@2024-01-20"), QStringLiteral("R1@2024-02-01"),
            QStringLiteral("O3@2024-03-15") }));
    QCOMPARE(d->transactions.at(0).at(2).toDouble(), 30.0);
    QCOMPARE(d->transactions.at(1).at(2).toDouble(), 20.0);
}

void TestCustomerDetail::monthlyRevenue_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<Months>("months");
    QTest::addColumn<QList<qint64>>("orders");
    QTest::newRow("returns lower their month")
        << QStringLiteral("C1")
        << Months { { QDate(2024, 1, 1), 100.0 }, { QDate(2024, 2, 1), -20.0 },
               { QDate(2024, 3, 1), 100.0 } }
        << QList<qint64> { 2, 0, 1 };
    QTest::newRow("months without transactions are zero")
        << QStringLiteral("C2")
        << Months { { QDate(2024, 5, 1), 15.0 }, { QDate(2024, 6, 1), 0.0 },
               { QDate(2024, 7, 1), -3.0 } }
        << QList<qint64> { 1, 0, 0 };
    QTest::newRow("no transactions, no months")
        << QStringLiteral("C3") << Months {} << QList<qint64> {};
}

void TestCustomerDetail::monthlyRevenue()
{
    QFETCH(QString, id);
    QFETCH(Months, months);
    QFETCH(QList<qint64>, orders);
    JobContext job;
    auto d = CustomerDetailQuery::read(m_path, id, job);
    QVERIFY(d.ok());
    QCOMPARE(d->months.size(), months.size());
    for (qsizetype i = 0; i < months.size(); ++i) {
        QCOMPARE(d->months.at(i).month, months.at(i).first);
        QVERIFY(std::abs(d->months.at(i).revenue - months.at(i).second) < 1e-9);
        QCOMPARE(d->months.at(i).orders, orders.at(i));
    }
}

void TestCustomerDetail::unknownCustomer_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("unknown id") << QStringLiteral("C404");
    QTest::newRow("SQL in the id") << QStringLiteral("C1' OR '1'='1");
    QTest::newRow("prefix of an id is not a match") << QStringLiteral("C");
    QTest::newRow("blank") << QStringLiteral("   ");
}

void TestCustomerDetail::unknownCustomer()
{
    QFETCH(QString, id);
    JobContext job;
    auto d = CustomerDetailQuery::read(m_path, id, job);
    QVERIFY(!d.ok());
    QCOMPARE(d.error().code, ErrorCode::BadInput);
    QVERIFY(!d.error().message.isEmpty());
}

void TestCustomerDetail::withoutTransactionsTable()
{
    JobContext job;
    auto d = CustomerDetailQuery::read(m_attributesOnly, QStringLiteral("C1"), job);
    QVERIFY2(d.ok(), d.ok() ? "" : qPrintable(d.error().message));
    QVERIFY(d->inCustomersTable);
    QVERIFY(!d->hasTransactionsTable);
    QCOMPARE(d->attributes.size(), 5);
    QCOMPARE(attribute(*d, QStringLiteral("income")).toLongLong(), qint64(52000));
    QVERIFY(d->transactions.isEmpty());
    QVERIFY(d->transactionColumns.isEmpty());
    QCOMPARE(d->totals.orders, qint64(0));
    QVERIFY(d->months.isEmpty());
}

void TestCustomerDetail::cancelled_data()
{
    QTest::addColumn<int>("polls");
    QTest::newRow("before it starts") << 0;
    QTest::newRow("during the transactions scan") << 30;
}

void TestCustomerDetail::cancelled()
{
    QFETCH(int, polls);
    CancelAfterPolls job(polls);
    auto d = CustomerDetailQuery::read(m_path, QStringLiteral("C1"), job);
    QVERIFY(!d.ok());
    QCOMPARE(d.error().code, ErrorCode::Cancelled);
}

QTEST_GUILESS_MAIN(TestCustomerDetail)
#include "tst_customerdetail.moc"
