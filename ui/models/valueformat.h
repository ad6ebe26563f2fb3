#pragma once

#include <QDate>
#include <QString>
#include <QVariant>

namespace seg {
struct ColumnInfo;
}

namespace seg::ui {

/// How values of the workspace read in the interface: group separators, no scientific notation,
/// dates as "5 Mar 2024" instead of ISO text. Shared by the browse models and widgets; all text
/// follows the default QLocale.
namespace valueformat {

/// A count with group separators ("12,345").
QString count(qint64 value);
/// A share 0..1 as a percentage with one decimal ("3.1 %"); below 0.1 % but above 0 as
/// "< 0.1 %".
QString share(double value);
/// A number with group separators and at most `decimals` decimals, trailing zeros dropped,
/// never in scientific notation ("52,000", "1,234.5").
QString number(double value, int decimals = 2);
/// A money amount: group separators and exactly two decimals ("1,234.50").
QString money(double value);
/// A short number for axis labels: "950", "0.25", "2.25k", "12.5k", "1.2M", "3B".
QString compact(double value);
/// A day ("5 Mar 2024").
QString day(const QDate& date);
/// Days since 1970-01-01 as a date, or with `withTime` as "5 Mar 2024 14:30".
QString dayNumber(double days, bool withTime);
/// A stored value (null, qint64, double, QString) of a column of `type` (column_meta type),
/// on one line: yes/no as Yes/No, dates as day(), date-times with their time, money roles with
/// two decimals. An empty value gives an empty string.
QString stored(const QVariant& value, const QString& type, const QString& role);
/// The name a marketer knows a column by: the role's name ("Order date") for role columns,
/// otherwise the header in the file, with snake_case headers made readable ("birth_date" ->
/// "Birth date").
QString columnTitle(const seg::ColumnInfo& column);
/// The translated name of a column_meta type ("Whole number", "Date and time"...).
QString typeName(const QString& type);

} // namespace valueformat

} // namespace seg::ui
