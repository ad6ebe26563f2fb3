#include "typeinference.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <unordered_set>
#include <utility>

namespace seg {

namespace {

    // Small samples: with fewer non-missing values than this, any repeat makes a category.
    constexpr qint64 SmallSample = 20;
    // Longest example value quoted in a note, in characters.
    constexpr qsizetype MaxExampleLength = 30;

    // An example value for a note: plain text, shortened when long.
    QString example(std::string_view value)
    {
        QString text = QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
        if (text.size() > MaxExampleLength) {
            text.truncate(MaxExampleLength);
            text.append(QChar(0x2026)); // …
        }
        return text;
    }

    // 0.0333 -> "3.3" (in the current locale's notation).
    QString percent(double share)
    {
        return QLocale().toString(qRound(share * 1000.0) / 10.0, 'g', 4);
    }

    bool isAllDigits(std::string_view s)
    {
        for (const char c : s) {
            if (c < '0' || c > '9')
                return false;
        }
        return !s.empty();
    }

    // "007", "-0012", "$ 0042": the first digit is a zero and another digit follows it.
    bool hasLeadingZero(std::string_view s)
    {
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] >= '0' && s[i] <= '9')
                return s[i] == '0' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9';
        }
        return false;
    }

    // A parsed number written without decimal separator or exponent (an integer too long for
    // qint64 when ParsedNumber::isInteger is false).
    bool isIntegerShaped(std::string_view s, const ParsedNumber& number, NumberFormat fmt)
    {
        if (number.isInteger)
            return true;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == fmt.decimal)
                return false;
            if ((s[i] == 'e' || s[i] == 'E') && i + 1 < s.size()
                && ((s[i + 1] >= '0' && s[i + 1] <= '9') || s[i + 1] == '+' || s[i + 1] == '-'))
                return false;
        }
        return true;
    }

    bool headerLooksLikeDate(const QString& header)
    {
        const QString h = header.toLower();
        return h.contains(u"date") || h.contains(u"day") || h.contains(u"dt")
            || h.contains(u"time");
    }

    // How each date order fares on the sample.
    struct OrderResult {
        DateOrder order = DateOrder::YearMonthDay;
        qint64 fails = 0;
        bool anyTime = false;
        std::string_view firstFailure;
    };

} // namespace

TypeInference::TypeInference(QString headerName)
    : m_headerName(std::move(headerName))
{
}

const QString& TypeInference::headerName() const { return m_headerName; }

void TypeInference::add(std::string_view field)
{
    const std::string_view v = ValueParser::trimmed(field);
    m_buffer.append(v);
    m_ends.push_back(m_buffer.size());
}

qint64 TypeInference::count() const { return static_cast<qint64>(m_ends.size()); }

std::string_view TypeInference::value(std::size_t index) const
{
    const std::size_t begin = index == 0 ? 0 : m_ends[index - 1];
    return std::string_view(m_buffer).substr(begin, m_ends[index] - begin);
}

