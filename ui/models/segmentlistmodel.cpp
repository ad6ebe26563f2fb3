#include "segmentlistmodel.h"

#include "valueformat.h"

#include <QColor>
#include <QDateTime>
#include <QFont>

namespace seg::ui {

SegmentListModel::SegmentListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SegmentListModel::setSegments(
    const QList<seg::SavedSegment>& segments, qint64 totalCustomers, double totalRevenue)
{
    beginResetModel();
    m_segments = segments;
    m_totalCustomers = totalCustomers;
    m_totalRevenue = totalRevenue;
    endResetModel();
}

int SegmentListModel::rowOf(const QString& name) const
{
    for (int i = 0; i < m_segments.size(); ++i) {
        if (m_segments.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

void SegmentListModel::setEditedId(qint64 id)
{
    if (id == m_editedId)
        return;
    const qint64 before = m_editedId;
    m_editedId = id;
    for (int row = 0; row < m_segments.size(); ++row) {
        const qint64 rowId = m_segments.at(row).id;
        if (rowId != 0 && (rowId == before || rowId == id)) {
            const QModelIndex name = index(row, NameColumn);
            Q_EMIT dataChanged(name, name, { Qt::FontRole, Qt::ToolTipRole });
        }
    }
}

int SegmentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_segments.size());
}

int SegmentListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QString computedText(const QString& stored)
{
    const QDateTime when = QDateTime::fromString(stored, Qt::ISODate);
    if (!when.isValid())
        return stored;
    return valueformat::day(when.toLocalTime().date()) + QLatin1Char(' ')
        + when.toLocalTime().time().toString(QStringLiteral("HH:mm"));
}

} // namespace

QVariant SegmentListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const seg::SavedSegment& s = m_segments.at(index.row());
    const double customerShare
        = m_totalCustomers > 0 ? double(s.members) / double(m_totalCustomers) : 0.0;
    const double revenueShare = m_totalRevenue > 0 ? s.revenue / m_totalRevenue : 0.0;
    if (role == NameRole)
        return s.name;
    const bool isEdited = m_editedId != 0 && s.id == m_editedId;
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return s.name;
        if (role == Qt::DecorationRole) {
            const QColor color(s.color);
            return color.isValid() ? color : QColor(Qt::gray);
        }
        if (role == Qt::ToolTipRole) {
            QString tip = s.definitionText;
            if (!s.description.isEmpty())
                tip = s.description + QLatin1Char('\n') + tip;
            if (isEdited)
                tip = tr("Being edited in the builder") + QLatin1Char('\n') + tip;
            return tip;
        }
        if (role == Qt::FontRole && isEdited) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case MembersColumn:
        if (role == Qt::DisplayRole)
            return valueformat::count(s.members);
        if (role == SortRole)
            return s.members;
        break;
    case CustomerShareColumn:
        if (role == Qt::DisplayRole)
            return m_totalCustomers > 0 ? valueformat::share(customerShare) : QString();
        if (role == SortRole)
            return customerShare;
        break;
    case RevenueShareColumn:
        if (role == Qt::DisplayRole)
            return m_totalRevenue > 0 ? valueformat::share(revenueShare) : QString();
        if (role == SortRole)
            return revenueShare;
        break;
    case ComputedColumn:
        if (role == Qt::DisplayRole) {
            const QDateTime when = QDateTime::fromString(s.computedAt, Qt::ISODate);
            return when.isValid() ? valueformat::day(when.toLocalTime().date()) : s.computedAt;
        }
        if (role == SortRole)
            return s.computedAt;
        if (role == Qt::ToolTipRole)
            return tr("Computed %1 on the data up to the analysis date %2")
                .arg(computedText(s.computedAt), s.analysisDate);
        break;
    default:
        break;
    }
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    return {};
}

QVariant SegmentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Segment");
    case MembersColumn:
        return tr("Members");
    case CustomerShareColumn:
        return tr("Customers");
    case RevenueShareColumn:
        return tr("Revenue");
    case ComputedColumn:
        return tr("Computed");
    default:
        return {};
    }
}

} // namespace seg::ui
