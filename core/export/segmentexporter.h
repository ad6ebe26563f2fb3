#pragma once

#include "jobcontext.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>

namespace seg {

class Workspace;

/// Field separator of an exported CSV file.
enum class CsvDelimiter { Comma, Semicolon, Tab };

/// What and how SegmentExporter writes.
struct SegmentExportOptions {
    /// Export names of the columns (see ExportQuery::columns()); empty for the defaults
    /// (ExportQuery::defaultColumns()).
    QStringList columns;
    /// One file for all segments, with a "segment" column (added first when not chosen);
    /// otherwise one file per segment.
    bool oneFile = false;
    /// Starts each file with the UTF-8 byte order mark, so that Excel reads it as UTF-8.
    bool bom = false;
    CsvDelimiter delimiter = CsvDelimiter::Comma;
    /// Writes NAME.manifest.json next to each file (see docs/EXPORT.md).
    bool manifest = false;
};

/// One file an export wrote.
struct ExportedFile {
    QString path; ///< absolute path of the CSV file
    QString manifestPath; ///< absolute path of its manifest; empty without one
    QStringList segments; ///< names of the segments in the file, in file order
    qint64 rows = 0; ///< data rows, without the header
};

/// What an export wrote.
struct SegmentExportSummary {
    QList<ExportedFile> files;
    QStringList columns; ///< header of every file
    QDateTime exportedAt; ///< UTC
    qint64 rows = 0; ///< data rows over all files
};

/// Writes the members of saved segments to CSV files: chosen columns (ExportQuery), UTF-8
/// with an optional BOM, comma, semicolon or tab delimited, CRLF line ends, fields quoted per
/// RFC 4180 (when they hold the delimiter, a double quote, CR or LF; quotes are doubled).
///
/// Values are written as SQLite stores them: NULL as an empty field; integers in decimal;
/// reals in the shortest form that reads back to the same double, with a decimal point and
/// without an exponent unless |v| < 1e-7 or |v| >= 1e21 (whatever the delimiter);
/// text as is, except that text that a spreadsheet would run as a formula is neutralised
/// (see neutralise()). Numbers are never neutralised: a revenue of -10.5 stays -10.5.
///
/// Every file (and manifest) is written through a QSaveFile and all of them are committed
/// only after the last row was written, so an error or a Cancel leaves no new or
/// half-written file behind (existing files of the same name are kept unchanged then, and
/// replaced after a successful export).
///
/// Thread-safety: run() is synchronous; call it on the thread that owns the Workspace.
class SegmentExporter {
public:
    explicit SegmentExporter(SegmentExportOptions options = {});

    const SegmentExportOptions& options() const { return m_options; }

    /// Exports the members of the saved segments `segmentNames` (case-insensitive, each once).
    /// `outPath` is the file when options().oneFile is set or there is one segment; otherwise
    /// a folder (created when missing) that receives one file per segment, named
    /// safeFileName(segment name) + ".csv" (a clash gets "_2", "_3"...). Progress in rows;
    /// polls `job` every 1024 rows. Errors: ErrorCode::Usage (no segment, a segment given
    /// twice), ErrorCode::BadInput (unknown segment or column, `outPath` of the wrong kind),
    /// ErrorCode::Io (cannot write), ErrorCode::Workspace, ErrorCode::Cancelled.
    Result<SegmentExportSummary> run(Workspace& ws, const QStringList& segmentNames,
        const QString& outPath, JobContext& job) const;

    /// The header and the first `maxRows` rows as they would be written (neutralised, not
    /// quoted), for a preview.
    Result<QList<QStringList>> preview(
        Workspace& ws, const QStringList& segmentNames, int maxRows, JobContext& job) const;

    /// A file name (without extension) for a segment: characters that Windows, macOS or Linux
    /// refuse (< > : " / \ | ? * and control characters) become "_", leading dots and
    /// surrounding spaces and trailing dots are dropped, Windows device names (CON, NUL,
    /// COM1...) get a "_" appended, at most 120 characters; "segment" when nothing is left.
    /// Letters of every script are kept.
    static QString safeFileName(const QString& segmentName);

    /// True when a text value must be neutralised: after any leading apostrophes it starts
    /// with =, +, -, @, a tab or a carriage return.
    static bool needsNeutralising(std::string_view utf8);
    /// The text as written: with one apostrophe (') in front when needsNeutralising(), so
    /// that a spreadsheet shows it as text instead of running it. Reversible with restore().
    static QString neutralise(const QString& text);
    /// Undoes neutralise(): drops one leading apostrophe when needsNeutralising() holds for
    /// the rest.
    static QString restore(const QString& text);

    /// The delimiter character.
    static char delimiterChar(CsvDelimiter delimiter);
    /// comma, semicolon or tab (also ",", ";", "\t"); none for anything else.
    static std::optional<CsvDelimiter> delimiterFromName(const QString& name);
    static QString delimiterName(CsvDelimiter delimiter);

private:
    SegmentExportOptions m_options;
};

} // namespace seg
