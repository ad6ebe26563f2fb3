#pragma once

#include "result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace seg {

/// An inclusive range of scores, e.g. 4–5.
struct ScoreRange {
    int low = 1;
    int high = 5;
    bool contains(int score) const { return score >= low && score <= high; }
};

/// One row of an RFM segment map: a name and conditions on some of R, F, M and FM (the mean of
/// F and M rounded half up). An absent condition matches every score.
struct RfmMapRule {
    QString name;
    std::optional<ScoreRange> r;
    std::optional<ScoreRange> f;
    std::optional<ScoreRange> m;
    std::optional<ScoreRange> fm;
    bool matches(int rScore, int fScore, int mScore, int fmScore) const;
};

/// Names RFM score combinations. Rows are tried in order and the first that matches names the
/// customer; a combination that no row matches gets otherName ("Other").
class RfmSegmentMap {
public:
    /// The default 11-segment map on R and FM (../shared/PRODUCT.md): every one of the 25
    /// cells of 5 bins belongs to exactly one segment.
    static RfmSegmentMap defaultMap();
    /// Reads {"other": "...", "segments": [{"name": "...", "r": [lo, hi], "f": ..., "m": ...,
    /// "fm": ...}, ...]}; a single number stands for [n, n]. Errors name the row and key.
    static Result<RfmSegmentMap> fromJson(const QJsonObject& json);
    QJsonObject toJson() const;

    /// FM score of F and M: (F + M) / 2 rounded half up.
    static int fmScore(int f, int m) { return (f + m + 1) / 2; }
    /// Index of the first matching rule, or -1.
    int ruleFor(int r, int f, int m) const;
    /// Name of the segment of these scores.
    QString segmentFor(int r, int f, int m) const;

    /// Which score cells no row matches and which rows can never match, for `bins` bins.
    struct Coverage {
        /// Cells that fall to "Other", as text ("R 2, FM 5" when the map uses only R and FM,
        /// else "R 2, F 3, M 5").
        QStringList unmatchedCells;
        /// Rows whose every cell is taken by an earlier row, or whose ranges lie outside
        /// 1..bins.
        QStringList neverMatching;
        /// Plain-language warnings built from the two lists.
        QStringList warnings() const;
    };
    Coverage coverage(int bins) const;

    QList<RfmMapRule> rules;
    QString otherName = QStringLiteral("Other");
};

} // namespace seg
