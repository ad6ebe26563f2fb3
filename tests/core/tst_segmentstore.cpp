// Segment rules evaluated in SQL: every operator and field type, nesting, negation, missing
// values, injection attempts; previews, saved segments, history and overlap.
#include "customerviewstore.h"
#include "fieldcatalog.h"
#include "rulesqlcompiler.h"
#include "segmentstore.h"
#include "workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace seg;

namespace {

// Six customers; analysis date 2024-04-01. Missing values: customer 3 has no income and no
// purchase, 4 no country, signup or newsletter, 5 no age.
const char* const kSql = R"sql(
CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, country,
    city, age, income, signup, newsletter);
INSERT INTO customers (customer_id, country, city, age, income, signup, newsletter) VALUES
    ('1', 'Germany', 'Berlin', 25, 30000, '2023-01-15', 1),
    ('2', 'France', 'Paris', 40, 55000.5, '2022-06-01 10:30:00', 0),
    ('3', 'Germany', 'München', 35, NULL, '2024-03-01', 1),
    ('4', NULL, 'O''Hare; --', 60, 80000, NULL, NULL),
    ('5', 'Spain', 'Madrid', NULL, 42000, '2021-12-31', 0),
    ('6', 'germany', 'Hamburg 100%', 19, 15000, '2024-02-10', 1);
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('customers', 'customer_id', 'id', 'text', 'customer_id', 0),
    ('customers', 'country', 'Country', 'category', NULL, 1),
    ('customers', 'city', 'City', 'text', NULL, 2),
    ('customers', 'age', 'Age', 'integer', NULL, 3),
    ('customers', 'income', 'Income', 'decimal', NULL, 4),
    ('customers', 'signup', 'Signup', 'date-time', NULL, 5),
    ('customers', 'newsletter', 'Newsletter', 'yes/no', NULL, 6);
INSERT INTO customer_metrics (customer_id, first_purchase, last_purchase, orders, revenue,
    recency_days) VALUES
    ('1', '2023-02-01', '2024-03-30', 5, 500, 2),
    ('2', '2022-07-01', '2023-01-10', 2, 120, 447),
    ('3', NULL, NULL, 0, 0, NULL),
    ('4', '2024-01-05', '2024-01-05', 1, 80, 87),
    ('5', '2021-12-31', '2022-05-01', 3, 900, 701),
    ('6', '2024-03-01', '2024-03-25', 2, -10, 7);
INSERT INTO rfm_scores (customer_id, r, f, m, fm, segment) VALUES
    ('1', 5, 5, 4, 5, 'Champions'), ('2', 2, 3, 3, 3, 'At Risk'), ('4', 4, 1, 2, 2,
    'Potential Loyalists'), ('5', 1, 4, 5, 5, 'Can''t Lose Them'), ('6', 5, 3, 1, 2,
    'Potential Loyalists');
INSERT INTO customer_status (customer_id, lifecycle, value_tier) VALUES
    ('1', 'active', 'Top 20 %'), ('2', 'lapsed', 'Rest'), ('3', 'prospect', NULL),
    ('4', 'new', 'Rest'), ('5', 'lost', 'Top 1 %'), ('6', 'new', 'Rest');
)sql";

const QDate kAnalysisDate(2024, 4, 1);

Workspace makeWorkspace()
{
    auto ws = Workspace::openInMemory();
    Q_ASSERT(ws.ok());
    auto r = ws->database().exec(QString::fromUtf8(kSql));
    if (!r)
        qFatal("%s", qPrintable(r.error().message));
    return std::move(ws.value());
}

Result<QStringList> matching(Workspace& ws, const QString& text)
{
    auto rule = SegmentRule::parse(text);
    if (!rule)
        return rule.error();
    auto catalog = FieldCatalog::load(ws);
    if (!catalog)
        return catalog.error();
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    if (!compiled)
        return compiled.error();
    auto run = [&](const QString& from, const QString& where,
                   const QVariantList& params) -> Result<QStringList> {
        auto stmt = ws.database().prepare(
            QStringLiteral("SELECT m.customer_id FROM %1 WHERE %2 ORDER BY m.customer_id")
                .arg(from, where));
        if (!stmt)
            return stmt.error();
        for (int i = 0; i < params.size(); ++i)
            stmt->bindVariant(i + 1, params.at(i));
        QStringList ids;
        while (stmt->step())
            ids.append(stmt->columnText(0));
        if (!stmt->lastError().isEmpty())
            return makeError(ErrorCode::Internal, stmt->lastError());
        return ids;
    };
    auto joined = run(compiled->from, compiled->where, compiled->params);
    if (!joined)
        return joined;
    // The same rule on the denormalised customer_view must select the same customers (rules on
    // free text have no view form: customer_view leaves such columns out).
    const bool freeText = text.contains(QStringLiteral("city"));
    if (compiled->viewWhere.isEmpty() != freeText)
        return makeError(
            ErrorCode::Internal, QStringLiteral("view form present: %1").arg(!freeText));
    if (freeText)
        return joined;
    JobContext job;
    if (auto built = CustomerViewStore::rebuild(ws, *catalog, job); !built)
        return built.error();
    auto onView = run(compiled->viewFrom, compiled->viewWhere, compiled->viewParams);
    if (!onView)
        return onView;
    if (*onView != *joined)
        return makeError(ErrorCode::Internal,
            QStringLiteral("customer_view gives %1, the joined tables %2")
                .arg(onView->join(u' '), joined->join(u' ')));
    return joined;
}