TypeProposal TypeInference::propose(
    NumberFormat fmt, std::optional<DateOrder> forcedDateOrder) const
{
    TypeProposal p;
    std::vector<std::string_view> values;
    values.reserve(m_ends.size());
    for (std::size_t i = 0; i < m_ends.size(); ++i) {
        const std::string_view v = value(i);
        if (!v.empty())
            values.push_back(v);
    }
    const qint64 total = count();
    const auto n = static_cast<qint64>(values.size());
    p.missingShare = total > 0 ? double(total - n) / double(total) : 0.0;
    if (n == 0) {
        p.note = tr("Empty column: no value was found in the sampled rows.");
        return p;
    }

    {
        std::unordered_set<std::string_view> seen;
        for (const std::string_view v : values) {
            if (static_cast<qint64>(seen.size()) >= DistinctCap) {
                p.distinctCapped = true;
                break;
            }
            seen.insert(v);
        }
        p.distinct = static_cast<qint64>(seen.size());
    }

    // One pass for yes/no and numbers.
    qint64 yesNoWords = 0;
    qint64 zeros = 0;
    qint64 ones = 0;
    qint64 numbers = 0;
    qint64 integers = 0;
    qint64 integerShaped = 0; // integers, plus integers too long for qint64
    qint64 tooLong = 0;
    std::string_view leadingZero; // first example of each kind
    std::string_view tooLongExample;
    std::string_view notYesNo;
    std::string_view notNumber;
    std::string_view notInteger;
    bool allCompact = true;
    for (const std::string_view v : values) {
        if (v == "0") {
            ++zeros;
        } else if (v == "1") {
            ++ones;
        } else if (ValueParser::parseYesNo(v)) {
            ++yesNoWords;
        } else if (notYesNo.empty()) {
            notYesNo = v;
        }
        const std::optional<ParsedNumber> number = ValueParser::parseNumber(v, fmt);
        if (!number) {
            if (notNumber.empty())
                notNumber = v;
            if (notInteger.empty())
                notInteger = v;
            allCompact = false;
            continue;
        }
        ++numbers;
        if (number->isInteger)
            ++integers;
        else if (notInteger.empty())
            notInteger = v;
        if (isIntegerShaped(v, *number, fmt)) {
            ++integerShaped;
            if (!number->isInteger) {
                ++tooLong;
                if (tooLongExample.empty())
                    tooLongExample = v;
            }
            if (leadingZero.empty() && hasLeadingZero(v))
                leadingZero = v;
        }
        if (allCompact) {
            const auto date = v.size() == 8 && isAllDigits(v)
                ? ValueParser::parseDate(v, DateOrder::Compact)
                : std::nullopt;
            allCompact = date && date->year >= 1900 && date->year <= 2100;
        }
    }
    const qint64 yesNo = yesNoWords + zeros + ones;

    // Category or Text, by the number of distinct values; used by the code and fallback cases.
    const auto categoryOrText = [&p, n] {
        const bool category = !p.distinctCapped && p.distinct <= MaxCategories
            && (p.distinct * 2 <= n || (n < SmallSample && p.distinct < n));
        p.type = category ? ColumnType::Category : ColumnType::Text;
        if (category)
            return tr("%1 different values among %2: treated as categories.")
                .arg(p.distinct)
                .arg(n);
        if (p.distinctCapped)
            return tr("More than %1 different values among %2: treated as free text.")
                .arg(p.distinct)
                .arg(n);
        return tr("%1 different values among %2: treated as free text.").arg(p.distinct).arg(n);
    };

    // 2. Yes/no.
    if (yesNo == n && (yesNoWords > 0 || (zeros > 0 && ones > 0))) {
        p.type = ColumnType::YesNo;
        p.note = yesNoWords > 0 ? tr("Every value is a yes/no answer (yes/no, true/false, 1/0...).")
                                : tr("Every value is 0 or 1: read as no/yes.");
        return p;
    }

    // 3. Integers, codes and compact dates.
    if (integerShaped == n) {
        if (!leadingZero.empty() || tooLong > 0) {
            const QString kind = categoryOrText();
            if (tooLong * 2 <= n) {
                p.candidate = ColumnType::Integer;
                p.failShare = double(tooLong) / double(n);
            }
            const QString why = !leadingZero.empty()
                ? tr("The values are numbers, but %1 has a leading zero, so they are read as "
                     "codes and the zeros are kept.")
                      .arg(example(leadingZero))
                : tr("The values look like whole numbers, but %1 is too long for a number, so "
                     "they are read as codes.")
                      .arg(example(tooLongExample));
            p.note = why + u' ' + kind;
            return p;
        }
        const bool compactAllowed = !forcedDateOrder || *forcedDateOrder == DateOrder::Compact;
        if (allCompact && compactAllowed && headerLooksLikeDate(m_headerName)) {
            p.type = ColumnType::Date;
            p.dateOrder = DateOrder::Compact;
            p.note = tr("Every value is an 8-digit date (YYYYMMDD) such as %1, and the column "
                        "name suggests dates.")
                         .arg(example(values.front()));
            return p;
        }
        p.type = ColumnType::Integer;
        p.note = tr("Every value is a whole number.");
        if (allCompact && compactAllowed) {
            p.note += u' '
                + tr("The values could also be dates written YYYYMMDD; choose Date if they are.");
        }
        return p;
    }

    // 4. Decimal numbers.
    if (numbers == n) {
        p.type = ColumnType::Decimal;
        p.note = tr("Every value is a number.");
        return p;
    }

    // 5. Dates.
    std::vector<OrderResult> orders;
    if (forcedDateOrder) {
        orders.push_back(OrderResult { *forcedDateOrder, 0, false, {} });
    } else {
        for (const DateOrder order : { DateOrder::YearMonthDay, DateOrder::DayMonthYear,
                 DateOrder::MonthDayYear, DateOrder::Compact })
            orders.push_back(OrderResult { order, 0, false, {} });
    }
    for (OrderResult& r : orders) {
        for (const std::string_view v : values) {
            const std::optional<ParsedDateTime> dt = ValueParser::parseDate(v, r.order);
            if (!dt) {
                ++r.fails;
                if (r.firstFailure.empty())
                    r.firstFailure = v;
            } else if (dt->hasTime) {
                r.anyTime = true;
            }
        }
    }
    const auto findOrder = [&orders](DateOrder order) -> const OrderResult* {
        for (const OrderResult& r : orders) {
            if (r.order == order)
                return &r;
        }
        return nullptr;
    };
    const OrderResult* chosen = nullptr;
    const OrderResult* bestDate = nullptr;
    int fitting = 0;
    for (const OrderResult& r : orders) {
        if (r.fails == 0) {
            ++fitting;
            if (chosen == nullptr)
                chosen = &r; // the list order is the preference: Y-M-D, D/M/Y, M/D/Y, compact
        }
        if (bestDate == nullptr || r.fails < bestDate->fails)
            bestDate = &r;
    }
    if (chosen != nullptr) {
        p.type = chosen->anyTime ? ColumnType::DateTime : ColumnType::Date;
        p.dateOrder = chosen->order;
        const OrderResult* dmy = findOrder(DateOrder::DayMonthYear);
        const OrderResult* mdy = findOrder(DateOrder::MonthDayYear);
        if (forcedDateOrder) {
            p.note = tr("Every value is a date in the chosen order, %1.")
                         .arg(dateOrderDisplayName(chosen->order));
        } else if (fitting > 1 && chosen->order == DateOrder::DayMonthYear) {
            p.dateOrderAmbiguous = true;
            p.note = tr("Every value reads both as day-month-year and as month-day-year (no "
                        "day above 12 was seen); day-month-year was assumed. Check the date "
                        "order.");
        } else if (chosen->order == DateOrder::DayMonthYear && mdy != nullptr) {
            p.note = tr("Every value parses as day-month-year; %1 rules out month-first.")
                         .arg(example(mdy->firstFailure));
        } else if (chosen->order == DateOrder::MonthDayYear && dmy != nullptr) {
            p.note = tr("Every value parses as month-day-year; %1 rules out day-first.")
                         .arg(example(dmy->firstFailure));
        } else {
            p.note = tr("Every value is a date in the order %1.")
                         .arg(dateOrderDisplayName(chosen->order));
        }
        if (chosen->anyTime)
            p.note += u' ' + tr("Some values have a time of day.");
        return p;
    }

    // 6. Category or Text; tell how close the best stricter type came.
    p.note = categoryOrText();
    struct Candidate {
        ColumnType type;
        qint64 fails;
        std::string_view failure;
    };
    std::vector<Candidate> candidates {
        { ColumnType::YesNo, n - yesNo, notYesNo },
        { ColumnType::Integer, n - integers, notInteger },
        { ColumnType::Decimal, n - numbers, notNumber },
    };
    if (bestDate != nullptr) {
        candidates.push_back({ bestDate->anyTime ? ColumnType::DateTime : ColumnType::Date,
            bestDate->fails, bestDate->firstFailure });
    }
    const Candidate* best = nullptr;
    for (const Candidate& c : candidates) {
        if (best == nullptr || c.fails < best->fails)
            best = &c; // ties keep the earlier, stricter type
    }
    if (best != nullptr && best->fails * 2 <= n) {
        p.candidate = best->type;
        p.failShare = double(best->fails) / double(n);
        if (best->type == ColumnType::Date || best->type == ColumnType::DateTime)
            p.dateOrder = bestDate->order;
        const QString share = percent(p.failShare);
        const QString failure = example(best->failure);
        QString why;
        switch (best->type) {
        case ColumnType::YesNo:
            why = tr("%1% of the values are not yes/no answers (e.g. \"%2\").");
            break;
        case ColumnType::Integer:
            why = tr("%1% of the values are not whole numbers (e.g. \"%2\").");
            break;
        case ColumnType::Decimal:
            why = tr("%1% of the values are not numbers (e.g. \"%2\").");
            break;
        default:
            why = tr("%1% of the values are not dates in the order %3 (e.g. \"%2\").")
                      .arg(share, failure, dateOrderDisplayName(bestDate->order));
            break;
        }
        if (best->type == ColumnType::YesNo || best->type == ColumnType::Integer
            || best->type == ColumnType::Decimal)
            why = why.arg(share, failure);
        p.note += u' ' + why;
    }
    return p;
}

