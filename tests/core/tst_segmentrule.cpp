// The text form of segment rules: round trips (text -> tree -> text, tree -> text -> tree, tree
// -> JSON -> tree) and error messages with the position of the error.
#include "segmentrule.h"

#include <QDate>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace seg;

namespace {

RuleNode randomCondition(QRandomGenerator& rng)
{
    static const QStringList fields { QStringLiteral("country"), QStringLiteral("orders"),
        QStringLiteral("last_purchase"), QStringLiteral("annual income"), QStringLiteral("last"),
        QStringLiteral("x`y") };
    const QString field = fields.at(rng.bounded(static_cast<int>(fields.size())));
    auto value = [&]() -> QVariant {
        switch (rng.bounded(5)) {
        case 0:
            return static_cast<int>(rng.bounded(1000)) - 500
                + static_cast<int>(rng.bounded(100)) / 8.0;
        case 1:
            return QDate(2020, 1, 1).addDays(rng.bounded(1500));
        case 2:
            return rng.bounded(2) == 1;
        case 3:
            return QStringLiteral("a \"q\" \\ b\n%1").arg(rng.bounded(10));
        default:
            return QStringLiteral("Zoë; DROP TABLE x; --");
        }
    };
    const auto op
        = static_cast<RuleOperator>(rng.bounded(static_cast<int>(RuleOperator::IsNotMissing) + 1));
    RuleNode n = RuleNode::condition(field, op);
    switch (op) {
    case RuleOperator::Between:
        n.values = { value(), value() };
        break;
    case RuleOperator::IsOneOf:
    case RuleOperator::IsNoneOf:
        for (int i = 0, count = 1 + rng.bounded(3); i < count; ++i)
            n.values.append(value());
        break;
    case RuleOperator::WithinLast:
        n.values = { double(rng.bounded(400)) };
        n.unit = static_cast<RuleUnit>(rng.bounded(3));
        break;
    case RuleOperator::MoreThanAgo:
        n.values = { double(rng.bounded(400)) };
        break;
    case RuleOperator::IsMissing:
    case RuleOperator::IsNotMissing:
        break;
    default:
        n.values = { value() };
    }
    n.negated = rng.bounded(4) == 0;
    return n;
}

RuleNode randomNode(QRandomGenerator& rng, int depth)
{
    if (depth == 0 || rng.bounded(3) == 0)
        return randomCondition(rng);
    RuleNode g = RuleNode::group(rng.bounded(2) ? RuleNode::Kind::And : RuleNode::Kind::Or);
    for (int i = 0, count = 1 + rng.bounded(3); i < count; ++i)
        g.children.append(randomNode(rng, depth - 1));
    g.negated = rng.bounded(4) == 0;
    return g;
}

} // namespace

class TestSegmentRule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void canonicalTextRoundTrip_data();
    void canonicalTextRoundTrip();
    void acceptedSpellings_data();
    void acceptedSpellings();
    void precedence();
    void parsedValues();
    void randomTreesRoundTrip_data();
    void randomTreesRoundTrip();
    void errors_data();
    void errors();
    void jsonVersion();
};

void TestSegmentRule::canonicalTextRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    const char* const cases[] = {
        "",
        "country is one of (\"Germany\", \"France\") and (orders >= 3 or revenue > 500) and "
        "last_purchase within 90 days",
        "orders = 1",
        "orders != 1 and orders < 2 and orders <= 3 and orders > 4 and orders >= 5",
        "revenue between 100 and 500.25",
        "income is none of (1, 2.5, -3)",
        "country is not \"Germany\"",
        "city contains \"%_\\\\\" or city starts with \"O'\" or city ends with \"; --\"",
        "signup before 2020-01-01 or signup after 2024-12-31",
        "signup between 2020-01-01 and 2020-12-31",
        "last_purchase within 2 weeks or last_purchase within 3 months",
        "a within 1 day or b within 1 week or c within 1 month or d more than 1 day ago",
        "last_purchase more than 365 days ago",
        "newsletter is yes and children is no",
        "income is missing or income is not missing",
        "not country is \"Germany\"",
        "not (orders > 1 or revenue > 2)",
        "(orders > 1 or revenue > 2) and not (a = 1 and (b = 2 or c = 3))",
        "a = 1 and ((orders > 1))",
        "(orders > 1) or revenue > 2",
        "`annual income` > 50000 and `last` = 1 and `tick``tock` is \"x\"",
        "note is \"line\\nbreak \\\"quoted\\\" tab\\t\"",
        "revenue > 1e+20 and revenue < 1e-05",
        "segment is one of (\"Champions\", \"Loyal Customers\")",
    };
    for (const char* c : cases)
        QTest::newRow(c) << QString::fromUtf8(c);
}

