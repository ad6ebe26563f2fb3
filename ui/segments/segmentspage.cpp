#include "segmentspage.h"

#include "deletesegmentcommand.h"
#include "jobcontext.h"
#include "messagebar.h"
#include "rfmscoring.h"
#include "rulesqlcompiler.h"
#include "segmentbuilder.h"
#include "segmentlistmodel.h"
#include "valueformat.h"
#include "workspace.h"

#include <QtConcurrent/QtConcurrentRun>

#include <QAction>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace seg::ui {

namespace {

// Colours offered to new segments in turn.
const QList<QColor>& segmentColors()
{
    static const QList<QColor> colors { QColor(0x2f, 0x6f, 0xb3), QColor(0xd9, 0x6c, 0x1f),
        QColor(0x3a, 0x9a, 0x4a), QColor(0xb8, 0x3b, 0x5e), QColor(0x7a, 0x5c, 0xb0),
        QColor(0x1f, 0x9e, 0x9a), QColor(0xa8, 0x8a, 0x1c), QColor(0x6b, 0x6b, 0x6b) };
    return colors;
}

// White to deep blue for a share 0..1 of the heatmap.
QColor heat(double share)
{
    const double s = std::clamp(share, 0.0, 1.0);
    const QColor low(0xf4, 0xf7, 0xfb);
    const QColor high(0x1f, 0x4e, 0x8c);
    return QColor::fromRgbF(float(low.redF() + (high.redF() - low.redF()) * s),
        float(low.greenF() + (high.greenF() - low.greenF()) * s),
        float(low.blueF() + (high.blueF() - low.blueF()) * s));
}

// An undoable change of a saved segment (edit, rename) whose two directions start jobs.
// Lives here rather than in its own file: it is two std::functions and is used by this page only.
class SegmentChangeCommand : public QUndoCommand {
public:
    SegmentChangeCommand(
        const QString& text, std::function<void()> redo, std::function<void()> undo)
        : QUndoCommand(text)
        , m_redo(std::move(redo))
        , m_undo(std::move(undo))
    {
    }
    void redo() override { m_redo(); }
    void undo() override { m_undo(); }

private:
    std::function<void()> m_redo;
    std::function<void()> m_undo;
};

} // namespace

