// Segment templates adapt to the columns a workspace has and produce valid rules.
#include "fieldcatalog.h"
#include "ruletemplates.h"

#include <QTest>

using namespace seg;

namespace {

FieldInfo attribute(const char* name, FieldType type)
{
    return FieldInfo { QString::fromLatin1(name), QString::fromLatin1(name), FieldKind::Attribute,
        type, QStringLiteral("customers"), QString::fromLatin1(name), QString() };
}

FieldInfo derived(const char* name, FieldKind kind, FieldType type, const char* table)
{
    return FieldInfo { QString::fromLatin1(name), QString::fromLatin1(name), kind, type,
        QString::fromLatin1(table), QString::fromLatin1(name), QString() };
}

QList<FieldInfo> metricFields(bool channel)
{
    QList<FieldInfo> out { derived(
                               "orders", FieldKind::Metric, FieldType::Number, "customer_metrics"),
        derived("lifecycle_status", FieldKind::Lifecycle, FieldType::Category, "customer_status"),
        derived("value_tier", FieldKind::Value, FieldType::Category, "customer_status") };
    if (channel) {
        out.append(
            derived("top_channel", FieldKind::Metric, FieldType::Category, "customer_metrics"));
        out.append(derived("categories", FieldKind::Metric, FieldType::Number, "customer_metrics"));
    }
    return out;
}

QHash<QString, QString> rulesByName(const QList<SegmentTemplate>& templates)
{
    QHash<QString, QString> out;
    for (const SegmentTemplate& t : templates)
        out.insert(t.name, t.rule.toText());
    return out;
}

} // namespace

class TestRuleTemplates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void retailCustomers();
    void yearOfBirthAndAge();
    void onlyWhatTheColumnsAllow();
};

void TestRuleTemplates::retailCustomers()
{
    QList<FieldInfo> fields { attribute("customer_id", FieldType::Text),
        attribute("gender", FieldType::Category), attribute("birth_date", FieldType::Date),
        attribute("country", FieldType::Category), attribute("city", FieldType::Category),
        attribute("device", FieldType::Category),
        attribute("acquisition_channel", FieldType::Category),
        attribute("income", FieldType::Number), attribute("children", FieldType::Number) };
    fields += metricFields(true);
    const FieldCatalog catalog(fields);
    QCOMPARE(RuleTemplates::categoryFieldsUsed(catalog),
        QStringList({ QStringLiteral("gender"), QStringLiteral("acquisition_channel"),
            QStringLiteral("country"), QStringLiteral("city"), QStringLiteral("device"),
            QStringLiteral("top_channel") }));
    QCOMPARE(RuleTemplates::numberFieldsUsed(catalog), QStringList({ QStringLiteral("income") }));

    TemplateInputs inputs;
    inputs.values.insert(
        QStringLiteral("gender"), { QStringLiteral("female"), QStringLiteral("male") });
    inputs.values.insert(
        QStringLiteral("country"), { QStringLiteral("Germany"), QStringLiteral("France") });
    inputs.values.insert(QStringLiteral("device"), { QStringLiteral("mobile") });
    inputs.values.insert(
        QStringLiteral("acquisition_channel"), { QStringLiteral("paid \"search\"") });
    inputs.values.insert(QStringLiteral("top_channel"), { QStringLiteral("web") });
    inputs.medians.insert(QStringLiteral("income"), 42500);
    const QList<SegmentTemplate> templates
        = RuleTemplates::build(catalog, inputs, QDate(2025, 1, 1));
    for (const SegmentTemplate& t : templates) {
        QVERIFY2(catalog.validate(t.rule).ok(),
            qPrintable(t.name + QStringLiteral(": ") + t.rule.toText()));
        QVERIFY(!t.fields.isEmpty());
        QVERIFY(!t.description.isEmpty());
        // The text form reads back as the same rule.
        QCOMPARE(*SegmentRule::parse(t.rule.toText()), t.rule);
    }
    const auto rules = rulesByName(templates);
    // Aged 25 to 34 on 1 Jan 2025: born from 2 Jan 1990 to 1 Jan 2000.
    QCOMPARE(rules.value(QStringLiteral("Age 25\u201334")),
        QStringLiteral("birth_date between 1990-01-02 and 2000-01-01"));
    QCOMPARE(
        rules.value(QStringLiteral("Age 65+")), QStringLiteral("birth_date before 1960-01-02"));
    QCOMPARE(rules.value(QStringLiteral("gender: female")), QStringLiteral("gender is \"female\""));
    QCOMPARE(rules.value(QStringLiteral("income below the median (42500)")),
        QStringLiteral("income < 42500"));
    QCOMPARE(rules.value(QStringLiteral("With children")), QStringLiteral("children > 0"));
    QCOMPARE(
        rules.value(QStringLiteral("country: France")), QStringLiteral("country is \"France\""));
    QVERIFY(!rules.contains(QStringLiteral("city: Berlin"))); // no values known for city
    QCOMPARE(rules.value(QStringLiteral("acquisition_channel: paid \"search\"")),
        QStringLiteral("acquisition_channel is \"paid \\\"search\\\"\""));
    QCOMPARE(
        rules.value(QStringLiteral("2\u20133 orders")), QStringLiteral("orders between 2 and 3"));
    QCOMPARE(
        rules.value(QStringLiteral("top_channel: web")), QStringLiteral("top_channel is \"web\""));
    QCOMPARE(
        rules.value(QStringLiteral("Multi-category buyers")), QStringLiteral("categories >= 3"));
    QCOMPARE(
        rules.value(QStringLiteral("Lapsed")), QStringLiteral("lifecycle_status is \"lapsed\""));
    QCOMPARE(rules.value(QStringLiteral("High-value customers (top 20 %)")),
        QStringLiteral("value_tier is one of (\"Top 1 %\", \"Top 5 %\", \"Top 20 %\")"));
    QCOMPARE(rules.value(QStringLiteral("One-time buyers")), QStringLiteral("orders = 1"));

    QStringList models;
    for (const SegmentTemplate& t : templates)
        if (!models.contains(t.model))
            models.append(t.model);
    QCOMPARE(models,
        QStringList({ QStringLiteral("Demographic"), QStringLiteral("Geographic"),
            QStringLiteral("Technographic"), QStringLiteral("Behavioural"),
            QStringLiteral("Acquisition channel"), QStringLiteral("Lifecycle status"),
            QStringLiteral("Value") }));
}

