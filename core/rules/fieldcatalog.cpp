#include "fieldcatalog.h"

#include "clusterstore.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDate>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::FieldCatalog", text); }

FieldType typeOfColumn(const QString& type)
{
    if (type == u"integer" || type == u"decimal")
        return FieldType::Number;
    if (type == u"date" || type == u"date-time")
        return FieldType::Date;
    if (type == u"yes/no")
        return FieldType::YesNo;
    if (type == u"category")
        return FieldType::Category;
    return FieldType::Text;
}

QString labelOf(const QString& name)
{
    QString label = name;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label.at(0).toUpper();
    return label;
}

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> row(static_cast<size_t>(b.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int previous = row[0];
        row[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int current = row[static_cast<size_t>(j)];
            const int cost = a.at(i - 1).toLower() == b.at(j - 1).toLower() ? 0 : 1;
            row[static_cast<size_t>(j)] = std::min({ row[static_cast<size_t>(j)] + 1,
                row[static_cast<size_t>(j - 1)] + 1, previous + cost });
            previous = current;
        }
    }
    return row.back();
}

QString where(const RuleNode& n)
{
    return n.position >= 0 ? tr(" (at character %1)").arg(n.position + 1) : QString();
}

bool isNumber(const QVariant& v)
{
    return v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Int
        || v.typeId() == QMetaType::LongLong;
}

} // namespace

FieldCatalog::FieldCatalog(QList<FieldInfo> fields)
    : m_fields(std::move(fields))
{
}

Result<FieldCatalog> FieldCatalog::load(Workspace& ws)
{
    QList<FieldInfo> derived;
    auto add = [&](const QString& name, const QString& label, FieldKind kind, FieldType type,
                   const QString& table, const QString& description) {
        derived.append(FieldInfo { name, label, kind, type, table, name, description });
    };
    const QString metrics = QStringLiteral("customer_metrics");
    add(QStringLiteral("first_purchase"), tr("First purchase"), FieldKind::Metric, FieldType::Date,
        metrics, tr("Date of the customer's first order."));
    add(QStringLiteral("last_purchase"), tr("Last purchase"), FieldKind::Metric, FieldType::Date,
        metrics, tr("Date of the customer's latest order."));
    add(QStringLiteral("orders"), tr("Orders"), FieldKind::Metric, FieldType::Number, metrics,
        tr("Distinct orders with a positive total; returns are not orders."));
    add(QStringLiteral("revenue"), tr("Revenue"), FieldKind::Metric, FieldType::Number, metrics,
        tr("Sum of all amounts, returns included."));
    add(QStringLiteral("average_order_value"), tr("Average order value"), FieldKind::Metric,
        FieldType::Number, metrics, tr("Revenue divided by orders."));
    add(QStringLiteral("recency_days"), tr("Recency (days)"), FieldKind::Metric, FieldType::Number,
        metrics, tr("Days from the last purchase to the analysis date."));
    add(QStringLiteral("tenure_days"), tr("Tenure (days)"), FieldKind::Metric, FieldType::Number,
        metrics, tr("Days from the first purchase to the analysis date."));
    add(QStringLiteral("mean_days_between_orders"), tr("Mean days between orders"),
        FieldKind::Metric, FieldType::Number, metrics,
        tr("(last purchase − first purchase) / (orders − 1); missing below two orders."));

    auto hasTransactions = ws.hasTable(QStringLiteral("transactions"));
    if (!hasTransactions)
        return hasTransactions.error();
    if (*hasTransactions) {
        auto columns = ws.columns(QStringLiteral("transactions"));
        if (!columns)
            return columns.error();
        for (const ColumnInfo& c : *columns) {
            if (c.name == u"category")
                add(QStringLiteral("categories"), tr("Categories bought"), FieldKind::Metric,
                    FieldType::Number, metrics,
                    tr("Number of distinct product categories bought."));
            if (c.name == u"channel")
                add(QStringLiteral("top_channel"), tr("Main channel"), FieldKind::Metric,
                    FieldType::Category, metrics,
                    tr("The channel of most of the customer's "
                       "transactions."));
        }
    }
    const QString rfm = QStringLiteral("rfm_scores");
    derived.append(FieldInfo { QStringLiteral("r_score"), tr("R score"), FieldKind::Rfm,
        FieldType::Number, rfm, QStringLiteral("r"), tr("Recency score: higher is more recent.") });
    derived.append(
        FieldInfo { QStringLiteral("f_score"), tr("F score"), FieldKind::Rfm, FieldType::Number,
            rfm, QStringLiteral("f"), tr("Frequency score: higher is more orders.") });
    derived.append(
        FieldInfo { QStringLiteral("m_score"), tr("M score"), FieldKind::Rfm, FieldType::Number,
            rfm, QStringLiteral("m"), tr("Monetary score: higher is more revenue.") });
    derived.append(
        FieldInfo { QStringLiteral("fm_score"), tr("FM score"), FieldKind::Rfm, FieldType::Number,
            rfm, QStringLiteral("fm"), tr("Mean of the F and M scores, rounded half up.") });
    derived.append(FieldInfo { QStringLiteral("rfm_segment"), tr("RFM segment"), FieldKind::Rfm,
        FieldType::Category, rfm, QStringLiteral("segment"),
        tr("Named RFM segment (Champions, At Risk...).") });
    const QString status = QStringLiteral("customer_status");
    derived.append(FieldInfo { QStringLiteral("lifecycle_status"), tr("Lifecycle status"),
        FieldKind::Lifecycle, FieldType::Category, status, QStringLiteral("lifecycle"),
        tr("prospect (no order), new, active, lapsed or lost, from the lifecycle windows.") });
    derived.append(FieldInfo { QStringLiteral("value_tier"), tr("Value tier"), FieldKind::Value,
        FieldType::Category, status, QStringLiteral("value_tier"),
        tr("Top 1 %, Top 5 %, Top 20 % or Rest of buyers by revenue.") });
    derived.append(FieldInfo { QStringLiteral("segment"), tr("Saved segment"), FieldKind::Segment,
        FieldType::Segment, QString(), QString(),
        tr("Membership of a saved segment, as last computed.") });
    auto clusterings = ClusterStore::list(ws);
    if (!clusterings)
        return clusterings.error();
    for (const Clustering& c : *clusterings) {
        derived.append(FieldInfo { c.field, tr("Clustering %1").arg(c.name), FieldKind::Cluster,
            FieldType::Category, QStringLiteral("cluster_members"), QStringLiteral("cluster"),
            tr("Cluster (1 to %1, 1 the largest) of the k-means clustering “%2” on %3, "
               "computed %4. Customers with a missing feature are not clustered: their cluster "
               "is missing.")
                .arg(c.k)
                .arg(c.name, c.features.join(QStringLiteral(", ")), c.computedAt.left(10)) });
    }

    QSet<QString> taken;
    for (const FieldInfo& f : std::as_const(derived))
        taken.insert(f.name);
    QList<FieldInfo> fields;
    auto hasCustomers = ws.hasTable(QStringLiteral("customers"));
    if (!hasCustomers)
        return hasCustomers.error();
    if (*hasCustomers) {
        auto columns = ws.columns(QStringLiteral("customers"));
        if (!columns)
            return columns.error();
        for (const ColumnInfo& c : *columns) {
            FieldInfo f;
            f.name = taken.contains(c.name) ? QStringLiteral("attr_") + c.name : c.name;
            f.label = c.sourceColumn.isEmpty() ? labelOf(c.name) : c.sourceColumn;
            f.kind = FieldKind::Attribute;
            f.type = c.name == u"customer_id" ? FieldType::Text : typeOfColumn(c.type);
            f.table = QStringLiteral("customers");
            f.column = c.name;
            f.description = tr("Customer attribute \u201c%1\u201d from the customers file (%2).")
                                .arg(f.label, c.type);
            fields.append(f);
        }
    }
    fields.append(derived);
    return FieldCatalog(fields);
}

