// segwb segment create|list|show|edit|rename|refresh|delete|preview|templates and segwb overlap:
// saved segments.
#include "cliio.h"
#include "commands.h"
#include "fieldcatalog.h"
#include "rfmscoring.h"
#include "rulesqlcompiler.h"
#include "ruletemplates.h"
#include "segmentstore.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace seg::cli {

namespace {

const QCommandLineOption& kJson = jsonOption();
const QCommandLineOption& kWorkspace = workspaceOption();
const QCommandLineOption kName(
    QStringLiteral("name"), QStringLiteral("The segment's name."), QStringLiteral("NAME"));
const QCommandLineOption kRule(QStringLiteral("rule"),
    QStringLiteral("The definition in the rule language (docs/RULES.md), e.g. \"country is "
                   "\\\"Germany\\\" and orders >= 3\"."),
    QStringLiteral("TEXT"));
const QCommandLineOption kJsonFile(QStringLiteral("json-file"),
    QStringLiteral("The definition as JSON ({\"version\": 1, \"root\": ...})."),
    QStringLiteral("FILE"));
const QCommandLineOption kAnalysisDate(QStringLiteral("analysis-date"),
    QStringLiteral("Compute metrics for this date (YYYY-MM-DD) first. Default: the date of the "
                   "stored metrics, or the day after the last transaction."),
    QStringLiteral("DATE"));

/// Parses with --workspace, which is required; false with `exitCode` set when the command
/// should stop.
bool parse(QCommandLineParser& parser, const QStringList& args, const QString& synopsis,
    const QString& description, int& exitCode)
{
    parser.addOption(kWorkspace);
    return parseCommand(parser, args, synopsis, description, exitCode)
        && requireWorkspace(parser, exitCode);
}

Error usage(const QString& message) { return makeError(ErrorCode::Usage, message); }

/// Everything a rule needs: an up-to-date analysis, the catalog, the compiled rule.
struct Prepared {
    QDate analysisDate;
    FieldCatalog catalog;
    CompiledRule compiled;
};

Result<Prepared> prepare(Workspace& ws, const SegmentRule& rule, const QDate& analysisDate)
{
    JobContext job;
    Prepared out;
    auto date = RfmScoring::ensureScores(ws, analysisDate, job);
    if (!date)
        return date.error();
    out.analysisDate = *date;
    auto catalog = FieldCatalog::load(ws);
    if (!catalog)
        return catalog.error();
    out.catalog = *catalog;
    auto hasCustomers = ws.hasTable(QStringLiteral("customers"));
    if (!hasCustomers)
        return hasCustomers.error();
    auto compiled = RuleSqlCompiler::compile(rule, out.catalog, out.analysisDate, *hasCustomers);
    if (!compiled)
        return compiled.error();
    out.compiled = *compiled;
    return out;
}

Result<QDate> dateOption(const QCommandLineParser& parser);

/// The templates of the workspace: its analysis brought up to date first.
Result<QList<SegmentTemplate>> templatesOf(Workspace& ws, const QDate& analysisDate)
{
    JobContext job;
    auto date = RfmScoring::ensureScores(ws, analysisDate, job);
    if (!date)
        return date.error();
    auto catalog = FieldCatalog::load(ws);
    if (!catalog)
        return catalog.error();
    auto inputs = RuleTemplates::readInputs(ws, *catalog, job);
    if (!inputs)
        return inputs.error();
    return RuleTemplates::build(*catalog, *inputs, *date);
}

int runTemplates(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(kAnalysisDate);
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("segment templates --workspace WS [--analysis-date DATE] [--json]"),
            QStringLiteral("Lists ready-made segments of the usual models (demographic, "
                           "geographic, technographic, behavioural, acquisition channel, "
                           "lifecycle, value) that the workspace's columns allow, with their "
                           "rules; create one with segment create --template NAME."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    auto date = dateOption(parser);
    if (!date)
        return reportError(date.error(), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto templates = templatesOf(*ws, *date);
    if (!templates)
        return reportError(templates.error(), json);
    if (json) {
        QJsonArray list;
        for (const SegmentTemplate& t : *templates)
            list.append(QJsonObject { { QStringLiteral("model"), t.model },
                { QStringLiteral("name"), t.name }, { QStringLiteral("rule"), t.rule.toText() },
                { QStringLiteral("fields"), QJsonArray::fromStringList(t.fields) },
                { QStringLiteral("description"), t.description } });
        printJson(QJsonObject { { QStringLiteral("templates"), list } });
        return ExitOk;
    }
    QString model;
    for (const SegmentTemplate& t : *templates) {
        if (t.model != model) {
            model = t.model;
            printOut(QStringLiteral("\n%1\n").arg(model));
        }
        printOut(QStringLiteral("  %1\n      %2\n").arg(t.name, t.rule.toText()));
    }
    return ExitOk;
}

/// The rule from --rule or --json-file.
Result<SegmentRule> ruleFrom(const QCommandLineParser& parser)
{
    if (parser.isSet(kRule) == parser.isSet(kJsonFile))
        return usage(QStringLiteral("Give the definition with either --rule TEXT or --json-file "
                                    "FILE."));
    if (parser.isSet(kRule)) {
        auto rule = SegmentRule::parse(parser.value(kRule));
        if (!rule)
            return makeError(rule.error().code,
                QStringLiteral("The rule cannot be read: %1").arg(rule.error().message));
        return rule;
    }
    QFile file(parser.value(kJsonFile));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::BadInput,
            QStringLiteral("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorCode::BadInput,
            QStringLiteral("%1 is not a JSON object (%2 at character %3).")
                .arg(file.fileName(), error.errorString())
                .arg(error.offset));
    auto rule = SegmentRule::fromJson(doc.object());
    if (!rule)
        return makeError(
            rule.error().code, QStringLiteral("%1: %2").arg(file.fileName(), rule.error().message));
    return rule->normalized();
}

bool usesSegment(const RuleNode& n, const QString& name)
{
    if (n.isGroup())
        return std::any_of(n.children.cbegin(), n.children.cend(),
            [&](const RuleNode& c) { return usesSegment(c, name); });
    if (n.field != u"segment")
        return false;
    return std::any_of(n.values.cbegin(), n.values.cend(),
        [&](const QVariant& v) { return v.toString().compare(name, Qt::CaseInsensitive) == 0; });
}

Result<QDate> dateOption(const QCommandLineParser& parser)
{
    if (!parser.isSet(kAnalysisDate))
        return QDate();
    const QDate d = QDate::fromString(parser.value(kAnalysisDate), Qt::ISODate);
    if (!d.isValid())
        return usage(QStringLiteral("--analysis-date \"%1\" is not a date; write it as YYYY-MM-DD.")
                         .arg(parser.value(kAnalysisDate)));
    return d;
}

QString percent(double share)
{
    return QString::number(100.0 * share, 'f', 1) + QStringLiteral(" %");
}

QJsonObject segmentJson(const SavedSegment& s, const BaseTotals& totals)
{
    return QJsonObject {
        { QStringLiteral("name"), s.name },
        { QStringLiteral("description"), s.description },
        { QStringLiteral("color"), s.color },
        { QStringLiteral("rule"), s.definitionText },
        { QStringLiteral("definition"), s.rule.toJson() },
        { QStringLiteral("members"), s.members },
        { QStringLiteral("revenue"), s.revenue },
        { QStringLiteral("share_of_customers"), totals.customerShare(s.members) },
        { QStringLiteral("share_of_revenue"), totals.revenueShare(s.revenue) },
        { QStringLiteral("analysis_date"), s.analysisDate },
        { QStringLiteral("computed_at"), s.computedAt },
        { QStringLiteral("created_at"), s.createdAt },
    };
}

const QRegularExpression& colorPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^#[0-9A-Fa-f]{6}$"));
    return pattern;
}

int runCreate(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption description(QStringLiteral("description"),
        QStringLiteral("What the segment is for."), QStringLiteral("TEXT"));
    const QCommandLineOption color(QStringLiteral("color"),
        QStringLiteral("Colour in charts, as #rrggbb (default #4e79a7)."), QStringLiteral("COLOR"));
    const QCommandLineOption fromTemplate(QStringLiteral("template"),
        QStringLiteral("Use the rule of a template (see segment templates), by its name."),
        QStringLiteral("TEMPLATE"));
    parser.addOptions({ kName, kRule, kJsonFile, kAnalysisDate, description, color, fromTemplate });
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("segment create --workspace WS --name NAME (--rule TEXT | --json-file "
                           "FILE | --template TEMPLATE) [--description TEXT] [--color #rrggbb] "
                           "[--analysis-date DATE] [--json]"),
            QStringLiteral("Saves a segment and computes its members; prints the member count."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (parser.value(kName).trimmed().isEmpty())
        return usageError(QStringLiteral("--name NAME is required."), json);
    if (parser.isSet(color) && !colorPattern().match(parser.value(color)).hasMatch())
        return usageError(QStringLiteral("--color takes #rrggbb, e.g. #e15759."), json);
    std::optional<SegmentRule> templateRule;
    if (parser.isSet(fromTemplate)) {
        if (parser.isSet(kRule) || parser.isSet(kJsonFile))
            return usageError(
                QStringLiteral("Give one of --rule, --json-file and --template."), json);
        auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
        if (!ws)
            return reportError(ws.error(), json);
        auto templates = templatesOf(*ws, QDate());
        if (!templates)
            return reportError(templates.error(), json);
        for (const SegmentTemplate& t : *templates) {
            if (t.name.compare(parser.value(fromTemplate), Qt::CaseInsensitive) == 0)
                templateRule = t.rule;
        }
        if (!templateRule)
            return reportError(makeError(ErrorCode::BadInput,
                                   QStringLiteral("There is no template \"%1\"; see segwb segment "
                                                  "templates.")
                                       .arg(parser.value(fromTemplate))),
                json);
    }
    auto rule = templateRule ? Result<SegmentRule>(*templateRule) : ruleFrom(parser);
    if (!rule)
        return reportError(rule.error(), json);
    if (usesSegment(rule->root(), parser.value(kName).trimmed()))
        return reportError(
            makeError(ErrorCode::BadInput,
                QStringLiteral("A segment cannot be defined by its own membership.")),
            json);
    auto date = dateOption(parser);
    if (!date)
        return reportError(date.error(), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto prepared = prepare(*ws, *rule, *date);
    if (!prepared)
        return reportError(prepared.error(), json);
    SavedSegment s;
    s.name = parser.value(kName).trimmed();
    s.description = parser.value(description);
    s.color = parser.value(color);
    s.rule = *rule;
    JobContext job;
    auto created = SegmentStore::create(*ws, s, prepared->compiled, prepared->analysisDate, job);
    if (!created)
        return reportError(created.error(), json);
    auto t = SegmentStore::totals(*ws);
    if (!t)
        return reportError(t.error(), json);
    if (json) {
        printJson(segmentJson(*created, *t));
        return ExitOk;
    }
    printOut(QStringLiteral("Segment \"%1\": %2 customers (%3 of customers, %4 of revenue), "
                            "analysis date %5\n  %6\n")
                 .arg(created->name)
                 .arg(created->members)
                 .arg(percent(t->customerShare(created->members)),
                     percent(t->revenueShare(created->revenue)), created->analysisDate,
                     created->definitionText));
    return ExitOk;
}

int runPreview(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({ kRule, kJsonFile, kAnalysisDate });
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("segment preview --workspace WS (--rule TEXT | --json-file FILE) "
                           "[--analysis-date DATE] [--json]"),
            QStringLiteral("Counts the customers a definition selects, with their share of "
                           "customers and revenue, without saving anything."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    auto rule = ruleFrom(parser);
    if (!rule)
        return reportError(rule.error(), json);
    auto date = dateOption(parser);
    if (!date)
        return reportError(date.error(), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto prepared = prepare(*ws, *rule, *date);
    if (!prepared)
        return reportError(prepared.error(), json);
    JobContext job;
    QElapsedTimer timer;
    timer.start();
    auto p = SegmentStore::preview(*ws, prepared->compiled, job);
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    if (!p)
        return reportError(p.error(), json);
    if (json) {
        printJson(QJsonObject { { QStringLiteral("rule"), rule->toText() },
            { QStringLiteral("customers"), p->customers },
            { QStringLiteral("revenue"), p->revenue },
            { QStringLiteral("total_customers"), p->totalCustomers },
            { QStringLiteral("total_revenue"), p->totalRevenue },
            { QStringLiteral("share_of_customers"), p->customerShare() },
            { QStringLiteral("share_of_revenue"), p->revenueShare() },
            { QStringLiteral("analysis_date"), prepared->analysisDate.toString(Qt::ISODate) },
            { QStringLiteral("milliseconds"), ms } });
        return ExitOk;
    }
    printOut(QStringLiteral("%1 of %2 customers (%3), %4 of revenue\n")
                 .arg(p->customers)
                 .arg(p->totalCustomers)
                 .arg(percent(p->customerShare()), percent(p->revenueShare())));
    return ExitOk;
}

int runList(const QStringList& args)
{
    QCommandLineParser parser;
    int code = 0;
    if (!parse(parser, args, QStringLiteral("segment list --workspace WS [--json]"),
            QStringLiteral("Lists the saved segments with their members and shares."), code))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto segments = SegmentStore::list(*ws);
    if (!segments)
        return reportError(segments.error(), json);
    auto t = SegmentStore::totals(*ws);
    if (!t)
        return reportError(t.error(), json);
    if (json) {
        QJsonArray list;
        for (const SavedSegment& s : *segments)
            list.append(segmentJson(s, *t));
        printJson(QJsonObject { { QStringLiteral("segments"), list } });
        return ExitOk;
    }
    if (segments->isEmpty()) {
        printOut(QStringLiteral("No saved segments. Create one with segwb segment create.\n"));
        return ExitOk;
    }
    printOut(QStringLiteral("%1  %2  %3  %4  %5\n")
                 .arg(QStringLiteral("Segment"), -28)
                 .arg(QStringLiteral("Members"), 9)
                 .arg(QStringLiteral("Customers"), 9)
                 .arg(QStringLiteral("Revenue"), 8)
                 .arg(QStringLiteral("Computed")));
    for (const SavedSegment& s : *segments)
        printOut(QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(s.name, -28)
                     .arg(s.members, 9)
                     .arg(percent(t->customerShare(s.members)), 9)
                     .arg(percent(t->revenueShare(s.revenue)), 8)
                     .arg(s.computedAt.left(16).replace(QLatin1Char('T'), QLatin1Char(' '))));
    return ExitOk;
}

int runShow(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(kName);
    int code = 0;
    if (!parse(parser, args, QStringLiteral("segment show --workspace WS --name NAME [--json]"),
            QStringLiteral("Shows a saved segment: definition, members, shares and history."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto s = SegmentStore::find(*ws, parser.value(kName));
    if (!s)
        return reportError(s.error(), json);
    auto history = SegmentStore::history(*ws, s->id);
    if (!history)
        return reportError(history.error(), json);
    auto t = SegmentStore::totals(*ws);
    if (!t)
        return reportError(t.error(), json);
    if (json) {
        QJsonObject o = segmentJson(*s, *t);
        QJsonArray h;
        for (const SegmentHistoryEntry& e : *history)
            h.append(QJsonObject { { QStringLiteral("computed_at"), e.computedAt },
                { QStringLiteral("analysis_date"), e.analysisDate },
                { QStringLiteral("members"), e.members },
                { QStringLiteral("customers_total"), e.customersTotal },
                { QStringLiteral("revenue"), e.revenue } });
        o[u"history"] = h;
        printJson(o);
        return ExitOk;
    }
    printOut(QStringLiteral("%1\n  rule: %2\n  %3 members (%4 of customers, %5 of revenue), "
                            "analysis date %6, computed %7\n")
                 .arg(s->name, s->definitionText)
                 .arg(s->members)
                 .arg(percent(t->customerShare(s->members)), percent(t->revenueShare(s->revenue)),
                     s->analysisDate, s->computedAt));
    if (!s->description.isEmpty())
        printOut(QStringLiteral("  %1\n").arg(s->description));
    printOut(QStringLiteral("  History:\n"));
    for (const SegmentHistoryEntry& e : *history)
        printOut(QStringLiteral("    %1  analysis date %2: %3 of %4 customers\n")
                     .arg(e.computedAt, e.analysisDate)
                     .arg(e.members)
                     .arg(e.customersTotal));
    return ExitOk;
}

int runRefresh(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("Refresh every segment."));
    parser.addOptions({ kName, all, kAnalysisDate });
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("segment refresh --workspace WS (--name NAME | --all) "
                           "[--analysis-date DATE] [--json]"),
            QStringLiteral("Recomputes the members of saved segments with the current data; keeps "
                           "the history of counts."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (parser.isSet(kName) == parser.isSet(all))
        return usageError(QStringLiteral("Give either --name NAME or --all."), json);
    auto date = dateOption(parser);
    if (!date)
        return reportError(date.error(), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    QList<SavedSegment> targets;
    if (parser.isSet(all)) {
        auto list = SegmentStore::list(*ws);
        if (!list)
            return reportError(list.error(), json);
        targets = *list;
    } else {
        auto s = SegmentStore::find(*ws, parser.value(kName));
        if (!s)
            return reportError(s.error(), json);
        targets = { *s };
    }
    QJsonArray results;
    for (const SavedSegment& s : std::as_const(targets)) {
        auto prepared = prepare(*ws, s.rule, *date);
        if (!prepared)
            return reportError(makeError(prepared.error().code,
                                   QStringLiteral("%1: %2").arg(s.name, prepared.error().message)),
                json);
        JobContext job;
        auto refreshed
            = SegmentStore::refresh(*ws, s.name, prepared->compiled, prepared->analysisDate, job);
        if (!refreshed)
            return reportError(refreshed.error(), json);
        results.append(QJsonObject { { QStringLiteral("name"), refreshed->name },
            { QStringLiteral("members"), refreshed->members },
            { QStringLiteral("previous_members"), s.members },
            { QStringLiteral("analysis_date"), refreshed->analysisDate } });
        if (!json)
            printOut(QStringLiteral("%1: %2 customers (was %3)\n")
                         .arg(refreshed->name)
                         .arg(refreshed->members)
                         .arg(s.members));
    }
    if (json)
        printJson(QJsonObject { { QStringLiteral("segments"), results } });
    return ExitOk;
}

int runRename(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption to(
        QStringLiteral("to"), QStringLiteral("The new name."), QStringLiteral("NEW"));
    parser.addOptions({ kName, to });
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("segment rename --workspace WS --name OLD --to NEW [--json]"),
            QStringLiteral("Renames a saved segment in place: its members, its history of "
                           "counts and its creation time stay, and rules of other segments that "
                           "use the old name follow. Names are unique whatever their case; a "
                           "change of case only is allowed."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (parser.value(kName).trimmed().isEmpty())
        return usageError(QStringLiteral("--name OLD is required."), json);
    if (parser.value(to).trimmed().isEmpty())
        return usageError(QStringLiteral("--to NEW is required."), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto before = SegmentStore::find(*ws, parser.value(kName));
    if (!before)
        return reportError(before.error(), json);
    auto renamed = SegmentStore::rename(*ws, before->name, parser.value(to));
    if (!renamed)
        return reportError(renamed.error(), json);
    if (json) {
        auto t = SegmentStore::totals(*ws);
        if (!t)
            return reportError(t.error(), json);
        QJsonObject o = segmentJson(*renamed, *t);
        o[u"previous_name"] = before->name;
        printJson(o);
        return ExitOk;
    }
    printOut(
        QStringLiteral("Renamed the segment \"%1\" to \"%2\".\n").arg(before->name, renamed->name));
    return ExitOk;
}

int runEdit(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption description(QStringLiteral("description"),
        QStringLiteral("What the segment is for (an empty text clears it)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption color(QStringLiteral("color"),
        QStringLiteral("Colour in charts, as #rrggbb."), QStringLiteral("COLOR"));
    parser.addOptions({ kName, kRule, kJsonFile, description, color, kAnalysisDate });
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("segment edit --workspace WS --name NAME [--rule TEXT | --json-file "
                           "FILE] [--description TEXT] [--color #rrggbb] [--analysis-date DATE] "
                           "[--json]"),
            QStringLiteral("Changes a saved segment in place (its definition, description or "
                           "colour), computes its members again and prints the member count. "
                           "The segment keeps its history of counts, which gains this count, and "
                           "its creation time. What is not given stays as it is."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (parser.value(kName).trimmed().isEmpty())
        return usageError(QStringLiteral("--name NAME is required."), json);
    const bool newRule = parser.isSet(kRule) || parser.isSet(kJsonFile);
    if (!newRule && !parser.isSet(description) && !parser.isSet(color))
        return usageError(QStringLiteral("Nothing to change: give --rule, --json-file, "
                                         "--description or --color (to compute the members "
                                         "again as they are, use segment refresh)."),
            json);
    if (parser.isSet(color) && !colorPattern().match(parser.value(color)).hasMatch())
        return usageError(QStringLiteral("--color takes #rrggbb, e.g. #e15759."), json);
    std::optional<SegmentRule> rule;
    if (newRule) {
        auto parsed = ruleFrom(parser);
        if (!parsed)
            return reportError(parsed.error(), json);
        rule = *parsed;
    }
    auto date = dateOption(parser);
    if (!date)
        return reportError(date.error(), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto before = SegmentStore::find(*ws, parser.value(kName));
    if (!before)
        return reportError(before.error(), json);
    SavedSegment changes = *before;
    changes.name.clear(); // keep the name (segment rename changes it)
    if (rule)
        changes.rule = *rule;
    if (parser.isSet(description))
        changes.description = parser.value(description);
    if (parser.isSet(color))
        changes.color = parser.value(color);
    auto prepared = prepare(*ws, changes.rule, *date);
    if (!prepared)
        return reportError(prepared.error(), json);
    JobContext job;
    auto updated = SegmentStore::update(
        *ws, before->name, changes, prepared->compiled, prepared->analysisDate, job);
    if (!updated)
        return reportError(updated.error(), json);
    auto t = SegmentStore::totals(*ws);
    if (!t)
        return reportError(t.error(), json);
    if (json) {
        QJsonObject o = segmentJson(*updated, *t);
        o[u"previous_members"] = before->members;
        o[u"previous_rule"] = before->definitionText;
        printJson(o);
        return ExitOk;
    }
    printOut(QStringLiteral("Segment \"%1\": %2 customers (was %3; %4 of customers, %5 of "
                            "revenue), analysis date %6\n  %7\n")
                 .arg(updated->name)
                 .arg(updated->members)
                 .arg(before->members)
                 .arg(percent(t->customerShare(updated->members)),
                     percent(t->revenueShare(updated->revenue)), updated->analysisDate,
                     updated->definitionText));
    return ExitOk;
}

int runDelete(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(kName);
    int code = 0;
    if (!parse(parser, args, QStringLiteral("segment delete --workspace WS --name NAME [--json]"),
            QStringLiteral("Deletes a saved segment with its members and history."), code))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    auto s = SegmentStore::find(*ws, parser.value(kName));
    if (!s)
        return reportError(s.error(), json);
    if (auto r = SegmentStore::remove(*ws, s->name); !r)
        return reportError(r.error(), json);
    if (json)
        printJson(QJsonObject { { QStringLiteral("deleted"), s->name } });
    else
        printOut(QStringLiteral("Deleted the segment \"%1\".\n").arg(s->name));
    return ExitOk;
}

} // namespace

int runSegment(const QStringList& args)
{
    const bool json = args.contains(QStringLiteral("--json"));
    static const char* kUsage
        = "Usage: segwb segment create|list|show|edit|rename|refresh|delete|preview|templates "
          "--workspace WS ...\nRun 'segwb segment SUBCOMMAND --help' for "
          "its options.\n";
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
    if (sub == u"edit")
        return runEdit(rest);
    if (sub == u"rename")
        return runRename(rest);
    if (sub == u"refresh")
        return runRefresh(rest);
    if (sub == u"delete")
        return runDelete(rest);
    if (sub == u"preview")
        return runPreview(rest);
    if (sub == u"templates")
        return runTemplates(rest);
    return usageError(QStringLiteral("Unknown segment command \"%1\"; use create, list, show, "
                                     "edit, rename, refresh, delete, preview or templates.")
                          .arg(sub),
        json);
}

int runOverlap(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption segment(QStringLiteral("segment"),
        QStringLiteral("A saved segment (repeat; default: all)."), QStringLiteral("NAME"));
    parser.addOption(segment);
    int code = 0;
    if (!parse(parser, args, QStringLiteral("overlap --workspace WS [--segment NAME]... [--json]"),
            QStringLiteral("Counts the customers that each pair of saved segments shares."), code))
        return code;
    const bool json = parser.isSet(kJson);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadWrite);
    if (!ws)
        return reportError(ws.error(), json);
    QStringList names = parser.values(segment);
    if (names.isEmpty()) {
        auto list = SegmentStore::list(*ws);
        if (!list)
            return reportError(list.error(), json);
        for (const SavedSegment& s : *list)
            names.append(s.name);
    }
    auto overlap = SegmentStore::overlap(*ws, names);
    if (!overlap)
        return reportError(overlap.error(), json);
    if (json) {
        QJsonArray matrix;
        for (const QList<qint64>& row : overlap->counts) {
            QJsonArray r;
            for (qint64 n : row)
                r.append(n);
            matrix.append(r);
        }
        QJsonArray sizes;
        for (qint64 n : overlap->sizes)
            sizes.append(n);
        printJson(QJsonObject {
            { QStringLiteral("segments"), QJsonArray::fromStringList(overlap->names) },
            { QStringLiteral("sizes"), sizes }, { QStringLiteral("counts"), matrix } });
        return ExitOk;
    }
    printOut(csvLine(QStringList { QStringLiteral("segment") } + overlap->names));
    for (int i = 0; i < overlap->names.size(); ++i) {
        QStringList row { overlap->names.at(i) };
        for (qint64 n : overlap->counts.at(i))
            row.append(QString::number(n));
        printOut(csvLine(row));
    }
    return ExitOk;
}

} // namespace seg::cli
