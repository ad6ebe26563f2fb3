#include "exportpreviewmodel.h"

namespace seg::ui {

ExportPreviewModel::ExportPreviewModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ExportPreviewModel::setRows(const QList<QStringList>& rows)
{
    beginResetModel();
    m_header = rows.isEmpty() ? QStringList() : rows.constFirst();
    m_rows = rows.mid(1);
    endResetModel();
}

int ExportPreviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ExportPreviewModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_header.size());
}

QVariant ExportPreviewModel::data(const QModelIndex& index, int role) const
{
    if ((role != Qt::DisplayRole && role != Qt::ToolTipRole)
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QStringList& row = m_rows.at(index.row());
    return index.column() < row.size() ? row.at(index.column()) : QString();
}

QVariant ExportPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_header.size() ? m_header.at(section) : QVariant();
    return section + 1;
}

} // namespace seg::ui
