#include "valueparser.h"

#include <charconv>
#include <climits>
#include <cstddef>
#include <system_error>

namespace seg {

namespace {

    // Longest number body (digits, separators, exponent) after sign and currency; longer fields
    // are not numbers anyone can mean (and would need a heap buffer).
    constexpr std::size_t MaxNumberBody = 120;

    bool isDigit(char c) { return c >= '0' && c <= '9'; }

    unsigned char byteAt(std::string_view s, std::size_t i)
    {
        return static_cast<unsigned char>(s[i]);
    }

    // Length in bytes of the no-break space (U+00A0, U+202F) starting at s[i], else 0.
    std::size_t noBreakSpaceAt(std::string_view s, std::size_t i)
    {
        if (i + 1 < s.size() && byteAt(s, i) == 0xC2 && byteAt(s, i + 1) == 0xA0)
            return 2;
        if (i + 2 < s.size() && byteAt(s, i) == 0xE2 && byteAt(s, i + 1) == 0x80
            && byteAt(s, i + 2) == 0xAF)
            return 3;
        return 0;
    }

    // Length in bytes of the white-space character starting at s[i], else 0.
    std::size_t spaceAt(std::string_view s, std::size_t i)
    {
        if (i >= s.size())
            return 0;
        const char c = s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            return 1;
        return noBreakSpaceAt(s, i);
    }

    // Length in bytes of the white-space character that ends s, else 0.
    std::size_t trailingSpace(std::string_view s)
    {
        if (s.empty())
            return 0;
        const char c = s.back();
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            return 1;
        if (s.size() >= 2 && noBreakSpaceAt(s, s.size() - 2) == 2)
            return 2;
        if (s.size() >= 3 && noBreakSpaceAt(s, s.size() - 3) == 3)
            return 3;
        return 0;
    }

    std::string_view trimmedLeft(std::string_view s)
    {
        while (const std::size_t n = spaceAt(s, 0))
            s.remove_prefix(n);
        return s;
    }

    std::string_view trimmedRight(std::string_view s)
    {
        while (const std::size_t n = trailingSpace(s))
            s.remove_suffix(n);
        return s;
    }

    constexpr std::string_view CurrencyTokens[] = {
        "$",
        "\xE2\x82\xAC", // €
        "\xC2\xA3", // £
        "\xC2\xA5", // ¥
        "\xE2\x82\xB9", // ₹
        "USD",
        "EUR",
        "GBP",
        "CHF",
    };

    // Whether a currency token can start or end with this byte (a quick test before the search).
    bool mayBeCurrency(char c)
    {
        return c == '$' || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
    }

    std::size_t currencyPrefix(std::string_view s)
    {
        if (s.empty() || !mayBeCurrency(s.front()))
            return 0;
        for (const std::string_view token : CurrencyTokens) {
            if (s.starts_with(token))
                return token.size();
        }
        return 0;
    }

    std::size_t currencySuffix(std::string_view s)
    {
        if (s.empty() || !mayBeCurrency(s.back()))
            return 0;
        for (const std::string_view token : CurrencyTokens) {
            if (s.ends_with(token))
                return token.size();
        }
        return 0;
    }

    // Length of the thousands separator at s[i] (0 if none); ' ' also stands for no-break spaces.
    std::size_t thousandsAt(std::string_view s, std::size_t i, char thousands)
    {
        if (thousands == 0 || i >= s.size())
            return 0;
        if (s[i] == thousands)
            return 1;
        if (thousands == ' ')
            return noBreakSpaceAt(s, i);
        return 0;
    }

    std::size_t digitRun(std::string_view s, std::size_t i)
    {
        std::size_t n = 0;
        while (i + n < s.size() && isDigit(s[i + n]))
            ++n;
        return n;
    }