/// Saves `text` as segment `name`; the compiled rule is for kAnalysisDate.
Result<SavedSegment> saveRule(Workspace& ws, const QString& name, const QString& text)
{
    auto catalog = FieldCatalog::load(ws);
    if (!catalog)
        return catalog.error();
    auto rule = SegmentRule::parse(text);
    if (!rule)
        return rule.error();
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    if (!compiled)
        return compiled.error();
    SavedSegment s;
    s.name = name;
    s.description = QStringLiteral("about ") + name;
    s.color = QStringLiteral("#e15759");
    s.rule = *rule;
    JobContext job;
    return SegmentStore::create(ws, s, *compiled, kAnalysisDate, job);
}

/// Computes the members of `name` again on `date` (a second history row).
Result<SavedSegment> refreshOn(Workspace& ws, const QString& name, const QDate& date)
{
    auto s = SegmentStore::find(ws, name);
    if (!s)
        return s.error();
    auto catalog = FieldCatalog::load(ws);
    auto compiled = RuleSqlCompiler::compile(s->rule, *catalog, date, true);
    if (!compiled)
        return compiled.error();
    JobContext job;
    return SegmentStore::refresh(ws, name, *compiled, date, job);
}

/// Everything stored of one segment, as text, to compare before and after.
QString dump(Workspace& ws, qint64 id)
{
    auto q = ws.query(QStringLiteral(
        "SELECT 'segment', id, name, description, color, definition, definition_text, "
        "analysis_date, computed_at, members, revenue, created_at FROM segments WHERE id = %1 "
        "UNION ALL SELECT 'history', segment_id, computed_at, analysis_date, members, "
        "customers_total, revenue, NULL, NULL, NULL, NULL, NULL FROM segment_history WHERE "
        "segment_id = %1 UNION ALL SELECT 'member', segment_id, customer_id, NULL, NULL, NULL, "
        "NULL, NULL, NULL, NULL, NULL, NULL FROM segment_members WHERE segment_id = %1")
                          .arg(id));
    if (!q)
        return q.error().message;
    QStringList lines;
    for (const QVariantList& row : q->rows) {
        QStringList cells;
        for (const QVariant& v : row)
            cells.append(v.isNull() ? QStringLiteral("NULL") : v.toString());
        lines.append(cells.join(u'|'));
    }
    return lines.join(u'\n');
}

QString dumpAll(Workspace& ws)
{
    auto q = ws.query(QStringLiteral("SELECT id FROM segments ORDER BY id"));
    if (!q)
        return q.error().message;
    QStringList parts;
    for (const QVariantList& row : q->rows)
        parts.append(dump(ws, row.at(0).toLongLong()));
    return parts.join(QStringLiteral("\n--\n"));
}

class CancelAtOnce : public JobContext {
public:
    bool isCancelled() const override { return true; }
};

} // namespace

class TestSegmentStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void operators_data();
    void operators();
    void validationErrors_data();
    void validationErrors();
    void injectionIsText();
    void paramsAreBoundNotPasted();
    void preview();
    void previewOnCustomerView();
    void largePreviewInTwoHalves();
    void previewCancelled();
    void savedSegments();
    void segmentMembershipAndOverlap();
    void renameKeepsIdHistoryAndMembers();
    void renameChecksTheName();
    void updateAppendsHistory();
    void failedUpdateChangesNothing();
    void snapshotRestoreRoundTrip();
    void restoreWhenNameTaken();
    void restoreWhenIdReused();
};

