// segwb metrics and segwb rfm: customer metrics and RFM scores, computed and stored in the
// workspace.
#include "cliio.h"
#include "commands.h"
#include "customermetrics.h"
#include "metricsstore.h"
#include "rfmmodel.h"
#include "rfmscoring.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace seg::cli {

namespace {

const QCommandLineOption& kJson = jsonOption();
const QCommandLineOption& kWorkspace = workspaceOption();
const QCommandLineOption kAnalysisDate(QStringLiteral("analysis-date"),
    QStringLiteral("The date the metrics are computed for (YYYY-MM-DD); only earlier transactions "
                   "count. Default: the day after the last transaction."),
    QStringLiteral("DATE"));

/// Parses the common options; false with `exitCode` set when the command should stop.
bool parseCommon(QCommandLineParser& parser, const QStringList& args, const QString& synopsis,
    const QString& description, int& exitCode, QDate& analysisDate)
{
    parser.addOption(kWorkspace);
    parser.addOption(kAnalysisDate);
    if (!parseCommand(parser, args, synopsis, description, exitCode))
        return false;
    const bool json = parser.isSet(kJson);
    if (!parser.positionalArguments().isEmpty()) {
        exitCode = usageError(
            QStringLiteral("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()),
            json);
        return false;
    }
    if (!requireWorkspace(parser, exitCode))
        return false;
    if (parser.isSet(kAnalysisDate)) {
        analysisDate = QDate::fromString(parser.value(kAnalysisDate), Qt::ISODate);
        if (!analysisDate.isValid()) {
            exitCode = usageError(QStringLiteral("--analysis-date \"%1\" is not a date; write it "
                                                 "as YYYY-MM-DD.")
                                      .arg(parser.value(kAnalysisDate)),
                json);
            return false;
        }
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

QString number(qint64 n) { return QString::number(n); }

QString money(double v)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return c.toString(v, 'f', 2);
}

Result<std::vector<double>> thresholdsFrom(const QString& text, const QString& option)
{
    std::vector<double> out;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok)
            return makeError(ErrorCode::Usage,
                QStringLiteral("--%1: \"%2\" is not a number; give the cut points as a "
                               "comma-separated list, e.g. 30,90,180,365.")
                    .arg(option, part.trimmed()));
        out.push_back(v);
    }
    return out;
}

} // namespace

int runMetrics(const QStringList& args)
{
    QCommandLineParser parser;
    int code = 0;
    QDate analysisDate;
    if (!parseCommon(parser, args,
            QStringLiteral("metrics --workspace WS [--analysis-date YYYY-MM-DD] [--json]"),
            QStringLiteral("Computes each customer's metrics from the transactions (first and last "
                           "purchase, orders, revenue, average order value, recency, tenure, mean "
                           "days between orders, categories, top channel) and stores them in the "
                           "table customer_metrics."),
            code, analysisDate))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    CliJob job(QStringLiteral("Computing customer metrics"));
    auto summary = CustomerMetrics::computeAndStore(*ws, analysisDate, job);
    clearProgress();
    if (!summary)
        return reportError(summary.error(), json);
    if (json) {
        printJson(summary->toJson());
        return ExitOk;
    }
    printOut(QStringLiteral("Customer metrics for %1%2\n")
                 .arg(summary->analysisDate.toString(Qt::ISODate),
                     summary->analysisDateChosen ? QString()
                                                 : QStringLiteral(" (the day after the last "
                                                                  "transaction)")));
    printOut(
        QStringLiteral("  %1 customers: %2 with orders, %3 prospects without an order\n")
            .arg(number(summary->customers), number(summary->buyers), number(summary->prospects)));
    printOut(QStringLiteral("  %1 transactions used, %2 orders (%3), revenue %4\n")
                 .arg(number(summary->transactionsUsed), number(summary->orders),
                     summary->orderIds ? QStringLiteral("distinct order ids with a positive total")
                                       : QStringLiteral("distinct purchase days with a positive "
                                                        "total"),
                     money(summary->revenue)));
    printOut(QStringLiteral("  Stored in the table customer_metrics (segwb sql).\n"));
    return ExitOk;
}

