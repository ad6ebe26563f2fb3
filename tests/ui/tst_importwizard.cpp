#include "demogenerator.h"
#include "importcolumnsmodel.h"
#include "importcolumnspage.h"
#include "importfilepage.h"
#include "importpreviewmodel.h"
#include "importreadingpage.h"
#include "importrunpage.h"
#include "importsession.h"
#include "importsummarypage.h"
#include "importwizard.h"
#include "jobcontext.h"
#include "rejectedrowsmodel.h"
#include "testworkspace.h"
#include "workspace.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using seg::ui::ImportWizard;

namespace {

// A customers export with one duplicate id (line 4) and one row that lacks a field (line 5).
const char kCustomersWithRejects[] = "customer_id,name,country,income\n"
                                     "C1,Anna,DE,50000\n"
                                     "C2,Ben,FR,42000\n"
                                     "C2,Ben again,FR,1\n"
                                     "C3,Carla,ES\n"
                                     "C4,Dan,IT,30000\n"
                                     "C5,\"Eve, Jr.\",NL,61000\n";

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

qint64 rowsIn(const QString& workspace, const QString& table)
{
    auto ws = seg::Workspace::open(workspace, seg::Workspace::OpenMode::ReadOnly);
    if (!ws)
        return -1;
    auto rows = ws->rowCount(table);
    return rows ? *rows : -1;
}

qint64 importsIn(const QString& workspace)
{
    auto ws = seg::Workspace::open(workspace, seg::Workspace::OpenMode::ReadOnly);
    if (!ws)
        return -1;
    auto imports = ws->imports();
    return imports ? imports->size() : -1;
}

// With SEGWB_SCREENSHOT_DIR set, saves the wizard as it looks now at 1280×800 there.
void saveShot(ImportWizard& wizard, const QString& name)
{
    const QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    wizard.resize(1280, 800);
    QDir().mkpath(dir);
    wizard.grab().save(QDir(dir).filePath(name));
}

// Chooses an item of a combo box the way a user does (activated follows).
void choose(QComboBox* combo, const QVariant& value)
{
    const int i = combo->findData(value);
    QVERIFY2(i >= 0, qPrintable(value.toString()));
    combo->setCurrentIndex(i);
    Q_EMIT combo->activated(i);
}

// Waits until the current page lets the user go on, then goes on.
bool nextWhenReady(ImportWizard& wizard, int expectedNext)
{
    const int before = wizard.currentId();
    if (!QTest::qWaitFor([&] { return wizard.currentPage()->isComplete(); }, 20000))
        return false;
    wizard.next();
    return wizard.currentId() == expectedNext && before != expectedNext;
}

} // namespace

class TestImportWizard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void importsFileWithRejectedRows();
    void remembersSettingsForTheSameHeader();
    void changingDelimiterUpdatesPreview();
    void choosingARoleMakesTheFileImportable();
    void cancelLeavesWorkspaceUnchanged();
    void severalFilesOneAfterAnother();
    void runPageShowsRateAndTimeLeft();
    void screenshots();

private:
    QTemporaryDir m_dir;
};

void TestImportWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(
        QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("SegmentWorkbenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_importwizard"));
}

void TestImportWizard::init() { QSettings().clear(); }

