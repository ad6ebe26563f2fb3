#include "conditioneditor.h"
#include "jobcontext.h"
#include "rfmscoring.h"
#include "rulesqlcompiler.h"
#include "ruletreemodel.h"
#include "segmentbuilder.h"
#include "segmentlistmodel.h"
#include "segmentspage.h"
#include "segmentstore.h"
#include "testworkspace.h"
#include "workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>

#include <memory>

using seg::ui::ConditionEditor;
using seg::ui::RuleTreeModel;
using seg::ui::SegmentBuilder;
using seg::ui::SegmentsPage;

namespace {

constexpr int kCustomers = 400;
constexpr int kTimeout = 60000;
const char* const kRealisticRule = "country is one of (\"Germany\", \"France\") and (orders >= 3 "
                                   "or revenue > 500) and last_purchase within 90 days";

} // namespace

class TestSegmentBuilder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void startsWithEveryCustomer();
    void editingUpdatesTextAndCount();
    void categoryValuesWithCounts();
    void typingTextRebuildsTree();
    void templatesFillTheBuilder();
    void invalidTextShowsPosition();
    void treeEditsAndUndoRedo();
    void dragToReorder();
    void newerEditDropsOlderPreview();
    void editSavedSegment();
    void saveAsNewAndLeaveEditMode();
    void leavingUnsavedWorkAsks();
    void refreshKeepsTheRule();
    void screenshot();
    void screenshotEditMode();

private:
    // The count SegmentStore gives for `text`, computed here on its own connection.
    qint64 expectedCount(const QString& text);
    // Saves the builder's rule as `name` and waits for the list.
    void saveAs(const QString& name, const QString& rule);
    // Selects `name` in the list and clicks Edit.
    void edit(const QString& name);
    /// Answers the next "Discard changes" question with the button named `button` ("discard"
    /// or "keepEditing"); `asked` becomes true when the question was shown.
    void answerDiscardQuestion(const QString& button, bool* asked);
    // The history of counts of the saved segment `name`.
    QList<seg::SegmentHistoryEntry> historyOf(const QString& name);

    QTemporaryDir m_dir;
    QString m_path;
    SegmentsPage* m_page = nullptr;
    QPointer<QTimer> m_answer; ///< answerDiscardQuestion's poll
};

void TestSegmentBuilder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const seg::test::DemoWorkspace demo
        = seg::test::createDemoWorkspace(m_dir.path(), kCustomers, 5, QStringLiteral("demo.segws"));
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_path = demo.path;
}

void TestSegmentBuilder::init()
{
    m_page = new SegmentsPage;
    m_page->resize(1280, 800);
    m_page->show();
    QSignalSpy ready(m_page, &SegmentsPage::ready);
    m_page->setWorkspace(m_path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, kTimeout);
    QVERIFY2(m_page->message().isEmpty(), qPrintable(m_page->message()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->builder()->isPreviewBusy(), kTimeout);
}

void TestSegmentBuilder::cleanup()
{
    delete m_page;
    m_page = nullptr;
}

qint64 TestSegmentBuilder::expectedCount(const QString& text)
{
    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadOnly);
    if (!ws)
        return -1;
    auto catalog = seg::FieldCatalog::load(*ws);
    auto rule = seg::SegmentRule::parse(text);
    if (!catalog || !rule)
        return -2;
    auto compiled
        = seg::RuleSqlCompiler::compile(rule->normalized(), *catalog, m_page->analysisDate(), true);
    if (!compiled)
        return -3;
    seg::JobContext job;
    auto preview = seg::SegmentStore::preview(*ws, *compiled, job);
    return preview ? preview->customers : -4;
}

