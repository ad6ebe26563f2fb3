#pragma once

#include "segmentexporter.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTableView;
class QTimer;

namespace seg {
class JobContext;
}

namespace seg::ui {

class ExportPreviewModel;
class MessageBar;

/// Exports the members of saved segments to CSV: the marketer chooses the segments, the columns
/// (the defaults preselected), a byte order mark for Excel, the delimiter, one file or one per
/// segment and a manifest, sees the first rows as they will be written, and exports in the
/// background with a progress bar and Cancel. Afterwards the dialog says where the files went.
///
/// The column list, the preview (SegmentExporter::preview) and the export
/// (SegmentExporter::run) run on a private pool with their own read-only connection; closing
/// the dialog cancels them and waits.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(
        const QString& workspacePath, const QStringList& segmentNames, QWidget* parent = nullptr);
    ~ExportDialog() override;

    /// The checked segments, in list order.
    QStringList selectedSegments() const;
    void setSelectedSegments(const QStringList& names);
    /// The checked columns, in list order.
    QStringList selectedColumns() const;
    void setSelectedColumns(const QStringList& names);
    /// The export options the controls describe.
    seg::SegmentExportOptions exportOptions() const;
    void setOneFile(bool oneFile);
    /// The file (one file) or folder (one per segment) to write to.
    QString outputPath() const;
    void setOutputPath(const QString& path);

    bool columnsLoaded() const { return m_columnsLoaded; }
    bool isExporting() const { return m_exporting; }
    ExportPreviewModel* previewModel() const { return m_preview; }
    /// What the last export wrote.
    const std::optional<seg::SegmentExportSummary>& summary() const { return m_summary; }
    const QString& errorMessage() const { return m_error; }
    /// Rows the chosen segments will write (their members together); -1 before they are known.
    qint64 rowsToWrite() const;
    /// The text that says where the files went (or why they were not written).
    QString resultText() const;

public Q_SLOTS:
    /// Exports in the background.
    void startExport();
    /// Cancels the running export; nothing is written.
    void cancelExport();
    /// Recomputes the preview now.
    void refreshPreview();

Q_SIGNALS:
    /// The columns are listed (or errorMessage() says why not).
    void columnsReady();
    /// The preview is up to date.
    void previewReady();
    /// An export ended: written, failed or cancelled.
    void exportFinished(bool written);

protected:
    void reject() override;

private:
    using Job = std::shared_ptr<seg::JobContext>;
    struct Columns {
        QStringList all;
        QStringList defaults;
        QHash<QString, qint64> members; ///< saved segment (lower case) -> members
        QString error;
    };
    struct Preview {
        quint64 generation = 0;
        QList<QStringList> rows;
        QString error;
    };
    struct Exported {
        bool cancelled = false;
        std::optional<seg::SegmentExportSummary> summary;
        QString error;
    };
    void onColumns(const Columns& columns);
    void schedulePreview();
    void onPreview();
    void onExported();
    void updateState();
    void browse();

    QString m_path;
    bool m_columnsLoaded = false;
    bool m_exporting = false;
    bool m_pathEdited = false;
    QString m_error;
    QHash<QString, qint64> m_memberCounts;
    std::optional<seg::SegmentExportSummary> m_summary;

    MessageBar* m_messages = nullptr;
    QListWidget* m_segments = nullptr;
    QListWidget* m_columns = nullptr;
    QCheckBox* m_bom = nullptr;
    QComboBox* m_delimiter = nullptr;
    QRadioButton* m_oneFile = nullptr;
    QRadioButton* m_perSegment = nullptr;
    QCheckBox* m_manifest = nullptr;
    QLabel* m_outLabel = nullptr;
    QLineEdit* m_out = nullptr;
    QTableView* m_previewView = nullptr;
    QLabel* m_previewLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_close = nullptr;
    QTimer* m_previewTimer = nullptr;
    ExportPreviewModel* m_preview = nullptr;

    quint64 m_previewGeneration = 0;
    Job m_previewJob;
    Job m_exportJob;
    QThreadPool m_pool;
    QFutureWatcher<Columns> m_columnsWatcher;
    QFutureWatcher<Preview> m_previewWatcher;
    QFutureWatcher<Exported> m_exportWatcher;
};

} // namespace seg::ui
