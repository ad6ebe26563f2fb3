#include "paretomodel.h"

namespace seg::ui {

ParetoModel::ParetoModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ParetoModel::setPoints(const QList<std::pair<double, double>>& points)
{
    beginResetModel();
    m_points.clear();
    if (!points.isEmpty()) {
        m_points.append({ 0.0, 0.0 });
        for (const auto& [x, y] : points)
            m_points.append({ x * 100.0, y * 100.0 });
    }
    endResetModel();
}

double ParetoModel::revenueAt(double buyersPercent) const
{
    for (int i = 1; i < m_points.size(); ++i) {
        const auto& [x1, y1] = m_points.at(i);
        if (x1 >= buyersPercent) {
            const auto& [x0, y0] = m_points.at(i - 1);
            return x1 > x0 ? y0 + (y1 - y0) * (buyersPercent - x0) / (x1 - x0) : y1;
        }
    }
    return m_points.isEmpty() ? 0 : m_points.constLast().second;
}

int ParetoModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_points.size());
}

int ParetoModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ParetoModel::data(const QModelIndex& index, int role) const
{
    if (role != Qt::DisplayRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& p = m_points.at(index.row());
    return index.column() == BuyersColumn ? p.first : p.second;
}

QVariant ParetoModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == BuyersColumn ? tr("Share of buyers (%)") : tr("Share of revenue (%)");
}

} // namespace seg::ui
