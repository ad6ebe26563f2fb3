#pragma once

#include "segmentstore.h"

#include <QUndoCommand>

#include <functional>

namespace seg::ui {

/// Deleting a saved segment, undoable: undo creates it again from its definition (name,
/// description, colour, rule), computed anew for the current data.
class DeleteSegmentCommand : public QUndoCommand {
public:
    using Action = std::function<void(const seg::SavedSegment& segment)>;

    /// `remove` deletes the segment, `recreate` saves it again; both start background jobs.
    DeleteSegmentCommand(seg::SavedSegment segment, Action remove, Action recreate);

    void undo() override;
    void redo() override;

private:
    seg::SavedSegment m_segment;
    Action m_remove;
    Action m_recreate;
};

} // namespace seg::ui
