#include "segmentexporter.h"

#include "exportquery.h"
#include "segmentstore.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSaveFile>
#include <QSet>

#include <cmath>
#include <memory>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::SegmentExporter", text); }

constexpr qint64 kFlushBytes = 256 * 1024;
constexpr qint64 kPollRows = 1024;
constexpr int kMaxFileNameLength = 120;

bool isTrigger(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/// Shortest text that reads back to `v`: plain decimal notation unless the number is tiny or
/// huge (the rule JavaScript's Number#toString uses).
QByteArray realText(double v)
{
    const double a = std::fabs(v);
    const bool plain = v == 0 || (a >= 1e-7 && a < 1e21);
    return QByteArray::number(v, plain ? 'f' : 'g', QLocale::FloatingPointShortest);
}

/// Appends one text field: neutralised when it could run as a formula, quoted per RFC 4180.
void appendText(QByteArray& out, std::string_view text, char delimiter)
{
    bool quote = false;
    for (const char c : text) {
        if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (quote)
        out.append('"');
    if (SegmentExporter::needsNeutralising(text))
        out.append('\'');
    if (quote) {
        for (const char c : text) {
            if (c == '"')
                out.append('"');
            out.append(c);
        }
        out.append('"');
    } else {
        out.append(text.data(), static_cast<qsizetype>(text.size()));
    }
}

void appendRow(QByteArray& out, const ExportRow& row, char delimiter)
{
    for (int i = 0; i < row.size(); ++i) {
        if (i > 0)
            out.append(delimiter);
        switch (row.type(i)) {
        case ExportValueType::Null:
            break;
        case ExportValueType::Integer:
            out.append(QByteArray::number(row.integer(i)));
            break;
        case ExportValueType::Real:
            out.append(realText(row.real(i)));
            break;
        case ExportValueType::Text:
            appendText(out, row.text(i), delimiter);
            break;
        }
    }
    out.append("\r\n");
}

QString cellText(const ExportRow& row, int i)
{
    switch (row.type(i)) {
    case ExportValueType::Null:
        return {};
    case ExportValueType::Integer:
        return QString::number(row.integer(i));
    case ExportValueType::Real:
        return QString::fromLatin1(realText(row.real(i)));
    case ExportValueType::Text:
        break;
    }
    const std::string_view t = row.text(i);
    return SegmentExporter::neutralise(
        QString::fromUtf8(t.data(), static_cast<qsizetype>(t.size())));
}

/// The saved segments named in `names`, in that order.
Result<QList<SavedSegment>> findSegments(Workspace& ws, const QStringList& names)
{
    if (names.isEmpty())
        return makeError(ErrorCode::Usage, tr("Choose at least one segment to export."));
    QList<SavedSegment> out;
    QSet<qint64> seen;
    for (const QString& name : names) {
        auto segment = SegmentStore::find(ws, name);
        if (!segment)
            return segment.error();
        if (seen.contains(segment->id))
            return makeError(ErrorCode::Usage,
                tr("The segment \u201c%1\u201d is chosen twice.").arg(segment->name));
        seen.insert(segment->id);
        out.append(*segment);
    }
    return out;
}

/// Directories created for an export, removed again (when still empty) if it fails.
class CreatedDirs {
public:
    CreatedDirs() = default;
    CreatedDirs(const CreatedDirs&) = delete;
    CreatedDirs& operator=(const CreatedDirs&) = delete;
    ~CreatedDirs()
    {
        if (m_keep)
            return;
        for (const QString& dir : std::as_const(m_dirs))
            QDir().rmdir(dir);
    }
    /// Creates `path` and its missing parents.
    bool make(const QString& path)
    {
        QStringList missing;
        QString p = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        while (!p.isEmpty() && !QFileInfo::exists(p)) {
            missing.append(p);
            const QString parent = QFileInfo(p).path();
            if (parent == p)
                break;
            p = parent;
        }
        if (missing.isEmpty())
            return true;
        if (!QDir().mkpath(path))
            return false;
        m_dirs.append(missing); // deepest first
        return true;
    }
    void keep() { m_keep = true; }

private:
    QStringList m_dirs;
    bool m_keep = false;
};

/// One output file being written.
struct PendingFile {
    QString path;
    QString manifestPath;
    QList<int> segments; ///< indexes into the segment list
    QList<qint64> rows; ///< per segment
    std::unique_ptr<QSaveFile> file;
    std::unique_ptr<QSaveFile> manifest;
};

Error writeError(const QSaveFile& file)
{
    return makeError(
        ErrorCode::Io, tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
}

QString manifestPathFor(const QString& csvPath)
{
    QString base = csvPath;
    if (base.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive))
        base.chop(4);
    return base + QStringLiteral(".manifest.json");
}

} // namespace

SegmentExporter::SegmentExporter(SegmentExportOptions options)
    : m_options(std::move(options))
{
}

bool SegmentExporter::needsNeutralising(std::string_view utf8)
{
    size_t i = 0;
    while (i < utf8.size() && utf8[i] == '\'')
        ++i;
    return i < utf8.size() && isTrigger(utf8[i]);
}

QString SegmentExporter::neutralise(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    if (needsNeutralising(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size()))))
        return QLatin1Char('\'') + text;
    return text;
}