SegmentsPage::SegmentsPage(QWidget* parent)
    : QWidget(parent)
    , m_messages(new MessageBar(this))
    , m_listModel(new SegmentListModel(this))
    , m_list(new QTableView(this))
    , m_listUndo(new QUndoStack(this))
    , m_builder(new SegmentBuilder(this))
{
    m_pool.setMaxThreadCount(1);
    m_messages->setObjectName(QStringLiteral("segmentsMessages"));

    auto* left = new QWidget(this);
    auto* title = new QLabel(tr("Saved segments"), left);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    title->setFont(titleFont);

    m_list->setObjectName(QStringLiteral("segmentList"));
    m_list->setModel(m_listModel);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setSectionResizeMode(
        SegmentListModel::NameColumn, QHeaderView::Stretch);
    m_list->setWordWrap(false);

    m_edit = new QPushButton(tr("Edit"), left);
    m_edit->setObjectName(QStringLiteral("editSegment"));
    m_edit->setToolTip(tr("Change the selected segment's rule, description or colour in the "
                          "builder; it keeps its history of counts (Enter, Ctrl+Shift+E or "
                          "double-click)"));
    m_duplicate = new QPushButton(tr("Duplicate"), left);
    m_duplicate->setObjectName(QStringLiteral("duplicateSegment"));
    m_duplicate->setToolTip(tr("Save a copy of the selected segments under new names"));
    m_rename = new QPushButton(tr("Rename…"), left);
    m_rename->setObjectName(QStringLiteral("renameSegment"));
    m_rename->setToolTip(tr("Give the selected segment another name; its members and history "
                            "stay (F2)"));
    m_refresh = new QPushButton(tr("Refresh"), left);
    m_refresh->setObjectName(QStringLiteral("refreshSegment"));
    m_refresh->setToolTip(tr("Compute the members again on the current data"));
    m_delete = new QPushButton(tr("Delete"), left);
    m_delete->setObjectName(QStringLiteral("deleteSegment"));
    m_delete->setToolTip(tr("Delete the selected segments; Undo brings them back with their "
                            "history (Del)"));
    QAction* undo = m_listUndo->createUndoAction(this, tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_list->addAction(undo);
    QAction* redo = m_listUndo->createRedoAction(this, tr("Redo"));
    redo->setShortcuts({ QKeySequence(QStringLiteral("Ctrl+Shift+Z")), QKeySequence::Redo });
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_list->addAction(redo);
    m_undo = new QPushButton(tr("Undo"), left);
    m_undo->setObjectName(QStringLiteral("undoSegmentChange"));
    m_undo->setEnabled(false);
    m_undo->setToolTip(tr("Nothing to undo"));
    connect(m_listUndo, &QUndoStack::canUndoChanged, m_undo, &QPushButton::setEnabled);
    connect(m_listUndo, &QUndoStack::undoTextChanged, m_undo, [this](const QString& text) {
        m_undo->setToolTip(text.isEmpty() ? tr("Nothing to undo") : tr("Undo: %1").arg(text));
    });
    connect(m_undo, &QPushButton::clicked, m_listUndo, &QUndoStack::undo);

    // Keys on the list: Enter edits, F2 renames, Del deletes; Ctrl+Shift+E edits from anywhere
    // on the page (Ctrl+E is the window's Export).
    auto* editKey = new QAction(tr("Edit segment"), this);
    editKey->setShortcuts({ QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter) });
    editKey->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(editKey);
    auto* editAnywhere = new QAction(tr("Edit segment"), this);
    editAnywhere->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+E")));
    editAnywhere->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(editAnywhere);
    auto* renameKey = new QAction(tr("Rename segment"), this);
    renameKey->setShortcut(QKeySequence(Qt::Key_F2));
    renameKey->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(renameKey);
    auto* deleteKey = new QAction(tr("Delete segment"), this);
    deleteKey->setShortcut(QKeySequence::Delete);
    deleteKey->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(deleteKey);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : { m_edit, m_duplicate, m_rename, m_refresh, m_delete, m_undo })
        buttons->addWidget(b);
    buttons->addStretch();

    m_overlapTitle = new QLabel(tr("Select two or more segments to see how they overlap."), left);
    m_overlapTitle->setObjectName(QStringLiteral("overlapTitle"));
    m_overlapTitle->setWordWrap(true);
    m_overlapTitle->setForegroundRole(QPalette::PlaceholderText);
    m_overlapTable = new QTableWidget(left);
    m_overlapTable->setObjectName(QStringLiteral("overlapTable"));
    m_overlapTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_overlapTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_overlapTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_overlapTable->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_overlapTable->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_overlapTable->setWordWrap(false);
    m_overlapTable->hide();

    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(title);
    leftLayout->addWidget(m_list, 3);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_overlapTitle);
    leftLayout->addWidget(m_overlapTable);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_builder);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    split->setSizes({ 500, 780 });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addWidget(split, 1);

    connect(m_builder, &SegmentBuilder::saveRequested, this, &SegmentsPage::saveSegment);
    connect(m_builder, &SegmentBuilder::updateRequested, this, &SegmentsPage::updateSegment);
    connect(m_builder, &SegmentBuilder::editModeChanged, this, [this](bool editing) {
        m_listModel->setEditedId(editing ? m_builder->editedSegment().id : 0);
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &SegmentsPage::onListSelectionChanged);
    connect(m_listModel, &QAbstractItemModel::modelReset, this, &SegmentsPage::updateButtons);
    connect(m_duplicate, &QPushButton::clicked, this, [this] {
        for (const QString& name : selectedNames())
            duplicateSegment(name);
    });
    connect(m_refresh, &QPushButton::clicked, this, [this] {
        for (const QString& name : selectedNames())
            refreshSegment(name);
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const QStringList names = selectedNames();
        // Several at once are one step to undo.
        if (names.size() > 1)
            m_listUndo->beginMacro(tr("Delete %n segments", nullptr, int(names.size())));
        for (const QString& name : names)
            deleteSegment(name);
        if (names.size() > 1)
            m_listUndo->endMacro();
    });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const QStringList names = selectedNames();
        if (names.size() != 1)
            return;
        bool ok = false;
        const QString newName = QInputDialog::getText(this, tr("Rename segment"),
            tr("New name for \u201c%1\u201d (its members and history stay):").arg(names.first()),
            QLineEdit::Normal, names.first(), &ok);
        if (ok && !newName.trimmed().isEmpty() && newName.trimmed() != names.first())
            renameSegment(names.first(), newName.trimmed());
    });
    connect(renameKey, &QAction::triggered, m_rename, &QPushButton::click);
    connect(deleteKey, &QAction::triggered, m_delete, &QPushButton::click);
    auto editSelected = [this] {
        const QStringList names = selectedNames();
        if (names.size() == 1)
            editSegment(names.first());
    };
    connect(m_edit, &QPushButton::clicked, this, editSelected);
    connect(editKey, &QAction::triggered, this, editSelected);
    connect(editAnywhere, &QAction::triggered, this, editSelected);
    connect(m_list, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        editSegment(index.data(SegmentListModel::NameRole).toString());
    });
    updateButtons();
    setWorkspace(QString());
}