void TestSegmentRule::canonicalTextRoundTrip()
{
    QFETCH(QString, text);
    auto rule = SegmentRule::parse(text);
    QVERIFY2(rule.ok(), rule.ok() ? "" : qPrintable(rule.error().message));
    QCOMPARE(rule->toText(), text);
    auto again = SegmentRule::parse(rule->toText());
    QVERIFY(again.ok());
    QCOMPARE(*again, *rule);
    auto fromJson = SegmentRule::fromJson(
        QJsonDocument::fromJson(QJsonDocument(rule->toJson()).toJson()).object());
    QVERIFY2(fromJson.ok(), fromJson.ok() ? "" : qPrintable(fromJson.error().message));
    QCOMPARE(*fromJson, *rule);
    QCOMPARE(fromJson->toText(), text);
}

void TestSegmentRule::acceptedSpellings_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("within the last") << QStringLiteral("last_purchase within the last 90 days")
                                     << QStringLiteral("last_purchase within 90 days");
    QTest::newRow("within last, singular")
        << QStringLiteral("x within last 1 month") << QStringLiteral("x within 1 month");
    QTest::newRow("keywords any case")
        << QStringLiteral("A IS ONE OF (\"x\") AND NOT B IS MISSING")
        << QStringLiteral("A is one of (\"x\") and not B is missing");
    QTest::newRow("unicode comparisons") << QStringLiteral("a ≥ 1 and b ≤ 2 and c ≠ 3")
                                         << QStringLiteral("a >= 1 and b <= 2 and c != 3");
    QTest::newRow("sql not equal") << QStringLiteral("a <> 1") << QStringLiteral("a != 1");
    QTest::newRow("true false") << QStringLiteral("a is true or b is false")
                                << QStringLiteral("a is yes or b is no");
    QTest::newRow("spaces") << QStringLiteral("  orders>=3 and   revenue>5  ")
                            << QStringLiteral("orders >= 3 and revenue > 5");
    QTest::newRow("outer parentheses")
        << QStringLiteral("(a = 1 and b = 2)") << QStringLiteral("a = 1 and b = 2");
    QTest::newRow("nested outer parentheses")
        << QStringLiteral("((orders > 1))") << QStringLiteral("orders > 1");
    QTest::newRow("double negation") << QStringLiteral("not not a = 1") << QStringLiteral("a = 1");
    QTest::newRow("number forms") << QStringLiteral("a = 1.50 or a = .5 or a = 2E3")
                                  << QStringLiteral("a = 1.5 or a = 0.5 or a = 2000");
}

void TestSegmentRule::acceptedSpellings()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    auto rule = SegmentRule::parse(input);
    QVERIFY2(rule.ok(), rule.ok() ? "" : qPrintable(rule.error().message));
    QCOMPARE(rule->toText(), canonical);
}

void TestSegmentRule::precedence()
{
    // AND binds tighter than OR.
    auto rule = SegmentRule::parse(QStringLiteral("a = 1 or b = 2 and c = 3 or d = 4"));
    QVERIFY(rule.ok());
    const RuleNode& root = rule->root();
    QCOMPARE(root.kind, RuleNode::Kind::Or);
    QCOMPARE(root.children.size(), 3);
    QCOMPARE(root.children.at(1).kind, RuleNode::Kind::And);
    QCOMPARE(root.children.at(1).children.size(), 2);
    QCOMPARE(rule->toText(), QStringLiteral("a = 1 or (b = 2 and c = 3) or d = 4"));
    // NOT applies to the next operand only.
    rule = SegmentRule::parse(QStringLiteral("not a = 1 and b = 2"));
    QVERIFY(rule.ok());
    QVERIFY(rule->root().children.at(0).negated);
    QVERIFY(!rule->root().children.at(1).negated);
}

void TestSegmentRule::parsedValues()
{
    auto rule = SegmentRule::parse(
        QStringLiteral("a between 2024-02-29 and 2024-03-01 and b is \"2024-01-01\" and c = 7 and "
                       "d is yes and e within 3 weeks"));
    QVERIFY(rule.ok());
    const QList<RuleNode>& c = rule->root().children;
    QCOMPARE(c.at(0).op, RuleOperator::Between);
    QCOMPARE(c.at(0).values, QVariantList({ QDate(2024, 2, 29), QDate(2024, 3, 1) }));
    QCOMPARE(c.at(1).values.at(0).typeId(), QMetaType::QString);
    QCOMPARE(c.at(2).values.at(0), QVariant(7.0));
    QCOMPARE(c.at(3).values.at(0), QVariant(true));
    QCOMPARE(c.at(4).op, RuleOperator::WithinLast);
    QCOMPARE(c.at(4).unit, RuleUnit::Weeks);
    QCOMPARE(c.at(4).values.at(0).toInt(), 3);
    QCOMPARE(c.at(0).position, 0);
    QCOMPARE(c.at(2).position,
        QStringLiteral("a between 2024-02-29 and 2024-03-01 and b is \"2024-01-01\" and ").size());
}

void TestSegmentRule::randomTreesRoundTrip_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : { 1u, 2u, 3u, 42u, 1234u, 99991u })
        QTest::newRow(qPrintable(QString::number(seed))) << seed;
}