void TestSegmentStore::operators_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("ids");
    auto row = [](const char* rule, const char* ids) {
        QTest::newRow(rule) << QString::fromUtf8(rule) << QString::fromUtf8(ids);
    };
    row("", "1 2 3 4 5 6");
    // categories and text
    row("country is \"Germany\"", "1 3"); // exact: "germany" is another value
    row("country = \"Germany\"", "1 3");
    row("country is not \"Germany\"", "2 5 6"); // 4 is missing: never satisfies
    row("country != \"Germany\"", "2 5 6");
    row("not country is \"Germany\"", "2 4 5 6"); // negation includes the missing one
    row("country is one of (\"Germany\", \"France\")", "1 2 3");
    row("country is none of (\"Germany\", \"France\")", "5 6");
    row("not country is one of (\"Germany\", \"France\")", "4 5 6");
    row("country contains \"ERM\"", "1 3 6"); // ASCII letters ignore case
    row("city starts with \"m\"", "3 5");
    row("city ends with \"; --\"", "4");
    row("city contains \"%\"", "6"); // % is a literal character
    row("city contains \"_\"", "");
    row("city is \"O'Hare; --\"", "4");
    row("country is missing", "4");
    row("country is not missing", "1 2 3 5 6");
    // numbers
    row("age >= 35", "2 3 4");
    row("age < 35", "1 6");
    row("age = 40", "2");
    row("age != 40", "1 3 4 6");
    row("age <= 25", "1 6");
    row("age > 59.5", "4");
    row("age between 19 and 35", "1 3 6");
    row("age is one of (19, 60)", "4 6");
    row("age is none of (19, 60)", "1 2 3");
    row("income > 50000", "2 4");
    row("income = 55000.5", "2");
    row("income is missing", "3");
    row("age is not missing", "1 2 3 4 6");
    row("not age > 30", "1 5 6");
    // dates (date-time values compare on their day)
    row("signup before 2023-01-15", "2 5");
    row("signup after 2023-01-15", "3 6");
    row("signup between 2022-06-01 and 2023-01-15", "1 2");
    row("signup = 2022-06-01", "2");
    row("signup is missing", "4");
    row("signup before \"2023-01-15\"", "2 5");
    // relative dates: analysis date 2024-04-01
    row("last_purchase within 7 days", "1 6");
    row("last_purchase within 1 week", "1 6");
    row("last_purchase within 3 months", "1 4 6");
    row("last_purchase within 6 days", "1");
    row("last_purchase more than 365 days ago", "2 5");
    row("last_purchase more than 700 days ago", "5");
    row("first_purchase is missing", "3");
    // yes/no
    row("newsletter is yes", "1 3 6");
    row("newsletter is no", "2 5");
    row("newsletter is missing", "4");
    row("not newsletter is yes", "2 4 5");
    // metrics, RFM, lifecycle, value
    row("orders >= 3 or revenue > 500", "1 5");
    row("revenue < 0", "6");
    row("rfm_segment is \"Champions\"", "1");
    row("rfm_segment is \"Can't Lose Them\"", "5");
    row("r_score = 5 and fm_score >= 2", "1 6");
    row("rfm_segment is missing", "3");
    row("lifecycle_status is \"prospect\"", "3");
    row("lifecycle_status is one of (\"new\", \"active\")", "1 4 6");
    row("value_tier is \"Top 1 %\"", "5");
    // nesting and negation
    row("country is \"Germany\" and (orders >= 3 or revenue > 500)", "1");
    row("not (orders >= 2 and revenue > 100)", "3 4 6");
    row("(age > 30 and age < 50) or not country is \"Germany\"", "2 3 4 5 6");
    row("not (age > 30 or income > 50000)", "1 5 6");
    row("((age > 20 and (city contains \"a\" or city contains \"o\")) or orders = 0) and not "
        "newsletter is no",
        "3 4");
}

void TestSegmentStore::operators()
{
    QFETCH(QString, rule);
    QFETCH(QString, ids);
    Workspace ws = makeWorkspace();
    auto got = matching(ws, rule);
    QVERIFY2(got.ok(), got.ok() ? "" : qPrintable(got.error().message));
    QCOMPARE(got->join(u' '), ids);
}

void TestSegmentStore::validationErrors_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown field")
        << QStringLiteral("contry is \"Germany\"")
        << QStringLiteral("There is no field \u201ccontry\u201d (at character 1). Did you mean "
                          "\u201ccountry\u201d?");
    QTest::newRow("operator type")
        << QStringLiteral("orders contains \"3\"")
        << QStringLiteral("\u201ccontains\u201d does not apply to \u201corders\u201d, a number "
                          "field (at character 1)");
    QTest::newRow("number needed") << QStringLiteral(
        "age > \"old\"") << QStringLiteral("\u201cage >\u201d needs a number (at character 1)");
    QTest::newRow("date needed") << QStringLiteral("signup before 5")
                                 << QStringLiteral("needs a date written as YYYY-MM-DD");
    QTest::newRow("yes/no needed")
        << QStringLiteral("newsletter is \"yes\"") << QStringLiteral("needs yes or no");
    QTest::newRow("within on a number")
        << QStringLiteral("orders within 3 days")
        << QStringLiteral("\u201cwithin\u201d does not apply to \u201corders\u201d");
    QTest::newRow("position in a longer rule")
        << QStringLiteral("orders > 1 and lifecycle is \"new\"")
        << QStringLiteral("There is no field \u201clifecycle\u201d (at character 16)");
    QTest::newRow("field injection")
        << QStringLiteral("`country\"; DROP TABLE customers; --` is \"x\"")
        << QStringLiteral("There is no field");
}

void TestSegmentStore::validationErrors()
{
    QFETCH(QString, rule);
    QFETCH(QString, message);
    Workspace ws = makeWorkspace();
    auto got = matching(ws, rule);
    QVERIFY(!got.ok());
    QVERIFY2(got.error().message.contains(message), qPrintable(got.error().message));
    QCOMPARE(*ws.rowCount(QStringLiteral("customers")), 6);
}

void TestSegmentStore::injectionIsText()
{
    Workspace ws = makeWorkspace();
    for (const char* value : { "x'; DROP TABLE customers; --", "\") OR 1=1 --", "' OR '1'='1",
             "/* comment */", "-- comment", "x\"; DELETE FROM customer_metrics; --" }) {
        const QString text
            = QStringLiteral("city is %1 or country contains %1")
                  .arg(SegmentRule(RuleNode::condition(QStringLiteral("x"), RuleOperator::Is,
                                       { QString::fromUtf8(value) }))
                           .toText()
                           .mid(5));
        auto got = matching(ws, text);
        QVERIFY2(got.ok(), got.ok() ? "" : qPrintable(got.error().message));
        QVERIFY2(got->isEmpty(), qPrintable(text));
    }
    QCOMPARE(*ws.rowCount(QStringLiteral("customers")), 6);
    QCOMPARE(*ws.rowCount(QStringLiteral("customer_metrics")), 6);
}

