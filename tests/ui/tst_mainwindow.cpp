#include "columnprofilepanel.h"
#include "customerdetaildialog.h"
#include "emptystate.h"
#include "importwizard.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "pagedtablemodel.h"
#include "recentworkspaces.h"
#include "tablepage.h"
#include "testworkspace.h"
#include "workspace.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using seg::ui::ColumnProfilePanel;
using seg::ui::CustomerDetailDialog;
using seg::ui::ImportWizard;
using seg::ui::MainWindow;
using seg::ui::TablePage;

namespace {

constexpr int kCustomers = 1234;
constexpr int kTransactions = 40;

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QString currentPanel(const MainWindow& window)
{
    return window.findChild<QStackedWidget*>(QStringLiteral("dataStack"))
        ->currentWidget()
        ->objectName();
}

QAction* actionWithShortcut(const MainWindow& window, const QKeySequence& keys)
{
    const QList<QAction*> actions = window.findChildren<QAction*>();
    for (QAction* action : actions) {
        if (action->shortcut() == keys)
            return action;
    }
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void startsWithWelcome();
    void showsCustomersTable();
    void filtersRows();
    void hiddenColumnsAreNotSearched();
    void droppedFileImportsThroughTheWizard();
    void profileAndCustomerDetail();
    void showsEveryDataTable();
    void notAWorkspaceShowsMessageBar();
    void badFileKeepsOpenWorkspace();
    void newWorkspaceWithoutData();
    void newWorkspaceOnExistingFileOpensIt();
    void closeReturnsToWelcome();
    void recentWorkspaces();
    void remembersGeometry();

private:
    QTemporaryDir m_dir;
    QString m_customersOnly;
    QString m_shop;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(
        QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("SegmentWorkbenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));

    QByteArray customers = "customer_id,name,country,income\n";
    const char* const names[] = { "Anna Schmidt", "Jan de Vries", "Zoë Müller", "Pat O'Brien" };
    const char* const countries[] = { "Germany", "Netherlands", "Austria", "Ireland" };
    for (int i = 1; i <= kCustomers; ++i) {
        customers += "C" + QByteArray::number(i).rightJustified(5, '0') + ',' + names[i % 4] + ','
            + countries[i % 4] + ',' + QByteArray::number(30000 + i * 17) + '\n';
    }
    const QString customersCsv = m_dir.filePath(QStringLiteral("customers.csv"));
    QVERIFY(writeFile(customersCsv, customers));
    QByteArray transactions = "order_id,customer_id,order_date,amount\n";
    for (int i = 1; i <= kTransactions; ++i) {
        transactions += "O" + QByteArray::number(i) + ",C"
            + QByteArray::number(i % 7 + 1).rightJustified(5, '0') + ",2024-03-"
            + QByteArray::number(i % 28 + 1).rightJustified(2, '0') + ','
            + QByteArray::number(10 + i) + ".50\n";
    }
    const QString transactionsCsv = m_dir.filePath(QStringLiteral("transactions.csv"));
    QVERIFY(writeFile(transactionsCsv, transactions));

    m_customersOnly = m_dir.filePath(QStringLiteral("customers only.segws"));
    QString error = seg::test::importCsv(m_customersOnly, customersCsv, seg::DataKind::Customers);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_shop = m_dir.filePath(QStringLiteral("shop.segws"));
    error = seg::test::importCsv(m_shop, customersCsv, seg::DataKind::Customers);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = seg::test::importCsv(m_shop, transactionsCsv, seg::DataKind::Transactions);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestMainWindow::init() { QSettings().clear(); }

void TestMainWindow::startsWithWelcome()
{
    {
        // The pages of the workbench; all but Data need a workspace.
        MainWindow window;
        QListWidget* nav = window.navigation();
        QStringList names;
        for (int i = 0; i < nav->count(); ++i)
            names.append(nav->item(i)->text());
        QCOMPARE(names,
            QStringList({ QStringLiteral("Data"), QStringLiteral("Segments"), QStringLiteral("RFM"),
                QStringLiteral("Lifecycle & value") }));
        for (int i = 1; i < nav->count(); ++i)
            QVERIFY(!(nav->item(i)->flags() & Qt::ItemIsEnabled));
    }
    MainWindow window;
    window.show();
    QCOMPARE(window.windowTitle(), QStringLiteral("Segment Workbench"));
    QCOMPARE(currentPanel(window), QStringLiteral("welcome"));
    auto* welcome = window.findChild<seg::ui::EmptyState*>(QStringLiteral("welcome"));
    QVERIFY(welcome);
    QCOMPARE(welcome->title(), QStringLiteral("Open a workspace or create a new one"));
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("welcomeOpen")));
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("welcomeNew")));
    QVERIFY(!window.messageBar()->isVisible());
    QAction* close = actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_W));
    QVERIFY(close);
    QVERIFY(!close->isEnabled());
    QVERIFY(actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_O)));
    QVERIFY(actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_Q)));
    QVERIFY(actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_F)));
}

