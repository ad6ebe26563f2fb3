// Live preview of segment rules (docs/PERFORMANCE.md, "Live preview of segment rules"): for each
// rule, in one run, (a) the SQL path the builder used so far (SegmentStore::preview: one scan of
// customer_view, in two halves), (b) the in-memory column engine on its first use, loading the
// columns the rule needs, and (c) the engine warm, as after the first edit in the builder; checks
// that all give the same count and revenue.
//   segwb-preview-bench WORKSPACE [--runs N] [RULE...]
#include "columnpreviewengine.h"
#include "customerviewstore.h"
#include "fieldcatalog.h"
#include "rfmscoring.h"
#include "rulesqlcompiler.h"
#include "segmentrule.h"
#include "segmentstore.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace seg;

namespace {

const char* const kRules[] = {
    "orders >= 3",
    "country is \"Germany\"",
    "country is one of (\"Germany\", \"France\") and (orders >= 3 or revenue > 500) and "
    "last_purchase within 90 days",
    "rfm_segment is one of (\"Champions\", \"Loyal Customers\")",
    "lifecycle_status is \"lapsed\" and value_tier is not \"Rest\"",
    "not (device is \"mobile\" or acquisition_channel starts with \"paid\")",
    "income between 30000 and 60000 and signup_date after 2023-01-01 and gender is \"female\"",
};

void print(const QString& text) { std::fputs(text.toUtf8().constData(), stdout); }

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll()).section(QLatin1Char(' '), 0, 2);
}

double msSince(const QElapsedTimer& t) { return static_cast<double>(t.nsecsElapsed()) / 1e6; }

/// CPU time of the process (all its threads) in milliseconds: steadier than wall time when
/// other work shares the cores.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Spread {
    double best = 0;
    double median = 0;
    double worst = 0;
};

Spread spread(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return { v.front(), v[v.size() / 2], v.back() };
}

