#include "rfmsegmentmap.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

namespace seg {

namespace {

QString tr(const char* text, int n = -1)
{
    return QCoreApplication::translate("seg::RfmSegmentMap", text, nullptr, n);
}

RfmMapRule rule(const QString& name, ScoreRange r, ScoreRange fm)
{
    RfmMapRule out;
    out.name = name;
    out.r = r;
    out.fm = fm;
    return out;
}

Result<std::optional<ScoreRange>> rangeFrom(const QJsonObject& row, const QString& key, int index)
{
    const QJsonValue v = row.value(key);
    if (v.isUndefined() || v.isNull())
        return std::optional<ScoreRange>();
    auto bad = [&] {
        return makeError(ErrorCode::BadInput,
            tr("Segment map row %1: \u201c%2\u201d must be a score (1 to 5) or a range "
               "[low, high] with low \u2264 high.")
                .arg(index + 1)
                .arg(key));
    };
    ScoreRange range;
    if (v.isDouble()) {
        range.low = range.high = v.toInt(-1);
    } else if (v.isArray() && v.toArray().size() == 2 && v.toArray().at(0).isDouble()
        && v.toArray().at(1).isDouble()) {
        range.low = v.toArray().at(0).toInt(-1);
        range.high = v.toArray().at(1).toInt(-1);
    } else {
        return bad();
    }
    if (range.low < 1 || range.high > 5 || range.low > range.high)
        return bad();
    return std::optional<ScoreRange>(range);
}

QJsonValue rangeJson(const std::optional<ScoreRange>& range)
{
    if (!range)
        return QJsonValue();
    if (range->low == range->high)
        return range->low;
    return QJsonArray { range->low, range->high };
}

} // namespace

bool RfmMapRule::matches(int rScore, int fScore, int mScore, int fmScore) const
{
    return (!r || r->contains(rScore)) && (!f || f->contains(fScore)) && (!m || m->contains(mScore))
        && (!fm || fm->contains(fmScore));
}

RfmSegmentMap RfmSegmentMap::defaultMap()
{
    RfmSegmentMap map;
    map.rules = {
        rule(QStringLiteral("Champions"), { 5, 5 }, { 4, 5 }),
        rule(QStringLiteral("Loyal Customers"), { 3, 4 }, { 4, 5 }),
        rule(QStringLiteral("Potential Loyalists"), { 4, 5 }, { 2, 3 }),
        rule(QStringLiteral("New Customers"), { 5, 5 }, { 1, 1 }),
        rule(QStringLiteral("Promising"), { 4, 4 }, { 1, 1 }),
        rule(QStringLiteral("Need Attention"), { 3, 3 }, { 3, 3 }),
        rule(QStringLiteral("About To Sleep"), { 3, 3 }, { 1, 2 }),
        rule(QStringLiteral("At Risk"), { 1, 2 }, { 3, 4 }),
        rule(QStringLiteral("Can't Lose Them"), { 1, 2 }, { 5, 5 }),
        rule(QStringLiteral("Hibernating"), { 2, 2 }, { 1, 2 }),
        rule(QStringLiteral("Lost"), { 1, 1 }, { 1, 2 }),
    };
    return map;
}

Result<RfmSegmentMap> RfmSegmentMap::fromJson(const QJsonObject& json)
{
    RfmSegmentMap map;
    const QJsonValue segments = json.value(QStringLiteral("segments"));
    if (!segments.isArray() || segments.toArray().isEmpty())
        return makeError(ErrorCode::BadInput,
            tr("A segment map needs a list \u201csegments\u201d with at least one row."));
    if (json.contains(QStringLiteral("other"))) {
        map.otherName = json.value(QStringLiteral("other")).toString().trimmed();
        if (map.otherName.isEmpty())
            return makeError(ErrorCode::BadInput,
                tr("The name for customers no row matches (\u201cother\u201d) is empty."));
    }
    const QJsonArray rows = segments.toArray();
    for (int i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).isObject())
            return makeError(ErrorCode::BadInput,
                tr("Segment map row %1 is not an object with a name and score ranges.").arg(i + 1));
        const QJsonObject row = rows.at(i).toObject();
        RfmMapRule r;
        r.name = row.value(QStringLiteral("name")).toString().trimmed();
        if (r.name.isEmpty())
            return makeError(ErrorCode::BadInput, tr("Segment map row %1 has no name.").arg(i + 1));
        for (const QString& key : row.keys()) {
            static const QSet<QString> known { QStringLiteral("name"), QStringLiteral("r"),
                QStringLiteral("f"), QStringLiteral("m"), QStringLiteral("fm") };
            if (!known.contains(key))
                return makeError(ErrorCode::BadInput,
                    tr("Segment map row %1 (%2): unknown key \u201c%3\u201d; use r, f, m or fm.")
                        .arg(i + 1)
                        .arg(r.name, key));
        }
        auto rr = rangeFrom(row, QStringLiteral("r"), i);
        auto fr = rangeFrom(row, QStringLiteral("f"), i);
        auto mr = rangeFrom(row, QStringLiteral("m"), i);
        auto fmr = rangeFrom(row, QStringLiteral("fm"), i);
        for (const auto* x : { &rr, &fr, &mr, &fmr }) {
            if (!*x)
                return x->error();
        }
        r.r = *rr;
        r.f = *fr;
        r.m = *mr;
        r.fm = *fmr;
        map.rules.append(r);
    }
    return map;
}