void TestSegmentStore::paramsAreBoundNotPasted()
{
    Workspace ws = makeWorkspace();
    auto catalog = FieldCatalog::load(ws);
    QVERIFY(catalog.ok());
    auto rule = SegmentRule::parse(
        QStringLiteral("city is \"Secret'Value\" and age > 12345 and signup before 2001-02-03 and "
                       "last_purchase within 17 days"));
    QVERIFY(rule.ok());
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    for (const char* value : { "Secret", "12345", "2001-02-03", "17", "2024-04-01" })
        QVERIFY2(!compiled->where.contains(QLatin1String(value)), qPrintable(compiled->where));
    QCOMPARE(compiled->params.size(), 6);
    QVERIFY(!compiled->from.contains(QStringLiteral("rfm_scores"))); // joins only what is used
}

void TestSegmentStore::preview()
{
    Workspace ws = makeWorkspace();
    auto catalog = FieldCatalog::load(ws);
    QVERIFY(catalog.ok());
    auto rule = SegmentRule::parse(QStringLiteral("orders >= 2"));
    QVERIFY(rule.ok());
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    JobContext job;
    auto p = SegmentStore::preview(ws, *compiled, job);
    QVERIFY2(p.ok(), p.ok() ? "" : qPrintable(p.error().message));
    // 1, 2, 5, 6: 500 + 120 + 900 - 10 = 1510 of 1590.
    QCOMPARE(p->customers, 4);
    QCOMPARE(p->totalCustomers, 6);
    QCOMPARE(p->revenue, 1510.0);
    QCOMPARE(p->totalRevenue, 1590.0);
    QCOMPARE(p->customerShare(), 4.0 / 6.0);
    QCOMPARE(p->revenueShare(), 1510.0 / 1590.0);
}

void TestSegmentStore::previewOnCustomerView()
{
    Workspace ws = makeWorkspace();
    auto catalog = FieldCatalog::load(ws);
    QVERIFY(catalog.ok());
    QVERIFY(!*CustomerViewStore::isCurrent(ws));
    JobContext job;
    QVERIFY(CustomerViewStore::rebuild(ws, *catalog, job).ok());
    QVERIFY(*CustomerViewStore::isCurrent(ws));
    QCOMPARE(*CustomerViewStore::totals(ws), std::make_pair(qint64(6), 1590.0));
    auto rule = SegmentRule::parse(QStringLiteral("orders >= 2 and country is not missing"));
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    auto p = SegmentStore::preview(ws, *compiled, job);
    QVERIFY(p.ok());
    // 1, 2, 5, 6 have two orders or more and a country: 500 + 120 + 900 - 10.
    QCOMPARE(p->customers, 4);
    QCOMPARE(p->revenue, 1510.0);
    QCOMPARE(p->totalCustomers, 6);
    QCOMPARE(p->totalRevenue, 1590.0);
    // New metrics make the view stale: it is no longer used until it is built again.
    QVERIFY(ws.database()
                .exec(QStringLiteral("INSERT OR REPLACE INTO workspace_meta (key, value) VALUES "
                                     "('metrics.computed_at', 'later')"))
                .ok());
    QVERIFY(!*CustomerViewStore::isCurrent(ws));
    QVERIFY(ws.database().exec(QStringLiteral("UPDATE customer_metrics SET orders = 0")).ok());
    p = SegmentStore::preview(ws, *compiled, job);
    QVERIFY(p.ok());
    QCOMPARE(p->customers, 0);
}

void TestSegmentStore::largePreviewInTwoHalves()
{
    // 150,000 customers in a workspace file: the preview scans customer_view in two halves on
    // two connections; the count must equal one scan of the joined tables.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.segws"));
    auto ws = Workspace::open(path, Workspace::OpenMode::CreateOrOpen);
    QVERIFY(ws.ok());
    QVERIFY(
        ws->database()
            .exec(QStringLiteral(
                "CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL "
                "UNIQUE, country); INSERT INTO column_meta (table_name, name, source_column, "
                "type, role, position) VALUES ('customers', 'customer_id', 'id', 'text', "
                "'customer_id', 0), ('customers', 'country', 'country', 'category', NULL, 1); "
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                "150000) INSERT INTO customers (customer_id, country) SELECT printf('K%06d', i), "
                "CASE i % 3 WHEN 0 THEN 'DE' WHEN 1 THEN 'FR' ELSE NULL END FROM n; "
                "INSERT INTO customer_metrics (customer_id, orders, revenue) SELECT customer_id, "
                "rowid % 7, rowid % 100 FROM customers;"))
            .ok());
    auto catalog = FieldCatalog::load(*ws);
    QVERIFY(catalog.ok());
    auto rule = SegmentRule::parse(QStringLiteral("country is \"DE\" and orders >= 3"));
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    JobContext job;
    auto joined = SegmentStore::preview(*ws, *compiled, job); // no customer_view yet
    QVERIFY(joined.ok());
    QVERIFY(CustomerViewStore::rebuild(*ws, *catalog, job).ok());
    auto halves = SegmentStore::preview(*ws, *compiled, job);
    QVERIFY2(halves.ok(), halves.ok() ? "" : qPrintable(halves.error().message));
    QCOMPARE(halves->customers, joined->customers);
    QCOMPARE(halves->revenue, joined->revenue);
    QCOMPARE(halves->totalCustomers, 150000);
    QCOMPARE(halves->totalRevenue, joined->totalRevenue);
    // i % 3 == 0 and i % 7 >= 3: 50,000 multiples of 3, of which 4 in 7 have orders >= 3.
    QVERIFY(qAbs(halves->customers - 50000 * 4 / 7) <= 2);
}

