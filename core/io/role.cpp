#include "role.h"

#include <QCoreApplication>
#include <QHash>

namespace seg {

namespace {

struct RoleInfo {
    Role role;
    const char16_t* column;
    const char* display;
};

constexpr RoleInfo kRoles[] = {
    { Role::CustomerId, u"customer_id", QT_TRANSLATE_NOOP("seg::Role", "Customer id") },
    { Role::OrderId, u"order_id", QT_TRANSLATE_NOOP("seg::Role", "Order id") },
    { Role::OrderDate, u"order_date", QT_TRANSLATE_NOOP("seg::Role", "Order date") },
    { Role::Amount, u"amount", QT_TRANSLATE_NOOP("seg::Role", "Amount") },
    { Role::Quantity, u"quantity", QT_TRANSLATE_NOOP("seg::Role", "Quantity") },
    { Role::UnitPrice, u"unit_price", QT_TRANSLATE_NOOP("seg::Role", "Unit price") },
    { Role::Product, u"product", QT_TRANSLATE_NOOP("seg::Role", "Product") },
    { Role::Category, u"category", QT_TRANSLATE_NOOP("seg::Role", "Category") },
    { Role::Channel, u"channel", QT_TRANSLATE_NOOP("seg::Role", "Channel") },
    { Role::Campaign, u"campaign", QT_TRANSLATE_NOOP("seg::Role", "Campaign") },
    { Role::ResponseDate, u"date", QT_TRANSLATE_NOOP("seg::Role", "Response date") },
    { Role::Contacted, u"contacted", QT_TRANSLATE_NOOP("seg::Role", "Contacted") },
    { Role::Responded, u"responded", QT_TRANSLATE_NOOP("seg::Role", "Responded") },
    { Role::Converted, u"converted", QT_TRANSLATE_NOOP("seg::Role", "Converted") },
    { Role::Revenue, u"revenue", QT_TRANSLATE_NOOP("seg::Role", "Revenue") },
    { Role::Control, u"control", QT_TRANSLATE_NOOP("seg::Role", "Control group") },
};

// Header spellings, reduced to lower-case letters and digits.
QString squash(const QString& header)
{
    QString out;
    out.reserve(header.size());
    for (QChar c : header) {
        if (c.isLetterOrNumber())
            out.append(c.toLower());
    }
    return out;
}

const QHash<QString, Role>& commonSpellings()
{
    static const QHash<QString, Role> map = [] {
        QHash<QString, Role> m;
        auto add = [&m](Role role, std::initializer_list<const char16_t*> names) {
            for (const char16_t* n : names)
                m.insert(QString::fromUtf16(n), role);
        };
        add(Role::CustomerId,
            { u"customerid", u"customer", u"customerno", u"customernumber", u"customernr",
                u"custid", u"custno", u"clientid", u"client", u"clientno", u"clientnumber",
                u"userid", u"memberid", u"accountid", u"accountno", u"contactid", u"buyerid",
                u"shopperid", u"kundennummer", u"kundenid", u"customercode", u"customerkey" });
        add(Role::OrderId,
            { u"orderid", u"order", u"orderno", u"ordernumber", u"ordernr", u"invoiceno",
                u"invoice", u"invoiceid", u"invoicenumber", u"transactionid", u"txnid",
                u"receiptid", u"receiptno", u"basketid", u"salesorder", u"salesorderid" });
        add(Role::OrderDate,
            { u"orderdate", u"invoicedate", u"date", u"transactiondate", u"purchasedate",
                u"txndate", u"orderdatetime", u"saledate", u"salesdate", u"orderedat",
                u"purchasedat", u"timestamp", u"datetime", u"orderdt", u"transactiondatetime" });
        add(Role::Amount,
            { u"amount", u"revenue", u"sales", u"total", u"totalamount", u"ordertotal",
                u"ordervalue", u"value", u"dollarvalue", u"salesamount", u"netsales",
                u"spend", u"linetotal", u"totalprice", u"grandtotal", u"netamount",
                u"purchaseamount", u"transactionamount", u"salesvalue" });
        add(Role::Quantity,
            { u"quantity", u"qty", u"units", u"unitssold", u"numberofunits", u"numberofitems",
                u"itemcount", u"quantityordered", u"qtyordered" });
        add(Role::UnitPrice,
            { u"unitprice", u"price", u"priceeach", u"itemprice", u"priceperunit",
                u"unitsellingprice", u"sellingprice" });
        add(Role::Product,
            { u"product", u"productid", u"productcode", u"sku", u"stockcode", u"item",
                u"itemid", u"itemcode", u"article", u"articleno", u"productname", u"productno" });
        add(Role::Category,
            { u"category", u"productcategory", u"categoryname", u"department",
                u"productgroup", u"productline" });
        add(Role::Channel, { u"channel", u"saleschannel", u"orderchannel", u"purchasechannel" });
        return m;
    }();
    return map;
}

const QHash<QString, Role>& responseSpellings()
{
    static const QHash<QString, Role> map = [] {
        QHash<QString, Role> m;
        auto add = [&m](Role role, std::initializer_list<const char16_t*> names) {
            for (const char16_t* n : names)
                m.insert(QString::fromUtf16(n), role);
        };
        add(Role::Campaign,
            { u"campaign", u"campaignname", u"campaignid", u"campaigncode", u"mailing",
                u"promotion" });
        add(Role::ResponseDate,
            { u"date", u"responsedate", u"contactdate", u"sentdate", u"senddate",
                u"campaigndate", u"maildate" });
        add(Role::Contacted, { u"contacted", u"sent", u"delivered", u"targeted", u"mailed" });
        add(Role::Responded, { u"responded", u"response", u"responder", u"y" });
        add(Role::Converted,
            { u"converted", u"conversion", u"purchased", u"bought", u"ordered" });
        add(Role::Revenue,
            { u"revenue", u"conversionrevenue", u"responserevenue", u"orderrevenue",
                u"amount" });
        add(Role::Control,
            { u"control", u"controlgroup", u"iscontrol", u"holdout", u"holdoutgroup" });
        return m;
    }();
    return map;
}

} // namespace

QString dataKindName(DataKind kind)
{
    switch (kind) {
    case DataKind::Customers:
        return QStringLiteral("customers");
    case DataKind::Transactions:
        return QStringLiteral("transactions");
    case DataKind::Responses:
        return QStringLiteral("responses");
    }
    return {};
}

std::optional<DataKind> dataKindFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"customers" || n == u"customer")
        return DataKind::Customers;
    if (n == u"transactions" || n == u"transaction" || n == u"orders")
        return DataKind::Transactions;
    if (n == u"responses" || n == u"response" || n == u"campaign-responses")
        return DataKind::Responses;
    return std::nullopt;
}

