#include "csvreader.h"

#include <QCoreApplication>
#include <QIODevice>

#include <cstring>

namespace seg {

namespace {
constexpr size_t kScratchFlag = size_t(1) << (sizeof(size_t) * 8 - 1);
}

CsvReader::CsvReader(QIODevice* device, const CsvDialect& dialect)
    : m_device(device)
    , m_dialect(dialect)
    , m_transcoder(dialect.encoding)
{
}

bool CsvReader::fill()
{
    if (m_pos > 0) {
        m_buf.erase(0, m_pos);
        m_pos = 0;
    }
    m_chunk.resize(static_cast<size_t>(m_chunkSize));
    const qint64 got = m_device->read(m_chunk.data(), m_chunkSize);
    if (got < 0) {
        m_error = QCoreApplication::translate("seg::CsvReader", "Reading failed: %1")
                      .arg(m_device->errorString());
        m_eof = true;
        m_transcoder.convert({}, true, m_buf);
        return false;
    }
    m_bytesRead += got;
    QByteArrayView chunk(m_chunk.data(), got);
    if (!m_bomChecked && got > 0) {
        m_bomChecked = true;
        const auto* p = reinterpret_cast<const unsigned char*>(chunk.data());
        if (m_dialect.encoding == TextEncoding::Utf8 && got >= 3 && p[0] == 0xEF && p[1] == 0xBB
            && p[2] == 0xBF)
            chunk = chunk.sliced(3);
        else if (m_dialect.encoding == TextEncoding::Utf16LE && got >= 2 && p[0] == 0xFF
            && p[1] == 0xFE)
            chunk = chunk.sliced(2);
        else if (m_dialect.encoding == TextEncoding::Utf16BE && got >= 2 && p[0] == 0xFE
            && p[1] == 0xFF)
            chunk = chunk.sliced(2);
    }
    if (got == 0)
        m_eof = true;
    m_transcoder.convert(chunk, m_eof, m_buf);
    return got > 0;
}

bool CsvReader::next(CsvRecord& record)
{
    for (;;) {
        if (m_pos < m_buf.size()) {
            if (parse(record, m_eof) == Parse::Complete)
                return true;
        } else if (m_eof) {
            return false;
        }
        if (m_eof)
            continue; // parse(final) always completes
        fill();
    }
}

void CsvReader::emitUnbalanced(CsvRecord& record)
{
    const char* b = m_buf.data();
    const size_t n = m_buf.size();
    size_t end = m_pos;
    while (end < n && b[end] != '\n' && b[end] != '\r')
        ++end;
    size_t next = end;
    if (next < n) {
        if (b[next] == '\r' && next + 1 < n && b[next + 1] == '\n')
            next += 2;
        else
            ++next;
    }
    record.line = m_line;
    record.lineCount = 1;
    record.raw = std::string_view(b + m_pos, end - m_pos);
    record.fields.clear();
    record.unbalancedQuote = true;
    m_line += 1;
    m_pos = next;
}

CsvReader::Parse CsvReader::parse(CsvRecord& record, bool final)
{
    const char* b = m_buf.data();
    const size_t n = m_buf.size();
    const bool ws = m_dialect.delimiter == CsvDialect::WhitespaceRuns;
    const char d = m_dialect.delimiter;
    const char q = m_dialect.quote;
    auto isDelim = [ws, d](char c) { return ws ? (c == ' ' || c == '\t') : c == d; };
    auto needMore = [&]() {
        if (static_cast<qsizetype>(n - m_pos) > m_maxRecordBytes) {
            emitUnbalanced(record);
            return Parse::Complete;
        }
        return Parse::NeedMore;
    };

    m_spans.clear();
    m_scratch.clear();
    qint64 extraLines = 0;
    size_t i = m_pos;
    size_t recordEnd = n;
    size_t next = n;
    if (ws) {
        while (i < n && (b[i] == ' ' || b[i] == '\t'))
            ++i;
        if (i == n && !final)
            return needMore();
    }
    for (;;) {
        if (i < n && b[i] == q) {
            size_t j = i + 1;
            bool escaped = false;
            size_t close = 0;
            for (;;) {
                const void* hit = j < n ? std::memchr(b + j, q, n - j) : nullptr;
                if (!hit) {
                    if (!final)
                        return needMore();
                    emitUnbalanced(record);
                    return Parse::Complete;
                }
                const size_t k = static_cast<size_t>(static_cast<const char*>(hit) - b);
                if (k + 1 < n && b[k + 1] == q) {
                    escaped = true;
                    j = k + 2;
                    continue;
                }
                if (k + 1 == n && !final)
                    return needMore();
                close = k;
                break;
            }
            size_t strayEnd = close + 1;
            while (strayEnd < n && !isDelim(b[strayEnd]) && b[strayEnd] != '\n'
                && b[strayEnd] != '\r')
                ++strayEnd;
            if (strayEnd == n && !final)
                return needMore();
            for (size_t p = i + 1; p < close; ++p) {
                if (b[p] == '\n')
                    ++extraLines;
                else if (b[p] == '\r' && (p + 1 >= close || b[p + 1] != '\n'))
                    ++extraLines;
            }
            if (escaped || strayEnd > close + 1) {
                const size_t off = m_scratch.size();
                for (size_t p = i + 1; p < close; ++p) {
                    m_scratch.push_back(b[p]);
                    if (b[p] == q)
                        ++p; // a doubled quote stands for one
                }
                m_scratch.append(b + close + 1, strayEnd - close - 1);
                m_spans.emplace_back(off | kScratchFlag, m_scratch.size() - off);
            } else {
                m_spans.emplace_back(i + 1, close - i - 1);
            }
            i = strayEnd;
        } else {
            size_t k = i;
            if (ws) {
                while (k < n && b[k] != ' ' && b[k] != '\t' && b[k] != '\n' && b[k] != '\r')
                    ++k;
            } else {
                while (k < n && b[k] != d && b[k] != '\n' && b[k] != '\r')
                    ++k;
            }
            if (k == n && !final)
                return needMore();
            m_spans.emplace_back(i, k - i);
            i = k;
        }
        if (ws) {
            size_t k = i;
            while (k < n && (b[k] == ' ' || b[k] == '\t'))
                ++k;
            if (k == n && !final)
                return needMore();
            const bool atEnd = k == n || b[k] == '\n' || b[k] == '\r';
            i = k;
            if (!atEnd)
                continue;
        }
        if (i >= n) {
            recordEnd = n;
            next = n;
            break;
        }
        if (!ws && b[i] == d) {
            ++i;
            continue;
        }
        if (b[i] == '\n') {
            recordEnd = i;
            next = i + 1;
            break;
        }
        // '\r'
        if (i + 1 < n) {
            next = b[i + 1] == '\n' ? i + 2 : i + 1;
        } else if (!final) {
            return needMore();
        } else {
            next = i + 1;
        }
        recordEnd = i;
        break;
    }

    record.fields.resize(m_spans.size());
    for (size_t f = 0; f < m_spans.size(); ++f) {
        const auto [off, len] = m_spans[f];
        record.fields[f] = (off & kScratchFlag)
            ? std::string_view(m_scratch.data() + (off & ~kScratchFlag), len)
            : std::string_view(b + off, len);
    }
    record.raw = std::string_view(b + m_pos, recordEnd - m_pos);
    record.line = m_line;
    record.lineCount = 1 + extraLines;
    record.unbalancedQuote = false;
    m_line += 1 + extraLines;
    m_pos = next;
    return Parse::Complete;
}

} // namespace seg