void TestSegmentBuilder::saveAs(const QString& name, const QString& rule)
{
    SegmentBuilder* builder = m_page->builder();
    QVERIFY2(builder->setRuleText(rule), qPrintable(builder->textError()));
    builder->setSegmentName(name);
    QSignalSpy changed(m_page, &SegmentsPage::segmentsChanged);
    builder->findChild<QPushButton*>(QStringLiteral("saveSegment"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QVERIFY(m_page->listModel()->rowOf(name) >= 0);
}

void TestSegmentBuilder::edit(const QString& name)
{
    auto* view = m_page->findChild<QTableView*>(QStringLiteral("segmentList"));
    const int row = m_page->listModel()->rowOf(name);
    QVERIFY(row >= 0);
    view->selectionModel()->select(m_page->listModel()->index(row, 0),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto* button = m_page->findChild<QPushButton*>(QStringLiteral("editSegment"));
    QVERIFY(button->isEnabled());
    button->click();
}

void TestSegmentBuilder::answerDiscardQuestion(const QString& button, bool* asked)
{
    *asked = false;
    delete m_answer; // an earlier answer whose question never came
    auto* poll = new QTimer(m_page);
    m_answer = poll;
    poll->setInterval(10);
    connect(poll, &QTimer::timeout, poll, [poll, button, asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != u"discardQuestion")
            return;
        *asked = true;
        poll->stop();
        poll->deleteLater();
        box->findChild<QPushButton*>(button)->click();
    });
    poll->start();
}

QList<seg::SegmentHistoryEntry> TestSegmentBuilder::historyOf(const QString& name)
{
    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadOnly);
    if (!ws)
        return {};
    auto s = seg::SegmentStore::find(*ws, name);
    if (!s)
        return {};
    auto history = seg::SegmentStore::history(*ws, s->id);
    return history ? *history : QList<seg::SegmentHistoryEntry>();
}

void TestSegmentBuilder::startsWithEveryCustomer()
{
    SegmentBuilder* builder = m_page->builder();
    QVERIFY(builder->preview().has_value());
    QCOMPARE(builder->preview()->customers, qint64(kCustomers));
    QCOMPARE(builder->previewText(),
        QStringLiteral("400 customers · 100.0 % of customers · 100.0 % of revenue"));
    QVERIFY(builder->ruleText().isEmpty());
}

void TestSegmentBuilder::editingUpdatesTextAndCount()
{
    SegmentBuilder* builder = m_page->builder();
    builder->addCondition();
    QCOMPARE(builder->selectedPath(), QList<int> { 0 });
    // Choose "Orders" in the searchable field picker: type part of its label, press Enter.
    auto* field = builder->findChild<QComboBox*>(QStringLiteral("fieldPicker"));
    QVERIFY(field);
    field->setFocus();
    field->lineEdit()->selectAll();
    QTest::keyClicks(field->lineEdit(), QStringLiteral("Orders"));
    QTest::keyClick(field->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE(builder->ruleText(), QStringLiteral("orders >= 1"));

    auto* number = builder->findChild<QLineEdit*>(QStringLiteral("numberValue"));
    QVERIFY(number && number->isVisible());
    number->setFocus();
    number->selectAll();
    QTest::keyClicks(number, QStringLiteral("3"));
    QTest::keyClick(number, Qt::Key_Return);
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 3"));
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy(), kTimeout);
    QVERIFY(builder->preview().has_value());
    const qint64 expected = expectedCount(QStringLiteral("orders >= 3"));
    QVERIFY(expected > 0 && expected < kCustomers);
    QCOMPARE(builder->preview()->customers, expected);
    // Answered from the columns in memory, not by SQL.
    QVERIFY(builder->previewEngine());
    QCOMPARE(int(builder->previewEngine()->lastRun().path),
        int(seg::ColumnPreviewEngine::Path::Columns));
    QVERIFY(builder->previewEngine()->loadedFields().contains(QStringLiteral("orders")));
    QVERIFY(builder->previewText().startsWith(
        QStringLiteral("%1 customers · ").arg(QLocale().toString(expected))));
    QVERIFY(builder->previewText().contains(u"of revenue"));

    // The operator picker offers the number operators; "between" shows two fields.
    auto* op = builder->findChild<QComboBox*>(QStringLiteral("operatorPicker"));
    const int between = op->findText(QStringLiteral("between"));
    QVERIFY(between >= 0);
    op->setCurrentIndex(between);
    Q_EMIT op->activated(between);
    QCOMPARE(builder->ruleText(), QStringLiteral("orders between 3 and 3"));
    auto* number2 = builder->findChild<QLineEdit*>(QStringLiteral("numberValue2"));
    QVERIFY(number2->isVisible());
    // The column's range is shown once it is read.
    QTRY_VERIFY_WITH_TIMEOUT(number->placeholderText().contains(u" to "), kTimeout);
    auto* range = builder->findChild<QLabel*>(QStringLiteral("numberRange"));
    QVERIFY(range->isVisible());
    QVERIFY2(range->text().contains(number->placeholderText()), qPrintable(range->text()));
}

void TestSegmentBuilder::categoryValuesWithCounts()
{
    SegmentBuilder* builder = m_page->builder();
    QSignalSpy loaded(builder->conditionEditor(), &ConditionEditor::valuesLoaded);
    QVERIFY(builder->setRuleText(QStringLiteral("country is one of (\"Germany\")")));
    builder->selectPath({ 0 });
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, kTimeout);
    auto* list = builder->findChild<QListWidget*>(QStringLiteral("valueList"));
    QVERIFY(list && list->isVisible());
    QVERIFY(list->count() > 3);
    QListWidgetItem* france = nullptr;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == u"France")
            france = list->item(i);
        if (list->item(i)->data(Qt::UserRole).toString() == u"Germany")
            QCOMPARE(list->item(i)->checkState(), Qt::Checked);
    }
    QVERIFY(france);
    QVERIFY2(france->text().contains(u" — "), qPrintable(france->text())); // with its count
    france->setCheckState(Qt::Checked);
    QCOMPARE(builder->ruleText(), QStringLiteral("country is one of (\"Germany\", \"France\")"));
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy() && builder->preview(), kTimeout);
    QCOMPARE(builder->preview()->customers, expectedCount(builder->ruleText()));
}

