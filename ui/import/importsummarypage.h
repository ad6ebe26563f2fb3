#pragma once

#include "importsession.h"

#include <QWizardPage>

class QLabel;
class QPushButton;
class QTableView;

namespace seg::ui {

class RejectedRowsModel;

/// Last page of the import wizard for one file: rows read, imported and rejected, warnings,
/// the rejected rows (line, reason, raw text) with a button to save them as CSV, and a button
/// to open the imported table.
class ImportSummaryPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ImportSummaryPage(QWidget* parent = nullptr);

    /// Shows what the import of `fileName` into `tableDisplayName` did.
    void showOutcome(const ImportSession::RunOutcome& outcome, const QString& fileName,
        const QString& tableDisplayName);
    /// Shows the result of saving the rejected rows.
    void showExportResult(const QString& message);

    RejectedRowsModel* rejectedModel() const { return m_model; }
    QLabel* countsLabel() const { return m_counts; }
    QPushButton* exportButton() const { return m_export; }
    QPushButton* openTableButton() const { return m_openTable; }

Q_SIGNALS:
    void exportRequested();
    void openTableRequested();

private:
    QLabel* m_counts = nullptr;
    QLabel* m_warnings = nullptr;
    QLabel* m_rejectedLabel = nullptr;
    QLabel* m_exportResult = nullptr;
    RejectedRowsModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_openTable = nullptr;
};

} // namespace seg::ui