void TestSegmentStore::previewCancelled()
{
    Workspace ws = makeWorkspace();
    // Enough rows that SQLite polls the progress handler while counting.
    QVERIFY(
        ws.database()
            .exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 7 UNION ALL SELECT i + 1 FROM n "
                                 "WHERE i < 50000) INSERT INTO customer_metrics (customer_id, "
                                 "orders, revenue) SELECT i, i % 7, i FROM n"))
            .ok());
    auto catalog = FieldCatalog::load(ws);
    auto rule = SegmentRule::parse(QStringLiteral("orders >= 2"));
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    CancelAtOnce job;
    auto p = SegmentStore::preview(ws, *compiled, job);
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, ErrorCode::Cancelled);
    JobContext fresh;
    QVERIFY(SegmentStore::preview(ws, *compiled, fresh).ok()); // the connection still works
}

void TestSegmentStore::savedSegments()
{
    Workspace ws = makeWorkspace();
    auto catalog = FieldCatalog::load(ws);
    QVERIFY(catalog.ok());
    auto rule = SegmentRule::parse(QStringLiteral("revenue > 100"));
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    SavedSegment s;
    s.name = QStringLiteral("Big spenders");
    s.description = QStringLiteral("More than 100 in revenue");
    s.color = QStringLiteral("#e15759");
    s.rule = *rule;
    JobContext job;
    auto created = SegmentStore::create(ws, s, *compiled, kAnalysisDate, job);
    QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message));
    QCOMPARE(created->members, 3); // 1, 2, 5
    QCOMPARE(created->revenue, 1520.0);
    QCOMPARE(created->definitionText, QStringLiteral("revenue > 100"));
    QCOMPARE(created->rule, *rule);
    QCOMPARE(created->analysisDate, QStringLiteral("2024-04-01"));
    QCOMPARE(*SegmentStore::members(ws, created->id),
        QStringList({ QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("5") }));

    // Names are unique whatever their case.
    s.name = QStringLiteral("big SPENDERS");
    auto duplicate = SegmentStore::create(ws, s, *compiled, kAnalysisDate, job);
    QVERIFY(!duplicate.ok());
    QVERIFY(duplicate.error().message.contains(QStringLiteral("already a segment")));

    // Refreshing after the data changed keeps the history of counts.
    QVERIFY(ws.database()
                .exec(QStringLiteral(
                    "UPDATE customer_metrics SET revenue = 150 WHERE customer_id = '4'"))
                .ok());
    auto refreshed = SegmentStore::refresh(
        ws, QStringLiteral("BIG spenders"), *compiled, kAnalysisDate.addDays(1), job);
    QVERIFY(refreshed.ok());
    QCOMPARE(refreshed->members, 4);
    auto history = SegmentStore::history(ws, refreshed->id);
    QVERIFY(history.ok());
    QCOMPARE(history->size(), 2);
    QCOMPARE(history->at(0).members, 3);
    QCOMPARE(history->at(1).members, 4);
    QCOMPARE(history->at(1).customersTotal, 6);
    QCOMPARE(history->at(1).analysisDate, QStringLiteral("2024-04-02"));

    auto all = SegmentStore::list(ws);
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 1);
    QVERIFY(SegmentStore::remove(ws, QStringLiteral("Big spenders")).ok());
    QVERIFY(SegmentStore::list(ws)->isEmpty());
    QCOMPARE(*ws.rowCount(QStringLiteral("segment_members")), 0); // cascaded
    QCOMPARE(*ws.rowCount(QStringLiteral("segment_history")), 0);
    QVERIFY(!SegmentStore::remove(ws, QStringLiteral("Big spenders")).ok());
}

void TestSegmentStore::segmentMembershipAndOverlap()
{
    Workspace ws = makeWorkspace();
    auto catalog = FieldCatalog::load(ws);
    JobContext job;
    auto save = [&](const char* name, const char* text) {
        auto rule = SegmentRule::parse(QString::fromUtf8(text));
        auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
        SavedSegment s;
        s.name = QString::fromUtf8(name);
        s.rule = *rule;
        return SegmentStore::create(ws, s, *compiled, kAnalysisDate, job);
    };
    QVERIFY(save("Big", "revenue > 100").ok()); // 1 2 5
    QVERIFY(save("German", "country is \"Germany\"").ok()); // 1 3
    QVERIFY(save("Young", "age < 30").ok()); // 1 6
    auto in = matching(ws, QStringLiteral("segment is \"Big\" and not segment is \"German\""));
    QVERIFY2(in.ok(), in.ok() ? "" : qPrintable(in.error().message));
    QCOMPARE(in->join(u' '), QStringLiteral("2 5"));
    in = matching(ws, QStringLiteral("segment is one of (\"German\", \"Young\")"));
    QCOMPARE(in->join(u' '), QStringLiteral("1 3 6"));
    in = matching(ws, QStringLiteral("segment is none of (\"German\", \"Young\")"));
    QCOMPARE(in->join(u' '), QStringLiteral("2 4 5"));
    in = matching(ws, QStringLiteral("segment is \"Nonexistent\""));
    QCOMPARE(in->join(u' '), QString());

    auto overlap = SegmentStore::overlap(
        ws, { QStringLiteral("Big"), QStringLiteral("German"), QStringLiteral("Young") });
    QVERIFY(overlap.ok());
    QCOMPARE(overlap->sizes, QList<qint64>({ 3, 2, 2 }));
    QCOMPARE(overlap->counts.at(0), QList<qint64>({ 3, 1, 1 }));
    QCOMPARE(overlap->counts.at(1), QList<qint64>({ 1, 2, 1 }));
    QCOMPARE(overlap->counts.at(2), QList<qint64>({ 1, 1, 2 }));
    QVERIFY(!SegmentStore::overlap(ws, { QStringLiteral("Big"), QStringLiteral("Nope") }).ok());
}