void TestSegmentBuilder::typingTextRebuildsTree()
{
    SegmentBuilder* builder = m_page->builder();
    auto* text = builder->findChild<QLineEdit*>(QStringLiteral("ruleText"));
    QVERIFY(text);
    text->setFocus();
    QTest::keyClicks(text, QString::fromUtf8(kRealisticRule));
    QVERIFY2(builder->textError().isEmpty(), qPrintable(builder->textError()));
    const RuleTreeModel* model = builder->model();
    const QModelIndex root = model->index(0, 0);
    QCOMPARE(model->rowCount(root), 3);
    QCOMPARE(model->indexOf({ 1 }).data().toString(), QStringLiteral("Any of these (or)"));
    QCOMPARE(model->rowCount(model->indexOf({ 1 })), 2);
    QCOMPARE(builder->rule().toText(), QString::fromUtf8(kRealisticRule));
    // Typing is one undo step.
    QCOMPARE(builder->undoStack()->count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy() && builder->preview(), kTimeout);
    QCOMPARE(builder->preview()->customers, expectedCount(QString::fromUtf8(kRealisticRule)));
}

void TestSegmentBuilder::templatesFillTheBuilder()
{
    SegmentBuilder* builder = m_page->builder();
    auto* button = builder->findChild<QToolButton*>(QStringLiteral("templatesButton"));
    QVERIFY(button);
    QTRY_VERIFY(button->isEnabled());
    // The menu groups the templates by model; the demo customers have a country and a device.
    QStringList models;
    QAction* oneTime = nullptr;
    QAction* germany = nullptr;
    for (QAction* group : button->menu()->actions()) {
        models.append(group->text());
        for (QAction* a : group->menu()->actions()) {
            if (a->text() == u"One-time buyers")
                oneTime = a;
            if (a->text().endsWith(QStringLiteral(": Germany")))
                germany = a;
        }
    }
    QVERIFY2(models.contains(QStringLiteral("Geographic"))
            && models.contains(QStringLiteral("Technographic")),
        qPrintable(models.join(u',')));
    QVERIFY(oneTime && germany);
    oneTime->trigger();
    QCOMPARE(builder->rule().toText(), QStringLiteral("orders = 1"));
    QCOMPARE(builder->segmentName(), QStringLiteral("One-time buyers"));
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy() && builder->preview(), kTimeout);
    QCOMPARE(builder->preview()->customers, expectedCount(QStringLiteral("orders = 1")));
    germany->trigger();
    QVERIFY(builder->rule().toText().endsWith(QStringLiteral("is \"Germany\"")));
    QCOMPARE(builder->segmentName(), QStringLiteral("One-time buyers")); // a name is kept
    builder->undoStack()->undo();
    QCOMPARE(builder->rule().toText(), QStringLiteral("orders = 1"));
}

void TestSegmentBuilder::invalidTextShowsPosition()
{
    SegmentBuilder* builder = m_page->builder();
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 2")));
    const seg::SegmentRule before = builder->model()->rule();
    QVERIFY(!builder->setRuleText(QStringLiteral("orders >= 2 and country is Germany")));
    QVERIFY2(builder->textError().contains(u"at character 28"), qPrintable(builder->textError()));
    auto* message = builder->findChild<QLabel*>(QStringLiteral("ruleTextMessage"));
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), builder->textError());
    QCOMPARE(builder->model()->rule(), before); // the tree keeps the last valid rule
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 2 and country is Germany"));
    // An unknown field is an error too, with a suggestion.
    QVERIFY(!builder->setRuleText(QStringLiteral("contry is \"Germany\"")));
    QVERIFY2(builder->textError().contains(u"country"), qPrintable(builder->textError()));
    // Valid again: the message goes away.
    QVERIFY(builder->setRuleText(QStringLiteral("country is \"Germany\"")));
    QVERIFY(!message->isVisible());
}