void TestImportWizard::importsFileWithRejectedRows()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("crm-export.csv"));
    const QString ws = dir.filePath(QStringLiteral("shop.segws"));
    QVERIFY(writeFile(csv, kCustomersWithRejects));

    ImportWizard wizard(ws, { csv });
    QSignalSpy preview(&wizard, &ImportWizard::previewReady);
    QSignalSpy imported(&wizard, &ImportWizard::imported);
    QSignalSpy openTable(&wizard, &ImportWizard::openTableRequested);
    wizard.show();
    QCOMPARE(wizard.currentId(), int(ImportWizard::FilePageId));
    QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
    // Guessed from the columns: no order date, no campaign.
    QTRY_VERIFY(wizard.findChild<QRadioButton*>(QStringLiteral("kindCustomers"))->isChecked());
    QTRY_VERIFY(wizard.filePage()->isComplete());
    QVERIFY(wizard.findChild<QLabel*>(QStringLiteral("tableRowsLabel"))
                ->text()
                .contains(QStringLiteral("empty")));

    QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
    QCOMPARE(wizard.previewModel()->columnCount(), 4);
    QCOMPARE(wizard.previewModel()->rowCount(), 6);
    QVERIFY(wizard.previewModel()->isRagged(3)); // "C3,Carla,ES"
    QCOMPARE(wizard.previewModel()->data(wizard.previewModel()->index(5, 1)).toString(),
        QStringLiteral("Eve, Jr."));
    QVERIFY(wizard.delimiterCombo()->currentText().contains(QStringLiteral("(detected)")));

    QVERIFY(nextWhenReady(wizard, ImportWizard::ColumnsPageId));
    QCOMPARE(wizard.columnsModel()->rowCount(), 4);
    QCOMPARE(
        wizard.columnsModel()
            ->data(wizard.columnsModel()->index(0, seg::ui::ImportColumnsModel::Role), Qt::EditRole)
            .toString(),
        QStringLiteral("customer_id"));
    // Skip the name column: it becomes a choice and the plan follows.
    QVERIFY(wizard.columnsModel()->setData(
        wizard.columnsModel()->index(1, seg::ui::ImportColumnsModel::Skip), Qt::Checked,
        Qt::CheckStateRole));
    QTRY_VERIFY(!wizard.session()->isPlanning()
        && wizard.session()->options().columns.value(QStringLiteral("name")).skip);
    QTRY_VERIFY(wizard.session()->planOutcome().plan.columns.at(1).skip);

    QVERIFY(nextWhenReady(wizard, ImportWizard::RunPageId));
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::SummaryPageId), 20000);
    QCOMPARE(imported.size(), 1);
    QCOMPARE(imported.at(0).at(0).toString(), QStringLiteral("customers"));

    const seg::ImportReport& report = wizard.session()->runOutcome().report;
    QCOMPARE(report.rowsRead, 6);
    QCOMPARE(report.rowsImported, 4);
    QCOMPARE(report.rowsRejected, 2);
    const QString counts = wizard.summaryPage()->countsLabel()->text();
    QVERIFY2(counts.contains(QStringLiteral("<b>6</b>"))
            && counts.contains(QStringLiteral("<b>4</b>"))
            && counts.contains(QStringLiteral("<b>2</b>")),
        qPrintable(counts));
    seg::ui::RejectedRowsModel* rejected = wizard.rejectedRowsModel();
    QCOMPARE(rejected->rowCount(), 2);
    QCOMPARE(rejected->data(rejected->index(0, seg::ui::RejectedRowsModel::Line)).toLongLong(), 4);
    QCOMPARE(rejected->data(rejected->index(1, seg::ui::RejectedRowsModel::Line)).toLongLong(), 5);
    QCOMPARE(rejected->data(rejected->index(1, seg::ui::RejectedRowsModel::Raw)).toString(),
        QStringLiteral("C3,Carla,ES"));

    // What the workspace holds.
    {
        auto w = seg::Workspace::open(ws, seg::Workspace::OpenMode::ReadOnly);
        QVERIFY(w);
        QCOMPARE(*w->rowCount(QStringLiteral("customers")), 4);
        auto stored = w->rejectedRows(report.importId);
        QVERIFY(stored);
        QCOMPARE(stored->size(), 2);
        QCOMPARE(stored->at(0).line, 4);
        QCOMPARE(stored->at(0).raw, QStringLiteral("C2,Ben again,FR,1"));
        QVERIFY(stored->at(0).reason.contains(QStringLiteral("C2")));
        QCOMPARE(stored->at(1).line, 5);
        QCOMPARE(stored->at(1).raw, QStringLiteral("C3,Carla,ES"));
        auto columns = w->columns(QStringLiteral("customers"));
        QVERIFY(columns);
        for (const seg::ColumnInfo& c : *columns)
            QVERIFY(c.name != u"name"); // skipped
    }

    // Saving the rejected rows.
    const QString out = dir.filePath(QStringLiteral("rejected.csv"));
    QSignalSpy exported(&wizard, &ImportWizard::rejectedRowsExported);
    wizard.exportRejectedRows(out);
    QTRY_COMPARE(exported.size(), 1);
    QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));
    QFile saved(out);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = saved.readAll().split('\n');
    QCOMPARE(lines.size(), 4); // header, two rows, the empty rest after the last line end
    QVERIFY(lines.at(0).startsWith("\xEF\xBB\xBFline,reason"));
    QVERIFY(lines.at(1).startsWith("4,"));
    QVERIFY(lines.at(1).contains("\"C2,Ben again,FR,1\""));
    QVERIFY(lines.at(2).startsWith("5,"));

    saveShot(wizard, QStringLiteral("import-summary-rejects.png"));
    wizard.summaryPage()->openTableButton()->click();
    QCOMPARE(openTable.size(), 1);
    QCOMPARE(openTable.at(0).at(0).toString(), QStringLiteral("customers"));
}