QString ms(double v) { return QString::number(v, 'f', v < 10 ? 2 : 1); }

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int runs = 5;
    if (const auto i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size()) {
        runs = std::max(1, args.at(i + 1).toInt());
        args.remove(i, 2);
    }
    if (args.isEmpty()) {
        std::fputs("usage: segwb-preview-bench WORKSPACE [--runs N] [RULE...]\n", stderr);
        return 1;
    }
    const QString path = args.takeFirst();
    QStringList rules = args;
    if (rules.isEmpty()) {
        for (const char* r : kRules)
            rules.append(QString::fromUtf8(r));
    }
    auto ws = Workspace::open(path, Workspace::OpenMode::ReadWrite);
    if (!ws) {
        std::fprintf(stderr, "%s\n", qPrintable(ws.error().message));
        return 1;
    }
    JobContext job;
    // As `segwb segment preview`: metrics, scores and customer_view current.
    auto date = RfmScoring::ensureScores(*ws, QDate(), job);
    auto catalog = FieldCatalog::load(*ws);
    auto hasCustomers = ws->hasTable(QStringLiteral("customers"));
    if (!date || !catalog || !hasCustomers) {
        std::fprintf(stderr, "cannot prepare the workspace\n");
        return 1;
    }
    const QString loadStart = loadAverage();

    print(QStringLiteral("| rule | customers | SQL best / median / worst ms (median CPU ms) | "
                         "columns, first use ms (load + evaluate; CPU ms) | columns loaded | "
                         "columns, warm best / median / worst ms |\n|---|---|---|---|---|---|\n"));
    bool same = true;
    qint64 sessionMemory = 0;
    ColumnPreviewEngine session(path); // one engine through all rules, as one builder session
    std::vector<double> sessionTimes;
    for (const QString& text : std::as_const(rules)) {
        auto rule = SegmentRule::parse(text);
        if (!rule) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(text), qPrintable(rule.error().message));
            return 1;
        }
        // (a) SQL, as SegmentStore::preview runs it for the builder today (compile included).
        std::vector<double> sqlTimes;
        std::vector<double> sqlCpu;
        SegmentPreview sql;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer t;
            t.start();
            const double cpu0 = cpuMs();
            auto compiled = RuleSqlCompiler::compile(*rule, *catalog, *date, *hasCustomers);
            auto p = compiled ? SegmentStore::preview(*ws, *compiled, job)
                              : Result<SegmentPreview>(compiled.error());
            sqlTimes.push_back(msSince(t));
            sqlCpu.push_back(cpuMs() - cpu0);
            if (!p) {
                std::fprintf(stderr, "%s\n", qPrintable(p.error().message));
                return 1;
            }
            sql = *p;
        }
        // (b) a new engine: opens its connection and loads the rule's columns and revenue.
        ColumnPreviewEngine engine(path);
        QElapsedTimer t;
        t.start();
        const double cpu0 = cpuMs();
        auto cold = engine.preview(*rule, *catalog, *date, *hasCustomers, job);
        const double coldMs = msSince(t);
        const double coldCpu = cpuMs() - cpu0;
        const auto coldRun = engine.lastRun();
        // (c) warm: the columns are in memory.
        std::vector<double> warmTimes;
        Result<SegmentPreview> warm = cold;
        for (int i = 0; i < runs && warm; ++i) {
            t.restart();
            warm = engine.preview(*rule, *catalog, *date, *hasCustomers, job);
            warmTimes.push_back(msSince(t));
        }
        if (!cold || !warm) {
            std::fprintf(stderr, "%s\n", qPrintable((!cold ? cold : warm).error().message));
            return 1;
        }
        if (engine.lastRun().path != ColumnPreviewEngine::Path::Columns) {
            std::fprintf(stderr, "%s: ran in SQL (%s)\n", qPrintable(text),
                qPrintable(engine.lastRun().fallbackReason));
            same = false;
        }
        auto agrees = [&](const SegmentPreview& p) {
            return p.customers == sql.customers && p.totalCustomers == sql.totalCustomers
                && std::abs(p.revenue - sql.revenue) <= 1e-9 * std::max(1.0, std::abs(sql.revenue));
        };
        if (!agrees(*cold) || !agrees(*warm)) {
            std::fprintf(stderr,
                "%s: columns give %lld customers, %.17g revenue; SQL %lld, %.17g\n",
                qPrintable(text), static_cast<long long>(warm->customers), warm->revenue,
                static_cast<long long>(sql.customers), sql.revenue);
            same = false;
        }
        // The same rule in the session engine (columns of earlier rules already loaded).
        t.restart();
        auto inSession = session.preview(*rule, *catalog, *date, *hasCustomers, job);
        sessionTimes.push_back(msSince(t));
        if (!inSession || !agrees(*inSession))
            same = false;
        sessionMemory = session.memoryBytes();

        const Spread s = spread(sqlTimes);
        const Spread w = spread(warmTimes);
        print(QStringLiteral(
            "| `%1` | %2 | %3 / %4 / %5 (%6) | %7 (%8 + %9; %10) | %11 | %12 / %13 / "
            "%14 |\n")
                  .arg(text)
                  .arg(sql.customers)
                  .arg(ms(s.best), ms(s.median), ms(s.worst), ms(spread(sqlCpu).median), ms(coldMs),
                      ms(coldRun.loadMilliseconds), ms(coldRun.evaluateMilliseconds), ms(coldCpu))
                  .arg(coldRun.columnsLoaded)
                  .arg(ms(w.best), ms(w.median), ms(w.worst)));
    }
    print(QStringLiteral("\nOne engine through the %1 rules in turn (a builder session; each rule "
                         "loads only the columns not yet in memory): %2 ms; %3 columns in memory, "
                         "%4 MiB.\n")
              .arg(rules.size())
              .arg([&] {
                  QStringList parts;
                  for (double v : sessionTimes)
                      parts.append(ms(v));
                  return parts.join(QStringLiteral(", "));
              }())
              .arg(session.loadedFields().size())
              .arg(static_cast<double>(sessionMemory) / (1024.0 * 1024.0), 0, 'f', 1));
    // (d) As the builder does when it opens: every field of customer_view read in the
    // background, one per call, up to ColumnPreviewEngine::kPreloadBytes; then the rules.
    {
        ColumnPreviewEngine opened(path);
        QElapsedTimer t;
        t.start();
        const QStringList order = ColumnPreviewEngine::preloadOrder(*catalog, SegmentRule());
        std::vector<double> perField;
        for (const QString& field : order) {
            if (opened.memoryBytes() > ColumnPreviewEngine::kPreloadBytes)
                break;
            QElapsedTimer one;
            one.start();
            if (auto r = opened.preload({ field }, *catalog, job); !r) {
                std::fprintf(stderr, "%s\n", qPrintable(r.error().message));
                return 1;
            }
            perField.push_back(msSince(one));
        }
        const double preloadMs = msSince(t);
        QStringList times;
        for (const QString& text : std::as_const(rules)) {
            auto rule = SegmentRule::parse(text);
            t.restart();
            auto p = opened.preview(*rule, *catalog, *date, *hasCustomers, job);
            times.append(ms(msSince(t)));
            if (!p || opened.lastRun().columnsLoaded != 0)
                same = false;
        }
        const Spread f = spread(perField);
        print(QStringLiteral("\nAs the builder opens: %1 fields read in the background in %2 ms "
                             "(one per call: best %3, median %4, worst %5 ms each), %6 columns "
                             "in memory, %7 MiB; then the %8 rules: %9 ms, nothing left to "
                             "read.\n")
                  .arg(perField.size())
                  .arg(ms(preloadMs), ms(f.best), ms(f.median), ms(f.worst))
                  .arg(opened.loadedFields().size())
                  .arg(static_cast<double>(opened.memoryBytes()) / (1024.0 * 1024.0), 0, 'f', 1)
                  .arg(rules.size())
                  .arg(times.join(QStringLiteral(", "))));
    }
    print(QStringLiteral("Counts and revenue: %1.\n")
              .arg(same ? QStringLiteral("the same on both paths for every rule")
                        : QStringLiteral("DIFFERENT (see above)")));
    print(QStringLiteral("Load average: %1 at the start, %2 at the end.\n")
              .arg(loadStart, loadAverage()));
    return same ? 0 : 1;
}
