#pragma once

#include "fieldcatalog.h"
#include "result.h"
#include "segmentrule.h"

#include <QDate>
#include <QString>
#include <QVariantList>

namespace seg {

/// A rule as SQL: "SELECT ... FROM <from> WHERE <where>", with `params` bound in order to the
/// `?` placeholders. Every customer of customer_metrics is a row of `from` (alias m).
struct CompiledRule {
    QString from;
    QString where;
    QVariantList params;
    /// The same rule over the denormalised customer_view (alias m, columns named like the
    /// fields); used instead when that table is current (CustomerViewStore). Empty when the
    /// rule uses a field the view does not hold (free-text attributes).
    QString viewFrom;
    QString viewWhere;
    QVariantList viewParams;
};

/// Compiles segment rules to SQL over customer_metrics (m), joined only where the rule needs
/// them to customers (c), rfm_scores (r) and customer_status (s). A cluster field
/// (FieldKind::Cluster) is a subquery on cluster_members for the clustering of that field
/// (its name bound as a parameter); NULL, so "missing", for customers it did not cluster.
/// Rules with cluster fields have no customer_view form.
///
/// Safety: values are always bound parameters; identifiers come from the FieldCatalog (column
/// names of column_meta and fixed derived columns) and are quoted. Each condition compiles to an
/// expression that is 0 or 1, never NULL: a missing value never satisfies a comparison, and a
/// negated node is true exactly where its positive form is not.
///
/// Dates: compared on their day (the first 10 characters, YYYY-MM-DD). Relative dates use
/// `analysisDate`: "within N days" = from analysis date − N days to the analysis date, both
/// included; weeks are 7 days; months are calendar months (SQLite date modifiers); "more than N
/// days ago" = before analysis date − N days. Text: is / is one of compare exactly; contains,
/// starts with, ends with ignore the case of ASCII letters.
class RuleSqlCompiler {
public:
    /// Validates `rule` against `catalog` and compiles it. `hasCustomers`: whether the
    /// customers table exists (attributes need it).
    /// Alias of a field's table in the joined form: c customers, r rfm_scores, s
    /// customer_status, m customer_metrics (also used by queries that join like the rules do).
    static QString tableAlias(const QString& table);
    static Result<CompiledRule> compile(const SegmentRule& rule, const FieldCatalog& catalog,
        const QDate& analysisDate, bool hasCustomers);
};

} // namespace seg
