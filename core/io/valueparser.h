#pragma once

#include "dateformat.h"

#include <QtGlobal>

#include <optional>
#include <string_view>

namespace seg {

/// Decimal and thousands separators of the numbers in a file.
/// thousands == 0: no thousands separator expected; thousands == ' ' also accepts the UTF-8
/// no-break spaces U+00A0 and U+202F. A thousands separator equal to `decimal` is ignored.
struct NumberFormat {
    char decimal = '.';
    char thousands = 0;

    friend bool operator==(const NumberFormat&, const NumberFormat&) = default;
};

/// A parsed number. `value` always holds the number as a double; when `isInteger` is true
/// (no decimal separator, no exponent, fits in qint64) `integer` holds it exactly.
struct ParsedNumber {
    double value = 0;
    qint64 integer = 0;
    bool isInteger = false;
};

/// A parsed calendar date with an optional wall-clock time (no time zone: offsets are dropped).
/// month 1-12, day 1-31, hour 0-23, minute and second 0-59; all time fields 0 when !hasTime.
struct ParsedDateTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    bool hasTime = false;

    friend bool operator==(const ParsedDateTime&, const ParsedDateTime&) = default;
};

/// Parsers for the text of one CSV field (UTF-8, unquoted already), used on every field of an
/// import. None of them allocates; all are pure functions and thread-safe.
/// "White space" below means ASCII space, \t, \r, \n, \v, \f and the UTF-8 no-break spaces
/// U+00A0 and U+202F.
class ValueParser {
public:
    /// The field without leading and trailing white space (a view into `field`).
    static std::string_view trimmed(std::string_view field);

    /// True when the field is empty or only white space (a missing value). "NA", "NULL" and
    /// similar are NOT missing values here.
    static bool isMissing(std::string_view field);

    /// Parses a number. Accepts surrounding white space; a leading '+' or '-'; one currency
    /// symbol or code before or after the number, with or without a space ($ € £ ¥ ₹, "USD",
    /// "EUR", "GBP", "CHF" in capitals; a sign may stand before or after a leading one:
    /// "-$5", "$-5"); accounting negatives in parentheses "(12.50)", "($12.50)". A trailing minus
    /// ("12-") is rejected. The decimal separator is fmt.decimal; thousands separators only when
    /// fmt.thousands is set and only in proper groups of three digits ("1,234,567.8" is a number,
    /// "12,34" and "1234,567" are not when fmt.thousands == ','). Exponents ("1.5e3", "2E-4")
    /// are accepted, "inf", "nan", hexadecimal, percentages and out-of-range values (1e999) are
    /// rejected. Leading zeros ("007") are accepted (TypeInference decides whether that is a
    /// code). Bodies longer than 120 significant characters are rejected.
    static std::optional<ParsedNumber> parseNumber(std::string_view field, NumberFormat fmt);

    /// Parses a date or date-time whose date part is in the given order (see DateOrder);
    /// surrounding white space is ignored. The date may be followed by ' ' (one or more) or 'T'
    /// and a time: H:MM or HH:MM, optionally :SS, optionally a fraction ".fff" or ",fff"
    /// (dropped, only after seconds), optionally "AM"/"PM" (any case, space optional; the hour is
    /// then 1-12), optionally 'Z', "UTC", "GMT" or an offset +HH, +HH:MM, +HHMM, -HH:MM...
    /// (dropped: the wall time is kept as written). Years have exactly four digits (1-9999;
    /// two-digit years are rejected), day and month one or two digits. Real calendar dates only
    /// (leap years honoured), hour < 24, minute and second < 60.
    static std::optional<ParsedDateTime> parseDate(std::string_view field, DateOrder order);

    /// Writes "YYYY-MM-DD" (10 chars) or, when withTime, "YYYY-MM-DD HH:MM:SS" (19 chars) into
    /// `out` followed by a terminating '\0'; `out` must hold at least 20 bytes. Returns the number
    /// of chars written without the '\0'. `dt` must hold a valid date (as from parseDate()).
    static int formatIso(const ParsedDateTime& dt, bool withTime, char* out);

    /// Yes/no words, trimmed and case-insensitive: yes/no, y/n, true/false, t/f, ja/nein, oui/non,
    /// si/no (also "sí") give true/false. "1" and "0" are NOT accepted here (see
    /// parseYesNoOrDigit()).
    static std::optional<bool> parseYesNo(std::string_view field);

    /// Like parseYesNo() and also accepts "1" (true) and "0" (false): what a YesNo column holds.
    static std::optional<bool> parseYesNoOrDigit(std::string_view field);
};

} // namespace seg
