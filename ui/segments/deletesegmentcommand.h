#pragma once

#include "segmentstore.h"

#include <QUndoCommand>

#include <functional>
#include <memory>
#include <optional>

namespace seg::ui {

/// Deleting a saved segment, undoable: undo puts back exactly what was deleted (same id,
/// creation time, members and history of counts; SegmentStore::take and restore).
class DeleteSegmentCommand : public QUndoCommand {
public:
    /// What the deletion took. Written by the job that deletes and read by the job that brings
    /// the segment back; both run in order on the page's one-thread job queue, so the GUI
    /// thread never touches the (possibly large) member list.
    using Deleted = std::shared_ptr<std::optional<seg::SegmentSnapshot>>;
    using Action = std::function<void(const QString& name, const Deleted& deleted)>;

    /// `remove` deletes the segment `name` and fills `deleted`; `restore` puts `deleted` back.
    /// Both start background jobs.
    DeleteSegmentCommand(QString name, Action remove, Action restore);

    void undo() override;
    void redo() override;

private:
    QString m_name;
    Deleted m_deleted;
    Action m_remove;
    Action m_restore;
};

} // namespace seg::ui
