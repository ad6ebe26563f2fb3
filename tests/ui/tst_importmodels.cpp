#include "columntype.h"
#include "importcolumnsmodel.h"
#include "importpreviewmodel.h"
#include "rejectedrowsmodel.h"
#include "role.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using seg::ui::ImportColumnsModel;
using seg::ui::ImportPreviewModel;
using seg::ui::RejectedRowsModel;

namespace {

seg::ColumnPlan column(int index, const QString& source, seg::ColumnType type, seg::Role role)
{
    seg::ColumnPlan c;
    c.sourceIndex = index;
    c.source = source;
    c.name = seg::cleanColumnName(source, index);
    c.type = type;
    c.detectedType = type;
    c.role = role;
    c.detectedRole = role;
    c.samples = { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") };
    return c;
}

QList<seg::ColumnPlan> customerColumns()
{
    QList<seg::ColumnPlan> cols { column(0, QStringLiteral("Customer ID"), seg::ColumnType::Text,
                                      seg::Role::CustomerId),
        column(1, QStringLiteral("Income"), seg::ColumnType::Integer, seg::Role::None),
        column(2, QStringLiteral("Joined"), seg::ColumnType::Date, seg::Role::None) };
    cols[1].failShare = 0.125;
    cols[2].warnings = { QStringLiteral("ambiguous") };
    return cols;
}

} // namespace

class TestImportModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void previewShape_data();
    void previewShape();
    void previewUnderTester();
    void columnsShowPlan();
    void columnsEditsBecomeChoices_data();
    void columnsEditsBecomeChoices();
    void columnsSamePlanKeepsRows();
    void rejectedRows();
};

void TestImportModels::previewShape_data()
{
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QList<QStringList>>("records");
    QTest::addColumn<int>("columns");
    QTest::addColumn<QList<int>>("ragged");

    const QStringList abc { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") };
    QTest::newRow("regular") << abc
                             << QList<QStringList> { { QStringLiteral("1"), QStringLiteral("2"),
                                    QStringLiteral("3") } }
                             << 3 << QList<int> {};
    QTest::newRow("short and long rows")
        << abc
        << QList<QStringList> { { QStringLiteral("1") },
               { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                   QStringLiteral("4") },
               { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3") } }
        << 4 << QList<int> { 0, 1 };
    QTest::newRow("empty") << QStringList {} << QList<QStringList> {} << 0 << QList<int> {};
}

void TestImportModels::previewShape()
{
    QFETCH(QStringList, header);
    QFETCH(QList<QStringList>, records);
    QFETCH(int, columns);
    QFETCH(QList<int>, ragged);
    ImportPreviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPreview(header, records, static_cast<int>(header.size()));
    QCOMPARE(model.rowCount(), records.size());
    QCOMPARE(model.columnCount(), columns);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.isRagged(r), ragged.contains(r));
    if (columns > static_cast<int>(header.size()))
        QCOMPARE(
            model.headerData(columns - 1, Qt::Horizontal).toString(), QStringLiteral("(extra)"));
    for (int r : ragged)
        QVERIFY(model.data(model.index(r, 0), Qt::BackgroundRole).isValid());
}

void TestImportModels::previewUnderTester()
{
    ImportPreviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPreview({ QStringLiteral("note") }, { { QStringLiteral("two\nlines") } }, 1);
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("two ↵ lines"));
    QCOMPARE(
        model.data(model.index(0, 0), Qt::ToolTipRole).toString(), QStringLiteral("two\nlines"));
    QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestImportModels::columnsShowPlan()
{
    ImportColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(customerColumns(), seg::DataKind::Customers);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(ImportColumnsModel::ColumnCount));
    QCOMPARE(model.data(model.index(0, ImportColumnsModel::Source)).toString(),
        QStringLiteral("Customer ID"));
    QCOMPARE(model.data(model.index(0, ImportColumnsModel::Role), Qt::EditRole).toString(),
        QStringLiteral("customer_id"));
    QCOMPARE(model.data(model.index(1, ImportColumnsModel::Role), Qt::EditRole).toString(),
        QStringLiteral("none"));
    QCOMPARE(
        model.data(model.index(1, ImportColumnsModel::Fails)).toString(), QStringLiteral("13 %"));
    QCOMPARE(
        model.data(model.index(0, ImportColumnsModel::Fails)).toString(), QStringLiteral("none"));
    QCOMPARE(model.data(model.index(2, ImportColumnsModel::Warnings)).toString(),
        QStringLiteral("ambiguous"));
    QCOMPARE(model.data(model.index(0, ImportColumnsModel::Samples)).toString(),
        QStringLiteral("a  ·  b  ·  c"));
    QCOMPARE(model.data(model.index(0, ImportColumnsModel::Skip), Qt::CheckStateRole).toInt(),
        int(Qt::Unchecked));
    // Names of columns with a role are fixed; types and roles offer their lists.
    QVERIFY(!(model.flags(model.index(0, ImportColumnsModel::Name)) & Qt::ItemIsEditable));
    QVERIFY(model.flags(model.index(1, ImportColumnsModel::Name)) & Qt::ItemIsEditable);
    QCOMPARE(
        model.data(model.index(1, ImportColumnsModel::Type), ImportColumnsModel::OptionValuesRole)
            .toStringList()
            .size(),
        7);
    const QStringList roles
        = model.data(model.index(1, ImportColumnsModel::Role), ImportColumnsModel::OptionValuesRole)
              .toStringList();
    QCOMPARE(roles.constFirst(), QStringLiteral("none"));
    QCOMPARE(roles.size(), seg::rolesForKind(seg::DataKind::Customers).size() + 1);
}

void TestImportModels::columnsEditsBecomeChoices_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("field");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("role");

    QTest::newRow("skip") << 2 << int(ImportColumnsModel::Skip) << QVariant(int(Qt::Checked))
                          << int(Qt::CheckStateRole);
    QTest::newRow("name") << 1 << int(ImportColumnsModel::Name)
                          << QVariant(QStringLiteral("yearly income")) << int(Qt::EditRole);
    QTest::newRow("type") << 1 << int(ImportColumnsModel::Type)
                          << QVariant(QStringLiteral("decimal")) << int(Qt::EditRole);
    QTest::newRow("role") << 0 << int(ImportColumnsModel::Role) << QVariant(QStringLiteral("none"))
                          << int(Qt::EditRole);
}