    // Reads minDigits..maxDigits digits at s[i] (the run must not be longer) into out.
    bool readInt(
        std::string_view s, std::size_t& i, std::size_t minDigits, std::size_t maxDigits, int& out)
    {
        const std::size_t run = digitRun(s, i);
        if (run < minDigits || run > maxDigits)
            return false;
        int v = 0;
        for (std::size_t k = 0; k < run; ++k)
            v = v * 10 + (s[i + k] - '0');
        out = v;
        i += run;
        return true;
    }

    // Reads exactly `count` digits at s[i] into out, whatever follows them.
    bool readExact(std::string_view s, std::size_t& i, std::size_t count, int& out)
    {
        if (digitRun(s, i) < count)
            return false;
        int v = 0;
        for (std::size_t k = 0; k < count; ++k)
            v = v * 10 + (s[i + k] - '0');
        out = v;
        i += count;
        return true;
    }

    bool isDateSeparator(char c) { return c == '-' || c == '/' || c == '.'; }

    bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

    int daysInMonth(int year, int month)
    {
        static constexpr int Days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        if (month == 2 && isLeapYear(year))
            return 29;
        return Days[month - 1];
    }

    // Three numbers separated by the same one of '-', '/', '.'; widths per part.
    bool readTriple(std::string_view s, std::size_t& i, const std::size_t (&minW)[3],
        const std::size_t (&maxW)[3], int (&out)[3])
    {
        char separator = 0;
        for (int part = 0; part < 3; ++part) {
            if (part > 0) {
                if (i >= s.size() || !isDateSeparator(s[i]))
                    return false;
                if (part == 1)
                    separator = s[i];
                else if (s[i] != separator)
                    return false;
                ++i;
            }
            if (!readInt(s, i, minW[part], maxW[part], out[part]))
                return false;
        }
        return true;
    }

    bool readDatePart(std::string_view s, std::size_t& i, DateOrder order, ParsedDateTime& dt)
    {
        int parts[3] = { 0, 0, 0 };
        switch (order) {
        case DateOrder::YearMonthDay:
            if (!readTriple(s, i, { 4, 1, 1 }, { 4, 2, 2 }, parts))
                return false;
            dt.year = parts[0];
            dt.month = parts[1];
            dt.day = parts[2];
            break;
        case DateOrder::DayMonthYear:
            if (!readTriple(s, i, { 1, 1, 4 }, { 2, 2, 4 }, parts))
                return false;
            dt.day = parts[0];
            dt.month = parts[1];
            dt.year = parts[2];
            break;
        case DateOrder::MonthDayYear:
            if (!readTriple(s, i, { 1, 1, 4 }, { 2, 2, 4 }, parts))
                return false;
            dt.month = parts[0];
            dt.day = parts[1];
            dt.year = parts[2];
            break;
        case DateOrder::Compact: {
            int v = 0;
            if (!readInt(s, i, 8, 8, v))
                return false;
            dt.year = v / 10000;
            dt.month = v / 100 % 100;
            dt.day = v % 100;
            break;
        }
        }
        return dt.year >= 1 && dt.month >= 1 && dt.month <= 12 && dt.day >= 1
            && dt.day <= daysInMonth(dt.year, dt.month);
    }

    char lowerAscii(char c)
    {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }

    bool startsWithNoCase(std::string_view s, std::size_t i, std::string_view lowerWord)
    {
        if (s.size() - i < lowerWord.size())
            return false;
        for (std::size_t k = 0; k < lowerWord.size(); ++k) {
            if (lowerAscii(s[i + k]) != lowerWord[k])
                return false;
        }
        return true;
    }

    void skipSpaces(std::string_view s, std::size_t& i)
    {
        while (i < s.size() && s[i] == ' ')
            ++i;
    }

