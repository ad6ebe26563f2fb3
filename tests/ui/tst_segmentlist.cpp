#include "demogenerator.h"
#include "importer.h"
#include "jobcontext.h"
#include "segmentbuilder.h"
#include "segmentlistmodel.h"
#include "segmentspage.h"
#include "segmentstore.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using seg::ui::SegmentBuilder;
using seg::ui::SegmentListModel;
using seg::ui::SegmentsPage;

namespace {

constexpr int kCustomers = 300;
constexpr int kTimeout = 60000;

QString importCsv(const QString& workspace, const QString& csv, seg::DataKind kind)
{
    seg::ImportOptions options;
    options.kind = kind;
    seg::JobContext job;
    auto plan = seg::Importer::plan(csv, options, job);
    if (!plan)
        return plan.error().message;
    auto ws = seg::Workspace::open(workspace, seg::Workspace::OpenMode::CreateOrOpen);
    if (!ws)
        return ws.error().message;
    auto report = seg::Importer::run(*ws, *plan, options, job);
    return report ? QString() : report.error().message;
}

QStringList storedNames(const QString& path)
{
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
    if (!ws)
        return { QStringLiteral("<no workspace>") };
    auto list = seg::SegmentStore::list(*ws);
    QStringList names;
    if (list) {
        for (const seg::SavedSegment& s : std::as_const(*list))
            names.append(s.name);
    }
    names.sort();
    return names;
}

} // namespace

class TestSegmentList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void noWorkspace();
    void saveAddsToList();
    void duplicateRenameRefresh();
    void deleteAndUndo();
    void overlapHeatmap();

private:
    void save(SegmentsPage& page, const QString& name, const QString& rule);

    QTemporaryDir m_dir;
    QString m_path;
};

