#include "commands.h"

#include "cliio.h"
#include "demogenerator.h"
#include "importer.h"
#include "jobcontext.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace seg::cli {

namespace {

const QCommandLineOption& kJson = jsonOption();
const QCommandLineOption& kWorkspace = workspaceOption();

bool parse(QCommandLineParser& parser, const QStringList& args, const QString& synopsis,
    const QString& description, int& exitCode)
{
    return parseCommand(parser, args, synopsis, description, exitCode);
}

QString humanBytes(qint64 bytes)
{
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(bytes / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
}

} // namespace

int runDemo(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption customers(QStringLiteral("customers"),
        QStringLiteral("Number of customers (default 1000)."), QStringLiteral("N"),
        QStringLiteral("1000"));
    const QCommandLineOption transactions(QStringLiteral("transactions"),
        QStringLiteral("Exact number of transaction rows (default: about 8 per buying customer)."),
        QStringLiteral("M"), QStringLiteral("0"));
    const QCommandLineOption seed(QStringLiteral("seed"),
        QStringLiteral("Random seed; the same seed gives the same files (default 42)."),
        QStringLiteral("S"), QStringLiteral("42"));
    const QCommandLineOption outDir(QStringLiteral("out"),
        QStringLiteral("Folder to write customers.csv, transactions.csv and responses.csv into."),
        QStringLiteral("DIR"));
    parser.addOptions({ customers, transactions, seed, outDir });
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("demo --customers N [--transactions M] [--seed S] --out DIR"),
            QStringLiteral("Writes the demo data generator's CSV files."), code))
        return code;
    const bool json = parser.isSet(kJson);
    if (!parser.isSet(outDir))
        return usageError(QStringLiteral("--out DIR is required."), json);
    bool ok1 = false, ok2 = false, ok3 = false;
    DemoOptions options;
    options.customers = parser.value(customers).toLongLong(&ok1);
    options.transactions = parser.value(transactions).toLongLong(&ok2);
    options.seed = parser.value(seed).toULongLong(&ok3);
    if (!ok1 || options.customers <= 0)
        return usageError(QStringLiteral("--customers takes a whole number above 0."), json);
    if (!ok2 || options.transactions < 0)
        return usageError(
            QStringLiteral("--transactions takes a whole number (0 = automatic)."), json);
    if (!ok3)
        return usageError(QStringLiteral("--seed takes a whole number."), json);
    JobContext job([](qint64 done, qint64 total) {
        if (total > 0)
            showProgress(QStringLiteral("Generating... %1%").arg(100 * done / total));
    });
    auto summary = DemoGenerator(options).writeCsv(parser.value(outDir), job);
    clearProgress();
    if (!summary)
        return reportError(summary.error(), json);
    if (json) {
        QJsonObject o;
        o[u"customers"] = summary->customers;
        o[u"transactions"] = summary->transactions;
        o[u"responses"] = summary->responses;
        o[u"files"] = QJsonArray::fromStringList(summary->files);
        printJson(o);
    } else {
        printOut(QStringLiteral("Wrote %1 customers, %2 transactions and %3 campaign responses:\n")
                     .arg(summary->customers)
                     .arg(summary->transactions)
                     .arg(summary->responses));
        for (const QString& f : summary->files)
            printOut(QStringLiteral("  %1\n").arg(f));
    }
    return ExitOk;
}

