#pragma once

#include <QAbstractTableModel>
#include <QList>

#include <utility>

namespace seg::ui {

/// The points of a Pareto curve (share of buyers, share of revenue), both in percent 0..100,
/// for a QLineSeries through a QVXYModelMapper (X = BuyersColumn, Y = RevenueColumn).
class ParetoModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { BuyersColumn, RevenueColumn, ColumnCount };

    explicit ParetoModel(QObject* parent = nullptr);

    /// Shows `points` given as shares 0..1 (one model reset); a point (0, 0) is put first.
    void setPoints(const QList<std::pair<double, double>>& points);
    /// The revenue share in percent at `buyersPercent`, interpolated between points.
    double revenueAt(double buyersPercent) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<std::pair<double, double>> m_points; ///< percent
};

} // namespace seg::ui
