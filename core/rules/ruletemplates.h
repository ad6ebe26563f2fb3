#pragma once

#include "fieldcatalog.h"
#include "jobcontext.h"
#include "result.h"
#include "segmentrule.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace seg {

class Workspace;

/// A ready-made segment of one of the usual models, adapted to the workspace's columns.
struct SegmentTemplate {
    QString model; ///< "Demographic", "Geographic", ...
    QString name; ///< "Age 25–34", "Country: Germany"
    SegmentRule rule;
    QStringList fields; ///< the fields the rule uses
    QString description; ///< which column it uses and why
};

/// What the data says about the fields templates look at.
struct TemplateInputs {
    /// Most frequent values of category fields, most frequent first.
    QHash<QString, QStringList> values;
    /// Medians of number fields.
    QHash<QString, double> medians;
};

/// Templates for the usual segmentation models, each built only when the workspace has the
/// columns it needs (found by their usual names), and saying which column it uses:
/// - demographic: age bands (18–24, 25–34, 35–44, 45–54, 55–64, 65+) from an age column, a birth
///   date (relative to the analysis date) or a year of birth; one segment per gender; income
///   below and from the median; customers with and without children;
/// - geographic: one segment per country, region or city (up to 10 most frequent values);
/// - technographic: one per device, browser or operating system;
/// - behavioural: frequency bands (1, 2–3, 4–9, 10+ orders), one per main channel,
///   multi-category buyers (3+ categories);
/// - acquisition channel: one per value;
/// - lifecycle status: one per status; high-value customers (top 20 % by revenue); one-time
///   buyers.
class RuleTemplates {
public:
    static QList<SegmentTemplate> build(
        const FieldCatalog& catalog, const TemplateInputs& inputs, const QDate& analysisDate);
    /// Reads the inputs build() needs (top values, medians) from the workspace, one column
    /// profile per field used.
    static Result<TemplateInputs> readInputs(
        Workspace& ws, const FieldCatalog& catalog, JobContext& job);
    /// Category fields whose values build() uses, and number fields whose median it uses.
    static QStringList categoryFieldsUsed(const FieldCatalog& catalog);
    static QStringList numberFieldsUsed(const FieldCatalog& catalog);
    /// Maximum segments made from one field's values.
    static constexpr int kMaxValues = 10;
};

} // namespace seg
