// Lifecycle status and value tiers against hand-computed cases (windows 90 / 365 / 730 days,
// tiers 1 / 5 / 20 %).
#include "customerstatus.h"

#include <QTest>

using namespace seg;

namespace {

CustomerMetricsRow row(const char* id, qint64 orders, qint64 tenure, qint64 recency, double revenue)
{
    CustomerMetricsRow m;
    m.customerId = QString::fromLatin1(id);
    m.orders = orders;
    m.revenue = revenue;
    if (orders > 0) {
        m.tenureDays = tenure;
        m.recencyDays = recency;
    }
    return m;
}

std::vector<CustomerMetricsRow> eight()
{
    return { row("c1", 1, 30, 30, 100), row("c2", 5, 400, 10, 1000), row("c3", 2, 500, 365, 50),
        row("c4", 2, 800, 366, 300), row("c5", 3, 900, 730, 300), row("c6", 1, 1000, 731, 20),
        row("c7", 0, 0, 0, 0), row("c8", 1, 90, 90, 5) };
}

} // namespace

class TestCustomerStatus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultWindowsAndTiers();
    void customWindows();
    void badOptions();
};

void TestCustomerStatus::defaultWindowsAndTiers()
{
    JobContext job;
    auto r = CustomerStatus::compute(eight(), LifecycleOptions(), ValueTierOptions(), job);
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QStringList status;
    for (const auto& [id, s] : r->lifecycleOf)
        status.append(s);
    // c1 new (tenure 30), c2 active, c3 active (365 is within), c4 lapsed (366), c5 lapsed (730),
    // c6 lost (731), c7 prospect, c8 new (tenure 90 is within).
    QCOMPARE(status,
        QStringList({ QStringLiteral("new"), QStringLiteral("active"), QStringLiteral("active"),
            QStringLiteral("lapsed"), QStringLiteral("lapsed"), QStringLiteral("lost"),
            QStringLiteral("prospect"), QStringLiteral("new") }));
    QList<qint64> counts;
    for (const StatusCount& c : r->lifecycle)
        counts.append(c.customers);
    QCOMPARE(counts, QList<qint64>({ 1, 2, 2, 2, 1 }));
    QCOMPARE(r->lifecycle.at(3).revenue, 600.0);

    // 7 buyers: top 1 % -> k = 1 (threshold 1000); top 5 % -> k = 1 (1000, already taken);
    // top 20 % -> k = 2, threshold 300, and both 300s are in.
    QCOMPARE(r->tiers.size(), 4);
    QCOMPARE(r->tiers.at(0).name, QStringLiteral("Top 1 %"));
    QCOMPARE(r->tiers.at(0).customers, 1);
    QCOMPARE(r->tiers.at(1).customers, 0);
    QCOMPARE(r->tiers.at(2).name, QStringLiteral("Top 20 %"));
    QCOMPARE(r->tiers.at(2).customers, 2);
    QCOMPARE(r->tiers.at(2).revenue, 600.0);
    QCOMPARE(r->tiers.at(2).minRevenue, 300.0);
    QCOMPARE(r->tiers.at(3).name, QStringLiteral("Rest"));
    QCOMPARE(r->tiers.at(3).customers, 4);
    QCOMPARE(r->tierOf.at(1), QStringLiteral("Top 1 %"));
    QCOMPARE(r->tierOf.at(3), QStringLiteral("Top 20 %"));
    QCOMPARE(r->tierOf.at(4), QStringLiteral("Top 20 %"));
    QVERIFY(r->tierOf.at(6).isEmpty()); // prospects have no tier

    // Pareto: buyers by revenue 1000, 300, 300, 100, 50, 20, 5 (total 1775).
    QCOMPARE(r->pareto.size(), 100);
    QCOMPARE(r->pareto.at(0).second, 1000.0 / 1775.0); // ceil(0.01 x 7) = 1 buyer
    QCOMPARE(r->pareto.at(49).second, 1700.0 / 1775.0); // ceil(3.5) = 4 buyers
    QCOMPARE(r->pareto.at(99).second, 1.0);
}

void TestCustomerStatus::customWindows()
{
    LifecycleOptions windows;
    windows.newDays = 10;
    windows.activeDays = 100;
    windows.lapsedDays = 400;
    ValueTierOptions tiers;
    tiers.cutoffs = { 50 };
    JobContext job;
    auto r = CustomerStatus::compute(eight(), windows, tiers, job);
    QVERIFY(r.ok());
    QList<qint64> counts;
    for (const StatusCount& c : r->lifecycle)
        counts.append(c.customers);
    // new: none (tenure >= 30); active: c1 (30), c2 (10), c8 (90); lapsed: c3 (365), c4 (366);
    // lost: c5, c6.
    QCOMPARE(counts, QList<qint64>({ 1, 0, 3, 2, 2 }));
    // Top 50 %: k = ceil(3.5) = 4, threshold 100: 1000, 300, 300, 100.
    QCOMPARE(r->tiers.at(0).name, QStringLiteral("Top 50 %"));
    QCOMPARE(r->tiers.at(0).customers, 4);
    QCOMPARE(r->tiers.at(1).customers, 3);
}

void TestCustomerStatus::badOptions()
{
    JobContext job;
    LifecycleOptions windows;
    windows.lapsedDays = 100; // shorter than active
    QCOMPARE(CustomerStatus::compute(eight(), windows, ValueTierOptions(), job).error().code,
        ErrorCode::Usage);
    ValueTierOptions tiers;
    tiers.cutoffs = { 5, 5 };
    QCOMPARE(CustomerStatus::compute(eight(), LifecycleOptions(), tiers, job).error().code,
        ErrorCode::Usage);
    tiers.cutoffs = { 0 };
    QCOMPARE(CustomerStatus::compute(eight(), LifecycleOptions(), tiers, job).error().code,
        ErrorCode::Usage);
}

QTEST_GUILESS_MAIN(TestCustomerStatus)
#include "tst_customerstatus.moc"