void TestMainWindow::showsCustomersTable()
{
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_customersOnly);
    QVERIFY(window.isOpening());
    QTRY_COMPARE(ready.count(), 1);
    QVERIFY2(!window.messageBar()->isVisible(), qPrintable(window.messageBar()->text()));
    QCOMPARE(window.windowTitle(), QStringLiteral("customers only \u2014 Segment Workbench"));
    QCOMPARE(currentPanel(window), QStringLiteral("dataSplit"));
    QCOMPARE(window.tabs()->count(), 1);
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Customers"));

    TablePage* page = window.currentPage();
    QVERIFY(page);
    QVERIFY(page->hasLoaded());
    auto* count = page->findChild<QLabel*>(QStringLiteral("rowCountLabel"));
    QVERIFY(count);
    QCOMPARE(count->text(), QStringLiteral("1,234 rows"));
    QCOMPARE(page->filterEdit()->placeholderText(), QStringLiteral("Filter rows…"));
    QCOMPARE(page->view()->model()->rowCount(), kCustomers);
    QCOMPARE(page->view()->model()->index(0, 0).data().toString(), QStringLiteral("C00001"));

    auto* customers = window.findChild<QLabel*>(QStringLiteral("customersCount"));
    QVERIFY(customers);
    QCOMPARE(customers->text(), QStringLiteral("1,234 customers"));
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("transactionsCount"))->text(),
        QStringLiteral("0 transactions"));
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("responsesCount"))->text(),
        QStringLiteral("0 campaign responses"));
}

void TestMainWindow::filtersRows()
{
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_customersOnly);
    QTRY_COMPARE(ready.count(), 1);
    TablePage* page = window.currentPage();
    auto* count = page->findChild<QLabel*>(QStringLiteral("rowCountLabel"));

    // Ctrl+F puts the cursor in the filter box.
    QAction* filterAction = actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_F));
    QVERIFY(filterAction && filterAction->isEnabled());
    filterAction->trigger();
    QTRY_VERIFY(page->filterEdit()->hasFocus() || !window.isActiveWindow());

    QTest::keyClicks(page->filterEdit(), QStringLiteral("O'BRIEN"));
    QCOMPARE(count->text(), QStringLiteral("Filtering…"));
    // Customers with i % 4 == 3 are Pat O'Brien: 3, 7, ... 1231.
    QTRY_COMPARE(count->text(), QStringLiteral("308 of 1,234 rows"));
    QCOMPARE(page->view()->model()->rowCount(), 308);
    QCOMPARE(page->view()->model()->index(0, 1).data().toString(), QStringLiteral("Pat O'Brien"));

    // Non-ASCII letters ignore case too. Customers with i % 4 == 2 are Zoë Müller: 2 ... 1234.
    page->filterEdit()->setText(QStringLiteral("MÜLLER"));
    QTRY_COMPARE(count->text(), QStringLiteral("309 of 1,234 rows"));
    QCOMPARE(page->view()->model()->index(0, 1).data().toString(), QStringLiteral("Zoë Müller"));

    page->filterEdit()->setText(QStringLiteral("nobody"));
    QTRY_COMPARE(count->text(), QStringLiteral("No rows match (1,234 rows in all)"));
    page->filterEdit()->clear();
    QTRY_COMPARE(count->text(), QStringLiteral("1,234 rows"));
}

