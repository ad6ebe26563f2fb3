#pragma once

#include "importsession.h"

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QTableView;

namespace seg::ui {

class ImportColumnsModel;
class MessageBar;

/// Third page of the import wizard: one row per column of the file with its name, type, role,
/// examples, share of unreadable values and warnings; name, type and role can be changed and a
/// column skipped. Complete when the file can be imported as set (the Next button reads
/// "Import").
class ImportColumnsPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ImportColumnsPage(QWidget* parent = nullptr);

    /// Shows a plan outcome read with `options`.
    void showPlan(const ImportSession::PlanOutcome& outcome, const seg::ImportOptions& options);
    void setPlanning(bool planning);

    ImportColumnsModel* columnsModel() const { return m_model; }
    QTableView* columnsView() const { return m_view; }
    QCheckBox* generateIdsBox() const { return m_generateIds; }

    bool isComplete() const override;

Q_SIGNALS:
    /// The user changed a column (see ImportColumnsModel::choices()).
    void choicesChanged();
    void generateIdsChanged(bool generate);

private:
    void fitColumns();

    ImportColumnsModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QCheckBox* m_generateIds = nullptr;
    QLabel* m_status = nullptr;
    MessageBar* m_problem = nullptr;
    bool m_planning = false;
    bool m_importable = false;
    bool m_fitted = false;
};

} // namespace seg::ui
