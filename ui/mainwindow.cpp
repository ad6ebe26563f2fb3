#include "mainwindow.h"

#include "columnprofilepanel.h"
#include "customerdetaildialog.h"
#include "emptystate.h"
#include "exportdialog.h"
#include "importwizard.h"
#include "lifecyclepage.h"
#include "messagebar.h"
#include "pagedtablemodel.h"
#include "recentworkspaces.h"
#include "rfmpage.h"
#include "segmentspage.h"
#include "tablepage.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <memory>
#include <utility>

namespace seg::ui {

namespace {

const QString& workspaceSuffix()
{
    static const QString suffix = QStringLiteral("segws");
    return suffix;
}

QString countText(qint64 n, const QString& one, const QString& many)
{
    return (n == 1 ? one : many).arg(QLocale().toString(n));
}

QString shellQuoted(const QString& path)
{
    QString quoted = path;
    quoted.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_messageBar(new MessageBar(this))
    , m_stack(new QStackedWidget(this))
    , m_welcome(new EmptyState(this))
    , m_noData(new EmptyState(this))
    , m_tabs(new QTabWidget(this))
    , m_nav(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_dataSplit(new QSplitter(Qt::Horizontal, this))
    , m_profile(new ColumnProfilePanel(this))
    , m_segments(new SegmentsPage(this))
    , m_rfm(new RfmPage(this))
    , m_lifecycle(new LifecyclePage(this))
    , m_customersCount(new QLabel(this))
    , m_transactionsCount(new QLabel(this))
    , m_responsesCount(new QLabel(this))
    , m_busy(new QProgressBar(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);

    m_welcome->setObjectName(QStringLiteral("welcome"));
    m_welcome->setTitle(tr("Open a workspace or create a new one"));
    m_welcome->setText(tr("A workspace is one file (.segws) that keeps your customers, "
                          "transactions and campaign responses, and the segments you build from "
                          "them, on this computer."));
    QPushButton* open = m_welcome->addButton(tr("Open Workspace…"));
    open->setObjectName(QStringLiteral("welcomeOpen"));
    connect(open, &QPushButton::clicked, this, &MainWindow::openWorkspaceDialog);
    QPushButton* create = m_welcome->addButton(tr("New Workspace…"));
    create->setObjectName(QStringLiteral("welcomeNew"));
    connect(create, &QPushButton::clicked, this, &MainWindow::newWorkspaceDialog);
    connect(m_welcome, &EmptyState::linkActivated, this, [this](int index) {
        const QStringList recent = RecentWorkspaces::load();
        if (index >= 0 && index < recent.size())
            openWorkspace(recent.at(index));
    });

    m_noData->setObjectName(QStringLiteral("noData"));
    m_noData->setTitle(tr("This workspace has no data yet"));
    QPushButton* importData = m_noData->addButton(tr("Import Data…"));
    importData->setObjectName(QStringLiteral("noDataImport"));
    connect(importData, &QPushButton::clicked, this, &MainWindow::importDialog);
    QPushButton* other = m_noData->addButton(tr("Open Another Workspace…"));
    connect(other, &QPushButton::clicked, this, &MainWindow::openWorkspaceDialog);

    m_tabs->setObjectName(QStringLiteral("tableTabs"));
    m_tabs->setDocumentMode(true);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        TablePage* page = currentPage();
        if (page && page->hasLoaded())
            onPageFirstLoad(page);
        showProfileOf(page);
    });

    // The data tables on the left, the profile of the selected column on the right.
    m_profile->setObjectName(QStringLiteral("columnProfile"));
    m_dataSplit->setObjectName(QStringLiteral("dataSplit"));
    m_dataSplit->addWidget(m_tabs);
    m_dataSplit->addWidget(m_profile);
    m_dataSplit->setStretchFactor(0, 1);
    m_dataSplit->setStretchFactor(1, 0);
    m_dataSplit->setCollapsible(0, false);
    m_dataSplit->setSizes({ 880, 380 });

    m_stack->setObjectName(QStringLiteral("dataStack"));
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_noData);
    m_stack->addWidget(m_dataSplit);

