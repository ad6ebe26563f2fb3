// Stored clusterings: features read from metrics and attributes, customers with a missing
// feature left unclustered, members stored all or nothing, and cluster fields in rules
// (members, missing, injection, text round trip).
#include "clusterstore.h"
#include "customerviewstore.h"
#include "fieldcatalog.h"
#include "rulesqlcompiler.h"
#include "segmentstore.h"
#include "workspace.h"

#include <QJsonDocument>
#include <QTest>

using namespace seg;

namespace {

// Eight customers: 1, 2, 3 low spenders, 4, 5, 6 high spenders, 7 a prospect whose income is
// text ("n/a"), 8 a low spender without an income.
const char* const kSql = R"sql(
CREATE TABLE customers (rowid INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE, city,
    income, cluster_old);
INSERT INTO customers (customer_id, city, income, cluster_old) VALUES
    ('1', 'Berlin', 30000, 1), ('2', 'Paris', 32000, 1), ('3', 'Rome', 31000, 1),
    ('4', 'Oslo', 90000, 2), ('5', 'Bern', 95000, 2), ('6', 'Lyon', 88000, 2),
    ('7', 'Nice', 'n/a', 3), ('8', 'Graz', NULL, 3);
INSERT INTO column_meta (table_name, name, source_column, type, role, position) VALUES
    ('customers', 'customer_id', 'id', 'text', 'customer_id', 0),
    ('customers', 'city', 'City', 'text', NULL, 1),
    ('customers', 'income', 'Income', 'decimal', NULL, 2),
    ('customers', 'cluster_old', 'cluster_old', 'category', NULL, 3);
INSERT INTO customer_metrics (customer_id, orders, revenue) VALUES
    ('1', 1, 10), ('2', 2, 20), ('3', 1, 15), ('4', 10, 1000), ('5', 12, 1100),
    ('6', 11, 900), ('7', 0, 0), ('8', 3, 50);
INSERT INTO workspace_meta (key, value) VALUES ('metrics.analysis_date', '2024-04-01');
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

Result<Clustering> create(
    Workspace& ws, const QString& name, const QStringList& features, int k = 2)
{
    auto catalog = FieldCatalog::load(ws);
    if (!catalog)
        return catalog.error();
    ClusteringOptions o;
    o.name = name;
    o.features = features;
    o.k = k;
    o.seed = 7;
    JobContext job;
    return ClusterStore::create(ws, *catalog, o, job);
}

/// Customer ids matching a rule, by the SQL the segments use.
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
    if (!compiled->viewWhere.isEmpty())
        return makeError(ErrorCode::Internal, QStringLiteral("a cluster rule has a view form"));
    auto stmt = ws.database().prepare(
        QStringLiteral("SELECT m.customer_id FROM %1 WHERE %2 ORDER BY m.customer_id")
            .arg(compiled->from, compiled->where));
    if (!stmt)
        return stmt.error();
    for (int i = 0; i < compiled->params.size(); ++i)
        stmt->bindVariant(i + 1, compiled->params.at(i));
    QStringList ids;
    while (stmt->step())
        ids.append(stmt->columnText(0));
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Internal, stmt->lastError());
    return ids;
}

QStringList ids(const char* text)
{
    return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

class CancelAtOnce : public JobContext {
public:
    bool isCancelled() const override { return true; }
};

} // namespace

class TestClusterStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fieldNames_data();
    void fieldNames();
    void createStoresClustersAndMembers();
    void missingFeaturesLeaveCustomersUnclustered();
    void rulesOnClusters_data();
    void rulesOnClusters();
    void ruleCountEqualsClusterSize();
    void catalogAndTextRoundTrip();
    void validationErrors_data();
    void validationErrors();
    void injectionIsJustAValue();
    void createErrors();
    void cancelStoresNothing();
    void deleteRemovesTheField();
};

void TestClusterStore::fieldNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << QStringLiteral("Spend") << QStringLiteral("cluster_spend");
    QTest::newRow("spaces") << QStringLiteral("  High  value 2024 ")
                            << QStringLiteral("cluster_high_value_2024");
    QTest::newRow("punctuation") << QStringLiteral("R/F-mix (v2)")
                                 << QStringLiteral("cluster_r_f_mix_v2");
    QTest::newRow("letters") << QStringLiteral("Käufer") << QStringLiteral("cluster_käufer");
    QTest::newRow("nothing") << QStringLiteral("?!") << QString();
}