QJsonObject RfmSegmentMap::toJson() const
{
    QJsonArray rows;
    for (const RfmMapRule& r : rules) {
        QJsonObject row { { QStringLiteral("name"), r.name } };
        const std::pair<const char*, const std::optional<ScoreRange>*> keys[]
            = { { "r", &r.r }, { "f", &r.f }, { "m", &r.m }, { "fm", &r.fm } };
        for (const auto& [key, range] : keys) {
            if (*range)
                row.insert(QLatin1String(key), rangeJson(*range));
        }
        rows.append(row);
    }
    return QJsonObject { { QStringLiteral("other"), otherName },
        { QStringLiteral("segments"), rows } };
}

int RfmSegmentMap::ruleFor(int r, int f, int m) const
{
    const int fm = fmScore(f, m);
    for (int i = 0; i < rules.size(); ++i) {
        if (rules.at(i).matches(r, f, m, fm))
            return i;
    }
    return -1;
}

QString RfmSegmentMap::segmentFor(int r, int f, int m) const
{
    const int i = ruleFor(r, f, m);
    return i < 0 ? otherName : rules.at(i).name;
}

RfmSegmentMap::Coverage RfmSegmentMap::coverage(int bins) const
{
    Coverage out;
    const bool onlyRAndFm = std::all_of(
        rules.cbegin(), rules.cend(), [](const RfmMapRule& r) { return !r.f && !r.m; });
    QList<bool> used(rules.size(), false);
    QSet<QString> seen;
    for (int r = 1; r <= bins; ++r) {
        for (int f = 1; f <= bins; ++f) {
            for (int m = 1; m <= bins; ++m) {
                const int i = ruleFor(r, f, m);
                if (i >= 0) {
                    used[i] = true;
                    continue;
                }
                const QString cell = onlyRAndFm ? tr("R %1, FM %2").arg(r).arg(fmScore(f, m))
                                                : tr("R %1, F %2, M %3").arg(r).arg(f).arg(m);
                if (!seen.contains(cell)) {
                    seen.insert(cell);
                    out.unmatchedCells.append(cell);
                }
            }
        }
    }
    for (int i = 0; i < rules.size(); ++i) {
        if (!used.at(i))
            out.neverMatching.append(rules.at(i).name);
    }
    return out;
}

QStringList RfmSegmentMap::Coverage::warnings() const
{
    QStringList out;
    if (!unmatchedCells.isEmpty()) {
        const QString cells = unmatchedCells.join(QStringLiteral("; "));
        out.append(unmatchedCells.size() == 1
                ? tr("1 score cell matches no row and goes to the remainder segment: %1.")
                      .arg(cells)
                : tr("%1 score cells match no row and go to the remainder segment: %2.")
                      .arg(unmatchedCells.size())
                      .arg(cells));
    }
    for (const QString& name : neverMatching)
        out.append(tr("The row \u201c%1\u201d can never match: earlier rows take all its cells, or "
                      "its ranges are outside the scores in use.")
                       .arg(name));
    return out;
}

} // namespace seg
