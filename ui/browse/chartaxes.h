#pragma once

#include <QStringList>

#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>

/// Small helpers for the charts of the browse widgets: plain charts for small spaces and axes
/// whose labels a marketer can read.
namespace seg::ui::chartaxes {

/// A chart without legend, animation or rounded corners and with narrow margins.
QChart* compactChart();

/// A value axis from `min` to `max` (either may be negative) with round ticks (1, 2, 2.5 or 5
/// times a power of ten, at most `maxTicks` intervals) labelled compactly ("0", "50k",
/// "1.2M"); never scientific notation. `min` and `max` of 0 give an axis from 0 to 1.
QCategoryAxis* valueAxis(double min, double max, int maxTicks, bool wholeNumbers);

/// A horizontal axis under `count` bars at 0 .. count-1 with labels at chosen positions:
/// `labels[i]` is drawn at position `positions[i]` (bar i's centre is i, its left edge
/// i - 0.5). At most `maxLabels` labels are kept, evenly spaced, always including the first.
QCategoryAxis* positionAxis(
    int count, const QStringList& labels, const QList<double>& positions, int maxLabels);

} // namespace seg::ui::chartaxes
