#pragma once

#include <QtGlobal>

#include <vector>

namespace seg {

/// Summary of a list of numbers (see describeSorted()).
struct DescriptiveStats {
    qint64 count = 0; ///< values described
    qint64 distinct = 0; ///< distinct values
    double min = 0;
    double max = 0;
    double mean = 0; ///< arithmetic mean
    double median = 0; ///< see medianOfSorted()
};

/// The median of ascending `sorted` values x(1) <= ... <= x(n): the middle value x((n+1)/2) when
/// n is odd, the average of the two middle values (x(n/2) + x(n/2+1)) / 2 when n is even.
/// Half of the values are at or below it, half at or above. `sorted` must not be empty.
double medianOfSorted(const std::vector<double>& sorted);

/// The p-quantile (0 <= p <= 1) of ascending `sorted` values, interpolated linearly between
/// order statistics (Hyndman and Fan type 7, the default of R and NumPy): with h = (n-1)p,
/// x(floor h + 1) + (h - floor h)(x(floor h + 2) - x(floor h + 1)), 1-based. p = 0.5 gives
/// medianOfSorted(). `sorted` must not be empty.
double quantileOfSorted(const std::vector<double>& sorted, double p);

/// Count, distinct values, minimum, maximum, mean and median of ascending `sorted` values; all
/// zero for an empty list. The mean is summed in long double. Reentrant.
DescriptiveStats describeSorted(const std::vector<double>& sorted);

} // namespace seg
