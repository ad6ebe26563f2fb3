#include "jobcontext.h"
#include "segmentbuilder.h"
#include "segmentlistmodel.h"
#include "segmentspage.h"
#include "segmentstore.h"
#include "testworkspace.h"
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

/// Everything stored of the segment named `name`: the row, its history and its members.
struct Stored {
    seg::SavedSegment segment;
    QList<seg::SegmentHistoryEntry> history;
    QStringList members;
};

Stored stored(const QString& path, const QString& name)
{
    Stored out;
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
    if (!ws)
        return out;
    auto snapshot = seg::SegmentStore::snapshot(*ws, name);
    if (!snapshot)
        return out;
    out.segment = snapshot->segment;
    out.history = snapshot->history;
    out.members = snapshot->memberIds;
    return out;
}

/// The history as text, to compare two of them in one go.
QString historyText(const QList<seg::SegmentHistoryEntry>& history)
{
    QStringList lines;
    for (const seg::SegmentHistoryEntry& e : history)
        lines.append(QStringLiteral("%1 %2 %3 %4 %5")
                         .arg(e.computedAt, e.analysisDate)
                         .arg(e.members)
                         .arg(e.customersTotal)
                         .arg(e.revenue));
    return lines.join(u'\n');
}

} // namespace

class TestSegmentList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void noWorkspace();
    void saveAddsToList();
    void duplicateRenameRefresh();
    void renameInPlaceKeepsHistory();
    void deleteAndUndo();
    void keysOnTheList();
    void overlapHeatmap();

private:
    void save(SegmentsPage& page, const QString& name, const QString& rule);
    /// Refreshes `name` and waits: a second row in its history.
    void refresh(SegmentsPage& page, const QString& name);

    QTemporaryDir m_dir;
    QString m_path;
};

void TestSegmentList::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const seg::test::DemoWorkspace demo
        = seg::test::createDemoWorkspace(m_dir.path(), kCustomers, 9, QStringLiteral("list.segws"));
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_path = demo.path;
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

void TestSegmentList::refresh(SegmentsPage& page, const QString& name)
{
    QSignalSpy changed(&page, &SegmentsPage::segmentsChanged);
    page.refreshSegment(name);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QVERIFY2(page.message().contains(u"Refreshed"), qPrintable(page.message()));
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
    refresh(page, QStringLiteral("To delete"));
    const Stored original = stored(m_path, QStringLiteral("To delete"));
    QCOMPARE(original.history.size(), 2);
    QVERIFY(!original.members.isEmpty());

    QSignalSpy changed(&page, &SegmentsPage::segmentsChanged);
    page.deleteSegment(QStringLiteral("To delete"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QCOMPARE(page.listModel()->rowOf(QStringLiteral("To delete")), -1);
    QVERIFY(!storedNames(m_path).contains(QStringLiteral("To delete")));
    auto* undo = page.findChild<QPushButton*>(QStringLiteral("undoSegmentChange"));
    QVERIFY(undo->isEnabled());
    QCOMPARE(undo->toolTip(), QStringLiteral("Undo: Delete “To delete”"));

    // Undo brings back the same segment: id, creation time, history and members.
    undo->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeout);
    QVERIFY2(page.message().contains(u"Brought back"), qPrintable(page.message()));
    const int row = page.listModel()->rowOf(QStringLiteral("To delete"));
    QVERIFY(row >= 0);
    const seg::SavedSegment& back = page.listModel()->segments().at(row);
    QCOMPARE(back.id, original.segment.id);
    QCOMPARE(back.definitionText, original.segment.definitionText);
    QCOMPARE(back.members, original.segment.members);
    QCOMPARE(back.color, original.segment.color);
    const Stored restored = stored(m_path, QStringLiteral("To delete"));
    QCOMPARE(restored.segment.id, original.segment.id);
    QCOMPARE(restored.segment.createdAt, original.segment.createdAt);
    QCOMPARE(restored.segment.computedAt, original.segment.computedAt);
    QCOMPARE(historyText(restored.history), historyText(original.history));
    QCOMPARE(restored.members, original.members);

    page.listUndoStack()->redo();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, kTimeout);
    QCOMPARE(page.listModel()->rowOf(QStringLiteral("To delete")), -1);
    // And once more: undo after redo brings back the same again.
    page.listUndoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 4, kTimeout);
    QCOMPARE(historyText(stored(m_path, QStringLiteral("To delete")).history),
        historyText(original.history));
}