    // Time after the date: H:MM[:SS[.fff]] [AM|PM] [Z|UTC|GMT|+HH[[:]MM]]; must reach the end.
    bool readTimePart(std::string_view s, std::size_t& i, ParsedDateTime& dt)
    {
        if (!readInt(s, i, 1, 2, dt.hour))
            return false;
        if (i >= s.size() || s[i] != ':')
            return false;
        ++i;
        if (!readInt(s, i, 2, 2, dt.minute))
            return false;
        if (i < s.size() && s[i] == ':') {
            ++i;
            if (!readInt(s, i, 2, 2, dt.second))
                return false;
            if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
                ++i;
                const std::size_t run = digitRun(s, i);
                if (run == 0)
                    return false;
                i += run;
            }
        }
        skipSpaces(s, i);
        if (startsWithNoCase(s, i, "am") || startsWithNoCase(s, i, "pm")) {
            const bool pm = lowerAscii(s[i]) == 'p';
            i += 2;
            if (dt.hour < 1 || dt.hour > 12)
                return false;
            dt.hour = dt.hour % 12 + (pm ? 12 : 0);
            skipSpaces(s, i);
        }
        if (i < s.size()) {
            if (s[i] == 'Z') {
                ++i;
            } else if (startsWithNoCase(s, i, "utc") || startsWithNoCase(s, i, "gmt")) {
                i += 3;
            } else if (s[i] == '+' || s[i] == '-') {
                ++i;
                int offsetHours = 0;
                int offsetMinutes = 0;
                if (!readExact(s, i, 2, offsetHours) || offsetHours > 23)
                    return false;
                if (i < s.size() && s[i] == ':') {
                    ++i;
                    if (!readExact(s, i, 2, offsetMinutes))
                        return false;
                } else if (i < s.size() && !readExact(s, i, 2, offsetMinutes)) {
                    return false;
                }
                if (offsetMinutes > 59)
                    return false;
            }
        }
        return i == s.size() && dt.hour < 24 && dt.minute < 60 && dt.second < 60;
    }

    char* writeDigits(char* out, int value, int width)
    {
        for (int k = width - 1; k >= 0; --k) {
            out[k] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
        return out + width;
    }

} // namespace

std::string_view ValueParser::trimmed(std::string_view field)
{
    return trimmedRight(trimmedLeft(field));
}

bool ValueParser::isMissing(std::string_view field) { return trimmedLeft(field).empty(); }

std::optional<ParsedNumber> ValueParser::parseNumber(std::string_view field, NumberFormat fmt)
{
    std::string_view s = trimmed(field);
    if (s.empty())
        return std::nullopt;
    const char thousands = fmt.thousands == fmt.decimal ? char(0) : fmt.thousands;

    bool parenthesised = false;
    if (s.front() == '(') {
        if (s.size() < 3 || s.back() != ')')
            return std::nullopt;
        s = trimmed(s.substr(1, s.size() - 2));
        parenthesised = true;
    }

    bool negative = false;
    bool signSeen = false;
    const auto takeSign = [&] {
        if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
            negative = s.front() == '-';
            signSeen = true;
            s.remove_prefix(1);
        }
    };
    takeSign();
    if (const std::size_t n = currencyPrefix(s)) {
        s = trimmedLeft(s.substr(n));
        if (!signSeen)
            takeSign();
    } else if (const std::size_t m = currencySuffix(s)) {
        s = trimmedRight(s.substr(0, s.size() - m));
    }
    if (parenthesised) {
        if (signSeen)
            return std::nullopt;
        negative = true;
    }

