#include "sizechart.h"

#include "chartaxes.h"
#include "reversedrowsproxymodel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QHorizontalBarSeries>
#include <QSet>
#include <QToolTip>
#include <QVBarModelMapper>

#include <algorithm>

namespace seg::ui::sizechart {

QChart* horizontalBars(QAbstractItemModel* model, int nameColumn, int valueColumn,
    const QString& title, const QColor& color, bool money)
{
    QChart* chart = chartaxes::compactChart();
    chart->setTitle(title);
    const int rows = model->rowCount();
    if (rows == 0)
        return chart;
    // Horizontal bars run bottom to top: read the model upside down so that row 0 is on top.
    auto* reversed = new ReversedRowsProxyModel(chart);
    reversed->setSourceModel(model);
    auto* series = new QHorizontalBarSeries;
    series->setBarWidth(0.7);
    auto* mapper = new QVBarModelMapper(series);
    mapper->setFirstBarSetColumn(valueColumn);
    mapper->setLastBarSetColumn(valueColumn);
    mapper->setModel(reversed);
    mapper->setSeries(series);
    const QList<QBarSet*> sets = series->barSets();
    for (QBarSet* set : sets) {
        set->setColor(color);
        set->setBorderColor(color);
    }
    chart->addSeries(series);
    // The exact numbers: the model's tooltip of the bar's row.
    QObject::connect(series, &QAbstractBarSeries::hovered, chart,
        [reversed, nameColumn](bool on, int index, QBarSet*) {
            if (!on) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(QCursor::pos(),
                reversed->index(index, nameColumn).data(Qt::ToolTipRole).toString());
        });
    auto* names = new QBarCategoryAxis;
    QSet<QString> used;
    double max = 0;
    for (int r = 0; r < rows; ++r) {
        QString label = reversed->index(r, nameColumn).data().toString();
        // Category axes need distinct labels.
        while (used.contains(label))
            label.append(QChar(0x200B));
        used.insert(label);
        names->append(label);
        max = std::max(max, reversed->index(r, valueColumn).data().toDouble());
    }
    names->setGridLineVisible(false);
    auto* values = chartaxes::valueAxis(0, max, 4, !money);
    chart->addAxis(names, Qt::AlignLeft);
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(names);
    series->attachAxis(values);
    return chart;
}

} // namespace seg::ui::sizechart
