#include "ruletemplates.h"

#include "columnprofile.h"

#include <QCoreApplication>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::RuleTemplates", text); }

/// The first attribute field whose name is one of `names`, of one of `types`.
const FieldInfo* attribute(
    const FieldCatalog& catalog, const QStringList& names, const QList<FieldType>& types)
{
    for (const QString& wanted : names) {
        for (const FieldInfo& f : catalog.fields()) {
            if (f.kind == FieldKind::Attribute && types.contains(f.type)
                && f.name.compare(wanted, Qt::CaseInsensitive) == 0)
                return &f;
        }
    }
    return nullptr;
}

const QList<FieldType> kCategories { FieldType::Category, FieldType::Text };

struct Finder {
    const FieldInfo* age = nullptr;
    const FieldInfo* birthDate = nullptr;
    const FieldInfo* birthYear = nullptr;
    const FieldInfo* gender = nullptr;
    const FieldInfo* income = nullptr;
    const FieldInfo* children = nullptr;
    QList<const FieldInfo*> geographic;
    QList<const FieldInfo*> technographic;
    const FieldInfo* acquisition = nullptr;

    explicit Finder(const FieldCatalog& c)
    {
        const QList<FieldType> number { FieldType::Number };
        age = attribute(c, { QStringLiteral("age"), QStringLiteral("alter") }, number);
        birthDate = attribute(c,
            { QStringLiteral("birth_date"), QStringLiteral("birthdate"),
                QStringLiteral("date_of_birth"), QStringLiteral("dob"),
                QStringLiteral("birthday") },
            { FieldType::Date });
        birthYear = attribute(c,
            { QStringLiteral("year_birth"), QStringLiteral("birth_year"),
                QStringLiteral("year_of_birth") },
            number);
        gender = attribute(c, { QStringLiteral("gender"), QStringLiteral("sex") }, kCategories);
        income = attribute(c,
            { QStringLiteral("income"), QStringLiteral("annual_income"),
                QStringLiteral("annual_income_k"), QStringLiteral("household_income"),
                QStringLiteral("salary") },
            number);
        children = attribute(c,
            { QStringLiteral("children"), QStringLiteral("kids"), QStringLiteral("num_children"),
                QStringLiteral("number_of_children"), QStringLiteral("kidhome") },
            number);
        for (const QStringList& names :
            { QStringList { QStringLiteral("country"), QStringLiteral("country_code") },
                QStringList {
                    QStringLiteral("region"), QStringLiteral("state"), QStringLiteral("province") },
                QStringList { QStringLiteral("city"), QStringLiteral("town") } }) {
            if (const FieldInfo* f = attribute(c, names, kCategories))
                geographic.append(f);
        }
        for (const QStringList& names :
            { QStringList { QStringLiteral("device"), QStringLiteral("device_type") },
                QStringList { QStringLiteral("browser") },
                QStringList { QStringLiteral("os"), QStringLiteral("operating_system"),
                    QStringLiteral("platform") } }) {
            if (const FieldInfo* f = attribute(c, names, kCategories))
                technographic.append(f);
        }
        acquisition = attribute(c,
            { QStringLiteral("acquisition_channel"), QStringLiteral("acquisition"),
                QStringLiteral("acquisition_source"), QStringLiteral("utm_source"),
                QStringLiteral("source"), QStringLiteral("signup_channel") },
            kCategories);
    }
};

RuleNode condition(const QString& field, RuleOperator op, QVariantList values)
{
    return RuleNode::condition(field, op, std::move(values));
}

SegmentRule ruleOf(QList<RuleNode> conditions)
{
    return SegmentRule(RuleNode::group(RuleNode::Kind::And, std::move(conditions))).normalized();
}

QString usesColumn(const FieldInfo& f) { return tr("Uses the column \u201c%1\u201d.").arg(f.name); }

} // namespace