void TestSegmentRule::randomTreesRoundTrip()
{
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    for (int i = 0; i < 300; ++i) {
        RuleNode root = RuleNode::group(rng.bounded(2) ? RuleNode::Kind::And : RuleNode::Kind::Or);
        for (int k = 0, count = rng.bounded(4); k < count; ++k)
            root.children.append(randomNode(rng, 3));
        root.negated = rng.bounded(5) == 0;
        const SegmentRule rule = SegmentRule(root).normalized();
        const QString text = rule.toText();
        auto parsed = SegmentRule::parse(text);
        QVERIFY2(parsed.ok(),
            qPrintable(text + QStringLiteral(" -> ")
                + (parsed.ok() ? QString() : parsed.error().message)));
        QVERIFY2(*parsed == rule,
            qPrintable(text + QStringLiteral(" parsed back as ") + parsed->toText()));
        QCOMPARE(parsed->toText(), text);
        auto json = SegmentRule::fromJson(rule.toJson());
        QVERIFY(json.ok());
        QVERIFY2(*json == rule, qPrintable(text));
    }
}

void TestSegmentRule::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("value missing")
        << QStringLiteral("country is")
        << QStringLiteral("Expected a value (a number, \"text\" in double quotes, a date as "
                          "YYYY-MM-DD, yes or no), found \u201cthe end\u201d (at character 11)");
    QTest::newRow("dangling and")
        << QStringLiteral("orders >= 3 and")
        << QStringLiteral("Expected a condition, found \u201cthe end\u201d (at character 16)");
    QTest::newRow("unclosed parenthesis")
        << QStringLiteral("(orders > 1")
        << QStringLiteral("The parenthesis opened at character 1 is not closed (at character 12)");
    QTest::newRow("stray closing")
        << QStringLiteral("orders > 1)")
        << QStringLiteral("This closing parenthesis has no opening one (at character 11)");
    QTest::newRow("double operator")
        << QStringLiteral("orders >> 3") << QStringLiteral("found \u201c>\u201d (at character 9)");
    QTest::newRow("bare word value")
        << QStringLiteral("country is Germany")
        << QStringLiteral("Expected a value, found \u201cGermany\u201d: put text in double quotes, "
                          "like \"Germany\" (at character 12)");
    QTest::newRow("unclosed text")
        << QStringLiteral("city is \"Berlin")
        << QStringLiteral("This text has no closing double quote (at character 9)");
    QTest::newRow("between without and")
        << QStringLiteral("orders between 1 5")
        << QStringLiteral("Expected \u201cand\u201d between the two ends of the range, found "
                          "\u201c5\u201d (at character 18)");
    QTest::newRow("unit")
        << QStringLiteral("last_purchase within 90 years")
        << QStringLiteral(
               "Expected days, weeks or months, found \u201cyears\u201d (at character 25)");
    QTest::newRow("missing connective")
        << QStringLiteral("orders > 1 orders < 5")
        << QStringLiteral("Expected \u201cand\u201d or \u201cor\u201d before \u201corders\u201d "
                          "(at character 12)");
    QTest::newRow("no operator") << QStringLiteral("orders 5")
                                 << QStringLiteral("Expected an operator after \u201corders\u201d");
    QTest::newRow("keyword as field")
        << QStringLiteral("last = 1")
        << QStringLiteral(
               "Expected a field name (write names that are also words of the rule language in "
               "backquotes, like `last`), found \u201clast\u201d (at character 1)");
    QTest::newRow("bad date") << QStringLiteral("signup before 2024-02-30")
                              << QStringLiteral("2024-02-30 is not a date (at character 15)");
    QTest::newRow("empty list") << QStringLiteral("a is one of ()")
                                << QStringLiteral("(at character 14)");
    QTest::newRow("empty parentheses") << QStringLiteral(
        "()") << QStringLiteral("Empty parentheses: put conditions inside (at character 2)");
    QTest::newRow("semicolon") << QStringLiteral("a = 1; DROP TABLE customers")
                               << QStringLiteral(
                                      "Unexpected character \u201c;\u201d (at character 6)");
    QTest::newRow("fractional days")
        << QStringLiteral("a within 1.5 days")
        << QStringLiteral("Expected a whole number of days, weeks or months, found \u201c1.5\u201d "
                          "(at character 10)");
}

void TestSegmentRule::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    auto rule = SegmentRule::parse(text);
    QVERIFY(!rule.ok());
    QCOMPARE(rule.error().code, ErrorCode::BadInput);
    QVERIFY2(rule.error().message.contains(message), qPrintable(rule.error().message));
}

void TestSegmentRule::jsonVersion()
{
    auto rule = SegmentRule::parse(QStringLiteral("orders > 1"));
    QVERIFY(rule.ok());
    QJsonObject json = rule->toJson();
    QCOMPARE(json[u"version"].toInt(), 1);
    json[u"version"] = 2;
    auto newer = SegmentRule::fromJson(json);
    QVERIFY(!newer.ok());
    QVERIFY(newer.error().message.contains(QStringLiteral("version 2")));
}

QTEST_GUILESS_MAIN(TestSegmentRule)
#include "tst_segmentrule.moc"
