#include "columnchoicedelegate.h"

#include "importcolumnsmodel.h"

#include <QComboBox>

namespace seg::ui {

ColumnChoiceDelegate::ColumnChoiceDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

QWidget* ColumnChoiceDelegate::createEditor(
    QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QStringList texts = index.data(ImportColumnsModel::OptionTextsRole).toStringList();
    if (texts.isEmpty())
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto* combo = new QComboBox(parent);
    const QStringList values = index.data(ImportColumnsModel::OptionValuesRole).toStringList();
    for (qsizetype i = 0; i < texts.size(); ++i)
        combo->addItem(texts.at(i), values.value(i));
    connect(combo, &QComboBox::activated, this, [this, combo] {
        auto* self = const_cast<ColumnChoiceDelegate*>(this);
        Q_EMIT self->commitData(combo);
        Q_EMIT self->closeEditor(combo);
    });
    return combo;
}

void ColumnChoiceDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        const int i = combo->findData(index.data(Qt::EditRole));
        if (i >= 0)
            combo->setCurrentIndex(i);
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void ColumnChoiceDelegate::setModelData(
    QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        model->setData(index, combo->currentData(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

} // namespace seg::ui
