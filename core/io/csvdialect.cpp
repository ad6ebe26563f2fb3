#include "csvdialect.h"

namespace seg {

QString CsvDialect::delimiterName(char delimiter)
{
    switch (delimiter) {
    case ',':
        return QStringLiteral("comma");
    case ';':
        return QStringLiteral("semicolon");
    case '\t':
        return QStringLiteral("tab");
    case '|':
        return QStringLiteral("pipe");
    case WhitespaceRuns:
        return QStringLiteral("spaces");
    default:
        return QString(QLatin1Char(delimiter));
    }
}

std::optional<char> CsvDialect::delimiterFromName(const QString& name)
{
    const QString n = name.toLower();
    if (n == u"comma" || n == u",")
        return ',';
    if (n == u"semicolon" || n == u";")
        return ';';
    if (n == u"tab" || n == u"\\t" || n == u"\t")
        return '\t';
    if (n == u"pipe" || n == u"|")
        return '|';
    if (n == u"spaces" || n == u"space" || n == u"whitespace" || n == u" ")
        return WhitespaceRuns;
    return std::nullopt;
}

} // namespace seg
