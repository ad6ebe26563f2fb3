#include "rfmmapmodel.h"

#include <QRegularExpression>

namespace seg::ui {

RfmMapModel::RfmMapModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RfmMapModel::setMap(const seg::RfmSegmentMap& map)
{
    beginResetModel();
    m_map = map;
    endResetModel();
    Q_EMIT mapChanged();
}

std::optional<std::optional<seg::ScoreRange>> RfmMapModel::parseRange(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.compare(QStringLiteral("any"), Qt::CaseInsensitive) == 0 || t == tr("any"))
        return std::optional<seg::ScoreRange>();
    static const QRegularExpression single(QStringLiteral("^(\\d)$"));
    static const QRegularExpression pair(
        QStringLiteral("^(\\d)\\s*(?:-|\\x{2013}|\\x{2014}|to|\\.\\.)\\s*(\\d)$"));
    if (const auto m = single.match(t); m.hasMatch()) {
        const int v = m.captured(1).toInt();
        return std::optional<seg::ScoreRange>(seg::ScoreRange { v, v });
    }
    if (const auto m = pair.match(t); m.hasMatch()) {
        const int lo = m.captured(1).toInt();
        const int hi = m.captured(2).toInt();
        if (lo > hi)
            return std::nullopt;
        return std::optional<seg::ScoreRange>(seg::ScoreRange { lo, hi });
    }
    return std::nullopt;
}

QString RfmMapModel::rangeText(const std::optional<seg::ScoreRange>& range)
{
    if (!range)
        return {};
    if (range->low == range->high)
        return QString::number(range->low);
    return QStringLiteral("%1\u2013%2").arg(range->low).arg(range->high);
}

int RfmMapModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_map.rules.size());
}

int RfmMapModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<seg::ScoreRange>* RfmMapModel::rangeAt(int row, int column)
{
    seg::RfmMapRule& rule = m_map.rules[row];
    switch (column) {
    case RColumn:
        return &rule.r;
    case FColumn:
        return &rule.f;
    case MColumn:
        return &rule.m;
    case FmColumn:
        return &rule.fm;
    default:
        return nullptr;
    }
}

QVariant RfmMapModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const seg::RfmMapRule& rule = m_map.rules.at(index.row());
    if (role == Qt::ToolTipRole && index.column() != NameColumn)
        return tr("A score or a range such as 4-5; empty matches every score.");
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn)
        return QVariant::fromValue(Qt::AlignCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return rule.name;
    case RColumn:
        return rangeText(rule.r);
    case FColumn:
        return rangeText(rule.f);
    case MColumn:
        return rangeText(rule.m);
    case FmColumn:
        return rangeText(rule.fm);
    default:
        return {};
    }
}

bool RfmMapModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    if (index.column() == NameColumn) {
        const QString name = value.toString().trimmed();
        if (name.isEmpty())
            return false;
        m_map.rules[index.row()].name = name;
    } else {
        const auto range = parseRange(value.toString());
        if (!range)
            return false;
        *rangeAt(index.row(), index.column()) = *range;
    }
    Q_EMIT dataChanged(index, index, { Qt::DisplayRole, Qt::EditRole });
    Q_EMIT mapChanged();
    return true;
}

Qt::ItemFlags RfmMapModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

QVariant RfmMapModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Segment");
    case RColumn:
        return tr("R");
    case FColumn:
        return tr("F");
    case MColumn:
        return tr("M");
    case FmColumn:
        return tr("FM");
    default:
        return {};
    }
}

bool RfmMapModel::insertRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || row < 0 || row > rowCount() || count < 1)
        return false;
    beginInsertRows(parent, row, row + count - 1);
    for (int i = 0; i < count; ++i) {
        seg::RfmMapRule rule;
        rule.name = tr("New segment");
        m_map.rules.insert(row, rule);
    }
    endInsertRows();
    Q_EMIT mapChanged();
    return true;
}

bool RfmMapModel::removeRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || row < 0 || count < 1 || row + count > rowCount())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_map.rules.remove(row, count);
    endRemoveRows();
    Q_EMIT mapChanged();
    return true;
}

bool RfmMapModel::moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
    const QModelIndex& destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1 || sourceRow < 0
        || sourceRow >= rowCount() || destinationChild < 0 || destinationChild > rowCount()
        || destinationChild == sourceRow || destinationChild == sourceRow + 1)
        return false;
    if (!beginMoveRows(sourceParent, sourceRow, sourceRow, destinationParent, destinationChild))
        return false;
    const int to = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    m_map.rules.move(sourceRow, to);
    endMoveRows();
    Q_EMIT mapChanged();
    return true;
}

} // namespace seg::ui
