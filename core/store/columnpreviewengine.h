#pragma once

#include "columnevaluator.h"
#include "fieldcatalog.h"
#include "jobcontext.h"
#include "result.h"
#include "segmentrule.h"
#include "segmentstore.h"

#include <QDate>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <memory>

namespace seg {

class Workspace;

/// Live preview of segment rules (count, revenue and their shares) from columns of
/// customer_view held in memory, for the segment builder: after the first edit an edit costs a
/// few milliseconds at a million customers instead of a scan of customer_view.
///
/// Keep one engine per open workspace and call preview() after each edit, in a background job.
/// preview():
/// 1. compiles the rule with RuleSqlCompiler (same validation errors as the SQL path);
/// 2. uses the in-memory columns when customer_view is current (CustomerViewStore::isCurrent)
///    and every field of the rule is one of its columns; the columns are loaded lazily, the
///    first time a rule uses them, in one scan (SELECT the columns FROM customer_view ORDER BY
///    rowid) together with revenue, and kept until the view's stamp or table definition
///    changes (then everything is dropped and loaded again on demand);
/// 3. otherwise runs SegmentStore::preview() (SQL), unchanged: rules on saved segments, on
///    free-text attributes or fields not in customer_view (e.g. fields added to the catalog
///    later), a stale or missing customer_view, and columns holding values that the evaluator
///    does not model exactly as SQLite compares them (text in a number column, integers beyond
///    ±2^53, numbers or blobs in a category column, blobs in a date column, a text column whose
///    declared type has numeric affinity): such a column is marked unsupported and rules using
///    it run in SQL. The result is the SQL's either way (see ColumnEvaluator).
///
/// Memory: 8 bytes per customer for each loaded number or yes/no column (revenue always;
/// 8 MB per column at a million customers), 4 bytes per customer plus the distinct values for
/// a category or date column; clear() frees it. Nothing is loaded before a rule needs it.
///
/// Cancellation: `job` is polled between column loads, every 16,384 rows while loading (SQLite's
/// progress handler too) and every 65,536 rows while evaluating; a cancelled preview returns
/// ErrorCode::Cancelled and keeps the columns loaded before it (a partly loaded column is
/// dropped).
///
/// Thread-safety: calls are serialised by an internal mutex, so the engine may be called from
/// any thread, but one call runs at a time (a second call waits: cancel the first). The engine
/// opens its own read-only connection on the calling thread and opens a new one when a later
/// call comes from another thread (one SQLite connection per thread); the columns are kept.
class ColumnPreviewEngine {
public:
    /// An engine for the workspace file at `workspacePath`; opens nothing yet.
    explicit ColumnPreviewEngine(QString workspacePath);
    ~ColumnPreviewEngine();
    ColumnPreviewEngine(const ColumnPreviewEngine&) = delete;
    ColumnPreviewEngine& operator=(const ColumnPreviewEngine&) = delete;

    /// Count and revenue of the customers matching `rule`, and the totals (as
    /// SegmentStore::preview). `hasCustomers`: whether the customers table exists (as for
    /// RuleSqlCompiler::compile). Errors: the rule's validation errors (BadInput), Cancelled,
    /// Workspace.
    Result<SegmentPreview> preview(const SegmentRule& rule, const FieldCatalog& catalog,
        const QDate& analysisDate, bool hasCustomers, JobContext& job);
    /// The same on a connection the caller owns and uses on this thread (e.g. the command-line
    /// tool's workspace, or an in-memory one in tests); the engine's own connection is not used.
    Result<SegmentPreview> preview(Workspace& ws, const SegmentRule& rule,
        const FieldCatalog& catalog, const QDate& analysisDate, bool hasCustomers, JobContext& job);

    /// Loads the columns of `fields` (names of rule fields of `catalog`) ahead of the first
    /// preview that needs them, e.g. in the background when the builder opens. Fields that
    /// cannot be held are skipped; a stale customer_view loads nothing.
    Result<void> preload(const QStringList& fields, const FieldCatalog& catalog, JobContext& job);
    /// The fields worth preloading, in the order a marketer is likely to reach them: those of
    /// `current` (the rule being edited), then metrics, scores and statuses, then attributes;
    /// only fields of customer_view.
    static QStringList preloadOrder(const FieldCatalog& catalog, const SegmentRule& current);
    /// Memory a background preload should stop at (columns past it are still read when a rule
    /// needs them): about 25 fields at a million customers.
    static constexpr qint64 kPreloadBytes = qint64(256) << 20;

    /// How the last preview() was answered.
    enum class Path { None, Columns, Sql };
    struct LastRun {
        Path path = Path::None;
        QString fallbackReason; ///< why SQL ran (not translated; logs and tests)
        int columnsLoaded = 0; ///< columns read from the workspace by that call
        double loadMilliseconds = 0; ///< reading those columns
        double evaluateMilliseconds = 0; ///< evaluating the rule in memory
    };
    LastRun lastRun() const;
    /// Fields whose columns are in memory (revenue included).
    QStringList loadedFields() const;
    /// Heap memory of the columns in memory, in bytes.
    qint64 memoryBytes() const;
    /// Drops the columns and closes the engine's connection (call on the thread that used it).
    void clear();

    const QString& workspacePath() const { return m_path; }

private:
    struct State;
    Result<SegmentPreview> run(Workspace& ws, const SegmentRule& rule, const FieldCatalog& catalog,
        const QDate& analysisDate, bool hasCustomers, JobContext& job);
    Result<Workspace*> ownWorkspace();

    QString m_path;
    mutable QMutex m_mutex;
    std::unique_ptr<State> m_state;
};

} // namespace seg
