#pragma once

#include <QSortFilterProxyModel>

namespace seg::ui {

/// Shows the rows of its source model in reverse order. A horizontal bar chart draws its first
/// row at the bottom; through this proxy the source's first row (the most frequent value) is at
/// the top. Follows the source's resets and changes like any QSortFilterProxyModel.
class ReversedRowsProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ReversedRowsProxyModel(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace seg::ui