void TestImportWizard::remembersSettingsForTheSameHeader()
{
    QTemporaryDir dir;
    const QString first = dir.filePath(QStringLiteral("january.csv"));
    const QString second = dir.filePath(QStringLiteral("february.csv"));
    const QString ws = dir.filePath(QStringLiteral("shop.segws"));
    QVERIFY(writeFile(first, "customer_id,name,income\nC1,Anna,10\nC2,Ben,20\n"));
    QVERIFY(writeFile(second, "customer_id,name,income\nC3,Carl,30\n"));
    {
        ImportWizard wizard(ws, { first });
        wizard.show();
        QSignalSpy preview(&wizard, &ImportWizard::previewReady);
        QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
        QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
        QVERIFY(nextWhenReady(wizard, ImportWizard::ColumnsPageId));
        QVERIFY(wizard.columnsModel()->setData(
            wizard.columnsModel()->index(2, seg::ui::ImportColumnsModel::Type),
            QStringLiteral("decimal"), Qt::EditRole));
        QTRY_VERIFY(!wizard.session()->isPlanning());
        QVERIFY(nextWhenReady(wizard, ImportWizard::RunPageId));
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::SummaryPageId), 20000);
    }
    ImportWizard wizard(ws, { second });
    wizard.show();
    QSignalSpy preview(&wizard, &ImportWizard::previewReady);
    QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
    const auto choice = wizard.session()->options().columns.value(QStringLiteral("income"));
    QCOMPARE(choice.type, std::optional(seg::ColumnType::Decimal));
    QVERIFY(wizard.findChild<QLabel*>(QStringLiteral("rememberedLabel"))
                ->isVisibleTo(wizard.readingPage()));
    // The table has rows now: a new table is not possible, the user must choose.
    QTRY_VERIFY(wizard.findChild<QLabel*>(QStringLiteral("tableRowsLabel"))
                    ->text()
                    .contains(QStringLiteral("2")));
    QVERIFY(!wizard.filePage()->isComplete());
    wizard.findChild<QRadioButton*>(QStringLiteral("modeAppend"))->click();
    QVERIFY(wizard.filePage()->isComplete());
    QCOMPARE(wizard.session()->options().mode, seg::ImportMode::Append);
}