void TestSegmentBuilder::treeEditsAndUndoRedo()
{
    SegmentBuilder* builder = m_page->builder();
    QUndoStack* undo = builder->undoStack();
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 3 and revenue > 500")));
    const QString start = builder->ruleText();
    builder->selectPath({ 1 });
    builder->negateSelected();
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 3 and not revenue > 500"));
    builder->toggleGroupKind();
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 3 or not revenue > 500"));
    builder->moveSelected(-1);
    QCOMPARE(builder->ruleText(), QStringLiteral("not revenue > 500 or orders >= 3"));
    QCOMPARE(builder->selectedPath(), QList<int> { 0 });
    builder->addGroup();
    QCOMPARE(builder->model()->rowCount(builder->model()->indexOf({})), 3);
    builder->removeSelected();
    QCOMPARE(builder->ruleText(), QStringLiteral("not revenue > 500 or orders >= 3"));

    // Undo all of it step by step, then redo; Ctrl+Z / Ctrl+Shift+Z do the same.
    const int steps = undo->index();
    QCOMPARE(steps, 6);
    undo->undo(); // remove
    QCOMPARE(builder->model()->rowCount(builder->model()->indexOf({})), 3);
    undo->undo(); // add group
    undo->undo(); // move
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 3 or not revenue > 500"));
    builder->setFocus();
    QTest::keyClick(builder, Qt::Key_Z, Qt::ControlModifier); // and/or
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 3 and not revenue > 500"));
    QTest::keyClick(builder, Qt::Key_Z, Qt::ControlModifier); // negate
    QCOMPARE(builder->ruleText(), start);
    QTest::keyClick(builder, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 3 and not revenue > 500"));
    undo->redo();
    undo->redo();
    QCOMPARE(builder->ruleText(), QStringLiteral("not revenue > 500 or orders >= 3"));
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy() && builder->preview(), kTimeout);
    QCOMPARE(builder->preview()->customers,
        expectedCount(QStringLiteral("not revenue > 500 or orders >= 3")));
}

void TestSegmentBuilder::dragToReorder()
{
    SegmentBuilder* builder = m_page->builder();
    QVERIFY(builder->setRuleText(QString::fromUtf8(kRealisticRule)));
    RuleTreeModel* model = builder->model();
    // Drag "last_purchase within 90 days" into the "or" group, before "revenue > 500".
    std::unique_ptr<QMimeData> data(model->mimeData({ model->indexOf({ 2 }) }));
    QVERIFY(data);
    QVERIFY(model->canDropMimeData(data.get(), Qt::MoveAction, 1, 0, model->indexOf({ 1 })));
    // A condition is not a drop target, and a group cannot go into itself.
    QVERIFY(!model->canDropMimeData(data.get(), Qt::MoveAction, 0, 0, model->indexOf({ 0 })));
    std::unique_ptr<QMimeData> group(model->mimeData({ model->indexOf({ 1 }) }));
    QVERIFY(!model->canDropMimeData(group.get(), Qt::MoveAction, 0, 0, model->indexOf({ 1 })));
    model->dropMimeData(data.get(), Qt::MoveAction, 1, 0, model->indexOf({ 1 }));
    QTRY_COMPARE(builder->ruleText(),
        QStringLiteral("country is one of (\"Germany\", \"France\") and (orders >= 3 or "
                       "last_purchase within 90 days or revenue > 500)"));
    QCOMPARE(builder->selectedPath(), (QList<int> { 1, 1 }));
    // Back out to the root, at the front; undo restores the drag.
    std::unique_ptr<QMimeData> back(model->mimeData({ model->indexOf({ 1, 1 }) }));
    model->dropMimeData(back.get(), Qt::MoveAction, 0, 0, model->indexOf({}));
    QTRY_VERIFY(builder->ruleText().startsWith(u"last_purchase within 90 days and country"));
    builder->undoStack()->undo();
    QVERIFY(builder->ruleText().contains(u"(orders >= 3 or last_purchase within 90 days or"));
}

