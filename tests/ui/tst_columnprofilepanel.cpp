#include "columnprofilepanel.h"
#include "distributionmodel.h"
#include "testworkspace.h"
#include "valueformat.h"

#include <QAbstractItemModelTester>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using seg::ui::ColumnProfilePanel;
using seg::ui::DistributionModel;

namespace {

constexpr int kCustomers = 400;

seg::ColumnProfile numberProfile()
{
    seg::ColumnProfile p;
    p.table = QStringLiteral("customers");
    p.column = seg::ColumnInfo { QStringLiteral("age"), QStringLiteral("Age"),
        QStringLiteral("integer"), QString(), 1 };
    p.kind = seg::ProfileKind::Number;
    p.rows = 10;
    p.missing = 1;
    p.histogram.width = 5;
    p.histogram.openUpper = true;
    p.histogram.bins = { { 20, 25, 3 }, { 25, 30, 4 }, { 30, 35, 2 } };
    return p;
}

seg::ColumnProfile categoryProfile()
{
    seg::ColumnProfile p;
    p.table = QStringLiteral("customers");
    p.column = seg::ColumnInfo { QStringLiteral("vip"), QStringLiteral("VIP"),
        QStringLiteral("yes/no"), QString(), 2 };
    p.kind = seg::ProfileKind::Category;
    p.rows = 12;
    p.missing = 2;
    p.distinct = 4;
    p.topValues = { { QVariant::fromValue(qint64(1)), 6 }, { QVariant::fromValue(qint64(0)), 2 } };
    p.otherCount = 2;
    p.otherDistinct = 2;
    return p;
}

seg::ColumnProfile monthProfile()
{
    seg::ColumnProfile p;
    p.table = QStringLiteral("transactions");
    p.column = seg::ColumnInfo { QStringLiteral("order_date"), QStringLiteral("Date"),
        QStringLiteral("date-time"), QStringLiteral("order_date"), 2 };
    p.kind = seg::ProfileKind::Date;
    p.rows = 5;
    p.histogram.unit = seg::BinUnit::Month;
    p.histogram.width = 1;
    const double jan = static_cast<double>(QDate(1970, 1, 1).daysTo(QDate(2024, 1, 1)));
    const double feb = static_cast<double>(QDate(1970, 1, 1).daysTo(QDate(2024, 2, 1)));
    const double mar = static_cast<double>(QDate(1970, 1, 1).daysTo(QDate(2024, 3, 1)));
    p.histogram.bins = { { jan, feb, 3 }, { feb, mar, 2 } };
    return p;
}

QAbstractBarSeries* chartSeries(const ColumnProfilePanel& panel)
{
    auto* view = panel.findChild<QChartView*>(QStringLiteral("profileChart"));
    if (!view || view->chart()->series().isEmpty())
        return nullptr;
    return qobject_cast<QAbstractBarSeries*>(view->chart()->series().constFirst());
}

} // namespace

class TestColumnProfilePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelLabels_data();
    void modelLabels();
    void modelUnderTester();
    void compactNumbers_data();
    void compactNumbers();
    void showsNumberColumn();
    void showsCategoryColumn();
    void showsDateColumn();
    void otherValuesStayOutOfTheChart();
    void newerRequestWins();
    void clearCancels();
    void unknownColumnShowsError();
    void deletedWhileBusy();
    void screenshot();

private:
    bool waitForProfile(ColumnProfilePanel& panel, const QString& table, const QString& column);
    QTemporaryDir m_dir;
    QString m_path;
};

void TestColumnProfilePanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const seg::test::DemoWorkspace demo
        = seg::test::createDemoWorkspace(m_dir.path(), kCustomers, 11);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_path = demo.path;
}

bool TestColumnProfilePanel::waitForProfile(
    ColumnProfilePanel& panel, const QString& table, const QString& column)
{
    QSignalSpy ready(&panel, &ColumnProfilePanel::profileReady);
    panel.showColumn(m_path, table, column);
    if (!panel.isBusy())
        return false;
    return ready.wait(20000) && !panel.isBusy();
}

