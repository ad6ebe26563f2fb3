#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace seg::ui {

/// Read-only table of the first records of a file exactly as the importer will split them
/// (ImportPlan::preview), for the reading page of the import wizard.
///
/// Columns are named after the file's header (or "column N"); a record with more fields than
/// the header gets extra, unnamed columns. Records whose number of fields differs from the
/// header's are tinted and explain in their tool tip that they will be rejected. Rows are
/// numbered from 1 in the vertical header. setPreview() swaps everything with one model reset.
class ImportPreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ImportPreviewModel(QObject* parent = nullptr);

    /// Shows `records` under `header`; `fieldCount` is the number of fields a valid record has.
    void setPreview(const QStringList& header, const QList<QStringList>& records, int fieldCount);
    /// Shows nothing.
    void clear();

    /// Number of fields a valid record has (the header's width).
    int fieldCount() const { return m_fieldCount; }
    /// True when record `row` has a different number of fields than the header.
    bool isRagged(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_header;
    QList<QStringList> m_records;
    int m_fieldCount = 0;
    int m_columns = 0;
};

} // namespace seg::ui