void TestImportModels::columnsEditsBecomeChoices()
{
    QFETCH(int, row);
    QFETCH(int, field);
    QFETCH(QVariant, value);
    QFETCH(int, role);
    ImportColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(customerColumns(), seg::DataKind::Customers);
    QSignalSpy changed(&model, &ImportColumnsModel::choicesChanged);
    QVERIFY(model.setData(model.index(row, field), value, role));
    QCOMPARE(changed.size(), 1);
    const QString source = model.columns().at(row).source;
    QVERIFY(model.choices().contains(source));
    const seg::ColumnChoice choice = model.choices().value(source);
    switch (field) {
    case ImportColumnsModel::Skip:
        QVERIFY(choice.skip);
        QVERIFY(model.columns().at(row).skip);
        break;
    case ImportColumnsModel::Name:
        QCOMPARE(choice.name.value_or(QString()), QStringLiteral("yearly income"));
        break;
    case ImportColumnsModel::Type:
        QCOMPARE(choice.type, std::optional(seg::ColumnType::Decimal));
        QCOMPARE(model.data(model.index(row, field)).toString(),
            seg::columnTypeDisplayName(seg::ColumnType::Decimal));
        break;
    case ImportColumnsModel::Role:
        QCOMPARE(choice.role, std::optional(seg::Role::None));
        break;
    default:
        QFAIL("unexpected field");
    }
    // The same value again changes nothing.
    model.setData(model.index(row, field), value, role);
    QCOMPARE(changed.size(), 1);
    // Not editable: the examples.
    QVERIFY(!model.setData(model.index(row, ImportColumnsModel::Samples), QStringLiteral("x")));
}

void TestImportModels::columnsSamePlanKeepsRows()
{
    ImportColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPlan(customerColumns(), seg::DataKind::Customers);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<seg::ColumnPlan> again = customerColumns();
    again[1].type = seg::ColumnType::Decimal;
    model.setPlan(again, seg::DataKind::Customers);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.data(model.index(1, ImportColumnsModel::Type), Qt::EditRole).toString(),
        QStringLiteral("decimal"));
    // Another kind offers other roles: a reset.
    model.setPlan(again, seg::DataKind::Transactions);
    QCOMPARE(reset.size(), 1);
    again.removeLast();
    model.setPlan(again, seg::DataKind::Transactions);
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 2);
}

void TestImportModels::rejectedRows()
{
    RejectedRowsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<seg::RejectedRow> rows {
        { 1, 4, QStringLiteral("C2,Ben again,FR,1"), QStringLiteral("duplicate"),
            QStringLiteral("id") },
        { 1, 7, QStringLiteral("a\nb"), QStringLiteral("too few fields"), QString() },
    };
    model.setRows(rows, 5);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.totalRows(), 5);
    QCOMPARE(model.data(model.index(0, RejectedRowsModel::Line)).toLongLong(), 4);
    QCOMPARE(model.data(model.index(0, RejectedRowsModel::Reason)).toString(),
        QStringLiteral("duplicate"));
    QCOMPARE(
        model.data(model.index(1, RejectedRowsModel::Raw)).toString(), QStringLiteral("a ↵ b"));
    QCOMPARE(model.data(model.index(1, RejectedRowsModel::Raw), Qt::ToolTipRole).toString(),
        QStringLiteral("a\nb"));
    model.setRows({}, 0);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestImportModels)

#include "tst_importmodels.moc"