    // One entry per page of the workbench; later pages (segments, clusters...) join the list.
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setIconSize(QSize(20, 20));
    m_nav->setSpacing(2);
    m_nav->setFixedWidth(150);
    auto* dataItem = new QListWidgetItem(
        style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("Data"), m_nav);
    dataItem->setToolTip(tr("Your customers, transactions and campaign responses, and the "
                            "profile of each column"));
    m_pages->addWidget(m_stack);
    m_segments->setObjectName(QStringLiteral("segmentsPage"));
    addPage(m_segments, QStyle::SP_FileDialogListView, tr("Segments"),
        tr("Build segments from rules with live counts, save them and compare them"));
    m_rfm->setObjectName(QStringLiteral("rfmPage"));
    addPage(m_rfm, QStyle::SP_FileDialogContentsView, tr("RFM"),
        tr("Recency, frequency and monetary scores, named RFM segments and their map"));
    m_lifecycle->setObjectName(QStringLiteral("lifecyclePage"));
    addPage(m_lifecycle, QStyle::SP_BrowserReload, tr("Lifecycle & value"),
        tr("New, active, lapsed and lost customers, and revenue tiers"));
    // Segments saved from the RFM page show in the segment list; new scores, statuses and tiers
    // reach the builder's fields (the builder keeps its rule).
    connect(m_rfm, &RfmPage::segmentsSaved, m_segments, &SegmentsPage::refresh);
    connect(m_rfm, &RfmPage::computed, m_segments, &SegmentsPage::refresh);
    connect(m_lifecycle, &LifecyclePage::computed, m_segments, &SegmentsPage::refresh);
    connect(m_nav, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_nav->setCurrentRow(0);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->setSpacing(6);
    layout->addWidget(m_messageBar);
    layout->addWidget(m_pages, 1);

    auto* central = new QWidget(this);
    auto* row = new QHBoxLayout(central);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    row->addWidget(m_nav);
    auto* line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    row->addWidget(line);
    row->addWidget(content, 1);
    setCentralWidget(central);

    for (QLabel* label : { m_customersCount, m_transactionsCount, m_responsesCount }) {
        label->setContentsMargins(12, 0, 12, 0);
        label->hide();
        statusBar()->addPermanentWidget(label);
    }
    m_customersCount->setObjectName(QStringLiteral("customersCount"));
    m_transactionsCount->setObjectName(QStringLiteral("transactionsCount"));
    m_responsesCount->setObjectName(QStringLiteral("responsesCount"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(14);
    m_busy->hide();
    statusBar()->addWidget(m_busy);

    connect(&m_openWatcher, &QFutureWatcherBase::finished, this, &MainWindow::onOpenFinished);
    // Files dropped before there was a workspace go into the one just made.
    connect(this, &MainWindow::workspaceOpened, this, [this] {
        if (m_pendingImport.isEmpty())
            return;
        const QStringList files = std::exchange(m_pendingImport, {});
        QTimer::singleShot(0, this, [this, files] { openImportWizard(files); });
    });

    createActions();
    setAnalysisWorkspace(QString());
    updateRecent();
    updateTitle();
    showWelcome();
    restoreWindowState();
}

MainWindow::~MainWindow()
{
    // The open job holds only copies; wait so that it does not outlive the application.
    m_openWatcher.waitForFinished();
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* create = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspaceDialog);
    create->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::openWorkspaceDialog);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setToolTipsVisible(true);
    file->addSeparator();
    m_importAction = file->addAction(tr("&Import Data…"), this, &MainWindow::importDialog);
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importAction->setStatusTip(tr("Read customers, transactions or campaign responses from CSV "
                                    "files into this workspace"));
    m_exportAction = file->addAction(tr("&Export Segments…"), this, [this] { exportSegments(); });
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setStatusTip(tr("Write the members of saved segments to CSV files for a "
                                    "campaign"));
    file->addSeparator();
    m_closeAction = file->addAction(tr("&Close"), this, &MainWindow::closeWorkspace);
    m_closeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_filterAction = view->addAction(tr("&Filter Rows"), this, &MainWindow::focusFilter);
    m_filterAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    m_reloadAction = view->addAction(tr("&Reload Workspace"), this, &MainWindow::reloadWorkspace);
    m_reloadAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_profileAction = view->addAction(tr("Column &Profile"));
    m_profileAction->setCheckable(true);
    m_profileAction->setChecked(true);
    m_profileAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(m_profileAction, &QAction::toggled, m_profile, &QWidget::setVisible);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Segment Workbench"), this, [this] {
        QMessageBox::about(this, tr("About Segment Workbench"),
            tr("<h3>Segment Workbench %1</h3><p>Segment your customers on your own computer: "
               "the data never leaves it.</p>")
                .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
    });
    about->setMenuRole(QAction::AboutRole);