Result<TemplateInputs> RuleTemplates::readInputs(
    Workspace& ws, const FieldCatalog& catalog, JobContext& job)
{
    TemplateInputs inputs;
    for (const QString& name : categoryFieldsUsed(catalog)) {
        const FieldInfo* f = catalog.find(name);
        auto profile = computeColumnProfile(ws, f->table, f->column, job);
        if (!profile)
            return profile.error();
        QStringList values;
        for (const auto& v : profile->topValues)
            values.append(v.value.toString());
        inputs.values.insert(name, values);
    }
    for (const QString& name : numberFieldsUsed(catalog)) {
        const FieldInfo* f = catalog.find(name);
        auto profile = computeColumnProfile(ws, f->table, f->column, job);
        if (!profile)
            return profile.error();
        if (profile->median)
            inputs.medians.insert(name, *profile->median);
    }
    return inputs;
}

QStringList RuleTemplates::categoryFieldsUsed(const FieldCatalog& catalog)
{
    Finder find(catalog);
    QStringList out;
    for (const FieldInfo* f : { find.gender, find.acquisition })
        if (f)
            out.append(f->name);
    for (const FieldInfo* f : find.geographic)
        out.append(f->name);
    for (const FieldInfo* f : find.technographic)
        out.append(f->name);
    if (catalog.find(QStringLiteral("top_channel")))
        out.append(QStringLiteral("top_channel"));
    return out;
}

QStringList RuleTemplates::numberFieldsUsed(const FieldCatalog& catalog)
{
    Finder find(catalog);
    return find.income ? QStringList { find.income->name } : QStringList();
}

