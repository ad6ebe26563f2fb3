#pragma once

#include "metricsstore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

#include <vector>

namespace seg::ui {

/// The R × FM grid of an RFM result: one row per R score (highest first), one column per FM
/// score (lowest first). Each cell shows its number of customers and their mean revenue; its
/// background goes from
/// light to dark with the mean revenue of those customers; the tooltip says both. The member
/// ids of every cell are kept for the members table.
class RfmHeatmapModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// Customers, revenue and members of one cell.
    struct Cell {
        qint64 customers = 0;
        double revenue = 0;
        QStringList members; ///< customer ids, in score order
        double meanRevenue() const
        {
            return customers > 0 ? revenue / static_cast<double>(customers) : 0;
        }
    };
    /// All cells, row-major (R = bins at row 0, FM = 1 at column 0).
    struct Grid {
        int bins = 0;
        std::vector<Cell> cells;
    };
    static constexpr int CustomersRole = Qt::UserRole + 1; ///< qint64
    static constexpr int MeanRevenueRole = Qt::UserRole + 2; ///< double
    static constexpr int RScoreRole = Qt::UserRole + 3; ///< int
    static constexpr int FmScoreRole = Qt::UserRole + 4; ///< int

    explicit RfmHeatmapModel(QObject* parent = nullptr);

    /// Groups `scores` into cells, with revenue looked up by customer id. Pure; call it in
    /// the worker thread and hand the grid to setGrid().
    static Grid buildGrid(const std::vector<seg::RfmScoreRow>& scores,
        const QHash<QString, double>& revenueByCustomer, int bins);

    /// Shows `grid` (one model reset).
    void setGrid(Grid grid);
    void clear();
    const Grid& grid() const { return m_grid; }
    /// Customer ids of the cell at `index`.
    QStringList members(const QModelIndex& index) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const Cell* cellAt(const QModelIndex& index) const;

    Grid m_grid;
    double m_maxMean = 0;
};

} // namespace seg::ui