void TestMainWindow::hiddenColumnsAreNotSearched()
{
    {
        MainWindow window;
        window.show();
        QSignalSpy ready(&window, &MainWindow::contentReady);
        window.openWorkspace(m_customersOnly);
        QTRY_COMPARE(ready.count(), 1);
        TablePage* page = window.currentPage();
        auto* count = page->findChild<QLabel*>(QStringLiteral("rowCountLabel"));
        // "Ireland" is the country of the 308 Pat O'Briens.
        page->filterEdit()->setText(QStringLiteral("ireland"));
        QTRY_COMPARE(count->text(), QStringLiteral("308 of 1,234 rows"));
        page->setColumnVisible(QStringLiteral("country"), false);
        QVERIFY(page->view()->isColumnHidden(2));
        QCOMPARE(page->visibleColumns(),
            QStringList({ QStringLiteral("customer_id"), QStringLiteral("name"),
                QStringLiteral("income") }));
        QTRY_COMPARE(count->text(), QStringLiteral("No rows match (1,234 rows in all)"));

        // Double-clicking a row names its customer (for the customer detail).
        page->filterEdit()->clear();
        QTRY_COMPARE(count->text(), QStringLiteral("1,234 rows"));
        QSignalSpy activated(page, &TablePage::customerActivated);
        const QModelIndex cell = page->view()->model()->index(4, 1);
        QTRY_COMPARE(cell.data().toString(), QStringLiteral("Jan de Vries"));
        Q_EMIT page->view()->doubleClicked(cell);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("C00005"));
    }
    // The choice is remembered for the table.
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_customersOnly);
    QTRY_COMPARE(ready.count(), 1);
    QVERIFY(window.currentPage()->view()->isColumnHidden(2));
    window.currentPage()->setColumnVisible(QStringLiteral("country"), true);
    QVERIFY(!window.currentPage()->view()->isColumnHidden(2));
}

void TestMainWindow::droppedFileImportsThroughTheWizard()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("drop.segws"));
    const QString csv = dir.filePath(QStringLiteral("crm.csv"));
    QVERIFY(writeFile(csv, "customer_id,name,country\nK1,Ann,DE\nK2,Bob,FR\nK3,Cy,DE\n"));
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.createWorkspace(ws);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(currentPanel(window), QStringLiteral("noData"));

    // Dropping CSV files on the window opens the import wizard for them.
    QSignalSpy opened(&window, &MainWindow::importWizardOpened);
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(csv) });
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &drop);
    QTRY_COMPARE(opened.count(), 1);
    auto* wizard = qobject_cast<ImportWizard*>(opened.at(0).at(0).value<QWidget*>());
    QVERIFY(wizard);
    QCOMPARE(wizard->files(), QStringList({ csv }));
    QSignalSpy imported(wizard, &ImportWizard::imported);
    for (int page :
        { ImportWizard::ReadingPageId, ImportWizard::ColumnsPageId, ImportWizard::RunPageId }) {
        QVERIFY(QTest::qWaitFor([&] { return wizard->currentPage()->isComplete(); }, 20000));
        wizard->next();
        QCOMPARE(wizard->currentId(), page);
    }
    QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, 20000);
    // Closing the wizard shows the new table.
    wizard->accept();
    QTRY_COMPARE(ready.count(), 2);
    QCOMPARE(currentPanel(window), QStringLiteral("dataSplit"));
    QCOMPARE(window.currentPage()->tableName(), QStringLiteral("customers"));
    QTRY_COMPARE(window.currentPage()->model()->rowCount(), 3);
    QVERIFY(window.navigation()->item(1)->flags() & Qt::ItemIsEnabled);
}

