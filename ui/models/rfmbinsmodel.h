#pragma once

#include "rfmmodel.h"

#include <QAbstractTableModel>

namespace seg::ui {

/// The binning of an RFM result as a table: one row per score (1..bins) with, for each of
/// recency, frequency and monetary, the range of values that gets the score and how many
/// customers got it. Keeps a value copy of the three dimensions given to setResult().
class RfmBinsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        ScoreColumn,
        RecencyRangeColumn, ///< "up to 30", "over 30, up to 90" (days)
        RecencyCountColumn,
        FrequencyRangeColumn,
        FrequencyCountColumn,
        MonetaryRangeColumn,
        MonetaryCountColumn,
        ColumnCount
    };
    /// Count columns: the number of customers (qint64); score column: the score (int).
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit RfmBinsModel(QObject* parent = nullptr);

    /// Shows the thresholds and counts of `result` (one model reset).
    void setResult(const seg::RfmResult& result);
    void clear();

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    /// The value range of bin `bin` (1-based) of `dimension`.
    QString rangeText(const seg::RfmDimension& dimension, int bin) const;

    int m_bins = 0;
    seg::RfmDimension m_recency;
    seg::RfmDimension m_frequency;
    seg::RfmDimension m_monetary;
};

} // namespace seg::ui
