#pragma once

#include "workspace.h"

#include <QAbstractTableModel>
#include <QList>

namespace seg::ui {

/// Read-only table of the rows an import rejected: line number in the file, reason, column
/// and the raw text of the row. Holds the rows it is given (the wizard reads a bounded number
/// of them in the background); totalRows() is how many the import rejected in all.
class RejectedRowsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Line, Reason, ColumnName, Raw, ColumnCount };

    explicit RejectedRowsModel(QObject* parent = nullptr);

    /// Shows `rows`; `total` is the number of rows rejected in all (at least rows.size()).
    void setRows(const QList<seg::RejectedRow>& rows, qint64 total);
    const QList<seg::RejectedRow>& rows() const { return m_rows; }
    qint64 totalRows() const { return m_total; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<seg::RejectedRow> m_rows;
    qint64 m_total = 0;
};

} // namespace seg::ui