void TestSegmentStore::renameKeepsIdHistoryAndMembers()
{
    Workspace ws = makeWorkspace();
    auto big = saveRule(ws, QStringLiteral("Big"), QStringLiteral("revenue > 100"));
    QVERIFY2(big.ok(), big.ok() ? "" : qPrintable(big.error().message));
    QVERIFY(ws.database()
                .exec(QStringLiteral(
                    "UPDATE customer_metrics SET revenue = 150 WHERE customer_id = '4'"))
                .ok());
    QVERIFY(refreshOn(ws, QStringLiteral("Big"), kAnalysisDate.addDays(1)).ok());
    QVERIFY(
        saveRule(ws, QStringLiteral("Young big"), QStringLiteral("segment is \"big\" and age < 30"))
            .ok());
    const QString before = dump(ws, big->id);
    QCOMPARE(SegmentStore::history(ws, big->id)->size(), 2);

    auto renamed
        = SegmentStore::rename(ws, QStringLiteral("BIG"), QStringLiteral("  Big spenders "));
    QVERIFY2(renamed.ok(), renamed.ok() ? "" : qPrintable(renamed.error().message));
    QCOMPARE(renamed->name, QStringLiteral("Big spenders"));
    QCOMPARE(renamed->id, big->id);
    QCOMPARE(renamed->createdAt, big->createdAt);
    // Only the name differs in what is stored: row, history and members are the same.
    QString expected = before;
    expected.replace(QStringLiteral("|Big|"), QStringLiteral("|Big spenders|"));
    QCOMPARE(dump(ws, big->id), expected);
    QCOMPARE(SegmentStore::members(ws, big->id)->join(u' '), QStringLiteral("1 2 4 5"));
    QVERIFY(!SegmentStore::find(ws, QStringLiteral("Big")).ok());
    // The rule that used the old name uses the new one, and still selects the same customers.
    auto young = SegmentStore::find(ws, QStringLiteral("Young big"));
    QCOMPARE(young->definitionText, QStringLiteral("segment is \"Big spenders\" and age < 30"));
    QCOMPARE(young->rule.toText(), young->definitionText);
    auto in = matching(ws, young->definitionText);
    QVERIFY(in.ok());
    QCOMPARE(in->join(u' '), QStringLiteral("1"));

    // A change of case only is a rename too.
    renamed
        = SegmentStore::rename(ws, QStringLiteral("big spenders"), QStringLiteral("BIG Spenders"));
    QVERIFY2(renamed.ok(), renamed.ok() ? "" : qPrintable(renamed.error().message));
    QCOMPARE(renamed->name, QStringLiteral("BIG Spenders"));
    QCOMPARE(renamed->id, big->id);
    QCOMPARE(SegmentStore::history(ws, big->id)->size(), 2);
    QCOMPARE(SegmentStore::find(ws, QStringLiteral("Young big"))->definitionText,
        QStringLiteral("segment is \"BIG Spenders\" and age < 30"));
    // The same name: nothing to do, no error.
    QVERIFY(SegmentStore::rename(ws, QStringLiteral("BIG Spenders"), QStringLiteral("BIG Spenders"))
                .ok());
    QCOMPARE(SegmentStore::list(ws)->size(), 2);
}

void TestSegmentStore::renameChecksTheName()
{
    Workspace ws = makeWorkspace();
    QVERIFY(saveRule(ws, QStringLiteral("Big"), QStringLiteral("revenue > 100")).ok());
    QVERIFY(saveRule(ws, QStringLiteral("German"), QStringLiteral("country is \"Germany\"")).ok());
    QVERIFY(saveRule(ws, QStringLiteral("Haunted"), QStringLiteral("segment is \"Ghost\"")).ok());
    const QString before = dumpAll(ws);

    auto taken = SegmentStore::rename(ws, QStringLiteral("Big"), QStringLiteral("GERMAN"));
    QVERIFY(!taken.ok());
    QCOMPARE(taken.error().code, ErrorCode::BadInput);
    QCOMPARE(taken.error().message,
        QStringLiteral("There is already a segment named \u201cGerman\u201d; choose another "
                       "name."));
    auto empty = SegmentStore::rename(ws, QStringLiteral("Big"), QStringLiteral("   "));
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, ErrorCode::Usage);
    QCOMPARE(empty.error().message, QStringLiteral("A segment needs a name."));
    auto missing = SegmentStore::rename(ws, QStringLiteral("Nope"), QStringLiteral("Yes"));
    QVERIFY(!missing.ok());
    QCOMPARE(
        missing.error().message, QStringLiteral("There is no segment named \u201cNope\u201d."));
    // A segment cannot take a name its own rule uses.
    auto loop = SegmentStore::rename(ws, QStringLiteral("Haunted"), QStringLiteral("ghost"));
    QVERIFY(!loop.ok());
    QVERIFY2(loop.error().message.contains(u"cannot be defined by its own membership"),
        qPrintable(loop.error().message));
    QCOMPARE(dumpAll(ws), before);
}

