#include "rfmbinsmodel.h"

#include "valueformat.h"

namespace seg::ui {

RfmBinsModel::RfmBinsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RfmBinsModel::setResult(const seg::RfmResult& result)
{
    beginResetModel();
    m_bins = result.bins;
    m_recency = result.recency;
    m_frequency = result.frequency;
    m_monetary = result.monetary;
    endResetModel();
}

void RfmBinsModel::clear()
{
    beginResetModel();
    m_bins = 0;
    m_recency = {};
    m_frequency = {};
    m_monetary = {};
    endResetModel();
}

int RfmBinsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_bins;
}

int RfmBinsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RfmBinsModel::rangeText(const seg::RfmDimension& dimension, int bin) const
{
    const auto& t = dimension.thresholds;
    if (t.empty() || bin < 1 || bin > static_cast<int>(t.size()) + 1)
        return {};
    const auto at = [&](int i) { return valueformat::number(t.at(static_cast<size_t>(i)), 2); };
    if (bin == 1)
        return tr("up to %1").arg(at(0));
    if (bin == static_cast<int>(t.size()) + 1)
        return tr("over %1").arg(at(bin - 2));
    return tr("over %1, up to %2").arg(at(bin - 2), at(bin - 1));
}

QVariant RfmBinsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int score = index.row() + 1;
    const auto count = [&](const seg::RfmDimension& d) -> qint64 {
        return index.row() < static_cast<int>(d.counts.size())
            ? d.counts.at(static_cast<size_t>(index.row()))
            : 0;
    };
    if (role == ValueRole) {
        switch (index.column()) {
        case ScoreColumn:
            return score;
        case RecencyCountColumn:
            return count(m_recency);
        case FrequencyCountColumn:
            return count(m_frequency);
        case MonetaryCountColumn:
            return count(m_monetary);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole) {
        const bool count = index.column() == RecencyCountColumn
            || index.column() == FrequencyCountColumn || index.column() == MonetaryCountColumn;
        return QVariant::fromValue(count ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == RecencyRangeColumn)
        return tr("Recency scores run backwards: the most recent buyers get the highest score.");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ScoreColumn:
        return score;
    case RecencyRangeColumn:
        // Few days since the last purchase is good: score s is bin bins + 1 - s.
        return rangeText(m_recency, m_bins + 1 - score);
    case RecencyCountColumn:
        return valueformat::count(count(m_recency));
    case FrequencyRangeColumn:
        return rangeText(m_frequency, score);
    case FrequencyCountColumn:
        return valueformat::count(count(m_frequency));
    case MonetaryRangeColumn:
        return rangeText(m_monetary, score);
    case MonetaryCountColumn:
        return valueformat::count(count(m_monetary));
    default:
        return {};
    }
}

QVariant RfmBinsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ScoreColumn:
        return tr("Score");
    case RecencyRangeColumn:
        return tr("Recency (days since last order)");
    case FrequencyRangeColumn:
        return tr("Frequency (orders)");
    case MonetaryRangeColumn:
        return tr("Monetary (revenue)");
    case RecencyCountColumn:
    case FrequencyCountColumn:
    case MonetaryCountColumn:
        return tr("Customers");
    default:
        return {};
    }
}

} // namespace seg::ui
