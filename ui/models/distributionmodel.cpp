#include "distributionmodel.h"

#include "valueformat.h"

#include <QDate>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace seg::ui {

namespace {

// Category values longer than this are cut in labels (the tooltip has them whole).
constexpr qsizetype kMaxLabelLength = 28;

QDate dateOf(double day) { return QDate(1970, 1, 1).addDays(static_cast<qint64>(std::floor(day))); }

QString elided(const QString& text)
{
    if (text.size() <= kMaxLabelLength)
        return text;
    return text.left(kMaxLabelLength - 1) + QChar(0x2026);
}

} // namespace

DistributionModel::DistributionModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DistributionModel::setProfile(const seg::ColumnProfile& profile)
{
    beginResetModel();
    m_profile = profile;
    m_empty = false;
    endResetModel();
}

void DistributionModel::clear()
{
    beginResetModel();
    m_profile = seg::ColumnProfile();
    m_empty = true;
    endResetModel();
}

bool DistributionModel::hasOtherRow() const { return !isHistogram() && m_profile.otherCount > 0; }

int DistributionModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || m_empty)
        return 0;
    if (isHistogram())
        return static_cast<int>(m_profile.histogram.bins.size());
    return static_cast<int>(m_profile.topValues.size()) + (hasOtherRow() ? 1 : 0);
}

int DistributionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 DistributionModel::countAt(int row) const
{
    if (isHistogram())
        return m_profile.histogram.bins.at(row).count;
    if (row < m_profile.topValues.size())
        return m_profile.topValues.at(row).count;
    return m_profile.otherCount;
}

qint64 DistributionModel::maxCount() const
{
    qint64 out = 0;
    for (int row = 0; row < rowCount(); ++row)
        out = std::max(out, countAt(row));
    return out;
}

qint64 DistributionModel::base() const { return m_profile.present() - m_profile.invalid; }

QString DistributionModel::edgeLabel(double edge) const
{
    const seg::Histogram& h = m_profile.histogram;
    const QDate date = dateOf(edge);
    switch (h.unit) {
    case seg::BinUnit::Number:
        return valueformat::compact(edge);
    case seg::BinUnit::Day:
    case seg::BinUnit::Week:
        return QLocale().toString(date, QStringLiteral("d MMM yy"));
    case seg::BinUnit::Month:
        return QLocale().toString(date, QStringLiteral("MMM yyyy"));
    case seg::BinUnit::Quarter:
        return tr("Q%1 %2").arg((date.month() - 1) / 3 + 1).arg(date.year());
    case seg::BinUnit::Year:
        return QString::number(date.year());
    }
    return QString();
}

QString DistributionModel::binLabel(int row) const
{
    const seg::Histogram& h = m_profile.histogram;
    const seg::HistogramBin& bin = h.bins.at(row);
    const bool first = row == 0;
    const bool last = row == h.bins.size() - 1;
    const QDate from = dateOf(bin.lower);
    switch (h.unit) {
    case seg::BinUnit::Number: {
        const bool integers
            = m_profile.column.type == u"integer" && h.width >= 1 && std::trunc(h.width) == h.width;
        if (last && h.openUpper)
            return tr("%1 or more").arg(valueformat::number(bin.lower, 6));
        if (first && h.openLower)
            return tr("under %1").arg(valueformat::number(bin.upper, 6));
        if (h.width == 0)
            return valueformat::number(bin.lower, 6);
        if (integers && h.width == 1)
            return valueformat::number(bin.lower, 0);
        // Integer bins [20, 25) hold 20 to 24; other bins are read "from 20 to under 25".
        const double upper = integers ? bin.upper - 1 : bin.upper;
        return tr("%1 to %2").arg(valueformat::number(bin.lower, 6), valueformat::number(upper, 6));
    }
    case seg::BinUnit::Day:
        return valueformat::day(from);
    case seg::BinUnit::Week:
        return tr("Week of %1").arg(valueformat::day(from));
    case seg::BinUnit::Month:
        return QLocale().toString(from, QStringLiteral("MMMM yyyy"));
    case seg::BinUnit::Quarter:
        return tr("Q%1 %2").arg((from.month() - 1) / 3 + 1).arg(from.year());
    case seg::BinUnit::Year: {
        const int years = static_cast<int>(h.width);
        if (years <= 1)
            return QString::number(from.year());
        return tr("%1 to %2").arg(from.year()).arg(from.year() + years - 1);
    }
    }
    return QString();
}

QString DistributionModel::valueLabel(int row) const
{
    if (row >= m_profile.topValues.size()) {
        return m_profile.otherDistinct == 1
            ? tr("Other (1 value)")
            : tr("Other (%1 values)").arg(valueformat::count(m_profile.otherDistinct));
    }
    const QVariant& value = m_profile.topValues.at(row).value;
    return valueformat::stored(value, m_profile.column.type, m_profile.column.role);
}

QString DistributionModel::toolTip(int row) const
{
    const qint64 n = countAt(row);
    const QString label = isHistogram() ? binLabel(row) : valueLabel(row);
    const QString rows = n == 1 ? tr("1 row") : tr("%1 rows").arg(valueformat::count(n));
    const double share = base() > 0 ? static_cast<double>(n) / static_cast<double>(base()) : 0.0;
    return tr("%1: %2 (%3 of the values)").arg(label, rows, valueformat::share(share));
}

QVariant DistributionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LabelColumn:
            return isHistogram() ? binLabel(row) : elided(valueLabel(row));
        case CountColumn:
            return countAt(row);
        case ShareColumn:
            return base() > 0 ? static_cast<double>(countAt(row)) / static_cast<double>(base())
                              : 0.0;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::TextAlignmentRole:
        if (index.column() == LabelColumn)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default:
        break;
    }
    if (index.column() != LabelColumn)
        return {};
    const bool histogram = isHistogram();
    switch (role) {
    case EdgeLabelRole:
        return histogram ? edgeLabel(m_profile.histogram.bins.at(row).lower)
                         : elided(valueLabel(row));
    case UpperEdgeLabelRole:
        return histogram ? edgeLabel(m_profile.histogram.bins.at(row).upper) : QVariant();
    case LowerRole:
        return histogram ? QVariant(m_profile.histogram.bins.at(row).lower) : QVariant();
    case UpperRole:
        return histogram ? QVariant(m_profile.histogram.bins.at(row).upper) : QVariant();
    case IsOtherRole:
        return !histogram && row >= m_profile.topValues.size();
    default:
        return {};
    }
}

QVariant DistributionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LabelColumn:
        return isHistogram() ? tr("Range") : tr("Value");
    case CountColumn:
        return tr("Rows");
    case ShareColumn:
        return tr("Share");
    default:
        return {};
    }
}

} // namespace seg::ui
