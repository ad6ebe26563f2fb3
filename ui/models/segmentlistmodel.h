#pragma once

#include "segmentstore.h"

#include <QAbstractTableModel>
#include <QList>

namespace seg::ui {

/// The saved segments of a workspace as a table: colour swatch and name, members, share of
/// customers, share of revenue and the date they were computed. Keeps a value copy of the list
/// given to setSegments().
class SegmentListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn, ///< name, with the segment's colour as decoration
        MembersColumn,
        CustomerShareColumn,
        RevenueShareColumn,
        ComputedColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< number or text for sorting
        NameRole, ///< the segment's name (any column)
    };

    explicit SegmentListModel(QObject* parent = nullptr);

    /// Replaces the list (one model reset); the totals are of the whole customer base, for the
    /// shares (0: shares are not shown).
    void setSegments(
        const QList<seg::SavedSegment>& segments, qint64 totalCustomers, double totalRevenue);
    const QList<seg::SavedSegment>& segments() const { return m_segments; }
    /// The row of the segment named `name` (case-insensitive), -1 when there is none.
    int rowOf(const QString& name) const;
    /// Marks the segment with id `id` as the one the builder edits (its name in bold, with a
    /// tooltip); 0 marks none.
    void setEditedId(qint64 id);
    qint64 editedId() const { return m_editedId; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<seg::SavedSegment> m_segments;
    qint64 m_totalCustomers = 0;
    double m_totalRevenue = 0;
    qint64 m_editedId = 0;
};

} // namespace seg::ui