QString SegmentExporter::restore(const QString& text)
{
    if (!text.startsWith(QLatin1Char('\'')))
        return text;
    const QByteArray rest = text.mid(1).toUtf8();
    if (needsNeutralising(std::string_view(rest.constData(), static_cast<size_t>(rest.size()))))
        return text.mid(1);
    return text;
}

char SegmentExporter::delimiterChar(CsvDelimiter delimiter)
{
    switch (delimiter) {
    case CsvDelimiter::Comma:
        return ',';
    case CsvDelimiter::Semicolon:
        return ';';
    case CsvDelimiter::Tab:
        return '\t';
    }
    return ',';
}

std::optional<CsvDelimiter> SegmentExporter::delimiterFromName(const QString& name)
{
    const QString n = name.toLower();
    if (n == u"comma" || n == u",")
        return CsvDelimiter::Comma;
    if (n == u"semicolon" || n == u";")
        return CsvDelimiter::Semicolon;
    if (n == u"tab" || n == u"\t")
        return CsvDelimiter::Tab;
    return std::nullopt;
}

QString SegmentExporter::delimiterName(CsvDelimiter delimiter)
{
    switch (delimiter) {
    case CsvDelimiter::Comma:
        return QStringLiteral("comma");
    case CsvDelimiter::Semicolon:
        return QStringLiteral("semicolon");
    case CsvDelimiter::Tab:
        return QStringLiteral("tab");
    }
    return QStringLiteral("comma");
}

QString SegmentExporter::safeFileName(const QString& segmentName)
{
    static const QString kForbidden = QStringLiteral("<>:\"/\\|?*");
    QString out;
    out.reserve(segmentName.size());
    for (const QChar c : segmentName) {
        const bool control = c.unicode() < 0x20 || c.unicode() == 0x7f
            || c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph;
        out.append(control || kForbidden.contains(c) ? QLatin1Char('_') : c);
    }
    out = out.trimmed();
    while (out.startsWith(QLatin1Char('.')))
        out.remove(0, 1);
    if (out.size() > kMaxFileNameLength) {
        qsizetype n = kMaxFileNameLength;
        if (out.at(n - 1).isHighSurrogate())
            --n;
        out.truncate(n);
    }
    while (out.endsWith(QLatin1Char('.')) || out.endsWith(QLatin1Char(' ')))
        out.chop(1);
    if (out.isEmpty())
        return QStringLiteral("segment");
    static const QStringList kDevices = [] {
        QStringList d { QStringLiteral("CON"), QStringLiteral("PRN"), QStringLiteral("AUX"),
            QStringLiteral("NUL") };
        for (int i = 1; i <= 9; ++i) {
            d.append(QStringLiteral("COM%1").arg(i));
            d.append(QStringLiteral("LPT%1").arg(i));
        }
        return d;
    }();
    const QString stem = out.section(QLatin1Char('.'), 0, 0).trimmed();
    if (kDevices.contains(stem, Qt::CaseInsensitive))
        out.insert(stem.size(), QLatin1Char('_'));
    return out;
}