void TestImportWizard::changingDelimiterUpdatesPreview()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("customers.csv"));
    QVERIFY(writeFile(csv, "customer_id;name;city\nC1;Anna;Berlin\nC2;Ben;Paris\nC3;Cleo;Rome\n"));
    ImportWizard wizard(dir.filePath(QStringLiteral("shop.segws")), { csv });
    wizard.show();
    QSignalSpy preview(&wizard, &ImportWizard::previewReady);
    QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
    QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
    QCOMPARE(wizard.previewModel()->columnCount(), 3);
    QComboBox* delimiter = wizard.delimiterCombo();
    QCOMPARE(delimiter->currentData().toString(), QStringLiteral(";"));
    QVERIFY(delimiter->currentText().endsWith(QStringLiteral("(detected)")));

    preview.clear();
    choose(delimiter, QStringLiteral(","));
    QTRY_VERIFY(preview.size() > 0);
    QCOMPARE(wizard.previewModel()->columnCount(), 1);
    QCOMPARE(wizard.previewModel()->data(wizard.previewModel()->index(0, 0)).toString(),
        QStringLiteral("C1;Anna;Berlin"));
    QCOMPARE(wizard.session()->options().delimiter, std::optional(','));
    // Still marked: the semicolon was detected, the comma is the user's choice.
    QVERIFY(delimiter->itemText(delimiter->findData(QStringLiteral(";")))
                .endsWith(QStringLiteral("(detected)")));
    QVERIFY(!delimiter->currentText().contains(QStringLiteral("(detected)")));
    // One column holds no customer id: not importable, and the page says what to do.
    QVERIFY(!wizard.session()->planOutcome().importable);
    QVERIFY(
        wizard.session()->planOutcome().problem.contains(QStringLiteral("Values separated by")));
    saveShot(wizard, QStringLiteral("import-reading-problem.png"));

    preview.clear();
    choose(delimiter, QStringLiteral(";"));
    QTRY_VERIFY(preview.size() > 0);
    QCOMPARE(wizard.previewModel()->columnCount(), 3);
    QVERIFY(wizard.session()->planOutcome().importable);
}

void TestImportWizard::choosingARoleMakesTheFileImportable()
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("people.csv"));
    QVERIFY(writeFile(csv, "ref,full name\nR1,Anna\nR2,Ben\n"));
    ImportWizard wizard(dir.filePath(QStringLiteral("shop.segws")), { csv });
    wizard.show();
    QSignalSpy preview(&wizard, &ImportWizard::previewReady);
    QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
    QTRY_VERIFY(wizard.findChild<QRadioButton*>(QStringLiteral("kindCustomers"))->isChecked());
    QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
    // No customer id column: the preview is there, the problem is explained, no import yet.
    QCOMPARE(wizard.previewModel()->columnCount(), 2);
    QVERIFY(!wizard.session()->planOutcome().importable);
    QVERIFY(wizard.session()->planOutcome().problem.contains(QStringLiteral("Columns page")));
    QVERIFY(!wizard.session()->planOutcome().problem.contains(QStringLiteral("--map")));
    QVERIFY(nextWhenReady(wizard, ImportWizard::ColumnsPageId));
    QVERIFY(!wizard.columnsPage()->isComplete());
    QVERIFY(wizard.columnsPage()->generateIdsBox()->isVisibleTo(wizard.columnsPage()));

    // The user picks the role in the table's combo box.
    QTableView* view = wizard.columnsPage()->columnsView();
    const QModelIndex role = wizard.columnsModel()->index(0, seg::ui::ImportColumnsModel::Role);
    view->setCurrentIndex(role);
    view->edit(role);
    auto* combo = view->findChild<QComboBox*>();
    QVERIFY(combo);
    preview.clear();
    choose(combo, QStringLiteral("customer_id"));
    QTRY_VERIFY(preview.size() > 0);
    QVERIFY(wizard.session()->planOutcome().importable);
    QCOMPARE(wizard.session()->planOutcome().plan.columns.at(0).role, seg::Role::CustomerId);
    QTRY_VERIFY(wizard.columnsPage()->isComplete());
    QVERIFY(nextWhenReady(wizard, ImportWizard::RunPageId));
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::SummaryPageId), 20000);
    QCOMPARE(rowsIn(dir.filePath(QStringLiteral("shop.segws")), QStringLiteral("customers")), 2);
}