void TestRuleTemplates::yearOfBirthAndAge()
{
    // The marketing-campaign table has Year_Birth (cleaned to year_birth) and Kidhome.
    QList<FieldInfo> fields { attribute("year_birth", FieldType::Number),
        attribute("kidhome", FieldType::Number) };
    fields += metricFields(false);
    auto rules = rulesByName(RuleTemplates::build(FieldCatalog(fields), {}, QDate(2014, 6, 30)));
    QCOMPARE(rules.value(QStringLiteral("Age 25\u201334")),
        QStringLiteral("year_birth between 1980 and 1989"));
    QCOMPARE(rules.value(QStringLiteral("Age 65+")), QStringLiteral("year_birth <= 1949"));
    QCOMPARE(rules.value(QStringLiteral("Without children")), QStringLiteral("kidhome = 0"));

    // An age column wins over dates.
    fields.append(attribute("age", FieldType::Number));
    rules = rulesByName(RuleTemplates::build(FieldCatalog(fields), {}, QDate(2014, 6, 30)));
    QCOMPARE(
        rules.value(QStringLiteral("Age 18\u201324")), QStringLiteral("age between 18 and 24"));
    QCOMPARE(rules.value(QStringLiteral("Age 65+")), QStringLiteral("age >= 65"));
}

void TestRuleTemplates::onlyWhatTheColumnsAllow()
{
    // No demographic, geographic or technographic columns, no channel: only the behavioural,
    // lifecycle and value templates.
    const QList<SegmentTemplate> templates
        = RuleTemplates::build(FieldCatalog(metricFields(false)), {}, QDate(2025, 1, 1));
    QStringList names;
    for (const SegmentTemplate& t : templates)
        names.append(t.name);
    QCOMPARE(names,
        QStringList({ QStringLiteral("1 order"), QStringLiteral("2\u20133 orders"),
            QStringLiteral("4\u20139 orders"), QStringLiteral("10+ orders"), QStringLiteral("New"),
            QStringLiteral("Active"), QStringLiteral("Lapsed"), QStringLiteral("Lost"),
            QStringLiteral("Prospect"), QStringLiteral("High-value customers (top 20 %)"),
            QStringLiteral("One-time buyers") }));
}

QTEST_GUILESS_MAIN(TestRuleTemplates)
#include "tst_ruletemplates.moc"
