#include "exportdialog.h"

#include "exportpreviewmodel.h"
#include "exportquery.h"
#include "jobcontext.h"
#include "messagebar.h"
#include "segmentstore.h"
#include "valueformat.h"
#include "workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace seg::ui {

namespace {

constexpr int kPreviewRows = 20;
constexpr int kProgressSteps = 1000;

QStringList checkedItems(const QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked)
            out.append(list->item(i)->data(Qt::UserRole).toString());
    }
    return out;
}

void setChecked(QListWidget* list, const QStringList& names)
{
    for (int i = 0; i < list->count(); ++i) {
        QListWidgetItem* item = list->item(i);
        item->setCheckState(names.contains(item->data(Qt::UserRole).toString(), Qt::CaseInsensitive)
                ? Qt::Checked
                : Qt::Unchecked);
    }
}

} // namespace

ExportDialog::ExportDialog(
    const QString& workspacePath, const QStringList& segmentNames, QWidget* parent)
    : QDialog(parent)
    , m_path(workspacePath)
    , m_previewTimer(new QTimer(this))
    , m_preview(new ExportPreviewModel(this))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export segment members"));
    m_pool.setMaxThreadCount(2);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(150);
    connect(m_previewTimer, &QTimer::timeout, this, &ExportDialog::refreshPreview);
    connect(&m_previewWatcher, &QFutureWatcherBase::finished, this, &ExportDialog::onPreview);
    connect(&m_exportWatcher, &QFutureWatcherBase::finished, this, &ExportDialog::onExported);
    connect(&m_columnsWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_columnsWatcher.future().resultCount() > 0)
            onColumns(m_columnsWatcher.result());
    });

    m_messages = new MessageBar(this);

    m_segments = new QListWidget(this);
    m_segments->setObjectName(QStringLiteral("exportSegments"));
    for (const QString& name : segmentNames) {
        auto* item = new QListWidgetItem(name, m_segments);
        item->setData(Qt::UserRole, name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(Qt::Checked);
    }
    m_columns = new QListWidget(this);
    m_columns->setObjectName(QStringLiteral("exportColumns"));
    m_columns->setToolTip(tr("Tick the columns to write, in this order."));
    connect(m_segments, &QListWidget::itemChanged, this, [this] {
        updateState();
        schedulePreview();
    });
    connect(m_columns, &QListWidget::itemChanged, this, [this] {
        updateState();
        schedulePreview();
    });
    auto* allColumns = new QPushButton(tr("All"), this);
    auto* defaultColumns = new QPushButton(tr("Defaults"), this);
    connect(allColumns, &QPushButton::clicked, this, [this] {
        QStringList all;
        for (int i = 0; i < m_columns->count(); ++i)
            all.append(m_columns->item(i)->data(Qt::UserRole).toString());
        setSelectedColumns(all);
    });
    connect(defaultColumns, &QPushButton::clicked, this,
        [this] { setSelectedColumns(m_columns->property("defaults").toStringList()); });

    // Format.
    m_bom = new QCheckBox(tr("Add a byte order mark (for Excel)"), this);
    m_bom->setObjectName(QStringLiteral("exportBom"));
    m_bom->setToolTip(tr("Excel on Windows then reads names such as \"Zoë Müller\" correctly."));
    m_delimiter = new QComboBox(this);
    m_delimiter->setObjectName(QStringLiteral("exportDelimiter"));
    m_delimiter->addItem(tr("Comma ( , )"), static_cast<int>(seg::CsvDelimiter::Comma));
    m_delimiter->addItem(tr("Semicolon ( ; )"), static_cast<int>(seg::CsvDelimiter::Semicolon));
    m_delimiter->addItem(tr("Tab"), static_cast<int>(seg::CsvDelimiter::Tab));
    m_delimiter->setToolTip(tr("Excel in countries that write decimal commas expects semicolons."));
    m_oneFile = new QRadioButton(tr("One file, with a segment column"), this);
    m_oneFile->setObjectName(QStringLiteral("exportOneFile"));
    m_perSegment = new QRadioButton(tr("One file per segment"), this);
    m_perSegment->setObjectName(QStringLiteral("exportPerSegment"));
    m_oneFile->setChecked(true);
    m_manifest = new QCheckBox(tr("Write a manifest next to each file"), this);
    m_manifest->setObjectName(QStringLiteral("exportManifest"));
    m_manifest->setToolTip(tr("A small JSON file with the segment definition, the analysis date, "
                              "the number of rows and the time of the export."));
    connect(m_oneFile, &QRadioButton::toggled, this, [this] {
        if (!m_pathEdited) {
            const QString docs
                = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
            m_out->setText(
                QDir(docs).filePath(m_oneFile->isChecked() ? QStringLiteral("segments.csv")
                                                           : QStringLiteral("segments")));
            m_pathEdited = false;
        }
        updateState();
        schedulePreview();
    });
    connect(m_delimiter, &QComboBox::currentIndexChanged, this, &ExportDialog::updateState);

    m_outLabel = new QLabel(tr("File:"), this);
    m_out = new QLineEdit(this);
    m_out->setObjectName(QStringLiteral("exportPath"));
    m_out->setText(QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                       .filePath(QStringLiteral("segments.csv")));
    connect(m_out, &QLineEdit::textEdited, this, [this] {
        m_pathEdited = true;
        updateState();
    });
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);

    // Preview.
    m_previewLabel = new QLabel(tr("Preview"), this);
    m_previewLabel->setObjectName(QStringLiteral("exportPreviewLabel"));
    m_previewView = new QTableView(this);
    m_previewView->setObjectName(QStringLiteral("exportPreview"));
    m_previewView->setModel(m_preview);
    m_previewView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_previewView->horizontalHeader()->setMaximumSectionSize(260);
    m_previewView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_previewView->setWordWrap(false);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setVisible(false);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("exportResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_export = new QPushButton(tr("Export"), this);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel export"), this);
    m_cancel->setObjectName(QStringLiteral("exportCancel"));
    m_cancel->setVisible(false);
    m_close = new QPushButton(tr("Close"), this);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::cancelExport);
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::reject);

    // Layout: what (segments, columns) | how (format, destination); preview below.
    auto* segmentsBox = new QGroupBox(tr("Segments"), this);
    auto* segmentsLayout = new QVBoxLayout(segmentsBox);
    segmentsLayout->addWidget(m_segments);
    auto* columnsBox = new QGroupBox(tr("Columns"), this);
    auto* columnsLayout = new QVBoxLayout(columnsBox);
    columnsLayout->addWidget(m_columns);
    auto* columnButtons = new QHBoxLayout;
    columnButtons->addWidget(allColumns);
    columnButtons->addWidget(defaultColumns);
    columnButtons->addStretch(1);
    columnsLayout->addLayout(columnButtons);
    auto* formatBox = new QGroupBox(tr("File format"), this);
    auto* format = new QFormLayout(formatBox);
    format->addRow(tr("Delimiter:"), m_delimiter);
    format->addRow(QString(), m_bom);
    format->addRow(QString(), m_oneFile);
    format->addRow(QString(), m_perSegment);
    format->addRow(QString(), m_manifest);
    auto* outRow = new QHBoxLayout;
    outRow->addWidget(m_out, 1);
    outRow->addWidget(browseButton);
    format->addRow(m_outLabel, outRow);

    auto* top = new QHBoxLayout;
    top->addWidget(segmentsBox, 1);
    top->addWidget(columnsBox, 1);
    top->addWidget(formatBox, 2);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_result, 3);
    buttons->addWidget(m_export);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    layout->addLayout(top, 2);
    layout->addWidget(m_previewLabel);
    layout->addWidget(m_previewView, 3);
    layout->addLayout(buttons);
    resize(1000, 640);

    // The column list depends on the workspace's attributes.
    m_columns->addItem(tr("Reading the columns…"));
    m_columnsWatcher.setFuture(QtConcurrent::run(&m_pool, [path = m_path] {
        Columns out;
        auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
        if (!ws) {
            out.error = ws.error().message;
            return out;
        }
        auto columns = seg::ExportQuery::columns(*ws);
        if (!columns) {
            out.error = columns.error().message;
            return out;
        }
        for (const seg::ExportColumn& c : std::as_const(*columns))
            out.all.append(c.name);
        if (auto segments = seg::SegmentStore::list(*ws)) {
            for (const seg::SavedSegment& s : std::as_const(*segments))
                out.members.insert(s.name.toLower(), s.members);
        }
        const QList<seg::ExportColumn> defaults = seg::ExportQuery::defaultColumns(*columns);
        for (const seg::ExportColumn& c : defaults)
            out.defaults.append(c.name);
        return out;
    }));
    updateState();
}

