#include "dateformat.h"

#include <QCoreApplication>

namespace seg {

QString dateOrderName(DateOrder order)
{
    switch (order) {
    case DateOrder::YearMonthDay:
        return QStringLiteral("Y-M-D");
    case DateOrder::DayMonthYear:
        return QStringLiteral("D/M/Y");
    case DateOrder::MonthDayYear:
        return QStringLiteral("M/D/Y");
    case DateOrder::Compact:
        return QStringLiteral("YYYYMMDD");
    }
    return QStringLiteral("Y-M-D");
}

QString dateOrderDisplayName(DateOrder order)
{
    switch (order) {
    case DateOrder::YearMonthDay:
        return QCoreApplication::translate("seg::DateOrder", "year-month-day (2024-12-31)");
    case DateOrder::DayMonthYear:
        return QCoreApplication::translate("seg::DateOrder", "day/month/year (31/12/2024)");
    case DateOrder::MonthDayYear:
        return QCoreApplication::translate("seg::DateOrder", "month/day/year (12/31/2024)");
    case DateOrder::Compact:
        return QCoreApplication::translate("seg::DateOrder", "compact year-month-day (20241231)");
    }
    return {};
}

std::optional<DateOrder> dateOrderFromName(const QString& name)
{
    const QString n = name.trimmed().toUpper();
    if (n == u"Y-M-D" || n == u"ISO" || n == u"YMD" || n == u"Y/M/D" || n == u"Y.M.D"
        || n == u"YYYY-MM-DD")
        return DateOrder::YearMonthDay;
    if (n == u"D/M/Y" || n == u"DMY" || n == u"D-M-Y" || n == u"D.M.Y" || n == u"DD-MM-YYYY"
        || n == u"DD/MM/YYYY" || n == u"DD.MM.YYYY")
        return DateOrder::DayMonthYear;
    if (n == u"M/D/Y" || n == u"MDY" || n == u"M-D-Y" || n == u"MM/DD/YYYY" || n == u"MM-DD-YYYY"
        || n == u"M/D/YYYY")
        return DateOrder::MonthDayYear;
    if (n == u"YYYYMMDD" || n == u"COMPACT")
        return DateOrder::Compact;
    return std::nullopt;
}

} // namespace seg
