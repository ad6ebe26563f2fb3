#pragma once

#include "rfmsegmentmap.h"

#include <QAbstractTableModel>

#include <optional>

namespace seg::ui {

/// An editable RFM segment map: one row per map row with its name and its R, F, M and FM score
/// ranges ("4–5", "5", or empty for any score). Rows can be added, removed and moved; the first
/// matching row names a customer. Emits mapChanged() after every change so that the coverage
/// warnings can follow.
class RfmMapModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, RColumn, FColumn, MColumn, FmColumn, ColumnCount };

    explicit RfmMapModel(QObject* parent = nullptr);

    /// Shows `map` (one model reset).
    void setMap(const seg::RfmSegmentMap& map);
    const seg::RfmSegmentMap& map() const { return m_map; }

    /// Reads "4-5", "4–5", "4 to 5" or "5"; empty or "any" gives no condition. Nothing for
    /// anything else (or a range whose low end is above its high end).
    static std::optional<std::optional<seg::ScoreRange>> parseRange(const QString& text);
    /// "4–5", "5" or "" for none.
    static QString rangeText(const std::optional<seg::ScoreRange>& range);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// Inserts rows named "New segment" that match every score.
    bool insertRows(int row, int count, const QModelIndex& parent = QModelIndex()) override;
    bool removeRows(int row, int count, const QModelIndex& parent = QModelIndex()) override;
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
        const QModelIndex& destinationParent, int destinationChild) override;

Q_SIGNALS:
    void mapChanged();

private:
    std::optional<seg::ScoreRange>* rangeAt(int row, int column);
    seg::RfmSegmentMap m_map;
};

} // namespace seg::ui
