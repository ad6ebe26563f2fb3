#include "ruleparser.h"

#include <QCoreApplication>
#include <QDate>
#include <QSet>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::RuleParser", text); }

enum class TokenType { Word, Field, String, Number, Date, Symbol, End };

struct Token {
    TokenType type = TokenType::End;
    QString text; ///< word (lower-cased copy in `lower`), field name, string value, symbol
    QString lower;
    double number = 0;
    QDate date;
    int position = 0; ///< 0-based character offset
};

const QSet<QString>& keywords()
{
    static const QSet<QString> words {
        QStringLiteral("and"),
        QStringLiteral("or"),
        QStringLiteral("not"),
        QStringLiteral("is"),
        QStringLiteral("one"),
        QStringLiteral("none"),
        QStringLiteral("of"),
        QStringLiteral("contains"),
        QStringLiteral("starts"),
        QStringLiteral("ends"),
        QStringLiteral("with"),
        QStringLiteral("between"),
        QStringLiteral("before"),
        QStringLiteral("after"),
        QStringLiteral("within"),
        QStringLiteral("the"),
        QStringLiteral("last"),
        QStringLiteral("more"),
        QStringLiteral("than"),
        QStringLiteral("day"),
        QStringLiteral("days"),
        QStringLiteral("week"),
        QStringLiteral("weeks"),
        QStringLiteral("month"),
        QStringLiteral("months"),
        QStringLiteral("ago"),
        QStringLiteral("missing"),
        QStringLiteral("yes"),
        QStringLiteral("no"),
        QStringLiteral("true"),
        QStringLiteral("false"),
    };
    return words;
}

Error errorAt(int position, const QString& message)
{
    return makeError(
        ErrorCode::BadInput, tr("%1 (at character %2)").arg(message).arg(position + 1));
}

