#pragma once

#include "segmentrule.h"

#include <QList>
#include <QUndoCommand>

#include <functional>

namespace seg::ui {

/// One edit of the rule in the segment builder: the whole rule before and after, and which node
/// was selected, so that undo and redo restore both. Consecutive edits of the text form merge
/// into one command (typing a rule is one step to undo).
class RuleEditCommand : public QUndoCommand {
public:
    /// Puts a rule on screen and selects the node at a path.
    using Apply = std::function<void(const seg::SegmentRule& rule, const QList<int>& selection)>;

    /// `mergeable`: an edit of the text form, merged with the text edit before it.
    RuleEditCommand(const QString& text, Apply apply, seg::SegmentRule before,
        QList<int> selectionBefore, seg::SegmentRule after, QList<int> selectionAfter,
        bool mergeable = false);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    const seg::SegmentRule& after() const { return m_after; }

private:
    Apply m_apply;
    seg::SegmentRule m_before;
    QList<int> m_selectionBefore;
    seg::SegmentRule m_after;
    QList<int> m_selectionAfter;
    bool m_mergeable = false;
};

} // namespace seg::ui
