#pragma once

#include "columntype.h"
#include "dateformat.h"
#include "valueparser.h"

#include <QCoreApplication>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seg {

/// The type TypeInference proposes for one column, with the evidence the interface shows.
struct TypeProposal {
    /// Proposed type; it accepts every sampled non-missing value (see TypeInference::propose()).
    ColumnType type = ColumnType::Text;
    /// Date order for Date/DateTime. For Category/Text it holds the order of `candidate` when
    /// that is Date/DateTime; otherwise empty.
    std::optional<DateOrder> dateOrder;
    /// True when both day-month-year and month-day-year read every sampled value (no day above
    /// 12 was seen) and day-month-year was a guess.
    bool dateOrderAmbiguous = false;
    /// Translated plain-words reason for the proposal, e.g. "Every value parses as
    /// day-month-year; 31-12-2013 rules out month-first."
    QString note;
    /// Share (0-1) of all sampled values that are missing (empty or white space).
    double missingShare = 0;
    /// Share (0-1) of the non-missing sampled values that `candidate` does not accept; 0 when
    /// there is no candidate. The proposed `type` itself always accepts every value.
    double failShare = 0;
    /// Only for Category/Text proposals: the stricter type (YesNo, Integer, Decimal, Date or
    /// DateTime) that accepts the most sampled values, if it accepts at least half of them.
    /// E.g. candidate Decimal with failShare 0.03: "3% of the values are not numbers".
    /// For codes (leading zeros as in "007", or whole numbers too long for qint64) it is Integer
    /// and failShare is the share of values too long for qint64 (0 for leading-zero codes).
    std::optional<ColumnType> candidate;
    /// Number of distinct non-missing sampled values (after trimming, case-sensitive), counted
    /// up to TypeInference::DistinctCap.
    qint64 distinct = 0;
    /// True when counting stopped at TypeInference::DistinctCap (distinct is then a lower bound).
    bool distinctCapped = false;
};

/// Collects the sampled values of ONE column (typically the first few thousand rows of a file)
/// and proposes its type. It keeps a trimmed copy of every added value, so feed it a sample,
/// not a whole file. Not thread-safe for add(); the const functions may run concurrently.
class TypeInference {
    Q_DECLARE_TR_FUNCTIONS(seg::TypeInference)

public:
    /// Distinct values are counted up to this many.
    static constexpr qint64 DistinctCap = 10000;
    /// At most this many distinct values for a Category proposal.
    static constexpr qint64 MaxCategories = 1000;

    /// `headerName` is the column's name in the file; it helps to recognise YYYYMMDD dates.
    explicit TypeInference(QString headerName);

    /// The header name given to the constructor.
    const QString& headerName() const;

    /// Adds one sampled field (UTF-8, already unquoted); a trimmed copy is kept.
    void add(std::string_view field);

    /// Number of fields added, missing ones included.
    qint64 count() const;

    /// Proposes the column's type for numbers in format `fmt`. The rules, first match wins
    /// (all of them over the non-missing values; the proposed type accepts every value):
    /// 1. no non-missing value: Text ("empty column");
    /// 2. every value is a yes/no word (ValueParser::parseYesNo()) or "0"/"1": YesNo; a column
    ///    of only "0"/"1" needs both to occur (a column of only 1s is Integer);
    /// 3. every value is an integer: Integer, except
    ///    - some value has a leading zero ("007", "00012") or does not fit in 64 bits: a code,
    ///      Category or Text by rule 6;
    ///    - every value is exactly 8 digits, a valid YYYYMMDD date in 1900-2100, and the header
    ///      contains "date", "day", "dt" or "time" (any case): Date with DateOrder::Compact
    ///      (not when forcedDateOrder is set to another order);
    /// 4. every value is a number: Decimal;
    /// 5. every value is a date in one order: Date, or DateTime when some value has a time.
    ///    Orders tried: forcedDateOrder alone if set, else Y-M-D, D/M/Y, M/D/Y and YYYYMMDD.
    ///    Y-M-D wins when it fits; when both D/M/Y and M/D/Y fit, D/M/Y is chosen and
    ///    dateOrderAmbiguous is set;
    /// 6. otherwise Category when distinct <= MaxCategories and distinct <= half of the
    ///    non-missing values (or, with fewer than 20 non-missing values, some value repeats);
    ///    else Text. `candidate` and `failShare` then tell how close a stricter type came.
    TypeProposal propose(
        NumberFormat fmt, std::optional<DateOrder> forcedDateOrder = std::nullopt) const;

    /// Whether `field` can be stored in a column of `type`; used to verify every value during
    /// the import. Missing fields (ValueParser::isMissing()) are accepted by every type (they
    /// become NULL). Integer: parseNumber() with isInteger; Decimal: parseNumber(); Date and
    /// DateTime: parseDate() in `order` (Y-M-D when empty), with or without a time (a Date
    /// column drops the time, a DateTime column reads a bare date as midnight); YesNo:
    /// ValueParser::parseYesNoOrDigit(); Category and Text: always. Thread-safe.
    static bool accepts(
        ColumnType type, std::string_view field, NumberFormat fmt, std::optional<DateOrder> order);

    /// Detects the file's number format from the sampled values of all its columns. Every column
    /// whose values are (at least 90%) numbers in some candidate format votes for the formats
    /// that read the most of its values; the format with most votes wins. Candidates: '.'
    /// decimal with no, ',', ' ' or '\'' thousands separator; ',' decimal with no, '.' or ' '
    /// thousands separator. A thousands separator is only chosen when some value needs it.
    /// Ties (e.g. only "1,234"-like values) go to '.' decimal unless `delimiter` (the file's field
    /// delimiter) is ';', where ',' decimal is the norm. Default: '.' decimal, no separator.
    static NumberFormat detectNumberFormat(
        const std::vector<const TypeInference*>& columns, char delimiter);

private:
    std::string_view value(std::size_t index) const;

    QString m_headerName;
    std::string m_buffer; // all trimmed values, back to back
    std::vector<std::size_t> m_ends; // end offset of each value in m_buffer
};

} // namespace seg
