// Customer metrics against hand-computed values (dates counted on a calendar; 2024 is a leap
// year, so February has 29 days).
#include "customermetrics.h"
#include "metricsstore.h"
#include "workspace.h"

#include <QTest>

#include <map>

using namespace seg;

namespace {

struct Tx {
    const char* customer;
    const char* date;
    double amount;
    const char* order; ///< nullptr = no value
    const char* category;
    const char* channel;
};

// Customer A: order O1 (two lines, 50), O2 (100), return O3 (-40, not an order).
// B: one order. C: in the customers file only. D: only a return. E: O6 with lines on two days
// (dated by its first line), O7 earlier; no categories; channel app twice, web once.
const Tx kTransactions[] = {
    { "A", "2024-01-10", 30, "O1", "Shoes", "web" },
    { "A", "2024-01-10", 20, "O1", "Bags", "web" },
    { "A", "2024-03-05 10:00:00", 100, "O2", "Shoes", "store" },
    { "A", "2024-03-20", -40, "O3", "Shoes", "web" },
    { "B", "2024-02-01", 200, "O4", "Bags", "store" },
    { "D", "2024-02-15", -25, "O5", "Shoes", "web" },
    { "E", "2024-03-30 18:00:00", 50, "O6", nullptr, "app" },
    { "E", "2024-03-31", 10, "O6", nullptr, "app" },
    { "E", "2024-01-01", 80, "O7", nullptr, "web" },
};

void bindOrNull(Statement& stmt, int index, const char* text)
{
    if (text)
        stmt.bindText(index, QString::fromUtf8(text));
    else
        stmt.bindNull(index);
}

void addMeta(Workspace& ws, const QString& table, const QStringList& columns)
{
    for (int i = 0; i < columns.size(); ++i) {
        const QString role = columns.at(i) == u"name" ? QString() : columns.at(i);
        QVERIFY(
            ws.database()
                .exec(QStringLiteral("INSERT INTO column_meta (table_name, name, source_column, "
                                     "type, role, position) VALUES ('%1', '%2', '%2', 'text', "
                                     "%3, %4)")
                          .arg(table, columns.at(i),
                              role.isEmpty() ? QStringLiteral("NULL")
                                             : QLatin1Char('\'') + role + QLatin1Char('\''))
                          .arg(i))
                .ok());
    }
}

Workspace makeShop(bool withOrderIds = true)
{
    auto ws = Workspace::openInMemory();
    Q_ASSERT(ws.ok());
    auto ok = ws->database().exec(QStringLiteral(
        "CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, "
        "name); INSERT INTO customers (customer_id, name) VALUES ('A', 'Ann'), ('B', 'Bo'), "
        "('C', 'Cy'), ('D', 'Di'), ('E', 'Ed');"));
    Q_ASSERT(ok.ok());
    addMeta(*ws, QStringLiteral("customers"),
        { QStringLiteral("customer_id"), QStringLiteral("name") });
    QStringList columns { QStringLiteral("customer_id"), QStringLiteral("order_date"),
        QStringLiteral("amount"), QStringLiteral("category"), QStringLiteral("channel") };
    if (withOrderIds)
        columns.append(QStringLiteral("order_id"));
    ok = ws->database().exec(
        QStringLiteral("CREATE TABLE transactions (rowid INTEGER PRIMARY KEY, "
                       "customer_id TEXT, order_date TEXT, amount REAL, "
                       "category, channel%1)")
            .arg(withOrderIds ? QStringLiteral(", order_id TEXT") : QString()));
    Q_ASSERT(ok.ok());
    addMeta(*ws, QStringLiteral("transactions"), columns);
    auto insert = ws->database().prepare(withOrderIds
            ? QStringLiteral("INSERT INTO transactions (customer_id, order_date, amount, "
                             "category, channel, order_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            : QStringLiteral("INSERT INTO transactions (customer_id, order_date, amount, "
                             "category, channel) VALUES (?1, ?2, ?3, ?4, ?5)"));
    Q_ASSERT(insert.ok());
    for (const Tx& tx : kTransactions) {
        insert->bindText(1, QString::fromUtf8(tx.customer));
        insert->bindText(2, QString::fromUtf8(tx.date));
        insert->bindDouble(3, tx.amount);
        bindOrNull(*insert, 4, tx.category);
        bindOrNull(*insert, 5, tx.channel);
        if (withOrderIds)
            bindOrNull(*insert, 6, tx.order);
        // Not inside Q_ASSERT: release builds compile assertions away.
        if (!insert->exec())
            qFatal("%s", qPrintable(insert->lastError()));
        insert->reset();
    }
    return std::move(ws.value());
}

std::map<QString, CustomerMetricsRow> byId(const std::vector<CustomerMetricsRow>& rows)
{
    std::map<QString, CustomerMetricsRow> out;
    for (const CustomerMetricsRow& r : rows)
        out[r.customerId] = r;
    return out;
}

qint64 day(const char* iso)
{
    return QDate::fromString(QString::fromUtf8(iso), Qt::ISODate).toJulianDay();
}

class CancelAtOnce : public JobContext {
public:
    bool isCancelled() const override { return true; }
};

} // namespace

class TestCustomerMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultAnalysisDate();
    void chosenAnalysisDate();
    void purchaseDaysWithoutOrderIds();
    void storedAndCurrent();
    void noTransactions();
    void cancelled();
};