void TestSegmentBuilder::newerEditDropsOlderPreview()
{
    SegmentBuilder* builder = m_page->builder();
    QSignalSpy ready(builder, &SegmentBuilder::previewReady);
    // Each edit cancels the preview of the one before; only the last one reaches the bar.
    for (int orders = 1; orders <= 6; ++orders)
        QVERIFY(builder->setRuleText(QStringLiteral("orders >= %1").arg(orders)));
    QVERIFY(builder->isPreviewBusy());
    QCOMPARE(builder->previewText(), QStringLiteral("Counting…"));
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy(), kTimeout);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(builder->preview()->customers, expectedCount(QStringLiteral("orders >= 6")));
    // Deleting the page while a preview runs cancels it and waits (no crash, no leak).
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 2")));
    QVERIFY(builder->isPreviewBusy());
}

void TestSegmentBuilder::editSavedSegment()
{
    SegmentBuilder* builder = m_page->builder();
    saveAs(QStringLiteral("Repeaters"), QStringLiteral("orders >= 2"));
    const int row = m_page->listModel()->rowOf(QStringLiteral("Repeaters"));
    const seg::SavedSegment original = m_page->listModel()->segments().at(row);
    const qint64 two = expectedCount(QStringLiteral("orders >= 2"));
    const qint64 four = expectedCount(QStringLiteral("orders >= 4"));
    QCOMPARE(original.members, two);
    QVERIFY(four > 0 && four < two);

    // Edit loads name, description, colour and rule, and says what is being edited.
    edit(QStringLiteral("Repeaters"));
    QVERIFY(builder->isEditing());
    QCOMPARE(builder->segmentName(), QStringLiteral("Repeaters"));
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 2"));
    QCOMPARE(builder->segmentColor(), QColor(original.color));
    auto* banner = builder->findChild<QLabel*>(QStringLiteral("editLabel"));
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(u"“Repeaters”"), qPrintable(banner->text()));
    QVERIFY2(
        banner->text().contains(
            QStringLiteral("saved with %1 customers").arg(QLocale().toString(original.members))),
        qPrintable(banner->text()));
    QVERIFY(!builder->hasUnsavedChanges());
    QVERIFY2(banner->text().contains(u"no changes yet"), qPrintable(banner->text()));
    QCOMPARE(m_page->listModel()->editedId(), original.id); // shown in bold in the list
    auto* save = builder->findChild<QPushButton*>(QStringLiteral("saveSegment"));
    QCOMPARE(save->text(), QStringLiteral("Save changes"));
    QVERIFY(builder->findChild<QPushButton*>(QStringLiteral("saveAsNewSegment"))->isVisible());
    QCOMPARE(builder->undoStack()->count(), 0);

    // Change the rule, description and colour; Save changes updates it in place.
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 4")));
    builder->setSegmentDescription(QStringLiteral("Four orders or more"));
    builder->setSegmentColor(QColor(0x59, 0xa1, 0x4f));
    QVERIFY(builder->hasUnsavedChanges());
    QVERIFY2(banner->text().contains(u"not saved yet"), qPrintable(banner->text()));
    QSignalSpy changed(m_page, &SegmentsPage::segmentsChanged);
    save->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QVERIFY2(m_page->message().contains(u"Saved the changes to “Repeaters”"),
        qPrintable(m_page->message()));
    QCOMPARE(m_page->listModel()->rowCount(), m_page->listModel()->segments().size());
    const seg::SavedSegment& updated = m_page->listModel()->segments().at(
        m_page->listModel()->rowOf(QStringLiteral("Repeaters")));
    QCOMPARE(updated.id, original.id);
    QCOMPARE(updated.createdAt, original.createdAt);
    QCOMPARE(updated.members, four);
    QCOMPARE(updated.definitionText, QStringLiteral("orders >= 4"));
    QCOMPARE(updated.description, QStringLiteral("Four orders or more"));
    QCOMPARE(updated.color, QStringLiteral("#59a14f"));
    QList<seg::SegmentHistoryEntry> history = historyOf(QStringLiteral("Repeaters"));
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).members, two);
    QCOMPARE(history.at(1).members, four);
    QVERIFY(builder->isEditing()); // still editing it, for more changes
    QCOMPARE(builder->editedSegment().definitionText, QStringLiteral("orders >= 4"));
    QVERIFY(!builder->hasUnsavedChanges());

    // Saving with nothing changed does nothing.
    save->click();
    QVERIFY(!m_page->isBusy());
    QVERIFY2(m_page->message().contains(u"no changes"), qPrintable(m_page->message()));

    // Undo in the list puts the previous definition back (counted again), and the builder,
    // which showed the saved state, shows it too.
    QCOMPARE(m_page->listUndoStack()->undoText(), QStringLiteral("Change “Repeaters”"));
    m_page->listUndoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeout);
    const seg::SavedSegment& back = m_page->listModel()->segments().at(
        m_page->listModel()->rowOf(QStringLiteral("Repeaters")));
    QCOMPARE(back.id, original.id);
    QCOMPARE(back.definitionText, QStringLiteral("orders >= 2"));
    QCOMPARE(back.members, two);
    QCOMPARE(back.description, original.description);
    QCOMPARE(back.color, original.color);
    history = historyOf(QStringLiteral("Repeaters"));
    QCOMPARE(history.size(), 3);
    QCOMPARE(history.at(2).members, two);
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 2"));
    QCOMPARE(builder->segmentDescription(), original.description);
    QCOMPARE(builder->segmentColor(), QColor(original.color));
    m_page->listUndoStack()->redo();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, kTimeout);
    QCOMPARE(m_page->listModel()
                 ->segments()
                 .at(m_page->listModel()->rowOf(QStringLiteral("Repeaters")))
                 .definitionText,
        QStringLiteral("orders >= 4"));
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 4"));

    // A new name in edit mode renames it with the change; a taken one is refused.
    builder->reset(); // leaves edit mode: Save is "Save segment" again
    saveAs(QStringLiteral("Taken"), QStringLiteral("orders >= 6"));
    edit(QStringLiteral("Repeaters"));
    builder->setSegmentName(QStringLiteral("taken"));
    save->click();
    QVERIFY(!m_page->isBusy());
    auto* saveMessage = builder->findChild<QLabel*>(QStringLiteral("saveMessage"));
    QVERIFY(saveMessage->isVisible());
    QVERIFY2(saveMessage->text().contains(u"already a segment named “Taken”"),
        qPrintable(saveMessage->text()));
    // Only the name changes: a rename, without a new count.
    builder->setSegmentName(QStringLiteral("Frequent buyers"));
    changed.clear();
    save->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    QCOMPARE(m_page->listModel()->rowOf(QStringLiteral("Repeaters")), -1);
    QCOMPARE(m_page->listModel()
                 ->segments()
                 .at(m_page->listModel()->rowOf(QStringLiteral("Frequent buyers")))
                 .id,
        original.id);
    QCOMPARE(builder->editedSegment().name, QStringLiteral("Frequent buyers"));
    QCOMPARE(historyOf(QStringLiteral("Frequent buyers")).size(), 4);
    QCOMPARE(m_page->listUndoStack()->undoText(),
        QStringLiteral("Rename “Repeaters” to “Frequent buyers”"));
    // The name and the rule together: one change, counted again.
    builder->setSegmentName(QStringLiteral("Frequent buyers (5+)"));
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 5")));
    changed.clear();
    save->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    const int renamed = m_page->listModel()->rowOf(QStringLiteral("Frequent buyers (5+)"));
    QVERIFY(renamed >= 0);
    QCOMPARE(m_page->listModel()->segments().at(renamed).id, original.id);
    QCOMPARE(m_page->listModel()->segments().at(renamed).members,
        expectedCount(QStringLiteral("orders >= 5")));
    QCOMPARE(historyOf(QStringLiteral("Frequent buyers (5+)")).size(), 5);
    QCOMPARE(m_page->listUndoStack()->undoText(), QStringLiteral("Change “Frequent buyers”"));
}