void TestImportWizard::cancelLeavesWorkspaceUnchanged()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("shop.segws"));
    const QString small = dir.filePath(QStringLiteral("first.csv"));
    QVERIFY(writeFile(small,
        "order_id,customer_id,order_date,amount\nO1,C1,2024-01-02,10.00\nO2,C2,2024-01-03,12."
        "50\n"));
    QCOMPARE(seg::test::importCsv(ws, small, seg::DataKind::Transactions), QString());
    const qint64 rowsBefore = rowsIn(ws, QStringLiteral("transactions"));
    const qint64 importsBefore = importsIn(ws);
    QCOMPARE(rowsBefore, 2);

    // Big enough that the import is still running when Cancel is pressed.
    seg::DemoOptions demo;
    demo.customers = 20000;
    demo.transactions = 600000;
    seg::JobContext job;
    auto written = seg::DemoGenerator(demo).writeCsv(dir.filePath(QStringLiteral("demo")), job);
    QVERIFY2(written, written ? "" : qPrintable(written.error().message));
    const QString big = dir.filePath(QStringLiteral("demo/transactions.csv"));

    ImportWizard wizard(ws, { big });
    wizard.show();
    QSignalSpy preview(&wizard, &ImportWizard::previewReady);
    QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
    QTRY_VERIFY(wizard.findChild<QRadioButton*>(QStringLiteral("kindTransactions"))->isChecked());
    wizard.findChild<QRadioButton*>(QStringLiteral("modeAppend"))->click();
    QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
    QVERIFY(nextWhenReady(wizard, ImportWizard::ColumnsPageId));
    QVERIFY(nextWhenReady(wizard, ImportWizard::RunPageId));
    QVERIFY(wizard.isImporting());
    // Half-way: some rows have been read.
    QTRY_VERIFY_WITH_TIMEOUT(wizard.session()->progress().rows > 0, 20000);
    QVERIFY(wizard.isImporting());
    wizard.runPage()->cancelButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.isImporting(), 20000);
    QTRY_VERIFY(wizard.session()->runOutcome().finished);
    QVERIFY(wizard.session()->runOutcome().cancelled);
    QCOMPARE(wizard.currentId(), int(ImportWizard::RunPageId));
    const QString message = wizard.runPage()->messageText();
    QVERIFY2(message.contains(QStringLiteral("cancelled")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Nothing was changed")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("still holds 2 rows")), qPrintable(message));
    QVERIFY(wizard.runPage()->retryButton()->isVisibleTo(wizard.runPage()));
    saveShot(wizard, QStringLiteral("import-cancelled.png"));

    QCOMPARE(rowsIn(ws, QStringLiteral("transactions")), rowsBefore);
    QCOMPARE(importsIn(ws), importsBefore);

    // Try again, then close the window half-way: the import stops before close() returns.
    wizard.runPage()->retryButton()->click();
    QVERIFY(wizard.isImporting());
    QTRY_VERIFY_WITH_TIMEOUT(wizard.session()->progress().rows > 0, 20000);
    QVERIFY(wizard.isImporting());
    QVERIFY(wizard.close());
    QVERIFY(!wizard.isImporting());
    QVERIFY(!wizard.isVisible());
    QCOMPARE(rowsIn(ws, QStringLiteral("transactions")), rowsBefore);
    QCOMPARE(importsIn(ws), importsBefore);
}

void TestImportWizard::severalFilesOneAfterAnother()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("customers.csv"));
    const QString b = dir.filePath(QStringLiteral("orders.csv"));
    const QString ws = dir.filePath(QStringLiteral("shop.segws"));
    QVERIFY(writeFile(a, "customer_id,name\nC1,Anna\nC2,Ben\n"));
    QVERIFY(writeFile(b, "order_id,customer_id,order_date,amount\nO1,C1,2024-01-02,10.00\n"));
    ImportWizard wizard(ws, { a, b });
    wizard.show();
    QSignalSpy preview(&wizard, &ImportWizard::previewReady);
    QSignalSpy imported(&wizard, &ImportWizard::imported);
    QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
    QVERIFY(wizard.filePage()->subTitle().contains(QStringLiteral("File 1 of 2")));
    QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
    QVERIFY(nextWhenReady(wizard, ImportWizard::ColumnsPageId));
    QVERIFY(nextWhenReady(wizard, ImportWizard::RunPageId));
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::SummaryPageId), 20000);
    QVERIFY(wizard.testOption(QWizard::HaveCustomButton1));
    wizard.button(QWizard::CustomButton1)->click();
    QCOMPARE(wizard.fileIndex(), 1);
    QCOMPARE(wizard.currentId(), int(ImportWizard::FilePageId));
    QVERIFY(wizard.filePage()->subTitle().contains(QStringLiteral("File 2 of 2")));
    QTRY_VERIFY(wizard.findChild<QRadioButton*>(QStringLiteral("kindTransactions"))->isChecked());
    QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
    QVERIFY(nextWhenReady(wizard, ImportWizard::ColumnsPageId));
    QVERIFY(nextWhenReady(wizard, ImportWizard::RunPageId));
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::SummaryPageId), 20000);
    QVERIFY(!wizard.testOption(QWizard::HaveCustomButton1));
    QCOMPARE(imported.size(), 2);
    QCOMPARE(rowsIn(ws, QStringLiteral("customers")), 2);
    QCOMPARE(rowsIn(ws, QStringLiteral("transactions")), 1);
}

