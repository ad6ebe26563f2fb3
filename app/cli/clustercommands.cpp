// segwb cluster create|list|show|delete: k-means clusterings stored in the workspace, each a
// rule field cluster_<name>.
#include "cliio.h"
#include "clusterstore.h"
#include "commands.h"
#include "fieldcatalog.h"
#include "rfmscoring.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QLocale>

namespace seg::cli {

namespace {

const QCommandLineOption& kJson = jsonOption();
const QCommandLineOption& kWorkspace = workspaceOption();
const QCommandLineOption kName(
    QStringLiteral("name"), QStringLiteral("The clustering's name."), QStringLiteral("NAME"));

bool parse(QCommandLineParser& parser, const QStringList& args, const QString& synopsis,
    const QString& description, int& exitCode)
{
    parser.addOption(kWorkspace);
    if (!parseCommand(parser, args, synopsis, description, exitCode)
        || !requireWorkspace(parser, exitCode))
        return false;
    if (!parser.positionalArguments().isEmpty()) {
        exitCode = usageError(
            QStringLiteral("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()),
            parser.isSet(kJson));
        return false;
    }
    return true;
}

/// Progress on stderr while a terminal watches.
class CliJob : public JobContext {
public:
    explicit CliJob(QString what)
        : m_what(std::move(what))
    {
    }
    void setProgress(qint64 done, qint64 total) override
    {
        if (total > 0)
            showProgress(QStringLiteral("%1: %2 %").arg(m_what).arg(100 * done / total));
    }

private:
    QString m_what;
};

QString number(double v)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::OmitGroupSeparator);
    return c.toString(v, 'f', 2);
}

QJsonObject clusteringJson(const Clustering& c)
{
    QJsonArray clusters;
    for (const ClusterSummary& s : c.clusters) {
        QJsonObject means;
        for (qsizetype j = 0; j < c.features.size() && j < s.means.size(); ++j)
            means[c.features.at(j)] = s.means.at(j);
        clusters.append(QJsonObject { { QStringLiteral("cluster"), s.cluster },
            { QStringLiteral("size"), s.size }, { QStringLiteral("means"), means } });
    }
    QJsonObject scaling;
    for (qsizetype j = 0; j < c.features.size() && j < c.featureMeans.size(); ++j)
        scaling[c.features.at(j)] = QJsonObject { { QStringLiteral("mean"), c.featureMeans.at(j) },
            { QStringLiteral("std"), c.featureScales.value(j) } };
    return QJsonObject {
        { QStringLiteral("name"), c.name },
        { QStringLiteral("field"), c.field },
        { QStringLiteral("method"), QStringLiteral("kmeans") },
        { QStringLiteral("features"), QJsonArray::fromStringList(c.features) },
        { QStringLiteral("k"), c.k },
        { QStringLiteral("seed"), static_cast<qint64>(c.seed) },
        { QStringLiteral("restarts"), c.restarts },
        { QStringLiteral("inertia"), c.inertia },
        { QStringLiteral("iterations"), c.iterations },
        { QStringLiteral("converged"), c.converged },
        { QStringLiteral("customers"), c.customers },
        { QStringLiteral("unclustered"), c.unclustered },
        { QStringLiteral("analysis_date"), c.analysisDate },
        { QStringLiteral("computed_at"), c.computedAt },
        { QStringLiteral("scaling"), scaling },
        { QStringLiteral("clusters"), clusters },
    };
}

void printClustering(const Clustering& c)
{
    printOut(QStringLiteral("Clustering \"%1\" (rule field %2): k-means on %3, k = %4, %5 "
                            "restarts, seed %6\n")
                 .arg(c.name, c.field, c.features.join(QStringLiteral(", ")))
                 .arg(c.k)
                 .arg(c.restarts)
                 .arg(c.seed));
    printOut(QStringLiteral("  %1 customers clustered; %2 unclustered (a feature is missing: "
                            "\"%3 is missing\")\n")
                 .arg(c.customers)
                 .arg(c.unclustered)
                 .arg(c.field));
    printOut(QStringLiteral("  inertia %1 (on z-scores), %2 iterations%3; metrics of %4\n\n")
                 .arg(QString::number(c.inertia, 'g', 8))
                 .arg(c.iterations)
                 .arg(c.converged ? QString() : QStringLiteral(", stopped before converging"),
                     c.analysisDate.isEmpty() ? QStringLiteral("(no date)") : c.analysisDate));
    QString header = QStringLiteral("%1  %2")
                         .arg(QStringLiteral("Cluster"), -7)
                         .arg(QStringLiteral("Customers"), 10);
    for (const QString& f : c.features)
        header += QStringLiteral("  %1").arg(f, std::max<int>(12, static_cast<int>(f.size())));
    printOut(header + QStringLiteral("   (feature means)\n"));
    for (const ClusterSummary& s : c.clusters) {
        QString line = QStringLiteral("%1  %2").arg(s.cluster, -7).arg(s.size, 10);
        for (qsizetype j = 0; j < c.features.size(); ++j)
            line += QStringLiteral("  %1").arg(number(s.means.value(j)),
                std::max<int>(12, static_cast<int>(c.features.at(j).size())));
        printOut(line + QLatin1Char('\n'));
    }
    printOut(QStringLiteral("\nUse it in rules: %1 is 1, %1 is one of (1, 2), %1 is missing\n")
                 .arg(c.field));
}

int runCreate(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption features(QStringLiteral("features"),
        QStringLiteral("Comma-separated number fields to cluster on: metrics (orders, revenue, "
                       "recency_days...), RFM scores (r_score...) or numeric customer "
                       "attributes. They are standardised to z-scores first."),
        QStringLiteral("LIST"));
    const QCommandLineOption k(QStringLiteral("k"),
        QStringLiteral("Number of clusters (default 5)."), QStringLiteral("N"),
        QStringLiteral("5"));
    const QCommandLineOption restarts(QStringLiteral("restarts"),
        QStringLiteral("k-means++ runs; the one with the lowest inertia is kept (default 10)."),
        QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption seed(QStringLiteral("seed"),
        QStringLiteral("Random seed; the same seed and data give the same clusters (default 1)."),
        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption maxIterations(QStringLiteral("max-iterations"),
        QStringLiteral("Iterations per run (default 300)."), QStringLiteral("N"),
        QStringLiteral("300"));
    const QCommandLineOption analysisDate(QStringLiteral("analysis-date"),
        QStringLiteral("Compute metrics for this date (YYYY-MM-DD) first. Default: the date of the "
                       "stored metrics, or the day after the last transaction."),
        QStringLiteral("DATE"));
    parser.addOptions({ kName, features, k, restarts, seed, maxIterations, analysisDate });
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("cluster create --workspace WS --name NAME --features LIST [--k N] "
                           "[--restarts N] [--seed S] [--max-iterations N] [--analysis-date "
                           "DATE] [--json]"),
            QStringLiteral("Clusters the customers with k-means on the chosen features and "
                           "stores the clusters; rules then use them as the field "
                           "cluster_<name> (e.g. cluster_spend is 1). Customers with a missing "
                           "feature are left unclustered."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (parser.value(kName).trimmed().isEmpty())
        return usageError(QStringLiteral("--name NAME is required."), json);
    if (!parser.isSet(features))
        return usageError(QStringLiteral("--features LIST is required, e.g. --features "
                                         "orders,revenue,recency_days."),
            json);
    ClusteringOptions options;
    options.name = parser.value(kName);
    for (const QString& f : parser.value(features).split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.features.append(f.trimmed());
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false;
    options.k = parser.value(k).toInt(&ok1);
    options.restarts = parser.value(restarts).toInt(&ok2);
    options.seed = parser.value(seed).toULongLong(&ok3);
    options.maxIterations = parser.value(maxIterations).toInt(&ok4);
    if (!ok1 || options.k < 1 || options.k > 1000)
        return usageError(QStringLiteral("--k takes a whole number from 1 to 1000."), json);
    if (!ok2 || options.restarts < 1 || options.restarts > 1000)
        return usageError(QStringLiteral("--restarts takes a whole number from 1 to 1000."), json);
    if (!ok3 || options.seed > quint64(std::numeric_limits<qint64>::max()))
        return usageError(QStringLiteral("--seed takes a whole number."), json);
    if (!ok4 || options.maxIterations < 1)
        return usageError(QStringLiteral("--max-iterations takes a whole number above 0."), json);
    QDate date;
    if (parser.isSet(analysisDate)) {
        date = QDate::fromString(parser.value(analysisDate), Qt::ISODate);
        if (!date.isValid())
            return usageError(QStringLiteral("--analysis-date \"%1\" is not a date; write it as "
                                             "YYYY-MM-DD.")
                                  .arg(parser.value(analysisDate)),
                json);
    }

    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    CliJob metricsJob(QStringLiteral("Computing customer metrics"));
    auto metricsDate = RfmScoring::ensureScores(*ws, date, metricsJob);
    clearProgress();
    if (!metricsDate)
        return reportError(metricsDate.error(), json);
    auto catalog = FieldCatalog::load(*ws);
    if (!catalog)
        return reportError(catalog.error(), json);
    CliJob job(QStringLiteral("Clustering"));
    auto c = ClusterStore::create(*ws, *catalog, options, job);
    clearProgress();
    if (!c)
        return reportError(c.error(), json);
    if (json)
        printJson(clusteringJson(*c));
    else
        printClustering(*c);
    return ExitOk;
}

int runList(const QStringList& args)
{
    QCommandLineParser parser;
    int code = 0;
    if (!parse(parser, args, QStringLiteral("cluster list --workspace WS [--json]"),
            QStringLiteral("Lists the stored clusterings with their rule fields."), code))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadOnly);
    if (!ws)
        return reportError(ws.error(), json);
    auto all = ClusterStore::list(*ws);
    if (!all)
        return reportError(all.error(), json);
    if (json) {
        QJsonArray list;
        for (const Clustering& c : *all)
            list.append(clusteringJson(c));
        printJson(QJsonObject { { QStringLiteral("clusterings"), list } });
        return ExitOk;
    }
    if (all->isEmpty()) {
        printOut(QStringLiteral("No clusterings yet; make one with segwb cluster create.\n"));
        return ExitOk;
    }
    printOut(QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                 .arg(QStringLiteral("Name"), -20)
                 .arg(QStringLiteral("Rule field"), -24)
                 .arg(QStringLiteral("k"), 3)
                 .arg(QStringLiteral("Clustered"), 10)
                 .arg(QStringLiteral("Unclustered"), 11)
                 .arg(QStringLiteral("Features")));
    for (const Clustering& c : *all)
        printOut(QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                     .arg(c.name, -20)
                     .arg(c.field, -24)
                     .arg(c.k, 3)
                     .arg(c.customers, 10)
                     .arg(c.unclustered, 11)
                     .arg(c.features.join(QStringLiteral(", "))));
    return ExitOk;
}

int runShow(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(kName);
    int code = 0;
    if (!parse(parser, args, QStringLiteral("cluster show --workspace WS --name NAME [--json]"),
            QStringLiteral("Shows a clustering: its settings, sizes and feature means."), code))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadOnly);
    if (!ws)
        return reportError(ws.error(), json);
    auto c = ClusterStore::find(*ws, parser.value(kName));
    if (!c)
        return reportError(c.error(), json);
    if (json)
        printJson(clusteringJson(*c));
    else
        printClustering(*c);
    return ExitOk;
}

int runDelete(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(kName);
    int code = 0;
    if (!parse(parser, args, QStringLiteral("cluster delete --workspace WS --name NAME [--json]"),
            QStringLiteral("Deletes a clustering and its members; segment rules that use its "
                           "field no longer compute."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto c = ClusterStore::find(*ws, parser.value(kName));
    if (!c)
        return reportError(c.error(), json);
    if (auto r = ClusterStore::remove(*ws, c->name); !r)
        return reportError(r.error(), json);
    if (json)
        printJson(QJsonObject { { QStringLiteral("deleted"), c->name } });
    else
        printOut(QStringLiteral("Deleted the clustering \"%1\" (rule field %2).\n")
                     .arg(c->name, c->field));
    return ExitOk;
}

} // namespace

int runCluster(const QStringList& args)
{
    const bool json = args.contains(QStringLiteral("--json"));
    static const char* kUsage = "Usage: segwb cluster create|list|show|delete --workspace WS ...\n"
                                "Run 'segwb cluster SUBCOMMAND --help' for its options.\n";
    if (args.size() < 2 || args.at(1) == u"--help" || args.at(1) == u"-h") {
        printOut(QString::fromLatin1(kUsage) + QStringLiteral("  --json  Print JSON.\n"));
        return args.size() < 2 ? ExitUsage : ExitOk;
    }
    QStringList rest = args;
    const QString sub = rest.takeAt(1);
    if (sub == u"create")
        return runCreate(rest);
    if (sub == u"list")
        return runList(rest);
    if (sub == u"show")
        return runShow(rest);
    if (sub == u"delete")
        return runDelete(rest);
    return usageError(
        QStringLiteral("Unknown cluster command \"%1\"; use create, list, show or delete.")
            .arg(sub),
        json);
}

} // namespace seg::cli
