#pragma once

#include "textencoding.h"

#include <QString>

namespace seg {

/// How the bytes of a delimited text file are split into records and fields.
struct CsvDialect {
    /// Delimiter used for runs of spaces and tabs (whitespace-aligned, fixed-width style exports).
    static constexpr char WhitespaceRuns = ' ';

    TextEncoding encoding = TextEncoding::Utf8;
    /// ',', ';', '\t', '|' or WhitespaceRuns.
    char delimiter = ',';
    char quote = '"';
    bool hasHeader = true;

    /// Stable name of a delimiter for the CLI and JSON: "comma", "semicolon", "tab", "pipe",
    /// "spaces".
    static QString delimiterName(char delimiter);
    /// Inverse of delimiterName(); also accepts the character itself and "\t".
    static std::optional<char> delimiterFromName(const QString& name);
};

} // namespace seg
