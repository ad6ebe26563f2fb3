#include "segmentbuilder.h"

#include "columnpreviewengine.h"
#include "conditioneditor.h"
#include "jobcontext.h"
#include "ruleeditcommand.h"
#include "rulesqlcompiler.h"
#include "ruletreemodel.h"
#include "valueformat.h"
#include "workspace.h"

#include <QtConcurrent/QtConcurrentRun>

#include <QAction>
#include <QColorDialog>
#include <QDateTime>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace seg::ui {

namespace {

struct PreviewOutcome {
    quint64 generation = 0;
    bool cancelled = false;
    std::optional<seg::SegmentPreview> preview;
    QString error;
};

QIcon swatch(const QColor& color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawRoundedRect(QRectF(0.5, 0.5, 15, 15), 3, 3);
    return QIcon(pixmap);
}

QToolButton* toolButton(
    const QString& text, const QString& tip, const QString& name, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setObjectName(name);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

SegmentBuilder::SegmentBuilder(QWidget* parent)
    : QWidget(parent)
    , m_model(new RuleTreeModel(this))
    , m_undo(new QUndoStack(this))
    , m_tree(new QTreeView(this))
    , m_editor(new ConditionEditor(this))
{
    m_color = QColor(0x2f, 0x6f, 0xb3);
    m_pool.setMaxThreadCount(1);
    m_preloadPool.setMaxThreadCount(1);

    // Tree and its buttons.
    m_addCondition = toolButton(tr("+ Condition"), tr("Add a condition to the selected group"),
        QStringLiteral("addCondition"), this);
    m_addGroup = toolButton(
        tr("+ Group"), tr("Add a nested group of conditions"), QStringLiteral("addGroup"), this);
    m_andOr = toolButton(tr("And / or"),
        tr("Switch the selected group between all (and) and any (or) of its conditions"),
        QStringLiteral("toggleAndOr"), this);
    m_negate = toolButton(tr("Not"),
        tr("Negate the selected condition or group: it then selects everyone it did not"),
        QStringLiteral("negate"), this);
    m_up = toolButton(tr("Up"), tr("Move the selected node up"), QStringLiteral("moveUp"), this);
    m_down = toolButton(
        tr("Down"), tr("Move the selected node down"), QStringLiteral("moveDown"), this);
    m_remove = toolButton(tr("Remove"), tr("Remove the selected condition or group"),
        QStringLiteral("removeNode"), this);
    QAction* undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction* redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setShortcuts({ QKeySequence(QStringLiteral("Ctrl+Shift+Z")), QKeySequence::Redo });
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undo);
    addAction(redo);
    auto* undoButton = new QToolButton(this);
    undoButton->setDefaultAction(undo);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    auto* redoButton = new QToolButton(this);
    redoButton->setDefaultAction(redo);
    redoButton->setObjectName(QStringLiteral("redoButton"));

    m_templates = new QToolButton(this);
    m_templates->setObjectName(QStringLiteral("templatesButton"));
    m_templates->setText(tr("Templates"));
    m_templates->setToolTip(tr("Start from a ready-made segment of a usual model (demographic, "
                               "geographic, behavioural, lifecycle, value...), made from the "
                               "columns this workspace has"));
    m_templates->setPopupMode(QToolButton::InstantPopup);
    m_templates->setMenu(new QMenu(m_templates));
    m_templates->setEnabled(false);

    auto* buttons = new QHBoxLayout;
    for (QToolButton* b : { m_addCondition, m_addGroup, m_andOr, m_negate, m_up, m_down, m_remove })
        buttons->addWidget(b);
    buttons->addWidget(m_templates);
    buttons->addStretch();
    buttons->addWidget(undoButton);
    buttons->addWidget(redoButton);

    m_tree->setObjectName(QStringLiteral("ruleTree"));
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setUniformRowHeights(true);
    m_tree->setDragEnabled(true);
    m_tree->setAcceptDrops(true);
    m_tree->setDropIndicatorShown(true);
    m_tree->setDragDropMode(QAbstractItemView::DragDrop);
    m_tree->setDefaultDropAction(Qt::MoveAction);
    connect(m_model, &RuleTreeModel::moveRequested, this, &SegmentBuilder::moveNode);

    auto* editorBox = new QGroupBox(tr("Selected condition"), this);
    auto* editorLayout = new QVBoxLayout(editorBox);
    m_editorHint = new QLabel(tr("Select a condition in the tree to change it, or a group to add "
                                 "conditions to it."),
        editorBox);
    m_editorHint->setWordWrap(true);
    m_editorHint->setForegroundRole(QPalette::PlaceholderText);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_editorHint);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_tree);
    split->addWidget(editorBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    // Text form.
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("ruleText"));
    m_text->setPlaceholderText(tr("Type a rule, e.g. country is \"Germany\" and orders >= 3 — "
                                  "empty: every customer"));
    m_textMessage = new QLabel(this);
    m_textMessage->setObjectName(QStringLiteral("ruleTextMessage"));
    m_textMessage->setWordWrap(true);
    m_textMessage->setTextFormat(Qt::PlainText);
    QPalette errorPalette = m_textMessage->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_textMessage->setPalette(errorPalette);
    m_textMessage->hide();

    // Live bar.
    m_bar = new QLabel(this);
    m_bar->setObjectName(QStringLiteral("previewBar"));
    m_bar->setTextFormat(Qt::PlainText);
    m_bar->setFrameShape(QFrame::StyledPanel);
    m_bar->setMargin(8);
    QFont barFont = m_bar->font();
    barFont.setBold(true);
    barFont.setPointSizeF(barFont.pointSizeF() * 1.15);
    m_bar->setFont(barFont);
    m_analysisLabel = new QLabel(this);
    m_analysisLabel->setObjectName(QStringLiteral("analysisDate"));
    m_analysisLabel->setForegroundRole(QPalette::PlaceholderText);

    // Save form.
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("segmentName"));
    m_name->setPlaceholderText(tr("e.g. Lapsed high spenders in Germany"));
    m_description = new QLineEdit(this);
    m_description->setObjectName(QStringLiteral("segmentDescription"));
    m_description->setPlaceholderText(tr("What the segment is for (optional)"));
    m_colorButton = new QToolButton(this);
    m_colorButton->setObjectName(QStringLiteral("segmentColor"));
    m_colorButton->setToolTip(tr("Colour of the segment in lists and charts"));
    m_colorButton->setIcon(swatch(m_color));
    m_save = new QPushButton(tr("Save segment"), this);
    m_save->setObjectName(QStringLiteral("saveSegment"));
    m_save->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_save->setDefault(true);
    m_saveMessage = new QLabel(this);
    m_saveMessage->setObjectName(QStringLiteral("saveMessage"));
    m_saveMessage->setPalette(errorPalette);
    m_saveMessage->setWordWrap(true);
    m_saveMessage->hide();

    m_saveAsNew = new QPushButton(tr("Save as new"), this);
    m_saveAsNew->setObjectName(QStringLiteral("saveAsNewSegment"));
    m_saveAsNew->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_saveAsNew->hide();

    // Edit mode: a banner that says which saved segment the builder changes.
    m_editBanner = new QFrame(this);
    m_editBanner->setObjectName(QStringLiteral("editBanner"));
    m_editBanner->setFrameShape(QFrame::StyledPanel);
    m_editBanner->setAutoFillBackground(true);
    QPalette bannerPalette = m_editBanner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xfd, 0xf3, 0xd8));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x3d, 0x2e, 0x00));
    m_editBanner->setPalette(bannerPalette);
    m_editLabel = new QLabel(m_editBanner);
    m_editLabel->setObjectName(QStringLiteral("editLabel"));
    m_editLabel->setTextFormat(Qt::RichText);
    m_editLabel->setWordWrap(true);
    m_newSegment = new QPushButton(tr("New segment"), m_editBanner);
    m_newSegment->setObjectName(QStringLiteral("newSegment"));
    m_newSegment->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    auto* bannerLayout = new QHBoxLayout(m_editBanner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    bannerLayout->addWidget(m_editLabel, 1);
    bannerLayout->addWidget(m_newSegment);
    m_editBanner->hide();
    m_leaveEdit = new QAction(tr("Stop editing"), this);
    m_leaveEdit->setShortcut(QKeySequence(Qt::Key_Escape));
    m_leaveEdit->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_leaveEdit->setEnabled(false);
    addAction(m_leaveEdit);

    m_saveBox = new QGroupBox(tr("Save as a segment"), this);
    auto* saveBox = m_saveBox;
    auto* form = new QFormLayout(saveBox);
    auto* nameRow = new QHBoxLayout;
    nameRow->addWidget(m_name, 1);
    nameRow->addWidget(m_colorButton);
    form->addRow(tr("Name"), nameRow);
    form->addRow(tr("Description"), m_description);
    auto* saveRow = new QHBoxLayout;
    saveRow->addWidget(m_saveMessage, 1);
    saveRow->addStretch();
    saveRow->addWidget(m_saveAsNew);
    saveRow->addWidget(m_save);
    form->addRow(saveRow);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_editBanner);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);
    layout->addWidget(new QLabel(tr("Rule as text"), this));
    layout->addWidget(m_text);
    layout->addWidget(m_textMessage);
    layout->addWidget(m_bar);
    layout->addWidget(m_analysisLabel);
    layout->addWidget(saveBox);

    connect(m_addCondition, &QToolButton::clicked, this, &SegmentBuilder::addCondition);
    connect(m_addGroup, &QToolButton::clicked, this, &SegmentBuilder::addGroup);
    connect(m_andOr, &QToolButton::clicked, this, &SegmentBuilder::toggleGroupKind);
    connect(m_negate, &QToolButton::clicked, this, &SegmentBuilder::negateSelected);
    connect(m_up, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveSelected(1); });
    connect(m_remove, &QToolButton::clicked, this, &SegmentBuilder::removeSelected);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &SegmentBuilder::onSelectionChanged);
    connect(m_editor, &ConditionEditor::conditionEdited, this, &SegmentBuilder::onConditionEdited);
    connect(m_text, &QLineEdit::textEdited, this, &SegmentBuilder::onTextEdited);
    connect(m_save, &QPushButton::clicked, this, &SegmentBuilder::requestSave);
    connect(m_name, &QLineEdit::returnPressed, this, &SegmentBuilder::requestSave);
    connect(m_colorButton, &QToolButton::clicked, this, &SegmentBuilder::chooseColor);
    connect(m_saveAsNew, &QPushButton::clicked, this, &SegmentBuilder::requestSaveAsNew);
    connect(m_name, &QLineEdit::textChanged, this, &SegmentBuilder::updateEditMode);
    connect(m_description, &QLineEdit::textChanged, this, &SegmentBuilder::updateEditMode);
    connect(m_newSegment, &QPushButton::clicked, this, &SegmentBuilder::requestNewSegment);
    connect(m_leaveEdit, &QAction::triggered, this, &SegmentBuilder::requestNewSegment);

    updateEditMode();
    applyRule(seg::SegmentRule(), {});
    setEnabled(false);
}