void TestSegmentStore::updateAppendsHistory()
{
    Workspace ws = makeWorkspace();
    auto big = saveRule(ws, QStringLiteral("Big"), QStringLiteral("revenue > 100"));
    QVERIFY(big.ok());
    QCOMPARE(big->members, 3); // 1 2 5
    auto catalog = FieldCatalog::load(ws);
    SavedSegment changes;
    changes.description = QStringLiteral("More than 50");
    changes.color = QStringLiteral("#59a14f");
    changes.rule = *SegmentRule::parse(QStringLiteral("revenue > 50"));
    auto compiled = RuleSqlCompiler::compile(changes.rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    JobContext job;
    auto updated = SegmentStore::update(
        ws, QStringLiteral("big"), changes, *compiled, kAnalysisDate.addDays(2), job);
    QVERIFY2(updated.ok(), updated.ok() ? "" : qPrintable(updated.error().message));
    QCOMPARE(updated->id, big->id);
    QCOMPARE(updated->name, QStringLiteral("Big"));
    QCOMPARE(updated->createdAt, big->createdAt);
    QCOMPARE(updated->description, QStringLiteral("More than 50"));
    QCOMPARE(updated->color, QStringLiteral("#59a14f"));
    QCOMPARE(updated->definitionText, QStringLiteral("revenue > 50"));
    QCOMPARE(updated->rule, changes.rule);
    QCOMPARE(updated->members, 4); // 1 2 4 5
    QCOMPARE(updated->revenue, 1600.0);
    QCOMPARE(updated->analysisDate, QStringLiteral("2024-04-03"));
    QCOMPARE(SegmentStore::members(ws, big->id)->join(u' '), QStringLiteral("1 2 4 5"));
    auto history = SegmentStore::history(ws, big->id);
    QCOMPARE(history->size(), 2);
    QCOMPARE(history->at(0).members, 3);
    QCOMPARE(history->at(0).analysisDate, QStringLiteral("2024-04-01"));
    QCOMPARE(history->at(1).members, 4);
    QCOMPARE(history->at(1).revenue, 1600.0);

    // An empty colour keeps the colour; a new name renames in the same step.
    changes.color.clear();
    changes.name = QStringLiteral("Fifty plus");
    changes.rule = *SegmentRule::parse(QStringLiteral("revenue > 500"));
    compiled = RuleSqlCompiler::compile(changes.rule, *catalog, kAnalysisDate, true);
    updated
        = SegmentStore::update(ws, QStringLiteral("Big"), changes, *compiled, kAnalysisDate, job);
    QVERIFY2(updated.ok(), updated.ok() ? "" : qPrintable(updated.error().message));
    QCOMPARE(updated->id, big->id);
    QCOMPARE(updated->name, QStringLiteral("Fifty plus"));
    QCOMPARE(updated->color, QStringLiteral("#59a14f"));
    QCOMPARE(updated->members, 1); // 5
    QCOMPARE(SegmentStore::history(ws, big->id)->size(), 3);
    QVERIFY(!SegmentStore::find(ws, QStringLiteral("Big")).ok());
}

void TestSegmentStore::failedUpdateChangesNothing()
{
    Workspace ws = makeWorkspace();
    auto big = saveRule(ws, QStringLiteral("Big"), QStringLiteral("revenue > 100"));
    QVERIFY(big.ok());
    QVERIFY(saveRule(ws, QStringLiteral("German"), QStringLiteral("country is \"Germany\"")).ok());
    const QString before = dumpAll(ws);
    auto catalog = FieldCatalog::load(ws);
    SavedSegment changes;
    changes.name = QStringLiteral("Renamed too");
    changes.description = QStringLiteral("changed");
    changes.color = QStringLiteral("#000000");
    changes.rule = *SegmentRule::parse(QStringLiteral("orders >= 2"));
    auto compiled = RuleSqlCompiler::compile(changes.rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    JobContext job;

    // The members cannot be computed (a broken statement) after the definition was written:
    // the transaction is rolled back.
    CompiledRule broken = *compiled;
    broken.where = QStringLiteral("no_such_column = 1");
    broken.viewWhere.clear();
    auto failed
        = SegmentStore::update(ws, QStringLiteral("Big"), changes, broken, kAnalysisDate, job);
    QVERIFY(!failed.ok());
    QCOMPARE(dumpAll(ws), before);

    // Cancelled while computing the members: the same.
    QVERIFY(
        ws.database()
            .exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 7 UNION ALL SELECT i + 1 FROM n "
                                 "WHERE i < 50000) INSERT INTO customer_metrics (customer_id, "
                                 "orders, revenue) SELECT i, i % 7, i FROM n"))
            .ok());
    const QString withMore = dumpAll(ws);
    CancelAtOnce cancel;
    failed = SegmentStore::update(
        ws, QStringLiteral("Big"), changes, *compiled, kAnalysisDate, cancel);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::Cancelled);
    QCOMPARE(dumpAll(ws), withMore);

    // Names: taken, and a rule that uses the segment's own name.
    changes.name = QStringLiteral("german");
    failed
        = SegmentStore::update(ws, QStringLiteral("Big"), changes, *compiled, kAnalysisDate, job);
    QVERIFY(!failed.ok());
    QVERIFY(failed.error().message.contains(u"already a segment named \u201cGerman\u201d"));
    changes.name.clear();
    changes.rule = *SegmentRule::parse(QStringLiteral("segment is \"BIG\" and orders >= 2"));
    failed
        = SegmentStore::update(ws, QStringLiteral("Big"), changes, *compiled, kAnalysisDate, job);
    QVERIFY(!failed.ok());
    QVERIFY(failed.error().message.contains(u"own membership"));
    failed
        = SegmentStore::update(ws, QStringLiteral("Nope"), changes, *compiled, kAnalysisDate, job);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::BadInput);
    QCOMPARE(dumpAll(ws), withMore);
}

