#include "histogram.h"

#include "descriptivestats.h"

#include <QDate>

#include <algorithm>
#include <cmath>

namespace seg {

namespace {

const QDate& epoch()
{
    static const QDate date(1970, 1, 1);
    return date;
}

double dayNumber(const QDate& date) { return static_cast<double>(epoch().daysTo(date)); }
QDate dateOf(double day) { return epoch().addDays(static_cast<qint64>(std::floor(day))); }

// Counts ascending `sorted` values into bins with ascending `edges` (bins.size() + 1 of them):
// bin i holds edges[i] <= v < edges[i+1], the last bin also v == its upper edge, and with
// open ends the first and last bins hold everything below and above.
void countSorted(const std::vector<double>& sorted, Histogram& h)
{
    const qsizetype bins = h.bins.size();
    if (bins == 0)
        return;
    auto it = sorted.begin();
    for (qsizetype i = 0; i < bins; ++i) {
        const bool last = i == bins - 1;
        auto end = last ? sorted.end() : std::lower_bound(it, sorted.end(), h.bins[i].upper);
        h.bins[i].count = static_cast<qint64>(end - it);
        it = end;
    }
}

} // namespace

double niceBinWidth(double raw, bool integerValues)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    if (integerValues && raw <= 1)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double step : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        const double width = step * magnitude;
        // 2.5 times 1 or 0.1 is not a whole number.
        if (integerValues && step == 2.5 && magnitude < 10)
            continue;
        // A relative tolerance so that raw = 0.3 (really 0.29999...) still gives 0.5, not 1.
        if (width >= raw * (1 - 1e-12))
            return width;
    }
    return 10 * magnitude;
}

Histogram numberHistogram(const std::vector<double>& sorted, bool integerValues)
{
    Histogram h;
    h.unit = BinUnit::Number;
    if (sorted.empty())
        return h;
    const double min = sorted.front();
    const double max = sorted.back();
    const auto n = static_cast<double>(sorted.size());
    if (min == max) {
        h.width = integerValues ? 1 : 0;
        h.bins.append(HistogramBin { min, min + h.width, static_cast<qint64>(sorted.size()) });
        return h;
    }

    if (!std::isfinite(max - min)) {
        // Infinite values (SQLite can store them): one bin; no width would be readable.
        h.width = 0;
        h.bins.append(HistogramBin { min, max, static_cast<qint64>(sorted.size()) });
        return h;
    }

    double lo = min;
    double hi = max;
    const double iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
    double raw = iqr > 0 ? 2 * iqr / std::cbrt(n) : (hi - lo) / (std::ceil(std::log2(n)) + 1);
    if ((hi - lo) / raw > kMaxHistogramBins) {
        const double tailLo = quantileOfSorted(sorted, 0.005);
        const double tailHi = quantileOfSorted(sorted, 0.995);
        if (tailHi > tailLo && (tailHi - tailLo) * 2 < hi - lo) {
            lo = tailLo;
            hi = tailHi;
        }
    }
    // Widen until the bins fit; one bin of slack, since the first edge moves below `lo`.
    raw = std::max(raw, (hi - lo) / (kMaxHistogramBins - 1));
    double width = niceBinWidth(raw, integerValues);
    double start = std::floor(lo / width) * width;
    auto binsNeeded = [&] { return static_cast<qint64>(std::floor((hi - start) / width)) + 1; };
    while (binsNeeded() > kMaxHistogramBins) {
        width = niceBinWidth(width * 1.0001, integerValues);
        start = std::floor(lo / width) * width;
    }
    qint64 bins = binsNeeded();
    // The last bin is closed: when `hi` lies on an edge it needs no bin of its own. Integer
    // bins stay half-open, since [20, 25) is shown as "20-24".
    if (!integerValues && bins > 1 && start + static_cast<double>(bins - 1) * width >= hi)
        --bins;
    h.width = width;
    h.openLower = min < start;
    h.openUpper = max > start + static_cast<double>(bins) * width;
    h.bins.reserve(bins);
    for (qint64 i = 0; i < bins; ++i) {
        h.bins.append(HistogramBin { start + static_cast<double>(i) * width,
            start + static_cast<double>(i + 1) * width, 0 });
    }
    // With open ends the first bin takes everything below its upper edge, the last one
    // everything from its lower edge on.
    countSorted(sorted, h);
    return h;
}

Histogram dateHistogram(const std::vector<double>& sorted)
{
    Histogram h;
    h.width = 1;
    if (sorted.empty())
        return h;
    const QDate first = dateOf(sorted.front());
    const QDate last = dateOf(sorted.back());

    // Candidate units from finest to coarsest; years come in 1, 2, 5, 10, 20, 50 ... steps.
    struct Choice {
        BinUnit unit;
        int years;
    };
    QList<Choice> choices { { BinUnit::Day, 0 }, { BinUnit::Week, 0 }, { BinUnit::Month, 0 },
        { BinUnit::Quarter, 0 } };
    for (int years = 1; years <= 10000; years *= 10) {
        choices.append({ BinUnit::Year, years });
        choices.append({ BinUnit::Year, years * 2 });
        choices.append({ BinUnit::Year, years * 5 });
    }

    auto binStart = [](const QDate& d, const Choice& c) {
        switch (c.unit) {
        case BinUnit::Day:
        case BinUnit::Number:
            return d;
        case BinUnit::Week:
            return d.addDays(1 - d.dayOfWeek());
        case BinUnit::Month:
            return QDate(d.year(), d.month(), 1);
        case BinUnit::Quarter:
            return QDate(d.year(), (d.month() - 1) / 3 * 3 + 1, 1);
        case BinUnit::Year: {
            // Multiples of the step, counted from year 0 (so 1990, 1995, 2000 ...).
            const int y = d.year();
            const int start
                = y >= 0 ? y / c.years * c.years : -((-y + c.years - 1) / c.years) * c.years;
            return QDate(start == 0 ? 1 : start, 1, 1);
        }
        }
        return d;
    };
    auto nextStart = [](const QDate& d, const Choice& c) {
        switch (c.unit) {
        case BinUnit::Day:
        case BinUnit::Number:
            return d.addDays(1);
        case BinUnit::Week:
            return d.addDays(7);
        case BinUnit::Month:
            return d.addMonths(1);
        case BinUnit::Quarter:
            return d.addMonths(3);
        case BinUnit::Year:
            return d.addYears(c.years);
        }
        return d;
    };

    for (const Choice& c : std::as_const(choices)) {
        // Count the bins first: cheap, at most kMaxDateBins + 1 steps.
        QList<QDate> starts { binStart(first, c) };
        while (starts.size() <= kMaxDateBins && nextStart(starts.constLast(), c) <= last)
            starts.append(nextStart(starts.constLast(), c));
        if (starts.size() > kMaxDateBins)
            continue;
        h.unit = c.unit;
        h.width = c.unit == BinUnit::Year ? c.years : 1;
        for (const QDate& s : std::as_const(starts))
            h.bins.append(HistogramBin { dayNumber(s), dayNumber(nextStart(s, c)), 0 });
        countSorted(sorted, h);
        return h;
    }
    return h;
}

} // namespace seg
