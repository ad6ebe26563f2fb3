#include "customerdetaildialog.h"
#include "customertransactionsmodel.h"
#include "jobcontext.h"
#include "monthlyrevenuemodel.h"
#include "testworkspace.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLabel>
#include <QLocale>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using seg::ui::CustomerDetailDialog;
using seg::ui::CustomerTransactionsModel;
using seg::ui::MonthlyRevenueModel;

namespace {

// The id of a demo customer with at least `orders` transactions rows (first by id).
QString customerWithTransactions(const QString& path, int rows)
{
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
    if (!ws)
        return QString();
    auto result
        = ws->query(QStringLiteral("SELECT customer_id FROM transactions GROUP BY "
                                   "customer_id HAVING count(*) >= %1 AND sum(amount < 0) > 0 "
                                   "ORDER BY customer_id LIMIT 1")
                        .arg(rows));
    if (!result || result->rows.isEmpty())
        return QString();
    return result->rows.constFirst().constFirst().toString();
}

QString labelText(const QDialog& dialog, const QString& name)
{
    auto* label = dialog.findChild<QLabel*>(name);
    return label ? label->text() : QStringLiteral("<missing %1>").arg(name);
}

} // namespace

class TestCustomerDetailDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelsUnderTester();
    void showsCustomer();
    void customerWithoutPurchases();
    void workspaceWithoutTransactions();
    void unknownCustomer();
    void closingWhileLoadingCancels();
    void screenshot();

private:
    QTemporaryDir m_dir;
    QString m_path;
    QString m_customersOnly;
};

void TestCustomerDetailDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const seg::test::DemoWorkspace demo = seg::test::createDemoWorkspace(m_dir.path(), 300, 5);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_path = demo.path;
    // The same customers without any transactions.
    m_customersOnly = m_dir.filePath(QStringLiteral("customers.segws"));
    const QString error
        = seg::test::importCsv(m_customersOnly, demo.customersCsv(), seg::DataKind::Customers);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestCustomerDetailDialog::modelsUnderTester()
{
    MonthlyRevenueModel revenue;
    QAbstractItemModelTester revenueTester(
        &revenue, QAbstractItemModelTester::FailureReportingMode::QtTest);
    revenue.setMonths({ { QDate(2024, 1, 1), 100, 2 }, { QDate(2024, 2, 1), -20, 0 } });
    QCOMPARE(revenue.rowCount(), 2);
    QCOMPARE(revenue.index(0, MonthlyRevenueModel::MonthColumn).data().toString(),
        QStringLiteral("January 2024"));
    QCOMPARE(revenue.index(1, MonthlyRevenueModel::MonthColumn)
                 .data(MonthlyRevenueModel::ShortLabelRole)
                 .toString(),
        QStringLiteral("Feb 2024"));
    QCOMPARE(revenue.index(1, MonthlyRevenueModel::RevenueColumn).data().toDouble(), -20.0);
    QCOMPARE(revenue.minRevenue(), -20.0);
    QCOMPARE(revenue.maxRevenue(), 100.0);
    revenue.setMonths({});
    QCOMPARE(revenue.rowCount(), 0);

    CustomerTransactionsModel transactions;
    QAbstractItemModelTester transactionsTester(
        &transactions, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<seg::ColumnInfo> columns {
        { QStringLiteral("order_date"), QStringLiteral("order_date"), QStringLiteral("date-time"),
            QStringLiteral("order_date"), 0 },
        { QStringLiteral("amount"), QStringLiteral("amount"), QStringLiteral("decimal"),
            QStringLiteral("amount"), 1 },
        { QStringLiteral("gift_wrap"), QStringLiteral("gift_wrap"), QStringLiteral("yes/no"),
            QString(), 2 },
    };
    transactions.setTransactions(columns,
        { { QStringLiteral("2024-01-05 10:30:00"), 12.5, QVariant::fromValue(qint64(1)) },
            { QStringLiteral("2024-02-01 08:00:00"), -3.0, QVariant() } });
    QCOMPARE(transactions.rowCount(), 2);
    QCOMPARE(transactions.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Order date"));
    QCOMPARE(transactions.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Gift wrap"));
    QCOMPARE(transactions.index(0, 0).data().toString(), QStringLiteral("5 Jan 2024 10:30"));
    QCOMPARE(transactions.index(0, 1).data().toString(), QStringLiteral("12.50"));
    QCOMPARE(transactions.index(1, 1).data().toString(), QStringLiteral("-3.00"));
    QCOMPARE(transactions.index(0, 2).data().toString(), QStringLiteral("Yes"));
    QCOMPARE(transactions.index(1, 2).data().toString(), QString());
    QCOMPARE(transactions.index(0, 1).data(Qt::EditRole).toDouble(), 12.5);
}

void TestCustomerDetailDialog::showsCustomer()
{
    const QString id = customerWithTransactions(m_path, 4);
    QVERIFY(!id.isEmpty());
    CustomerDetailDialog dialog(m_path, id);
    QSignalSpy ready(&dialog, &CustomerDetailDialog::detailReady);
    QVERIFY(dialog.isLoading());
    QVERIFY(ready.wait(20000));
    QVERIFY(!dialog.isLoading());
    QVERIFY2(dialog.errorMessage().isEmpty(), qPrintable(dialog.errorMessage()));
    QVERIFY(dialog.detail());
    const seg::CustomerDetail& d = *dialog.detail();
    QVERIFY(d.inCustomersTable);
    QVERIFY(d.totals.transactionRows >= 4);
    QCOMPARE(dialog.transactionsModel()->rowCount(), d.totals.transactionRows);
    // The header names the customer; the window title says whose detail it is.
    QVERIFY(labelText(dialog, QStringLiteral("customerHeader")).contains(id));
    QVERIFY(dialog.windowTitle().contains(id));
    QCOMPARE(labelText(dialog, QStringLiteral("ordersValue")), QLocale().toString(d.totals.orders));
    QCOMPARE(labelText(dialog, QStringLiteral("revenueValue")),
        QLocale().toString(d.totals.revenue, 'f', 2));

    // Months add up to the revenue, and the chart shows one bar per month from the model.
    MonthlyRevenueModel* months = dialog.revenueModel();
    QCOMPARE(months->rowCount(), d.months.size());
    double sum = 0;
    for (int r = 0; r < months->rowCount(); ++r)
        sum += months->index(r, MonthlyRevenueModel::RevenueColumn).data().toDouble();
    QVERIFY(std::abs(sum - d.totals.revenue) < 1e-6);
    auto* view = dialog.findChild<QChartView*>(QStringLiteral("revenueChart"));
    QVERIFY(view);
    QCOMPARE(view->chart()->series().size(), 1);
    auto* series = qobject_cast<QBarSeries*>(view->chart()->series().constFirst());
    QVERIFY(series);
    QCOMPARE(series->barSets().constFirst()->count(), months->rowCount());
}

void TestCustomerDetailDialog::customerWithoutPurchases()
{
    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadOnly);
    QVERIFY(ws.ok());
    auto prospect = ws->query(
        QStringLiteral("SELECT customer_id FROM customers WHERE customer_id NOT IN "
                       "(SELECT customer_id FROM transactions) ORDER BY customer_id LIMIT 1"));
    QVERIFY(prospect.ok());
    QVERIFY(!prospect->rows.isEmpty());
    const QString id = prospect->rows.constFirst().constFirst().toString();
    CustomerDetailDialog dialog(m_path, id);
    QSignalSpy ready(&dialog, &CustomerDetailDialog::detailReady);
    QVERIFY(ready.wait(20000));
    QVERIFY(dialog.errorMessage().isEmpty());
    QCOMPARE(dialog.revenueModel()->rowCount(), 0);
    QCOMPARE(labelText(dialog, QStringLiteral("ordersValue")), QStringLiteral("0"));
    QCOMPARE(labelText(dialog, QStringLiteral("averageOrderValue")), QStringLiteral("–"));
}

void TestCustomerDetailDialog::workspaceWithoutTransactions()
{
    CustomerDetailDialog dialog(m_customersOnly, QStringLiteral("C000002"));
    QSignalSpy ready(&dialog, &CustomerDetailDialog::detailReady);
    QVERIFY(ready.wait(20000));
    QVERIFY2(dialog.errorMessage().isEmpty(), qPrintable(dialog.errorMessage()));
    QVERIFY(dialog.detail());
    QVERIFY(!dialog.detail()->hasTransactionsTable);
    QVERIFY(dialog.detail()->attributes.size() >= 5);
    QCOMPARE(dialog.transactionsModel()->rowCount(), 0);
    QVERIFY(!dialog.findChild<QLabel*>(QStringLiteral("ordersValue")));
}

void TestCustomerDetailDialog::unknownCustomer()
{
    CustomerDetailDialog dialog(m_path, QStringLiteral("nobody' OR 1=1 --"));
    QSignalSpy ready(&dialog, &CustomerDetailDialog::detailReady);
    QVERIFY(ready.wait(20000));
    QVERIFY(!dialog.errorMessage().isEmpty());
    QVERIFY(!dialog.detail());
    QVERIFY(labelText(dialog, QStringLiteral("customerError")).contains(dialog.errorMessage()));
}

void TestCustomerDetailDialog::closingWhileLoadingCancels()
{
    auto* dialog = new CustomerDetailDialog(m_path, QStringLiteral("C000001"));
    QSignalSpy ready(dialog, &CustomerDetailDialog::detailReady);
    dialog->show();
    QVERIFY(dialog->isLoading());
    dialog->reject();
    QCOMPARE(dialog->result(), int(QDialog::Rejected));
    QVERIFY(!dialog->isVisible());
    delete dialog; // waits for the cancelled read; no signal, no crash
    QCOMPARE(ready.count(), 0);
}

void TestCustomerDetailDialog::screenshot()
{
    // SEGWB_SCREENSHOT_DIR=/some/dir saves the dialog at its usual size for review.
    const QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    const QString id = customerWithTransactions(m_path, 12);
    QVERIFY(!id.isEmpty());
    CustomerDetailDialog dialog(m_path, id);
    dialog.resize(900, 650);
    dialog.show();
    QSignalSpy ready(&dialog, &CustomerDetailDialog::detailReady);
    QVERIFY(ready.wait(20000));
    QVERIFY(dialog.grab().save(QDir(dir).filePath(QStringLiteral("customer-detail.png"))));
}

QTEST_MAIN(TestCustomerDetailDialog)
#include "tst_customerdetaildialog.moc"
