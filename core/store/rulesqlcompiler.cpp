#include "rulesqlcompiler.h"

#include "customerviewstore.h"
#include "database.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSet>

#include <cmath>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::RuleSqlCompiler", text); }

QString likeEscaped(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'%' || c == u'_' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out;
}

class Compiler {
public:
    Compiler(const FieldCatalog& catalog, const QDate& analysisDate, bool view)
        : m_catalog(catalog)
        , m_analysisDate(analysisDate)
        , m_view(view)
    {
    }

    QString node(const RuleNode& n)
    {
        QString sql;
        if (n.isGroup()) {
            if (n.children.isEmpty()) {
                sql = n.kind == RuleNode::Kind::Or ? QStringLiteral("0") : QStringLiteral("1");
            } else {
                QStringList parts;
                for (const RuleNode& c : n.children)
                    parts.append(node(c));
                sql = QLatin1Char('(')
                    + parts.join(n.kind == RuleNode::Kind::Or ? QStringLiteral(" OR ")
                                                              : QStringLiteral(" AND "))
                    + QLatin1Char(')');
            }
        } else {
            sql = condition(n);
        }
        return n.negated ? QStringLiteral("(NOT ") + sql + QLatin1Char(')') : sql;
    }

    QSet<QString> tables;
    QVariantList params;
    bool outsideView = false; ///< a field that customer_view does not hold

private:
    QString param(const QVariant& v)
    {
        params.append(v);
        return QStringLiteral("?");
    }

    /// The value as bound for a field of `type`.
    static QVariant bound(const QVariant& v, FieldType type)
    {
        switch (type) {
        case FieldType::Number:
            return v.toDouble();
        case FieldType::Date:
            return v.typeId() == QMetaType::QDate ? v.toDate().toString(Qt::ISODate)
                                                  : v.toString().left(10);
        case FieldType::YesNo:
            return qint64(v.toBool() ? 1 : 0);
        default:
            if (v.typeId() == QMetaType::Double)
                return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
            return v.toString();
        }
    }

    /// A cluster number as bound: validated as a whole number, given as 3 or "3".
    static QVariant clusterNumber(const QVariant& v)
    {
        return static_cast<qint64>(std::llround(
            v.typeId() == QMetaType::QString ? v.toString().trimmed().toDouble() : v.toDouble()));
    }

    QString list(const QVariantList& values, FieldType type, bool cluster = false)
    {
        QStringList marks;
        for (const QVariant& v : values)
            marks.append(param(cluster ? clusterNumber(v) : bound(v, type)));
        return QLatin1Char('(') + marks.join(QStringLiteral(", ")) + QLatin1Char(')');
    }

    QString segmentCondition(const RuleNode& n)
    {
        QString names;
        if (n.op == RuleOperator::IsOneOf || n.op == RuleOperator::IsNoneOf)
            names = QStringLiteral("sg.name IN ") + list(n.values, FieldType::Segment);
        else
            names = QStringLiteral("sg.name = ")
                + param(bound(n.values.value(0), FieldType::Segment));
        const QString exists = QStringLiteral(
            "EXISTS (SELECT 1 FROM segment_members AS sm JOIN segments AS sg ON sg.id = "
            "sm.segment_id WHERE sm.customer_id = m.customer_id AND %1)")
                                   .arg(names);
        const bool positive = n.op == RuleOperator::Is || n.op == RuleOperator::IsOneOf;
        return positive ? exists : QStringLiteral("NOT ") + exists;
    }