SegmentBuilder::~SegmentBuilder()
{
    if (m_job)
        m_job->cancel();
    if (m_preloadJob)
        m_preloadJob->cancel();
    m_pool.waitForDone();
    m_preloadPool.waitForDone();
}

void SegmentBuilder::setContext(const QString& workspacePath, const seg::FieldCatalog& catalog,
    const QDate& analysisDate, bool hasCustomers)
{
    m_path = workspacePath;
    m_catalog = catalog;
    m_analysisDate = analysisDate;
    m_hasCustomers = hasCustomers;
    const bool sameWorkspace = m_engine && m_engine->workspacePath() == workspacePath;
    if (!sameWorkspace) {
        if (m_preloadJob)
            m_preloadJob->cancel();
        m_engine = workspacePath.isEmpty()
            ? nullptr
            : std::make_shared<seg::ColumnPreviewEngine>(workspacePath);
    }
    startPreload();
    QHash<QString, QString> labels;
    for (const seg::FieldInfo& f : catalog.fields())
        labels.insert(f.name, f.label);
    m_model->setFieldLabels(labels);
    m_editor->setContext(workspacePath, catalog);
    m_analysisLabel->setText(analysisDate.isValid()
            ? tr("Relative dates (\u201cwithin the last 90 days\u201d) count back from the "
                 "analysis date, %1.")
                  .arg(valueformat::day(analysisDate))
            : QString());
    setEnabled(!workspacePath.isEmpty());
    // Another workspace starts empty; the same one again (its scores or fields changed) keeps
    // the rule being built and counts it again.
    if (sameWorkspace)
        startPreview();
    else
        reset();
}

