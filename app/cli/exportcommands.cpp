// segwb export: the members of saved segments to CSV files.
#include "cliio.h"
#include "commands.h"
#include "segmentexporter.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>

namespace seg::cli {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::cli::Export", text); }

/// Progress on stderr while a terminal watches.
class ExportJob : public JobContext {
public:
    void setProgress(qint64 done, qint64 total) override
    {
        if (total > 0)
            showProgress(tr("Exporting: %1 of %2 rows").arg(done).arg(total));
    }
};

} // namespace

int runExport(const QStringList& args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print JSON."));
    const QCommandLineOption help(
        QStringList { QStringLiteral("h"), QStringLiteral("help") }, tr("Show this help."));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"), tr("The workspace file (.segws)."), QStringLiteral("WS"));
    const QCommandLineOption segment(QStringLiteral("segment"),
        tr("A saved segment to export (repeat for several; names ignore case)."),
        QStringLiteral("NAME"));
    const QCommandLineOption out(QStringLiteral("out"),
        tr("The file to write with --one-file or one segment; otherwise a folder (created when "
           "missing) that gets one NAME.csv per segment. Existing files are replaced."),
        QStringLiteral("PATH"));
    const QCommandLineOption columns(QStringLiteral("columns"),
        tr("Comma-separated columns: customer_id, customer attributes, first_purchase, "
           "last_purchase, orders, revenue, average_order_value, recency_days, tenure_days, "
           "mean_days_between_orders, categories, top_channel, r, f, m, fm, rfm_segment, "
           "lifecycle_status, value_tier, segment. Default: customer_id, every attribute, "
           "orders, revenue, last_purchase, rfm_segment, lifecycle_status."),
        QStringLiteral("LIST"));
    const QCommandLineOption oneFile(QStringLiteral("one-file"),
        tr("Write all segments into one file with a \"segment\" column (first, unless chosen "
           "in --columns)."));
    const QCommandLineOption bom(
        QStringLiteral("bom"), tr("Start the files with a UTF-8 byte order mark (for Excel)."));
    const QCommandLineOption delimiter(QStringLiteral("delimiter"),
        tr("Field separator: comma (default), semicolon or tab."), QStringLiteral("SEP"),
        QStringLiteral("comma"));
    const QCommandLineOption manifest(QStringLiteral("manifest"),
        tr("Write NAME.manifest.json next to each file: segments with their definition, analysis "
           "date and computation time, rows, columns, export time."));
    parser.setApplicationDescription(
        tr("Exports the members of saved segments to CSV (UTF-8, RFC 4180 quoting, CRLF). Text "
           "cells starting with =, +, -, @, tab or carriage return get an apostrophe in front so "
           "that spreadsheets show them as text; numbers are written as numbers. Each file is "
           "complete or not written at all."));
    parser.addOptions(
        { json, help, workspace, segment, out, columns, oneFile, bom, delimiter, manifest });
    const bool asJson = args.contains(QStringLiteral("--json"));
    if (!parser.parse(args))
        return usageError(parser.errorText(), asJson);
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        text = QStringLiteral("Usage: segwb export --workspace WS --segment NAME [--segment "
                              "NAME]... --out PATH [--columns LIST] [--one-file] [--bom] "
                              "[--delimiter comma|semicolon|tab] [--manifest] [--json]")
            + text.mid(text.indexOf(QLatin1Char('\n')));
        printOut(text);
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()), asJson);
    if (parser.value(workspace).isEmpty())
        return usageError(tr("--workspace WS is required."), asJson);
    if (parser.values(segment).isEmpty())
        return usageError(tr("--segment NAME is required (repeat it for several)."), asJson);
    if (parser.value(out).isEmpty())
        return usageError(tr("--out PATH is required."), asJson);

    SegmentExportOptions options;
    const auto sep = SegmentExporter::delimiterFromName(parser.value(delimiter));
    if (!sep)
        return usageError(tr("--delimiter takes comma, semicolon or tab, not \"%1\".")
                              .arg(parser.value(delimiter)),
            asJson);
    options.delimiter = *sep;
    if (parser.isSet(columns)) {
        for (const QString& c : parser.value(columns).split(QLatin1Char(','))) {
            if (!c.trimmed().isEmpty())
                options.columns.append(c.trimmed());
        }
        if (options.columns.isEmpty())
            return usageError(tr("--columns names no column."), asJson);
    }
    options.oneFile = parser.isSet(oneFile);
    options.bom = parser.isSet(bom);
    options.manifest = parser.isSet(manifest);

    auto ws = Workspace::open(parser.value(workspace), Workspace::OpenMode::ReadOnly);
    if (!ws)
        return reportError(ws.error(), asJson);
    ExportJob job;
    auto summary
        = SegmentExporter(options).run(*ws, parser.values(segment), parser.value(out), job);
    clearProgress();
    if (!summary)
        return reportError(summary.error(), asJson);

    if (parser.isSet(json)) {
        QJsonArray files;
        for (const ExportedFile& f : std::as_const(summary->files)) {
            QJsonObject o {
                { QStringLiteral("path"), f.path },
                { QStringLiteral("segment"),
                    f.segments.size() == 1 ? QJsonValue(f.segments.first()) : QJsonValue() },
                { QStringLiteral("segments"), QJsonArray::fromStringList(f.segments) },
                { QStringLiteral("rows"), f.rows },
            };
            if (!f.manifestPath.isEmpty())
                o[u"manifest"] = f.manifestPath;
            files.append(o);
        }
        printJson(QJsonObject {
            { QStringLiteral("files"), files },
            { QStringLiteral("rows"), summary->rows },
            { QStringLiteral("columns"), QJsonArray::fromStringList(summary->columns) },
            { QStringLiteral("delimiter"), SegmentExporter::delimiterName(options.delimiter) },
            { QStringLiteral("bom"), options.bom },
            { QStringLiteral("exported_at"), summary->exportedAt.toString(Qt::ISODateWithMs) },
        });
        return ExitOk;
    }
    for (const ExportedFile& f : std::as_const(summary->files)) {
        printOut(tr("%1 rows (%2) written to %3\n")
                     .arg(f.rows)
                     .arg(f.segments.join(QStringLiteral(", ")), f.path));
        if (!f.manifestPath.isEmpty())
            printOut(tr("  manifest: %1\n").arg(f.manifestPath));
    }
    printOut(tr("Columns: %1\n").arg(summary->columns.join(QStringLiteral(", "))));
    return ExitOk;
}

} // namespace seg::cli
