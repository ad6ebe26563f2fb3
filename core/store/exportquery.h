#pragma once

#include "jobcontext.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <string_view>

namespace seg {

class Statement;
class Workspace;

/// Where an exportable column comes from.
enum class ExportColumnKind {
    CustomerId, ///< the member's customer id (segment_members.customer_id)
    Attribute, ///< a column of the customers table (column_meta)
    Metric, ///< customer_metrics
    Score, ///< rfm_scores
    Status, ///< customer_status (lifecycle status, value tier)
    SegmentName, ///< the name of the saved segment the row belongs to
};

/// A column that segment members can be exported with.
struct ExportColumn {
    QString name; ///< header in the file and name in `--columns` ("country", "revenue", "r")
    ExportColumnKind kind = ExportColumnKind::Attribute;
    QString table; ///< source table; empty for CustomerId and SegmentName
    QString column; ///< column in that table
};

/// Storage class of one exported value, as SQLite holds it.
enum class ExportValueType { Null, Integer, Real, Text };

/// One member row while ExportQuery::scanMembers() streams it: the values of the chosen
/// columns, in their order. Valid only during the callback.
class ExportRow {
public:
    explicit ExportRow(const Statement& stmt, int columns)
        : m_stmt(stmt)
        , m_columns(columns)
    {
    }
    int size() const { return m_columns; }
    /// Storage class of value `i` (a BLOB is reported as Text).
    ExportValueType type(int i) const;
    qint64 integer(int i) const;
    double real(int i) const;
    /// UTF-8 text of value `i`, without a copy.
    std::string_view text(int i) const;

private:
    const Statement& m_stmt;
    int m_columns = 0;
};

/// All SQL of exporting segment members: the exportable columns of a workspace and the member
/// rows of saved segments with chosen columns. Members are read from segment_members and LEFT
/// JOINed to customers, customer_metrics, rfm_scores and customer_status (only the tables the
/// chosen columns need), so a customer missing from a table gets NULL (an empty cell).
/// Identifiers are quoted with Database::quoteIdentifier, values are bound.
///
/// Thread-safety: none; use the Workspace on its own thread.
class ExportQuery {
public:
    /// Every exportable column, in this order: customer_id; the customer attributes in
    /// column_meta order (an attribute named like a derived column is offered as
    /// "attr_<name>"); first_purchase, last_purchase, orders, revenue, average_order_value,
    /// recency_days, tenure_days, mean_days_between_orders, categories, top_channel; r, f, m,
    /// fm, rfm_segment; lifecycle_status, value_tier; segment (the saved segment's name).
    static Result<QList<ExportColumn>> columns(Workspace& ws);

    /// The columns exported when none are chosen: customer_id, every attribute, orders,
    /// revenue, last_purchase, rfm_segment and lifecycle_status.
    static QList<ExportColumn> defaultColumns(const QList<ExportColumn>& available);

    /// The columns named in `names` (in that order), looked up in `available`. Also accepts
    /// the rule field names r_score, f_score, m_score and fm_score for r, f, m and fm.
    /// ErrorCode::BadInput naming the unknown column and listing the known ones; ErrorCode::Usage
    /// for an empty list or a column given twice.
    static Result<QList<ExportColumn>> resolve(
        const QList<ExportColumn>& available, const QStringList& names);

    /// Number of members of a saved segment.
    static Result<qint64> memberCount(Workspace& ws, qint64 segmentId);

    /// Calls `row` for each member of each segment in `segmentIds` (segments in the given
    /// order, members by customer id) with the values of `columns`. `row` returns false to
    /// stop early (the scan then returns the rows seen so far). Cancellable within
    /// milliseconds: fails with ErrorCode::Cancelled once `job` is cancelled. Progress is left
    /// to the caller, which knows the totals. Returns the number of rows passed to `row`.
    static Result<qint64> scanMembers(Workspace& ws, const QList<qint64>& segmentIds,
        const QList<ExportColumn>& columns, const std::function<bool(const ExportRow&)>& row,
        JobContext& job);
};

} // namespace seg
