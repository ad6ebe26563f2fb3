#include "columntype.h"

#include <QCoreApplication>

namespace seg {

QString columnTypeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Integer:
        return QStringLiteral("integer");
    case ColumnType::Decimal:
        return QStringLiteral("decimal");
    case ColumnType::Date:
        return QStringLiteral("date");
    case ColumnType::DateTime:
        return QStringLiteral("date-time");
    case ColumnType::YesNo:
        return QStringLiteral("yes/no");
    case ColumnType::Category:
        return QStringLiteral("category");
    case ColumnType::Text:
        return QStringLiteral("text");
    }
    return QStringLiteral("text");
}

std::optional<ColumnType> columnTypeFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"integer" || n == u"int")
        return ColumnType::Integer;
    if (n == u"decimal" || n == u"number" || n == u"real" || n == u"double")
        return ColumnType::Decimal;
    if (n == u"date")
        return ColumnType::Date;
    if (n == u"date-time" || n == u"datetime" || n == u"timestamp")
        return ColumnType::DateTime;
    if (n == u"yes/no" || n == u"yesno" || n == u"bool" || n == u"boolean")
        return ColumnType::YesNo;
    if (n == u"category" || n == u"categorical")
        return ColumnType::Category;
    if (n == u"text" || n == u"string")
        return ColumnType::Text;
    return std::nullopt;
}

QString columnTypeSqlAffinity(ColumnType type)
{
    switch (type) {
    case ColumnType::Integer:
    case ColumnType::YesNo:
        return QStringLiteral("INTEGER");
    case ColumnType::Decimal:
        return QStringLiteral("REAL");
    default:
        return QStringLiteral("TEXT");
    }
}

QString columnTypeDisplayName(ColumnType type)
{
    switch (type) {
    case ColumnType::Integer:
        return QCoreApplication::translate("seg::ColumnType", "Integer");
    case ColumnType::Decimal:
        return QCoreApplication::translate("seg::ColumnType", "Decimal");
    case ColumnType::Date:
        return QCoreApplication::translate("seg::ColumnType", "Date");
    case ColumnType::DateTime:
        return QCoreApplication::translate("seg::ColumnType", "Date-time");
    case ColumnType::YesNo:
        return QCoreApplication::translate("seg::ColumnType", "Yes/no");
    case ColumnType::Category:
        return QCoreApplication::translate("seg::ColumnType", "Category");
    case ColumnType::Text:
        return QCoreApplication::translate("seg::ColumnType", "Text");
    }
    return {};
}

} // namespace seg
