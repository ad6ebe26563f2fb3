#pragma once

#include <QList>
#include <QtGlobal>

#include <vector>

namespace seg {

/// Width of the bins of a Histogram.
enum class BinUnit {
    Number, ///< equal widths of Histogram::width (a "nice" 1, 2, 2.5 or 5 times a power of 10)
    Day, ///< calendar days
    Week, ///< weeks from Monday to Sunday
    Month, ///< calendar months
    Quarter, ///< calendar quarters (January, April, July, October)
    Year, ///< Histogram::width calendar years (1, 2, 5, 10, 20, 50 ...), from a multiple
};

/// One bin: the values v with lower <= v < upper (the last bin also holds v == upper).
struct HistogramBin {
    double lower = 0;
    double upper = 0;
    qint64 count = 0;
};

/// Counts of values in consecutive bins. For dates, edges are days since 1970-01-01.
struct Histogram {
    BinUnit unit = BinUnit::Number;
    /// Bin width in values (Number) or in years (Year); 1 otherwise.
    double width = 0;
    /// The first bin also holds the values below it (a long lower tail), the last one the values
    /// above it (a long upper tail); see numberHistogram().
    bool openLower = false;
    bool openUpper = false;
    QList<HistogramBin> bins;
};

/// At most this many bins; more would not be readable in a small chart.
inline constexpr int kMaxHistogramBins = 40;

/// A histogram of ascending `sorted` numbers with round ("nice") bin edges.
///
/// Bin width: the Freedman-Diaconis rule 2 IQR / n^(1/3) (IQR = interquartile range,
/// quantileOfSorted() 0.75 minus 0.25); Sturges' rule range / (ceil(log2 n) + 1) when the IQR
/// is 0. The width is then rounded up to 1, 2, 2.5 or 5 times a power of ten (for integers: at
/// least 1, and 2.5 only from 25 up), and the first edge is the largest multiple of the width
/// at or below the minimum.
///
/// Long tails: when that would need more than kMaxHistogramBins bins and the 0.5 % to 99.5 %
/// quantile range is less than half the full range, the bins cover that central range and the
/// outer bins are open (they hold the tails). The width is then widened until at most
/// kMaxHistogramBins bins remain.
///
/// A single distinct value gives one bin [v, v + 1) for integers and [v, v] otherwise; values
/// that span an infinite range (infinities) give one bin [min, max] of width 0; no values give
/// no bins. Every value is counted exactly once.
Histogram numberHistogram(const std::vector<double>& sorted, bool integerValues);

/// A histogram of ascending `sorted` dates (days since 1970-01-01, fraction = time of day) with
/// calendar bins: the first of day, week, month, quarter, year, 2, 5, 10, 20, 50, 100 ... years
/// that needs at most kMaxDateBins bins. Every value is counted exactly once.
Histogram dateHistogram(const std::vector<double>& sorted);
inline constexpr int kMaxDateBins = 36;

/// The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `raw` (> 0); with
/// `integerValues`, at least 1 and never 2.5 or 0.25 (25, 250 ... are kept).
double niceBinWidth(double raw, bool integerValues);

} // namespace seg