void TestColumnProfilePanel::modelLabels_data()
{
    QTest::addColumn<seg::ColumnProfile>("profile");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QList<qint64>>("counts");
    QTest::addColumn<QStringList>("edges");
    QTest::newRow("integer bins, open upper end")
        << numberProfile()
        << QStringList { QStringLiteral("20 to 24"), QStringLiteral("25 to 29"),
               QStringLiteral("30 or more") }
        << QList<qint64> { 3, 4, 2 }
        << QStringList { QStringLiteral("20"), QStringLiteral("25"), QStringLiteral("30") };
    QTest::newRow("yes/no values and other")
        << categoryProfile()
        << QStringList { QStringLiteral("Yes"), QStringLiteral("No"),
               QStringLiteral("Other (2 values)") }
        << QList<qint64> { 6, 2, 2 }
        << QStringList { QStringLiteral("Yes"), QStringLiteral("No"),
               QStringLiteral("Other (2 values)") };
    QTest::newRow("months") << monthProfile()
                            << QStringList { QStringLiteral("January 2024"),
                                   QStringLiteral("February 2024") }
                            << QList<qint64> { 3, 2 }
                            << QStringList { QStringLiteral("Jan 2024"),
                                   QStringLiteral("Feb 2024") };
}

void TestColumnProfilePanel::modelLabels()
{
    QFETCH(seg::ColumnProfile, profile);
    QFETCH(QStringList, labels);
    QFETCH(QList<qint64>, counts);
    QFETCH(QStringList, edges);
    DistributionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProfile(profile);
    QCOMPARE(model.rowCount(), labels.size());
    for (int r = 0; r < model.rowCount(); ++r) {
        QCOMPARE(model.index(r, DistributionModel::LabelColumn).data().toString(), labels.at(r));
        QCOMPARE(model.index(r, DistributionModel::CountColumn).data().toLongLong(), counts.at(r));
        QCOMPARE(model.index(r, DistributionModel::LabelColumn)
                     .data(DistributionModel::EdgeLabelRole)
                     .toString(),
            edges.at(r));
        QVERIFY(!model.index(r, DistributionModel::LabelColumn)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
    }
    qint64 max = 0;
    for (qint64 c : counts)
        max = std::max(max, c);
    QCOMPARE(model.maxCount(), max);
}

void TestColumnProfilePanel::modelUnderTester()
{
    DistributionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setProfile(numberProfile());
    QCOMPARE(model.rowCount(), 3);
    // Share of the 9 rows with a value.
    QVERIFY(std::abs(model.index(1, DistributionModel::ShareColumn).data().toDouble() - 4.0 / 9)
        < 1e-12);
    model.setProfile(categoryProfile());
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.index(2, DistributionModel::LabelColumn)
                .data(DistributionModel::IsOtherRole)
                .toBool());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestColumnProfilePanel::compactNumbers_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0");
    QTest::newRow("small decimals keep their digits") << 0.0025 << QStringLiteral("0.0025");
    QTest::newRow("hundreds") << 950.0 << QStringLiteral("950");
    QTest::newRow("round thousands") << 50000.0 << QStringLiteral("50k");
    QTest::newRow("quarter thousands") << 2250.0 << QStringLiteral("2.25k");
    QTest::newRow("tens of thousands") << 12500.0 << QStringLiteral("12.5k");
    QTest::newRow("millions") << 1200000.0 << QStringLiteral("1.2M");
    QTest::newRow("negative") << -80.0 << QStringLiteral("-80");
    QTest::newRow("no scientific notation") << 3e9 << QStringLiteral("3B");
}

void TestColumnProfilePanel::compactNumbers()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(seg::ui::valueformat::compact(value), text);
}

