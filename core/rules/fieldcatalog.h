#pragma once

#include "result.h"
#include "segmentrule.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace seg {

class Workspace;

/// Value type of a rule field; decides the operators and value editors.
enum class FieldType { Number, Category, Text, Date, YesNo, Segment };

/// Where a field comes from, for grouping in the field picker. Cluster: membership in a stored
/// clustering (ClusterStore); such a field has type Category, its values are cluster numbers
/// 1 .. k and only is / is not / is one of / is none of / is missing / is not missing apply
/// (operatorsFor(const FieldInfo&)). New values are appended at the end.
enum class FieldKind { Attribute, Metric, Rfm, Lifecycle, Value, Segment, Cluster };

/// A field that segment rules can use.
struct FieldInfo {
    QString name; ///< as written in rules ("country", "orders", "rfm_segment")
    QString label; ///< for people ("Country", "Orders")
    FieldKind kind = FieldKind::Attribute;
    FieldType type = FieldType::Text;
    QString table; ///< customers, customer_metrics, rfm_scores, customer_status,
                   ///< cluster_members (kind Cluster); empty: segment
    QString column; ///< column in that table
    QString description; ///< tooltip: what it is and how it is computed
};

/// The fields of one workspace: its customer attributes, the customer metrics, RFM scores and
/// segment, lifecycle status, value tier, membership of saved segments and the cluster of each
/// stored clustering (`cluster_<name>`).
class FieldCatalog {
public:
    /// Fields of the workspace (attributes from column_meta of customers; metric fields that
    /// depend on a transactions column only when it exists). Attributes named like a derived
    /// field are offered as "attr_<name>".
    static Result<FieldCatalog> load(Workspace& ws);
    /// A catalog from a list (tests, templates).
    explicit FieldCatalog(QList<FieldInfo> fields = {});

    const QList<FieldInfo>& fields() const { return m_fields; }
    const FieldInfo* find(const QString& name) const;
    /// The operators that fit a type, in the order a picker shows them.
    static QList<RuleOperator> operatorsFor(FieldType type);
    /// The operators that fit a field: those of its type, except for cluster fields (is, is
    /// not, is one of, is none of, is missing, is not missing).
    static QList<RuleOperator> operatorsFor(const FieldInfo& field);
    static QString typeName(FieldType type);
    static QString kindName(FieldKind kind);

    /// Checks every condition of `rule`: known field, operator fitting its type, values of the
    /// right kind and number. Errors name the field and, for parsed rules, the character.
    Result<void> validate(const SegmentRule& rule) const;

private:
    Result<void> validateNode(const RuleNode& node) const;
    QList<FieldInfo> m_fields;
};

} // namespace seg
