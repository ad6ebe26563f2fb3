#pragma once

#include "jobcontext.h"
#include "result.h"
#include "rfmmodel.h"

#include <QDate>

namespace seg {

class Workspace;

/// The RFM settings a workspace scores with, so what rules and saved segments use
/// (RfmScoring::storedSettings()).
struct RfmSettings {
    RfmOptions options; ///< bins, custom thresholds and segment map
    /// The chosen analysis date of the customer metrics; null = the day after the last
    /// transaction (the default).
    QDate analysisDate;
    /// False when the workspace holds no RFM settings yet: `options` are the defaults.
    bool stored = false;
    /// The analysis date of the stored metrics (chosen or not); null when none are stored.
    QDate metricsDate;
};

/// Runs the analysis steps that segment rules read, against a workspace: brings the customer
/// metrics up to date and scores RFM, storing the results (customer_metrics, customer_status,
/// rfm_scores). Synchronous; run it in a worker thread.
class RfmScoring {
public:
    /// Recomputes the customer metrics when the data or the analysis date choice changed since
    /// they were stored (null date = the day after the last transaction). Returns the analysis
    /// date of the stored metrics.
    static Result<QDate> ensureMetrics(Workspace& ws, const QDate& analysisDate, JobContext& job);
    /// Scores the stored metrics and stores the scores and their settings (rfm.* in
    /// workspace_meta: bins, thresholds, map, result, analysis_date, metrics_computed_at).
    static Result<RfmResult> scoreAndStore(
        Workspace& ws, const RfmOptions& options, const QDate& metricsDate, JobContext& job);
    /// The options stored by the last scoreAndStore() (rfm.bins, rfm.thresholds, rfm.map): the
    /// defaults when none are stored. A workspace scored before custom thresholds were stored
    /// gets them from the stored result. Fails with ErrorCode::Workspace, naming the setting,
    /// when a stored value cannot be read (damaged JSON, bins outside 3..5).
    static Result<RfmOptions> storedOptions(Workspace& ws);
    /// The analysis date chosen for the stored metrics (metrics.chosen_date); null when the
    /// default (the day after the last transaction) is used or nothing is stored. Fails with
    /// ErrorCode::Workspace when the stored value is not a date.
    static Result<QDate> storedAnalysisDate(Workspace& ws);
    /// storedOptions() and storedAnalysisDate() together, and whether anything was stored.
    static Result<RfmSettings> storedSettings(Workspace& ws);
    /// ensureMetrics(), then RFM with storedOptions() when no scores were stored for the
    /// current metrics, then the denormalised customer_view (CustomerViewStore) when it is
    /// stale. A null `analysisDate` keeps the workspace's choice (storedAnalysisDate(): a chosen
    /// date stays chosen), so rules agree with the stored RFM settings. Returns the analysis
    /// date.
    static Result<QDate> ensureScores(Workspace& ws, const QDate& analysisDate, JobContext& job);
};

} // namespace seg