void TestSegmentBuilder::saveAsNewAndLeaveEditMode()
{
    SegmentBuilder* builder = m_page->builder();
    saveAs(QStringLiteral("Big baskets"), QStringLiteral("average_order_value > 80"));
    edit(QStringLiteral("Big baskets"));
    QVERIFY(builder->isEditing());
    auto* saveAsNew = builder->findChild<QPushButton*>(QStringLiteral("saveAsNewSegment"));
    // Under the same name: refused, with a plain message.
    saveAsNew->click();
    QVERIFY(!m_page->isBusy());
    auto* saveMessage = builder->findChild<QLabel*>(QStringLiteral("saveMessage"));
    QVERIFY(saveMessage->isVisible());
    QVERIFY2(saveMessage->text().contains(u"another name"), qPrintable(saveMessage->text()));

    QVERIFY(builder->setRuleText(QStringLiteral("average_order_value > 120")));
    builder->setSegmentName(QStringLiteral("Bigger baskets"));
    QSignalSpy changed(m_page, &SegmentsPage::segmentsChanged);
    saveAsNew->click();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    // The original stays as it was; the builder now edits the new segment.
    const auto& segments = m_page->listModel()->segments();
    QCOMPARE(segments.at(m_page->listModel()->rowOf(QStringLiteral("Big baskets"))).definitionText,
        QStringLiteral("average_order_value > 80"));
    QCOMPARE(
        segments.at(m_page->listModel()->rowOf(QStringLiteral("Bigger baskets"))).definitionText,
        QStringLiteral("average_order_value > 120"));
    QCOMPARE(historyOf(QStringLiteral("Big baskets")).size(), 1);
    QVERIFY(builder->isEditing());
    QCOMPARE(builder->editedSegment().name, QStringLiteral("Bigger baskets"));

    // Esc leaves edit mode and starts a new segment; so does "New segment".
    builder->findChild<QLineEdit*>(QStringLiteral("segmentName"))->setFocus();
    QTest::keyClick(builder->findChild<QLineEdit*>(QStringLiteral("segmentName")), Qt::Key_Escape);
    QVERIFY(!builder->isEditing());
    QCOMPARE(m_page->listModel()->editedId(), 0);
    QVERIFY(builder->segmentName().isEmpty());
    QVERIFY(builder->ruleText().isEmpty());
    QVERIFY(!builder->findChild<QLabel*>(QStringLiteral("editLabel"))->isVisible());
    QCOMPARE(builder->findChild<QPushButton*>(QStringLiteral("saveSegment"))->text(),
        QStringLiteral("Save segment"));
    QVERIFY(!saveAsNew->isVisible());
    edit(QStringLiteral("Big baskets"));
    QVERIFY(builder->isEditing());
    builder->findChild<QPushButton*>(QStringLiteral("newSegment"))->click();
    QVERIFY(!builder->isEditing());
    QVERIFY(builder->ruleText().isEmpty());
}

