#include "importoptions.h"

#include <QJsonArray>

namespace seg {

QString importModeName(ImportMode mode)
{
    switch (mode) {
    case ImportMode::New:
        return QStringLiteral("new");
    case ImportMode::Append:
        return QStringLiteral("append");
    case ImportMode::Replace:
        return QStringLiteral("replace");
    }
    return {};
}

std::optional<ImportMode> importModeFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"new")
        return ImportMode::New;
    if (n == u"append")
        return ImportMode::Append;
    if (n == u"replace")
        return ImportMode::Replace;
    return std::nullopt;
}

QJsonObject ImportOptions::toJson() const
{
    QJsonObject o;
    o[u"kind"] = dataKindName(kind);
    o[u"mode"] = importModeName(mode);
    if (encoding)
        o[u"encoding"] = textEncodingName(*encoding);
    if (delimiter)
        o[u"delimiter"] = CsvDialect::delimiterName(*delimiter);
    if (hasHeader)
        o[u"header"] = *hasHeader;
    if (decimal)
        o[u"decimal"] = QString(QLatin1Char(*decimal));
    if (dateOrder)
        o[u"date_format"] = dateOrderName(*dateOrder);
    if (generateIds)
        o[u"generate_ids"] = true;
    QJsonObject cols;
    for (auto it = columns.constBegin(); it != columns.constEnd(); ++it) {
        QJsonObject c;
        if (it->type)
            c[u"type"] = columnTypeName(*it->type);
        if (it->role)
            c[u"role"] = it->role == Role::None ? QStringLiteral("none") : roleColumnName(*it->role);
        if (it->name)
            c[u"name"] = *it->name;
        if (it->skip)
            c[u"skip"] = true;
        cols[it.key()] = c;
    }
    if (!cols.isEmpty())
        o[u"columns"] = cols;
    return o;
}

int ImportPlan::columnWithRole(Role role) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (!columns[i].skip && columns[i].role == role)
            return i;
    }
    return -1;
}

QJsonObject ImportPlan::toJson() const
{
    QJsonObject o;
    o[u"kind"] = dataKindName(kind);
    o[u"encoding"] = textEncodingName(dialect.encoding);
    o[u"encoding_detected"] = encodingDetected;
    o[u"delimiter"] = CsvDialect::delimiterName(dialect.delimiter);
    o[u"delimiter_detected"] = delimiterDetected;
    o[u"header"] = dialect.hasHeader;
    o[u"header_detected"] = headerDetected;
    o[u"decimal"] = QString(QLatin1Char(numberFormat.decimal));
    o[u"thousands"] = numberFormat.thousands ? QString(QLatin1Char(numberFormat.thousands))
                                             : QString();
    o[u"computed_amount"] = computeAmount;
    o[u"generated_ids"] = generateIds;
    if (!defaultCampaign.isEmpty())
        o[u"default_campaign"] = defaultCampaign;
    QJsonArray cols;
    for (const ColumnPlan& c : columns) {
        QJsonObject j;
        j[u"source"] = c.source;
        j[u"name"] = c.name;
        j[u"type"] = columnTypeName(c.type);
        j[u"role"] = c.role == Role::None ? QString() : roleColumnName(c.role);
        if (c.dateOrder)
            j[u"date_format"] = dateOrderName(*c.dateOrder);
        if (c.skip)
            j[u"skipped"] = true;
        if (!c.warnings.isEmpty())
            j[u"warnings"] = QJsonArray::fromStringList(c.warnings);
        cols.append(j);
    }
    o[u"columns"] = cols;
    o[u"notes"] = QJsonArray::fromStringList(notes);
    return o;
}

} // namespace seg