void SegmentBuilder::setSegmentNames(const QStringList& names) { m_editor->setSegmentNames(names); }

seg::SegmentRule SegmentBuilder::rule() const { return m_model->rule().normalized(); }

QString SegmentBuilder::ruleText() const { return m_text->text(); }

QString SegmentBuilder::textError() const { return m_textError; }

bool SegmentBuilder::setRuleText(const QString& text)
{
    m_text->setText(text);
    onTextEdited(text);
    return m_textError.isEmpty();
}

void SegmentBuilder::setTemplates(const QList<seg::SegmentTemplate>& templates)
{
    QMenu* menu = m_templates->menu();
    menu->clear();
    QMenu* group = nullptr;
    QString model;
    for (const seg::SegmentTemplate& t : templates) {
        if (t.model != model || !group) {
            model = t.model;
            group = menu->addMenu(model);
            group->setToolTipsVisible(true);
        }
        QAction* action = group->addAction(t.name);
        action->setToolTip(t.rule.toText() + QStringLiteral("\n") + t.description);
        connect(action, &QAction::triggered, this, [this, t] { applyTemplate(t); });
    }
    m_templates->setEnabled(!templates.isEmpty());
}

void SegmentBuilder::applyTemplate(const seg::SegmentTemplate& t)
{
    // Its own undo step: not merged with typing in the text form.
    pushEdit(tr("Use template \u201c%1\u201d").arg(t.name), t.rule.normalized(), {}, false);
    if (segmentName().isEmpty())
        setSegmentName(t.name);
    if (segmentDescription().isEmpty())
        setSegmentDescription(t.description);
}

