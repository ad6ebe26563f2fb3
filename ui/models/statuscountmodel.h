#pragma once

#include "customerstatus.h"
#include "rfmmodel.h"

#include <QAbstractTableModel>
#include <QList>

namespace seg::ui {

/// Sizes of named groups of customers (RFM segments, lifecycle statuses, value tiers): name,
/// customers and revenue with their shares of the total. The text columns are for tables; the
/// two raw columns hold plain numbers for bar charts (QVBarModelMapper) and are hidden in tables.
class StatusCountModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        CustomersColumn, ///< "1,234"
        CustomerShareColumn, ///< "12.3 %"
        RevenueColumn, ///< "12,345.60"
        RevenueShareColumn, ///< "40.1 %"
        RawCustomersColumn, ///< number, for charts
        RawRevenueColumn, ///< number, for charts
        ColumnCount
    };

    explicit StatusCountModel(QObject* parent = nullptr);

    /// Shows `rows` (one model reset).
    void setRows(const QList<seg::StatusCount>& rows);
    /// Shows the segments of an RFM result (one model reset).
    void setSegments(const QList<seg::RfmSegmentSize>& segments);
    void clear() { setRows({}); }
    const QList<seg::StatusCount>& rows() const { return m_rows; }
    double maxCustomers() const;
    double maxRevenue() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<seg::StatusCount> m_rows;
    qint64 m_totalCustomers = 0;
    double m_totalRevenue = 0;
};

} // namespace seg::ui
