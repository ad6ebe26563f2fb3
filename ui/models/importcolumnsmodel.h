#pragma once

#include "importoptions.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace seg::ui {

/// The columns of a file as the importer plans to store them, one row per column, for the
/// columns page of the import wizard: skip, source name, name in the workspace, type, role,
/// three example values, share of values that do not parse, warnings.
///
/// Skip, name, type and role are editable. An edit is recorded as a seg::ColumnChoice (keyed by
/// the column's header text), shown at once, and announced with choicesChanged(); the caller
/// then plans again and hands the new plan to setPlan(). A new plan with the same columns only
/// refreshes the cells (editors and selection survive); other plans reset the model.
/// Type and role cells offer their choices through OptionTextsRole / OptionValuesRole; their
/// EditRole is the stable name (columnTypeName(), roleColumnName() or "none").
class ImportColumnsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Skip, Source, Name, Type, Role, Samples, Fails, Warnings, ColumnCount };
    enum DataRole {
        OptionTextsRole = Qt::UserRole + 1, ///< QStringList shown in an editor's list
        OptionValuesRole, ///< QStringList of the matching EditRole values
    };

    explicit ImportColumnsModel(QObject* parent = nullptr);

    /// Shows the columns of `plan`; roles offered are those of `kind`.
    void setPlan(const QList<seg::ColumnPlan>& columns, seg::DataKind kind);
    /// The choices made so far, keyed by header text.
    const QHash<QString, seg::ColumnChoice>& choices() const { return m_choices; }
    /// Replaces the choices (e.g. remembered from an earlier file); does not emit choicesChanged().
    void setChoices(const QHash<QString, seg::ColumnChoice>& choices);
    const QList<seg::ColumnPlan>& columns() const { return m_columns; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The user changed a column's skip, name, type or role.
    void choicesChanged();

private:
    QVariant displayData(const seg::ColumnPlan& column, int field) const;
    QVariant toolTipData(const seg::ColumnPlan& column, int field) const;

    QList<seg::ColumnPlan> m_columns;
    QHash<QString, seg::ColumnChoice> m_choices;
    seg::DataKind m_kind = seg::DataKind::Transactions;
};

} // namespace seg::ui