void SegmentBuilder::reset()
{
    m_undo->clear();
    m_name->clear();
    m_description->clear();
    m_saveMessage->hide();
    leaveEditMode();
    applyRule(seg::SegmentRule(), {});
}

void SegmentBuilder::editSegment(const seg::SavedSegment& segment)
{
    m_undo->clear();
    m_name->setText(segment.name);
    m_description->setText(segment.description);
    const QColor color(segment.color);
    if (color.isValid())
        setSegmentColor(color);
    m_saveMessage->hide();
    m_edited = segment;
    applyRule(segment.rule.normalized(), {});
    updateEditMode();
    Q_EMIT editModeChanged(true);
}

void SegmentBuilder::setEditedSegment(const seg::SavedSegment& segment)
{
    const std::optional<seg::SavedSegment> before = m_edited;
    m_edited = segment;
    if (before) {
        if (segmentName() == before->name.trimmed())
            m_name->setText(segment.name);
        if (segmentDescription() == before->description.trimmed())
            m_description->setText(segment.description);
        if (m_color == QColor(before->color) && QColor(segment.color).isValid())
            setSegmentColor(QColor(segment.color));
        const seg::SegmentRule stored = segment.rule.normalized();
        if (rule() == before->rule.normalized() && !(rule() == stored))
            pushEdit(tr("Show \u201c%1\u201d as saved").arg(segment.name), stored, {});
    }
    updateEditMode();
    if (!before || before->id != segment.id)
        Q_EMIT editModeChanged(true);
}

bool SegmentBuilder::hasUnsavedChanges() const
{
    if (!m_edited)
        return false;
    return segmentName() != m_edited->name.trimmed()
        || segmentDescription() != m_edited->description.trimmed()
        || m_color != QColor(m_edited->color) || !(rule() == m_edited->rule.normalized());
}

bool SegmentBuilder::confirmDiscard()
{
    QString question;
    if (m_edited && hasUnsavedChanges())
        question
            = tr("The changes to \u201c%1\u201d are not saved. Discard them?").arg(m_edited->name);
    else if (!m_edited && !rule().isEmpty() && !m_savedRules.contains(rule()))
        question = tr("The rule being built is not saved as a segment. Discard it?");
    if (question.isEmpty())
        return true;
    QMessageBox box(
        QMessageBox::Question, tr("Discard changes"), question, QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("discardQuestion"));
    QPushButton* discard = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discard"));
    QPushButton* keep = box.addButton(tr("Keep editing"), QMessageBox::RejectRole);
    keep->setObjectName(QStringLiteral("keepEditing"));
    box.setDefaultButton(keep);
    box.exec();
    return box.clickedButton() == discard;
}

void SegmentBuilder::requestNewSegment()
{
    if (confirmDiscard())
        reset();
}

void SegmentBuilder::leaveEditMode()
{
    if (!m_edited)
        return;
    m_edited.reset();
    updateEditMode();
    Q_EMIT editModeChanged(false);
}

