#pragma once

#include "jobcontext.h"
#include "metricsstore.h"
#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <vector>

namespace seg {

class Workspace;

/// Windows of the lifecycle status, in days (../shared/PRODUCT.md, "Lifecycle").
struct LifecycleOptions {
    int newDays = 90; ///< first purchase at most this many days before the analysis date
    int activeDays = 365; ///< last purchase at most this many days ago
    int lapsedDays = 730; ///< last purchase more than activeDays and at most this many days ago
};

/// Revenue tiers: the top `cutoffs` percent of buyers by revenue (default 1, 5, 20).
struct ValueTierOptions {
    /// 1, 5, 20 (made out of line: GCC 12 warns falsely about an inlined initializer list).
    static QList<double> defaultCutoffs();
    QList<double> cutoffs = defaultCutoffs();
};

/// The lifecycle windows and value tiers a workspace uses (CustomerStatus::storedOptions()).
struct StatusOptions {
    LifecycleOptions lifecycle;
    ValueTierOptions tiers;
    /// False when the workspace holds no options yet: the others are the defaults.
    bool stored = false;
};

/// Size of one status or tier.
struct StatusCount {
    QString name;
    qint64 customers = 0;
    double revenue = 0;
    double minRevenue = 0; ///< tiers: the lowest revenue in the tier
};

/// Outcome of CustomerStatus::compute().
struct CustomerStatusResult {
    QList<StatusCount> lifecycle; ///< prospect, new, active, lapsed, lost
    QList<StatusCount> tiers; ///< "Top 1 %", ..., "Rest"
    std::vector<std::pair<QString, QString>> lifecycleOf; ///< customer id, status
    std::vector<QString> tierOf; ///< parallel to lifecycleOf; empty for prospects
    /// Revenue share curve for the Pareto chart: (share of buyers, share of revenue) at 100
    /// points, buyers sorted by revenue descending.
    QList<std::pair<double, double>> pareto;
    QJsonObject toJson() const;
};

/// Lifecycle status and value tier of every customer, from customer_metrics.
///
/// Lifecycle, checked in this order: prospect = no order; new = first purchase within newDays
/// of the analysis date; active = last purchase within activeDays; lapsed = last purchase
/// within lapsedDays; lost = longer ago.
/// Tiers over buyers (orders > 0) by revenue, highest first: for a cut-off p %, k = ceil(p/100 ×
/// buyers) and the tier's threshold is the k-th highest revenue; a buyer belongs to the
/// smallest cut-off whose threshold their revenue reaches, so equal revenues share a tier.
/// Buyers below every threshold are "Rest"; prospects have no tier.
class CustomerStatus {
public:
    static Result<CustomerStatusResult> compute(const std::vector<CustomerMetricsRow>& metrics,
        const LifecycleOptions& lifecycle, const ValueTierOptions& tiers, JobContext& job);
    /// Checks the options: Usage error unless the windows are positive with the lapsed window
    /// longer than the active one, and the cut-offs distinct percentages in (0, 100].
    static Result<void> validate(const LifecycleOptions& lifecycle, const ValueTierOptions& tiers);
    /// compute() and store the result in customer_status, with the options in workspace_meta
    /// (status.options, JSON).
    static Result<CustomerStatusResult> computeAndStore(Workspace& ws,
        const std::vector<CustomerMetricsRow>& metrics, const LifecycleOptions& lifecycle,
        const ValueTierOptions& tiers, JobContext& job);
    /// The windows and cut-offs stored by the last computeAndStore() (status.options): the
    /// defaults when none are stored, and for a key a stored object lacks. Fails with
    /// ErrorCode::Workspace when the stored JSON cannot be read or a value has the wrong type
    /// (a window that is not a positive whole number, a cut-off that is not a number).
    static Result<StatusOptions> storedOptions(Workspace& ws);
    /// Stores valid options as the workspace's (status.options) without computing: the
    /// statuses computed next use them. For replacing damaged stored options.
    static Result<void> storeOptions(
        Workspace& ws, const LifecycleOptions& lifecycle, const ValueTierOptions& tiers);
    /// compute() with the stored options and store the result, noting which metrics it is for
    /// (status.metrics_computed_at).
    static Result<CustomerStatusResult> refreshStored(
        Workspace& ws, const std::vector<CustomerMetricsRow>& metrics, JobContext& job);
    /// Name of the tier for cut-off `percent` ("Top 1 %").
    static QString tierName(double percent);
};

} // namespace seg
