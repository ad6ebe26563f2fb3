#pragma once

#include "csvdialect.h"
#include "textencoding.h"

#include <QString>

#include <string>
#include <string_view>
#include <vector>

class QIODevice;

namespace seg {

/// One logical record of a delimited file. Views point into the reader's buffer and stay valid
/// until the next call to CsvReader::next().
struct CsvRecord {
    qint64 line = 0; ///< physical line (1-based) on which the record starts
    qint64 lineCount = 1; ///< physical lines it spans (quoted line breaks make it more than 1)
    std::string_view raw; ///< the record's UTF-8 text without its line end
    std::vector<std::string_view> fields; ///< unquoted, unescaped field values (UTF-8)
    /// A quote was opened and never closed (or the record grew past the size limit): `fields` is
    /// empty, `raw` holds only the first physical line, and reading goes on from the next line.
    bool unbalancedQuote = false;
    /// A blank line: no fields at all.
    bool isBlank() const
    {
        return !unbalancedQuote && fields.size() == 1 && fields[0].empty()
            && raw.find('"') == std::string_view::npos;
    }
};

/// Streaming RFC 4180 reader: quoted fields with delimiters, doubled quotes and line breaks;
/// CRLF, LF and CR line ends; a missing final newline. Input in any TextEncoding is turned into
/// UTF-8 (a BOM is skipped). Memory is bounded by the chunk size plus the longest record (at most
/// maxRecordBytes). Not thread-safe; one reader per thread.
class CsvReader {
public:
    CsvReader(QIODevice* device, const CsvDialect& dialect);

    /// Reads the next record; false at the end of the input or on a read error (see errorString()).
    bool next(CsvRecord& record);

    /// Raw bytes taken from the device so far (for progress).
    qint64 bytesRead() const { return m_bytesRead; }
    /// Non-empty when the device failed to read.
    const QString& errorString() const { return m_error; }
    /// Byte sequences that were not valid in the declared encoding (kept as Windows-1252 characters).
    qint64 invalidSequences() const { return m_transcoder.invalidSequences(); }
    /// Records larger than this (in UTF-8 bytes) are treated as an unbalanced quote. Default 16 MiB.
    void setMaxRecordBytes(qsizetype bytes) { m_maxRecordBytes = bytes; }
    /// Raw bytes read per chunk; default 1 MiB.
    void setChunkSize(qsizetype bytes) { m_chunkSize = bytes; }

private:
    enum class Parse { Complete, NeedMore };
    bool fill();
    Parse parse(CsvRecord& record, bool final);
    void emitUnbalanced(CsvRecord& record);

    QIODevice* m_device;
    CsvDialect m_dialect;
    Utf8Transcoder m_transcoder;
    std::string m_buf; // UTF-8 text
    size_t m_pos = 0; // start of the next record in m_buf
    std::string m_scratch; // unescaped quoted fields of the current record
    std::vector<std::pair<size_t, size_t>> m_spans; // field (offset, length); offsets >= kScratch are in m_scratch
    std::vector<char> m_chunk;
    qint64 m_line = 1;
    qint64 m_bytesRead = 0;
    qsizetype m_maxRecordBytes = 16 * 1024 * 1024;
    qsizetype m_chunkSize = 1024 * 1024;
    bool m_eof = false;
    bool m_bomChecked = false;
    QString m_error;
};

} // namespace seg