void TestMainWindow::profileAndCustomerDetail()
{
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_shop);
    QTRY_COMPARE(ready.count(), 1);
    TablePage* page = window.currentPage();
    QCOMPARE(page->tableName(), QStringLiteral("customers"));
    // Selecting a cell profiles its column.
    QSignalSpy profiled(window.profilePanel(), &ColumnProfilePanel::profileReady);
    page->view()->setCurrentIndex(page->model()->index(0, 3));
    QTRY_VERIFY(profiled.count() >= 1);
    QTRY_VERIFY(window.profilePanel()->title().contains(QStringLiteral("Income")));
    // Double-clicking a customer opens their detail.
    const QModelIndex cell = page->model()->index(2, 1);
    Q_EMIT page->view()->doubleClicked(cell);
    CustomerDetailDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<CustomerDetailDialog*>()) != nullptr);
    QSignalSpy detail(dialog, &CustomerDetailDialog::detailReady);
    QTRY_VERIFY(detail.count() == 1 || !dialog->isLoading());
    QVERIFY(dialog->windowTitle().contains(QStringLiteral("C00003")));
    dialog->close();
}

void TestMainWindow::showsEveryDataTable()
{
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_shop);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(window.tabs()->count(), 2);
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Customers"));
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("Transactions"));
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("transactionsCount"))->text(),
        QStringLiteral("40 transactions"));
    window.tabs()->setCurrentIndex(1);
    auto* count = window.currentPage()->findChild<QLabel*>(QStringLiteral("rowCountLabel"));
    QTRY_COMPARE(count->text(), QStringLiteral("40 rows"));
    // Money shows two decimals.
    auto* model = window.currentPage()->model();
    int amount = -1;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (model->columns().at(c).role == u"amount")
            amount = c;
    }
    QVERIFY(amount >= 0);
    QCOMPARE(model->index(0, amount).data().toString(), QStringLiteral("11.50"));
}

void TestMainWindow::notAWorkspaceShowsMessageBar()
{
    const QString notes = m_dir.filePath(QStringLiteral("notes.segws"));
    QVERIFY(writeFile(notes, "Remember to call the agency about the spring campaign.\n"));
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(notes);
    QTRY_COMPARE(ready.count(), 1);
    QVERIFY(window.messageBar()->isVisible());
    QCOMPARE(window.messageBar()->kind(), seg::ui::MessageBar::Kind::Error);
    const QString text = window.messageBar()->text();
    QVERIFY2(text.contains(QStringLiteral("not a Segment Workbench workspace")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("notes.segws")), qPrintable(text));
    QCOMPARE(currentPanel(window), QStringLiteral("welcome"));
    QCOMPARE(window.windowTitle(), QStringLiteral("Segment Workbench"));
    // The file is untouched.
    QFile file(notes);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(
        file.readAll(), QByteArray("Remember to call the agency about the spring campaign.\n"));
    QVERIFY(!seg::ui::RecentWorkspaces::load().contains(notes));

    // A missing file too.
    window.openWorkspace(m_dir.filePath(QStringLiteral("gone.segws")));
    QTRY_COMPARE(ready.count(), 2);
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("does not exist")),
        qPrintable(window.messageBar()->text()));
}

void TestMainWindow::badFileKeepsOpenWorkspace()
{
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_customersOnly);
    QTRY_COMPARE(ready.count(), 1);
    const QString notes = m_dir.filePath(QStringLiteral("empty.segws"));
    QVERIFY(writeFile(notes, QByteArray()));
    window.openWorkspace(notes);
    QTRY_COMPARE(ready.count(), 2);
    QVERIFY(window.messageBar()->isVisible());
    QCOMPARE(window.workspacePath(), QFileInfo(m_customersOnly).absoluteFilePath());
    QCOMPARE(window.tabs()->count(), 1);
    QCOMPARE(currentPanel(window), QStringLiteral("dataSplit"));
}

