#pragma once

#include "jobcontext.h"
#include "result.h"
#include "rulesqlcompiler.h"
#include "segmentrule.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace seg {

class Workspace;

/// Count, revenue and their shares of a rule, for the live preview.
struct SegmentPreview {
    qint64 customers = 0;
    double revenue = 0;
    qint64 totalCustomers = 0;
    double totalRevenue = 0;
    double customerShare() const
    {
        return totalCustomers > 0 ? double(customers) / double(totalCustomers) : 0;
    }
    /// Share of the total revenue (0 when the total is not positive).
    double revenueShare() const { return totalRevenue > 0 ? revenue / totalRevenue : 0; }
};

/// Customers and revenue of the whole base (customer_metrics), for the shares of segments.
struct BaseTotals {
    qint64 customers = 0;
    double revenue = 0;
    /// Share of the customers (0 when there are none).
    double customerShare(qint64 members) const
    {
        return customers > 0 ? double(members) / double(customers) : 0;
    }
    /// Share of the total revenue (0 when the total is not positive).
    double revenueShare(double part) const { return revenue > 0 ? part / revenue : 0; }
};

/// A saved segment as stored.
struct SavedSegment {
    qint64 id = 0;
    QString name;
    QString description;
    QString color;
    SegmentRule rule;
    QString definitionText;
    QString analysisDate;
    QString computedAt;
    QString createdAt;
    qint64 members = 0;
    double revenue = 0;
};

/// One computation of a saved segment.
struct SegmentHistoryEntry {
    QString computedAt;
    QString analysisDate;
    qint64 members = 0;
    qint64 customersTotal = 0;
    double revenue = 0;
};

/// Everything stored of one saved segment: its row, the history of its counts and its members,
/// as snapshot() read them. restore() puts exactly this back (undo of a delete).
/// Thread-safety: a plain value type.
struct SegmentSnapshot {
    SavedSegment segment; ///< the row, with its id, created_at, computed_at, counts
    QString definitionJson; ///< `definition` exactly as stored
    QList<SegmentHistoryEntry> history; ///< oldest first
    QStringList memberIds; ///< sorted
};

/// Customers in both of two segments.
struct SegmentOverlap {
    QStringList names;
    QList<qint64> sizes; ///< members of each
    /// counts[i][j] = customers in names[i] and names[j] (diagonal = size).
    QList<QList<qint64>> counts;
};

/// All SQL of segments: previews, saved segments, their members, history and overlaps.
/// Thread-safety: none; one Workspace per thread.
class SegmentStore {
public:
    /// Counts the customers and revenue matching `rule` and the totals. Cancellable within
    /// milliseconds through `job`.
    static Result<SegmentPreview> preview(Workspace& ws, const CompiledRule& rule, JobContext& job);

    /// Customers and revenue of the whole base: stored with customer_view when that is current,
    /// else one scan of customer_metrics.
    static Result<BaseTotals> totals(Workspace& ws);

    /// Saves a new segment (name unique, case-insensitive) and computes its members.
    static Result<SavedSegment> create(Workspace& ws, const SavedSegment& segment,
        const CompiledRule& compiled, const QDate& analysisDate, JobContext& job);
    /// Recomputes the members of a saved segment and adds to its history.
    static Result<SavedSegment> refresh(Workspace& ws, const QString& name,
        const CompiledRule& compiled, const QDate& analysisDate, JobContext& job);
    static Result<QList<SavedSegment>> list(Workspace& ws);
    /// The segment named `name` (case-insensitive); ErrorCode::BadInput when there is none.
    static Result<SavedSegment> find(Workspace& ws, const QString& name);
    static Result<void> remove(Workspace& ws, const QString& name);

    /// Renames the segment `oldName` (case-insensitive) to `newName` (trimmed) in place: its id,
    /// members, history and creation time stay. Rules of other segments that name it (the
    /// "segment" field) are changed to the new name. A change of case only is allowed; a name
    /// another segment has (whatever its case) is refused (ErrorCode::BadInput), as is an empty
    /// one (ErrorCode::Usage). One transaction: on failure nothing changes.
    static Result<SavedSegment> rename(
        Workspace& ws, const QString& oldName, const QString& newName);
    /// Changes the definition of the saved segment `name` in place and computes its members
    /// with `compiled` (the compiled form of `changes.rule`), appending to its history; id,
    /// creation time and earlier history stay. From `changes`: description, color (empty: keep
    /// the current one), rule, and name (empty or equal: keep; else renamed as by rename()).
    /// One transaction: on failure or cancellation through `job` nothing changes.
    static Result<SavedSegment> update(Workspace& ws, const QString& name,
        const SavedSegment& changes, const CompiledRule& compiled, const QDate& analysisDate,
        JobContext& job);
    /// Reads everything stored of the segment `name` (case-insensitive), for restore().
    static Result<SegmentSnapshot> snapshot(Workspace& ws, const QString& name);
    /// Deletes the segment `name` and returns what was deleted, in one transaction.
    static Result<SegmentSnapshot> take(Workspace& ws, const QString& name);
    /// Puts a snapshot back: the segment row with its id (a new id when another segment has
    /// taken that one meanwhile), its history and its members, as they were. Refused
    /// (ErrorCode::BadInput, nothing changes) when a segment with its name exists.
    static Result<SavedSegment> restore(Workspace& ws, const SegmentSnapshot& snapshot);
    static Result<QList<SegmentHistoryEntry>> history(Workspace& ws, qint64 segmentId);
    /// Member customer ids, sorted.
    static Result<QStringList> members(Workspace& ws, qint64 segmentId);
    /// Pairwise overlaps of the named segments.
    static Result<SegmentOverlap> overlap(Workspace& ws, const QStringList& names);
};

} // namespace seg
