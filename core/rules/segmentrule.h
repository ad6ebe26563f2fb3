#pragma once

#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace seg {

/// Comparison of one condition. Which operators fit which field type is in FieldCatalog.
enum class RuleOperator {
    Equal, ///< numbers: =
    NotEqual, ///< ≠
    Less, ///< <
    LessOrEqual, ///< ≤
    Greater, ///< >
    GreaterOrEqual, ///< ≥
    Between, ///< numbers and dates, both ends included
    Is, ///< categories and text (exact), yes/no ("is yes")
    IsNot,
    IsOneOf,
    IsNoneOf,
    Contains, ///< text, case-insensitive for ASCII letters
    StartsWith,
    EndsWith,
    Before, ///< dates: strictly before the day
    After, ///< dates: strictly after the day
    WithinLast, ///< dates: from analysis date - N units up to the analysis date
    MoreThanAgo, ///< dates: earlier than analysis date - N days
    IsMissing,
    IsNotMissing,
};

/// Unit of WithinLast.
enum class RuleUnit { Days, Weeks, Months };

/// One node of a segment definition: a condition or an AND / OR group. Either may be negated:
/// a negated node matches the customers that its positive form does not match (including those
/// with a missing value; a missing value itself never satisfies a comparison).
struct RuleNode {
    enum class Kind { Condition, And, Or };
    Kind kind = Kind::And;
    bool negated = false;

    // Condition
    QString field;
    RuleOperator op = RuleOperator::Equal;
    /// Operands: one for most operators, two for Between, any number for IsOneOf/IsNoneOf,
    /// one integer N for WithinLast/MoreThanAgo, none for IsMissing/IsNotMissing. Numbers are
    /// double, dates QDate, text QString, yes/no bool.
    QVariantList values;
    RuleUnit unit = RuleUnit::Days;

    // Group
    QList<RuleNode> children;

    /// Character offset in the text it was parsed from, -1 when not parsed (error messages).
    int position = -1;

    bool isGroup() const { return kind != Kind::Condition; }
    /// Structural equality (ignores position).
    bool operator==(const RuleNode& other) const;

    static RuleNode condition(const QString& field, RuleOperator op, QVariantList values = {},
        RuleUnit unit = RuleUnit::Days);
    static RuleNode group(Kind kind, QList<RuleNode> children = {});
};

/// A segment definition: the root group (empty = every customer).
class SegmentRule {
public:
    SegmentRule() = default;
    explicit SegmentRule(RuleNode root);

    const RuleNode& root() const { return m_root; }
    RuleNode& root() { return m_root; }
    bool isEmpty() const { return m_root.children.isEmpty(); }

    /// The canonical tree: the root is a group; a root with a single non-negated group child
    /// is that child. Text and JSON round trips are exact for normalized rules.
    SegmentRule normalized() const;

    /// Versioned JSON ({"version": 1, "root": {...}}).
    QJsonObject toJson() const;
    static Result<SegmentRule> fromJson(const QJsonObject& json);

    /// The text form (see docs/RULES.md).
    QString toText() const;
    /// Parses the text form; errors give the character position ("at character 17").
    static Result<SegmentRule> parse(const QString& text);

    bool operator==(const SegmentRule& other) const { return m_root == other.m_root; }

    static constexpr int kJsonVersion = 1;

private:
    RuleNode m_root = RuleNode::group(RuleNode::Kind::And);
};

/// Text of an operator in the text form ("is one of", ">=", "within").
QString ruleOperatorText(RuleOperator op);
/// Stable name for JSON ("is_one_of", "ge"...).
QString ruleOperatorKey(RuleOperator op);
std::optional<RuleOperator> ruleOperatorFromKey(const QString& key);

} // namespace seg
