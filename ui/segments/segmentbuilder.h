#pragma once

#include "columnpreviewengine.h"
#include "fieldcatalog.h"
#include "ruletemplates.h"
#include "segmentrule.h"
#include "segmentstore.h"

#include <QColor>
#include <QDate>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QFrame;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QTreeView;
class QUndoStack;

namespace seg {
class JobContext;
}

namespace seg::ui {

class ConditionEditor;
class RuleTreeModel;

/// The segment builder: the condition tree of a rule with its editing buttons (add condition,
/// add group, AND/OR, negate, move, remove), the editor of the selected condition, the text
/// form kept in step both ways, a live bar with the count, the share of customers and the
/// share of revenue, and the name, description and colour to save the segment with.
///
/// Every change of the rule is a RuleEditCommand on undoStack() (Ctrl+Z / Ctrl+Shift+Z). The
/// preview runs in the background on a ColumnPreviewEngine (the customers' fields as columns in
/// memory, read in the background when the builder opens: a few milliseconds per edit at a
/// million customers; SQL for rules it cannot evaluate); a newer edit cancels the running
/// preview and results of older edits are dropped.
class SegmentBuilder : public QWidget {
    Q_OBJECT
public:
    explicit SegmentBuilder(QWidget* parent = nullptr);
    /// Cancels the running preview and waits for it (milliseconds).
    ~SegmentBuilder() override;

    /// The workspace to preview in, its fields and the analysis date of its metrics. An empty
    /// path disables the builder. Another workspace clears the builder; the same one again
    /// keeps the rule and counts it again.
    void setContext(const QString& workspacePath, const seg::FieldCatalog& catalog,
        const QDate& analysisDate, bool hasCustomers);
    /// Names of the saved segments (values of the "segment" field; default names).
    void setSegmentNames(const QStringList& names);

    /// The rule being edited, normalized.
    seg::SegmentRule rule() const;
    /// The text form as shown (possibly invalid while being typed).
    QString ruleText() const;
    /// Replaces the rule by parsing `text`, as if typed (one undo step); false when it does
    /// not parse or does not fit the workspace (the message is in textError()).
    bool setRuleText(const QString& text);
    /// Ready-made segments offered by the Templates button (grouped by model).
    void setTemplates(const QList<seg::SegmentTemplate>& templates);
    /// Puts a template's rule in the builder (one undo step) and names the segment after it.
    void applyTemplate(const seg::SegmentTemplate& t);
    /// The problem with the typed text ("... (at character 12)"); empty when it is valid.
    QString textError() const;
    /// Clears rule, name and description and the undo history, and leaves edit mode.
    void reset();

    /// Edit mode: loads a saved segment (name, description, colour, rule; the undo history of
    /// the rule starts again). "Save changes" then asks to change it in place
    /// (updateRequested), "Save as new" to save the definition as another segment.
    void editSegment(const seg::SavedSegment& segment);
    /// Follows the stored state of the segment being edited (after Save changes, its undo, a
    /// rename in the list) or starts editing `segment` without loading it. What on screen
    /// still equals the previous stored state takes the new one; changes not saved yet stay.
    void setEditedSegment(const seg::SavedSegment& segment);
    /// Leaves edit mode and keeps what is on screen (the segment was deleted).
    void leaveEditMode();
    bool isEditing() const { return m_edited.has_value(); }
    /// In edit mode, true when name, description, colour or rule differ from the stored ones.
    bool hasUnsavedChanges() const;
    /// Before the builder's content is replaced (New segment, Esc, editing another segment):
    /// when that would lose work (unsaved changes to the edited segment, or a new rule not
    /// saved yet), asks whether to discard it. True when the caller may go on.
    bool confirmDiscard();
    /// The rules of the saved segments: a new rule equal to one of them has nothing to lose.
    void setSavedRules(const QList<seg::SegmentRule>& rules) { m_savedRules = rules; }
    /// reset() after confirmDiscard() (New segment, Esc).
    void requestNewSegment();
    /// The saved segment being edited, as last stored; empty name when not editing.
    seg::SavedSegment editedSegment() const { return m_edited.value_or(seg::SavedSegment()); }

    QString segmentName() const;
    void setSegmentName(const QString& name);
    QString segmentDescription() const;
    void setSegmentDescription(const QString& description);
    QColor segmentColor() const { return m_color; }
    void setSegmentColor(const QColor& color);

