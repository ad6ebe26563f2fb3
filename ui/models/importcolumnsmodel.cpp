#include "importcolumnsmodel.h"

#include "columntype.h"
#include "dateformat.h"
#include "role.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace seg::ui {

namespace {

constexpr ColumnType kTypes[] = { ColumnType::Integer, ColumnType::Decimal, ColumnType::Date,
    ColumnType::DateTime, ColumnType::YesNo, ColumnType::Category, ColumnType::Text };

const QString kNoRole = QStringLiteral("none");

QString roleValue(seg::Role role)
{
    return role == seg::Role::None ? kNoRole : roleColumnName(role);
}

QString sampleText(QString text)
{
    text.replace(QLatin1Char('\n'), QStringLiteral(" ↵ "));
    text.remove(QLatin1Char('\r'));
    return text;
}

} // namespace

ImportColumnsModel::ImportColumnsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ImportColumnsModel::setPlan(const QList<ColumnPlan>& columns, DataKind kind)
{
    bool same = kind == m_kind && columns.size() == m_columns.size();
    for (qsizetype i = 0; same && i < columns.size(); ++i)
        same = columns[i].source == m_columns[i].source;
    if (same) {
        m_columns = columns;
        if (!m_columns.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_columns = columns;
    m_kind = kind;
    endResetModel();
}

void ImportColumnsModel::setChoices(const QHash<QString, ColumnChoice>& choices)
{
    m_choices = choices;
}

int ImportColumnsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

int ImportColumnsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportColumnsModel::displayData(const ColumnPlan& c, int field) const
{
    switch (field) {
    case Source:
        return c.source;
    case Name:
        return c.skip ? QString() : c.name;
    case Type:
        return columnTypeDisplayName(c.type);
    case Role:
        return c.role == seg::Role::None ? tr("—") : roleDisplayName(c.role);
    case Samples: {
        QStringList shown;
        for (const QString& s : c.samples)
            shown.append(sampleText(s));
        return shown.join(QStringLiteral("  ·  "));
    }
    case Fails:
        if (c.failShare <= 0)
            return tr("none");
        if (c.failShare < 0.01)
            return tr("< 1 %");
        return tr("%1 %").arg(QLocale().toString(c.failShare * 100, 'f', 0));
    case Warnings:
        return c.warnings.join(QLatin1Char(' '));
    default:
        return {};
    }
}

QVariant ImportColumnsModel::toolTipData(const ColumnPlan& c, int field) const
{
    switch (field) {
    case Skip:
        return tr("Tick to leave the column \"%1\" out of the import.").arg(c.source);
    case Source:
        return tr("The column's name in the file.");
    case Name:
        return c.role == seg::Role::None
            ? tr("The column's name in the workspace. Double-click to change it.")
            : tr("Columns with a role are stored under the role's name.");
    case Type:
        if (c.type != c.detectedType)
            return tr("Read as %1 (the values look like %2). Double-click to change.")
                .arg(columnTypeDisplayName(c.type), columnTypeDisplayName(c.detectedType));
        if (c.dateOrder && (c.type == ColumnType::Date || c.type == ColumnType::DateTime))
            return tr("How the values are read: dates written as %1. Double-click to change the "
                      "type; the date format is set on the previous page.")
                .arg(dateOrderDisplayName(*c.dateOrder));
        return tr("How the values are read. Double-click to change.");
    case Role:
        return tr("What the column means to the workbench (for example the customer id or the "
                  "order date). Double-click to change.");
    case Samples:
        return c.samples.join(QLatin1Char('\n'));
    case Fails:
        return tr("Share of the sampled values that cannot be read as %1. Rows where a column "
                  "with a role cannot be read are rejected; other columns keep such values as "
                  "text.")
            .arg(columnTypeDisplayName(c.type).toLower());
    case Warnings:
        return c.warnings.join(QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant ImportColumnsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const ColumnPlan& c = m_columns.at(index.row());
    const int field = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(c, field);
    case Qt::ToolTipRole:
        return toolTipData(c, field);
    case Qt::EditRole:
        switch (field) {
        case Name:
            return c.name;
        case Type:
            return columnTypeName(c.type);
        case Role:
            return roleValue(c.role);
        default:
            return displayData(c, field);
        }
    case Qt::CheckStateRole:
        if (field == Skip)
            return c.skip ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        if (c.skip && field != Skip)
            return QBrush(QColor(0x80, 0x80, 0x80));
        if (field == Warnings || (field == Fails && c.failShare >= 0.05))
            return QBrush(QColor(0x8a, 0x4b, 0x00));
        return {};
    case Qt::TextAlignmentRole:
        if (field == Fails)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case OptionTextsRole: {
        QStringList texts;
        if (field == Type) {
            for (ColumnType t : kTypes)
                texts.append(columnTypeDisplayName(t));
        } else if (field == Role) {
            texts.append(tr("— (no role)"));
            for (seg::Role r : rolesForKind(m_kind))
                texts.append(roleDisplayName(r));
        }
        return texts;
    }
    case OptionValuesRole: {
        QStringList values;
        if (field == Type) {
            for (ColumnType t : kTypes)
                values.append(columnTypeName(t));
        } else if (field == Role) {
            values.append(kNoRole);
            for (seg::Role r : rolesForKind(m_kind))
                values.append(roleColumnName(r));
        }
        return values;
    }
    default:
        return {};
    }
}

bool ImportColumnsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return false;
    ColumnPlan& c = m_columns[index.row()];
    ColumnChoice& choice = m_choices[c.source];
    const int field = index.column();
    if (field == Skip && role == Qt::CheckStateRole) {
        const bool skip = value.toInt() == Qt::Checked;
        if (skip == c.skip)
            return true;
        choice.skip = skip;
        c.skip = skip;
    } else if (field == Name && role == Qt::EditRole) {
        const QString name = value.toString().trimmed();
        if (name.isEmpty() || name == c.name)
            return false;
        choice.name = name;
        c.name = name;
    } else if (field == Type && role == Qt::EditRole) {
        const auto type = columnTypeFromName(value.toString());
        if (!type || *type == c.type)
            return false;
        choice.type = *type;
        c.type = *type;
    } else if (field == Role && role == Qt::EditRole) {
        const QString v = value.toString();
        const std::optional<seg::Role> r
            = v == kNoRole ? std::optional(seg::Role::None) : roleFromName(v);
        if (!r || *r == c.role)
            return false;
        choice.role = *r;
        c.role = *r;
    } else {
        return false;
    }
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT choicesChanged();
    return true;
}

Qt::ItemFlags ImportColumnsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    const ColumnPlan& c = m_columns.at(index.row());
    switch (index.column()) {
    case Skip:
        f |= Qt::ItemIsUserCheckable;
        break;
    case Name:
        if (!c.skip && c.role == seg::Role::None)
            f |= Qt::ItemIsEditable;
        break;
    case Type:
    case Role:
        if (!c.skip)
            f |= Qt::ItemIsEditable;
        break;
    default:
        break;
    }
    return f;
}

QVariant ImportColumnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Skip:
            return tr("Skip");
        case Source:
            return tr("Column in the file");
        case Name:
            return tr("Name in the workspace");
        case Type:
            return tr("Type");
        case Role:
            return tr("Role");
        case Samples:
            return tr("Examples");
        case Fails:
            return tr("Unreadable");
        case Warnings:
            return tr("Warnings");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Skip:
            return tr("Ticked columns are not imported.");
        case Type:
            return tr("Integer, decimal, date, date-time, yes/no, category (a few distinct "
                      "values) or text.");
        case Role:
            return tr("What the column means: customer id, order date, amount and so on. "
                      "Segments and metrics use these roles.");
        case Fails:
            return tr("Share of the sampled values that cannot be read as the column's type.");
        default:
            return {};
        }
    }
    return {};
}

} // namespace seg::ui
