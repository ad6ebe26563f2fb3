#pragma once

#include "columnprofile.h"

#include <QAbstractTableModel>

namespace seg::ui {

/// The distribution of one profiled column as a table, for a bar chart (through a
/// QVBarModelMapper on CountColumn) and for tooltips: one row per histogram bin of a number or
/// date column, or one row per frequent value of a category column (most frequent first) plus
/// an "Other" row for the rest.
///
/// The model keeps the profile it was given in setProfile() (a value copy); charts read from
/// it and keep nothing of their own.
class DistributionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        LabelColumn, ///< "20-24", "Mar 2024", "Berlin", "Other (12 values)"
        CountColumn, ///< rows in the bin / with the value (a number, for the bar mapper)
        ShareColumn, ///< CountColumn as a share 0..1 of the rows with a value
        ColumnCount
    };
    enum Role {
        /// LabelColumn: short text for an axis label at the bin's lower edge ("20k",
        /// "Jan 2024"); the value itself for category rows.
        EdgeLabelRole = Qt::UserRole + 1,
        /// LabelColumn: the short text for the upper edge of the bin (last bins).
        UpperEdgeLabelRole,
        LowerRole, ///< the bin's lower edge (double; days since 1970-01-01 for dates)
        UpperRole, ///< the bin's upper edge
        IsOtherRole, ///< true on the "Other" row
    };

    explicit DistributionModel(QObject* parent = nullptr);

    /// Shows the distribution of `profile` (one model reset).
    void setProfile(const seg::ColumnProfile& profile);
    /// Shows nothing (one model reset).
    void clear();

    const seg::ColumnProfile& profile() const { return m_profile; }
    /// True when the rows are histogram bins, false for frequent values.
    bool isHistogram() const { return m_profile.kind != seg::ProfileKind::Category; }
    /// The largest count of any row (0 when empty), for axis ranges.
    qint64 maxCount() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    qint64 countAt(int row) const;
    QString binLabel(int row) const;
    QString edgeLabel(double edge) const;
    QString valueLabel(int row) const;
    QString toolTip(int row) const;
    /// Rows with a valid value: the base of the shares.
    qint64 base() const;
    bool hasOtherRow() const;

    seg::ColumnProfile m_profile;
    bool m_empty = true;
};

} // namespace seg::ui