    m_closeAction->setEnabled(false);
    m_reloadAction->setEnabled(false);
    m_filterAction->setEnabled(false);
    m_exportAction->setEnabled(false);
}

void MainWindow::importDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import Data"),
        dialogDirectory(), tr("CSV and text files (*.csv *.tsv *.txt *.dat);;All files (*)"));
    if (!files.isEmpty())
        importFiles(files);
}

void MainWindow::importFiles(const QStringList& files)
{
    if (files.isEmpty())
        return;
    if (m_path.isEmpty() || isOpening()) {
        // Data needs a workspace to go into: make one first, then import.
        m_pendingImport = files;
        if (!isOpening())
            newWorkspaceDialog();
        if (m_path.isEmpty() && !isOpening())
            m_pendingImport.clear(); // the dialog was cancelled
        return;
    }
    openImportWizard(files);
}

void MainWindow::openImportWizard(const QStringList& files)
{
    auto* wizard = new ImportWizard(m_path, files, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    auto changed = std::make_shared<bool>(false);
    connect(wizard, &ImportWizard::imported, this, [this, changed](const QString& table) {
        *changed = true;
        m_restoreTab = table;
    });
    connect(wizard, &ImportWizard::openTableRequested, this, [this, wizard](const QString& table) {
        m_restoreTab = table;
        wizard->close();
    });
    connect(wizard, &QDialog::finished, this, [this, changed] {
        if (!*changed)
            return;
        const QString table = m_restoreTab;
        reloadWorkspace();
        m_restoreTab = table;
    });
    wizard->open();
    Q_EMIT importWizardOpened(wizard);
}

void MainWindow::addPage(
    QWidget* page, QStyle::StandardPixmap icon, const QString& name, const QString& toolTip)
{
    auto* item = new QListWidgetItem(style()->standardIcon(icon), name, m_nav);
    item->setToolTip(toolTip);
    // A page wider than a small screen scrolls instead of making the window that wide.
    auto* scroll = new QScrollArea(m_pages);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(page);
    m_pages->addWidget(scroll);
}

void MainWindow::setAnalysisWorkspace(const QString& path)
{
    m_segments->setWorkspace(path);
    m_rfm->setWorkspace(path);
    m_lifecycle->setWorkspace(path);
    // Analysis pages need a workspace; the data page always shows something.
    for (int row = 1; row < m_nav->count(); ++row) {
        QListWidgetItem* item = m_nav->item(row);
        item->setFlags(path.isEmpty() ? item->flags() & ~Qt::ItemIsEnabled
                                      : item->flags() | Qt::ItemIsEnabled);
    }
    if (path.isEmpty())
        m_nav->setCurrentRow(0);
    m_exportAction->setEnabled(!path.isEmpty());
}

void MainWindow::exportSegments(const QStringList& names)
{
    if (m_path.isEmpty())
        return;
    auto* dialog = new ExportDialog(m_path, names, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showCustomer(const QString& customerId)
{
    if (m_path.isEmpty() || customerId.isEmpty())
        return;
    auto* dialog = new CustomerDetailDialog(m_path, customerId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showProfileOf(TablePage* page)
{
    if (!page || page->currentColumn().isEmpty()) {
        m_profile->clear();
        return;
    }
    m_profile->showColumn(m_path, page->tableName(), page->currentColumn());
}

TablePage* MainWindow::currentPage() const
{
    return qobject_cast<TablePage*>(m_tabs->currentWidget());
}

void MainWindow::openWorkspace(const QString& path)
{
    startOpen(path, Workspace::OpenMode::ReadOnly, false);
}

void MainWindow::createWorkspace(const QString& path)
{
    // An existing file is opened as it is, never replaced.
    if (QFileInfo::exists(path))
        startOpen(path, Workspace::OpenMode::ReadOnly, true);
    else
        startOpen(path, Workspace::OpenMode::CreateOrOpen, false);
}

void MainWindow::reloadWorkspace()
{
    if (m_path.isEmpty())
        return;
    if (TablePage* page = currentPage())
        m_restoreTab = page->tableName();
    openWorkspace(m_path);
}

void MainWindow::closeWorkspace()
{
    ++m_openGeneration; // an open still running is forgotten
    setBusy(QString());
    clearTabs();
    m_profile->clear();
    m_path.clear();
    setAnalysisWorkspace(QString());
    m_messageBar->clear();
    updateTitle();
    updateStatusCounts({});
    m_closeAction->setEnabled(false);
    m_reloadAction->setEnabled(false);
    m_filterAction->setEnabled(false);
    showWelcome();
}

void MainWindow::newWorkspaceDialog()
{
    const QString suggested
        = QDir(dialogDirectory()).filePath(tr("Untitled") + QLatin1Char('.') + workspaceSuffix());
    QString path = QFileDialog::getSaveFileName(this, tr("New Workspace"), suggested,
        tr("Segment Workbench workspaces (*.segws)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + workspaceSuffix();
    createWorkspace(path);
}

void MainWindow::openWorkspaceDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), dialogDirectory(),
        tr("Segment Workbench workspaces (*.segws);;All files (*)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::startOpen(const QString& path, Workspace::OpenMode mode, bool announceExisting)
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    m_openingPath = absolute;
    m_announceExisting = announceExisting;
    const quint64 generation = ++m_openGeneration;
    setBusy(tr("Opening \u201c%1\u201d…").arg(QFileInfo(absolute).fileName()));
    m_openWatcher.setFuture(
        QtConcurrent::run(&MainWindow::openInBackground, absolute, mode, generation));
}

MainWindow::OpenResult MainWindow::openInBackground(
    QString path, Workspace::OpenMode mode, quint64 generation)
{
    OpenResult out;
    out.generation = generation;
    out.path = path;
    out.created = mode == Workspace::OpenMode::CreateOrOpen && !QFileInfo::exists(path);
    auto ws = Workspace::open(path, mode);
    if (!ws) {
        out.error = ws.error().message;
        return out;
    }
    auto tables = ws->tables();
    if (!tables) {
        out.error = tables.error().message;
        return out;
    }
    out.tables = std::move(tables.value());
    return out;
}

void MainWindow::onOpenFinished()
{
    if (m_openWatcher.future().resultCount() == 0)
        return;
    const OpenResult result = m_openWatcher.result();
    if (result.generation != m_openGeneration)
        return; // superseded by a later open or a close
    setBusy(QString());
    if (!result.error.isEmpty()) {
        if (!QFileInfo::exists(result.path))
            RecentWorkspaces::remove(result.path);
        updateRecent();
        // Whatever was open stays open.
        m_pendingImport.clear();
        m_messageBar->showError(tr("The workspace could not be opened."), result.error);
        Q_EMIT contentReady();
        return;
    }
    showWorkspace(result);
}

void MainWindow::showWorkspace(const OpenResult& result)
{
    clearTabs();
    m_path = result.path;
    RecentWorkspaces::add(m_path);
    rememberDirectory(m_path);
    updateRecent();
    updateTitle();
    updateStatusCounts(result.tables);
    m_messageBar->clear();
    if (m_announceExisting) {
        m_messageBar->showInformation(
            tr("\u201c%1\u201d already exists, so it was opened as it is; nothing in it was "
               "replaced.")
                .arg(QFileInfo(m_path).fileName()));
    }
    m_closeAction->setEnabled(true);
    m_reloadAction->setEnabled(true);
    setAnalysisWorkspace(m_path);

    if (result.tables.isEmpty()) {
        m_noData->setText(tr("\u201c%1\u201d holds no customers, transactions or campaign "
                             "responses yet. Drop your CSV exports on this window or choose "
                             "Import Data (Ctrl+I). For scripts, the command-line tool does the "
                             "same:")
                              .arg(QFileInfo(m_path).fileName()));
        m_noData->setCode(QStringLiteral("segwb import --workspace %1 --kind customers "
                                         "customers.csv")
                              .arg(shellQuoted(QDir::toNativeSeparators(m_path))));
        m_stack->setCurrentWidget(m_noData);
        m_filterAction->setEnabled(false);
        Q_EMIT workspaceOpened(m_path);
        Q_EMIT contentReady();
        return;
    }

    int current = 0;
    for (const TableInfo& table : result.tables) {
        auto* page = new TablePage(m_path, table, m_tabs);
        connect(page, &TablePage::firstLoadFinished, this, [this, page] { onPageFirstLoad(page); });
        connect(page, &TablePage::errorOccurred, this, [this](const QString& message) {
            m_messageBar->showError(tr("Some rows could not be read."), message);
        });
        connect(page, &TablePage::currentColumnChanged, this, [this, page] {
            if (page == currentPage())
                showProfileOf(page);
        });
        connect(page, &TablePage::customerActivated, this, &MainWindow::showCustomer);
        const int index = m_tabs->addTab(page, TablePage::displayName(table.name));
        m_tabs->setTabToolTip(index,
            tr("%1: %2, %3 columns")
                .arg(TablePage::displayName(table.name),
                    countText(table.rows, tr("%1 row"), tr("%1 rows")))
                .arg(table.columns.size()));
        if (table.name == m_restoreTab)
            current = index;
    }
    m_restoreTab.clear();
    m_waitingForFirstRows = true;
    m_tabs->setCurrentIndex(current);
    m_stack->setCurrentWidget(m_dataSplit);
    m_filterAction->setEnabled(true);
    Q_EMIT workspaceOpened(m_path);
}

void MainWindow::onPageFirstLoad(TablePage* page)
{
    if (!m_waitingForFirstRows || page != currentPage())
        return;
    m_waitingForFirstRows = false;
    if (isActiveWindow())
        page->view()->setFocus();
    Q_EMIT contentReady();
}

void MainWindow::clearTabs()
{
    m_waitingForFirstRows = false;
    while (m_tabs->count() > 0) {
        QWidget* page = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete page; // its model stops and waits for its background read
    }
}

void MainWindow::showWelcome()
{
    updateRecent();
    m_stack->setCurrentWidget(m_welcome);
}

void MainWindow::updateRecent()
{
    const QStringList recent = RecentWorkspaces::load();
    m_recentMenu->clear();
    QList<std::pair<QString, QString>> links;
    for (int i = 0; i < recent.size(); ++i) {
        const QString& path = recent.at(i);
        QString name = QFileInfo(path).fileName();
        QString menuName = name;
        menuName.replace(QLatin1Char('&'), QLatin1String("&&"));
        QAction* action = m_recentMenu->addAction(
            (i < 9 ? QStringLiteral("&%1  ").arg(i + 1) : QString()) + menuName);
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openWorkspace(path); });
        if (i < 5)
            links.append({ name, QDir::toNativeSeparators(path) });
    }
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear Menu"), this, [this] {
            RecentWorkspaces::clear();
            updateRecent();
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
    m_welcome->setLinks(tr("Recent workspaces"), links);
}

void MainWindow::updateTitle()
{
    if (m_path.isEmpty())
        setWindowTitle(tr("Segment Workbench"));
    else
        setWindowTitle(tr("%1 \u2014 Segment Workbench").arg(QFileInfo(m_path).completeBaseName()));
}

void MainWindow::updateStatusCounts(const QList<TableInfo>& tables)
{
    qint64 customers = 0;
    qint64 transactions = 0;
    qint64 responses = 0;
    for (const TableInfo& table : tables) {
        if (table.name == u"customers")
            customers = table.rows;
        else if (table.name == u"transactions")
            transactions = table.rows;
        else if (table.name == u"responses")
            responses = table.rows;
    }
    m_customersCount->setText(countText(customers, tr("%1 customer"), tr("%1 customers")));
    m_transactionsCount->setText(
        countText(transactions, tr("%1 transaction"), tr("%1 transactions")));
    m_responsesCount->setText(
        countText(responses, tr("%1 campaign response"), tr("%1 campaign responses")));
    const bool open = !m_path.isEmpty();
    m_customersCount->setVisible(open);
    m_transactionsCount->setVisible(open);
    m_responsesCount->setVisible(open);
}

void MainWindow::setBusy(const QString& message)
{
    if (message.isEmpty()) {
        m_busy->hide();
        statusBar()->clearMessage();
        return;
    }
    m_busy->show();
    statusBar()->showMessage(message);
}

void MainWindow::focusFilter()
{
    if (TablePage* page = currentPage())
        page->focusFilter();
}

QString MainWindow::dialogDirectory() const
{
    const QString stored = QSettings().value(QStringLiteral("lastDirectory")).toString();
    if (!stored.isEmpty() && QFileInfo(stored).isDir())
        return stored;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void MainWindow::rememberDirectory(const QString& file)
{
    QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(file).absolutePath());
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray())) {
        QSize size(1280, 800);
        if (const QScreen* s = screen())
            size = size.boundedTo(s->availableGeometry().size() * 0.9);
        resize(size);
    }
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    m_dataSplit->restoreState(settings.value(QStringLiteral("mainWindow/dataSplit")).toByteArray());
    const bool profile = settings.value(QStringLiteral("mainWindow/profileShown"), true).toBool();
    m_profileAction->setChecked(profile);
    m_profile->setVisible(profile);
}

void MainWindow::saveWindowState()
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/dataSplit"), m_dataSplit->saveState());
    settings.setValue(QStringLiteral("mainWindow/profileShown"), m_profileAction->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveWindowState();
    ++m_openGeneration;
    clearTabs();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    const bool allLocal = !urls.isEmpty()
        && std::all_of(urls.cbegin(), urls.cend(), [](const QUrl& u) { return u.isLocalFile(); });
    if (allLocal)
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    QStringList workspaces;
    QStringList dataFiles;
    for (const QUrl& url : urls) {
        if (!url.isLocalFile())
            return;
        const QString file = url.toLocalFile();
        if (QFileInfo(file).suffix().compare(workspaceSuffix(), Qt::CaseInsensitive) == 0)
            workspaces.append(file);
        else
            dataFiles.append(file);
    }
    event->acceptProposedAction();
    // A workspace file opens it; anything else is data to import into the open workspace.
    if (workspaces.size() == 1 && dataFiles.isEmpty()) {
        openWorkspace(workspaces.constFirst());
        return;
    }
    if (!workspaces.isEmpty()) {
        m_messageBar->showMessage(MessageBar::Kind::Warning, QString(),
            tr("Drop one workspace to open it, or CSV files to import "
               "them, not both at once."));
        return;
    }
    importFiles(dataFiles);
}

} // namespace seg::ui
