#pragma once

#include <QColor>
#include <QString>

class QAbstractItemModel;
class QChart;

namespace seg::ui {

/// Horizontal bar charts of group sizes (RFM segments, lifecycle statuses, value tiers).
namespace sizechart {

/// A compact chart with one horizontal bar per row of `model`, read through a
/// QVBarModelMapper from `valueColumn`, labelled from `nameColumn`. The first row is drawn on
/// top; hovering a bar shows the tooltip of its row. `money` labels the axis with compact
/// money values instead of whole numbers. The chart keeps no copy of the values; rebuild it
/// after a model reset.
QChart* horizontalBars(QAbstractItemModel* model, int nameColumn, int valueColumn,
    const QString& title, const QColor& color, bool money);

} // namespace sizechart

} // namespace seg::ui