SegmentsPage::~SegmentsPage()
{
    if (m_cancel)
        m_cancel->cancel();
    m_pool.waitForDone();
}

QString SegmentsPage::message() const { return m_messages->text(); }

void SegmentsPage::setWorkspace(const QString& path)
{
    if (m_cancel)
        m_cancel->cancel();
    m_cancel = std::make_shared<seg::JobContext>();
    ++m_generation;
    m_path = path;
    m_catalog = seg::FieldCatalog();
    m_analysisDate = QDate();
    m_hasCustomers = false;
    m_overlap.reset();
    m_listUndo->clear();
    m_messages->clear();
    m_builder->leaveEditMode();
    m_listModel->setSegments({}, 0, 0);
    m_builder->setContext(QString(), seg::FieldCatalog(), QDate(), false);
    showOverlapTable();
    prepare();
}

void SegmentsPage::refresh() { prepare(); }

void SegmentsPage::prepare()
{
    if (m_path.isEmpty())
        return;
    runStoreJob(
        [](seg::Workspace& ws, Context& ctx, Outcome& out, seg::JobContext& job) -> QString {
            auto date = seg::RfmScoring::ensureScores(ws, QDate(), job);
            if (!date)
                return date.error().message;
            auto catalog = seg::FieldCatalog::load(ws);
            if (!catalog)
                return catalog.error().message;
            auto hasCustomers = ws.hasTable(QStringLiteral("customers"));
            if (!hasCustomers)
                return hasCustomers.error().message;
            ctx.catalog = *catalog;
            ctx.analysisDate = *date;
            ctx.hasCustomers = *hasCustomers;
            // Templates are a convenience: without them the builder still works.
            if (auto inputs = seg::RuleTemplates::readInputs(ws, *catalog, job); inputs)
                out.templates = seg::RuleTemplates::build(*catalog, *inputs, *date);
            out.prepared = true;
            out.catalog = *catalog;
            out.analysisDate = *date;
            out.hasCustomers = *hasCustomers;
            return QString();
        },
        false, true);
}

void SegmentsPage::runStoreJob(Work work, bool changes, bool isPrepare)
{
    if (m_path.isEmpty())
        return;
    ++m_pending;
    Context ctx { m_path, m_catalog, m_analysisDate, m_hasCustomers };
    const quint64 generation = m_generation;
    auto job = m_cancel;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        onOutcome(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [=]() mutable -> Outcome {
        Outcome out;
        out.generation = generation;
        out.isPrepare = isPrepare;
        out.changed = changes;
        if (job->isCancelled())
            return out;
        auto ws = seg::Workspace::open(ctx.path, seg::Workspace::OpenMode::ReadWrite);
        if (!ws) {
            out.error = ws.error().message;
            return out;
        }
        out.error = work(*ws, ctx, out, *job);
        if (!out.error.isEmpty())
            out.changed = false;
        if (isPrepare && !out.prepared)
            return out;
        auto list = seg::SegmentStore::list(*ws);
        if (!list) {
            out.error = list.error().message;
            return out;
        }
        out.segments = *list;
        out.listed = true;
        if (auto totals = seg::SegmentStore::totals(*ws)) {
            out.totalCustomers = totals->customers;
            out.totalRevenue = totals->revenue;
        }
        return out;
    }));
}