Result<QList<QStringList>> SegmentExporter::preview(
    Workspace& ws, const QStringList& segmentNames, int maxRows, JobContext& job) const
{
    auto segments = findSegments(ws, segmentNames);
    if (!segments)
        return segments.error();
    auto available = ExportQuery::columns(ws);
    if (!available)
        return available.error();
    auto columns = m_options.columns.isEmpty()
        ? Result<QList<ExportColumn>>(ExportQuery::defaultColumns(*available))
        : ExportQuery::resolve(*available, m_options.columns);
    if (!columns)
        return columns.error();
    QList<QStringList> out;
    QStringList header;
    QList<qint64> ids;
    for (const SavedSegment& s : std::as_const(*segments))
        ids.append(s.id);
    for (const ExportColumn& c : std::as_const(*columns))
        header.append(neutralise(c.name));
    if (m_options.oneFile && !header.contains(QStringLiteral("segment"))) {
        header.prepend(QStringLiteral("segment"));
        columns->prepend(
            ExportColumn { QStringLiteral("segment"), ExportColumnKind::SegmentName, {}, {} });
    }
    out.append(header);
    if (maxRows <= 0)
        return out;
    auto scanned = ExportQuery::scanMembers(
        ws, ids, *columns,
        [&](const ExportRow& row) {
            QStringList cells;
            cells.reserve(row.size());
            for (int i = 0; i < row.size(); ++i)
                cells.append(cellText(row, i));
            out.append(cells);
            return out.size() - 1 < maxRows;
        },
        job);
    if (!scanned)
        return scanned.error();
    return out;
}