void TestMainWindow::newWorkspaceWithoutData()
{
    const QString path = m_dir.filePath(QStringLiteral("fresh.segws"));
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.createWorkspace(path);
    QTRY_COMPARE(ready.count(), 1);
    QVERIFY(QFileInfo::exists(path));
    QVERIFY2(!window.messageBar()->isVisible(), qPrintable(window.messageBar()->text()));
    QCOMPARE(currentPanel(window), QStringLiteral("noData"));
    QCOMPARE(window.windowTitle(), QStringLiteral("fresh \u2014 Segment Workbench"));
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("customersCount"))->text(),
        QStringLiteral("0 customers"));
    auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
    QVERIFY(ws.ok());
}

void TestMainWindow::newWorkspaceOnExistingFileOpensIt()
{
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.createWorkspace(m_customersOnly);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(window.tabs()->count(), 1);
    QVERIFY(window.messageBar()->isVisible());
    QCOMPARE(window.messageBar()->kind(), seg::ui::MessageBar::Kind::Information);
    auto ws = seg::Workspace::open(m_customersOnly, seg::Workspace::OpenMode::ReadOnly);
    QCOMPARE(*ws->rowCount(QStringLiteral("customers")), qint64(kCustomers));
}

void TestMainWindow::closeReturnsToWelcome()
{
    MainWindow window;
    window.show();
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_shop);
    QTRY_COMPARE(ready.count(), 1);
    QAction* close = actionWithShortcut(window, QKeySequence(Qt::CTRL | Qt::Key_W));
    QVERIFY(close && close->isEnabled());
    close->trigger();
    QCOMPARE(window.tabs()->count(), 0);
    QCOMPARE(window.workspacePath(), QString());
    QCOMPARE(window.windowTitle(), QStringLiteral("Segment Workbench"));
    QCOMPARE(currentPanel(window), QStringLiteral("welcome"));
    QVERIFY(!window.findChild<QLabel*>(QStringLiteral("customersCount"))->isVisible());
    QVERIFY(!close->isEnabled());
}

void TestMainWindow::recentWorkspaces()
{
    {
        MainWindow window;
        window.show();
        QSignalSpy ready(&window, &MainWindow::contentReady);
        window.openWorkspace(m_customersOnly);
        QTRY_COMPARE(ready.count(), 1);
        window.openWorkspace(m_shop);
        QTRY_COMPARE(ready.count(), 2);
    }
    const QStringList recent = seg::ui::RecentWorkspaces::load();
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.at(0), QFileInfo(m_shop).absoluteFilePath());
    QCOMPARE(recent.at(1), QFileInfo(m_customersOnly).absoluteFilePath());

    for (int i = 0; i < 12; ++i)
        seg::ui::RecentWorkspaces::add(m_dir.filePath(QStringLiteral("w%1.segws").arg(i)));
    QCOMPARE(seg::ui::RecentWorkspaces::load().size(), seg::ui::RecentWorkspaces::kMaxEntries);
    QCOMPARE(seg::ui::RecentWorkspaces::load().constFirst(),
        QFileInfo(m_dir.filePath(QStringLiteral("w11.segws"))).absoluteFilePath());

    // A file that has gone is dropped from the list when it fails to open.
    MainWindow window;
    QSignalSpy ready(&window, &MainWindow::contentReady);
    window.openWorkspace(m_dir.filePath(QStringLiteral("w11.segws")));
    QTRY_COMPARE(ready.count(), 1);
    QVERIFY(!seg::ui::RecentWorkspaces::load().contains(
        QFileInfo(m_dir.filePath(QStringLiteral("w11.segws"))).absoluteFilePath()));
}

void TestMainWindow::remembersGeometry()
{
    {
        MainWindow window;
        window.show();
        window.resize(700, 500);
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();
    }
    MainWindow again;
    QCOMPARE(again.size(), QSize(700, 500));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
