#include "role.h"

#include <QTest>

using namespace seg;

class TestRole : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fromHeader_data();
    void fromHeader();
    void cleanNames_data();
    void cleanNames();
    void namesRoundTrip();
};

void TestRole::fromHeader_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("role");
    const int tx = int(DataKind::Transactions), cu = int(DataKind::Customers),
              re = int(DataKind::Responses);
    QTest::newRow("CustomerID") << QStringLiteral("CustomerID") << tx << int(Role::CustomerId);
    QTest::newRow("Customer ID") << QStringLiteral("Customer ID") << tx << int(Role::CustomerId);
    QTest::newRow("customer_id") << QStringLiteral("customer_id") << tx << int(Role::CustomerId);
    QTest::newRow("client") << QStringLiteral("client") << tx << int(Role::CustomerId);
    QTest::newRow("InvoiceNo") << QStringLiteral("InvoiceNo") << tx << int(Role::OrderId);
    QTest::newRow("Invoice") << QStringLiteral("Invoice") << tx << int(Role::OrderId);
    QTest::newRow("InvoiceDate") << QStringLiteral("InvoiceDate") << tx << int(Role::OrderDate);
    QTest::newRow("date (cdnow)") << QStringLiteral("date") << tx << int(Role::OrderDate);
    QTest::newRow("dollar_value") << QStringLiteral("dollar_value") << tx << int(Role::Amount);
    QTest::newRow("UnitPrice") << QStringLiteral("UnitPrice") << tx << int(Role::UnitPrice);
    QTest::newRow("Price") << QStringLiteral("Price") << tx << int(Role::UnitPrice);
    QTest::newRow("Quantity") << QStringLiteral("Quantity") << tx << int(Role::Quantity);
    QTest::newRow("StockCode") << QStringLiteral("StockCode") << tx << int(Role::Product);
    QTest::newRow("Description is no role")
        << QStringLiteral("Description") << tx << int(Role::None);
    QTest::newRow("ID in customers") << QStringLiteral("ID") << cu << int(Role::CustomerId);
    QTest::newRow("ID in transactions") << QStringLiteral("ID") << tx << int(Role::None);
    QTest::newRow("amount not in customers") << QStringLiteral("amount") << cu << int(Role::None);
    QTest::newRow("channel of a customer is an attribute")
        << QStringLiteral("channel") << cu << int(Role::None);
    QTest::newRow("campaign") << QStringLiteral("Campaign Name") << re << int(Role::Campaign);
    QTest::newRow("y responded") << QStringLiteral("y") << re << int(Role::Responded);
    QTest::newRow("control group") << QStringLiteral("Control Group") << re << int(Role::Control);
    QTest::newRow("response date") << QStringLiteral("date") << re << int(Role::ResponseDate);
}

void TestRole::fromHeader()
{
    QFETCH(QString, header);
    QFETCH(int, kind);
    QFETCH(int, role);
    QCOMPARE(int(roleFromHeader(header, DataKind(kind))), role);
}

void TestRole::cleanNames_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("name");
    QTest::newRow("spaces and symbols")
        << QStringLiteral("Annual Income (k$)") << QStringLiteral("annual_income_k");
    QTest::newRow("camel") << QStringLiteral("Dt_Customer") << QStringLiteral("dt_customer");
    QTest::newRow("accents") << QStringLiteral("Région d'achat")
                             << QStringLiteral("region_d_achat");
    QTest::newRow("leading digit") << QStringLiteral("2nd phone") << QStringLiteral("c_2nd_phone");
    QTest::newRow("empty") << QString() << QStringLiteral("column_4");
    QTest::newRow("only symbols") << QStringLiteral("%%%") << QStringLiteral("column_4");
    QTest::newRow("sql keyword stays") << QStringLiteral("default") << QStringLiteral("default");
}

void TestRole::cleanNames()
{
    QFETCH(QString, header);
    QFETCH(QString, name);
    QCOMPARE(cleanColumnName(header, 3), name);
}

void TestRole::namesRoundTrip()
{
    for (DataKind k : { DataKind::Customers, DataKind::Transactions, DataKind::Responses }) {
        QCOMPARE(dataKindFromName(dataKindName(k)), std::optional<DataKind>(k));
        for (Role r : rolesForKind(k))
            QCOMPARE(roleFromName(roleColumnName(r)), std::optional<Role>(r));
    }
    QCOMPARE(roleFromName(QStringLiteral("customer-id")), std::optional<Role>(Role::CustomerId));
    QCOMPARE(roleFromName(QStringLiteral("none")), std::optional<Role>(Role::None));
    QVERIFY(!roleFromName(QStringLiteral("favourite colour")));
}

QTEST_GUILESS_MAIN(TestRole)
#include "tst_role.moc"
