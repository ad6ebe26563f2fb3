// segwb: the Segment Workbench command-line tool. Thin: parses arguments, runs core functions,
// prints their results as plain text or JSON.
#include "cliio.h"
#include "commands.h"

#include <QCoreApplication>
#include <QStringList>

using namespace seg::cli;

namespace {

const char* kUsage = R"(segwb - Segment Workbench without a window

Usage: segwb COMMAND [OPTIONS]

Commands:
  demo      write the demo generator's customers, transactions and responses CSV files
  import    import a CSV file into a workspace (created if missing)
  info      tables, row counts, columns with types and roles, and imports of a workspace
  rejects   the rows an import rejected, with line numbers and reasons, as CSV
  sql       run a read-only SQL query on a workspace and print CSV or JSON
  metrics   compute each customer's purchase metrics from the transactions
  rfm       score customers on recency, frequency and monetary value, with named segments
  segment   create, list, show, refresh, delete or preview saved segments defined by rules
  overlap   customers shared by each pair of saved segments
  export    write the members of saved segments to CSV files
  cluster   k-means clusters on chosen features, usable in rules as cluster_<name>

Run 'segwb COMMAND --help' for a command's options. Every command takes --json.
Exit codes: 0 ok, 1 usage, 2 bad input, 3 workspace error.
)";

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("segwb"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEGWB_VERSION));
    QStringList args = QCoreApplication::arguments();
    const bool json = args.contains(QStringLiteral("--json"));
    if (args.size() < 2 || args.at(1) == u"--help" || args.at(1) == u"-h"
        || args.at(1) == u"help") {
        printOut(QString::fromUtf8(kUsage));
        return args.size() < 2 ? ExitUsage : ExitOk;
    }
    if (args.at(1) == u"--version") {
        printOut(QStringLiteral("segwb %1\n").arg(QStringLiteral(SEGWB_VERSION)));
        return ExitOk;
    }
    const QString command = args.at(1);
    args.removeAt(1);
    if (command == u"demo")
        return runDemo(args);
    if (command == u"import")
        return runImport(args);
    if (command == u"info")
        return runInfo(args);
    if (command == u"rejects")
        return runRejects(args);
    if (command == u"sql")
        return runSql(args);
    if (command == u"metrics")
        return runMetrics(args);
    if (command == u"rfm")
        return runRfm(args);
    if (command == u"segment")
        return runSegment(args);
    if (command == u"overlap")
        return runOverlap(args);
    if (command == u"export")
        return runExport(args);
    if (command == u"cluster")
        return runCluster(args);
    return usageError(QStringLiteral("Unknown command \"%1\".").arg(command), json);
}
