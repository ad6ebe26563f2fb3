#include "chartaxes.h"

#include "histogram.h"
#include "valueformat.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace seg::ui::chartaxes {

QChart* compactChart()
{
    auto* chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(0, 4, 8, 0));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

QCategoryAxis* valueAxis(double min, double max, int maxTicks, bool wholeNumbers)
{
    min = std::min(min, 0.0);
    max = std::max(max, 0.0);
    if (max - min <= 0)
        max = 1;
    const double step = seg::niceBinWidth((max - min) / std::max(1, maxTicks), wholeNumbers);
    // The tolerance keeps a bound that is a multiple of the step from growing by one step.
    const double low = std::floor(min / step + 1e-9) * step;
    const double high = std::ceil(max / step - 1e-9) * step;
    auto* axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(low);
    axis->setRange(low, high);
    QSet<QString> used;
    for (double v = low; v <= high + step / 2; v += step) {
        const double tick = std::abs(v) < step / 1e6 ? 0.0 : v;
        QString label = valueformat::compact(tick);
        // Labels are the axis' keys; a repeat (rounding) would be dropped silently.
        while (used.contains(label))
            label.append(QChar(0x200B));
        used.insert(label);
        axis->append(label, tick);
    }
    return axis;
}

QCategoryAxis* positionAxis(
    int count, const QStringList& labels, const QList<double>& positions, int maxLabels)
{
    auto* axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(-0.5);
    axis->setRange(-0.5, std::max(0, count - 1) + 0.5);
    axis->setGridLineVisible(false);
    const qsizetype n = std::min(labels.size(), positions.size());
    if (n == 0)
        return axis;
    const qsizetype step = std::max<qsizetype>(1, (n + maxLabels - 1) / std::max(1, maxLabels));
    QSet<QString> used;
    for (qsizetype i = 0; i < n; i += step) {
        QString label = labels.at(i);
        while (used.contains(label))
            label.append(QChar(0x200B));
        used.insert(label);
        axis->append(label, positions.at(i));
    }
    return axis;
}

} // namespace seg::ui::chartaxes
