#include "ruletreemodel.h"

#include <QFont>
#include <QMimeData>

#include <utility>

namespace seg::ui {

RuleTreeModel::RuleTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
    rebuildLocations(m_rule.root());
}

void RuleTreeModel::setRule(const seg::SegmentRule& rule)
{
    Q_ASSERT(rule.root().isGroup());
    beginResetModel();
    m_rule = rule;
    m_locations.clear();
    m_locations.insert(&m_rule.root(), Location { nullptr, 0 });
    rebuildLocations(m_rule.root());
    endResetModel();
}

void RuleTreeModel::setFieldLabels(const QHash<QString, QString>& labels)
{
    // Every condition may show a label; a reset repaints them all.
    beginResetModel();
    m_labels = labels;
    endResetModel();
}

void RuleTreeModel::rebuildLocations(const seg::RuleNode& node)
{
    if (!m_locations.contains(&node))
        m_locations.insert(&node, Location { nullptr, 0 });
    for (int i = 0; i < node.children.size(); ++i) {
        const seg::RuleNode& child = node.children.at(i);
        m_locations.insert(&child, Location { &node, i });
        rebuildLocations(child);
    }
}

const seg::RuleNode* RuleTreeModel::node(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<const seg::RuleNode*>(index.internalPointer()) : nullptr;
}

QList<int> RuleTreeModel::pathOf(const QModelIndex& index)
{
    QList<int> path;
    for (QModelIndex i = index; i.isValid() && i.parent().isValid(); i = i.parent())
        path.prepend(i.row());
    return path;
}

QModelIndex RuleTreeModel::indexOf(const QList<int>& path) const
{
    QModelIndex current = index(0, 0);
    for (int row : path) {
        if (!current.isValid() || row < 0 || row >= rowCount(current))
            return {};
        current = index(row, 0, current);
    }
    return current;
}

const seg::RuleNode* RuleTreeModel::nodeAt(const seg::RuleNode& root, const QList<int>& path)
{
    const seg::RuleNode* current = &root;
    for (int row : path) {
        if (row < 0 || row >= current->children.size())
            return nullptr;
        current = &current->children.at(row);
    }
    return current;
}

seg::RuleNode* RuleTreeModel::nodeAt(seg::RuleNode& root, const QList<int>& path)
{
    seg::RuleNode* current = &root;
    for (int row : path) {
        if (row < 0 || row >= current->children.size())
            return nullptr;
        current = &current->children[row];
    }
    return current;
}

QString RuleTreeModel::describe(const seg::RuleNode& n) const
{
    using Kind = seg::RuleNode::Kind;
    if (n.kind == Kind::And)
        return n.negated ? tr("Not all of these (not and)") : tr("All of these (and)");
    if (n.kind == Kind::Or)
        return n.negated ? tr("None of these (not or)") : tr("Any of these (or)");
    // The comparison as the text form prints it, after a placeholder field name.
    seg::RuleNode copy = n;
    copy.negated = false;
    copy.field = QStringLiteral("x");
    const QString text = seg::SegmentRule(seg::RuleNode::group(Kind::And, { copy })).toText();
    QString comparison = text.startsWith(QLatin1String("x ")) ? text.mid(2) : text;
    // The signs people write by hand, only in front (a value may hold ">=" too).
    static const std::pair<const char*, const char*> signs[]
        = { { ">= ", "\u2265 " }, { "<= ", "\u2264 " }, { "!= ", "\u2260 " } };
    for (const auto& [ascii, sign] : signs) {
        if (comparison.startsWith(QLatin1String(ascii))) {
            comparison = QString::fromUtf8(sign) + comparison.mid(3);
            break;
        }
    }
    QString label = m_labels.value(n.field, n.field);
    if (!label.isEmpty())
        label[0] = label.at(0).toUpper();
    const QString condition = label + QLatin1Char(' ') + comparison;
    return n.negated ? tr("not %1").arg(condition) : condition;
}

QModelIndex RuleTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row == 0 ? createIndex(0, 0, const_cast<seg::RuleNode*>(&m_rule.root()))
                        : QModelIndex();
    const seg::RuleNode* p = node(parent);
    if (!p || row >= p->children.size())
        return {};
    return createIndex(row, 0, const_cast<seg::RuleNode*>(&p->children.at(row)));
}