void SegmentBuilder::updateEditMode()
{
    const bool editing = m_edited.has_value();
    const QString name = editing ? m_edited->name : QString();
    m_editBanner->setVisible(editing);
    if (editing) {
        // What is saved, so that the live count can be compared with it, and whether the
        // screen differs from it.
        const QDateTime computed = QDateTime::fromString(m_edited->computedAt, Qt::ISODate);
        const QString saved = computed.isValid()
            ? tr("saved with %1 customers on %2")
                  .arg(valueformat::count(m_edited->members),
                      valueformat::day(computed.toLocalTime().date()))
            : tr("saved with %1 customers").arg(valueformat::count(m_edited->members));
        const QString state = hasUnsavedChanges()
            ? tr("<b>changed, not saved yet</b>: Save changes updates it in place and keeps its "
                 "history; Save as new leaves it as it is.")
            : tr("no changes yet.");
        m_editLabel->setText(tr("<b>Editing \u201c%1\u201d</b>, %2 \u2014 %3")
                                 .arg(name.toHtmlEscaped(), saved.toHtmlEscaped(), state));
    } else {
        m_editLabel->clear();
    }
    m_newSegment->setToolTip(
        tr("Stop editing \u201c%1\u201d and start a new, empty segment (Esc). Changes not "
           "saved are dropped.")
            .arg(name));
    m_leaveEdit->setEnabled(editing);
    m_saveBox->setTitle(
        editing ? tr("Saved segment \u201c%1\u201d").arg(name) : tr("Save as a segment"));
    m_saveAsNew->setVisible(editing);
    m_saveAsNew->setToolTip(tr("Keep \u201c%1\u201d as it is and save this definition as a new "
                               "segment under another name")
                                .arg(name));
    m_save->setToolTip(editing
            ? tr("Change \u201c%1\u201d in place: its members are counted again and the count "
                 "is added to its history. Undo in the list of saved segments.")
                  .arg(name)
            : tr("Save the rule as a new segment and count its members"));
    m_name->setToolTip(
        editing ? tr("Saving the changes with another name renames the segment") : QString());
    setSaving(m_saving);
}

QString SegmentBuilder::segmentName() const { return m_name->text().trimmed(); }
void SegmentBuilder::setSegmentName(const QString& name) { m_name->setText(name); }
QString SegmentBuilder::segmentDescription() const { return m_description->text().trimmed(); }
void SegmentBuilder::setSegmentDescription(const QString& d) { m_description->setText(d); }

void SegmentBuilder::setSegmentColor(const QColor& color)
{
    m_color = color;
    m_colorButton->setIcon(swatch(color));
    if (m_edited)
        updateEditMode();
}

void SegmentBuilder::applyRule(const seg::SegmentRule& rule, const QList<int>& selection)
{
    m_model->setRule(rule);
    m_tree->expandAll();
    selectPath(selection);
    if (m_edited)
        updateEditMode();
    if (!m_fromText) {
        m_text->setText(rule.normalized().toText());
        m_textError.clear();
        m_textMessage->hide();
    }
    updateButtons();
    startPreview();
}

void SegmentBuilder::pushEdit(const QString& text, const seg::SegmentRule& after,
    const QList<int>& selectionAfter, bool fromText)
{
    const QScopedValueRollback<bool> rollback(m_fromText, fromText);
    m_undo->push(new RuleEditCommand(
        text,
        [this](const seg::SegmentRule& rule, const QList<int>& selection) {
            applyRule(rule, selection);
        },
        m_model->rule(), selectedPath(), after, selectionAfter, fromText));
}

void SegmentBuilder::selectPath(const QList<int>& path)
{
    QModelIndex index = m_model->indexOf(path);
    if (!index.isValid())
        index = m_model->index(0, 0);
    m_tree->setCurrentIndex(index);
    onSelectionChanged();
}

QList<int> SegmentBuilder::selectedPath() const
{
    return RuleTreeModel::pathOf(m_tree->currentIndex());
}

void SegmentBuilder::onSelectionChanged()
{
    const seg::RuleNode* node = RuleTreeModel::nodeAt(m_model->rule().root(), selectedPath());
    if (node && !node->isGroup()) {
        m_editor->setCondition(*node);
        m_editor->show();
        m_editorHint->hide();
    } else {
        m_editor->hide();
        m_editorHint->show();
    }
    updateButtons();
}

