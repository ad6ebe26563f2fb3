#include "deletesegmentcommand.h"

#include <QCoreApplication>

namespace seg::ui {

DeleteSegmentCommand::DeleteSegmentCommand(
    seg::SavedSegment segment, Action remove, Action recreate)
    : QUndoCommand(QCoreApplication::translate("seg::ui::DeleteSegmentCommand", "Delete “%1”")
                       .arg(segment.name))
    , m_segment(std::move(segment))
    , m_remove(std::move(remove))
    , m_recreate(std::move(recreate))
{
}

void DeleteSegmentCommand::undo() { m_recreate(m_segment); }

void DeleteSegmentCommand::redo() { m_remove(m_segment); }

} // namespace seg::ui
