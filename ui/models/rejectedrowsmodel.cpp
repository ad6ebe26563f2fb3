#include "rejectedrowsmodel.h"

#include <algorithm>

namespace seg::ui {

RejectedRowsModel::RejectedRowsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RejectedRowsModel::setRows(const QList<RejectedRow>& rows, qint64 total)
{
    beginResetModel();
    m_rows = rows;
    m_total = std::max<qint64>(total, rows.size());
    endResetModel();
}

int RejectedRowsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RejectedRowsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RejectedRowsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const RejectedRow& r = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Line:
            return r.line;
        case Reason:
            return r.reason;
        case ColumnName:
            return r.column;
        case Raw: {
            QString raw = r.raw;
            raw.replace(QLatin1Char('\n'), QStringLiteral(" ↵ "));
            raw.remove(QLatin1Char('\r'));
            return raw;
        }
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Reason:
            return r.reason;
        case Raw:
            return r.raw;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Line)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RejectedRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Line:
        return tr("Line");
    case Reason:
        return tr("Reason");
    case ColumnName:
        return tr("Column");
    case Raw:
        return tr("Row as written in the file");
    default:
        return {};
    }
}

} // namespace seg::ui