Result<SegmentExportSummary> SegmentExporter::run(
    Workspace& ws, const QStringList& segmentNames, const QString& outPath, JobContext& job) const
{
    auto segments = findSegments(ws, segmentNames);
    if (!segments)
        return segments.error();
    auto available = ExportQuery::columns(ws);
    if (!available)
        return available.error();
    auto resolved = m_options.columns.isEmpty()
        ? Result<QList<ExportColumn>>(ExportQuery::defaultColumns(*available))
        : ExportQuery::resolve(*available, m_options.columns);
    if (!resolved)
        return resolved.error();
    QList<ExportColumn> columns = std::move(*resolved);
    if (m_options.oneFile) {
        bool hasSegment = false;
        for (const ExportColumn& c : std::as_const(columns))
            hasSegment = hasSegment || c.kind == ExportColumnKind::SegmentName;
        if (!hasSegment)
            columns.prepend(
                ExportColumn { QStringLiteral("segment"), ExportColumnKind::SegmentName, {}, {} });
    }
    if (outPath.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("Choose where to write the export."));

    // Plan the files.
    const QFileInfo out(outPath);
    CreatedDirs dirs;
    std::vector<PendingFile> files;
    if (m_options.oneFile || segments->size() == 1) {
        if (out.isDir())
            return makeError(ErrorCode::BadInput,
                tr("%1 is a folder; give the name of the file to write.").arg(outPath));
        if (!dirs.make(out.absolutePath()))
            return makeError(
                ErrorCode::Io, tr("Cannot create the folder %1.").arg(out.absolutePath()));
        PendingFile f;
        f.path = out.absoluteFilePath();
        for (int i = 0; i < segments->size(); ++i) {
            f.segments.append(i);
            f.rows.append(0);
        }
        files.push_back(std::move(f));
    } else {
        if (out.exists() && !out.isDir())
            return makeError(ErrorCode::BadInput,
                tr("%1 is a file; give a folder to write one file per segment to, or export "
                   "into one file.")
                    .arg(outPath));
        if (!dirs.make(out.absoluteFilePath()))
            return makeError(
                ErrorCode::Io, tr("Cannot create the folder %1.").arg(out.absoluteFilePath()));
        const QDir dir(out.absoluteFilePath());
        QSet<QString> taken;
        for (int i = 0; i < segments->size(); ++i) {
            const QString stem = safeFileName(segments->at(i).name);
            QString name = stem + QStringLiteral(".csv");
            for (int n = 2; taken.contains(name.toLower()); ++n)
                name = QStringLiteral("%1_%2.csv").arg(stem).arg(n);
            taken.insert(name.toLower());
            PendingFile f;
            f.path = dir.absoluteFilePath(name);
            f.segments.append(i);
            f.rows.append(0);
            files.push_back(std::move(f));
        }
    }

    qint64 total = 0;
    for (const SavedSegment& s : std::as_const(*segments)) {
        auto n = ExportQuery::memberCount(ws, s.id);
        if (!n)
            return n.error();
        total += *n;
    }

    const char delimiter = delimiterChar(m_options.delimiter);
    QByteArray header;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i > 0)
            header.append(delimiter);
        const QByteArray name = columns.at(i).name.toUtf8();
        appendText(header, std::string_view(name.constData(), static_cast<size_t>(name.size())),
            delimiter);
    }
    header.append("\r\n");

    SegmentExportSummary summary;
    summary.exportedAt = QDateTime::currentDateTimeUtc();
    for (const ExportColumn& c : std::as_const(columns))
        summary.columns.append(c.name);
    qint64 done = 0;
    job.setProgress(0, total);
    for (PendingFile& f : files) {
        f.file = std::make_unique<QSaveFile>(f.path);
        if (!f.file->open(QIODevice::WriteOnly))
            return writeError(*f.file);
        QByteArray buffer;
        buffer.reserve(kFlushBytes + 4096);
        if (m_options.bom)
            buffer.append("\xEF\xBB\xBF");
        buffer.append(header);
        bool failed = false;
        for (qsizetype k = 0; k < f.segments.size(); ++k) {
            const qint64 id = segments->at(f.segments.at(k)).id;
            auto rows = ExportQuery::scanMembers(
                ws, { id }, columns,
                [&](const ExportRow& row) {
                    appendRow(buffer, row, delimiter);
                    ++done;
                    if (buffer.size() >= kFlushBytes) {
                        if (f.file->write(buffer) != buffer.size()) {
                            failed = true;
                            return false;
                        }
                        buffer.clear();
                    }
                    if (done % kPollRows == 0) {
                        job.setCount(done);
                        job.setProgress(done, total);
                    }
                    return true;
                },
                job);
            if (!rows)
                return rows.error();
            if (failed)
                return writeError(*f.file);
            f.rows[k] = *rows;
        }
        if (f.file->write(buffer) != buffer.size())
            return writeError(*f.file);
    }
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));

    if (m_options.manifest) {
        for (PendingFile& f : files) {
            QJsonArray segmentList;
            qint64 rows = 0;
            for (qsizetype k = 0; k < f.segments.size(); ++k) {
                const SavedSegment& s = segments->at(f.segments.at(k));
                segmentList.append(QJsonObject {
                    { QStringLiteral("name"), s.name },
                    { QStringLiteral("description"), s.description },
                    { QStringLiteral("definition"), s.definitionText },
                    { QStringLiteral("analysis_date"), s.analysisDate },
                    { QStringLiteral("computed_at"), s.computedAt },
                    { QStringLiteral("rows"), f.rows.at(k) },
                });
                rows += f.rows.at(k);
            }
            const QJsonObject manifest {
                { QStringLiteral("format"), QStringLiteral("segment-workbench-export") },
                { QStringLiteral("version"), 1 },
                { QStringLiteral("file"), QFileInfo(f.path).fileName() },
                { QStringLiteral("exported_at"), summary.exportedAt.toString(Qt::ISODateWithMs) },
                { QStringLiteral("workspace"), ws.path() },
                { QStringLiteral("rows"), rows },
                { QStringLiteral("columns"), QJsonArray::fromStringList(summary.columns) },
                { QStringLiteral("encoding"),
                    m_options.bom ? QStringLiteral("UTF-8 with BOM") : QStringLiteral("UTF-8") },
                { QStringLiteral("delimiter"), delimiterName(m_options.delimiter) },
                { QStringLiteral("line_end"), QStringLiteral("CRLF") },
                { QStringLiteral("neutralised"),
                    QStringLiteral("Text cells that start (after any apostrophes) with =, +, -, "
                                   "@, tab or carriage return have an apostrophe in front.") },
                { QStringLiteral("segments"), segmentList },
            };
            f.manifestPath = manifestPathFor(f.path);
            f.manifest = std::make_unique<QSaveFile>(f.manifestPath);
            if (!f.manifest->open(QIODevice::WriteOnly))
                return writeError(*f.manifest);
            const QByteArray bytes = QJsonDocument(manifest).toJson(QJsonDocument::Indented);
            if (f.manifest->write(bytes) != bytes.size())
                return writeError(*f.manifest);
        }
    }

    // Everything is written: make the files visible.
    for (PendingFile& f : files) {
        if (!f.file->commit())
            return writeError(*f.file);
        if (f.manifest && !f.manifest->commit())
            return writeError(*f.manifest);
    }
    dirs.keep();
    for (const PendingFile& f : files) {
        ExportedFile e;
        e.path = f.path;
        e.manifestPath = f.manifestPath;
        for (const int i : f.segments)
            e.segments.append(segments->at(i).name);
        for (const qint64 n : f.rows)
            e.rows += n;
        summary.rows += e.rows;
        summary.files.append(e);
    }
    job.setCount(done);
    job.setProgress(total, total);
    return summary;
}

} // namespace seg
