#pragma once

#include "workspace.h"

#include <QAbstractTableModel>
#include <QList>
#include <QVariantList>

namespace seg::ui {

/// One customer's transactions as a read-only table (rows as given, oldest first), with values
/// formatted for reading: dates as "5 Jan 2024 10:00", amounts with two decimals, yes/no as
/// Yes/No. Qt::EditRole gives the stored value (for sorting through a proxy).
class CustomerTransactionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit CustomerTransactionsModel(QObject* parent = nullptr);

    /// Shows `rows`, each with one value per entry of `columns` (one model reset).
    void setTransactions(const QList<seg::ColumnInfo>& columns, const QList<QVariantList>& rows);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<seg::ColumnInfo> m_columns;
    QList<QVariantList> m_rows;
};

} // namespace seg::ui