void TestCustomerMetrics::defaultAnalysisDate()
{
    Workspace ws = makeShop();
    MetricsSummary summary;
    JobContext job;
    auto rows = CustomerMetrics::compute(ws, QDate(), summary, job);
    QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
    // The last transaction is on 2024-03-31, so the analysis date is 2024-04-01.
    QCOMPARE(summary.analysisDate, QDate(2024, 4, 1));
    QVERIFY(!summary.analysisDateChosen);
    QCOMPARE(summary.customers, 5);
    QCOMPARE(summary.buyers, 3);
    QCOMPARE(summary.prospects, 2);
    QCOMPARE(summary.transactionsUsed, 9);
    QCOMPARE(summary.orders, 5);
    QCOMPARE(summary.revenue, 425.0);
    QVERIFY(summary.orderIds);

    auto m = byId(*rows);
    QCOMPARE(m.size(), size_t(5));
    const CustomerMetricsRow& a = m[QStringLiteral("A")];
    QCOMPARE(a.orders, 2);
    QCOMPARE(a.revenue, 110.0); // 50 + 100 - 40: the return counts in revenue
    QCOMPARE(a.firstDay, day("2024-01-10"));
    QCOMPARE(a.lastDay, day("2024-03-05"));
    QCOMPARE(*a.averageOrderValue, 55.0);
    QCOMPARE(*a.recencyDays, 27); // 5 March to 1 April
    QCOMPARE(*a.tenureDays, 82); // 10 January to 1 April: 31 + 29 + 22
    QCOMPARE(*a.meanDaysBetweenOrders, 55.0); // 10 January to 5 March
    QCOMPARE(*a.categories, 2);
    QCOMPARE(a.topChannel, QStringLiteral("web")); // 3 web lines, 1 store

    const CustomerMetricsRow& b = m[QStringLiteral("B")];
    QCOMPARE(b.orders, 1);
    QCOMPARE(*b.recencyDays, 60);
    QCOMPARE(*b.tenureDays, 60);
    QVERIFY(!b.meanDaysBetweenOrders);
    QCOMPARE(b.topChannel, QStringLiteral("store"));

    const CustomerMetricsRow& c = m[QStringLiteral("C")];
    QCOMPARE(c.orders, 0);
    QCOMPARE(c.revenue, 0.0);
    QCOMPARE(c.firstDay, 0);
    QVERIFY(!c.recencyDays && !c.averageOrderValue);
    QCOMPARE(*c.categories, 0);
    QVERIFY(c.topChannel.isEmpty());

    const CustomerMetricsRow& d = m[QStringLiteral("D")];
    QCOMPARE(d.orders, 0); // a return only: a prospect with negative revenue
    QCOMPARE(d.revenue, -25.0);
    QVERIFY(!d.recencyDays);

    const CustomerMetricsRow& e = m[QStringLiteral("E")];
    QCOMPARE(e.orders, 2);
    QCOMPARE(e.revenue, 140.0);
    QCOMPARE(e.lastDay, day("2024-03-30")); // O6 is dated by its first line
    QCOMPARE(*e.recencyDays, 2);
    QCOMPARE(*e.tenureDays, 91);
    QCOMPARE(*e.meanDaysBetweenOrders, 89.0);
    QCOMPARE(*e.averageOrderValue, 70.0);
    QCOMPARE(*e.categories, 0);
    QCOMPARE(e.topChannel, QStringLiteral("app"));
}

void TestCustomerMetrics::chosenAnalysisDate()
{
    Workspace ws = makeShop();
    MetricsSummary summary;
    JobContext job;
    // Only transactions before 6 March count: A's return and E's O6 are later.
    auto rows = CustomerMetrics::compute(ws, QDate(2024, 3, 6), summary, job);
    QVERIFY(rows.ok());
    QVERIFY(summary.analysisDateChosen);
    QCOMPARE(summary.transactionsUsed, 6);
    auto m = byId(*rows);
    QCOMPARE(m[QStringLiteral("A")].revenue, 150.0);
    QCOMPARE(*m[QStringLiteral("A")].recencyDays, 1);
    QCOMPARE(*m[QStringLiteral("A")].tenureDays, 56);
    QCOMPARE(m[QStringLiteral("E")].orders, 1);
    QCOMPARE(*m[QStringLiteral("E")].recencyDays, 65);
    QCOMPARE(*m[QStringLiteral("B")].recencyDays, 34);
    QCOMPARE(m[QStringLiteral("D")].revenue, -25.0);
}