void TestSegmentList::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    seg::DemoOptions demo;
    demo.customers = kCustomers;
    demo.seed = 9;
    seg::JobContext job;
    auto written = seg::DemoGenerator(demo).writeCsv(m_dir.filePath(QStringLiteral("demo")), job);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    m_path = m_dir.filePath(QStringLiteral("list.segws"));
    const QDir data(m_dir.filePath(QStringLiteral("demo")));
    QString error = importCsv(
        m_path, data.filePath(QStringLiteral("customers.csv")), seg::DataKind::Customers);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = importCsv(
        m_path, data.filePath(QStringLiteral("transactions.csv")), seg::DataKind::Transactions);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestSegmentList::save(SegmentsPage& page, const QString& name, const QString& rule)
{
    SegmentBuilder* builder = page.builder();
    QVERIFY2(builder->setRuleText(rule), qPrintable(builder->textError()));
    builder->setSegmentName(name);
    QSignalSpy changed(&page, &SegmentsPage::segmentsChanged);
    builder->findChild<QPushButton*>(QStringLiteral("saveSegment"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QVERIFY(page.listModel()->rowOf(name) >= 0);
}

void TestSegmentList::noWorkspace()
{
    SegmentsPage page;
    QVERIFY(!page.isBusy());
    QVERIFY(!page.builder()->isEnabled());
    QCOMPARE(page.listModel()->rowCount(), 0);
}

void TestSegmentList::saveAddsToList()
{
    SegmentsPage page;
    QAbstractItemModelTester tester(
        page.listModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.show();
    QSignalSpy ready(&page, &SegmentsPage::ready);
    page.setWorkspace(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeout);
    QVERIFY2(page.message().isEmpty(), qPrintable(page.message()));
    const int before = page.listModel()->rowCount();

    SegmentBuilder* builder = page.builder();
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 2")));
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy() && builder->preview(), kTimeout);
    const qint64 previewCount = builder->preview()->customers;
    save(page, QStringLiteral("Repeat buyers"), QStringLiteral("orders >= 2"));
    QCOMPARE(page.listModel()->rowCount(), before + 1);
    const int row = page.listModel()->rowOf(QStringLiteral("Repeat buyers"));
    const seg::SavedSegment& s = page.listModel()->segments().at(row);
    QCOMPARE(s.members, previewCount);
    QCOMPARE(s.definitionText, QStringLiteral("orders >= 2"));
    QVERIFY(page.listModel()
                ->index(row, SegmentListModel::CustomerShareColumn)
                .data()
                .toString()
                .endsWith(u" %"));
    QVERIFY(page.message().contains(u"Repeat buyers"));

    // A name that is taken is refused before anything runs.
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 3")));
    builder->setSegmentName(QStringLiteral("repeat BUYERS"));
    builder->findChild<QPushButton*>(QStringLiteral("saveSegment"))->click();
    QVERIFY(!page.isBusy());
    QVERIFY(builder->findChild<QLabel*>(QStringLiteral("saveMessage"))->isVisible());
    // So is an empty name.
    builder->setSegmentName(QString());
    builder->findChild<QPushButton*>(QStringLiteral("saveSegment"))->click();
    QVERIFY(!page.isBusy());
}

void TestSegmentList::duplicateRenameRefresh()
{
    SegmentsPage page;
    QSignalSpy ready(&page, &SegmentsPage::ready);
    page.setWorkspace(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeout);
    save(page, QStringLiteral("Big baskets"), QStringLiteral("average_order_value > 80"));

    QSignalSpy changed(&page, &SegmentsPage::segmentsChanged);
    page.duplicateSegment(QStringLiteral("Big baskets"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QVERIFY(page.listModel()->rowOf(QStringLiteral("Big baskets (copy)")) >= 0);

    page.renameSegment(QStringLiteral("Big baskets (copy)"), QStringLiteral("Premium baskets"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeout);
    QVERIFY(page.listModel()->rowOf(QStringLiteral("Big baskets (copy)")) < 0);
    const int row = page.listModel()->rowOf(QStringLiteral("Premium baskets"));
    QVERIFY(row >= 0);
    QCOMPARE(page.listModel()->segments().at(row).definitionText,
        QStringLiteral("average_order_value > 80"));

    page.refreshSegment(QStringLiteral("Premium baskets"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, kTimeout);
    QVERIFY2(page.message().contains(u"Refreshed"), qPrintable(page.message()));
    QVERIFY(storedNames(m_path).contains(QStringLiteral("Premium baskets")));
}

void TestSegmentList::deleteAndUndo()
{
    SegmentsPage page;
    QSignalSpy ready(&page, &SegmentsPage::ready);
    page.setWorkspace(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeout);
    save(page, QStringLiteral("To delete"), QStringLiteral("country is \"Germany\""));
    const seg::SavedSegment original
        = page.listModel()->segments().at(page.listModel()->rowOf(QStringLiteral("To delete")));

    QSignalSpy changed(&page, &SegmentsPage::segmentsChanged);
    page.deleteSegment(QStringLiteral("To delete"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QCOMPARE(page.listModel()->rowOf(QStringLiteral("To delete")), -1);
    QVERIFY(!storedNames(m_path).contains(QStringLiteral("To delete")));
    auto* undo = page.findChild<QPushButton*>(QStringLiteral("undoDelete"));
    QVERIFY(undo->isEnabled());

    undo->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeout);
    const int row = page.listModel()->rowOf(QStringLiteral("To delete"));
    QVERIFY(row >= 0);
    const seg::SavedSegment& back = page.listModel()->segments().at(row);
    QCOMPARE(back.definitionText, original.definitionText);
    QCOMPARE(back.members, original.members);
    QCOMPARE(back.color, original.color);
    QVERIFY(storedNames(m_path).contains(QStringLiteral("To delete")));

    page.listUndoStack()->redo();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, kTimeout);
    QCOMPARE(page.listModel()->rowOf(QStringLiteral("To delete")), -1);
}

void TestSegmentList::overlapHeatmap()
{
    SegmentsPage page;
    page.show();
    QSignalSpy ready(&page, &SegmentsPage::ready);
    page.setWorkspace(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeout);
    save(page, QStringLiteral("Two plus"), QStringLiteral("orders >= 2"));
    save(page, QStringLiteral("Three plus"), QStringLiteral("orders >= 3"));

    QSignalSpy overlap(&page, &SegmentsPage::overlapReady);
    auto* view = page.findChild<QTableView*>(QStringLiteral("segmentList"));
    view->clearSelection();
    for (const QString& name : { QStringLiteral("Two plus"), QStringLiteral("Three plus") }) {
        view->selectionModel()->select(page.listModel()->index(page.listModel()->rowOf(name), 0),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    QTRY_VERIFY_WITH_TIMEOUT(overlap.count() >= 1, kTimeout);
    QVERIFY(page.overlap().has_value());
    const seg::SegmentOverlap& o = *page.overlap();
    QCOMPARE(o.names.size(), 2);
    const int two = int(o.names.indexOf(QStringLiteral("Two plus")));
    const int three = 1 - two;
    // Everyone with three orders has two: the overlap is the smaller segment.
    QCOMPARE(o.counts.at(two).at(three), o.sizes.at(three));
    auto* table = page.findChild<QTableWidget*>(QStringLiteral("overlapTable"));
    QVERIFY(table->isVisible());
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(three, two)->background().color(),
        table->item(three, three)->background().color()); // 100 % of the row's segment
}

QTEST_MAIN(TestSegmentList)
#include "tst_segmentlist.moc"
