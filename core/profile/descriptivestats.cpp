#include "descriptivestats.h"

#include <cmath>

namespace seg {

double medianOfSorted(const std::vector<double>& sorted)
{
    Q_ASSERT(!sorted.empty());
    const size_t n = sorted.size();
    if (n % 2 == 1)
        return sorted[n / 2];
    // Halving each value first cannot overflow for large magnitudes.
    return sorted[n / 2 - 1] / 2 + sorted[n / 2] / 2;
}

double quantileOfSorted(const std::vector<double>& sorted, double p)
{
    Q_ASSERT(!sorted.empty());
    Q_ASSERT(p >= 0 && p <= 1);
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const auto below = static_cast<size_t>(std::floor(h));
    if (below + 1 >= sorted.size())
        return sorted.back();
    const double fraction = h - static_cast<double>(below);
    return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

DescriptiveStats describeSorted(const std::vector<double>& sorted)
{
    DescriptiveStats out;
    if (sorted.empty())
        return out;
    out.count = static_cast<qint64>(sorted.size());
    out.min = sorted.front();
    out.max = sorted.back();
    out.median = medianOfSorted(sorted);
    long double sum = 0;
    qint64 distinct = 0;
    for (size_t i = 0; i < sorted.size(); ++i) {
        sum += sorted[i];
        if (i == 0 || sorted[i] != sorted[i - 1])
            ++distinct;
    }
    out.distinct = distinct;
    out.mean = static_cast<double>(sum / static_cast<long double>(sorted.size()));
    return out;
}

} // namespace seg
