#pragma once

#include "jobcontext.h"
#include "metricsstore.h"
#include "result.h"

#include <QDate>
#include <QJsonObject>

#include <optional>
#include <vector>

namespace seg {

class Workspace;

/// What a metrics computation did, for the summary and `segwb metrics`.
struct MetricsSummary {
    QDate analysisDate;
    bool analysisDateChosen = false; ///< false: the day after the last transaction
    qint64 customers = 0; ///< customers with a metrics row (buyers + prospects)
    qint64 buyers = 0; ///< customers with at least one order
    qint64 prospects = 0; ///< customers without an order (no RFM score)
    qint64 transactionsUsed = 0; ///< transactions dated before the analysis date
    qint64 orders = 0; ///< orders (positive total) over all customers
    double revenue = 0; ///< sum of all amounts used, returns included
    bool orderIds = false; ///< orders are order ids (else purchase days)
    QJsonObject toJson() const;
};

/// Per-customer purchase metrics, computed from the transactions for an analysis date.
///
/// Definitions (../shared/PRODUCT.md, "Customer metrics"): only transactions dated before the
/// analysis date count. An order is a distinct order id of the customer (a distinct purchase day
/// when the table has no order ids, or for lines without one) whose lines sum to more than 0;
/// its date is the earliest of its lines. Returns and cancellations count in revenue, not as
/// orders. first/last purchase = dates of the first and last order; recency = analysis date -
/// last purchase and tenure = analysis date - first purchase, in whole days; average order value
/// = revenue / orders; mean days between orders = (last - first) / (orders - 1) for 2 or more
/// orders. categories = distinct non-missing categories over all the customer's transactions;
/// top channel = the channel of most of them (ties: the alphabetically first). Every customer of
/// the customers table gets a row; those without an order are prospects (orders 0).
///
/// Synchronous and single-threaded; polls `job` every few thousand rows.
class CustomerMetrics {
public:
    /// Computes the metrics of every customer. `analysisDate` null = the day after the last
    /// transaction (today when there are none).
    static Result<std::vector<CustomerMetricsRow>> compute(
        Workspace& ws, const QDate& analysisDate, MetricsSummary& summary, JobContext& job);
    /// compute() and store the result in customer_metrics (with its settings in
    /// workspace_meta: metrics.analysis_date, metrics.chosen_date, metrics.computed_at,
    /// metrics.data_version).
    static Result<MetricsSummary> computeAndStore(
        Workspace& ws, const QDate& analysisDate, JobContext& job);
    /// True when the stored metrics were computed for this date choice and the data has not
    /// changed since (no import after them).
    static Result<bool> isCurrent(Workspace& ws, const QDate& analysisDate);
};

} // namespace seg
