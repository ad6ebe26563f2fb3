#pragma once

#include "workspace.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;
class QTableView;
class QTimer;

namespace seg::ui {

class PagedTableModel;

/// One data table of a workspace: a quick filter, the row count and the rows, read-only.
class TablePage : public QWidget {
    Q_OBJECT
public:
    /// Starts reading `table` of the workspace at `workspacePath` in the background.
    TablePage(const QString& workspacePath, const seg::TableInfo& table, QWidget* parent = nullptr);

    const QString& tableName() const { return m_table; }
    PagedTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    /// "12,345 rows", "12 of 12,345 rows", "Loading…"...
    QString rowCountText() const;
    /// True once the first rows (or an error) have arrived.
    bool hasLoaded() const { return m_loadedOnce; }

    /// Puts the cursor in the filter box, selecting what is there.
    void focusFilter();
    /// Reads the table again with the same filter and sort.
    void reload();

    /// Hides or shows a column; hidden columns are not searched by the filter and are
    /// remembered for this table between runs.
    void setColumnVisible(const QString& column, bool visible);
    /// Names of the columns shown, in model order.
    QStringList visibleColumns() const;
    /// Name of the column of the current cell, empty when none.
    QString currentColumn() const;

    /// Display name of a data table ("Customers", "Campaign responses").
    static QString displayName(const QString& table);

Q_SIGNALS:
    /// The first rows were shown (or reading them failed): emitted once.
    void firstLoadFinished();
    void errorOccurred(const QString& message);
    /// The current cell moved to another column (name), for the column profile.
    void currentColumnChanged(const QString& column);
    /// A row was double-clicked or Enter pressed on it; its customer id (empty when the
    /// table has no customer id column).
    void customerActivated(const QString& customerId);

private:
    void applyFilter();
    void onLoaded();
    void updateCountLabel();
    void fitColumns();
    void fillColumnsMenu();
    void applyHiddenColumns();
    void activateRow(const QModelIndex& index);
    QString settingsKey() const;

    QString m_table;
    PagedTableModel* m_model = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_view = nullptr;
    QTimer* m_filterDelay = nullptr;
    QToolButton* m_columnsButton = nullptr;
    QMenu* m_columnsMenu = nullptr;
    QStringList m_hidden; ///< hidden column names
    QString m_lastColumn;
    QString m_busyText; ///< what the count label says while the model reloads
    bool m_loadedOnce = false;
};

} // namespace seg::ui
