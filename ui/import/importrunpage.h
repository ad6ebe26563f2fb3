#pragma once

#include "importsession.h"

#include <QWizardPage>

class QLabel;
class QProgressBar;
class QPushButton;

namespace seg::ui {

/// Fourth page of the import wizard: a progress bar with rows per second and the time left,
/// and a button to cancel. After a cancel or an error it says in plain words what happened to
/// the workspace and offers to try again. Complete only after a successful import.
class ImportRunPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ImportRunPage(QWidget* parent = nullptr);

    /// Shows that an import of `fileName` into `table` has started.
    void showStarted(const QString& fileName, const QString& tableDisplayName);
    void showProgress(const ImportSession::Progress& progress);
    /// Shows a failed or cancelled import.
    void showFailure(const ImportSession::RunOutcome& outcome, const QString& tableDisplayName);
    /// Shows a successful import (the wizard moves on to the summary).
    void showSuccess();

    /// What the page says about the outcome (empty while running).
    QString messageText() const;
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* retryButton() const { return m_retry; }
    bool isRunning() const { return m_running; }

    bool isComplete() const override;

Q_SIGNALS:
    void cancelRequested();
    void retryRequested();

private:
    QLabel* m_status = nullptr;
    QProgressBar* m_bar = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_retry = nullptr;
    bool m_running = false;
    bool m_succeeded = false;
};

} // namespace seg::ui