void TestClusterStore::fieldNames()
{
    QFETCH(QString, name);
    QFETCH(QString, field);
    QCOMPARE(ClusterStore::fieldNameFor(name), field);
}

void TestClusterStore::createStoresClustersAndMembers()
{
    Workspace ws = makeWorkspace();
    auto c = create(
        ws, QStringLiteral("Spend"), { QStringLiteral("orders"), QStringLiteral("revenue") });
    QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
    QCOMPARE(c->field, QStringLiteral("cluster_spend"));
    QCOMPARE(c->customers, 8);
    QCOMPARE(c->unclustered, 0);
    QCOMPARE(c->analysisDate, QStringLiteral("2024-04-01"));
    // Cluster 1 is the larger: 1, 2, 3, 7, 8 (orders 1.4, revenue 19 on average); cluster 2:
    // 4, 5, 6 (orders 11, revenue 1000).
    QCOMPARE(c->clusters.size(), 2);
    QCOMPARE(c->clusters.at(0).cluster, 1);
    QCOMPARE(c->clusters.at(0).size, 5);
    QVERIFY(qAbs(c->clusters.at(0).means.at(0) - 1.4) < 1e-12);
    QVERIFY(qAbs(c->clusters.at(0).means.at(1) - 19) < 1e-12);
    QCOMPARE(c->clusters.at(1).size, 3);
    QVERIFY(qAbs(c->clusters.at(1).means.at(0) - 11) < 1e-12);
    QVERIFY(qAbs(c->clusters.at(1).means.at(1) - 1000) < 1e-12);
    // z-scores: mean orders 40 / 8 = 5.
    QVERIFY(qAbs(c->featureMeans.at(0) - 5) < 1e-12);
    QVERIFY(c->inertia > 0);
    QVERIFY(c->converged);

    auto members = ClusterStore::members(ws, c->id);
    QVERIFY(members.ok());
    const std::vector<std::pair<QString, int>> expected { { QStringLiteral("1"), 1 },
        { QStringLiteral("2"), 1 }, { QStringLiteral("3"), 1 }, { QStringLiteral("4"), 2 },
        { QStringLiteral("5"), 2 }, { QStringLiteral("6"), 2 }, { QStringLiteral("7"), 1 },
        { QStringLiteral("8"), 1 } };
    QCOMPARE(*members, expected);

    // Stored and read back the same.
    auto found = ClusterStore::find(ws, QStringLiteral("SPEND"));
    QVERIFY(found.ok());
    QCOMPARE(found->name, QStringLiteral("Spend"));
    QCOMPARE(found->features, QStringList({ QStringLiteral("orders"), QStringLiteral("revenue") }));
    QCOMPARE(found->inertia, c->inertia);
    QCOMPARE(found->clusters.at(1).means, c->clusters.at(1).means);
    QCOMPARE(found->seed, quint64(7));
    // The distances are to the centres in z-scores: their squares add up to the inertia.
    auto total = ws.database().scalar(
        QStringLiteral("SELECT total(distance * distance) FROM cluster_members"));
    QVERIFY(total.ok());
    QVERIFY(qAbs(total->toDouble() - c->inertia) < 1e-9);
}

void TestClusterStore::missingFeaturesLeaveCustomersUnclustered()
{
    Workspace ws = makeWorkspace();
    // Income: 7 has text, 8 nothing; both are left out, the rest split by income and orders.
    auto c = create(
        ws, QStringLiteral("Income"), { QStringLiteral("income"), QStringLiteral("orders") });
    QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
    QCOMPARE(c->customers, 6);
    QCOMPARE(c->unclustered, 2);
    QCOMPARE(*matching(ws, QStringLiteral("cluster_income is missing")), ids("7 8"));
    QCOMPARE(*matching(ws, QStringLiteral("cluster_income is not missing")), ids("1 2 3 4 5 6"));
    QCOMPARE(matching(ws, QStringLiteral("cluster_income is 1"))->size(), 3);
    // A missing cluster never satisfies a comparison; "not" is the complement.
    QCOMPARE(matching(ws, QStringLiteral("cluster_income is none of (1)"))->size(), 3);
    QCOMPARE(matching(ws, QStringLiteral("not cluster_income is 1"))->size(), 5);
}

