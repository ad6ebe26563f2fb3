#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>
#include <string>

namespace seg {

/// Character encoding of an input file. Everything is turned into UTF-8 while reading.
enum class TextEncoding { Utf8, Utf16LE, Utf16BE, Windows1252 };

/// Stable name used in the CLI and the workspace ("UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252").
QString textEncodingName(TextEncoding encoding);
/// Accepts the names above and common spellings (utf8, cp1252, latin1, iso-8859-1...).
std::optional<TextEncoding> textEncodingFromName(const QString& name);

/// What detectTextEncoding() found at the start of a file.
struct EncodingGuess {
    TextEncoding encoding = TextEncoding::Utf8;
    int bomLength = 0; ///< bytes of byte-order mark to skip (0 when there is none)
    bool looksBinary = false; ///< NUL bytes or control characters: not a text file
};

/// Guesses the encoding from the first bytes of a file: a BOM decides (UTF-8, UTF-16 LE/BE);
/// without one, UTF-16 is recognised by its zero bytes, valid UTF-8 is UTF-8 and anything else is
/// Windows-1252. A sample cut in the middle of a UTF-8 sequence still counts as UTF-8.
EncodingGuess detectTextEncoding(QByteArrayView sample);

/// Length of the longest prefix of `data` made of complete, valid UTF-8 sequences. A result
/// below data.size() - 3 means an invalid byte at that offset; otherwise the rest may be a
/// sequence cut by the end of the data.
qsizetype validUtf8Prefix(QByteArrayView data);

/// Streaming transcoder from an encoding to UTF-8. Chunks may split characters anywhere.
/// For UTF-8 input, invalid byte sequences are read as Windows-1252 characters (so nothing is
/// lost) and counted in invalidSequences(). Not thread-safe.
class Utf8Transcoder {
public:
    explicit Utf8Transcoder(TextEncoding encoding);
    /// Appends the UTF-8 form of `chunk` to `out`; `last` flushes incomplete trailing bytes.
    void convert(QByteArrayView chunk, bool last, std::string& out);
    qint64 invalidSequences() const { return m_invalid; }

private:
    void convertUtf8(const unsigned char* p, qsizetype n, bool last, std::string& out);
    void convertUtf16(const unsigned char* p, qsizetype n, bool last, std::string& out);

    TextEncoding m_encoding;
    std::string m_pending; // incomplete bytes carried to the next chunk
    char16_t m_highSurrogate = 0;
    qint64 m_invalid = 0;
};

/// Appends the UTF-8 encoding of one code point.
void appendUtf8(char32_t codePoint, std::string& out);
/// Unicode code point of a Windows-1252 byte (0x80-0x9F map to typographic characters).
char32_t windows1252ToUnicode(unsigned char byte);

} // namespace seg
