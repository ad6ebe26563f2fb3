#pragma once

#include <QStyledItemDelegate>

namespace seg::ui {

/// Edits a cell that offers a fixed list of choices (ImportColumnsModel::OptionTextsRole and
/// OptionValuesRole) with a combo box that commits as soon as a choice is made; other cells
/// get the default editor.
class ColumnChoiceDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ColumnChoiceDelegate(QObject* parent = nullptr);

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
        const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(
        QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
};

} // namespace seg::ui