void TestColumnProfilePanel::showsNumberColumn()
{
    ColumnProfilePanel panel;
    panel.resize(360, 700);
    panel.show();
    QVERIFY(waitForProfile(panel, QStringLiteral("customers"), QStringLiteral("income")));
    QVERIFY2(panel.errorMessage().isEmpty(), qPrintable(panel.errorMessage()));
    QVERIFY(panel.profile());
    const seg::ColumnProfile& p = *panel.profile();
    QCOMPARE(p.rows, qint64(kCustomers));
    QCOMPARE(p.kind, seg::ProfileKind::Number);
    QVERIFY(p.missing > 0); // the demo leaves about 3 % of incomes empty
    QVERIFY(panel.title().startsWith(QStringLiteral("Income: 400 customers, ")));
    QVERIFY(panel.title().endsWith(QStringLiteral(" % missing")));

    // The chart's one bar set mirrors the model's counts.
    QAbstractBarSeries* series = chartSeries(panel);
    QVERIFY(series);
    QVERIFY(!qobject_cast<QHorizontalBarSeries*>(series));
    QCOMPARE(series->barSets().size(), 1);
    const QBarSet* set = series->barSets().constFirst();
    DistributionModel* model = panel.distributionModel();
    QCOMPARE(set->count(), model->rowCount());
    qint64 sum = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        QCOMPARE(set->at(r), model->index(r, DistributionModel::CountColumn).data().toDouble());
        sum += model->index(r, DistributionModel::CountColumn).data().toLongLong();
    }
    QCOMPARE(sum, p.rows - p.missing - p.invalid);
    QVERIFY(model->rowCount() <= seg::kMaxHistogramBins);

    // The median tile explains itself.
    bool explained = false;
    const QList<QLabel*> labels = panel.findChildren<QLabel*>();
    for (const QLabel* label : labels) {
        if (label->text() == u"Median")
            explained = label->toolTip().contains(QStringLiteral("middle value"));
    }
    QVERIFY(explained);
}

void TestColumnProfilePanel::showsCategoryColumn()
{
    ColumnProfilePanel panel;
    panel.resize(360, 700);
    QVERIFY(waitForProfile(panel, QStringLiteral("customers"), QStringLiteral("country")));
    QCOMPARE(panel.profile()->kind, seg::ProfileKind::Category);
    QAbstractBarSeries* series = chartSeries(panel);
    QVERIFY(qobject_cast<QHorizontalBarSeries*>(series));
    DistributionModel* model = panel.distributionModel();
    QVERIFY(model->rowCount() >= 2);
    QVERIFY(model->rowCount() <= seg::kTopValues + 1);
    // One bar per frequent value; "Other" is in the model and the caption only.
    const QBarSet* set = series->barSets().constFirst();
    QCOMPARE(set->count(), panel.profile()->topValues.size());
    // Bars run bottom to top: the most frequent value is the last bar, drawn on top.
    QCOMPARE(set->at(set->count() - 1),
        model->index(0, DistributionModel::CountColumn).data().toDouble());
    QCOMPARE(set->at(0),
        model->index(set->count() - 1, DistributionModel::CountColumn).data().toDouble());
    // Most frequent first.
    QVERIFY(model->index(0, DistributionModel::CountColumn).data().toLongLong()
        >= model->index(1, DistributionModel::CountColumn).data().toLongLong());
}

void TestColumnProfilePanel::showsDateColumn()
{
    ColumnProfilePanel panel;
    panel.resize(360, 700);
    QVERIFY(waitForProfile(panel, QStringLiteral("transactions"), QStringLiteral("order_date")));
    const seg::ColumnProfile& p = *panel.profile();
    QCOMPARE(p.kind, seg::ProfileKind::Date);
    // Three years of orders: monthly bars.
    QCOMPARE(p.histogram.unit, seg::BinUnit::Month);
    QVERIFY(panel.title().startsWith(QStringLiteral("Order date: ")));
    QVERIFY(panel.title().contains(QStringLiteral(" transactions, none missing")));
    // Dates are shown as dates, not ISO text or day numbers.
    bool sawEarliest = false;
    const QList<QLabel*> labels = panel.findChildren<QLabel*>();
    for (int i = 0; i + 1 < labels.size(); ++i) {
        if (labels.at(i)->text() == u"Earliest") {
            sawEarliest = true;
            QVERIFY2(labels.at(i + 1)->text().contains(QStringLiteral(" 2022")),
                qPrintable(labels.at(i + 1)->text()));
        }
    }
    QVERIFY(sawEarliest);
}

