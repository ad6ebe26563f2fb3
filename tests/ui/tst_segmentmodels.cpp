#include "ruletreemodel.h"
#include "segmentlistmodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using seg::ui::RuleTreeModel;
using seg::ui::SegmentListModel;

class TestSegmentModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void ruleTree_data();
    void ruleTree();
    void ruleTreePaths();
    void segmentList();
};

void TestSegmentModels::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestSegmentModels::ruleTree_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("topLevel");
    QTest::addColumn<QString>("firstChild");
    QTest::newRow("empty") << QString() << 0 << QString();
    QTest::newRow("one condition")
        << QStringLiteral("orders >= 3") << 1 << QStringLiteral("Orders ≥ 3");
    QTest::newRow("nested") << QStringLiteral("country is one of (\"Germany\", \"France\") and "
                                              "(orders >= 3 or revenue > 500) and last_purchase "
                                              "within 90 days")
                            << 3 << QStringLiteral("Country is one of (\"Germany\", \"France\")");
    QTest::newRow("negated") << QStringLiteral("not country is \"Germany\" or not (orders < 2 and "
                                               "revenue > 10)")
                             << 2 << QStringLiteral("not Country is \"Germany\"");
}

void TestSegmentModels::ruleTree()
{
    QFETCH(QString, text);
    QFETCH(int, topLevel);
    QFETCH(QString, firstChild);
    auto rule = seg::SegmentRule::parse(text);
    QVERIFY2(rule.ok(), rule.ok() ? "" : qPrintable(rule.error().message));
    RuleTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFieldLabels({ { QStringLiteral("country"), QStringLiteral("Country") },
        { QStringLiteral("orders"), QStringLiteral("Orders") } });
    model.setRule(rule->normalized());
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex root = model.index(0, 0);
    QVERIFY(model.data(root, RuleTreeModel::IsGroupRole).toBool());
    QCOMPARE(model.rowCount(root), topLevel);
    if (topLevel > 0)
        QCOMPARE(model.index(0, 0, root).data().toString(), firstChild);
    // A second rule replaces the first under the tester.
    model.setRule(seg::SegmentRule());
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

void TestSegmentModels::ruleTreePaths()
{
    auto rule = seg::SegmentRule::parse(
        QStringLiteral("country is \"Germany\" and (orders >= 3 or revenue > 500)"));
    QVERIFY(rule.ok());
    RuleTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRule(rule->normalized());
    const QList<int> path { 1, 1 };
    const QModelIndex index = model.indexOf(path);
    QVERIFY(index.isValid());
    QCOMPARE(RuleTreeModel::pathOf(index), path);
    QCOMPARE(index.data(RuleTreeModel::FieldRole).toString(), QStringLiteral("revenue"));
    QCOMPARE(model.indexOf({ 1 }).data().toString(), QStringLiteral("Any of these (or)"));
    QVERIFY(!model.indexOf({ 5 }).isValid());
    QVERIFY(RuleTreeModel::pathOf(model.index(0, 0)).isEmpty());
    const seg::RuleNode* node = RuleTreeModel::nodeAt(model.rule().root(), path);
    QVERIFY(node);
    QCOMPARE(node->field, QStringLiteral("revenue"));
    QCOMPARE(model.parent(index), model.indexOf({ 1 }));
}

void TestSegmentModels::segmentList()
{
    SegmentListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    seg::SavedSegment a;
    a.name = QStringLiteral("Germans");
    a.color = QStringLiteral("#2f6fb3");
    a.members = 1234;
    a.revenue = 500;
    a.computedAt = QStringLiteral("2025-01-02T10:00:00Z");
    a.id = 1;
    seg::SavedSegment b = a;
    b.id = 2;
    b.name = QStringLiteral("Big spenders");
    b.members = 10;
    b.revenue = 750;
    model.setSegments({ a, b }, 12340, 1000);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(SegmentListModel::ColumnCount));
    QCOMPARE(
        model.index(0, SegmentListModel::MembersColumn).data().toString(), QStringLiteral("1,234"));
    QCOMPARE(model.index(0, SegmentListModel::CustomerShareColumn).data().toString(),
        QStringLiteral("10.0 %"));
    QCOMPARE(model.index(1, SegmentListModel::RevenueShareColumn).data().toString(),
        QStringLiteral("75.0 %"));
    QCOMPARE(model.index(0, SegmentListModel::NameColumn).data(Qt::DecorationRole).value<QColor>(),
        QColor(QStringLiteral("#2f6fb3")));
    QVERIFY(model.index(0, SegmentListModel::ComputedColumn).data().toString().contains(u"2025"));
    QCOMPARE(model.rowOf(QStringLiteral("big SPENDERS")), 1);
    QCOMPARE(model.rowOf(QStringLiteral("nobody")), -1);
    // The segment being edited is in bold and says so.
    model.setSegments({ a, b }, 12340, 1000);
    const QModelIndex second = model.index(1, SegmentListModel::NameColumn);
    QVERIFY(!second.data(Qt::FontRole).isValid());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setEditedId(0); // already none: nothing changes
    QCOMPARE(changed.count(), 0);
    model.setEditedId(b.id);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), second);
    QVERIFY(second.data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(second.data(Qt::ToolTipRole).toString().startsWith(u"Being edited"));
    QVERIFY(!model.index(0, SegmentListModel::NameColumn).data(Qt::FontRole).isValid());
    model.setEditedId(0);
    QCOMPARE(changed.count(), 2);
    QVERIFY(!second.data(Qt::FontRole).isValid());
    model.setSegments({}, 0, 0);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestSegmentModels)
#include "tst_segmentmodels.moc"