int runRfm(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption bins(QStringLiteral("bins"),
        QStringLiteral("Scores per dimension: 3, 4 or 5 (default: as stored, else 5, "
                       "quintiles). A different number drops stored custom thresholds."),
        QStringLiteral("N"));
    const QCommandLineOption recency(QStringLiteral("recency-thresholds"),
        QStringLiteral("Custom cut points in days since the last purchase, N-1 values, "
                       "ascending (replace the quantiles)."),
        QStringLiteral("LIST"));
    const QCommandLineOption frequency(QStringLiteral("frequency-thresholds"),
        QStringLiteral("Custom cut points in orders."), QStringLiteral("LIST"));
    const QCommandLineOption monetary(QStringLiteral("monetary-thresholds"),
        QStringLiteral("Custom cut points in revenue."), QStringLiteral("LIST"));
    const QCommandLineOption mapFile(QStringLiteral("map"),
        QStringLiteral("A segment map (JSON: {\"other\": NAME, \"segments\": [{\"name\": NAME, "
                       "\"r\": [LO, HI], \"f\": ..., \"m\": ..., \"fm\": ...}]}); first "
                       "matching row wins. Default: as stored, else the 11-segment map on R and "
                       "FM."),
        QStringLiteral("FILE"));
    const QCommandLineOption defaults(QStringLiteral("defaults"),
        QStringLiteral("Start from the default settings (5 bins, quantiles, the 11-segment map, "
                       "the day after the last transaction) instead of those stored in the "
                       "workspace by the last run or the window."));
    parser.addOptions({ bins, recency, frequency, monetary, mapFile, defaults });
    int code = 0;
    QDate analysisDate;
    if (!parseCommon(parser, args,
            QStringLiteral(
                "rfm --workspace WS [--bins N] [--recency-thresholds LIST] "
                "[--frequency-thresholds LIST] [--monetary-thresholds LIST] [--map FILE] "
                "[--analysis-date YYYY-MM-DD] [--defaults] [--json]"),
            QStringLiteral("Scores customers on recency, frequency and monetary value, names their "
                           "segments, stores the scores in the table rfm_scores and prints the "
                           "thresholds, the customers per score and the segment sizes. Starts "
                           "from the settings stored in the workspace (bins, thresholds, map, "
                           "analysis date); options given replace them."),
            code, analysisDate))
        return code;
    const bool json = parser.isSet(kJson);

    int chosenBins = 0;
    if (parser.isSet(bins)) {
        bool okBins = false;
        chosenBins = parser.value(bins).toInt(&okBins);
        if (!okBins || chosenBins < 3 || chosenBins > 5)
            return usageError(QStringLiteral("--bins must be 3, 4 or 5."), json);
    }
    // Options are checked before the workspace is opened: usage errors come first.
    RfmOptions given;
    const std::pair<const QCommandLineOption*, std::optional<std::vector<double>>*> custom[] = {
        { &recency, &given.recencyThresholds },
        { &frequency, &given.frequencyThresholds },
        { &monetary, &given.monetaryThresholds },
    };
    for (const auto& [option, target] : custom) {
        if (!parser.isSet(*option))
            continue;
        auto values = thresholdsFrom(parser.value(*option), option->names().first());
        if (!values)
            return reportError(values.error(), json);
        *target = std::move(*values);
    }
    if (parser.isSet(mapFile)) {
        QFile file(parser.value(mapFile));
        if (!file.open(QIODevice::ReadOnly))
            return reportError(makeError(ErrorCode::BadInput,
                                   QStringLiteral("Cannot read the segment map %1: %2")
                                       .arg(file.fileName(), file.errorString())),
                json);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return reportError(makeError(ErrorCode::BadInput,
                                   QStringLiteral("The segment map %1 is not a JSON object (%2 at "
                                                  "character %3).")
                                       .arg(file.fileName(), error.errorString())
                                       .arg(error.offset)),
                json);
        auto map = RfmSegmentMap::fromJson(doc.object());
        if (!map)
            return reportError(
                makeError(map.error().code,
                    QStringLiteral("%1: %2").arg(file.fileName(), map.error().message)),
                json);
        given.map = *map;
    }

    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    // The stored settings, so that a run without options repeats the last one (the window's
    // RFM page stores its settings the same way).
    RfmOptions options;
    if (!parser.isSet(defaults)) {
        auto stored = RfmScoring::storedSettings(*ws);
        if (!stored)
            return reportError(stored.error(), json);
        options = stored->options;
        if (!analysisDate.isValid())
            analysisDate = stored->analysisDate;
    }
    if (chosenBins != 0 && chosenBins != options.bins) {
        options.recencyThresholds.reset();
        options.frequencyThresholds.reset();
        options.monetaryThresholds.reset();
    }
    if (chosenBins != 0)
        options.bins = chosenBins;
    if (given.recencyThresholds)
        options.recencyThresholds = given.recencyThresholds;
    if (given.frequencyThresholds)
        options.frequencyThresholds = given.frequencyThresholds;
    if (given.monetaryThresholds)
        options.monetaryThresholds = given.monetaryThresholds;
    if (parser.isSet(mapFile))
        options.map = given.map;

    CliJob job(QStringLiteral("Computing customer metrics"));
    auto metricsDate = RfmScoring::ensureMetrics(*ws, analysisDate, job);
    clearProgress();
    if (!metricsDate)
        return reportError(metricsDate.error(), json);
    auto result = RfmScoring::scoreAndStore(*ws, options, *metricsDate, job);
    if (!result)
        return reportError(result.error(), json);

    if (json) {
        QJsonObject o = result->toJson();
        o[u"analysis_date"] = metricsDate->toString(Qt::ISODate);
        printJson(o);
        return ExitOk;
    }
    printOut(QStringLiteral("RFM scores for %1: %2 customers scored, %3 prospects without an order "
                            "not scored\n\n")
                 .arg(metricsDate->toString(Qt::ISODate), number(result->customersScored),
                     number(result->prospects)));
    auto dimension = [&](const QString& name, const RfmDimension& d, bool reversed) {
        QStringList t;
        for (double v : d.thresholds)
            t.append(QString::number(v, 'g', 10));
        QStringList c;
        for (qint64 n : d.counts)
            c.append(number(n));
        printOut(QStringLiteral("%1 thresholds (%2): %3\n  customers with score 1..%4: %5%6\n")
                     .arg(name, d.custom ? QStringLiteral("custom") : QStringLiteral("quantiles"),
                         t.join(QStringLiteral(", ")))
                     .arg(result->bins)
                     .arg(c.join(QStringLiteral(", ")),
                         reversed ? QStringLiteral("  (recent is good: score = bins + 1 - bin)")
                                  : QString()));
    };
    dimension(QStringLiteral("Recency, days since the last purchase,"), result->recency, true);
    dimension(QStringLiteral("Frequency, orders,"), result->frequency, false);
    dimension(QStringLiteral("Monetary, revenue,"), result->monetary, false);
    printOut(QStringLiteral("\n%1  %2  %3\n")
                 .arg(QStringLiteral("Segment"), -22)
                 .arg(QStringLiteral("Customers"), 10)
                 .arg(QStringLiteral("Revenue"), 16));
    for (const RfmSegmentSize& s : result->segments)
        printOut(QStringLiteral("%1  %2  %3\n")
                     .arg(s.name, -22)
                     .arg(number(s.customers), 10)
                     .arg(money(s.revenue), 16));
    for (const QString& w : result->coverage.warnings())
        printOut(QStringLiteral("\nWarning: %1\n").arg(w));
    printOut(QStringLiteral("\nStored in the table rfm_scores (segwb sql).\n"));
    return ExitOk;
}

} // namespace seg::cli
