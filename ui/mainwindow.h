#pragma once

#include "workspace.h"

#include <QFutureWatcher>
#include <QList>
#include <QMainWindow>
#include <QString>
#include <QStyle>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QSplitter;
class QProgressBar;
class QStackedWidget;
class QTabWidget;

namespace seg::ui {

class ColumnProfilePanel;
class LifecyclePage;
class RfmPage;
class SegmentsPage;
class EmptyState;
class MessageBar;
class TablePage;

/// The Segment Workbench window: opens one workspace at a time and shows its data tables
/// (customers, transactions, campaign responses) read-only, one tab each.
///
/// Opening a workspace and counting its rows run in the background; a newer open supersedes
/// an older one still running. Problems are shown in the message bar above the content.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens an existing workspace file (read-only), without a dialog.
    void openWorkspace(const QString& path);
    /// Creates a workspace file (or opens it when it already exists), without a dialog.
    void createWorkspace(const QString& path);
    /// Closes the workspace; the window stays open and shows the welcome panel.
    void closeWorkspace();
    /// Opens the current workspace again (new data from an import elsewhere).
    void reloadWorkspace();
    /// Opens the import wizard for these CSV files; without an open workspace, asks for a new
    /// one first.
    void importFiles(const QStringList& files);
    /// Shows the detail of one customer in a window of its own.
    void showCustomer(const QString& customerId);

    /// The open workspace file, empty when none.
    const QString& workspacePath() const { return m_path; }
    /// True while a workspace is being opened.
    bool isOpening() const { return m_openWatcher.isRunning(); }
    MessageBar* messageBar() const { return m_messageBar; }
    QTabWidget* tabs() const { return m_tabs; }
    ColumnProfilePanel* profilePanel() const { return m_profile; }
    QListWidget* navigation() const { return m_nav; }
    SegmentsPage* segmentsPage() const { return m_segments; }
    RfmPage* rfmPage() const { return m_rfm; }
    LifecyclePage* lifecyclePage() const { return m_lifecycle; }
    /// Opens the export dialog for the saved segments `names` (all may be chosen in it).
    void exportSegments(const QStringList& names = {});
    /// The page of the current tab, or null.
    TablePage* currentPage() const;

Q_SIGNALS:
    /// A workspace was opened and its tabs created.
    void workspaceOpened(const QString& path);
    /// The import wizard was opened (tests and screenshots drive it from here).
    void importWizardOpened(QWidget* wizard);
    /// The window shows what it was asked for: an opened workspace with the first rows of
    /// its current tab, a workspace without data, or a message after a failed open.
    void contentReady();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    /// What the background open found; copied back to the GUI thread.
    struct OpenResult {
        quint64 generation = 0;
        QString path;
        bool created = false; ///< a new file was made
        QString error;
        QList<seg::TableInfo> tables;
    };
    static OpenResult openInBackground(
        QString path, seg::Workspace::OpenMode mode, quint64 generation);

    void createActions();
    void newWorkspaceDialog();
    void openWorkspaceDialog();
    void startOpen(const QString& path, seg::Workspace::OpenMode mode, bool announceExisting);
    void onOpenFinished();
    void showWorkspace(const OpenResult& result);
    void clearTabs();
    void showWelcome();
    void updateRecent();
    void updateTitle();
    void updateStatusCounts(const QList<seg::TableInfo>& tables);
    void setBusy(const QString& message);
    void focusFilter();
    void onPageFirstLoad(TablePage* page);
    void importDialog();
    void openImportWizard(const QStringList& files);
    void showProfileOf(TablePage* page);
    void addPage(
        QWidget* page, QStyle::StandardPixmap icon, const QString& name, const QString& toolTip);
    void setAnalysisWorkspace(const QString& path);
    QString dialogDirectory() const;
    void rememberDirectory(const QString& file);
    void restoreWindowState();
    void saveWindowState();

    QString m_path;
    QString m_openingPath;
    QString m_restoreTab; ///< table to show again after a reload
    bool m_announceExisting = false;
    bool m_waitingForFirstRows = false;
    quint64 m_openGeneration = 0;
    QFutureWatcher<OpenResult> m_openWatcher;

    MessageBar* m_messageBar = nullptr;
    QStackedWidget* m_stack = nullptr;
    EmptyState* m_welcome = nullptr;
    EmptyState* m_noData = nullptr;
    QTabWidget* m_tabs = nullptr;
    QListWidget* m_nav = nullptr;
    QStackedWidget* m_pages = nullptr;
    QSplitter* m_dataSplit = nullptr;
    ColumnProfilePanel* m_profile = nullptr;
    SegmentsPage* m_segments = nullptr;
    RfmPage* m_rfm = nullptr;
    LifecyclePage* m_lifecycle = nullptr;
    QStringList m_pendingImport; ///< files to import once the new workspace is open
    QLabel* m_customersCount = nullptr;
    QLabel* m_transactionsCount = nullptr;
    QLabel* m_responsesCount = nullptr;
    QProgressBar* m_busy = nullptr;

    QMenu* m_recentMenu = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_filterAction = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_profileAction = nullptr;
};

} // namespace seg::ui
