#include "monthlyrevenuemodel.h"

#include "valueformat.h"

#include <QLocale>

#include <algorithm>

namespace seg::ui {

MonthlyRevenueModel::MonthlyRevenueModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void MonthlyRevenueModel::setMonths(const QList<seg::MonthlyRevenue>& months)
{
    beginResetModel();
    m_months = months;
    endResetModel();
}

double MonthlyRevenueModel::minRevenue() const
{
    double out = 0;
    for (const seg::MonthlyRevenue& m : m_months)
        out = std::min(out, m.revenue);
    return out;
}

double MonthlyRevenueModel::maxRevenue() const
{
    double out = 0;
    for (const seg::MonthlyRevenue& m : m_months)
        out = std::max(out, m.revenue);
    return out;
}

int MonthlyRevenueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_months.size());
}

int MonthlyRevenueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MonthlyRevenueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const seg::MonthlyRevenue& month = m_months.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case MonthColumn:
            return QLocale().toString(month.month, QStringLiteral("MMMM yyyy"));
        case RevenueColumn:
            return month.revenue;
        case OrdersColumn:
            return month.orders;
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        const QString orders = month.orders == 1
            ? tr("1 order")
            : tr("%1 orders").arg(valueformat::count(month.orders));
        return tr("%1: revenue %2, %3")
            .arg(QLocale().toString(month.month, QStringLiteral("MMMM yyyy")),
                valueformat::money(month.revenue), orders);
    }
    case ShortLabelRole:
        if (index.column() == MonthColumn)
            return QLocale().toString(month.month, QStringLiteral("MMM yyyy"));
        return {};
    case MonthDateRole:
        if (index.column() == MonthColumn)
            return month.month;
        return {};
    default:
        return {};
    }
}

QVariant MonthlyRevenueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case MonthColumn:
        return tr("Month");
    case RevenueColumn:
        return tr("Revenue");
    case OrdersColumn:
        return tr("Orders");
    default:
        return {};
    }
}

} // namespace seg::ui
