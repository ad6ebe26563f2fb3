#include "testworkspace.h"

#include "demogenerator.h"
#include "importer.h"
#include "jobcontext.h"
#include "workspace.h"

#include <QDir>

namespace seg::test {

QString importCsv(const QString& workspace, const QString& csv, seg::DataKind kind)
{
    seg::ImportOptions options;
    options.kind = kind;
    seg::JobContext job;
    auto plan = seg::Importer::plan(csv, options, job);
    if (!plan)
        return plan.error().message;
    auto ws = seg::Workspace::open(workspace, seg::Workspace::OpenMode::CreateOrOpen);
    if (!ws)
        return ws.error().message;
    auto report = seg::Importer::run(*ws, *plan, options, job);
    return report ? QString() : report.error().message;
}

QString DemoWorkspace::customersCsv() const
{
    return QDir(dataDir).filePath(QStringLiteral("customers.csv"));
}

QString DemoWorkspace::transactionsCsv() const
{
    return QDir(dataDir).filePath(QStringLiteral("transactions.csv"));
}

DemoWorkspace createDemoWorkspace(
    const QString& dir, qint64 customers, quint64 seed, const QString& fileName)
{
    DemoWorkspace out;
    const QDir base(dir);
    out.dataDir = base.filePath(QStringLiteral("demo"));
    out.path = base.filePath(fileName);
    seg::DemoOptions demo;
    demo.customers = customers;
    demo.seed = seed;
    seg::JobContext job;
    auto written = seg::DemoGenerator(demo).writeCsv(out.dataDir, job);
    if (!written) {
        out.error = written.error().message;
        return out;
    }
    out.error = importCsv(out.path, out.customersCsv(), seg::DataKind::Customers);
    if (out.error.isEmpty())
        out.error = importCsv(out.path, out.transactionsCsv(), seg::DataKind::Transactions);
    return out;
}

} // namespace seg::test