bool TypeInference::accepts(
    ColumnType type, std::string_view field, NumberFormat fmt, std::optional<DateOrder> order)
{
    if (ValueParser::isMissing(field))
        return true;
    switch (type) {
    case ColumnType::Integer: {
        const std::optional<ParsedNumber> number = ValueParser::parseNumber(field, fmt);
        return number && number->isInteger;
    }
    case ColumnType::Decimal:
        return ValueParser::parseNumber(field, fmt).has_value();
    case ColumnType::Date:
    case ColumnType::DateTime:
        return ValueParser::parseDate(field, order.value_or(DateOrder::YearMonthDay)).has_value();
    case ColumnType::YesNo:
        return ValueParser::parseYesNoOrDigit(field).has_value();
    case ColumnType::Category:
    case ColumnType::Text:
        return true;
    }
    return true;
}

NumberFormat TypeInference::detectNumberFormat(
    const std::vector<const TypeInference*>& columns, char delimiter)
{
    static constexpr std::array<NumberFormat, 7> Formats { {
        { '.', 0 },
        { '.', ',' },
        { '.', ' ' },
        { '.', '\'' },
        { ',', 0 },
        { ',', '.' },
        { ',', ' ' },
    } };
    // Tie-break order (indices into Formats): plain formats before those with a separator.
    static constexpr std::array<int, 7> PointFirst { 0, 1, 2, 3, 4, 5, 6 };
    static constexpr std::array<int, 7> CommaFirst { 4, 5, 6, 0, 1, 2, 3 };

    std::array<qint64, Formats.size()> votes {};
    for (const TypeInference* column : columns) {
        if (column == nullptr)
            continue;
        std::array<qint64, Formats.size()> parsed {};
        qint64 nonMissing = 0;
        for (std::size_t i = 0; i < column->m_ends.size(); ++i) {
            const std::string_view v = column->value(i);
            if (v.empty())
                continue;
            ++nonMissing;
            for (std::size_t f = 0; f < Formats.size(); ++f) {
                if (ValueParser::parseNumber(v, Formats[f]))
                    ++parsed[f];
            }
        }
        qint64 most = 0;
        for (const qint64 k : parsed)
            most = std::max(most, k);
        if (most == 0 || most * 10 < nonMissing * 9)
            continue; // not a numeric column
        for (std::size_t f = 0; f < Formats.size(); ++f) {
            if (parsed[f] == most)
                ++votes[f];
        }
    }
    const std::array<int, 7>& preference = delimiter == ';' ? CommaFirst : PointFirst;
    int best = preference[0];
    for (const int f : preference) {
        if (votes[static_cast<std::size_t>(f)] > votes[static_cast<std::size_t>(best)])
            best = f;
    }
    if (votes[static_cast<std::size_t>(best)] == 0)
        return NumberFormat {};
    return Formats[static_cast<std::size_t>(best)];
}

} // namespace seg