void TestSegmentStore::snapshotRestoreRoundTrip()
{
    Workspace ws = makeWorkspace();
    auto big = saveRule(ws, QStringLiteral("Big"), QStringLiteral("revenue > 100"));
    QVERIFY(big.ok());
    QVERIFY(saveRule(ws, QStringLiteral("German"), QStringLiteral("country is \"Germany\"")).ok());
    QVERIFY(ws.database()
                .exec(QStringLiteral(
                    "UPDATE customer_metrics SET revenue = 150 WHERE customer_id = '4'"))
                .ok());
    QVERIFY(refreshOn(ws, QStringLiteral("Big"), kAnalysisDate.addDays(1)).ok());
    const QString before = dump(ws, big->id);
    const QString everything = dumpAll(ws);

    auto snap = SegmentStore::snapshot(ws, QStringLiteral("big"));
    QVERIFY2(snap.ok(), snap.ok() ? "" : qPrintable(snap.error().message));
    QCOMPARE(snap->segment.id, big->id);
    QCOMPARE(snap->history.size(), 2);
    QCOMPARE(snap->memberIds.join(u' '), QStringLiteral("1 2 4 5"));
    QCOMPARE(dump(ws, big->id), before); // reading changes nothing

    auto taken = SegmentStore::take(ws, QStringLiteral("Big"));
    QVERIFY2(taken.ok(), taken.ok() ? "" : qPrintable(taken.error().message));
    QCOMPARE(taken->memberIds, snap->memberIds);
    QCOMPARE(taken->definitionJson, snap->definitionJson);
    QVERIFY(!SegmentStore::find(ws, QStringLiteral("Big")).ok());
    QCOMPARE(dump(ws, big->id), QString());
    QVERIFY(!SegmentStore::take(ws, QStringLiteral("Big")).ok());

    auto back = SegmentStore::restore(ws, *taken);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    QCOMPARE(back->id, big->id);
    QCOMPARE(back->createdAt, big->createdAt);
    QCOMPARE(back->members, 4);
    QCOMPARE(dump(ws, big->id), before);
    QCOMPARE(dumpAll(ws), everything);
}

void TestSegmentStore::restoreWhenNameTaken()
{
    Workspace ws = makeWorkspace();
    QVERIFY(saveRule(ws, QStringLiteral("Big"), QStringLiteral("revenue > 100")).ok());
    auto taken = SegmentStore::take(ws, QStringLiteral("Big"));
    QVERIFY(taken.ok());
    QVERIFY(saveRule(ws, QStringLiteral("BIG"), QStringLiteral("orders >= 1")).ok());
    const QString before = dumpAll(ws);
    auto back = SegmentStore::restore(ws, *taken);
    QVERIFY(!back.ok());
    QCOMPARE(back.error().code, ErrorCode::BadInput);
    QCOMPARE(back.error().message,
        QStringLiteral("\u201cBig\u201d cannot be brought back: there is now another segment "
                       "named \u201cBIG\u201d. Rename or delete that one first."));
    QCOMPARE(dumpAll(ws), before);
    // Once the other one is renamed, it comes back.
    QVERIFY(SegmentStore::rename(ws, QStringLiteral("BIG"), QStringLiteral("Buyers")).ok());
    back = SegmentStore::restore(ws, *taken);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    QCOMPARE(SegmentStore::history(ws, back->id)->size(), 1);
    QCOMPARE(SegmentStore::members(ws, back->id)->join(u' '), QStringLiteral("1 2 5"));
}

void TestSegmentStore::restoreWhenIdReused()
{
    Workspace ws = makeWorkspace();
    auto big = saveRule(ws, QStringLiteral("Big"), QStringLiteral("revenue > 100"));
    QVERIFY(big.ok());
    auto taken = SegmentStore::take(ws, QStringLiteral("Big"));
    QVERIFY(taken.ok());
    // SQLite gives the next segment the highest id + 1: the deleted one's.
    auto other = saveRule(ws, QStringLiteral("Other"), QStringLiteral("orders >= 1"));
    QVERIFY(other.ok());
    QCOMPARE(other->id, big->id);
    auto back = SegmentStore::restore(ws, *taken);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    QVERIFY(back->id != big->id);
    QCOMPARE(back->createdAt, big->createdAt);
    QCOMPARE(back->computedAt, big->computedAt);
    QCOMPARE(SegmentStore::history(ws, back->id)->size(), 1);
    QCOMPARE(SegmentStore::members(ws, back->id)->join(u' '), QStringLiteral("1 2 5"));
    QCOMPARE(SegmentStore::members(ws, other->id)->size(), 5);
}

QTEST_GUILESS_MAIN(TestSegmentStore)
#include "tst_segmentstore.moc"
