#include "importpreviewmodel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace seg::ui {

namespace {

// Line breaks inside quoted fields are shown as a visible mark, so that one record stays on
// one line of the table.
QString oneLine(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral(" ↵ "));
    text.replace(QLatin1Char('\n'), QStringLiteral(" ↵ "));
    text.replace(QLatin1Char('\r'), QStringLiteral(" ↵ "));
    return text;
}

} // namespace

ImportPreviewModel::ImportPreviewModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ImportPreviewModel::setPreview(
    const QStringList& header, const QList<QStringList>& records, int fieldCount)
{
    beginResetModel();
    m_header = header;
    m_records = records;
    m_fieldCount = fieldCount;
    m_columns = static_cast<int>(header.size());
    for (const QStringList& r : records)
        m_columns = std::max(m_columns, static_cast<int>(r.size()));
    endResetModel();
}

void ImportPreviewModel::clear() { setPreview({}, {}, 0); }

bool ImportPreviewModel::isRagged(int row) const
{
    return row >= 0 && row < m_records.size() && m_records.at(row).size() != m_fieldCount;
}

int ImportPreviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_records.size());
}

int ImportPreviewModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

QVariant ImportPreviewModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const QStringList& record = m_records.at(index.row());
    const bool ragged = record.size() != m_fieldCount;
    switch (role) {
    case Qt::DisplayRole:
        return index.column() < record.size() ? oneLine(record.at(index.column())) : QString();
    case Qt::ToolTipRole:
        if (ragged)
            return tr("This row has %1 values where the header has %2; it will not be imported "
                      "and will be listed with the rejected rows.")
                .arg(record.size())
                .arg(m_fieldCount);
        return index.column() < record.size() ? record.at(index.column()) : QString();
    case Qt::BackgroundRole:
        if (ragged)
            return QBrush(QColor(0xfd, 0xec, 0xea));
        return {};
    default:
        return {};
    }
}

QVariant ImportPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < m_records.size())
            return section + 1;
        return {};
    }
    if (section < 0 || section >= m_columns)
        return {};
    if (role == Qt::DisplayRole)
        return section < m_header.size() ? m_header.at(section) : tr("(extra)");
    if (role == Qt::ToolTipRole && section >= m_header.size())
        return tr("Some rows have more values than the header names; they will be rejected.");
    return {};
}

} // namespace seg::ui
