#include "textencoding.h"

#include <array>
#include <cstring>

namespace seg {

namespace {

// Windows-1252 0x80..0x9F; undefined positions map to the C1 control of the same value.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178 };

// Length of the valid UTF-8 sequence at p (1..4), 0 when invalid, -1 when cut off by the end.
int utf8SequenceLength(const unsigned char* p, qsizetype available)
{
    const unsigned char c = p[0];
    int len = 0;
    char32_t min = 0;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    char32_t cp = c & (0x7F >> len);
    for (int i = 1; i < len; ++i) {
        if (i >= available)
            return -1;
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

} // namespace

QString textEncodingName(TextEncoding encoding)
{
    switch (encoding) {
    case TextEncoding::Utf8:
        return QStringLiteral("UTF-8");
    case TextEncoding::Utf16LE:
        return QStringLiteral("UTF-16LE");
    case TextEncoding::Utf16BE:
        return QStringLiteral("UTF-16BE");
    case TextEncoding::Windows1252:
        return QStringLiteral("Windows-1252");
    }
    return {};
}

std::optional<TextEncoding> textEncodingFromName(const QString& name)
{
    QString n = name.trimmed().toLower();
    n.remove(QLatin1Char('-'));
    n.remove(QLatin1Char('_'));
    if (n == u"utf8" || n == u"utf8bom")
        return TextEncoding::Utf8;
    if (n == u"utf16le" || n == u"utf16")
        return TextEncoding::Utf16LE;
    if (n == u"utf16be")
        return TextEncoding::Utf16BE;
    if (n == u"windows1252" || n == u"cp1252" || n == u"latin1" || n == u"iso88591"
        || n == u"ansi")
        return TextEncoding::Windows1252;
    return std::nullopt;
}

EncodingGuess detectTextEncoding(QByteArrayView sample)
{
    EncodingGuess guess;
    const auto* p = reinterpret_cast<const unsigned char*>(sample.data());
    const qsizetype n = sample.size();
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        guess.encoding = TextEncoding::Utf8;
        guess.bomLength = 3;
        return guess;
    }
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        guess.encoding = TextEncoding::Utf16LE;
        guess.bomLength = 2;
        return guess;
    }
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        guess.encoding = TextEncoding::Utf16BE;
        guess.bomLength = 2;
        return guess;
    }
    // UTF-16 without BOM: ASCII text has a zero in every other byte.
    qsizetype zeroEven = 0, zeroOdd = 0, controls = 0;
    for (qsizetype i = 0; i < n; ++i) {
        if (p[i] == 0)
            (i % 2 == 0 ? zeroEven : zeroOdd)++;
        else if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f')
            ++controls;
    }
    if (n >= 4 && zeroOdd > n / 4 && zeroEven == 0) {
        guess.encoding = TextEncoding::Utf16LE;
        return guess;
    }
    if (n >= 4 && zeroEven > n / 4 && zeroOdd == 0) {
        guess.encoding = TextEncoding::Utf16BE;
        return guess;
    }
    if (zeroEven + zeroOdd > 0 || controls > n / 100 + 1) {
        guess.looksBinary = true;
        return guess;
    }
    qsizetype i = 0;
    bool valid = true;
    while (i < n) {
        const int len = utf8SequenceLength(p + i, n - i);
        if (len == -1)
            break; // cut by the end of the sample
        if (len == 0) {
            valid = false;
            break;
        }
        i += len;
    }
    guess.encoding = valid ? TextEncoding::Utf8 : TextEncoding::Windows1252;
    return guess;
}