Result<QList<Token>> tokenize(const QString& s)
{
    QList<Token> out;
    int i = 0;
    const int n = static_cast<int>(s.size());
    while (i < n) {
        const QChar c = s.at(i);
        if (c.isSpace()) {
            ++i;
            continue;
        }
        Token t;
        t.position = i;
        if (c == u'"') {
            QString value;
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar d = s.at(i);
                if (d == u'"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (d == u'\\' && i + 1 < n) {
                    const QChar e = s.at(i + 1);
                    value += e == u'n' ? QChar(u'\n')
                        : e == u'r'    ? QChar(u'\r')
                        : e == u't'    ? QChar(u'\t')
                                       : e;
                    i += 2;
                    continue;
                }
                value += d;
                ++i;
            }
            if (!closed)
                return errorAt(t.position, tr("This text has no closing double quote"));
            t.type = TokenType::String;
            t.text = value;
        } else if (c == u'`') {
            QString name;
            ++i;
            bool closed = false;
            while (i < n) {
                if (s.at(i) == u'`') {
                    if (i + 1 < n && s.at(i + 1) == u'`') {
                        name += u'`';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                name += s.at(i++);
            }
            if (!closed || name.isEmpty())
                return errorAt(
                    t.position, tr("A field name in backquotes needs a closing backquote"));
            t.type = TokenType::Field;
            t.text = name;
        } else if (c.isDigit() || (c == u'-' && i + 1 < n && s.at(i + 1).isDigit())
            || (c == u'.' && i + 1 < n && s.at(i + 1).isDigit())) {
            int j = i + (c == u'-' ? 1 : 0);
            // A date: four digits, '-', two digits, '-', two digits.
            if (c.isDigit() && i + 10 <= n) {
                const QString candidate = s.mid(i, 10);
                bool shape
                    = candidate.size() == 10 && candidate.at(4) == u'-' && candidate.at(7) == u'-';
                for (int k : { 0, 1, 2, 3, 5, 6, 8, 9 })
                    shape = shape && candidate.at(k).isDigit();
                if (shape && (i + 10 >= n || !s.at(i + 10).isLetterOrNumber())) {
                    t.type = TokenType::Date;
                    t.date = QDate::fromString(candidate, Qt::ISODate);
                    if (!t.date.isValid())
                        return errorAt(i, tr("%1 is not a date").arg(candidate));
                    t.text = candidate;
                    i += 10;
                    out.append(t);
                    continue;
                }
            }
            while (j < n && (s.at(j).isDigit() || s.at(j) == u'.'))
                ++j;
            if (j < n && (s.at(j) == u'e' || s.at(j) == u'E')) {
                int k = j + 1;
                if (k < n && (s.at(k) == u'+' || s.at(k) == u'-'))
                    ++k;
                if (k < n && s.at(k).isDigit()) {
                    j = k;
                    while (j < n && s.at(j).isDigit())
                        ++j;
                }
            }
            if (j < n && (s.at(j).isLetter() || s.at(j) == u'_'))
                return errorAt(i,
                    tr("\u201c%1\u201d is not a number; put text in double quotes")
                        .arg(s.mid(i, j - i + 1)));
            bool ok = false;
            t.number = s.mid(i, j - i).toDouble(&ok);
            if (!ok)
                return errorAt(i, tr("\u201c%1\u201d is not a number").arg(s.mid(i, j - i)));
            t.type = TokenType::Number;
            t.text = s.mid(i, j - i);
            i = j;
        } else if (c.isLetter() || c == u'_') {
            int j = i;
            while (j < n && (s.at(j).isLetterOrNumber() || s.at(j) == u'_'))
                ++j;
            t.type = TokenType::Word;
            t.text = s.mid(i, j - i);
            t.lower = t.text.toLower();
            i = j;
        } else {
            t.type = TokenType::Symbol;
            const QString two = s.mid(i, 2);
            if (two == u"<=" || two == u">=" || two == u"!=" || two == u"<>") {
                t.text = two == u"<>" ? QStringLiteral("!=") : two;
                i += 2;
            } else if (c == u'\u2264') {
                t.text = QStringLiteral("<=");
                ++i;
            } else if (c == u'\u2265') {
                t.text = QStringLiteral(">=");
                ++i;
            } else if (c == u'\u2260') {
                t.text = QStringLiteral("!=");
                ++i;
            } else if (QStringLiteral("()=<>,").contains(c)) {
                t.text = c;
                ++i;
            } else {
                return errorAt(i, tr("Unexpected character \u201c%1\u201d").arg(c));
            }
        }
        out.append(t);
    }
    Token end;
    end.type = TokenType::End;
    end.position = n;
    out.append(end);
    return out;
}

class Parser {
public:
    explicit Parser(QList<Token> tokens)
        : m_tokens(std::move(tokens))
    {
    }

    Result<SegmentRule> parseRule()
    {
        if (peek().type == TokenType::End)
            return SegmentRule();
        auto chain = parseChain(0);
        if (!chain)
            return chain.error();
        if (peek().type != TokenType::End) {
            if (isSymbol(peek(), u")"))
                return errorAt(peek().position, tr("This closing parenthesis has no opening one"));
            return errorAt(peek().position,
                tr("Expected \u201cand\u201d or \u201cor\u201d before \u201c%1\u201d")
                    .arg(describe(peek())));
        }
        RuleNode root;
        if (chain->size() == 1) {
            const RuleNode& only = chain->constFirst();
            root = only.isGroup() && !only.negated ? only
                                                   : RuleNode::group(RuleNode::Kind::And, { only });
        } else {
            root = RuleNode::group(m_chainKind, *chain);
        }
        return SegmentRule(root).normalized();
    }

private:
    const Token& peek(int ahead = 0) const
    {
        const int i = std::min(m_pos + ahead, static_cast<int>(m_tokens.size()) - 1);
        return m_tokens.at(i);
    }
    const Token& next()
    {
        return m_tokens.at(std::min(m_pos++, static_cast<int>(m_tokens.size()) - 1));
    }
    static bool isWord(const Token& t, const char* word)
    {
        return t.type == TokenType::Word && t.lower == QLatin1String(word);
    }
    static bool isSymbol(const Token& t, const char16_t* symbol)
    {
        return t.type == TokenType::Symbol && t.text == QStringView(symbol);
    }
    static QString describe(const Token& t)
    {
        if (t.type == TokenType::End)
            return tr("the end");
        if (t.type == TokenType::String)
            return QLatin1Char('"') + t.text + QLatin1Char('"');
        return t.text;
    }
    Error expected(const QString& what) const
    {
        return errorAt(
            peek().position, tr("Expected %1, found \u201c%2\u201d").arg(what, describe(peek())));
    }

    /// A list of operands joined by one kind of connective; sets m_chainKind.
    Result<QList<RuleNode>> parseChain(int depth)
    {
        if (depth > 64)
            return errorAt(peek().position, tr("The definition is nested too deeply"));
        auto first = parseUnary(depth);
        if (!first)
            return first.error();
        std::optional<RuleNode::Kind> kind;
        // AND binds tighter than OR: a chain of ORs holds AND chains.
        QList<RuleNode> andRun { *first };
        QList<RuleNode> orItems;
        while (isWord(peek(), "and") || isWord(peek(), "or")) {
            const bool isAnd = isWord(peek(), "and");
            next();
            auto operand = parseUnary(depth);
            if (!operand)
                return operand.error();
            if (isAnd) {
                andRun.append(*operand);
            } else {
                orItems.append(andRun.size() == 1 ? andRun.constFirst()
                                                  : RuleNode::group(RuleNode::Kind::And, andRun));
                andRun = { *operand };
                kind = RuleNode::Kind::Or;
            }
        }
        if (!kind) {
            m_chainKind = RuleNode::Kind::And;
            return andRun;
        }
        orItems.append(andRun.size() == 1 ? andRun.constFirst()
                                          : RuleNode::group(RuleNode::Kind::And, andRun));
        m_chainKind = RuleNode::Kind::Or;
        return orItems;
    }

    Result<RuleNode> parseUnary(int depth)
    {
        if (isWord(peek(), "not")) {
            const int position = next().position;
            auto inner = parseUnary(depth + 1);
            if (!inner)
                return inner.error();
            inner->negated = !inner->negated;
            inner->position = position;
            return inner;
        }
        if (isSymbol(peek(), u"(")) {
            const int position = next().position;
            if (isSymbol(peek(), u")"))
                return errorAt(peek().position, tr("Empty parentheses: put conditions inside"));
            auto chain = parseChain(depth + 1);
            if (!chain)
                return chain.error();
            if (!isSymbol(peek(), u")"))
                return errorAt(peek().position,
                    peek().type == TokenType::End
                        ? tr("The parenthesis opened at character %1 is not closed")
                              .arg(position + 1)
                        : tr("Expected \u201c)\u201d, \u201cand\u201d or \u201cor\u201d, found "
                             "\u201c%1\u201d")
                              .arg(describe(peek())));
            next();
            RuleNode group = RuleNode::group(m_chainKind, *chain);
            group.position = position;
            return group;
        }
        return parseCondition();
    }

    Result<QVariant> parseValue()
    {
        const Token& t = peek();
        switch (t.type) {
        case TokenType::String:
            next();
            return QVariant(t.text);
        case TokenType::Number:
            next();
            return QVariant(t.number);
        case TokenType::Date:
            next();
            return QVariant(t.date);
        case TokenType::Word:
            if (t.lower == u"yes" || t.lower == u"true") {
                next();
                return QVariant(true);
            }
            if (t.lower == u"no" || t.lower == u"false") {
                next();
                return QVariant(false);
            }
            return errorAt(t.position,
                tr("Expected a value, found \u201c%1\u201d: put text in double quotes, like "
                   "\"%1\"")
                    .arg(t.text));
        default:
            return expected(tr("a value (a number, \"text\" in double quotes, a date as "
                               "YYYY-MM-DD, yes or no)"));
        }
    }

    Result<QVariantList> parseList()
    {
        if (!isSymbol(peek(), u"("))
            return expected(tr("\u201c(\u201d and a list of values"));
        next();
        QVariantList values;
        while (true) {
            auto v = parseValue();
            if (!v)
                return v.error();
            values.append(*v);
            if (isSymbol(peek(), u",")) {
                next();
                continue;
            }
            if (isSymbol(peek(), u")")) {
                next();
                return values;
            }
            return expected(tr("\u201c,\u201d or \u201c)\u201d in the list"));
        }
    }

    Result<qint64> parseCount()
    {
        const Token& t = peek();
        if (t.type != TokenType::Number || t.number < 0 || t.number != std::floor(t.number)
            || t.number > 100000)
            return expected(tr("a whole number of days, weeks or months"));
        next();
        return static_cast<qint64>(t.number);
    }

    Result<RuleNode> parseCondition()
    {
        const Token& fieldToken = peek();
        QString field;
        if (fieldToken.type == TokenType::Field) {
            field = fieldToken.text;
        } else if (fieldToken.type == TokenType::Word && !keywords().contains(fieldToken.lower)) {
            field = fieldToken.text;
        } else if (fieldToken.type == TokenType::End) {
            return expected(tr("a condition"));
        } else {
            return expected(tr("a field name (write names that are also words of the rule "
                               "language in backquotes, like `last`)"));
        }
        next();
        RuleNode n = RuleNode::condition(field, RuleOperator::Equal);
        n.position = fieldToken.position;
        const Token& op = peek();

        auto single = [&](RuleOperator o) -> Result<RuleNode> {
            auto v = parseValue();
            if (!v)
                return v.error();
            n.op = o;
            n.values = { *v };
            return n;
        };

        if (op.type == TokenType::Symbol && op.text != u"(" && op.text != u")" && op.text != u",") {
            next();
            const QString& s = op.text;
            const RuleOperator o = s == u"=" ? RuleOperator::Equal
                : s == u"!="                 ? RuleOperator::NotEqual
                : s == u"<"                  ? RuleOperator::Less
                : s == u"<="                 ? RuleOperator::LessOrEqual
                : s == u">"                  ? RuleOperator::Greater
                                             : RuleOperator::GreaterOrEqual;
            return single(o);
        }
        if (isWord(op, "between")) {
            next();
            auto low = parseValue();
            if (!low)
                return low.error();
            if (!isWord(peek(), "and"))
                return expected(tr("\u201cand\u201d between the two ends of the range"));
            next();
            auto high = parseValue();
            if (!high)
                return high.error();
            n.op = RuleOperator::Between;
            n.values = { *low, *high };
            return n;
        }
        if (isWord(op, "is")) {
            next();
            if (isWord(peek(), "not")) {
                next();
                if (isWord(peek(), "missing")) {
                    next();
                    n.op = RuleOperator::IsNotMissing;
                    return n;
                }
                return single(RuleOperator::IsNot);
            }
            if (isWord(peek(), "missing")) {
                next();
                n.op = RuleOperator::IsMissing;
                return n;
            }
            for (const auto& [word, o] : { std::pair { "one", RuleOperator::IsOneOf },
                     std::pair { "none", RuleOperator::IsNoneOf } }) {
                if (!isWord(peek(), word))
                    continue;
                next();
                if (!isWord(peek(), "of"))
                    return expected(tr("\u201cof\u201d"));
                next();
                auto list = parseList();
                if (!list)
                    return list.error();
                n.op = o;
                n.values = *list;
                return n;
            }
            return single(RuleOperator::Is);
        }
        if (isWord(op, "contains")) {
            next();
            return single(RuleOperator::Contains);
        }
        for (const auto& [word, o] : { std::pair { "starts", RuleOperator::StartsWith },
                 std::pair { "ends", RuleOperator::EndsWith } }) {
            if (!isWord(op, word))
                continue;
            next();
            if (!isWord(peek(), "with"))
                return expected(tr("\u201cwith\u201d"));
            next();
            return single(o);
        }
        if (isWord(op, "before")) {
            next();
            return single(RuleOperator::Before);
        }
        if (isWord(op, "after")) {
            next();
            return single(RuleOperator::After);
        }
        if (isWord(op, "within")) {
            next();
            if (isWord(peek(), "the")) {
                next();
                if (!isWord(peek(), "last"))
                    return expected(tr("\u201clast\u201d"));
                next();
            } else if (isWord(peek(), "last")) {
                next();
            }
            auto count = parseCount();
            if (!count)
                return count.error();
            const Token& unit = peek();
            if (isWord(unit, "days") || isWord(unit, "day"))
                n.unit = RuleUnit::Days;
            else if (isWord(unit, "weeks") || isWord(unit, "week"))
                n.unit = RuleUnit::Weeks;
            else if (isWord(unit, "months") || isWord(unit, "month"))
                n.unit = RuleUnit::Months;
            else
                return expected(tr("days, weeks or months"));
            next();
            n.op = RuleOperator::WithinLast;
            n.values = { QVariant(static_cast<double>(*count)) };
            return n;
        }
        if (isWord(op, "more")) {
            next();
            if (!isWord(peek(), "than"))
                return expected(tr("\u201cthan\u201d"));
            next();
            auto count = parseCount();
            if (!count)
                return count.error();
            if (!isWord(peek(), "days") && !isWord(peek(), "day"))
                return expected(tr("\u201cdays\u201d"));
            next();
            if (!isWord(peek(), "ago"))
                return expected(tr("\u201cago\u201d"));
            next();
            n.op = RuleOperator::MoreThanAgo;
            n.values = { QVariant(static_cast<double>(*count)) };
            return n;
        }
        return errorAt(op.position,
            tr("Expected an operator after \u201c%1\u201d (=, <, >, between, is, is one of, "
               "contains, before, after, within, is missing...), found \u201c%2\u201d")
                .arg(field, describe(op)));
    }

    QList<Token> m_tokens;
    int m_pos = 0;
    RuleNode::Kind m_chainKind = RuleNode::Kind::And;
};

} // namespace

Result<SegmentRule> RuleParser::parse(const QString& text)
{
    auto tokens = tokenize(text);
    if (!tokens)
        return tokens.error();
    Parser parser(std::move(*tokens));
    return parser.parseRule();
}

bool RuleParser::isKeyword(const QString& word) { return keywords().contains(word.toLower()); }

} // namespace seg