    // The body: digits [groups] [decimal digits] [e [sign] digits]. Validate it first; it is
    // only copied (to drop separators and make the decimal a '.') when from_chars needs that.
    std::size_t i = digitRun(s, 0);
    std::size_t mantissaDigits = i;
    bool grouped = false;
    if (thousandsAt(s, i, thousands) != 0) {
        if (i < 1 || i > 3)
            return std::nullopt;
        grouped = true;
        while (const std::size_t separator = thousandsAt(s, i, thousands)) {
            i += separator;
            if (digitRun(s, i) != 3)
                return std::nullopt;
            i += 3;
            mantissaDigits += 3;
        }
    }
    bool integerShaped = true;
    if (i < s.size() && s[i] == fmt.decimal) {
        integerShaped = false;
        ++i;
        const std::size_t run = digitRun(s, i);
        mantissaDigits += run;
        i += run;
    }
    if (mantissaDigits == 0)
        return std::nullopt;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        integerShaped = false;
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        const std::size_t run = digitRun(s, i);
        if (run == 0)
            return std::nullopt;
        i += run;
    }
    if (i != s.size() || s.size() > MaxNumberBody)
        return std::nullopt;

    char buffer[MaxNumberBody];
    const char* begin = s.data();
    const char* end = s.data() + s.size();
    if (grouped || (!integerShaped && fmt.decimal != '.')) {
        std::size_t n = 0;
        for (const char c : s) {
            if (c == fmt.decimal)
                buffer[n++] = '.';
            else if (isDigit(c) || c == 'e' || c == 'E' || c == '+' || c == '-')
                buffer[n++] = c;
            // else: a byte of a thousands separator
        }
        begin = buffer;
        end = buffer + n;
    }

    ParsedNumber result;
    if (integerShaped) {
        // Digits only; read the magnitude unsigned so that qint64's minimum fits.
        unsigned long long magnitude = 0;
        const auto [ptr, ec] = std::from_chars(begin, end, magnitude);
        constexpr auto maxPositive = static_cast<unsigned long long>(LLONG_MAX);
        if (ec == std::errc() && ptr == end && magnitude <= maxPositive + (negative ? 1 : 0)) {
            if (!negative)
                result.integer = static_cast<qint64>(magnitude);
            else if (magnitude == maxPositive + 1)
                result.integer = LLONG_MIN;
            else
                result.integer = -static_cast<qint64>(magnitude);
            result.value = static_cast<double>(result.integer);
            result.isInteger = true;
            return result;
        }
    }
    const auto [ptr, ec] = std::from_chars(begin, end, result.value);
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    if (negative)
        result.value = -result.value;
    return result;
}

std::optional<ParsedDateTime> ValueParser::parseDate(std::string_view field, DateOrder order)
{
    const std::string_view s = trimmed(field);
    ParsedDateTime dt;
    std::size_t i = 0;
    if (!readDatePart(s, i, order, dt))
        return std::nullopt;
    if (i == s.size())
        return dt;
    if (s[i] == 'T')
        ++i;
    else if (s[i] == ' ')
        skipSpaces(s, i);
    else
        return std::nullopt;
    if (!readTimePart(s, i, dt))
        return std::nullopt;
    dt.hasTime = true;
    return dt;
}

int ValueParser::formatIso(const ParsedDateTime& dt, bool withTime, char* out)
{
    char* p = writeDigits(out, dt.year, 4);
    *p++ = '-';
    p = writeDigits(p, dt.month, 2);
    *p++ = '-';
    p = writeDigits(p, dt.day, 2);
    if (withTime) {
        *p++ = ' ';
        p = writeDigits(p, dt.hour, 2);
        *p++ = ':';
        p = writeDigits(p, dt.minute, 2);
        *p++ = ':';
        p = writeDigits(p, dt.second, 2);
    }
    *p = '\0';
    return static_cast<int>(p - out);
}

std::optional<bool> ValueParser::parseYesNo(std::string_view field)
{
    const std::string_view s = trimmed(field);
    if (s.empty() || s.size() > 5)
        return std::nullopt;
    char lower[5];
    for (std::size_t k = 0; k < s.size(); ++k)
        lower[k] = lowerAscii(s[k]);
    const std::string_view w(lower, s.size());
    if (w == "yes" || w == "y" || w == "true" || w == "t" || w == "ja" || w == "oui" || w == "si"
        || w == "s\xC3\xAD" /* sí */ || w == "s\xC3\x8D" /* SÍ */)
        return true;
    if (w == "no" || w == "n" || w == "false" || w == "f" || w == "nein" || w == "non")
        return false;
    return std::nullopt;
}

std::optional<bool> ValueParser::parseYesNoOrDigit(std::string_view field)
{
    const std::string_view s = trimmed(field);
    if (s == "1")
        return true;
    if (s == "0")
        return false;
    return parseYesNo(s);
}

} // namespace seg