void TestSegmentList::renameInPlaceKeepsHistory()
{
    SegmentsPage page;
    QSignalSpy ready(&page, &SegmentsPage::ready);
    page.setWorkspace(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeout);
    save(page, QStringLiteral("Loyal"), QStringLiteral("orders >= 4"));
    refresh(page, QStringLiteral("Loyal"));
    const Stored original = stored(m_path, QStringLiteral("Loyal"));
    QCOMPARE(original.history.size(), 2);

    QSignalSpy changed(&page, &SegmentsPage::segmentsChanged);
    page.renameSegment(QStringLiteral("loyal"), QStringLiteral("Loyal regulars"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QVERIFY2(page.message().contains(u"Renamed “Loyal” to “Loyal regulars”"),
        qPrintable(page.message()));
    QCOMPARE(page.listModel()->rowOf(QStringLiteral("Loyal")), -1);
    const Stored renamed = stored(m_path, QStringLiteral("Loyal regulars"));
    QCOMPARE(renamed.segment.id, original.segment.id);
    QCOMPARE(renamed.segment.createdAt, original.segment.createdAt);
    QCOMPARE(renamed.segment.computedAt, original.segment.computedAt);
    QCOMPARE(historyText(renamed.history), historyText(original.history));
    QCOMPARE(renamed.members, original.members);
    // The renamed segment is selected.
    auto* view = page.findChild<QTableView*>(QStringLiteral("segmentList"));
    QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(view->selectionModel()->selectedRows().first().data(SegmentListModel::NameRole),
        QVariant(QStringLiteral("Loyal regulars")));

    // A name another segment has is refused at once; nothing is pushed or run.
    save(page, QStringLiteral("Other"), QStringLiteral("orders >= 5"));
    const int steps = page.listUndoStack()->count();
    changed.clear();
    page.renameSegment(QStringLiteral("Loyal regulars"), QStringLiteral("OTHER"));
    QVERIFY(!page.isBusy());
    QCOMPARE(page.listUndoStack()->count(), steps);
    QVERIFY2(
        page.message().contains(u"already a segment named “Other”"), qPrintable(page.message()));

    // Undo renames it back, in place.
    QCOMPARE(
        page.listUndoStack()->undoText(), QStringLiteral("Rename “Loyal” to “Loyal regulars”"));
    page.listUndoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QVERIFY(page.listModel()->rowOf(QStringLiteral("Loyal")) >= 0);
    const Stored back = stored(m_path, QStringLiteral("Loyal"));
    QCOMPARE(back.segment.name, QStringLiteral("Loyal"));
    QCOMPARE(back.segment.id, original.segment.id);
    QCOMPARE(historyText(back.history), historyText(original.history));

    // A change of case only.
    page.renameSegment(QStringLiteral("Loyal"), QStringLiteral("LOYAL"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeout);
    QCOMPARE(stored(m_path, QStringLiteral("loyal")).segment.name, QStringLiteral("LOYAL"));
    QCOMPARE(stored(m_path, QStringLiteral("loyal")).segment.id, original.segment.id);
}

void TestSegmentList::keysOnTheList()
{
    SegmentsPage page;
    page.resize(1280, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy ready(&page, &SegmentsPage::ready);
    page.setWorkspace(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeout);
    save(page, QStringLiteral("Keyed"), QStringLiteral("orders >= 2 and revenue > 100"));
    auto* view = page.findChild<QTableView*>(QStringLiteral("segmentList"));
    const QModelIndex index
        = page.listModel()->index(page.listModel()->rowOf(QStringLiteral("Keyed")), 0);
    view->selectionModel()->select(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->setCurrentIndex(index);
    view->setFocus();
    QVERIFY(page.findChild<QPushButton*>(QStringLiteral("editSegment"))->isEnabled());

    // Enter edits the selected segment in the builder.
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(page.builder()->isEditing());
    QCOMPARE(page.builder()->editedSegment().name, QStringLiteral("Keyed"));
    QCOMPARE(page.builder()->ruleText(), QStringLiteral("orders >= 2 and revenue > 100"));
    page.builder()->reset();
    QVERIFY(!page.builder()->isEditing());
    // So does a double-click.
    const QRect rect = view->visualRect(index);
    // (The view takes a double-click on the row that the preceding press was on.)
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QTRY_VERIFY(page.builder()->isEditing());

    // Del deletes (undoably).
    view->setFocus();
    QSignalSpy changed(&page, &SegmentsPage::segmentsChanged);
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QCOMPARE(page.listModel()->rowOf(QStringLiteral("Keyed")), -1);
    // The builder no longer edits a segment that is gone, and says so.
    QVERIFY(!page.builder()->isEditing());
    QVERIFY2(page.message().contains(u"was deleted"), qPrintable(page.message()));
    page.listUndoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeout);
    QVERIFY(page.listModel()->rowOf(QStringLiteral("Keyed")) >= 0);
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
