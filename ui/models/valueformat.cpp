#include "valueformat.h"

#include "role.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace seg::ui::valueformat {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::ui::valueformat", text); }

const QDate& epoch()
{
    static const QDate date(1970, 1, 1);
    return date;
}

bool isMoneyRole(const QString& role)
{
    return role == u"amount" || role == u"unit_price" || role == u"revenue";
}

QString singleLine(QString text)
{
    text.replace(QLatin1String("\r\n"), QLatin1String(" "));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return text;
}

} // namespace

QString count(qint64 value) { return QLocale().toString(value); }

QString share(double value)
{
    if (value > 0 && value < 0.0005)
        return tr("< 0.1 %");
    return tr("%1 %").arg(QLocale().toString(value * 100, 'f', 1));
}

QString number(double value, int decimals)
{
    if (!std::isfinite(value))
        return QString();
    QString text = QLocale().toString(value, 'f', decimals);
    const QChar point = QLocale().decimalPoint().at(0);
    if (text.contains(point)) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(1);
    }
    if (text == u"-0")
        text = QStringLiteral("0");
    return text;
}

QString money(double value) { return QLocale().toString(value, 'f', 2); }

QString compact(double value)
{
    const double magnitude = std::abs(value);
    struct Step {
        double size;
        const char* suffix;
    };
    // Suffixes are the same in most languages marketers use for axis labels.
    static const Step steps[] = { { 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" } };
    for (const Step& s : steps) {
        if (magnitude >= s.size) {
            // Enough decimals to tell round bin edges apart: 2.25k, 12.5k, 150k.
            const double scaled = magnitude / s.size;
            return number(value / s.size, scaled >= 100 ? 0 : (scaled >= 10 ? 1 : 2))
                + QLatin1String(s.suffix);
        }
    }
    // Small numbers keep their digits (0.0025), trailing zeros dropped.
    return number(value, magnitude >= 100 ? 0 : 6);
}

QString day(const QDate& date)
{
    if (!date.isValid())
        return QString();
    return QLocale().toString(date, QStringLiteral("d MMM yyyy"));
}

QString dayNumber(double days, bool withTime)
{
    const double whole = std::floor(days);
    const QDate date = epoch().addDays(static_cast<qint64>(whole));
    if (!withTime)
        return day(date);
    const int seconds = static_cast<int>(std::lround((days - whole) * 86400.0));
    const QDateTime moment = QDateTime(date, QTime(0, 0)).addSecs(seconds);
    return day(moment.date()) + QLatin1Char(' ')
        + QLocale().toString(moment.time(), QStringLiteral("HH:mm"));
}

QString stored(const QVariant& value, const QString& type, const QString& role)
{
    if (value.isNull() || !value.isValid())
        return QString();
    if (type == u"yes/no")
        return value.toLongLong() != 0 ? tr("Yes") : tr("No");
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
        // No group separators: ids, years and postcodes are integers too.
        return QString::number(value.toLongLong());
    case QMetaType::Double:
        if (isMoneyRole(role))
            return money(value.toDouble());
        return number(value.toDouble(), 6);
    default:
        break;
    }
    const QString text = value.toString();
    if (type == u"date") {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            return day(date);
    } else if (type == u"date-time") {
        const QDateTime moment = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (moment.isValid())
            return day(moment.date()) + QLatin1Char(' ')
                + QLocale().toString(moment.time(), QStringLiteral("HH:mm"));
    }
    return singleLine(text);
}

QString columnTitle(const seg::ColumnInfo& column)
{
    if (!column.role.isEmpty()) {
        if (const auto role = seg::roleFromName(column.role); role && *role != seg::Role::None)
            return seg::roleDisplayName(*role);
    }
    QString title = column.sourceColumn.trimmed().isEmpty() ? column.name : column.sourceColumn;
    const bool snake = !title.isEmpty() && std::all_of(title.cbegin(), title.cend(), [](QChar c) {
        return c == QLatin1Char('_') || c.isDigit() || (c.isLower() && c.unicode() < 0x80);
    });
    if (snake) {
        title.replace(QLatin1Char('_'), QLatin1Char(' '));
        title = title.simplified();
        if (!title.isEmpty())
            title[0] = title.at(0).toUpper();
    }
    return title;
}

QString typeName(const QString& type)
{
    if (type == u"integer")
        return tr("Whole number");
    if (type == u"decimal")
        return tr("Decimal number");
    if (type == u"date")
        return tr("Date");
    if (type == u"date-time")
        return tr("Date and time");
    if (type == u"yes/no")
        return tr("Yes/no");
    if (type == u"category")
        return tr("Category");
    return tr("Text");
}

} // namespace seg::ui::valueformat
