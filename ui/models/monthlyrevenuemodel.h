#pragma once

#include "customerdetailquery.h"

#include <QAbstractTableModel>
#include <QList>

namespace seg::ui {

/// One customer's revenue per calendar month, for a bar chart (a QVBarModelMapper on
/// RevenueColumn) and its axis labels. Rows are months, oldest first. Keeps the months given to
/// setMonths() (a value copy); charts keep nothing of their own.
class MonthlyRevenueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        MonthColumn, ///< "January 2024"
        RevenueColumn, ///< revenue of the month (a number, returns included)
        OrdersColumn, ///< orders of the month
        ColumnCount
    };
    enum Role {
        /// MonthColumn: a short label for an axis ("Jan 2024").
        ShortLabelRole = Qt::UserRole + 1,
        MonthDateRole, ///< MonthColumn: the first day of the month (QDate)
    };

    explicit MonthlyRevenueModel(QObject* parent = nullptr);

    /// Shows `months` (one model reset).
    void setMonths(const QList<seg::MonthlyRevenue>& months);
    /// The smallest and largest revenue of any month, 0 when there are none.
    double minRevenue() const;
    double maxRevenue() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<seg::MonthlyRevenue> m_months;
};

} // namespace seg::ui
