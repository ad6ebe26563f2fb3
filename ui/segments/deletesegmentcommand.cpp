#include "deletesegmentcommand.h"

#include <QCoreApplication>

namespace seg::ui {

DeleteSegmentCommand::DeleteSegmentCommand(QString name, Action remove, Action restore)
    : QUndoCommand(
        QCoreApplication::translate("seg::ui::DeleteSegmentCommand", "Delete “%1”").arg(name))
    , m_name(std::move(name))
    , m_deleted(std::make_shared<std::optional<seg::SegmentSnapshot>>())
    , m_remove(std::move(remove))
    , m_restore(std::move(restore))
{
}

void DeleteSegmentCommand::undo() { m_restore(m_name, m_deleted); }

void DeleteSegmentCommand::redo() { m_remove(m_name, m_deleted); }

} // namespace seg::ui
