#pragma once

#include "jobcontext.h"
#include "result.h"
#include "workspace.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <optional>
#include <vector>

namespace seg {

/// One distinct value of a column and how many rows hold it.
struct ValueCount {
    QVariant value; ///< as stored: qint64, double or QString (a yes/no column holds 0 or 1)
    qint64 count = 0;
};

/// The values of a number or date column, read in one pass.
struct ColumnScan {
    qint64 rows = 0; ///< rows of the table
    qint64 missing = 0; ///< rows where the column is empty (NULL)
    qint64 invalid = 0; ///< non-empty values that are not of the column's type
    /// The readable values, in table order. Numbers as stored; dates and date-times as days
    /// since 1970-01-01 (the fraction is the time of day: 0.5 = noon).
    std::vector<double> values;
};

/// The value frequencies of a column, read in one pass (GROUP BY).
struct FrequencyScan {
    qint64 rows = 0; ///< rows of the table
    qint64 missing = 0; ///< rows where the column is empty (NULL)
    qint64 distinct = 0; ///< distinct non-empty values
    /// The most frequent non-empty values, most frequent first; equal counts in ascending
    /// order of the value (SQLite's order: numbers before text, text by bytes).
    QList<ValueCount> top;
};

/// Reads one column of a data table for its profile (ColumnProfile). All SQL of column
/// profiles lives here.
///
/// Safety: the table and column names reach SQL text only after checking that the column is a
/// real column of the table; names are quoted with Database::quoteIdentifier().
///
/// Cost: each read is one scan of the table (about 0.1-0.3 s per million rows; the frequency
/// read sorts the values as well) and no per-row heap allocation.
///
/// Thread-safety: none. It uses the connection of the Workspace it was made from, so it belongs
/// to that Workspace's thread; the Workspace must outlive it.
class ColumnStatsQuery {
public:
    ColumnStatsQuery(Workspace& workspace, QString table, QString column);
    ColumnStatsQuery(const ColumnStatsQuery&) = delete;
    ColumnStatsQuery& operator=(const ColumnStatsQuery&) = delete;
    ~ColumnStatsQuery();

    /// Lets `job` stop a running read: SQLite polls job->isCancelled() every few thousand
    /// steps, and a cancelled read returns ErrorCode::Cancelled within milliseconds. The reads
    /// report progress in rows. nullptr stops polling; `job` must outlive the next read.
    void setJobContext(JobContext* job);

    /// The column as described in column_meta (or, for a table made outside the importer, from
    /// its declared type). Fails with ErrorCode::BadInput when the table or column does not
    /// exist.
    Result<ColumnInfo> column();

    /// Reads a number column (integer, decimal): numeric values go to ColumnScan::values, text
    /// to ColumnScan::invalid.
    Result<ColumnScan> readNumbers();
    /// Reads a date or date-time column (text 'YYYY-MM-DD[ HH:MM:SS]') as days since
    /// 1970-01-01; values SQLite's julianday() cannot read count as invalid.
    Result<ColumnScan> readDays();
    /// Counts the distinct values and keeps the `top` most frequent (0 to 1000).
    Result<FrequencyScan> readFrequencies(int top);

private:
    /// The largest rowid, an estimate of the rows for progress reports.
    qint64 estimatedRows();
    Result<ColumnScan> scan(const QString& valueExpression);
    Error readError(const QString& message) const;

    Workspace& m_workspace;
    JobContext* m_job = nullptr;
    QString m_table;
    QString m_column;
    std::optional<ColumnInfo> m_info;
};

} // namespace seg