void SegmentBuilder::updateButtons()
{
    const QList<int> path = selectedPath();
    const seg::RuleNode* node = RuleTreeModel::nodeAt(m_model->rule().root(), path);
    const bool isRoot = path.isEmpty();
    int siblings = 0;
    if (!isRoot) {
        const seg::RuleNode* parent
            = RuleTreeModel::nodeAt(m_model->rule().root(), path.mid(0, path.size() - 1));
        siblings = parent ? int(parent->children.size()) : 0;
    }
    const bool hasFields = !m_catalog.fields().isEmpty();
    m_addCondition->setEnabled(hasFields);
    m_addGroup->setEnabled(hasFields);
    m_negate->setEnabled(node != nullptr);
    m_andOr->setEnabled(node != nullptr);
    m_remove->setEnabled(node && (!isRoot || !node->children.isEmpty()));
    m_up->setEnabled(!isRoot && path.last() > 0);
    m_down->setEnabled(!isRoot && path.last() + 1 < siblings);
}

seg::RuleNode SegmentBuilder::newCondition() const
{
    // The field of the selected condition is the likeliest next one; else the first field.
    const seg::RuleNode* node = RuleTreeModel::nodeAt(m_model->rule().root(), selectedPath());
    const seg::FieldInfo* field = node && !node->isGroup() ? m_catalog.find(node->field) : nullptr;
    // Else a category (country, channel...): ids and free text are rarely what people start with.
    for (const seg::FieldInfo& f : m_catalog.fields()) {
        if (!field && f.type == seg::FieldType::Category)
            field = &f;
    }
    if (!field && !m_catalog.fields().isEmpty())
        field = &m_catalog.fields().first();
    return field ? ConditionEditor::defaultCondition(*field) : seg::RuleNode();
}

namespace {
// The group a new node goes into: the selected group, or the group of the selected condition.
QList<int> targetGroup(const seg::RuleNode& root, const QList<int>& selected)
{
    const seg::RuleNode* node = RuleTreeModel::nodeAt(root, selected);
    if (node && node->isGroup())
        return selected;
    return selected.mid(0, std::max<qsizetype>(0, selected.size() - 1));
}
} // namespace

void SegmentBuilder::addCondition()
{
    if (m_catalog.fields().isEmpty())
        return;
    seg::SegmentRule after = m_model->rule();
    const QList<int> group = targetGroup(after.root(), selectedPath());
    seg::RuleNode* parent = RuleTreeModel::nodeAt(after.root(), group);
    if (!parent)
        return;
    parent->children.append(newCondition());
    pushEdit(tr("Add condition"), after, group + QList<int> { int(parent->children.size()) - 1 });
    m_editor->focusFieldPicker();
}

void SegmentBuilder::addGroup()
{
    if (m_catalog.fields().isEmpty())
        return;
    seg::SegmentRule after = m_model->rule();
    const QList<int> group = targetGroup(after.root(), selectedPath());
    seg::RuleNode* parent = RuleTreeModel::nodeAt(after.root(), group);
    if (!parent)
        return;
    // A nested group is mostly an alternative: "or" inside "and" and the other way round.
    const auto kind = parent->kind == seg::RuleNode::Kind::Or ? seg::RuleNode::Kind::And
                                                              : seg::RuleNode::Kind::Or;
    parent->children.append(seg::RuleNode::group(kind, { newCondition() }));
    pushEdit(tr("Add group"), after, group + QList<int> { int(parent->children.size()) - 1, 0 });
}

void SegmentBuilder::removeSelected()
{
    const QList<int> path = selectedPath();
    seg::SegmentRule after = m_model->rule();
    if (path.isEmpty()) {
        if (after.root().children.isEmpty())
            return;
        after.root().children.clear();
        pushEdit(tr("Remove all conditions"), after, {});
        return;
    }
    seg::RuleNode* parent = RuleTreeModel::nodeAt(after.root(), path.mid(0, path.size() - 1));
    if (!parent)
        return;
    parent->children.removeAt(path.last());
    QList<int> selection = path;
    if (parent->children.isEmpty())
        selection.removeLast();
    else
        selection.last() = std::min<int>(path.last(), int(parent->children.size()) - 1);
    pushEdit(tr("Remove"), after, selection);
}

void SegmentBuilder::negateSelected()
{
    const QList<int> path = selectedPath();
    seg::SegmentRule after = m_model->rule();
    seg::RuleNode* node = RuleTreeModel::nodeAt(after.root(), path);
    if (!node)
        return;
    node->negated = !node->negated;
    pushEdit(tr("Negate"), after, path);
}

