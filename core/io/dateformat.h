#pragma once

#include <QString>

#include <optional>

namespace seg {

/// Order of the parts of a date in a file. For the three-part orders any of '-', '/' or '.'
/// separates the parts (the same separator twice, e.g. "31.12.2024"); the year always has four
/// digits, day and month one or two. Compact is exactly eight digits YYYYMMDD with no separator.
/// A time of day may follow any order (see ValueParser::parseDate()).
enum class DateOrder {
    YearMonthDay, ///< 2024-12-31, 2024/12/31, 2024.12.31 (ISO 8601 when '-')
    DayMonthYear, ///< 31/12/2024, 31-12-2024, 31.12.2024
    MonthDayYear, ///< 12/31/2024, 12-31-2024, 12.31.2024
    Compact, ///< 20241231
};

/// Stable name of the order for the CLI and JSON: "Y-M-D", "D/M/Y", "M/D/Y" or "YYYYMMDD".
QString dateOrderName(DateOrder order);

/// Translated name for the interface, with an example, e.g. "day/month/year (31/12/2024)".
QString dateOrderDisplayName(DateOrder order);

/// Inverse of dateOrderName(); trimmed and case-insensitive. Also accepts the spellings "ISO",
/// "YMD", "Y/M/D", "Y.M.D", "YYYY-MM-DD", "DMY", "D-M-Y", "D.M.Y", "DD-MM-YYYY", "DD/MM/YYYY",
/// "DD.MM.YYYY", "MDY", "M-D-Y", "MM/DD/YYYY", "MM-DD-YYYY", "M/D/YYYY" and "compact".
/// Returns std::nullopt for anything else.
std::optional<DateOrder> dateOrderFromName(const QString& name);

} // namespace seg