QList<SegmentTemplate> RuleTemplates::build(
    const FieldCatalog& catalog, const TemplateInputs& inputs, const QDate& analysisDate)
{
    QList<SegmentTemplate> out;
    Finder find(catalog);
    auto add = [&](const QString& model, const QString& name, QList<RuleNode> conditions,
                   QStringList fields, const QString& description) {
        out.append(SegmentTemplate {
            model, name, ruleOf(std::move(conditions)), std::move(fields), description });
    };
    auto perValue = [&](const QString& model, const FieldInfo& f) {
        const QStringList values = inputs.values.value(f.name).mid(0, kMaxValues);
        for (const QString& v : values) {
            add(model, QStringLiteral("%1: %2").arg(f.label, v),
                { condition(f.name, RuleOperator::Is, { v }) }, { f.name },
                usesColumn(f)
                    + tr(" One segment per value, for the %1 most frequent values.")
                          .arg(values.size()));
        }
    };

    // Demographic.
    const QString demographic = tr("Demographic");
    struct Band {
        int low;
        int high; ///< -1: and older
    };
    const Band bands[] = { { 18, 24 }, { 25, 34 }, { 35, 44 }, { 45, 54 }, { 55, 64 }, { 65, -1 } };
    for (const Band& b : bands) {
        const QString name
            = b.high < 0 ? tr("Age %1+").arg(b.low) : tr("Age %1\u2013%2").arg(b.low).arg(b.high);
        if (find.age) {
            add(demographic, name,
                { b.high < 0
                        ? condition(find.age->name, RuleOperator::GreaterOrEqual, { double(b.low) })
                        : condition(find.age->name, RuleOperator::Between,
                            { double(b.low), double(b.high) }) },
                { find.age->name }, usesColumn(*find.age));
        } else if (find.birthDate && analysisDate.isValid()) {
            // Aged low..high on the analysis date: born after (date - (high + 1) years) and on or
            // before (date - low years).
            const QDate latest = analysisDate.addYears(-b.low);
            if (b.high < 0) {
                add(demographic, name,
                    { condition(
                        find.birthDate->name, RuleOperator::Before, { latest.addDays(1) }) },
                    { find.birthDate->name },
                    usesColumn(*find.birthDate) + tr(" Age on the analysis date."));
            } else {
                const QDate earliest = analysisDate.addYears(-(b.high + 1)).addDays(1);
                add(demographic, name,
                    { condition(
                        find.birthDate->name, RuleOperator::Between, { earliest, latest }) },
                    { find.birthDate->name },
                    usesColumn(*find.birthDate) + tr(" Age on the analysis date."));
            }
        } else if (find.birthYear && analysisDate.isValid()) {
            const int year = analysisDate.year();
            add(demographic, name,
                { b.high < 0 ? condition(
                      find.birthYear->name, RuleOperator::LessOrEqual, { double(year - b.low) })
                             : condition(find.birthYear->name, RuleOperator::Between,
                                 { double(year - b.high), double(year - b.low) }) },
                { find.birthYear->name },
                usesColumn(*find.birthYear)
                    + tr(" Age counted as the analysis year minus the year of birth."));
        }
    }
    if (find.gender)
        perValue(demographic, *find.gender);
    if (find.income && inputs.medians.contains(find.income->name)) {
        const double median = inputs.medians.value(find.income->name);
        const QString text = QString::number(median, 'g', 12);
        add(demographic, tr("%1 below the median (%2)").arg(find.income->label, text),
            { condition(find.income->name, RuleOperator::Less, { median }) }, { find.income->name },
            usesColumn(*find.income));
        add(demographic, tr("%1 from the median (%2)").arg(find.income->label, text),
            { condition(find.income->name, RuleOperator::GreaterOrEqual, { median }) },
            { find.income->name }, usesColumn(*find.income));
    }
    if (find.children) {
        add(demographic, tr("With children"),
            { condition(find.children->name, RuleOperator::Greater, { 0.0 }) },
            { find.children->name }, usesColumn(*find.children));
        add(demographic, tr("Without children"),
            { condition(find.children->name, RuleOperator::Equal, { 0.0 }) },
            { find.children->name }, usesColumn(*find.children));
    }

    for (const FieldInfo* f : find.geographic)
        perValue(tr("Geographic"), *f);
    for (const FieldInfo* f : find.technographic)
        perValue(tr("Technographic"), *f);

    // Behavioural.
    const QString behavioural = tr("Behavioural");
    const QString orders = QStringLiteral("orders");
    add(behavioural, tr("1 order"), { condition(orders, RuleOperator::Equal, { 1.0 }) }, { orders },
        tr("Uses the customer metric \u201corders\u201d."));
    add(behavioural, tr("2\u20133 orders"),
        { condition(orders, RuleOperator::Between, { 2.0, 3.0 }) }, { orders },
        tr("Uses the customer metric \u201corders\u201d."));
    add(behavioural, tr("4\u20139 orders"),
        { condition(orders, RuleOperator::Between, { 4.0, 9.0 }) }, { orders },
        tr("Uses the customer metric \u201corders\u201d."));
    add(behavioural, tr("10+ orders"),
        { condition(orders, RuleOperator::GreaterOrEqual, { 10.0 }) }, { orders },
        tr("Uses the customer metric \u201corders\u201d."));
    if (const FieldInfo* channel = catalog.find(QStringLiteral("top_channel")))
        perValue(behavioural, *channel);
    if (catalog.find(QStringLiteral("categories")))
        add(behavioural, tr("Multi-category buyers"),
            { condition(QStringLiteral("categories"), RuleOperator::GreaterOrEqual, { 3.0 }) },
            { QStringLiteral("categories") },
            tr("Bought in 3 or more product categories (the transactions' category column)."));

    if (find.acquisition)
        perValue(tr("Acquisition channel"), *find.acquisition);

    // Lifecycle and value.
    const QString lifecycle = QStringLiteral("lifecycle_status");
    for (const QString& status : { QStringLiteral("new"), QStringLiteral("active"),
             QStringLiteral("lapsed"), QStringLiteral("lost"), QStringLiteral("prospect") }) {
        add(tr("Lifecycle status"), status.at(0).toUpper() + status.mid(1),
            { condition(lifecycle, RuleOperator::Is, { status }) }, { lifecycle },
            tr("Uses the lifecycle status (windows on the Lifecycle page)."));
    }
    add(tr("Value"), tr("High-value customers (top 20 %)"),
        { condition(QStringLiteral("value_tier"), RuleOperator::IsOneOf,
            { QStringLiteral("Top 1 %"), QStringLiteral("Top 5 %"), QStringLiteral("Top 20 %") }) },
        { QStringLiteral("value_tier") },
        tr("The 20 % of buyers with the highest revenue (value tiers)."));
    add(tr("Value"), tr("One-time buyers"), { condition(orders, RuleOperator::Equal, { 1.0 }) },
        { orders }, tr("Customers with exactly one order."));
    return out;
}

} // namespace seg