int runImport(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption kind(QStringLiteral("kind"),
        QStringLiteral("customers, transactions or responses."), QStringLiteral("KIND"));
    const QCommandLineOption mode(QStringLiteral("mode"),
        QStringLiteral("new (default: the table must be empty), append or replace."),
        QStringLiteral("MODE"), QStringLiteral("new"));
    const QCommandLineOption encoding(QStringLiteral("encoding"),
        QStringLiteral("UTF-8, UTF-16LE, UTF-16BE or Windows-1252 (default: detected)."),
        QStringLiteral("E"));
    const QCommandLineOption delimiter(QStringLiteral("delimiter"),
        QStringLiteral("comma, semicolon, tab, pipe or spaces (default: detected)."),
        QStringLiteral("D"));
    const QCommandLineOption header(QStringLiteral("header"),
        QStringLiteral("yes or no: whether the first line names the columns (default: detected)."),
        QStringLiteral("yes|no"));
    const QCommandLineOption dateFormat(QStringLiteral("date-format"),
        QStringLiteral("Y-M-D, D/M/Y, M/D/Y or YYYYMMDD for every date column (default: detected; "
                       "the separator may be -, / or .)."),
        QStringLiteral("F"));
    const QCommandLineOption decimal(QStringLiteral("decimal"),
        QStringLiteral("Decimal separator: . or , (default: detected)."), QStringLiteral("C"));
    const QCommandLineOption thousands(QStringLiteral("thousands"),
        QStringLiteral("Thousands separator: , . space or none (default: detected)."),
        QStringLiteral("C"));
    const QCommandLineOption map(QStringLiteral("map"),
        QStringLiteral("Give a column a role, e.g. --map \"Customer No=customer_id\"; role none "
                       "removes a detected role. Repeatable."),
        QStringLiteral("COLUMN=ROLE"));
    const QCommandLineOption type(QStringLiteral("type"),
        QStringLiteral("Give a column a type (integer, decimal, date, date-time, yes/no, category, "
                       "text). Repeatable."),
        QStringLiteral("COLUMN=TYPE"));
    const QCommandLineOption skip(QStringLiteral("skip"),
        QStringLiteral("Do not import this column. Repeatable."), QStringLiteral("COLUMN"));
    const QCommandLineOption generateIds(QStringLiteral("generate-ids"),
        QStringLiteral("The file has no customer ids: use each row's line number as its id."));
    parser.addOptions({ kWorkspace, kind, mode, encoding, delimiter, header, dateFormat, decimal,
        thousands, map, type, skip, generateIds });
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The CSV file to import."));
    int code = 0;
    if (!parse(parser, args,
            QStringLiteral("import --workspace WS --kind customers|transactions|responses "
                           "[options] FILE"),
            QStringLiteral("Imports a CSV file; the workspace is created if missing. An error or "
                           "Ctrl+C leaves the workspace as it was."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (!requireWorkspace(parser, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("Name exactly one FILE to import."), json);
    ImportOptions options;
    if (!parser.isSet(kind))
        return usageError(
            QStringLiteral("--kind is required: customers, transactions or responses."), json);
    const auto k = dataKindFromName(parser.value(kind));
    if (!k)
        return usageError(
            QStringLiteral("--kind takes customers, transactions or responses, not \"%1\".")
                .arg(parser.value(kind)),
            json);
    options.kind = *k;
    const auto m = importModeFromName(parser.value(mode));
    if (!m)
        return usageError(QStringLiteral("--mode takes new, append or replace, not \"%1\".")
                              .arg(parser.value(mode)),
            json);
    options.mode = *m;
    if (parser.isSet(encoding)) {
        const auto e = textEncodingFromName(parser.value(encoding));
        if (!e)
            return usageError(QStringLiteral("Unknown encoding \"%1\"; use UTF-8, UTF-16LE, "
                                             "UTF-16BE or Windows-1252.")
                                  .arg(parser.value(encoding)),
                json);
        options.encoding = *e;
    }
    if (parser.isSet(delimiter)) {
        const auto d = CsvDialect::delimiterFromName(parser.value(delimiter));
        if (!d)
            return usageError(QStringLiteral("Unknown delimiter \"%1\"; use comma, semicolon, "
                                             "tab, pipe or spaces.")
                                  .arg(parser.value(delimiter)),
                json);
        options.delimiter = *d;
    }
    if (parser.isSet(header)) {
        const QString h = parser.value(header).toLower();
        if (h != u"yes" && h != u"no")
            return usageError(QStringLiteral("--header takes yes or no."), json);
        options.hasHeader = h == u"yes";
    }
    if (parser.isSet(dateFormat)) {
        const auto f = dateOrderFromName(parser.value(dateFormat));
        if (!f)
            return usageError(QStringLiteral("Unknown date format \"%1\"; use Y-M-D, D/M/Y, M/D/Y "
                                             "or YYYYMMDD.")
                                  .arg(parser.value(dateFormat)),
                json);
        options.dateOrder = *f;
    }
    if (parser.isSet(decimal)) {
        const QString d = parser.value(decimal);
        if (d != u"." && d != u",")
            return usageError(QStringLiteral("--decimal takes . or ,"), json);
        options.decimal = d.at(0).toLatin1();
    }
    if (parser.isSet(thousands)) {
        const QString t = parser.value(thousands).toLower();
        if (t == u"none")
            options.thousands = '\0';
        else if (t == u"space" || t == u" ")
            options.thousands = ' ';
        else if (t == u"," || t == u"." || t == u"'")
            options.thousands = t.at(0).toLatin1();
        else
            return usageError(QStringLiteral("--thousands takes , . space ' or none."), json);
    }
    for (const QString& spec : parser.values(map)) {
        const int eq = spec.lastIndexOf(QLatin1Char('='));
        if (eq <= 0)
            return usageError(
                QStringLiteral("--map takes COLUMN=ROLE, not \"%1\".").arg(spec), json);
        const auto role = roleFromName(spec.mid(eq + 1));
        if (!role || (*role != Role::None && !rolesForKind(options.kind).contains(*role))) {
            QStringList names;
            for (Role r : rolesForKind(options.kind))
                names.append(roleColumnName(r));
            return usageError(
                QStringLiteral("\"%1\" is not a role of %2 files; use one of: %3, none.")
                    .arg(spec.mid(eq + 1), dataKindName(options.kind),
                        names.join(QStringLiteral(", "))),
                json);
        }
        options.columns[spec.left(eq)].role = *role;
    }
    for (const QString& spec : parser.values(type)) {
        const int eq = spec.lastIndexOf(QLatin1Char('='));
        const auto t = eq > 0 ? columnTypeFromName(spec.mid(eq + 1)) : std::nullopt;
        if (!t)
            return usageError(QStringLiteral("--type takes COLUMN=TYPE with TYPE one of integer, "
                                             "decimal, date, date-time, yes/no, category, text; "
                                             "not \"%1\".")
                                  .arg(spec),
                json);
        options.columns[spec.left(eq)].type = *t;
    }
    for (const QString& column : parser.values(skip))
        options.columns[column].skip = true;
    options.generateIds = parser.isSet(generateIds);

    const QString file = parser.positionalArguments().constFirst();
    JobContext planJob([](qint64 done, qint64 total) {
        if (total > 0)
            showProgress(QStringLiteral("Reading dates... %1%").arg(100 * done / total));
    });
    auto plan = Importer::plan(file, options, planJob);
    if (!plan)
        return reportError(plan.error(), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::CreateOrOpen);
    if (!ws)
        return reportError(ws.error(), json);
    QElapsedTimer elapsed;
    elapsed.start();
    JobContext* self = nullptr;
    JobContext job([&elapsed, &self](qint64 done, qint64 total) {
        if (total <= 0 || !self)
            return;
        const double seconds = elapsed.elapsed() / 1000.0;
        const double rate = seconds > 0 ? done / seconds : 0;
        const QString left = rate > 0
            ? QStringLiteral(", %1 s left").arg((total - done) / rate, 0, 'f', 0)
            : QString();
        showProgress(QStringLiteral("Importing... %1% (%2 rows, %3 of %4%5)")
                         .arg(100 * done / total)
                         .arg(self->count())
                         .arg(humanBytes(done), humanBytes(total), left));
    });
    self = &job;
    auto report = Importer::run(*ws, *plan, options, job);
    clearProgress();
    if (!report)
        return reportError(report.error(), json);
    if (json) {
        printJson(report->toJson());
        return ExitOk;
    }
    const ImportReport& r = *report;
    printOut(QStringLiteral("Imported %1 into the %2 table of %3\n")
                 .arg(file, r.table, parser.value(kWorkspace)));
    printOut(QStringLiteral("  rows read:     %1\n  rows imported: %2\n  rows rejected: %3\n")
                 .arg(r.rowsRead)
                 .arg(r.rowsImported)
                 .arg(r.rowsRejected));
    printOut(QStringLiteral("  read as: %1, delimiter %2, %3, decimal '%4'\n")
                 .arg(textEncodingName(r.plan.dialect.encoding),
                     CsvDialect::delimiterName(r.plan.dialect.delimiter),
                     r.plan.dialect.hasHeader ? QStringLiteral("header line")
                                              : QStringLiteral("no header line"),
                     QString(QLatin1Char(r.plan.numberFormat.decimal))));
    printOut(QStringLiteral("  columns:\n"));
    for (const ColumnPlan& c : r.plan.columns) {
        if (c.skip) {
            printOut(QStringLiteral("    %1: skipped\n").arg(c.source));
            continue;
        }
        QString line
            = QStringLiteral("    %1 -> %2 (%3").arg(c.source, c.name, columnTypeName(c.type));
        if (c.dateOrder && (c.type == ColumnType::Date || c.type == ColumnType::DateTime))
            line += QStringLiteral(", ") + dateOrderName(*c.dateOrder);
        if (c.role != Role::None)
            line += QStringLiteral(", role ") + roleColumnName(c.role);
        printOut(line + QStringLiteral(")\n"));
    }
    for (const QString& n : r.plan.notes)
        printOut(QStringLiteral("  note: %1\n").arg(n));
    for (const ColumnPlan& c : r.plan.columns) {
        for (const QString& w : c.warnings)
            printOut(QStringLiteral("  warning (column \"%1\"): %2\n").arg(c.source, w));
    }
    for (const QString& w : r.warnings)
        printOut(QStringLiteral("  warning: %1\n").arg(w));
    if (r.rowsRejected > 0) {
        printOut(QStringLiteral("  first rejected rows:\n"));
        for (int i = 0; i < std::min<qsizetype>(5, r.firstRejected.size()); ++i)
            printOut(QStringLiteral("    line %1: %2\n")
                         .arg(r.firstRejected[i].line)
                         .arg(r.firstRejected[i].reason));
        printOut(QStringLiteral("  All of them: segwb rejects --workspace %1 --import %2\n")
                     .arg(parser.value(kWorkspace))
                     .arg(r.importId));
    }
    return ExitOk;
}

int runInfo(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(kWorkspace);
    int code = 0;
    if (!parse(parser, args, QStringLiteral("info --workspace WS [--json]"),
            QStringLiteral("Shows the tables, columns and imports of a workspace."), code))
        return code;
    const bool json = parser.isSet(kJson);
    if (!requireWorkspace(parser, code))
        return code;
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadOnly);
    if (!ws)
        return reportError(ws.error(), json);
    auto tables = ws->tables();
    if (!tables)
        return reportError(tables.error(), json);
    auto imports = ws->imports();
    if (!imports)
        return reportError(imports.error(), json);
    auto version = ws->schemaVersion();
    if (!version)
        return reportError(version.error(), json);
    if (json) {
        QJsonObject o;
        o[u"workspace"] = parser.value(kWorkspace);
        o[u"schema_version"] = *version;
        QJsonArray ts;
        for (const TableInfo& t : *tables) {
            QJsonObject j;
            j[u"name"] = t.name;
            j[u"rows"] = t.rows;
            QJsonArray cols;
            for (const ColumnInfo& c : t.columns) {
                QJsonObject cj;
                cj[u"name"] = c.name;
                cj[u"source_column"] = c.sourceColumn;
                cj[u"type"] = c.type;
                cj[u"role"] = c.role;
                cols.append(cj);
            }
            j[u"columns"] = cols;
            ts.append(j);
        }
        o[u"tables"] = ts;
        QJsonArray is;
        for (const ImportRecord& r : *imports) {
            QJsonObject j;
            j[u"id"] = r.id;
            j[u"kind"] = r.kind;
            j[u"mode"] = r.mode;
            j[u"file"] = r.fileName;
            j[u"file_size"] = r.fileSize;
            j[u"sha256"] = r.sha256;
            j[u"started_at"] = r.startedAt;
            j[u"finished_at"] = r.finishedAt;
            j[u"rows_read"] = r.rowsRead;
            j[u"rows_imported"] = r.rowsImported;
            j[u"rows_rejected"] = r.rowsRejected;
            j[u"options"] = QJsonDocument::fromJson(r.options.toUtf8()).object();
            j[u"warnings"] = QJsonDocument::fromJson(r.warnings.toUtf8()).array();
            is.append(j);
        }
        o[u"imports"] = is;
        printJson(o);
        return ExitOk;
    }
    printOut(
        QStringLiteral("Workspace %1 (schema %2)\n").arg(parser.value(kWorkspace)).arg(*version));
    if (tables->isEmpty())
        printOut(QStringLiteral("No data imported yet.\n"));
    for (const TableInfo& t : *tables) {
        printOut(QStringLiteral("\n%1: %2 rows\n").arg(t.name).arg(t.rows));
        for (const ColumnInfo& c : t.columns) {
            QString line = QStringLiteral("  %1  %2").arg(c.name, -24).arg(c.type, -10);
            if (!c.role.isEmpty())
                line += QStringLiteral("  role %1").arg(c.role);
            if (!c.sourceColumn.isEmpty() && c.sourceColumn != c.name)
                line += QStringLiteral("  (from \"%1\")").arg(c.sourceColumn);
            printOut(line + QLatin1Char('\n'));
        }
    }
    if (!imports->isEmpty()) {
        printOut(QStringLiteral("\nImports:\n"));
        for (const ImportRecord& r : *imports)
            printOut(QStringLiteral("  #%1 %2 %3 (%4): %5 read, %6 imported, %7 rejected, %8\n")
                         .arg(r.id)
                         .arg(r.kind, r.fileName, r.mode)
                         .arg(r.rowsRead)
                         .arg(r.rowsImported)
                         .arg(r.rowsRejected)
                         .arg(r.finishedAt));
    }
    return ExitOk;
}

int runRejects(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption import(QStringLiteral("import"),
        QStringLiteral("Only the rows of this import (see segwb info)."), QStringLiteral("N"));
    const QCommandLineOption out(QStringLiteral("out"),
        QStringLiteral("Write the CSV to this file instead of the screen."),
        QStringLiteral("FILE"));
    parser.addOptions({ kWorkspace, import, out });
    int code = 0;
    if (!parse(parser, args, QStringLiteral("rejects --workspace WS [--import N] [--out FILE]"),
            QStringLiteral(
                "Prints the rejected rows (import, line, reason, column, raw text) as CSV."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (!requireWorkspace(parser, code))
        return code;
    std::optional<qint64> importId;
    if (parser.isSet(import)) {
        bool ok = false;
        importId = parser.value(import).toLongLong(&ok);
        if (!ok)
            return usageError(QStringLiteral("--import takes an import number."), json);
    }
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadOnly);
    if (!ws)
        return reportError(ws.error(), json);
    auto rows = ws->rejectedRows(importId);
    if (!rows)
        return reportError(rows.error(), json);
    QString text;
    if (json) {
        QJsonArray a;
        for (const RejectedRow& r : *rows) {
            QJsonObject j;
            j[u"import"] = r.importId;
            j[u"line"] = r.line;
            j[u"reason"] = r.reason;
            j[u"column"] = r.column;
            j[u"raw"] = r.raw;
            a.append(j);
        }
        QJsonObject o;
        o[u"rejected_rows"] = a;
        o[u"count"] = rows->size();
        text = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        text = csvLine({ QStringLiteral("import"), QStringLiteral("line"), QStringLiteral("reason"),
            QStringLiteral("column"), QStringLiteral("raw") });
        for (const RejectedRow& r : *rows)
            text += csvLine({ QString::number(r.importId), QString::number(r.line), r.reason,
                r.column, r.raw });
    }
    if (parser.isSet(out)) {
        QSaveFile f(parser.value(out));
        if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit())
            return reportError(
                makeError(ErrorCode::Io,
                    QStringLiteral("Cannot write %1: %2").arg(parser.value(out), f.errorString())),
                json);
        if (!json)
            printOut(QStringLiteral("Wrote %1 rejected rows to %2\n")
                         .arg(rows->size())
                         .arg(parser.value(out)));
        return ExitOk;
    }
    printOut(text);
    return ExitOk;
}

int runSql(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption maxRows(QStringLiteral("max-rows"),
        QStringLiteral("Print at most N rows (default: all)."), QStringLiteral("N"),
        QStringLiteral("-1"));
    parser.addOptions({ kWorkspace, maxRows });
    parser.addPositionalArgument(QStringLiteral("QUERY"), QStringLiteral("One SELECT statement."));
    int code = 0;
    if (!parse(parser, args, QStringLiteral("sql --workspace WS [--json] \"SELECT ...\""),
            QStringLiteral("Runs a read-only query on the workspace (opened read-only) and prints "
                           "the result as CSV, or JSON with --json. Tables: customers, "
                           "transactions, responses, imports, rejected_rows, column_meta."),
            code))
        return code;
    const bool json = parser.isSet(kJson);
    if (!requireWorkspace(parser, code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("Give exactly one query, in quotes."), json);
    bool ok = false;
    const qint64 limit = parser.value(maxRows).toLongLong(&ok);
    if (!ok)
        return usageError(QStringLiteral("--max-rows takes a whole number."), json);
    auto ws = Workspace::open(parser.value(kWorkspace), Workspace::OpenMode::ReadOnly);
    if (!ws)
        return reportError(ws.error(), json);
    auto result = ws->query(parser.positionalArguments().constFirst(), limit);
    if (!result)
        return reportError(result.error(), json);
    if (json) {
        QJsonObject o;
        o[u"columns"] = QJsonArray::fromStringList(result->columns);
        QJsonArray rows;
        for (const QVariantList& row : result->rows) {
            QJsonArray r;
            for (const QVariant& v : row)
                r.append(QJsonValue::fromVariant(v));
            rows.append(r);
        }
        o[u"rows"] = rows;
        o[u"truncated"] = result->truncated;
        printJson(o);
        return ExitOk;
    }
    printOut(csvLine(result->columns));
    for (const QVariantList& row : result->rows) {
        QStringList fields;
        for (const QVariant& v : row)
            fields.append(variantText(v));
        printOut(csvLine(fields));
    }
    return ExitOk;
}

} // namespace seg::cli
