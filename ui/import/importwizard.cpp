#include "importwizard.h"

#include "importcolumnsmodel.h"
#include "importcolumnspage.h"
#include "importfilepage.h"
#include "importpreviewmodel.h"
#include "importreadingpage.h"
#include "importrunpage.h"
#include "importsession.h"
#include "importsettingsmemory.h"
#include "importsummarypage.h"
#include "rejectedrowsmodel.h"
#include "role.h"
#include "tablepage.h"
#include "workspace.h"

#include <QAbstractButton>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace seg::ui {

namespace {

constexpr int kProgressIntervalMs = 200;

// A CSV cell that a spreadsheet will not run as a formula (RFC 4180 quoting).
QString csvCell(QString value)
{
    if (!value.isEmpty()) {
        const QChar first = value.at(0);
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t'
            || first == u'\r')
            value.prepend(QLatin1Char('\''));
    }
    if (value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'))) {
        value.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        value = QLatin1Char('"') + value + QLatin1Char('"');
    }
    return value;
}

QByteArray csvLine(const QStringList& cells)
{
    QStringList out;
    for (const QString& c : cells)
        out.append(csvCell(c));
    return out.join(QLatin1Char(',')).toUtf8() + "\r\n";
}

} // namespace

ImportWizard::ImportWizard(const QString& workspacePath, const QStringList& files, QWidget* parent)
    : QWizard(parent)
    , m_workspacePath(workspacePath)
    , m_files(files)
    , m_filePage(new ImportFilePage(this))
    , m_readingPage(new ImportReadingPage(this))
    , m_columnsPage(new ImportColumnsPage(this))
    , m_runPage(new ImportRunPage(this))
    , m_summaryPage(new ImportSummaryPage(this))
    , m_progressTimer(new QTimer(this))
{
    Q_ASSERT(!files.isEmpty());
    setObjectName(QStringLiteral("importWizard"));
    setWindowTitle(tr("Import data"));
    setWizardStyle(QWizard::ModernStyle);
    setSubTitleFormat(Qt::PlainText);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    setButtonText(QWizard::FinishButton, tr("&Close"));
    setMinimumSize(900, 600);
    resize(1180, 780);

    setPage(FilePageId, m_filePage);
    setPage(ReadingPageId, m_readingPage);
    setPage(ColumnsPageId, m_columnsPage);
    setPage(RunPageId, m_runPage);
    setPage(SummaryPageId, m_summaryPage);
    setStartId(FilePageId);

    connect(m_filePage, &ImportFilePage::kindChosen, this, &ImportWizard::onKindChosen);
    connect(m_filePage, &ImportFilePage::modeChosen, this,
        [this](ImportMode mode) { m_session->setMode(mode); });
    connect(m_readingPage, &ImportReadingPage::settingsEdited, this, [this] {
        ImportOptions options = m_session->options();
        m_readingPage->applyEdits(options);
        changeOptions(options);
    });
    connect(m_readingPage, &ImportReadingPage::detectedSettingsRequested, this, [this] {
        ImportOptions options;
        options.kind = m_filePage->kind();
        options.mode = m_filePage->mode();
        m_readingPage->setRememberedApplied(false);
        changeOptions(options);
    });
    connect(m_columnsPage, &ImportColumnsPage::choicesChanged, this, [this] {
        ImportOptions options = m_session->options();
        options.columns = m_columnsPage->columnsModel()->choices();
        changeOptions(options);
    });
    connect(m_columnsPage, &ImportColumnsPage::generateIdsChanged, this, [this](bool generate) {
        ImportOptions options = m_session->options();
        options.generateIds = generate;
        changeOptions(options);
    });
    connect(
        m_runPage, &ImportRunPage::cancelRequested, this, [this] { m_session->cancelImport(); });
    connect(m_runPage, &ImportRunPage::retryRequested, this, &ImportWizard::startImport);
    connect(
        m_summaryPage, &ImportSummaryPage::exportRequested, this, &ImportWizard::chooseExportFile);
    connect(m_summaryPage, &ImportSummaryPage::openTableRequested, this, [this] {
        Q_EMIT openTableRequested(dataKindName(m_session->options().kind));
        if (m_fileIndex + 1 >= m_files.size())
            accept();
    });
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        if (which == QWizard::CustomButton1)
            startNextFile();
    });
    connect(this, &QWizard::currentIdChanged, this, &ImportWizard::updateButtons);
    connect(&m_exportWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_exportWatcher.future().resultCount() == 0)
            return;
        const ExportOutcome outcome = m_exportWatcher.result();
        m_summaryPage->showExportResult(outcome.message);
        m_summaryPage->exportButton()->setEnabled(true);
        Q_EMIT rejectedRowsExported(outcome.ok, outcome.message);
    });

    m_progressTimer->setInterval(kProgressIntervalMs);
    connect(m_progressTimer, &QTimer::timeout, this,
        [this] { m_runPage->showProgress(m_session->progress()); });

    startFile(0);
}

