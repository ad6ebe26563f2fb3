#pragma once

#include "fieldcatalog.h"
#include "ruletemplates.h"
#include "segmentstore.h"

#include <QDate>
#include <QThreadPool>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;
class QUndoStack;

namespace seg {
class JobContext;
class Workspace;
}

namespace seg::ui {

class MessageBar;
class SegmentBuilder;
class SegmentListModel;

/// The segments page: on the left the saved segments of the workspace (colour, name, members,
/// shares of customers and revenue, computed date) with edit, duplicate, rename, refresh and
/// delete (edit, rename and delete undoable, in place: a segment keeps its id, creation time and
/// history of counts), and the overlap of the selected segments as a heatmap; on the right the
/// segment builder, which also edits a saved segment (Edit, Enter, Ctrl+Shift+E or
/// double-click).
///
/// setWorkspace() first brings the customer metrics and RFM scores up to date in the background
/// (RfmScoring::ensureScores), then loads the fields and the saved segments. All reads and writes
/// of segments run in one background queue, each job on its own connection.
class SegmentsPage : public QWidget {
    Q_OBJECT
public:
    explicit SegmentsPage(QWidget* parent = nullptr);
    /// Cancels and waits for the background jobs.
    ~SegmentsPage() override;

    /// The workspace file to work on; empty = none.
    void setWorkspace(const QString& path);
    /// Reads the workspace again (scores, customer_view, fields, analysis date, saved
    /// segments) after another page changed it, keeping what is in the builder.
    void refresh();
    const QString& workspacePath() const { return m_path; }

    SegmentBuilder* builder() const { return m_builder; }
    SegmentListModel* listModel() const { return m_listModel; }
    /// Undo history of the segment list (edits, renames, deletions).
    QUndoStack* listUndoStack() const { return m_listUndo; }
    /// True while the workspace is being prepared or a segment job runs.
    bool isBusy() const { return m_pending > 0; }
    /// The analysis date of the metrics the segments are computed on.
    QDate analysisDate() const { return m_analysisDate; }
    /// The message shown in the page's message bar (empty when hidden).
    QString message() const;

    /// Segment actions (the buttons call these); each runs in the background.
    void duplicateSegment(const QString& name);
    /// Renames in place through the undo stack: undo renames it back.
    void renameSegment(const QString& name, const QString& newName);
    void refreshSegment(const QString& name);
    /// Deletes through the undo stack: undo brings back the same segment with its history.
    void deleteSegment(const QString& name);
    /// Loads the saved segment into the builder in edit mode.
    void editSegment(const QString& name);
    /// Changes the saved segment `name` in place to `changes` (name, description, colour,
    /// rule) through the undo stack: undo puts the previous definition back (both count the
    /// members again).
    void updateSegment(const QString& name, const seg::SavedSegment& changes);
    /// Shows the overlap of the named segments (at least two).
    void showOverlap(const QStringList& names);
    /// The overlap on screen.
    const std::optional<seg::SegmentOverlap>& overlap() const { return m_overlap; }

Q_SIGNALS:
    /// A segment was saved, changed or deleted.
    void segmentsChanged();
    /// The workspace is prepared (fields and segments loaded) or failed (see message()).
    void ready();
    /// The segment list was reloaded after a job.
    void listUpdated();
    /// The overlap heatmap shows the selected segments.
    void overlapReady();

private:
    struct Outcome {
        quint64 generation = 0;
        bool isPrepare = false;
        bool prepared = false;
        bool changed = false;
        QString error;
        QString info;
        seg::FieldCatalog catalog;
        QDate analysisDate;
        bool hasCustomers = false;
        QList<seg::SegmentTemplate> templates;
        QList<seg::SavedSegment> segments;
        qint64 totalCustomers = 0;
        double totalRevenue = 0;
        QString select;
        /// The builder goes on editing `select` (saved with "Save as new").
        bool editSelected = false;
        /// `segments` was read (a failure to open the workspace leaves it empty).
        bool listed = false;
    };
    struct Context {
        QString path;
        seg::FieldCatalog catalog;
        QDate analysisDate;
        bool hasCustomers = false;
    };
    /// Work on a writable connection; returns an error message, or empty. May set
    /// Outcome::info and Outcome::select.
    using Work = std::function<QString(seg::Workspace&, Context&, Outcome&, seg::JobContext&)>;

    void runStoreJob(Work work, bool changes, bool isPrepare = false);
    /// The background job that makes scores and customer_view current and reads the fields.
    void prepare();
    void onOutcome(const Outcome& out);
    void saveSegment(const seg::SavedSegment& segment);
    void recreateSegment(const seg::SavedSegment& segment);
    void runRename(const QString& from, const QString& to, bool undoing);
    void runUpdate(const QString& name, const seg::SavedSegment& changes, bool undoing);
    void takeSegment(
        const QString& name, const std::shared_ptr<std::optional<seg::SegmentSnapshot>>& deleted);
    void restoreSegment(
        const QString& name, const std::shared_ptr<std::optional<seg::SegmentSnapshot>>& deleted);
    void followEditedSegment(const QList<seg::SavedSegment>& segments);
    QStringList selectedNames() const;
    void onListSelectionChanged();
    void showOverlapTable();
    void updateButtons();
    QString uniqueName(const QString& base) const;

    QString m_path;
    quint64 m_generation = 0;
    int m_pending = 0;
    seg::FieldCatalog m_catalog;
    QDate m_analysisDate;
    bool m_hasCustomers = false;
    std::optional<seg::SegmentOverlap> m_overlap;
    quint64 m_overlapGeneration = 0;

    MessageBar* m_messages = nullptr;
    SegmentListModel* m_listModel = nullptr;
    QTableView* m_list = nullptr;
    QUndoStack* m_listUndo = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_duplicate = nullptr;
    QPushButton* m_rename = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_undo = nullptr;
    QLabel* m_overlapTitle = nullptr;
    QTableWidget* m_overlapTable = nullptr;
    SegmentBuilder* m_builder = nullptr;
    std::shared_ptr<seg::JobContext> m_cancel;
    QThreadPool m_pool;
};

} // namespace seg::ui
