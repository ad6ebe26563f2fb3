#include "rfmmodel.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::RfmModel", text); }

QJsonObject dimensionJson(const RfmDimension& d)
{
    QJsonArray thresholds;
    for (double t : d.thresholds)
        thresholds.append(t);
    QJsonArray counts;
    for (qint64 c : d.counts)
        counts.append(c);
    return QJsonObject { { QStringLiteral("thresholds"), thresholds },
        { QStringLiteral("counts"), counts }, { QStringLiteral("custom"), d.custom } };
}

Result<RfmDimension> makeDimension(std::vector<double> values,
    const std::optional<std::vector<double>>& custom, int bins, const QString& name)
{
    RfmDimension d;
    d.counts.assign(static_cast<size_t>(bins), 0);
    if (custom) {
        if (static_cast<int>(custom->size()) != bins - 1)
            return makeError(ErrorCode::Usage,
                tr("%1 needs %2 thresholds for %3 scores; %4 were given.")
                    .arg(name)
                    .arg(bins - 1)
                    .arg(bins)
                    .arg(custom->size()));
        for (size_t i = 0; i < custom->size(); ++i) {
            if (!std::isfinite((*custom)[i]) || (i > 0 && !((*custom)[i] > (*custom)[i - 1])))
                return makeError(ErrorCode::Usage,
                    tr("The %1 thresholds must be numbers in increasing order.").arg(name));
        }
        d.thresholds = *custom;
        d.custom = true;
        return d;
    }
    std::sort(values.begin(), values.end());
    d.thresholds = RfmModel::quantileThresholds(values, bins);
    return d;
}

} // namespace

std::vector<double> RfmModel::quantileThresholds(const std::vector<double>& sorted, int bins)
{
    std::vector<double> out;
    if (sorted.empty() || bins < 2)
        return out;
    const double n = static_cast<double>(sorted.size());
    for (int i = 1; i < bins; ++i) {
        const double h = (n - 1) * static_cast<double>(i) / static_cast<double>(bins);
        const double lowIndex = std::floor(h);
        const size_t lo = static_cast<size_t>(lowIndex);
        const size_t hi = std::min(lo + 1, sorted.size() - 1);
        out.push_back(sorted[lo] + (h - lowIndex) * (sorted[hi] - sorted[lo]));
    }
    return out;
}

int RfmModel::bin(double value, const std::vector<double>& thresholds)
{
    // Thresholds ascend, so the count of those below `value` is a partition point.
    return 1
        + static_cast<int>(
            std::lower_bound(thresholds.begin(), thresholds.end(), value) - thresholds.begin());
}

Result<RfmResult> RfmModel::fit(
    const std::vector<CustomerMetricsRow>& metrics, const RfmOptions& options, JobContext& job)
{
    if (options.bins < 3 || options.bins > 5)
        return makeError(ErrorCode::Usage,
            tr("RFM scores use 3, 4 or 5 bins; %1 was asked for.").arg(options.bins));
    RfmResult out;
    out.bins = options.bins;
    std::vector<const CustomerMetricsRow*> scored;
    scored.reserve(metrics.size());
    for (const CustomerMetricsRow& m : metrics) {
        if (m.orders > 0 && m.recencyDays)
            scored.push_back(&m);
        else
            ++out.prospects;
    }
    out.customersScored = static_cast<qint64>(scored.size());
    std::vector<double> recency;
    std::vector<double> frequency;
    std::vector<double> monetary;
    recency.reserve(scored.size());
    frequency.reserve(scored.size());
    monetary.reserve(scored.size());
    for (const CustomerMetricsRow* m : scored) {
        recency.push_back(static_cast<double>(*m->recencyDays));
        frequency.push_back(static_cast<double>(m->orders));
        monetary.push_back(m->revenue);
    }
    auto r = makeDimension(recency, options.recencyThresholds, options.bins, tr("Recency"));
    auto f = makeDimension(frequency, options.frequencyThresholds, options.bins, tr("Frequency"));
    auto mo = makeDimension(monetary, options.monetaryThresholds, options.bins, tr("Monetary"));
    for (const auto* d : { &r, &f, &mo }) {
        if (!*d)
            return d->error();
    }
    out.recency = std::move(*r);
    out.frequency = std::move(*f);
    out.monetary = std::move(*mo);
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));

    const RfmSegmentMap& map = options.map;
    QList<RfmSegmentSize> sizes;
    for (const RfmMapRule& rule : map.rules)
        sizes.append(RfmSegmentSize { rule.name, 0, 0 });
    RfmSegmentSize other { map.otherName, 0, 0 };
    out.scores.reserve(scored.size());
    const int n = options.bins;
    for (size_t i = 0; i < scored.size(); ++i) {
        RfmScoreRow s;
        s.customerId = scored[i]->customerId;
        s.r = n + 1 - bin(recency[i], out.recency.thresholds);
        s.f = bin(frequency[i], out.frequency.thresholds);
        s.m = bin(monetary[i], out.monetary.thresholds);
        s.fm = RfmSegmentMap::fmScore(s.f, s.m);
        ++out.recency.counts[static_cast<size_t>(s.r - 1)];
        ++out.frequency.counts[static_cast<size_t>(s.f - 1)];
        ++out.monetary.counts[static_cast<size_t>(s.m - 1)];
        const int rule = map.ruleFor(s.r, s.f, s.m);
        RfmSegmentSize& size = rule < 0 ? other : sizes[rule];
        ++size.customers;
        size.revenue += monetary[i];
        s.segment = size.name;
        out.scores.push_back(std::move(s));
    }
    // Several map rows may share a name; report each name once, in map order.
    QHash<QString, int> position;
    for (const RfmSegmentSize& s : std::as_const(sizes)) {
        auto it = position.find(s.name);
        if (it == position.end()) {
            position.insert(s.name, static_cast<int>(out.segments.size()));
            out.segments.append(s);
        } else {
            out.segments[*it].customers += s.customers;
            out.segments[*it].revenue += s.revenue;
        }
    }
    if (other.customers > 0) {
        auto it = position.find(other.name);
        if (it == position.end()) {
            out.segments.append(other);
        } else {
            out.segments[*it].customers += other.customers;
            out.segments[*it].revenue += other.revenue;
        }
    }
    out.coverage = map.coverage(n);
    return out;
}

QJsonObject RfmResult::toJson() const
{
    QJsonArray segmentList;
    for (const RfmSegmentSize& s : segments) {
        segmentList.append(QJsonObject { { QStringLiteral("name"), s.name },
            { QStringLiteral("customers"), s.customers },
            { QStringLiteral("revenue"), s.revenue } });
    }
    QJsonArray warnings;
    for (const QString& w : coverage.warnings())
        warnings.append(w);
    return QJsonObject {
        { QStringLiteral("bins"), bins },
        { QStringLiteral("customers_scored"), customersScored },
        { QStringLiteral("prospects"), prospects },
        { QStringLiteral("recency"), dimensionJson(recency) },
        { QStringLiteral("frequency"), dimensionJson(frequency) },
        { QStringLiteral("monetary"), dimensionJson(monetary) },
        { QStringLiteral("segments"), segmentList },
        { QStringLiteral("map_warnings"), warnings },
    };
}

} // namespace seg