ImportWizard::~ImportWizard()
{
    if (m_session)
        m_session->cancelAndWait();
    m_exportWatcher.waitForFinished();
}

bool ImportWizard::isImporting() const { return m_session && m_session->isImporting(); }

ImportPreviewModel* ImportWizard::previewModel() const { return m_readingPage->previewModel(); }

ImportColumnsModel* ImportWizard::columnsModel() const { return m_columnsPage->columnsModel(); }

RejectedRowsModel* ImportWizard::rejectedRowsModel() const
{
    return m_summaryPage->rejectedModel();
}

QComboBox* ImportWizard::delimiterCombo() const { return m_readingPage->delimiterCombo(); }

QString ImportWizard::tableDisplayName() const
{
    return TablePage::displayName(dataKindName(m_session->options().kind));
}

void ImportWizard::startFile(int index)
{
    m_fileIndex = index;
    if (m_session) {
        m_session->cancelAndWait();
        m_session->deleteLater();
    }
    const QString file = m_files.at(index);
    m_session = new ImportSession(m_workspacePath, file, this);
    connect(m_session, &ImportSession::planReady, this, &ImportWizard::onPlanReady);
    connect(m_session, &ImportSession::countsReady, this, &ImportWizard::onCountsReady);
    connect(m_session, &ImportSession::importFinished, this, &ImportWizard::onImportFinished);
    m_firstPlan = true;

    ImportOptions options;
    options.kind = m_filePage->kind();
    options.mode = ImportMode::New;
    m_filePage->setMode(ImportMode::New);
    m_filePage->setFile(file, QFileInfo(file).size(), index, static_cast<int>(m_files.size()));
    m_filePage->setRowCounts(-1, -1, -1, QString());
    m_readingPage->resetDetected();
    m_readingPage->setRememberedApplied(false);
    m_readingPage->setPlanning(true);
    m_columnsPage->setPlanning(true);
    m_readingPage->setSubTitle(m_files.size() > 1
            ? tr("File %1 of %2: %3. Each value should sit in its own column of the preview; "
                 "change a setting and the preview follows.")
                  .arg(index + 1)
                  .arg(m_files.size())
                  .arg(QFileInfo(file).fileName())
            : tr("%1. Each value should sit in its own column of the preview; change a setting "
                 "and the preview follows.")
                  .arg(QFileInfo(file).fileName()));
    m_session->setOptions(options);
    m_session->readCounts();
    updateButtons();
}

void ImportWizard::startNextFile()
{
    if (m_fileIndex + 1 >= m_files.size() || isImporting())
        return;
    startFile(m_fileIndex + 1);
    restart();
}

void ImportWizard::changeOptions(const ImportOptions& options)
{
    m_session->setOptions(options);
    m_readingPage->setPlanning(true);
    m_columnsPage->setPlanning(true);
}

void ImportWizard::onKindChosen(DataKind kind)
{
    ImportOptions options = m_session->options();
    options.kind = kind;
    const QList<Role> roles = rolesForKind(kind);
    for (ColumnChoice& c : options.columns) {
        if (c.role && *c.role != Role::None && !roles.contains(*c.role))
            c.role.reset();
    }
    if (kind != DataKind::Customers)
        options.generateIds = false;
    changeOptions(options);
}

void ImportWizard::onPlanReady()
{
    const ImportSession::PlanOutcome& outcome = m_session->planOutcome();
    ImportOptions options = m_session->options();
    if (m_firstPlan && outcome.hasPlan) {
        m_firstPlan = false;
        // Lets the reading page learn what was detected before anything is overridden.
        m_readingPage->showPlan(outcome, options);
        if (auto remembered = ImportSettingsMemory::load(outcome.headerKey)) {
            remembered->mode = options.mode;
            m_filePage->setKind(remembered->kind, ImportFilePage::KindReason::Remembered);
            m_readingPage->setRememberedApplied(true);
            changeOptions(*remembered);
            return;
        }
        QStringList headers;
        for (const ColumnPlan& c : outcome.plan.columns)
            headers.append(c.source);
        const DataKind guessed = ImportSession::guessKind(m_session->filePath(), headers);
        m_filePage->setKind(guessed, ImportFilePage::KindReason::Guessed);
        if (guessed != options.kind) {
            options.kind = guessed;
            changeOptions(options);
            return;
        }
    }
    m_firstPlan = false;
    if (outcome.hasPlan && !options.columns.isEmpty()) {
        // Choices for columns the file no longer has (another delimiter or header setting).
        QSet<QString> sources;
        for (const ColumnPlan& c : outcome.plan.columns)
            sources.insert(c.source);
        bool pruned = false;
        for (auto it = options.columns.begin(); it != options.columns.end();) {
            if (sources.contains(it.key())) {
                ++it;
            } else {
                it = options.columns.erase(it);
                pruned = true;
            }
        }
        if (pruned) {
            changeOptions(options);
            return;
        }
    }
    m_readingPage->showPlan(outcome, options);
    m_columnsPage->showPlan(outcome, options);
    updateButtons();
    Q_EMIT previewReady();
}

