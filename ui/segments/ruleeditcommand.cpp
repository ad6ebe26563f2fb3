#include "ruleeditcommand.h"

namespace seg::ui {

namespace {
constexpr int kTextEditId = 0x5e61;
}

RuleEditCommand::RuleEditCommand(const QString& text, Apply apply, seg::SegmentRule before,
    QList<int> selectionBefore, seg::SegmentRule after, QList<int> selectionAfter, bool mergeable)
    : QUndoCommand(text)
    , m_apply(std::move(apply))
    , m_before(std::move(before))
    , m_selectionBefore(std::move(selectionBefore))
    , m_after(std::move(after))
    , m_selectionAfter(std::move(selectionAfter))
    , m_mergeable(mergeable)
{
}

void RuleEditCommand::undo() { m_apply(m_before, m_selectionBefore); }

void RuleEditCommand::redo() { m_apply(m_after, m_selectionAfter); }

int RuleEditCommand::id() const { return m_mergeable ? kTextEditId : -1; }

bool RuleEditCommand::mergeWith(const QUndoCommand* other)
{
    const auto* edit = dynamic_cast<const RuleEditCommand*>(other);
    if (!edit || !edit->m_mergeable || !m_mergeable)
        return false;
    m_after = edit->m_after;
    m_selectionAfter = edit->m_selectionAfter;
    return true;
}

} // namespace seg::ui
