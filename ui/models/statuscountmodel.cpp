#include "statuscountmodel.h"

#include "valueformat.h"

#include <algorithm>

namespace seg::ui {

StatusCountModel::StatusCountModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void StatusCountModel::setRows(const QList<seg::StatusCount>& rows)
{
    beginResetModel();
    m_rows = rows;
    m_totalCustomers = 0;
    m_totalRevenue = 0;
    for (const seg::StatusCount& r : rows) {
        m_totalCustomers += r.customers;
        m_totalRevenue += r.revenue;
    }
    endResetModel();
}

void StatusCountModel::setSegments(const QList<seg::RfmSegmentSize>& segments)
{
    QList<seg::StatusCount> rows;
    rows.reserve(segments.size());
    for (const seg::RfmSegmentSize& s : segments)
        rows.append(seg::StatusCount { s.name, s.customers, s.revenue, 0 });
    setRows(rows);
}

double StatusCountModel::maxCustomers() const
{
    double out = 0;
    for (const seg::StatusCount& r : m_rows)
        out = std::max(out, static_cast<double>(r.customers));
    return out;
}

double StatusCountModel::maxRevenue() const
{
    double out = 0;
    for (const seg::StatusCount& r : m_rows)
        out = std::max(out, r.revenue);
    return out;
}

int StatusCountModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int StatusCountModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatusCountModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const seg::StatusCount& r = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        return tr("%1: %2 customers (%3), revenue %4 (%5)")
            .arg(r.name, valueformat::count(r.customers),
                valueformat::share(m_totalCustomers > 0
                        ? static_cast<double>(r.customers) / static_cast<double>(m_totalCustomers)
                        : 0),
                valueformat::money(r.revenue),
                valueformat::share(m_totalRevenue > 0 ? r.revenue / m_totalRevenue : 0));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        // Lifecycle statuses are stored in lower case ("lapsed"); shown as names.
        return r.name.isEmpty() ? r.name : r.name.at(0).toUpper() + r.name.mid(1);
    case CustomersColumn:
        return valueformat::count(r.customers);
    case CustomerShareColumn:
        return valueformat::share(m_totalCustomers > 0
                ? static_cast<double>(r.customers) / static_cast<double>(m_totalCustomers)
                : 0);
    case RevenueColumn:
        return valueformat::money(r.revenue);
    case RevenueShareColumn:
        return valueformat::share(m_totalRevenue > 0 ? r.revenue / m_totalRevenue : 0);
    case RawCustomersColumn:
        return static_cast<double>(r.customers);
    case RawRevenueColumn:
        return r.revenue;
    default:
        return {};
    }
}

QVariant StatusCountModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case CustomersColumn:
    case RawCustomersColumn:
        return tr("Customers");
    case CustomerShareColumn:
        return tr("Share of customers");
    case RevenueColumn:
    case RawRevenueColumn:
        return tr("Revenue");
    case RevenueShareColumn:
        return tr("Share of revenue");
    default:
        return {};
    }
}

} // namespace seg::ui