QString roleColumnName(Role role)
{
    for (const auto& info : kRoles) {
        if (info.role == role)
            return QString::fromUtf16(info.column);
    }
    return {};
}

std::optional<Role> roleFromName(const QString& name)
{
    QString n = name.trimmed().toLower();
    n.replace(QLatin1Char('-'), QLatin1Char('_'));
    n.replace(QLatin1Char(' '), QLatin1Char('_'));
    if (n == u"none" || n.isEmpty())
        return Role::None;
    if (n == u"response_date")
        return Role::ResponseDate;
    for (const auto& info : kRoles) {
        if (n == QString::fromUtf16(info.column))
            return info.role;
    }
    return std::nullopt;
}

QString roleDisplayName(Role role)
{
    if (role == Role::None)
        return QCoreApplication::translate("seg::Role", "None");
    for (const auto& info : kRoles) {
        if (info.role == role)
            return QCoreApplication::translate("seg::Role", info.display);
    }
    return {};
}

QList<Role> rolesForKind(DataKind kind)
{
    switch (kind) {
    case DataKind::Customers:
        return { Role::CustomerId };
    case DataKind::Transactions:
        return { Role::CustomerId, Role::OrderId, Role::OrderDate, Role::Amount, Role::Quantity,
            Role::UnitPrice, Role::Product, Role::Category, Role::Channel };
    case DataKind::Responses:
        return { Role::CustomerId, Role::Campaign, Role::ResponseDate, Role::Contacted,
            Role::Responded, Role::Converted, Role::Revenue, Role::Control };
    }
    return {};
}

Role roleFromHeader(const QString& header, DataKind kind)
{
    const QString key = squash(header);
    if (key.isEmpty())
        return Role::None;
    if (key == u"id" && kind != DataKind::Transactions)
        return Role::CustomerId;
    if (kind == DataKind::Responses) {
        const auto r = responseSpellings().constFind(key);
        if (r != responseSpellings().constEnd())
            return r.value();
    }
    const auto it = commonSpellings().constFind(key);
    if (it == commonSpellings().constEnd())
        return Role::None;
    const Role role = it.value();
    return rolesForKind(kind).contains(role) ? role : Role::None;
}

QString cleanColumnName(const QString& header, int position)
{
    QString out;
    bool underscore = false;
    for (QChar c : header.trimmed()) {
        const char16_t u = c.toLower().unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')) {
            if (underscore && !out.isEmpty())
                out.append(QLatin1Char('_'));
            underscore = false;
            out.append(QChar(u));
        } else if (c.isLetter()) {
            // Keep the base letter of accented characters (é -> e).
            const QString decomposed = QString(c.toLower()).normalized(QString::NormalizationForm_D);
            if (!decomposed.isEmpty() && decomposed.at(0).unicode() < 128) {
                if (underscore && !out.isEmpty())
                    out.append(QLatin1Char('_'));
                underscore = false;
                out.append(decomposed.at(0));
            } else {
                underscore = true;
            }
        } else {
            underscore = true;
        }
    }
    if (out.isEmpty())
        return QStringLiteral("column_%1").arg(position + 1);
    if (out.at(0).isDigit())
        out.prepend(QStringLiteral("c_"));
    return out;
}

} // namespace seg