void TestClusterStore::rulesOnClusters_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("is") << QStringLiteral("cluster_spend is 2") << ids("4 5 6");
    QTest::newRow("is text") << QStringLiteral("cluster_spend is \"2\"") << ids("4 5 6");
    QTest::newRow("is not") << QStringLiteral("cluster_spend is not 2") << ids("1 2 3 7 8");
    QTest::newRow("is one of") << QStringLiteral("cluster_spend is one of (1, 2)")
                               << ids("1 2 3 4 5 6 7 8");
    QTest::newRow("is none of") << QStringLiteral("cluster_spend is none of (1)") << ids("4 5 6");
    QTest::newRow("no such cluster") << QStringLiteral("cluster_spend is 3") << QStringList();
    QTest::newRow("combined") << QStringLiteral("cluster_spend is 1 and orders >= 2") << ids("2 8");
    QTest::newRow("two clusterings")
        << QStringLiteral("cluster_spend is 1 and cluster_income is missing") << ids("7 8");
    QTest::newRow("or with attribute")
        << QStringLiteral("cluster_spend is 2 or city is \"Graz\"") << ids("4 5 6 8");
}

void TestClusterStore::rulesOnClusters()
{
    QFETCH(QString, rule);
    QFETCH(QStringList, expected);
    Workspace ws = makeWorkspace();
    QVERIFY(
        create(ws, QStringLiteral("Spend"), { QStringLiteral("orders"), QStringLiteral("revenue") })
            .ok());
    QVERIFY(create(ws, QStringLiteral("Income"), { QStringLiteral("income") }).ok());
    auto got = matching(ws, rule);
    QVERIFY2(got.ok(), got.ok() ? "" : qPrintable(got.error().message));
    QCOMPARE(*got, expected);
}

void TestClusterStore::ruleCountEqualsClusterSize()
{
    // Through the segment store, with a current customer_view: cluster rules run on the joined
    // tables and count exactly the stored members.
    Workspace ws = makeWorkspace();
    auto c = create(
        ws, QStringLiteral("Spend"), { QStringLiteral("orders"), QStringLiteral("revenue") });
    QVERIFY(c.ok());
    auto catalog = FieldCatalog::load(ws);
    QVERIFY(catalog.ok());
    JobContext job;
    QVERIFY(CustomerViewStore::rebuild(ws, *catalog, job).ok());
    for (const ClusterSummary& s : c->clusters) {
        auto rule = SegmentRule::parse(QStringLiteral("cluster_spend is %1").arg(s.cluster));
        QVERIFY(rule.ok());
        auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
        QVERIFY(compiled.ok());
        auto preview = SegmentStore::preview(ws, *compiled, job);
        QVERIFY2(preview.ok(), preview.ok() ? "" : qPrintable(preview.error().message));
        QCOMPARE(preview->customers, s.size);
    }
    // customer_view has no column for the cluster field.
    auto columns = ws.database().prepare(QStringLiteral("SELECT * FROM customer_view"));
    QVERIFY(columns.ok());
    for (int i = 0; i < columns->columnCount(); ++i)
        QVERIFY(columns->columnName(i) != u"cluster_spend");
}