void SegmentBuilder::toggleGroupKind()
{
    seg::SegmentRule after = m_model->rule();
    const QList<int> group = targetGroup(after.root(), selectedPath());
    seg::RuleNode* node = RuleTreeModel::nodeAt(after.root(), group);
    if (!node)
        return;
    node->kind = node->kind == seg::RuleNode::Kind::And ? seg::RuleNode::Kind::Or
                                                        : seg::RuleNode::Kind::And;
    pushEdit(tr("Switch and / or"), after, selectedPath());
}

void SegmentBuilder::moveSelected(int delta)
{
    const QList<int> path = selectedPath();
    if (path.isEmpty())
        return;
    seg::SegmentRule after = m_model->rule();
    seg::RuleNode* parent = RuleTreeModel::nodeAt(after.root(), path.mid(0, path.size() - 1));
    const int to = path.last() + delta;
    if (!parent || to < 0 || to >= parent->children.size())
        return;
    parent->children.move(path.last(), to);
    QList<int> selection = path;
    selection.last() = to;
    pushEdit(tr("Move"), after, selection);
}

void SegmentBuilder::moveNode(const QList<int>& from, const QList<int>& toGroup, int row)
{
    if (from.isEmpty() || (toGroup.size() >= from.size() && toGroup.mid(0, from.size()) == from))
        return;
    seg::SegmentRule after = m_model->rule();
    const QList<int> fromParentPath = from.mid(0, from.size() - 1);
    seg::RuleNode* fromParent = RuleTreeModel::nodeAt(after.root(), fromParentPath);
    if (!fromParent || !RuleTreeModel::nodeAt(after.root(), toGroup))
        return;
    const seg::RuleNode moved = fromParent->children.takeAt(from.last());
    // Removing the node shifts the later siblings (and their descendants) up by one.
    QList<int> to = toGroup;
    const qsizetype depth = fromParentPath.size();
    if (to.size() > depth && to.mid(0, depth) == fromParentPath && to.at(depth) > from.last())
        --to[depth];
    if (to == fromParentPath && row > from.last())
        --row;
    seg::RuleNode* target = RuleTreeModel::nodeAt(after.root(), to);
    if (!target || !target->isGroup())
        return;
    row = std::clamp<int>(row, 0, int(target->children.size()));
    target->children.insert(row, moved);
    if (after == m_model->rule())
        return;
    pushEdit(tr("Move"), after, to + QList<int> { row });
}

void SegmentBuilder::onConditionEdited(const seg::RuleNode& condition)
{
    const QList<int> path = selectedPath();
    seg::SegmentRule after = m_model->rule();
    seg::RuleNode* node = RuleTreeModel::nodeAt(after.root(), path);
    if (!node || node->isGroup() || *node == condition)
        return;
    *node = condition;
    pushEdit(tr("Change condition"), after, path);
}

void SegmentBuilder::onTextEdited(const QString& text)
{
    auto parsed = seg::SegmentRule::parse(text);
    QString error;
    if (!parsed) {
        error = parsed.error().message;
    } else if (auto valid = m_catalog.validate(*parsed); !valid) {
        error = valid.error().message;
    }
    m_textError = error;
    m_textMessage->setText(error);
    m_textMessage->setVisible(!error.isEmpty());
    if (!error.isEmpty()) {
        // The tree keeps the last valid rule; the live bar says it is not the typed one.
        m_bar->setText(tr("The text is not a valid rule yet; the tree and the count show the "
                          "last valid one."));
        return;
    }
    const seg::SegmentRule rule = parsed->normalized();
    if (rule == m_model->rule().normalized()) {
        startPreview();
        return;
    }
    pushEdit(tr("Edit text"), rule, {}, true);
}

QString SegmentBuilder::previewText() const { return m_bar->text(); }