void ImportWizard::onCountsReady()
{
    const ImportSession::Counts& c = m_session->counts();
    m_filePage->setRowCounts(c.rows[0], c.rows[1], c.rows[2], c.error);
    updateButtons();
}

void ImportWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id == RunPageId)
        startImport();
}

void ImportWizard::startImport()
{
    if (isImporting() || !m_session->planOutcome().importable)
        return;
    m_columnsPage->setCommitPage(true); // no way back while the import runs
    m_session->startImport();
    m_runPage->showStarted(QFileInfo(m_session->filePath()).fileName(), tableDisplayName());
    m_progressTimer->start();
    updateButtons();
}

void ImportWizard::onImportFinished()
{
    m_progressTimer->stop();
    m_columnsPage->setCommitPage(false);
    const ImportSession::RunOutcome& outcome = m_session->runOutcome();
    if (!outcome.ok) {
        m_runPage->showFailure(outcome, tableDisplayName());
        updateButtons();
        return;
    }
    ImportSettingsMemory::save(m_session->planOutcome().headerKey, m_session->options());
    m_runPage->showSuccess();
    m_summaryPage->showOutcome(
        outcome, QFileInfo(m_session->filePath()).fileName(), tableDisplayName());
    Q_EMIT imported(outcome.report.table);
    if (currentId() == RunPageId)
        next();
    updateButtons();
}

void ImportWizard::updateButtons()
{
    const bool more = m_fileIndex + 1 < m_files.size();
    const bool show = more && !isImporting();
    if (testOption(QWizard::HaveCustomButton1) != show)
        setOption(QWizard::HaveCustomButton1, show);
    if (show) {
        const bool done = currentId() == SummaryPageId;
        setButtonText(QWizard::CustomButton1, done ? tr("Next &file") : tr("S&kip this file"));
        button(QWizard::CustomButton1)
            ->setToolTip(done ? tr("Imports the next file: %1")
                                    .arg(QFileInfo(m_files.at(m_fileIndex + 1)).fileName())
                              : tr("Leaves this file out and goes on with the next one."));
    }
}

void ImportWizard::reject()
{
    // Cancel (or Escape) during an import stops the import; the page then says what happened.
    if (isImporting()) {
        m_session->cancelImport();
        return;
    }
    QWizard::reject();
}

void ImportWizard::closeEvent(QCloseEvent* event)
{
    if (isImporting()) {
        m_session->cancelImport();
        m_session->cancelAndWait();
        m_progressTimer->stop();
        QWizard::done(QDialog::Rejected);
        event->accept();
        return;
    }
    QWizard::closeEvent(event);
}

void ImportWizard::chooseExportFile()
{
    const QFileInfo source(m_session->filePath());
    const QString suggested = source.absoluteDir().filePath(
        tr("%1 - rejected rows.csv").arg(source.completeBaseName()));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save rejected rows"), suggested, tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        exportRejectedRows(path);
}

void ImportWizard::exportRejectedRows(const QString& path)
{
    if (m_exportWatcher.isRunning())
        return;
    m_summaryPage->exportButton()->setEnabled(false);
    m_summaryPage->showExportResult(tr("Saving…"));
    m_exportWatcher.setFuture(QtConcurrent::run(&ImportWizard::exportInBackground, m_workspacePath,
        m_session->runOutcome().report.importId, path));
}

ImportWizard::ExportOutcome ImportWizard::exportInBackground(
    QString workspacePath, qint64 importId, QString path)
{
    ExportOutcome out;
    auto ws = Workspace::open(workspacePath, Workspace::OpenMode::ReadOnly);
    if (!ws) {
        out.message = ws.error().message;
        return out;
    }
    auto rows = ws->rejectedRows(importId);
    if (!rows) {
        out.message = rows.error().message;
        return out;
    }
    QSaveFile file(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!file.open(QIODevice::WriteOnly)) {
        out.message = tr("%1 cannot be written: %2").arg(shown, file.errorString());
        return out;
    }
    file.write("\xEF\xBB\xBF"); // so that spreadsheets read the file as UTF-8
    file.write(csvLine({ tr("line"), tr("reason"), tr("column"), tr("row") }));
    for (const RejectedRow& r : *rows)
        file.write(csvLine({ QString::number(r.line), r.reason, r.column, r.raw }));
    if (!file.commit()) {
        out.message = tr("%1 cannot be written: %2").arg(shown, file.errorString());
        return out;
    }
    out.ok = true;
    out.message = rows->size() == 1 ? tr("1 row saved to %1.").arg(shown)
                                    : tr("%1 rows saved to %2.").arg(rows->size()).arg(shown);
    return out;
}

} // namespace seg::ui