void TestClusterStore::catalogAndTextRoundTrip()
{
    Workspace ws = makeWorkspace();
    QVERIFY(create(ws, QStringLiteral("High value 2024"), { QStringLiteral("revenue") }).ok());
    auto catalog = FieldCatalog::load(ws);
    QVERIFY(catalog.ok());
    const FieldInfo* f = catalog->find(QStringLiteral("cluster_high_value_2024"));
    QVERIFY(f);
    QCOMPARE(f->kind, FieldKind::Cluster);
    QCOMPARE(f->label, QStringLiteral("Clustering High value 2024"));
    QCOMPARE(FieldCatalog::kindName(f->kind), QStringLiteral("Clusters"));
    QVERIFY(!CustomerViewStore::inView(*f));
    QCOMPARE(FieldCatalog::operatorsFor(*f),
        QList<RuleOperator>({ RuleOperator::Is, RuleOperator::IsNot, RuleOperator::IsOneOf,
            RuleOperator::IsNoneOf, RuleOperator::IsMissing, RuleOperator::IsNotMissing }));

    for (const char* text : { "cluster_high_value_2024 is one of (1, 3)",
             "cluster_high_value_2024 is 2 and not cluster_high_value_2024 is missing",
             "(cluster_high_value_2024 is not 1 or revenue > 100) and "
             "cluster_high_value_2024 is none of (2)" }) {
        const QString canonical = QString::fromLatin1(text);
        auto rule = SegmentRule::parse(canonical);
        QVERIFY2(rule.ok(), text);
        QCOMPARE(rule->toText(), canonical);
        QVERIFY(catalog->validate(*rule).ok());
        auto back = SegmentRule::fromJson(rule->toJson());
        QVERIFY(back.ok());
        QCOMPARE(*back, *rule);
        QCOMPARE(back->toText(), canonical);
    }
}

void TestClusterStore::validationErrors_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("message");
    QTest::newRow("contains") << QStringLiteral("cluster_spend contains \"1\"")
                              << QStringLiteral("does not apply");
    QTest::newRow("greater") << QStringLiteral("cluster_spend > 1")
                             << QStringLiteral("does not apply");
    QTest::newRow("zero") << QStringLiteral("cluster_spend is 0")
                          << QStringLiteral("a cluster number");
    QTest::newRow("fraction") << QStringLiteral("cluster_spend is one of (1, 1.5)")
                              << QStringLiteral("a cluster number");
    QTest::newRow("word") << QStringLiteral("cluster_spend is \"big\"")
                          << QStringLiteral("a cluster number");
    QTest::newRow("yes") << QStringLiteral("cluster_spend is yes")
                         << QStringLiteral("a cluster number");
    QTest::newRow("typo") << QStringLiteral("cluster_spnd is 1")
                          << QStringLiteral("Did you mean \u201ccluster_spend\u201d");
}

void TestClusterStore::validationErrors()
{
    QFETCH(QString, rule);
    QFETCH(QString, message);
    Workspace ws = makeWorkspace();
    QVERIFY(create(ws, QStringLiteral("Spend"), { QStringLiteral("orders") }).ok());
    auto got = matching(ws, rule);
    QVERIFY(!got.ok());
    QVERIFY2(got.error().message.contains(message), qPrintable(got.error().message));
}

void TestClusterStore::injectionIsJustAValue()
{
    Workspace ws = makeWorkspace();
    // A clustering name full of SQL: the field is cleaned, the name only ever a bound value.
    const QString name = QStringLiteral("x'); DROP TABLE customers; --");
    auto c = create(ws, name, { QStringLiteral("orders") });
    QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
    QCOMPARE(c->field, QStringLiteral("cluster_x_drop_table_customers"));
    QCOMPARE(ClusterStore::find(ws, name)->name, name);
    auto got = matching(ws, QStringLiteral("cluster_x_drop_table_customers is one of (1, 2)"));
    QVERIFY(got.ok());
    QCOMPARE(got->size(), 8);
    // A value with SQL in it is refused as a cluster number before any SQL is made...
    auto bad = matching(ws, QStringLiteral("cluster_x_drop_table_customers is \"1) OR (1=1\""));
    QVERIFY(!bad.ok());
    // ... and the compiled SQL holds no value: the field name and numbers are parameters.
    auto catalog = FieldCatalog::load(ws);
    auto rule = SegmentRule::parse(QStringLiteral("cluster_x_drop_table_customers is 1"));
    auto compiled = RuleSqlCompiler::compile(*rule, *catalog, kAnalysisDate, true);
    QVERIFY(compiled.ok());
    QVERIFY(!compiled->where.contains(QStringLiteral("cluster_x")));
    QVERIFY(!compiled->where.contains(QStringLiteral("DROP")));
    QCOMPARE(compiled->params,
        QVariantList({ QStringLiteral("cluster_x_drop_table_customers"), qint64(1) }));
    QVERIFY(*ws.hasTable(QStringLiteral("customers")));
    QCOMPARE(*ws.rowCount(QStringLiteral("customers")), 8);
}