const FieldInfo* FieldCatalog::find(const QString& name) const
{
    for (const FieldInfo& f : m_fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

QList<RuleOperator> FieldCatalog::operatorsFor(FieldType type)
{
    using O = RuleOperator;
    switch (type) {
    case FieldType::Number:
        return { O::Equal, O::NotEqual, O::Less, O::LessOrEqual, O::Greater, O::GreaterOrEqual,
            O::Between, O::IsOneOf, O::IsNoneOf, O::IsMissing, O::IsNotMissing };
    case FieldType::Category:
    case FieldType::Text:
        return { O::Is, O::IsNot, O::IsOneOf, O::IsNoneOf, O::Contains, O::StartsWith, O::EndsWith,
            O::Equal, O::NotEqual, O::IsMissing, O::IsNotMissing };
    case FieldType::Date:
        return { O::Before, O::After, O::Between, O::WithinLast, O::MoreThanAgo, O::Equal,
            O::IsMissing, O::IsNotMissing };
    case FieldType::YesNo:
        return { O::Is, O::IsMissing, O::IsNotMissing };
    case FieldType::Segment:
        return { O::Is, O::IsNot, O::IsOneOf, O::IsNoneOf };
    }
    return {};
}

QList<RuleOperator> FieldCatalog::operatorsFor(const FieldInfo& field)
{
    using O = RuleOperator;
    if (field.kind == FieldKind::Cluster)
        return { O::Is, O::IsNot, O::IsOneOf, O::IsNoneOf, O::IsMissing, O::IsNotMissing };
    return operatorsFor(field.type);
}

QString FieldCatalog::typeName(FieldType type)
{
    switch (type) {
    case FieldType::Number:
        return tr("number");
    case FieldType::Category:
        return tr("category");
    case FieldType::Text:
        return tr("text");
    case FieldType::Date:
        return tr("date");
    case FieldType::YesNo:
        return tr("yes/no");
    case FieldType::Segment:
        return tr("segment");
    }
    return QString();
}

QString FieldCatalog::kindName(FieldKind kind)
{
    switch (kind) {
    case FieldKind::Attribute:
        return tr("Customer attributes");
    case FieldKind::Metric:
        return tr("Purchase metrics");
    case FieldKind::Rfm:
        return tr("RFM");
    case FieldKind::Lifecycle:
        return tr("Lifecycle");
    case FieldKind::Value:
        return tr("Value");
    case FieldKind::Segment:
        return tr("Saved segments");
    case FieldKind::Cluster:
        return tr("Clusters");
    }
    return QString();
}

Result<void> FieldCatalog::validate(const SegmentRule& rule) const
{
    return validateNode(rule.root());
}

Result<void> FieldCatalog::validateNode(const RuleNode& n) const
{
    if (n.isGroup()) {
        for (const RuleNode& c : n.children) {
            if (auto r = validateNode(c); !r)
                return r;
        }
        return {};
    }
    const FieldInfo* field = find(n.field);
    if (!field) {
        QString best;
        int bestDistance = 3;
        for (const FieldInfo& f : m_fields) {
            const int d = editDistance(n.field, f.name);
            if (d < bestDistance) {
                bestDistance = d;
                best = f.name;
            }
        }
        return makeError(ErrorCode::BadInput,
            (best.isEmpty() ? tr("There is no field \u201c%1\u201d%2.").arg(n.field, where(n))
                            : tr("There is no field \u201c%1\u201d%2. Did you mean \u201c%3\u201d?")
                                  .arg(n.field, where(n), best)));
    }
    if (!operatorsFor(*field).contains(n.op)) {
        QStringList fitting;
        for (RuleOperator o : operatorsFor(*field))
            fitting.append(ruleOperatorText(o));
        return makeError(ErrorCode::BadInput,
            tr("\u201c%1\u201d does not apply to \u201c%2\u201d, a %3 field%4; use %5.")
                .arg(ruleOperatorText(n.op), n.field, typeName(field->type), where(n),
                    fitting.join(QStringLiteral(", "))));
    }
    auto bad = [&](const QString& what) {
        return makeError(ErrorCode::BadInput,
            tr("\u201c%1 %2\u201d needs %3%4.")
                .arg(n.field, ruleOperatorText(n.op), what, where(n)));
    };
    switch (n.op) {
    case RuleOperator::IsMissing:
    case RuleOperator::IsNotMissing:
        return {};
    case RuleOperator::Between:
        if (n.values.size() != 2)
            return bad(tr("two values"));
        break;
    case RuleOperator::IsOneOf:
    case RuleOperator::IsNoneOf:
        if (n.values.isEmpty())
            return bad(tr("at least one value"));
        break;
    case RuleOperator::WithinLast:
    case RuleOperator::MoreThanAgo:
        if (n.values.size() != 1 || !isNumber(n.values.constFirst()))
            return bad(tr("a number of days"));
        return {};
    default:
        if (n.values.size() != 1)
            return bad(tr("one value"));
    }
    for (const QVariant& v : n.values) {
        if (field->kind == FieldKind::Cluster) {
            // Cluster numbers: 3 or "3".
            bool ok = isNumber(v);
            double number = ok ? v.toDouble() : 0.0;
            if (v.typeId() == QMetaType::QString)
                number = v.toString().trimmed().toDouble(&ok);
            if (!ok || number < 1 || number > 1e9 || number != std::floor(number))
                return bad(tr("a cluster number (1, 2, ...)"));
            continue;
        }
        switch (field->type) {
        case FieldType::Number:
            if (!isNumber(v))
                return bad(tr("a number"));
            break;
        case FieldType::Date:
            if (v.typeId() != QMetaType::QDate
                && !QDate::fromString(v.toString(), Qt::ISODate).isValid())
                return bad(tr("a date written as YYYY-MM-DD"));
            break;
        case FieldType::YesNo:
            if (v.typeId() != QMetaType::Bool)
                return bad(tr("yes or no"));
            break;
        case FieldType::Category:
        case FieldType::Text:
        case FieldType::Segment:
            if (v.typeId() == QMetaType::Bool || v.typeId() == QMetaType::QDate)
                return bad(tr("text in double quotes"));
            break;
        }
    }
    return {};
}

} // namespace seg
