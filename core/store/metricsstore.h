#pragma once

#include "jobcontext.h"
#include "result.h"

#include <QDate>
#include <QHash>
#include <QString>

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace seg {

class Workspace;

/// One transaction as the metrics scan sees it. The views are valid only during the callback.
struct TransactionRow {
    std::string_view customerId;
    std::string_view orderId; ///< empty when the table has no order id or the value is missing
    std::string_view date; ///< "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS"
    double amount = 0; ///< missing amounts count as 0
    std::string_view category; ///< empty when missing or no such column
    std::string_view channel; ///< empty when missing or no such column
};

/// Which optional columns the transactions table has.
struct TransactionShape {
    bool hasTable = false;
    bool hasOrderId = false;
    bool hasCategory = false;
    bool hasChannel = false;
    qint64 rows = 0;
};

/// Metrics of one customer, as stored in customer_metrics (see docs/SCHEMA.md).
/// Dates are day numbers (QDate::toJulianDay()); 0 means none.
struct CustomerMetricsRow {
    QString customerId;
    qint64 firstDay = 0;
    qint64 lastDay = 0;
    qint64 orders = 0;
    double revenue = 0;
    std::optional<double> averageOrderValue;
    std::optional<qint64> recencyDays;
    std::optional<qint64> tenureDays;
    std::optional<double> meanDaysBetweenOrders;
    std::optional<qint64> categories;
    QString topChannel; ///< empty for none
};

/// RFM scores of one scored customer, as stored in rfm_scores.
struct RfmScoreRow {
    QString customerId;
    int r = 0;
    int f = 0;
    int m = 0;
    int fm = 0;
    QString segment;
};

/// All SQL of customer metrics and RFM: reading transactions, writing the metric and score
/// tables and their settings (workspace_meta keys metrics.* and rfm.*).
///
/// Thread-safety: none; use the Workspace on its own thread.
class MetricsStore {
public:
    /// Columns and row count of the transactions table.
    static Result<TransactionShape> transactionShape(Workspace& ws);
    /// The date of the latest transaction, none when there are no transactions.
    static Result<std::optional<QDate>> lastTransactionDate(Workspace& ws);
    /// Calls `row` for every transaction with a customer id whose date is before `before`
    /// (all with a date when `before` is null), in table order. Polls `job` every few thousand rows
    /// and reports progress in rows. Fails with ErrorCode::Cancelled when cancelled.
    static Result<qint64> scanTransactions(Workspace& ws, const TransactionShape& shape,
        const QDate& before, const std::function<void(const TransactionRow&)>& row,
        JobContext& job);
    /// Calls `id` for every customer id of the customers table (none when it does not exist).
    static Result<void> scanCustomerIds(
        Workspace& ws, const std::function<void(std::string_view)>& id, JobContext& job);

    /// Replaces customer_metrics with `rows` and records `meta` (keys without the "metrics."
    /// prefix) in one transaction.
    static Result<void> writeMetrics(Workspace& ws, const std::vector<CustomerMetricsRow>& rows,
        const QHash<QString, QString>& meta, JobContext& job);
    /// Reads customer_metrics back (ordered by customer id).
    static Result<std::vector<CustomerMetricsRow>> readMetrics(Workspace& ws, JobContext& job);
    /// A value stored under `key` in workspace_meta, empty when none.
    static Result<QString> metaValue(Workspace& ws, const QString& key);
    /// Fingerprint of the data that metrics depend on: the number and last id of imports.
    static Result<QString> dataVersion(Workspace& ws);

    /// Replaces customer_status with (customer id, lifecycle, value tier) rows and records
    /// `meta` (keys without the "status." prefix). An empty tier is stored as NULL.
    static Result<void> writeStatus(Workspace& ws,
        const std::vector<std::pair<QString, QString>>& lifecycle,
        const std::vector<QString>& tiers, const QHash<QString, QString>& meta, JobContext& job);

    /// Records `meta` (keys without `prefix`, e.g. "status.") in workspace_meta, in one
    /// transaction, leaving the tables alone.
    static Result<void> writeSettings(
        Workspace& ws, const QString& prefix, const QHash<QString, QString>& meta);

    /// Replaces rfm_scores with `rows` and records `meta` (keys without the "rfm." prefix).
    static Result<void> writeRfm(Workspace& ws, const std::vector<RfmScoreRow>& rows,
        const QHash<QString, QString>& meta, JobContext& job);
};

} // namespace seg