    QString condition(const RuleNode& n)
    {
        const FieldInfo* f = m_catalog.find(n.field);
        Q_ASSERT(f); // validated before
        if (f->type == FieldType::Segment)
            return segmentCondition(n);
        if (m_view && !CustomerViewStore::inView(*f))
            outsideView = true;
        const bool cluster = f->kind == FieldKind::Cluster;
        QString e;
        if (cluster) {
            // The customer's cluster in the clustering of this field, NULL when not clustered.
            // The field name is bound; the clustering's id is looked up once per statement.
            e = QStringLiteral("(SELECT cm.cluster FROM cluster_members AS cm WHERE "
                               "cm.clustering_id = (SELECT cl.id FROM clusterings AS cl WHERE "
                               "cl.field = %1) AND cm.customer_id = m.customer_id)")
                    .arg(param(f->name));
        } else {
            tables.insert(f->table);
            // In customer_view every field is a column of its own name (customer_id included).
            e = m_view ? QStringLiteral("m.") + Database::quoteIdentifier(f->name)
                       : RuleSqlCompiler::tableAlias(f->table) + QLatin1Char('.')
                    + Database::quoteIdentifier(f->column);
        }
        const FieldType type = f->type;
        if (type == FieldType::Date)
            e = QStringLiteral("substr(%1, 1, 10)").arg(e);
        auto v = [&](int i) {
            return param(
                cluster ? clusterNumber(n.values.value(i)) : bound(n.values.value(i), type));
        };
        QString test;
        switch (n.op) {
        case RuleOperator::Equal:
        case RuleOperator::Is:
            test = e + QStringLiteral(" = ") + v(0);
            break;
        case RuleOperator::NotEqual:
        case RuleOperator::IsNot:
            test = e + QStringLiteral(" <> ") + v(0);
            break;
        case RuleOperator::Less:
        case RuleOperator::Before:
            test = e + QStringLiteral(" < ") + v(0);
            break;
        case RuleOperator::LessOrEqual:
            test = e + QStringLiteral(" <= ") + v(0);
            break;
        case RuleOperator::Greater:
        case RuleOperator::After:
            test = e + QStringLiteral(" > ") + v(0);
            break;
        case RuleOperator::GreaterOrEqual:
            test = e + QStringLiteral(" >= ") + v(0);
            break;
        case RuleOperator::Between: {
            const QString low = v(0);
            test = e + QStringLiteral(" BETWEEN ") + low + QStringLiteral(" AND ") + v(1);
            break;
        }
        case RuleOperator::IsOneOf:
            test = e + QStringLiteral(" IN ") + list(n.values, type, cluster);
            break;
        case RuleOperator::IsNoneOf:
            test = e + QStringLiteral(" NOT IN ") + list(n.values, type, cluster);
            break;
        case RuleOperator::Contains:
            test = e + QStringLiteral(" LIKE ")
                + param(QLatin1Char('%') + likeEscaped(bound(n.values.value(0), type).toString())
                    + QLatin1Char('%'))
                + QStringLiteral(" ESCAPE '\\'");
            break;
        case RuleOperator::StartsWith:
            test = e + QStringLiteral(" LIKE ")
                + param(likeEscaped(bound(n.values.value(0), type).toString()) + QLatin1Char('%'))
                + QStringLiteral(" ESCAPE '\\'");
            break;
        case RuleOperator::EndsWith:
            test = e + QStringLiteral(" LIKE ")
                + param(QLatin1Char('%') + likeEscaped(bound(n.values.value(0), type).toString()))
                + QStringLiteral(" ESCAPE '\\'");
            break;
        case RuleOperator::WithinLast: {
            const qint64 count = n.values.value(0).toLongLong();
            const QString modifier = n.unit == RuleUnit::Months
                ? QStringLiteral("-%1 months").arg(count)
                : QStringLiteral("-%1 days").arg(n.unit == RuleUnit::Weeks ? count * 7 : count);
            // Parameters are numbered in the order param() is called: one call per statement.
            const QString day = m_analysisDate.toString(Qt::ISODate);
            const QString start = param(day);
            const QString shift = param(modifier);
            const QString end = param(day);
            test = QStringLiteral("%1 BETWEEN date(%2, %3) AND %4").arg(e, start, shift, end);
            break;
        }
        case RuleOperator::MoreThanAgo: {
            const QString modifier = QStringLiteral("-%1 days").arg(n.values.value(0).toLongLong());
            const QString day = param(m_analysisDate.toString(Qt::ISODate));
            const QString shift = param(modifier);
            test = QStringLiteral("%1 < date(%2, %3)").arg(e, day, shift);
            break;
        }
        case RuleOperator::IsMissing:
            return QLatin1Char('(') + e + QStringLiteral(" IS NULL)");
        case RuleOperator::IsNotMissing:
            return QLatin1Char('(') + e + QStringLiteral(" IS NOT NULL)");
        }
        // NULL (a missing value) becomes 0: it never satisfies a comparison.
        return QStringLiteral("coalesce(") + test + QStringLiteral(", 0)");
    }

    const FieldCatalog& m_catalog;
    QDate m_analysisDate;
    bool m_view = false;
};

} // namespace

QString RuleSqlCompiler::tableAlias(const QString& table)
{
    if (table == u"customers")
        return QStringLiteral("c");
    if (table == u"rfm_scores")
        return QStringLiteral("r");
    if (table == u"customer_status")
        return QStringLiteral("s");
    return QStringLiteral("m");
}

Result<CompiledRule> RuleSqlCompiler::compile(const SegmentRule& rule, const FieldCatalog& catalog,
    const QDate& analysisDate, bool hasCustomers)
{
    if (auto r = catalog.validate(rule); !r)
        return r.error();
    Compiler compiler(catalog, analysisDate, false);
    CompiledRule out;
    out.where = compiler.node(rule.root());
    out.params = compiler.params;
    Compiler onView(catalog, analysisDate, true);
    const QString viewWhere = onView.node(rule.root());
    if (!onView.outsideView) {
        out.viewWhere = viewWhere;
        out.viewParams = onView.params;
        out.viewFrom = QStringLiteral("customer_view AS m");
    }
    if (compiler.tables.contains(QStringLiteral("customers")) && !hasCustomers)
        return makeError(ErrorCode::BadInput,
            tr("This rule uses customer attributes, but the workspace has no customers table; "
               "import a customers file first."));
    out.from = QStringLiteral("customer_metrics AS m");
    if (compiler.tables.contains(QStringLiteral("customers")))
        out.from += QStringLiteral(" LEFT JOIN customers AS c ON c.customer_id = m.customer_id");
    if (compiler.tables.contains(QStringLiteral("rfm_scores")))
        out.from += QStringLiteral(" LEFT JOIN rfm_scores AS r ON r.customer_id = m.customer_id");
    if (compiler.tables.contains(QStringLiteral("customer_status")))
        out.from
            += QStringLiteral(" LEFT JOIN customer_status AS s ON s.customer_id = m.customer_id");
    return out;
}

} // namespace seg
