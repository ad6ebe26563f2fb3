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

/// Where a field comes from, for grouping in the field picker.
enum class FieldKind { Attribute, Metric, Rfm, Lifecycle, Value, Segment };

/// A field that segment rules can use.
struct FieldInfo {
    QString name; ///< as written in rules ("country", "orders", "rfm_segment")
    QString label; ///< for people ("Country", "Orders")
    FieldKind kind = FieldKind::Attribute;
    FieldType type = FieldType::Text;
    QString table; ///< customers, customer_metrics, rfm_scores, customer_status; empty: segment
    QString column; ///< column in that table
    QString description; ///< tooltip: what it is and how it is computed
};

/// The fields of one workspace: its customer attributes, the customer metrics, RFM scores and
/// segment, lifecycle status, value tier and membership of saved segments.
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
