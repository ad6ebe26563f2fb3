#pragma once

#include "jobcontext.h"
#include "result.h"
#include "workspace.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <optional>

namespace seg {

/// One attribute of a customer: a column of the customers table and its stored value.
struct CustomerAttribute {
    ColumnInfo column;
    QVariant value; ///< null, qint64, double or QString as stored (yes/no as 0 or 1)
};

/// What a customer's transactions add up to (the workspace's customer-metric definitions).
struct CustomerTotals {
    qint64 transactionRows = 0; ///< rows of the transactions table for the customer
    /// Distinct order ids whose amounts add up to more than zero; rows without an order id (or
    /// a table without that column) count by purchase day instead. A pure return is no order.
    qint64 orders = 0;
    double revenue = 0; ///< sum of all amounts, returns (negative amounts) included
    std::optional<QDate> firstPurchase; ///< day of the earliest order (as defined above)
    std::optional<QDate> lastPurchase; ///< day of the latest order
    std::optional<double> averageOrderValue; ///< revenue / orders, unset without orders
};

/// Revenue of one calendar month.
struct MonthlyRevenue {
    QDate month; ///< the first day of the month
    double revenue = 0; ///< sum of amounts dated in the month, returns included
    qint64 orders = 0; ///< orders (CustomerTotals::orders) whose day is in the month
};

/// Everything the workbench shows about one customer. A plain value type.
struct CustomerDetail {
    QString customerId;
    bool inCustomersTable = false; ///< the customers table has a row with this id
    bool hasTransactionsTable = false; ///< the workspace has a transactions table
    QList<CustomerAttribute> attributes; ///< customers columns in column_meta order
    /// Columns of the transactions table in column_meta order (customer_id left out).
    QList<ColumnInfo> transactionColumns;
    /// The customer's transactions sorted by order_date (then import order), one value per
    /// transactionColumns entry; at most kMaxTransactionRows rows.
    QList<QVariantList> transactions;
    bool transactionsTruncated = false; ///< more rows existed than were kept (totals see all)
    CustomerTotals totals;
    /// Every month from the first to the last transaction, oldest first (months without
    /// transactions have zeros); empty without transactions.
    QList<MonthlyRevenue> months;
};

/// Reads one customer's attributes and transactions and computes their totals. All SQL of the
/// customer detail lives here. The customer id is always a bound parameter; table and column
/// names reach SQL text only when they are real columns of the table, quoted.
///
/// Cost: a lookup by the unique customer_id index, and one scan of the transactions table
/// (which has no customer index): about 0.1-0.2 s per million transactions.
///
/// Thread-safety: none. It uses the connection of the Workspace it was made from, so it belongs
/// to that Workspace's thread; the Workspace must outlive it.
class CustomerDetailQuery {
public:
    /// Transactions kept for display; totals and months always use all of them.
    static constexpr qsizetype kMaxTransactionRows = 10000;

    explicit CustomerDetailQuery(Workspace& workspace);
    CustomerDetailQuery(const CustomerDetailQuery&) = delete;
    CustomerDetailQuery& operator=(const CustomerDetailQuery&) = delete;
    ~CustomerDetailQuery();

    /// Lets `job` stop a running read (SQLite polls it every few thousand steps); a cancelled
    /// read returns ErrorCode::Cancelled within milliseconds. nullptr stops polling; `job` must
    /// outlive the next read.
    void setJobContext(JobContext* job);

    /// The detail of the customer `customerId` (compared exactly, after trimming spaces).
    /// Works without a customers table (transactions only) and without a transactions table
    /// (attributes only). Fails with ErrorCode::BadInput when neither table knows the id.
    Result<CustomerDetail> read(const QString& customerId);

    /// Opens the workspace file read-only in the calling thread and reads the detail (see
    /// read()). Safe to call from any thread, one connection per call.
    static Result<CustomerDetail> read(
        const QString& workspacePath, const QString& customerId, JobContext& job);

private:
    /// Columns of `table` described in column_meta and really present (empty when the table
    /// does not exist); the real columns when it has no column_meta rows.
    Result<QList<ColumnInfo>> tableColumns(const QString& table);
    Result<void> readAttributes(CustomerDetail& detail);
    Result<void> readTransactions(CustomerDetail& detail);
    Error readError(const QString& message) const;

    Workspace& m_workspace;
    JobContext* m_job = nullptr;
};

} // namespace seg
