#pragma once

#include "jobcontext.h"
#include "metricsstore.h"
#include "result.h"
#include "rfmsegmentmap.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace seg {

/// Parameters of RFM scoring.
struct RfmOptions {
    int bins = 5; ///< 3, 4 or 5
    /// Custom cut points (bins - 1 ascending values) replacing the quantiles of one dimension.
    std::optional<std::vector<double>> recencyThresholds;
    std::optional<std::vector<double>> frequencyThresholds;
    std::optional<std::vector<double>> monetaryThresholds;
    RfmSegmentMap map = RfmSegmentMap::defaultMap();
};

/// Binning of one of recency (days), frequency (orders) and monetary (revenue).
struct RfmDimension {
    std::vector<double> thresholds; ///< bins - 1 cut points
    bool custom = false; ///< thresholds were given, not quantiles
    std::vector<qint64> counts; ///< customers per score 1..bins (index 0 = score 1)
};

/// Customers and revenue of one named segment.
struct RfmSegmentSize {
    QString name;
    qint64 customers = 0;
    double revenue = 0;
};

/// Outcome of RFM scoring.
struct RfmResult {
    int bins = 5;
    qint64 customersScored = 0; ///< customers with at least one order
    qint64 prospects = 0; ///< customers without an order (not scored)
    RfmDimension recency;
    RfmDimension frequency;
    RfmDimension monetary;
    std::vector<RfmScoreRow> scores; ///< one per scored customer
    QList<RfmSegmentSize> segments; ///< map order, then the remainder segment when used
    RfmSegmentMap::Coverage coverage;
    /// JSON for `segwb rfm --json` (without the per-customer scores).
    QJsonObject toJson() const;
};

/// RFM scores and named segments (../shared/PRODUCT.md, "RFM").
///
/// Binning, for n bins: the thresholds t_1..t_(n-1) are the i/n quantiles of the scored
/// customers' values, linearly interpolated between order statistics (Hyndman-Fan type 7, the
/// default of NumPy and R); a value's bin is 1 + the number of thresholds it is strictly greater
/// than, so equal values always share a bin. F and M scores are the bin; R is n + 1 - bin of the
/// recency in days (recent is good). Customers without an order are not scored.
class RfmModel {
public:
    /// Scores the customers of `metrics` (rows with orders > 0).
    static Result<RfmResult> fit(
        const std::vector<CustomerMetricsRow>& metrics, const RfmOptions& options, JobContext& job);
    /// The i/bins quantiles (i = 1..bins-1) of ascending `sorted` values, type 7.
    static std::vector<double> quantileThresholds(const std::vector<double>& sorted, int bins);
    /// 1 + the number of thresholds that `value` is strictly greater than.
    static int bin(double value, const std::vector<double>& thresholds);
};

} // namespace seg
