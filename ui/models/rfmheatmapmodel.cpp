#include "rfmheatmapmodel.h"

#include "valueformat.h"

#include <QColor>

#include <algorithm>

namespace seg::ui {

RfmHeatmapModel::RfmHeatmapModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

RfmHeatmapModel::Grid RfmHeatmapModel::buildGrid(const std::vector<seg::RfmScoreRow>& scores,
    const QHash<QString, double>& revenueByCustomer, int bins)
{
    Grid grid;
    grid.bins = bins;
    grid.cells.resize(static_cast<size_t>(bins * bins));
    for (const seg::RfmScoreRow& s : scores) {
        if (s.r < 1 || s.r > bins || s.fm < 1 || s.fm > bins)
            continue;
        Cell& cell = grid.cells[static_cast<size_t>((bins - s.r) * bins + (s.fm - 1))];
        ++cell.customers;
        cell.revenue += revenueByCustomer.value(s.customerId);
        cell.members.append(s.customerId);
    }
    return grid;
}

void RfmHeatmapModel::setGrid(Grid grid)
{
    beginResetModel();
    m_grid = std::move(grid);
    m_maxMean = 0;
    for (const Cell& c : m_grid.cells)
        m_maxMean = std::max(m_maxMean, c.meanRevenue());
    endResetModel();
}

void RfmHeatmapModel::clear() { setGrid({}); }

int RfmHeatmapModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_grid.bins;
}

int RfmHeatmapModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_grid.bins;
}

const RfmHeatmapModel::Cell* RfmHeatmapModel::cellAt(const QModelIndex& index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return nullptr;
    return &m_grid.cells.at(static_cast<size_t>(index.row() * m_grid.bins + index.column()));
}

QStringList RfmHeatmapModel::members(const QModelIndex& index) const
{
    const Cell* cell = cellAt(index);
    return cell ? cell->members : QStringList();
}

QVariant RfmHeatmapModel::data(const QModelIndex& index, int role) const
{
    const Cell* cell = cellAt(index);
    if (!cell)
        return {};
    const int r = m_grid.bins - index.row();
    const int fm = index.column() + 1;
    // 0 = lightest, 1 = darkest: the share of the highest mean revenue of any cell.
    const double level = m_maxMean > 0 ? cell->meanRevenue() / m_maxMean : 0;
    switch (role) {
    case Qt::DisplayRole:
        if (cell->customers == 0)
            return valueformat::count(0);
        return tr("%1\navg %2")
            .arg(valueformat::count(cell->customers), valueformat::money(cell->meanRevenue()));
    case CustomersRole:
        return cell->customers;
    case MeanRevenueRole:
        return cell->meanRevenue();
    case RScoreRole:
        return r;
    case FmScoreRole:
        return fm;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignCenter);
    case Qt::BackgroundRole: {
        if (cell->customers == 0)
            return QColor(0xf4, 0xf4, 0xf4);
        const QColor light(0xe3, 0xee, 0xf9);
        const QColor dark(0x1f, 0x4e, 0x8c);
        const auto mix
            = [level](int a, int b) { return static_cast<int>(a + (b - a) * level + 0.5); };
        return QColor(mix(light.red(), dark.red()), mix(light.green(), dark.green()),
            mix(light.blue(), dark.blue()));
    }
    case Qt::ForegroundRole:
        return level > 0.55 && cell->customers > 0 ? QColor(Qt::white) : QColor(0x20, 0x20, 0x20);
    case Qt::ToolTipRole:
        return tr("R %1, FM %2: %3 customers, mean revenue %4 (total %5). Click to list them.")
            .arg(r)
            .arg(fm)
            .arg(valueformat::count(cell->customers), valueformat::money(cell->meanRevenue()),
                valueformat::money(cell->revenue));
    default:
        return {};
    }
}

QVariant RfmHeatmapModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Horizontal)
        return tr("FM %1").arg(section + 1);
    return tr("R %1").arg(m_grid.bins - section);
}

} // namespace seg::ui
