#pragma once

#include "jobcontext.h"
#include "result.h"
#include "rfmmodel.h"

#include <QDate>

namespace seg {

class Workspace;

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
    /// workspace_meta).
    static Result<RfmResult> scoreAndStore(
        Workspace& ws, const RfmOptions& options, const QDate& metricsDate, JobContext& job);
    /// ensureMetrics(), then RFM with the default options when no scores were stored for the
    /// current metrics, then the denormalised customer_view (CustomerViewStore) when it is
    /// stale. Returns the analysis date.
    static Result<QDate> ensureScores(Workspace& ws, const QDate& analysisDate, JobContext& job);
};

} // namespace seg
