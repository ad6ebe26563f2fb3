#pragma once

#include "segmentrule.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

#include <optional>

class QMimeData;

namespace seg::ui {

/// The condition tree of a segment rule being edited, for a QTreeView: one top-level row, the
/// root group, and below it its conditions and nested groups, one column. Groups read "All of
/// these (and)" / "Any of these (or)", conditions "Country is one of ("Germany", "France")".
///
/// The model is read-only for views: the segment builder changes the rule through undo
/// commands that call setRule() (one model reset per edit). Nodes are addressed by their path,
/// the child positions from the root (the root itself is the empty path).
class RuleTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role {
        IsGroupRole = Qt::UserRole + 1, ///< bool
        NegatedRole, ///< bool
        FieldRole, ///< the field name of a condition
    };

    explicit RuleTreeModel(QObject* parent = nullptr);

    /// Replaces the rule (one model reset). The root must be a group.
    void setRule(const seg::SegmentRule& rule);
    const seg::SegmentRule& rule() const { return m_rule; }
    /// Labels to show instead of field names ("country" -> "Country").
    void setFieldLabels(const QHash<QString, QString>& labels);

    /// The path of a node (empty for the root); empty for an invalid index too.
    static QList<int> pathOf(const QModelIndex& index);
    /// The index of the node at `path`; invalid when there is none.
    QModelIndex indexOf(const QList<int>& path) const;
    /// The node at `path` under `root` (nullptr when there is none).
    static const seg::RuleNode* nodeAt(const seg::RuleNode& root, const QList<int>& path);
    static seg::RuleNode* nodeAt(seg::RuleNode& root, const QList<int>& path);
    /// One line for people describing `node` (without its children).
    QString describe(const seg::RuleNode& node) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Drag to reorder: a drop does not change the model, it asks for the move with
    // moveRequested() (queued), which the builder makes an undo command.
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
        const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
        const QModelIndex& parent) override;

Q_SIGNALS:
    /// The node at `from` was dropped into the group at `toGroup`, before its child `row`
    /// (row = number of children: at the end). Paths are of the rule before the move.
    void moveRequested(const QList<int>& from, const QList<int>& toGroup, int row);

private:
    struct Location {
        const seg::RuleNode* parent = nullptr;
        int row = 0;
    };
    void rebuildLocations(const seg::RuleNode& node);
    /// The dragged path in `data`, or nullopt when it is not a move this model allows.
    std::optional<QList<int>> droppedPath(
        const QMimeData* data, Qt::DropAction action, const QModelIndex& parent) const;
    const seg::RuleNode* node(const QModelIndex& index) const;

    seg::SegmentRule m_rule;
    QHash<QString, QString> m_labels;
    QHash<const seg::RuleNode*, Location> m_locations;
};

} // namespace seg::ui