void SegmentBuilder::startPreview()
{
    if (m_job)
        m_job->cancel();
    const quint64 generation = ++m_generation;
    m_preview.reset();
    if (m_path.isEmpty()) {
        m_previewBusy = false;
        m_bar->setText(tr("Open a workspace to build segments."));
        return;
    }
    auto compiled
        = seg::RuleSqlCompiler::compile(rule(), m_catalog, m_analysisDate, m_hasCustomers);
    if (!compiled) {
        m_previewBusy = false;
        m_bar->setText(tr("Incomplete: %1").arg(compiled.error().message));
        Q_EMIT previewReady();
        return;
    }
    m_previewBusy = true;
    m_bar->setText(tr("Counting…"));
    m_job = std::make_shared<seg::JobContext>();
    auto job = m_job;
    auto engine = m_engine;
    const seg::SegmentRule definition = rule();
    const seg::FieldCatalog catalog = m_catalog;
    const QDate analysisDate = m_analysisDate;
    const bool hasCustomers = m_hasCustomers;
    auto* watcher = new QFutureWatcher<PreviewOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const PreviewOutcome out = watcher->result();
        if (out.generation != m_generation || out.cancelled)
            return;
        m_previewBusy = false;
        if (out.preview) {
            m_preview = out.preview;
            m_bar->setText(tr("%1 customers · %2 of customers · %3 of revenue")
                               .arg(valueformat::count(out.preview->customers),
                                   valueformat::share(out.preview->customerShare()),
                                   valueformat::share(out.preview->revenueShare())));
        } else {
            m_bar->setText(tr("Could not count: %1").arg(out.error));
        }
        Q_EMIT previewReady();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [=]() -> PreviewOutcome {
        PreviewOutcome out;
        out.generation = generation;
        if (job->isCancelled()) {
            out.cancelled = true;
            return out;
        }
        // Columns in memory answer in milliseconds; rules the engine cannot evaluate run as SQL.
        auto preview = engine->preview(definition, catalog, analysisDate, hasCustomers, *job);
        if (!preview) {
            out.cancelled = preview.error().code == seg::ErrorCode::Cancelled;
            out.error = preview.error().message;
            return out;
        }
        out.preview = *preview;
        return out;
    }));
}

void SegmentBuilder::startPreload()
{
    if (m_preloadJob)
        m_preloadJob->cancel();
    if (!m_engine)
        return;
    const QStringList fields = seg::ColumnPreviewEngine::preloadOrder(m_catalog, rule());
    m_preloadJob = std::make_shared<seg::JobContext>();
    auto job = m_preloadJob;
    auto engine = m_engine;
    const seg::FieldCatalog catalog = m_catalog;
    // One field per call, so that a preview waits for at most one column read.
    (void)QtConcurrent::run(&m_preloadPool, [job, engine, catalog, fields] {
        for (const QString& field : fields) {
            if (job->isCancelled()
                || engine->memoryBytes() > seg::ColumnPreviewEngine::kPreloadBytes)
                return;
            (void)engine->preload({ field }, catalog, *job);
        }
    });
}

void SegmentBuilder::setSaving(bool saving)
{
    m_saving = saving;
    m_save->setEnabled(!saving);
    m_saveAsNew->setEnabled(!saving);
    m_save->setText(
        saving ? tr("Saving…") : (isEditing() ? tr("Save changes") : tr("Save segment")));
}

void SegmentBuilder::showSaveError(const QString& message)
{
    m_saveMessage->setText(message);
    m_saveMessage->setVisible(!message.isEmpty());
}

std::optional<seg::SavedSegment> SegmentBuilder::segmentToSave()
{
    if (segmentName().isEmpty()) {
        showSaveError(tr("Give the segment a name."));
        m_name->setFocus();
        return std::nullopt;
    }
    if (auto valid = m_catalog.validate(rule()); !valid) {
        showSaveError(valid.error().message);
        return std::nullopt;
    }
    showSaveError(QString());
    seg::SavedSegment segment;
    segment.name = segmentName();
    segment.description = segmentDescription();
    segment.color = m_color.name();
    segment.rule = rule();
    segment.definitionText = segment.rule.toText();
    return segment;
}

void SegmentBuilder::requestSave()
{
    if (m_saving)
        return;
    const std::optional<seg::SavedSegment> segment = segmentToSave();
    if (!segment)
        return;
    if (m_edited)
        Q_EMIT updateRequested(m_edited->name, *segment);
    else
        Q_EMIT saveRequested(*segment);
}

void SegmentBuilder::requestSaveAsNew()
{
    if (m_saving)
        return;
    std::optional<seg::SavedSegment> segment = segmentToSave();
    if (!segment)
        return;
    if (m_edited && segment->name.compare(m_edited->name, Qt::CaseInsensitive) == 0) {
        showSaveError(tr("Give the new segment another name: \u201c%1\u201d is the one being "
                         "edited.")
                          .arg(m_edited->name));
        m_name->setFocus();
        m_name->selectAll();
        return;
    }
    Q_EMIT saveRequested(*segment);
}

void SegmentBuilder::chooseColor()
{
    const QColor color = QColorDialog::getColor(m_color, this, tr("Segment colour"));
    if (color.isValid())
        setSegmentColor(color);
}

} // namespace seg::ui
