#pragma once

#include "importoptions.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QWizard>

class QComboBox;
class QTimer;

namespace seg::ui {

class ImportColumnsModel;
class ImportColumnsPage;
class ImportFilePage;
class ImportPreviewModel;
class ImportReadingPage;
class ImportRunPage;
class ImportSession;
class ImportSummaryPage;
class RejectedRowsModel;

/// The import wizard: imports one or more CSV files into a workspace, one after another
/// ("File 2 of 3"). For each file: kind and mode (File), how it is read with a live preview
/// (Reading), its columns (Columns), the import with progress and Cancel (Run), and what was
/// imported and rejected (Summary).
///
/// Planning, counting and importing run in worker threads (ImportSession); the GUI thread never
/// waits for them, except when the wizard is closed during an import, which cancels the import
/// and waits for it to stop (the workspace is then left as it was). Settings chosen for a file
/// are remembered for the next file with the same header line (ImportSettingsMemory).
class ImportWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { FilePageId, ReadingPageId, ColumnsPageId, RunPageId, SummaryPageId };

    /// Imports `files` (paths of CSV files) into the workspace at `workspacePath`, which is
    /// created when missing.
    ImportWizard(const QString& workspacePath, const QStringList& files, QWidget* parent = nullptr);
    ~ImportWizard() override;

    /// Position of the file being imported in the list given to the constructor.
    int fileIndex() const { return m_fileIndex; }
    const QStringList& files() const { return m_files; }
    /// The import of the current file (options, latest plan, outcome).
    ImportSession* session() const { return m_session; }
    bool isImporting() const;

    ImportPreviewModel* previewModel() const;
    ImportColumnsModel* columnsModel() const;
    RejectedRowsModel* rejectedRowsModel() const;
    QComboBox* delimiterCombo() const;
    ImportFilePage* filePage() const { return m_filePage; }
    ImportReadingPage* readingPage() const { return m_readingPage; }
    ImportColumnsPage* columnsPage() const { return m_columnsPage; }
    ImportRunPage* runPage() const { return m_runPage; }
    ImportSummaryPage* summaryPage() const { return m_summaryPage; }

    /// Writes every rejected row of the last import to `path` (CSV, UTF-8) in the background;
    /// rejectedRowsExported() follows.
    void exportRejectedRows(const QString& path);
    /// Goes on with the next file (skipping the current one when it was not imported).
    void startNextFile();

    void reject() override;

Q_SIGNALS:
    /// A file was imported into `table`.
    void imported(const QString& table);
    /// The user asked to see `table`.
    void openTableRequested(const QString& table);
    /// The reading page's preview was refreshed.
    void previewReady();
    /// Saving the rejected rows finished; `message` says where or why not, in plain words.
    void rejectedRowsExported(bool ok, const QString& message);

protected:
    void initializePage(int id) override;
    void closeEvent(QCloseEvent* event) override;

private:
    struct ExportOutcome {
        bool ok = false;
        QString message;
    };

    void startFile(int index);
    void onPlanReady();
    void onCountsReady();
    void onImportFinished();
    void changeOptions(const seg::ImportOptions& options);
    void onKindChosen(seg::DataKind kind);
    void startImport();
    void updateButtons();
    void chooseExportFile();
    QString tableDisplayName() const;
    static ExportOutcome exportInBackground(QString workspacePath, qint64 importId, QString path);

    QString m_workspacePath;
    QStringList m_files;
    int m_fileIndex = 0;
    bool m_firstPlan = true;
    ImportSession* m_session = nullptr;
    ImportFilePage* m_filePage = nullptr;
    ImportReadingPage* m_readingPage = nullptr;
    ImportColumnsPage* m_columnsPage = nullptr;
    ImportRunPage* m_runPage = nullptr;
    ImportSummaryPage* m_summaryPage = nullptr;
    QTimer* m_progressTimer = nullptr;
    QFutureWatcher<ExportOutcome> m_exportWatcher;
};

} // namespace seg::ui
