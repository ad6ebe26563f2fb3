#include "exportdialog.h"
#include "exportpreviewmodel.h"
#include "jobcontext.h"
#include "rfmpage.h"
#include "segmentstore.h"
#include "testworkspace.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using seg::ui::ExportDialog;
using seg::ui::ExportPreviewModel;

namespace {

// Data lines of a CSV file written with CRLF line ends (no field of the demo data holds one).
int dataLines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return static_cast<int>(file.readAll().count("\r\n")) - 1;
}

} // namespace

class TestExportDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void previewModelUnderTester();
    void previewShowsFirstRows();
    void exportsOneFilePerSegment();
    void exportsOneFile();
    void cancelLeavesNoFile();
    void screenshot();

private:
    void waitForColumns(ExportDialog& dialog);
    QTemporaryDir m_dir;
    QString m_path;
    QHash<QString, qint64> m_members; ///< saved segment -> members
    QStringList m_names;
};

void TestExportDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const seg::test::DemoWorkspace demo = seg::test::createDemoWorkspace(m_dir.path(), 400, 11);
    QVERIFY2(demo.error.isEmpty(), qPrintable(demo.error));
    m_path = demo.path;
    // Saved segments through the RFM page, as a marketer would make them.
    seg::ui::RfmPage page;
    page.setWorkspace(m_path);
    QSignalSpy finished(&page, &seg::ui::RfmPage::saveFinished);
    page.saveAsSegments();
    QVERIFY(finished.wait(60000));
    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadOnly);
    auto list = seg::SegmentStore::list(*ws);
    QVERIFY(list.ok() && list->size() >= 3);
    for (const seg::SavedSegment& s : *list) {
        m_names.append(s.name);
        m_members.insert(s.name, s.members);
    }
}

void TestExportDialog::waitForColumns(ExportDialog& dialog)
{
    QSignalSpy preview(&dialog, &ExportDialog::previewReady);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.columnsLoaded(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(preview.count() >= 1, 30000);
}

void TestExportDialog::previewModelUnderTester()
{
    ExportPreviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({ { QStringLiteral("customer_id"), QStringLiteral("revenue") },
        { QStringLiteral("C1"), QStringLiteral("10.5") }, { QStringLiteral("C2") } });
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("revenue"));
    QCOMPARE(model.index(1, 1).data().toString(), QString());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestExportDialog::previewShowsFirstRows()
{
    ExportDialog dialog(m_path, m_names);
    waitForColumns(dialog);
    QVERIFY(dialog.selectedColumns().contains(QStringLiteral("customer_id")));
    QVERIFY(dialog.selectedColumns().contains(QStringLiteral("rfm_segment")));
    const QString name = m_names.constFirst();
    QSignalSpy preview(&dialog, &ExportDialog::previewReady);
    dialog.setSelectedSegments({ name });
    dialog.setSelectedColumns({ QStringLiteral("customer_id"), QStringLiteral("revenue") });
    QVERIFY(preview.wait(30000));
    ExportPreviewModel* model = dialog.previewModel();
    // The reference: what the exporter itself previews.
    auto ws = seg::Workspace::open(m_path, seg::Workspace::OpenMode::ReadOnly);
    seg::JobContext job;
    auto expected = seg::SegmentExporter(dialog.exportOptions()).preview(*ws, { name }, 20, job);
    QVERIFY(expected.ok());
    QCOMPARE(model->columnCount(), expected->constFirst().size());
    QCOMPARE(model->rowCount(), expected->size() - 1);
    QCOMPARE(model->rowCount(), std::min<qint64>(20, m_members.value(name)));
    for (int c = 0; c < model->columnCount(); ++c)
        QCOMPARE(model->headerData(c, Qt::Horizontal).toString(), expected->constFirst().at(c));
    for (int r = 0; r < model->rowCount(); ++r) {
        for (int c = 0; c < model->columnCount(); ++c)
            QCOMPARE(model->index(r, c).data().toString(), expected->at(r + 1).at(c));
    }
}

void TestExportDialog::exportsOneFilePerSegment()
{
    ExportDialog dialog(m_path, m_names);
    waitForColumns(dialog);
    const QStringList chosen = m_names.mid(0, 3);
    dialog.setSelectedSegments(chosen);
    dialog.setOneFile(false);
    const QString folder = m_dir.filePath(QStringLiteral("per segment"));
    dialog.setOutputPath(folder);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    QVERIFY(dialog.isExporting());
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(dialog.errorMessage()));
    QVERIFY(dialog.summary());
    QCOMPARE(dialog.summary()->files.size(), 3);
    for (const seg::ExportedFile& f : dialog.summary()->files) {
        QCOMPARE(f.segments.size(), 1);
        QCOMPARE(dataLines(f.path), m_members.value(f.segments.constFirst()));
        QCOMPARE(f.rows, m_members.value(f.segments.constFirst()));
    }
    QVERIFY2(dialog.resultText().contains(QDir::toNativeSeparators(folder)),
        qPrintable(dialog.resultText()));
}

void TestExportDialog::exportsOneFile()
{
    ExportDialog dialog(m_path, m_names);
    waitForColumns(dialog);
    const QStringList chosen = m_names.mid(0, 2);
    dialog.setSelectedSegments(chosen);
    dialog.setOneFile(true);
    const QString file = m_dir.filePath(QStringLiteral("both.csv"));
    dialog.setOutputPath(file);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(dialog.errorMessage()));
    QCOMPARE(dataLines(file), m_members.value(chosen.at(0)) + m_members.value(chosen.at(1)));
    QCOMPARE(dialog.rowsToWrite(), m_members.value(chosen.at(0)) + m_members.value(chosen.at(1)));
    QVERIFY(dialog.resultText().contains(QDir::toNativeSeparators(file)));
}

void TestExportDialog::cancelLeavesNoFile()
{
    ExportDialog dialog(m_path, m_names);
    waitForColumns(dialog);
    const QString file = m_dir.filePath(QStringLiteral("cancelled.csv"));
    dialog.setOneFile(true);
    dialog.setOutputPath(file);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    dialog.findChild<QPushButton*>(QStringLiteral("exportCancel"))->click();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(!QFile::exists(file));
    QVERIFY(dialog.resultText().contains(QStringLiteral("cancelled")));
    QVERIFY(!dialog.isExporting());
}

void TestExportDialog::screenshot()
{
    QString dir = qEnvironmentVariable("SEGWB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = m_dir.path();
    ExportDialog dialog(m_path, m_names);
    dialog.resize(1280, 800);
    dialog.show();
    waitForColumns(dialog);
    QSignalSpy preview(&dialog, &ExportDialog::previewReady);
    dialog.setSelectedSegments(m_names.mid(0, 2));
    QVERIFY(preview.wait(30000));
    dialog.setOutputPath(m_dir.filePath(QStringLiteral("shot.csv")));
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    QVERIFY(finished.wait(60000));
    QVERIFY(dialog.grab().save(QDir(dir).filePath(QStringLiteral("export-dialog.png"))));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