ExportDialog::~ExportDialog()
{
    for (const Job& job : { m_previewJob, m_exportJob }) {
        if (job)
            job->cancel();
    }
    m_pool.waitForDone();
}

void ExportDialog::onColumns(const Columns& columns)
{
    m_columns->clear();
    if (!columns.error.isEmpty()) {
        m_error = columns.error;
        m_messages->showError(tr("The columns cannot be read."), columns.error);
    }
    const QSignalBlocker block(m_columns);
    for (const QString& name : columns.all) {
        auto* item = new QListWidgetItem(name, m_columns);
        item->setData(Qt::UserRole, name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(columns.defaults.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    m_columns->setProperty("defaults", columns.defaults);
    m_memberCounts = columns.members;
    {
        const QSignalBlocker blockSegments(m_segments);
        for (int i = 0; i < m_segments->count(); ++i) {
            QListWidgetItem* item = m_segments->item(i);
            const QString name = item->data(Qt::UserRole).toString();
            const auto it = m_memberCounts.constFind(name.toLower());
            if (it != m_memberCounts.constEnd())
                item->setText(tr("%1 (%2)").arg(name, valueformat::count(*it)));
        }
    }
    m_columnsLoaded = columns.error.isEmpty();
    updateState();
    Q_EMIT columnsReady();
    refreshPreview();
}

QStringList ExportDialog::selectedSegments() const { return checkedItems(m_segments); }

void ExportDialog::setSelectedSegments(const QStringList& names)
{
    {
        const QSignalBlocker block(m_segments);
        setChecked(m_segments, names);
    }
    updateState();
    schedulePreview();
}

QStringList ExportDialog::selectedColumns() const { return checkedItems(m_columns); }

void ExportDialog::setSelectedColumns(const QStringList& names)
{
    {
        const QSignalBlocker block(m_columns);
        setChecked(m_columns, names);
    }
    updateState();
    schedulePreview();
}

seg::SegmentExportOptions ExportDialog::exportOptions() const
{
    seg::SegmentExportOptions out;
    out.columns = selectedColumns();
    out.oneFile = m_oneFile->isChecked();
    out.bom = m_bom->isChecked();
    out.delimiter = static_cast<seg::CsvDelimiter>(m_delimiter->currentData().toInt());
    out.manifest = m_manifest->isChecked();
    return out;
}

void ExportDialog::setOneFile(bool oneFile)
{
    (oneFile ? m_oneFile : m_perSegment)->setChecked(true);
}

QString ExportDialog::outputPath() const { return m_out->text().trimmed(); }

void ExportDialog::setOutputPath(const QString& path)
{
    m_out->setText(path);
    m_pathEdited = true;
    updateState();
}

QString ExportDialog::resultText() const { return m_result->text(); }

qint64 ExportDialog::rowsToWrite() const
{
    qint64 rows = 0;
    const QStringList segments = selectedSegments();
    for (const QString& name : segments) {
        const auto it = m_memberCounts.constFind(name.toLower());
        if (it == m_memberCounts.constEnd())
            return -1;
        rows += *it;
    }
    return rows;
}

void ExportDialog::updateState()
{
    const bool folder = !m_oneFile->isChecked() && selectedSegments().size() > 1;
    m_outLabel->setText(folder ? tr("Folder:") : tr("File:"));
    const bool ready = m_columnsLoaded && !selectedSegments().isEmpty()
        && !selectedColumns().isEmpty() && !outputPath().isEmpty();
    m_export->setEnabled(ready && !m_exporting);
    m_cancel->setVisible(m_exporting);
    m_close->setEnabled(!m_exporting);
}

void ExportDialog::browse()
{
    const bool folder = !m_oneFile->isChecked() && selectedSegments().size() > 1;
    const QString path = folder
        ? QFileDialog::getExistingDirectory(this, tr("Export to folder"), outputPath())
        : QFileDialog::getSaveFileName(
            this, tr("Export to file"), outputPath(), tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        setOutputPath(path);
}

void ExportDialog::schedulePreview()
{
    if (m_columnsLoaded)
        m_previewTimer->start();
}

void ExportDialog::refreshPreview()
{
    m_previewTimer->stop();
    if (m_previewJob)
        m_previewJob->cancel();
    const quint64 generation = ++m_previewGeneration;
    const QStringList segments = selectedSegments();
    if (!m_columnsLoaded || segments.isEmpty() || selectedColumns().isEmpty()) {
        m_preview->clear();
        m_previewLabel->setText(tr("Preview: choose at least one segment and one column."));
        Q_EMIT previewReady();
        return;
    }
    m_previewLabel->setText(tr("Preview: reading the first rows…"));
    m_previewJob = std::make_shared<seg::JobContext>();
    m_previewWatcher.setFuture(QtConcurrent::run(&m_pool,
        [path = m_path, options = exportOptions(), segments, generation, job = m_previewJob] {
            Preview out;
            out.generation = generation;
            auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
            if (!ws) {
                out.error = ws.error().message;
                return out;
            }
            auto rows = seg::SegmentExporter(options).preview(*ws, segments, kPreviewRows, *job);
            if (!rows)
                out.error = rows.error().code == seg::ErrorCode::Cancelled ? QString()
                                                                           : rows.error().message;
            else
                out.rows = std::move(rows.value());
            return out;
        }));
}

void ExportDialog::onPreview()
{
    if (m_previewWatcher.future().resultCount() == 0)
        return;
    const Preview p = m_previewWatcher.result();
    if (p.generation != m_previewGeneration)
        return;
    m_previewJob.reset();
    if (!p.error.isEmpty()) {
        m_preview->clear();
        m_previewLabel->setText(tr("Preview not available: %1").arg(p.error));
    } else {
        m_preview->setRows(p.rows);
        const qint64 total = rowsToWrite();
        const QString first = tr("Preview: the first %1 rows as they will be written")
                                  .arg(std::max<qsizetype>(0, p.rows.size() - 1));
        m_previewLabel->setText(
            total < 0 ? first : tr("%1 (%2 rows in all)").arg(first, valueformat::count(total)));
    }
    Q_EMIT previewReady();
}

void ExportDialog::startExport()
{
    if (m_exporting || !m_columnsLoaded)
        return;
    const QStringList segments = selectedSegments();
    if (segments.isEmpty() || selectedColumns().isEmpty() || outputPath().isEmpty())
        return;
    m_messages->clear();
    m_error.clear();
    m_summary.reset();
    m_exporting = true;
    m_result->setText(tr("Exporting…"));
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    updateState();
    m_exportJob = std::make_shared<seg::JobContext>([this](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            this,
            [this, done, total] {
                if (!m_exporting || total <= 0)
                    return;
                m_progress->setRange(0, kProgressSteps);
                m_progress->setValue(static_cast<int>(done * kProgressSteps / total));
            },
            Qt::QueuedConnection);
    });
    m_exportWatcher.setFuture(QtConcurrent::run(&m_pool,
        [path = m_path, options = exportOptions(), segments, out = outputPath(),
            job = m_exportJob] {
            Exported result;
            auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
            if (!ws) {
                result.error = ws.error().message;
                return result;
            }
            if (job->isCancelled()) {
                result.cancelled = true;
                return result;
            }
            auto summary = seg::SegmentExporter(options).run(*ws, segments, out, *job);
            if (summary)
                result.summary = std::move(summary.value());
            else if (summary.error().code == seg::ErrorCode::Cancelled)
                result.cancelled = true;
            else
                result.error = summary.error().message;
            return result;
        }));
}

void ExportDialog::cancelExport()
{
    if (m_exportJob)
        m_exportJob->cancel();
}

void ExportDialog::onExported()
{
    if (m_exportWatcher.future().resultCount() == 0)
        return;
    const Exported e = m_exportWatcher.result();
    m_exportJob.reset();
    m_exporting = false;
    m_progress->setVisible(false);
    if (e.cancelled) {
        m_result->setText(tr("Export cancelled; no file was written."));
    } else if (!e.error.isEmpty()) {
        m_error = e.error;
        m_result->clear();
        m_messages->showError(tr("The export failed; no file was written."), e.error);
    } else {
        m_summary = e.summary;
        QStringList paths;
        for (const seg::ExportedFile& f : std::as_const(m_summary->files))
            paths.append(QDir::toNativeSeparators(f.path));
        const QString where = paths.size() == 1
            ? paths.constFirst()
            : QDir::toNativeSeparators(
                QFileInfo(m_summary->files.constFirst().path).absolutePath());
        m_result->setText(paths.size() == 1
                ? tr("Wrote %1 rows to %2").arg(valueformat::count(m_summary->rows), where)
                : tr("Wrote %1 rows to %2 files in the folder %3")
                      .arg(valueformat::count(m_summary->rows))
                      .arg(paths.size())
                      .arg(where));
        m_result->setToolTip(paths.join(QLatin1Char('\n')));
    }
    updateState();
    Q_EMIT exportFinished(e.summary.has_value());
}

void ExportDialog::reject()
{
    // Closing while exporting cancels the export first; nothing half-written stays behind.
    if (m_exporting) {
        cancelExport();
        return;
    }
    QDialog::reject();
}

} // namespace seg::ui