void SegmentsPage::onOutcome(const Outcome& out)
{
    --m_pending;
    if (out.generation != m_generation)
        return;
    if (out.isPrepare) {
        if (out.prepared) {
            m_catalog = out.catalog;
            m_analysisDate = out.analysisDate;
            m_hasCustomers = out.hasCustomers;
            m_builder->setContext(m_path, m_catalog, m_analysisDate, m_hasCustomers);
            m_builder->setTemplates(out.templates);
        } else {
            m_messages->showError(tr("Segments are not available"), out.error);
        }
    } else if (!out.error.isEmpty()) {
        m_messages->showError(tr("The segment could not be saved or changed"), out.error);
    } else if (!out.info.isEmpty()) {
        m_messages->showInformation(out.info);
    }
    if (!out.isPrepare || out.prepared) {
        const QStringList selected = selectedNames();
        m_listModel->setSegments(out.segments, out.totalCustomers, out.totalRevenue);
        QStringList names;
        QList<seg::SegmentRule> rules;
        for (const seg::SavedSegment& s : out.segments) {
            names.append(s.name);
            rules.append(s.rule.normalized());
        }
        m_builder->setSegmentNames(names);
        m_builder->setSavedRules(rules);
        if (out.editSelected) {
            for (const seg::SavedSegment& s : out.segments) {
                if (s.name == out.select)
                    m_builder->setEditedSegment(s);
            }
        }
        if (out.listed)
            followEditedSegment(out.segments);
        if (!m_builder->isEditing())
            m_builder->setSegmentColor(
                segmentColors().at(out.segments.size() % segmentColors().size()));
        // Keep the selection, or select what the job made.
        const QStringList toSelect = out.select.isEmpty() ? selected : QStringList { out.select };
        for (const QString& name : toSelect) {
            const int row = m_listModel->rowOf(name);
            if (row >= 0)
                m_list->selectionModel()->select(m_listModel->index(row, 0),
                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    m_builder->setSaving(false);
    updateButtons();
    if (out.isPrepare)
        Q_EMIT ready();
    Q_EMIT listUpdated();
    if (out.changed)
        Q_EMIT segmentsChanged();
}

void SegmentsPage::followEditedSegment(const QList<seg::SavedSegment>& segments)
{
    if (!m_builder->isEditing())
        return;
    // By id: a rename, an edit and its undo keep it; a restored segment too.
    const qint64 id = m_builder->editedSegment().id;
    for (const seg::SavedSegment& s : segments) {
        if (s.id == id) {
            m_builder->setEditedSegment(s);
            m_listModel->setEditedId(s.id);
            return;
        }
    }
    const QString name = m_builder->editedSegment().name;
    m_builder->leaveEditMode();
    m_messages->showInformation(tr("\u201c%1\u201d was deleted, so the builder no longer edits "
                                   "it; Save segment keeps what is on screen as a new segment.")
                                    .arg(name));
}

void SegmentsPage::saveSegment(const seg::SavedSegment& segment)
{
    if (m_listModel->rowOf(segment.name) >= 0) {
        m_builder->showSaveError(
            tr("There is already a segment named “%1”; choose another name.").arg(segment.name));
        return;
    }
    m_builder->setSaving(true);
    m_list->clearSelection();
    // "Save as new" in edit mode: the builder then edits the new segment.
    const bool editAfter = m_builder->isEditing();
    runStoreJob(
        [segment, editAfter](seg::Workspace& ws, Context& ctx, Outcome& out, seg::JobContext& job) {
            auto compiled = seg::RuleSqlCompiler::compile(
                segment.rule, ctx.catalog, ctx.analysisDate, ctx.hasCustomers);
            if (!compiled)
                return compiled.error().message;
            auto created = seg::SegmentStore::create(ws, segment, *compiled, ctx.analysisDate, job);
            if (!created)
                return created.error().message;
            out.select = created->name;
            out.editSelected = editAfter;
            out.info = tr("Saved “%1”: %2 customers.")
                           .arg(created->name, valueformat::count(created->members));
            return QString();
        },
        true);
}

QString SegmentsPage::uniqueName(const QString& base) const
{
    QString name = tr("%1 (copy)").arg(base);
    for (int i = 2; m_listModel->rowOf(name) >= 0; ++i)
        name = tr("%1 (copy %2)").arg(base).arg(i);
    return name;
}

void SegmentsPage::duplicateSegment(const QString& name)
{
    const int row = m_listModel->rowOf(name);
    if (row < 0)
        return;
    seg::SavedSegment copy = m_listModel->segments().at(row);
    copy.name = uniqueName(copy.name);
    recreateSegment(copy);
}

void SegmentsPage::recreateSegment(const seg::SavedSegment& segment)
{
    runStoreJob(
        [segment](seg::Workspace& ws, Context& ctx, Outcome& out, seg::JobContext& job) {
            auto compiled = seg::RuleSqlCompiler::compile(
                segment.rule, ctx.catalog, ctx.analysisDate, ctx.hasCustomers);
            if (!compiled)
                return compiled.error().message;
            auto created = seg::SegmentStore::create(ws, segment, *compiled, ctx.analysisDate, job);
            if (!created)
                return created.error().message;
            out.select = created->name;
            return QString();
        },
        true);
}

void SegmentsPage::renameSegment(const QString& name, const QString& newName)
{
    const int row = m_listModel->rowOf(name);
    if (row < 0)
        return;
    const QString from = m_listModel->segments().at(row).name;
    const QString to = newName.trimmed();
    if (to.isEmpty() || to == from)
        return;
    const int other = m_listModel->rowOf(to);
    if (other >= 0 && other != row) {
        m_messages->showError(tr("The segment could not be renamed"),
            tr("There is already a segment named “%1”; choose another name.")
                .arg(m_listModel->segments().at(other).name));
        return;
    }
    m_listUndo->push(new SegmentChangeCommand(
        tr("Rename “%1” to “%2”").arg(from, to), [this, from, to] { runRename(from, to, false); },
        [this, from, to] { runRename(to, from, true); }));
}

void SegmentsPage::runRename(const QString& from, const QString& to, bool undoing)
{
    runStoreJob(
        [from, to, undoing](seg::Workspace& ws, Context&, Outcome& out, seg::JobContext&) {
            auto renamed = seg::SegmentStore::rename(ws, from, to);
            if (!renamed)
                return renamed.error().message;
            out.select = renamed->name;
            out.info = undoing ? tr("Renamed “%1” back to “%2”.").arg(from, renamed->name)
                               : tr("Renamed “%1” to “%2”.").arg(from, renamed->name);
            return QString();
        },
        true);
}

void SegmentsPage::editSegment(const QString& name)
{
    const int row = m_listModel->rowOf(name);
    if (row < 0)
        return;
    const seg::SavedSegment& segment = m_listModel->segments().at(row);
    if (m_builder->isEditing() && m_builder->editedSegment().id == segment.id
        && !m_builder->hasUnsavedChanges())
        return;
    if (!m_builder->confirmDiscard())
        return;
    m_builder->editSegment(m_listModel->segments().at(row));
}

void SegmentsPage::updateSegment(const QString& name, const seg::SavedSegment& changes)
{
    const int row = m_listModel->rowOf(name);
    if (row < 0) {
        m_builder->showSaveError(tr("There is no segment named “%1” any more.").arg(name));
        return;
    }
    const seg::SavedSegment before = m_listModel->segments().at(row);
    seg::SavedSegment after = changes;
    after.name = changes.name.trimmed().isEmpty() ? before.name : changes.name.trimmed();
    if (after.color.isEmpty())
        after.color = before.color;
    const int other = m_listModel->rowOf(after.name);
    if (other >= 0 && other != row) {
        m_builder->showSaveError(tr("There is already a segment named “%1”; choose another name.")
                                     .arg(m_listModel->segments().at(other).name));
        return;
    }
    const bool sameDefinition = after.description == before.description
        && QColor(after.color) == QColor(before.color)
        && after.rule.normalized() == before.rule.normalized();
    if (sameDefinition && after.name == before.name) {
        m_messages->showInformation(tr("“%1” has no changes to save.").arg(before.name));
        return;
    }
    if (sameDefinition) {
        // Only the name: a rename, without counting the members again.
        renameSegment(before.name, after.name);
        return;
    }
    m_builder->setSaving(true);
    m_listUndo->push(new SegmentChangeCommand(
        tr("Change “%1”").arg(before.name),
        [this, before, after] { runUpdate(before.name, after, false); },
        [this, before, after] { runUpdate(after.name, before, true); }));
}

void SegmentsPage::runUpdate(const QString& name, const seg::SavedSegment& changes, bool undoing)
{
    runStoreJob(
        [name, changes, undoing](
            seg::Workspace& ws, Context& ctx, Outcome& out, seg::JobContext& job) {
            auto compiled = seg::RuleSqlCompiler::compile(
                changes.rule, ctx.catalog, ctx.analysisDate, ctx.hasCustomers);
            if (!compiled)
                return compiled.error().message;
            auto previous = seg::SegmentStore::find(ws, name);
            if (!previous)
                return previous.error().message;
            auto updated
                = seg::SegmentStore::update(ws, name, changes, *compiled, ctx.analysisDate, job);
            if (!updated)
                return updated.error().message;
            out.select = updated->name;
            const QString counts = tr("%1 customers (was %2)")
                                       .arg(valueformat::count(updated->members),
                                           valueformat::count(previous->members));
            out.info = undoing
                ? tr("Put back the previous definition of “%1”: %2.").arg(updated->name, counts)
                : tr("Saved the changes to “%1”: %2.").arg(updated->name, counts);
            return QString();
        },
        true);
}

void SegmentsPage::refreshSegment(const QString& name)
{
    const int row = m_listModel->rowOf(name);
    if (row < 0)
        return;
    const seg::SavedSegment segment = m_listModel->segments().at(row);
    runStoreJob(
        [segment](seg::Workspace& ws, Context& ctx, Outcome& out, seg::JobContext& job) {
            auto compiled = seg::RuleSqlCompiler::compile(
                segment.rule, ctx.catalog, ctx.analysisDate, ctx.hasCustomers);
            if (!compiled)
                return compiled.error().message;
            auto refreshed
                = seg::SegmentStore::refresh(ws, segment.name, *compiled, ctx.analysisDate, job);
            if (!refreshed)
                return refreshed.error().message;
            out.info = tr("Refreshed “%1”: %2 customers.")
                           .arg(refreshed->name, valueformat::count(refreshed->members));
            return QString();
        },
        true);
}

void SegmentsPage::deleteSegment(const QString& name)
{
    const int row = m_listModel->rowOf(name);
    if (row < 0)
        return;
    m_listUndo->push(new DeleteSegmentCommand(
        m_listModel->segments().at(row).name,
        [this](const QString& n, const DeleteSegmentCommand::Deleted& d) { takeSegment(n, d); },
        [this](
            const QString& n, const DeleteSegmentCommand::Deleted& d) { restoreSegment(n, d); }));
}

void SegmentsPage::takeSegment(
    const QString& name, const std::shared_ptr<std::optional<seg::SegmentSnapshot>>& deleted)
{
    runStoreJob(
        [name, deleted](seg::Workspace& ws, Context&, Outcome& out, seg::JobContext&) {
            auto taken = seg::SegmentStore::take(ws, name);
            if (!taken)
                return taken.error().message;
            *deleted = std::move(*taken);
            out.info = tr("Deleted “%1”. Undo brings it back with its history.")
                           .arg((*deleted)->segment.name);
            return QString();
        },
        true);
}

void SegmentsPage::restoreSegment(
    const QString& name, const std::shared_ptr<std::optional<seg::SegmentSnapshot>>& deleted)
{
    runStoreJob(
        [name, deleted](seg::Workspace& ws, Context&, Outcome& out, seg::JobContext&) {
            if (!deleted->has_value())
                return tr("“%1” cannot be brought back: it was not deleted.").arg(name);
            auto restored = seg::SegmentStore::restore(ws, **deleted);
            if (!restored)
                return restored.error().message;
            out.select = restored->name;
            out.info = tr("Brought back “%1” with its history: %2 customers.")
                           .arg(restored->name, valueformat::count(restored->members));
            return QString();
        },
        true);
}

QStringList SegmentsPage::selectedNames() const
{
    QStringList names;
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    for (const QModelIndex& index : rows)
        names.append(index.data(SegmentListModel::NameRole).toString());
    return names;
}

void SegmentsPage::updateButtons()
{
    const qsizetype selected = m_list->selectionModel()->selectedRows().size();
    m_duplicate->setEnabled(selected > 0);
    m_refresh->setEnabled(selected > 0);
    m_delete->setEnabled(selected > 0);
    m_rename->setEnabled(selected == 1);
    m_edit->setEnabled(selected == 1);
}

void SegmentsPage::onListSelectionChanged()
{
    updateButtons();
    const QStringList names = selectedNames();
    if (names.size() >= 2) {
        showOverlap(names);
    } else {
        ++m_overlapGeneration;
        m_overlap.reset();
        showOverlapTable();
    }
}

void SegmentsPage::showOverlap(const QStringList& names)
{
    if (m_path.isEmpty() || names.size() < 2)
        return;
    const quint64 generation = ++m_overlapGeneration;
    const QString path = m_path;
    using OverlapResult = std::pair<quint64, std::optional<seg::SegmentOverlap>>;
    auto* watcher = new QFutureWatcher<OverlapResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const OverlapResult result = watcher->result();
        if (result.first != m_overlapGeneration)
            return;
        m_overlap = result.second;
        showOverlapTable();
        Q_EMIT overlapReady();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [path, names, generation]() -> OverlapResult {
        auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
        if (!ws)
            return { generation, std::nullopt };
        auto overlap = seg::SegmentStore::overlap(*ws, names);
        if (!overlap)
            return { generation, std::nullopt };
        return { generation, *overlap };
    }));
}

void SegmentsPage::showOverlapTable()
{
    if (!m_overlap) {
        m_overlapTable->hide();
        m_overlapTitle->setText(tr("Select two or more segments to see how they overlap."));
        return;
    }
    const seg::SegmentOverlap& o = *m_overlap;
    const int n = int(o.names.size());
    m_overlapTable->clear();
    m_overlapTable->setRowCount(n);
    m_overlapTable->setColumnCount(n);
    // Columns are numbered to stay narrow; rows carry the numbers and the names.
    QStringList columns;
    QStringList rows;
    for (int i = 0; i < n; ++i) {
        columns.append(QString::number(i + 1));
        rows.append(tr("%1  %2").arg(i + 1).arg(o.names.at(i)));
    }
    m_overlapTable->setHorizontalHeaderLabels(columns);
    m_overlapTable->setVerticalHeaderLabels(rows);
    for (int i = 0; i < n; ++i)
        m_overlapTable->horizontalHeaderItem(i)->setToolTip(o.names.at(i));
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const qint64 count = o.counts.at(i).at(j);
            const qint64 size = o.sizes.at(i);
            const double share = size > 0 ? double(count) / double(size) : 0.0;
            auto* item = new QTableWidgetItem(valueformat::count(count));
            item->setTextAlignment(Qt::AlignCenter);
            item->setBackground(heat(share));
            item->setForeground(share > 0.55 ? QColor(Qt::white) : QColor(Qt::black));
            item->setToolTip(i == j
                    ? tr("%1 customers in “%2”").arg(valueformat::count(count), o.names.at(i))
                    : tr("%1 of the %2 customers of “%3” (%4) are also in “%5”")
                          .arg(valueformat::count(count), valueformat::count(size), o.names.at(i),
                              valueformat::share(share), o.names.at(j)));
            m_overlapTable->setItem(i, j, item);
        }
    }
    m_overlapTitle->setText(tr("Overlap: customers in both segments; the colour is the share of "
                               "the row's segment."));
    m_overlapTable->show();
}

} // namespace seg::ui