void TestSegmentBuilder::leavingUnsavedWorkAsks()
{
    SegmentBuilder* builder = m_page->builder();
    saveAs(QStringLiteral("Frequent"), QStringLiteral("orders >= 4"));
    // A saved rule has nothing to lose: Edit opens the segment without asking.
    bool asked = false;
    answerDiscardQuestion(QStringLiteral("discard"), &asked);
    edit(QStringLiteral("Frequent"));
    QVERIFY(builder->isEditing());
    QVERIFY(!asked);
    // Unsaved changes: Esc asks; "Keep editing" keeps everything.
    QVERIFY(builder->setRuleText(QStringLiteral("orders >= 6")));
    answerDiscardQuestion(QStringLiteral("keepEditing"), &asked);
    builder->findChild<QLineEdit*>(QStringLiteral("segmentName"))->setFocus();
    QTest::keyClick(builder->findChild<QLineEdit*>(QStringLiteral("segmentName")), Qt::Key_Escape);
    QVERIFY(asked);
    QVERIFY(builder->isEditing());
    QCOMPARE(builder->ruleText(), QStringLiteral("orders >= 6"));
    // "Discard" leaves edit mode with an empty builder; the saved segment is unchanged.
    answerDiscardQuestion(QStringLiteral("discard"), &asked);
    builder->findChild<QPushButton*>(QStringLiteral("newSegment"))->click();
    QVERIFY(asked);
    QVERIFY(!builder->isEditing());
    QVERIFY(builder->ruleText().isEmpty());
    QCOMPARE(m_page->listModel()
                 ->segments()
                 .at(m_page->listModel()->rowOf(QStringLiteral("Frequent")))
                 .definitionText,
        QStringLiteral("orders >= 4"));
    // A new rule not saved yet: editing a saved segment asks first.
    QVERIFY(builder->setRuleText(QStringLiteral("revenue > 250")));
    answerDiscardQuestion(QStringLiteral("keepEditing"), &asked);
    edit(QStringLiteral("Frequent"));
    QVERIFY(asked);
    QVERIFY(!builder->isEditing());
    QCOMPARE(builder->ruleText(), QStringLiteral("revenue > 250"));
}