QModelIndex RuleTreeModel::parent(const QModelIndex& child) const
{
    const seg::RuleNode* n = node(child);
    if (!n)
        return {};
    const Location location = m_locations.value(n);
    if (!location.parent)
        return {};
    const Location parentLocation = m_locations.value(location.parent);
    return createIndex(parentLocation.row, 0, const_cast<seg::RuleNode*>(location.parent));
}

int RuleTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return 1;
    if (parent.column() != 0)
        return 0;
    const seg::RuleNode* n = node(parent);
    return n ? static_cast<int>(n->children.size()) : 0;
}

int RuleTreeModel::columnCount(const QModelIndex& /*parent*/) const { return 1; }

QVariant RuleTreeModel::data(const QModelIndex& index, int role) const
{
    const seg::RuleNode* n = node(index);
    if (!n)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return describe(*n);
    case Qt::FontRole:
        if (n->isGroup()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case IsGroupRole:
        return n->isGroup();
    case NegatedRole:
        return n->negated;
    case FieldRole:
        return n->isGroup() ? QVariant() : QVariant(n->field);
    default:
        return {};
    }
}

QVariant RuleTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (section == 0 && orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return tr("Conditions");
    return {};
}

namespace {
const QString& pathMimeType()
{
    static const QString type = QStringLiteral("application/x-segwb-rule-path");
    return type;
}
} // namespace

Qt::ItemFlags RuleTreeModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractItemModel::flags(index);
    const seg::RuleNode* n = node(index);
    if (!n)
        return flags;
    if (index.parent().isValid())
        flags |= Qt::ItemIsDragEnabled;
    if (n->isGroup())
        flags |= Qt::ItemIsDropEnabled;
    return flags;
}

Qt::DropActions RuleTreeModel::supportedDropActions() const { return Qt::MoveAction; }

Qt::DropActions RuleTreeModel::supportedDragActions() const { return Qt::MoveAction; }

QStringList RuleTreeModel::mimeTypes() const { return { pathMimeType() }; }

QMimeData* RuleTreeModel::mimeData(const QModelIndexList& indexes) const
{
    if (indexes.isEmpty() || !indexes.first().parent().isValid())
        return nullptr;
    QStringList parts;
    for (int row : pathOf(indexes.first()))
        parts.append(QString::number(row));
    auto* data = new QMimeData;
    data->setData(pathMimeType(), parts.join(QLatin1Char('/')).toUtf8());
    return data;
}

std::optional<QList<int>> RuleTreeModel::droppedPath(
    const QMimeData* data, Qt::DropAction action, const QModelIndex& parent) const
{
    if (!data || action != Qt::MoveAction || !data->hasFormat(pathMimeType()))
        return std::nullopt;
    const seg::RuleNode* target = node(parent);
    if (!target || !target->isGroup())
        return std::nullopt;
    QList<int> from;
    const QStringList parts
        = QString::fromUtf8(data->data(pathMimeType())).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString& part : parts) {
        bool ok = false;
        from.append(part.toInt(&ok));
        if (!ok)
            return std::nullopt;
    }
    if (from.isEmpty() || !nodeAt(m_rule.root(), from))
        return std::nullopt;
    // A group cannot go into itself or its own descendants.
    const QList<int> to = pathOf(parent);
    if (to.size() >= from.size() && to.mid(0, from.size()) == from)
        return std::nullopt;
    return from;
}

bool RuleTreeModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int /*row*/,
    int /*column*/, const QModelIndex& parent) const
{
    return droppedPath(data, action, parent).has_value();
}

bool RuleTreeModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row,
    int /*column*/, const QModelIndex& parent)
{
    const auto from = droppedPath(data, action, parent);
    if (!from)
        return false;
    const seg::RuleNode* target = node(parent);
    const int at = row < 0 || row > target->children.size() ? int(target->children.size()) : row;
    const QList<int> to = pathOf(parent);
    // Queued: the view is still handling the drop when the builder replaces the rule.
    QMetaObject::invokeMethod(
        this, [this, f = *from, to, at] { Q_EMIT moveRequested(f, to, at); }, Qt::QueuedConnection);
    // The model itself does not change; false keeps the view from removing the source rows.
    return false;
}

} // namespace seg::ui
