#include "reversedrowsproxymodel.h"

namespace seg::ui {

ReversedRowsProxyModel::ReversedRowsProxyModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0, Qt::AscendingOrder);
}

bool ReversedRowsProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    return left.row() > right.row();
}

} // namespace seg::ui