void TestSegmentBuilder::refreshKeepsTheRule()
{
    SegmentBuilder* builder = m_page->builder();
    const QString text = QStringLiteral("rfm_segment is \"Champions\"");
    QVERIFY(builder->setRuleText(text));
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy(), kTimeout);
    QVERIFY(builder->preview().has_value());
    const qint64 before = builder->preview()->customers;
    QCOMPARE(before, expectedCount(text));
    // Another page scores RFM again with 3 bins: customer_view is stale until the segments
    // page reads the workspace again.
    auto rescore = [this](int bins) {
        auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadWrite);
        QVERIFY(ws.ok());
        seg::JobContext job;
        auto date = seg::RfmScoring::ensureMetrics(*ws, QDate(), job);
        QVERIFY(date.ok());
        seg::RfmOptions options;
        options.bins = bins;
        QVERIFY(seg::RfmScoring::scoreAndStore(*ws, options, *date, job).ok());
    };
    rescore(3);
    QSignalSpy ready(m_page, &SegmentsPage::listUpdated);
    m_page->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy(), kTimeout);
    // The rule is still there, counted on the new scores, from the columns in memory.
    QCOMPARE(builder->ruleText(), text);
    QVERIFY(builder->preview().has_value());
    const qint64 after = expectedCount(text);
    QVERIFY2(after != before, "3 bins should change the Champions");
    QCOMPARE(builder->preview()->customers, after);
    QCOMPARE(int(builder->previewEngine()->lastRun().path),
        int(seg::ColumnPreviewEngine::Path::Columns));
    // Back to the defaults for the other tests.
    rescore(5);
    m_page->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 2, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy(), kTimeout);
}

void TestSegmentBuilder::screenshot()
{
    const QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("Set SEGWB_SCREENSHOT_DIR to write segments-builder.png");
    SegmentBuilder* builder = m_page->builder();
    QSignalSpy saved(m_page, &SegmentsPage::segmentsChanged);
    const QList<QPair<QString, QString>> segments {
        { QStringLiteral("Champions and loyal"),
            QStringLiteral("rfm_segment is one of (\"Champions\", \"Loyal Customers\")") },
        { QStringLiteral("Lapsed"), QStringLiteral("lifecycle_status is \"lapsed\"") },
        { QStringLiteral("Big spenders"), QStringLiteral("revenue > 1000") },
    };
    for (const auto& [name, text] : segments) {
        QVERIFY2(builder->setRuleText(text), qPrintable(builder->textError()));
        builder->setSegmentName(name);
        builder->findChild<QPushButton*>(QStringLiteral("saveSegment"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->isBusy(), kTimeout);
    }
    QCOMPARE(saved.count(), 3);
    QVERIFY(builder->setRuleText(QString::fromUtf8(kRealisticRule)));
    builder->setSegmentName(QStringLiteral("Active buyers in Germany and France"));
    builder->setSegmentDescription(QStringLiteral("Spring campaign, DACH + FR"));
    builder->selectPath({ 0 });
    QSignalSpy overlap(m_page, &SegmentsPage::overlapReady);
    m_page->showOverlap({ QStringLiteral("Champions and loyal"), QStringLiteral("Lapsed"),
        QStringLiteral("Big spenders") });
    QTRY_VERIFY_WITH_TIMEOUT(overlap.count() == 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy(), kTimeout);
    QVERIFY(QDir().mkpath(dir));
    const QString file = QDir(dir).filePath(QStringLiteral("segments-builder.png"));
    QVERIFY(m_page->grab().save(file));

    // The same page with a number condition selected: its range shows in the field.
    QSignalSpy loaded(builder->conditionEditor(), &ConditionEditor::valuesLoaded);
    builder->selectPath({ 1, 0 });
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, kTimeout);
    QVERIFY(m_page->grab().save(QDir(dir).filePath(QStringLiteral("segments-builder-number.png"))));
}

void TestSegmentBuilder::screenshotEditMode()
{
    const QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("Set SEGWB_SCREENSHOT_DIR to write segments-edit.png");
    SegmentBuilder* builder = m_page->builder();
    saveAs(QStringLiteral("Lapsed high spenders"),
        QStringLiteral("revenue > 500 and last_purchase more than 180 days ago"));
    saveAs(QStringLiteral("New customers"), QStringLiteral("lifecycle_status is \"new\""));
    QSignalSpy changed(m_page, &SegmentsPage::segmentsChanged);
    m_page->refreshSegment(QStringLiteral("Lapsed high spenders"));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
    edit(QStringLiteral("Lapsed high spenders"));
    builder->setSegmentDescription(QStringLiteral("Win-back mailing, spring"));
    QVERIFY(builder->setRuleText(QStringLiteral(
        "revenue > 500 and last_purchase more than 180 days ago and country is one of "
        "(\"Germany\", \"France\")")));
    builder->selectPath({ 2 });
    QTRY_VERIFY_WITH_TIMEOUT(!builder->isPreviewBusy(), kTimeout);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(m_page->grab().save(QDir(dir).filePath(QStringLiteral("segments-edit.png"))));
}

QTEST_MAIN(TestSegmentBuilder)
#include "tst_segmentbuilder.moc"