void TestClusterStore::createErrors()
{
    Workspace ws = makeWorkspace();
    QVERIFY(create(ws, QStringLiteral("Spend"), { QStringLiteral("orders") }).ok());
    struct Case {
        QString name;
        QStringList features;
        int k;
        QString message;
    };
    const QList<Case> cases {
        { QStringLiteral("spend"), { QStringLiteral("orders") }, 2,
            QStringLiteral("already a clustering named") },
        { QStringLiteral("Spend!"), { QStringLiteral("orders") }, 2,
            QStringLiteral("already has the rule field cluster_spend") },
        { QStringLiteral("?"), { QStringLiteral("orders") }, 2,
            QStringLiteral("no letter or digit") },
        // An attribute of the customers file already has the name.
        { QStringLiteral("Old"), { QStringLiteral("orders") }, 2,
            QStringLiteral(
                "cluster_old of a clustering named \u201cOld\u201d is already a field") },
        { QStringLiteral("A"), { QStringLiteral("city") }, 2, QStringLiteral("is a text field") },
        { QStringLiteral("A"), { QStringLiteral("ordres") }, 2,
            QStringLiteral("There is no number field") },
        { QStringLiteral("A"), { QStringLiteral("cluster_spend") }, 2,
            QStringLiteral("clustering needs number fields") },
        { QStringLiteral("A"), { QStringLiteral("orders"), QStringLiteral("orders") }, 2,
            QStringLiteral("listed twice") },
        { QStringLiteral("A"), {}, 2, QStringLiteral("at least one feature") },
        // Orders take 7 distinct values: 0, 1, 2, 3, 10, 11, 12.
        { QStringLiteral("A"), { QStringLiteral("orders") }, 8,
            QStringLiteral("only 7 distinct rows") },
        { QStringLiteral("A"), { QStringLiteral("orders") }, 9, QStringLiteral("only 8 rows") },
    };
    for (const Case& c : cases) {
        auto r = create(ws, c.name, c.features, c.k);
        QVERIFY2(!r.ok(), qPrintable(c.message));
        QVERIFY2(r.error().message.contains(c.message), qPrintable(r.error().message));
    }
    QCOMPARE(ClusterStore::list(ws)->size(), 1);
    QCOMPARE(*ws.rowCount(QStringLiteral("cluster_members")), 8);
}

void TestClusterStore::cancelStoresNothing()
{
    Workspace ws = makeWorkspace();
    auto catalog = FieldCatalog::load(ws);
    ClusteringOptions o;
    o.name = QStringLiteral("Spend");
    o.features = { QStringLiteral("orders"), QStringLiteral("revenue") };
    o.k = 2;
    CancelAtOnce job;
    auto r = ClusterStore::create(ws, *catalog, o, job);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Cancelled);
    QCOMPARE(*ws.rowCount(QStringLiteral("clusterings")), 0);
    QCOMPARE(*ws.rowCount(QStringLiteral("cluster_members")), 0);
}

void TestClusterStore::deleteRemovesTheField()
{
    Workspace ws = makeWorkspace();
    QVERIFY(create(ws, QStringLiteral("Spend"), { QStringLiteral("orders") }).ok());
    QVERIFY(create(ws, QStringLiteral("Other"), { QStringLiteral("revenue") }).ok());
    QVERIFY(ClusterStore::remove(ws, QStringLiteral("spend")).ok());
    QCOMPARE(ClusterStore::list(ws)->size(), 1);
    QCOMPARE(*ws.rowCount(QStringLiteral("cluster_members")), 8);
    QVERIFY(!FieldCatalog::load(ws)->find(QStringLiteral("cluster_spend")));
    auto got = matching(ws, QStringLiteral("cluster_spend is 1"));
    QVERIFY(!got.ok());
    QVERIFY(got.error().message.contains(QStringLiteral("There is no field")));
    auto again = ClusterStore::remove(ws, QStringLiteral("spend"));
    QVERIFY(!again.ok());
    QVERIFY(again.error().message.contains(QStringLiteral("There is no clustering named")));
}

QTEST_GUILESS_MAIN(TestClusterStore)
#include "tst_clusterstore.moc"