void TestCustomerMetrics::purchaseDaysWithoutOrderIds()
{
    Workspace ws = makeShop(false);
    MetricsSummary summary;
    JobContext job;
    auto rows = CustomerMetrics::compute(ws, QDate(), summary, job);
    QVERIFY(rows.ok());
    QVERIFY(!summary.orderIds);
    auto m = byId(*rows);
    // A: 10 Jan (50) and 5 Mar (100) are purchase days; 20 Mar is a return day.
    QCOMPARE(m[QStringLiteral("A")].orders, 2);
    // E: 30 Mar (50), 31 Mar (10) and 1 Jan (80) are three purchase days now.
    QCOMPARE(m[QStringLiteral("E")].orders, 3);
    QCOMPARE(m[QStringLiteral("E")].lastDay, day("2024-03-31"));
    QCOMPARE(*m[QStringLiteral("E")].recencyDays, 1);
    QCOMPARE(*m[QStringLiteral("E")].meanDaysBetweenOrders, 45.0); // 90 days / 2 gaps
    QCOMPARE(summary.orders, 6);
}

void TestCustomerMetrics::storedAndCurrent()
{
    Workspace ws = makeShop();
    JobContext job;
    QVERIFY(!*CustomerMetrics::isCurrent(ws, QDate()));
    auto summary = CustomerMetrics::computeAndStore(ws, QDate(), job);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QVERIFY(*CustomerMetrics::isCurrent(ws, QDate()));
    QVERIFY(!*CustomerMetrics::isCurrent(ws, QDate(2024, 3, 6)));

    auto q = ws.query(QStringLiteral(
        "SELECT customer_id, first_purchase, last_purchase, orders, revenue, recency_days, "
        "mean_days_between_orders, categories, top_channel FROM customer_metrics ORDER BY "
        "customer_id"));
    QVERIFY(q.ok());
    QCOMPARE(q->rows.size(), 5);
    QCOMPARE(q->rows.at(0),
        QVariantList(
            { QStringLiteral("A"), QStringLiteral("2024-01-10"), QStringLiteral("2024-03-05"),
                qint64(2), 110.0, qint64(27), 55.0, qint64(2), QStringLiteral("web") }));
    QVERIFY(q->rows.at(2).at(1).isNull()); // C has no purchase
    QCOMPARE(*MetricsStore::metaValue(ws, QStringLiteral("metrics.analysis_date")),
        QStringLiteral("2024-04-01"));

    auto back = MetricsStore::readMetrics(ws, job);
    QVERIFY(back.ok());
    QCOMPARE(back->size(), size_t(5));
    QCOMPARE(back->at(4).customerId, QStringLiteral("E"));
    QCOMPARE(back->at(4).lastDay, day("2024-03-30"));
    QCOMPARE(*back->at(4).meanDaysBetweenOrders, 89.0);

    // A new import makes the stored metrics stale.
    QVERIFY(ws.database()
                .exec(QStringLiteral("INSERT INTO imports (kind, table_name, mode, file_name, "
                                     "started_at) VALUES ('transactions', 'transactions', "
                                     "'append', 'more.csv', '2024-04-02')"))
                .ok());
    QVERIFY(!*CustomerMetrics::isCurrent(ws, QDate()));
}

void TestCustomerMetrics::noTransactions()
{
    auto ws = Workspace::openInMemory();
    QVERIFY(ws.ok());
    QVERIFY(
        ws->database()
            .exec(QStringLiteral("CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id "
                                 "TEXT NOT NULL UNIQUE); INSERT INTO customers (customer_id) "
                                 "VALUES ('x'), ('y')"))
            .ok());
    MetricsSummary summary;
    JobContext job;
    auto rows = CustomerMetrics::compute(*ws, QDate(2025, 1, 1), summary, job);
    QVERIFY(rows.ok());
    QCOMPARE(summary.prospects, 2);
    QCOMPARE(summary.buyers, 0);
    QVERIFY(!rows->at(0).categories); // no category column at all
}

void TestCustomerMetrics::cancelled()
{
    Workspace ws = makeShop();
    CancelAtOnce job;
    auto summary = CustomerMetrics::computeAndStore(ws, QDate(), job);
    QVERIFY(!summary.ok());
    QCOMPARE(summary.error().code, ErrorCode::Cancelled);
    QCOMPARE(*ws.rowCount(QStringLiteral("customer_metrics")), 0);
}

QTEST_GUILESS_MAIN(TestCustomerMetrics)
#include "tst_customermetrics.moc"