    /// Editing steps, for buttons, menus and tests; they act on the selected node.
    void addCondition();
    void addGroup();
    void removeSelected();
    void negateSelected();
    void toggleGroupKind();
    void moveSelected(int delta);
    /// Moves the node at `from` into the group at `toGroup` before its child `row` (paths of
    /// the current rule); what a drag in the tree does.
    void moveNode(const QList<int>& from, const QList<int>& toGroup, int row);
    /// Selects the node at `path` (empty = the root group).
    void selectPath(const QList<int>& path);
    QList<int> selectedPath() const;

    RuleTreeModel* model() const { return m_model; }
    QUndoStack* undoStack() const { return m_undo; }
    ConditionEditor* conditionEditor() const { return m_editor; }
    /// The live bar's text ("12,345 customers · 8.2 % of customers · 31.0 % of revenue").
    QString previewText() const;
    /// The last preview shown, unset while it is computed or when the rule is incomplete.
    const std::optional<seg::SegmentPreview>& preview() const { return m_preview; }
    /// The engine that answers the previews (columns in memory); null without a workspace.
    const seg::ColumnPreviewEngine* previewEngine() const { return m_engine.get(); }
    bool isPreviewBusy() const { return m_previewBusy; }
    /// Shows whether a save is running (disables Save).
    void setSaving(bool saving);
    /// Shows a problem with saving next to the Save button (empty clears it).
    void showSaveError(const QString& message);

Q_SIGNALS:
    /// The live bar shows a new preview (or the reason there is none).
    void previewReady();
    /// The user asked to save the rule as `segment` (name, description, colour, rule).
    void saveRequested(const seg::SavedSegment& segment);
    /// In edit mode, the user asked to change the saved segment `name` to `changes` (name,
    /// description, colour, rule) in place.
    void updateRequested(const QString& name, const seg::SavedSegment& changes);
    /// Edit mode started, ended, or moved to another saved segment.
    void editModeChanged(bool editing);

private:
    void applyRule(const seg::SegmentRule& rule, const QList<int>& selection);
    void pushEdit(const QString& text, const seg::SegmentRule& after,
        const QList<int>& selectionAfter, bool fromText = false);
    void onSelectionChanged();
    void onConditionEdited(const seg::RuleNode& condition);
    void onTextEdited(const QString& text);
    void updateButtons();
    void startPreview();
    void startPreload();
    void requestSave();
    void requestSaveAsNew();
    /// The definition on screen, checked; empty (with the problem shown) when it cannot be saved.
    std::optional<seg::SavedSegment> segmentToSave();
    void updateEditMode();
    void chooseColor();
    seg::RuleNode newCondition() const;

    QString m_path;
    seg::FieldCatalog m_catalog;
    QDate m_analysisDate;
    bool m_hasCustomers = false;
    QColor m_color;
    bool m_fromText = false;
    QString m_textError;

    RuleTreeModel* m_model = nullptr;
    QUndoStack* m_undo = nullptr;
    QTreeView* m_tree = nullptr;
    ConditionEditor* m_editor = nullptr;
    QLabel* m_editorHint = nullptr;
    QLineEdit* m_text = nullptr;
    QLabel* m_textMessage = nullptr;
    QLabel* m_bar = nullptr;
    QLabel* m_analysisLabel = nullptr;
    QLineEdit* m_name = nullptr;
    QToolButton* m_templates = nullptr;
    QLineEdit* m_description = nullptr;
    QToolButton* m_colorButton = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_saveAsNew = nullptr;
    QLabel* m_saveMessage = nullptr;
    QGroupBox* m_saveBox = nullptr;
    QFrame* m_editBanner = nullptr;
    QLabel* m_editLabel = nullptr;
    QPushButton* m_newSegment = nullptr;
    QAction* m_leaveEdit = nullptr;
    std::optional<seg::SavedSegment> m_edited;
    QList<seg::SegmentRule> m_savedRules; ///< normalized
    bool m_saving = false;
    QToolButton* m_addCondition = nullptr;
    QToolButton* m_addGroup = nullptr;
    QToolButton* m_andOr = nullptr;
    QToolButton* m_negate = nullptr;
    QToolButton* m_up = nullptr;
    QToolButton* m_down = nullptr;
    QToolButton* m_remove = nullptr;

    std::optional<seg::SegmentPreview> m_preview;
    bool m_previewBusy = false;
    quint64 m_generation = 0;
    std::shared_ptr<seg::JobContext> m_job;
    QThreadPool m_pool;
    /// Columns of the customers in memory (shared with the workers), for fast previews.
    std::shared_ptr<seg::ColumnPreviewEngine> m_engine;
    /// Reads the fields' columns into m_engine in the background when the builder opens.
    std::shared_ptr<seg::JobContext> m_preloadJob;
    QThreadPool m_preloadPool;
};

} // namespace seg::ui
