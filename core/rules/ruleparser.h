#pragma once

#include "result.h"
#include "segmentrule.h"

#include <QString>

namespace seg {

/// Parser of the text form of segment definitions (grammar: docs/RULES.md).
///
/// Recursive descent over a small tokenizer. Keywords are case-insensitive; field names are
/// identifiers or `backquoted` names. Errors say what was expected and where ("at character
/// 17", counting from 1) and carry nothing else; the parser never throws.
class RuleParser {
public:
    /// Parses `text` into a normalized rule (see SegmentRule::normalized()).
    static Result<SegmentRule> parse(const QString& text);
    /// True for words of the grammar ("and", "is", "within"...), which need backquotes as field
    /// names.
    static bool isKeyword(const QString& word);
};

} // namespace seg