void TestColumnProfilePanel::otherValuesStayOutOfTheChart()
{
    ColumnProfilePanel panel;
    panel.resize(360, 700);
    QVERIFY(waitForProfile(panel, QStringLiteral("customers"), QStringLiteral("city")));
    const seg::ColumnProfile& p = *panel.profile();
    QCOMPARE(p.topValues.size(), seg::kTopValues);
    QVERIFY(p.otherCount > 0);
    DistributionModel* model = panel.distributionModel();
    QCOMPARE(model->rowCount(), seg::kTopValues + 1);
    const QBarSet* set = chartSeries(panel)->barSets().constFirst();
    QCOMPARE(set->count(), seg::kTopValues);
    QCOMPARE(set->at(seg::kTopValues - 1), static_cast<double>(p.topValues.constFirst().count));
    auto* note = panel.findChild<QLabel*>(QStringLiteral("profileNote"));
    QVERIFY(note->text().contains(
        QStringLiteral("The other %1 values hold ").arg(QLocale().toString(p.otherDistinct))));
}

void TestColumnProfilePanel::newerRequestWins()
{
    ColumnProfilePanel panel;
    QSignalSpy ready(&panel, &ColumnProfilePanel::profileReady);
    panel.showColumn(m_path, QStringLiteral("transactions"), QStringLiteral("amount"));
    panel.showColumn(m_path, QStringLiteral("customers"), QStringLiteral("gender"));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
    QVERIFY(!panel.isBusy());
    QCOMPARE(panel.profile()->column.name, QStringLiteral("gender"));
    // A third request proves no late result of the first one arrives in between.
    panel.showColumn(m_path, QStringLiteral("customers"), QStringLiteral("device"));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 20000);
    QCOMPARE(panel.profile()->column.name, QStringLiteral("device"));
}

void TestColumnProfilePanel::clearCancels()
{
    ColumnProfilePanel panel;
    QSignalSpy ready(&panel, &ColumnProfilePanel::profileReady);
    panel.showColumn(m_path, QStringLiteral("transactions"), QStringLiteral("amount"));
    QVERIFY(panel.isBusy());
    panel.clear();
    QVERIFY(!panel.isBusy());
    QVERIFY(!panel.profile());
    QCOMPARE(panel.distributionModel()->rowCount(), 0);
    QCOMPARE(panel.title(), QStringLiteral("Column profile"));
    panel.showColumn(m_path, QStringLiteral("customers"), QStringLiteral("income"));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
    QCOMPARE(panel.profile()->column.name, QStringLiteral("income"));
}

void TestColumnProfilePanel::unknownColumnShowsError()
{
    ColumnProfilePanel panel;
    QVERIFY(waitForProfile(panel, QStringLiteral("customers"), QStringLiteral("no_such_column")));
    QVERIFY(!panel.errorMessage().isEmpty());
    QVERIFY(!panel.profile());
    auto* error = panel.findChild<QLabel*>(QStringLiteral("profileError"));
    QVERIFY(error);
    QVERIFY(error->text().contains(panel.errorMessage()));
}

void TestColumnProfilePanel::deletedWhileBusy()
{
    auto* panel = new ColumnProfilePanel;
    panel->showColumn(m_path, QStringLiteral("transactions"), QStringLiteral("order_id"));
    QVERIFY(panel->isBusy());
    delete panel; // cancels and waits; must neither hang nor crash
}

void TestColumnProfilePanel::screenshot()
{
    // SEGWB_SCREENSHOT_DIR=/some/dir saves the panel at a docked size for review.
    const QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    ColumnProfilePanel panel;
    panel.resize(360, 700);
    panel.show();
    const QList<std::pair<QString, QString>> columns {
        { QStringLiteral("customers"), QStringLiteral("income") },
        { QStringLiteral("customers"), QStringLiteral("country") },
        { QStringLiteral("customers"), QStringLiteral("birth_date") },
        { QStringLiteral("transactions"), QStringLiteral("amount") },
        { QStringLiteral("transactions"), QStringLiteral("order_date") },
        { QStringLiteral("customers"), QStringLiteral("email") },
    };
    for (const auto& [table, column] : columns) {
        QVERIFY(waitForProfile(panel, table, column));
        QVERIFY(panel.grab().save(
            QDir(dir).filePath(QStringLiteral("profile-%1-%2.png").arg(table, column))));
    }
}

QTEST_MAIN(TestColumnProfilePanel)
#include "tst_columnprofilepanel.moc"