void TestImportWizard::runPageShowsRateAndTimeLeft()
{
    seg::ui::ImportRunPage page;
    page.showStarted(QStringLiteral("orders.csv"), QStringLiteral("Transactions"));
    QVERIFY(page.isRunning());
    QVERIFY(!page.isComplete());
    seg::ui::ImportSession::Progress progress;
    progress.done = 25;
    progress.total = 100;
    progress.rows = 1000;
    progress.elapsedMs = 2000;
    page.showProgress(progress);
    const QString rate = page.findChild<QLabel*>(QStringLiteral("runRate"))->text();
    QVERIFY2(
        rate.contains(QLocale().toString(1000) + QStringLiteral(" rows read")), qPrintable(rate));
    QVERIFY2(rate.contains(QStringLiteral("500 rows per second")), qPrintable(rate));
    QVERIFY2(rate.contains(QStringLiteral("about 6 seconds left")), qPrintable(rate));
    QCOMPARE(page.findChild<QProgressBar*>(QStringLiteral("runProgress"))->value(), 250);
    page.showSuccess();
    QVERIFY(page.isComplete());
}

// Grabs the reading and columns pages at 1280×800 (demo transactions). With SEGWB_SCREENSHOT_DIR
// set, saves them there as import-reading.png and import-columns.png, and the file and summary
// pages as import-file.png and import-summary.png.
void TestImportWizard::screenshots()
{
    QTemporaryDir dir;
    seg::DemoOptions demo;
    demo.customers = 300;
    seg::JobContext job;
    QVERIFY(seg::DemoGenerator(demo).writeCsv(dir.path(), job));
    ImportWizard wizard(dir.filePath(QStringLiteral("shop.segws")),
        { dir.filePath(QStringLiteral("transactions.csv")) });
    wizard.resize(1280, 800);
    wizard.show();
    QSignalSpy preview(&wizard, &ImportWizard::previewReady);
    QTRY_VERIFY_WITH_TIMEOUT(preview.size() > 0, 20000);
    QTRY_VERIFY(wizard.filePage()->isComplete());
    const QImage file = wizard.grab().toImage();
    QVERIFY(nextWhenReady(wizard, ImportWizard::ReadingPageId));
    const QString out = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    const QImage reading = wizard.grab().toImage();
    QCOMPARE(reading.size(), QSize(1280, 800));
    QVERIFY(nextWhenReady(wizard, ImportWizard::ColumnsPageId));
    const QImage columns = wizard.grab().toImage();
    QVERIFY(nextWhenReady(wizard, ImportWizard::RunPageId));
    QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int(ImportWizard::SummaryPageId), 20000);
    const QImage summary = wizard.grab().toImage();
    if (!out.isEmpty()) {
        QVERIFY(QDir().mkpath(out));
        QVERIFY(reading.save(QDir(out).filePath(QStringLiteral("import-reading.png"))));
        QVERIFY(columns.save(QDir(out).filePath(QStringLiteral("import-columns.png"))));
        QVERIFY(file.save(QDir(out).filePath(QStringLiteral("import-file.png"))));
        QVERIFY(summary.save(QDir(out).filePath(QStringLiteral("import-summary.png"))));
    }
}

QTEST_MAIN(TestImportWizard)

#include "tst_importwizard.moc"