qsizetype validUtf8Prefix(QByteArrayView data)
{
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    const qsizetype n = data.size();
    qsizetype i = 0;
    while (i < n) {
        while (i + 8 <= n) {
            quint64 word;
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        const int len = utf8SequenceLength(p + i, n - i);
        if (len <= 0)
            return i;
        i += len;
    }
    return i;
}

void appendUtf8(char32_t cp, std::string& out)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

char32_t windows1252ToUnicode(unsigned char byte)
{
    if (byte >= 0x80 && byte <= 0x9F)
        return kCp1252High[byte - 0x80];
    return byte;
}

Utf8Transcoder::Utf8Transcoder(TextEncoding encoding)
    : m_encoding(encoding)
{
}

void Utf8Transcoder::convert(QByteArrayView chunk, bool last, std::string& out)
{
    const auto* p = reinterpret_cast<const unsigned char*>(chunk.data());
    const qsizetype n = chunk.size();
    switch (m_encoding) {
    case TextEncoding::Utf8:
        if (!m_pending.empty()) {
            std::string joined = std::move(m_pending);
            m_pending.clear();
            joined.append(chunk.data(), static_cast<size_t>(n));
            convertUtf8(reinterpret_cast<const unsigned char*>(joined.data()),
                static_cast<qsizetype>(joined.size()), last, out);
        } else {
            convertUtf8(p, n, last, out);
        }
        break;
    case TextEncoding::Windows1252:
        out.reserve(out.size() + static_cast<size_t>(n));
        for (qsizetype i = 0; i < n; ++i) {
            if (p[i] < 0x80)
                out.push_back(static_cast<char>(p[i]));
            else
                appendUtf8(windows1252ToUnicode(p[i]), out);
        }
        break;
    case TextEncoding::Utf16LE:
    case TextEncoding::Utf16BE:
        if (!m_pending.empty()) {
            std::string joined = std::move(m_pending);
            m_pending.clear();
            joined.append(chunk.data(), static_cast<size_t>(n));
            convertUtf16(reinterpret_cast<const unsigned char*>(joined.data()),
                static_cast<qsizetype>(joined.size()), last, out);
        } else {
            convertUtf16(p, n, last, out);
        }
        break;
    }
}

void Utf8Transcoder::convertUtf8(const unsigned char* p, qsizetype n, bool last, std::string& out)
{
    out.reserve(out.size() + static_cast<size_t>(n));
    qsizetype i = 0;
    while (i < n) {
        // Fast path: runs of ASCII, eight bytes at a time.
        while (i + 8 <= n) {
            quint64 word;
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ULL)
                break;
            out.append(reinterpret_cast<const char*>(p + i), 8);
            i += 8;
        }
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            out.push_back(static_cast<char>(p[i]));
            ++i;
            continue;
        }
        const int len = utf8SequenceLength(p + i, n - i);
        if (len == -1 && !last) {
            m_pending.assign(reinterpret_cast<const char*>(p + i), static_cast<size_t>(n - i));
            return;
        }
        if (len <= 0) {
            ++m_invalid;
            appendUtf8(windows1252ToUnicode(p[i]), out);
            ++i;
            continue;
        }
        out.append(reinterpret_cast<const char*>(p + i), static_cast<size_t>(len));
        i += len;
    }
}

void Utf8Transcoder::convertUtf16(const unsigned char* p, qsizetype n, bool last, std::string& out)
{
    const bool le = m_encoding == TextEncoding::Utf16LE;
    out.reserve(out.size() + static_cast<size_t>(n / 2));
    qsizetype i = 0;
    for (; i + 1 < n; i += 2) {
        const char16_t unit = le ? static_cast<char16_t>(p[i] | (p[i + 1] << 8))
                                 : static_cast<char16_t>((p[i] << 8) | p[i + 1]);
        if (m_highSurrogate) {
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
                appendUtf8(0x10000 + ((char32_t(m_highSurrogate) - 0xD800) << 10)
                        + (char32_t(unit) - 0xDC00),
                    out);
                m_highSurrogate = 0;
                continue;
            }
            ++m_invalid;
            appendUtf8(0xFFFD, out);
            m_highSurrogate = 0;
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            m_highSurrogate = unit;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            ++m_invalid;
            appendUtf8(0xFFFD, out);
        } else {
            appendUtf8(unit, out);
        }
    }
    if (i < n) {
        if (last) {
            ++m_invalid;
            appendUtf8(0xFFFD, out);
        } else {
            m_pending.assign(1, static_cast<char>(p[i]));
        }
    }
    if (last && m_highSurrogate) {
        ++m_invalid;
        appendUtf8(0xFFFD, out);
        m_highSurrogate = 0;
    }
}

} // namespace seg
