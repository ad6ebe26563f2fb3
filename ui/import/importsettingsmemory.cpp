#include "importsettingsmemory.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace seg::ui {

namespace {

QString settingsKey(const QString& headerKey)
{
    return QStringLiteral("importSettings/") + headerKey;
}

QString charText(char c) { return QString(QLatin1Char(c)); }

std::optional<char> charFrom(const QJsonValue& v)
{
    const QString s = v.toString();
    if (s.size() != 1 || s.at(0).unicode() > 0x7f)
        return std::nullopt;
    return s.at(0).toLatin1();
}

} // namespace

std::optional<ImportOptions> ImportSettingsMemory::load(const QString& headerKey)
{
    if (headerKey.isEmpty())
        return std::nullopt;
    const QByteArray json = QSettings().value(settingsKey(headerKey)).toByteArray();
    if (json.isEmpty())
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    const auto kind = dataKindFromName(o.value(u"kind").toString());
    if (!kind)
        return std::nullopt;
    ImportOptions options;
    options.kind = *kind;
    if (o.contains(u"encoding"))
        options.encoding = textEncodingFromName(o.value(u"encoding").toString());
    if (o.contains(u"delimiter"))
        options.delimiter = charFrom(o.value(u"delimiter"));
    if (o.contains(u"header"))
        options.hasHeader = o.value(u"header").toBool();
    if (o.contains(u"decimal"))
        options.decimal = charFrom(o.value(u"decimal"));
    if (o.contains(u"thousands")) {
        const QString t = o.value(u"thousands").toString();
        options.thousands = t.isEmpty() ? std::optional<char>('\0') : charFrom(t);
    }
    if (o.contains(u"dateOrder"))
        options.dateOrder = dateOrderFromName(o.value(u"dateOrder").toString());
    options.generateIds = o.value(u"generateIds").toBool();
    const QJsonObject columns = o.value(u"columns").toObject();
    for (auto it = columns.constBegin(); it != columns.constEnd(); ++it) {
        const QJsonObject c = it.value().toObject();
        ColumnChoice choice;
        if (c.contains(u"type"))
            choice.type = columnTypeFromName(c.value(u"type").toString());
        if (c.contains(u"role")) {
            const QString r = c.value(u"role").toString();
            choice.role = r == u"none" ? std::optional(Role::None) : roleFromName(r);
        }
        if (c.contains(u"name"))
            choice.name = c.value(u"name").toString();
        choice.skip = c.value(u"skip").toBool();
        options.columns.insert(it.key(), choice);
    }
    return options;
}

void ImportSettingsMemory::save(const QString& headerKey, const ImportOptions& options)
{
    if (headerKey.isEmpty())
        return;
    QJsonObject o;
    o[u"kind"] = dataKindName(options.kind);
    if (options.encoding)
        o[u"encoding"] = textEncodingName(*options.encoding);
    if (options.delimiter)
        o[u"delimiter"] = charText(*options.delimiter);
    if (options.hasHeader)
        o[u"header"] = *options.hasHeader;
    if (options.decimal)
        o[u"decimal"] = charText(*options.decimal);
    if (options.thousands)
        o[u"thousands"] = *options.thousands == '\0' ? QString() : charText(*options.thousands);
    if (options.dateOrder)
        o[u"dateOrder"] = dateOrderName(*options.dateOrder);
    if (options.generateIds)
        o[u"generateIds"] = true;
    QJsonObject columns;
    for (auto it = options.columns.constBegin(); it != options.columns.constEnd(); ++it) {
        QJsonObject c;
        if (it->type)
            c[u"type"] = columnTypeName(*it->type);
        if (it->role)
            c[u"role"]
                = *it->role == Role::None ? QStringLiteral("none") : roleColumnName(*it->role);
        if (it->name)
            c[u"name"] = *it->name;
        if (it->skip)
            c[u"skip"] = true;
        columns.insert(it.key(), c);
    }
    o[u"columns"] = columns;
    QSettings().setValue(settingsKey(headerKey), QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void ImportSettingsMemory::forget(const QString& headerKey)
{
    if (!headerKey.isEmpty())
        QSettings().remove(settingsKey(headerKey));
}

} // namespace seg::ui
