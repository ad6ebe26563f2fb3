#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace seg::ui {

/// The first rows of an export as they will be written: the header row as column headers and
/// one row per member (values already neutralised, not quoted).
class ExportPreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ExportPreviewModel(QObject* parent = nullptr);

    /// Shows `rows`: the header first, then the data rows (one model reset).
    void setRows(const QList<QStringList>& rows);
    void clear() { setRows({}); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace seg::ui
