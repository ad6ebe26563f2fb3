#include "customertransactionsmodel.h"

#include "valueformat.h"

namespace seg::ui {

namespace {

bool isNumericType(const QString& type) { return type == u"integer" || type == u"decimal"; }

} // namespace

CustomerTransactionsModel::CustomerTransactionsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void CustomerTransactionsModel::setTransactions(
    const QList<seg::ColumnInfo>& columns, const QList<QVariantList>& rows)
{
    beginResetModel();
    m_columns = columns;
    m_rows = rows;
    endResetModel();
}

int CustomerTransactionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CustomerTransactionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant CustomerTransactionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const seg::ColumnInfo& column = m_columns.at(index.column());
    QVariant value = m_rows.at(index.row()).value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return valueformat::stored(value, column.type, column.role);
    case Qt::EditRole:
        return value;
    case Qt::ToolTipRole:
        return value.isNull() ? tr("(empty)") : value.toString();
    case Qt::TextAlignmentRole:
        if (isNumericType(column.type))
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant CustomerTransactionsModel::headerData(
    int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return valueformat::columnTitle(m_columns.at(section));
}

} // namespace seg::ui
