#pragma once

#include "rfmheatmapmodel.h"
#include "rfmmodel.h"

#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <optional>

class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStringListModel;
class QTableView;

namespace seg {
class JobContext;
}

namespace seg::ui {

class MessageBar;
class RfmBinsModel;
class RfmMapModel;
class StatusCountModel;

/// The RFM page: the marketer chooses 3, 4 or 5 bins (and, optionally, their own thresholds
/// per dimension), computes the scores in the background, and sees the thresholds and
/// customers per score, an R × FM heatmap (customers per cell, coloured by mean revenue;
/// clicking a cell lists its members), the sizes and revenue of the named segments as bar
/// charts, and the segment map with its coverage warnings. "Save as segments" stores one
/// saved segment per named segment (rule `rfm_segment is "NAME"`).
///
/// Computing stores the scores in the workspace (RfmScoring::scoreAndStore), so rules and the
/// saved segments see what the page shows. Jobs run on a private pool with their own
/// connection; a newer job cancels the older one and closing the page waits for them.
class RfmPage : public QWidget {
    Q_OBJECT
public:
    explicit RfmPage(QWidget* parent = nullptr);
    ~RfmPage() override;

    /// Uses the workspace file at `path` and forgets any result shown.
    void setWorkspace(const QString& path);

    /// The options the controls describe; an error message when a threshold is unreadable.
    std::optional<seg::RfmOptions> options(QString* error = nullptr) const;
    /// Chooses the number of bins (3, 4 or 5).
    void setBins(int bins);

    bool isBusy() const { return m_busy; }
    /// The result on screen, if any.
    const std::optional<seg::RfmResult>& result() const { return m_result; }
    const QString& errorMessage() const { return m_error; }
    /// The coverage warnings of the map being edited, one per line; empty when none.
    QString mapWarnings() const;

    RfmBinsModel* binsModel() const { return m_bins; }
    RfmHeatmapModel* heatmapModel() const { return m_heatmap; }
    StatusCountModel* segmentsModel() const { return m_segments; }
    RfmMapModel* mapModel() const { return m_map; }
    QStringListModel* membersModel() const { return m_members; }
    QTableView* heatmapView() const { return m_heatmapView; }

public Q_SLOTS:
    /// Computes the scores with options() in the background.
    void compute();
    /// Saves one segment per named segment of the map (scoring again with options()).
    void saveAsSegments();
    /// Cancels the running job.
    void cancel();

Q_SIGNALS:
    /// A computation ended: its result is on screen, or errorMessage() says why not.
    void computed();
    /// Save as segments ended; `saved` names the segments created or refreshed.
    void saveFinished(const QStringList& saved);
    /// Saved segments were created or refreshed.
    void segmentsSaved();

private:
    using Job = std::shared_ptr<seg::JobContext>;
    struct Outcome {
        quint64 generation = 0;
        bool save = false;
        bool cancelled = false;
        QString error;
        std::optional<seg::RfmResult> result;
        RfmHeatmapModel::Grid grid;
        QDate analysisDate;
        QStringList saved;
        QStringList skipped;
    };
    static Outcome run(const QString& path, const seg::RfmOptions& options, bool save,
        quint64 generation, const Job& job);
    void start(bool save);
    void onFinished();
    void onProgress(quint64 generation, qint64 done, qint64 total);
    void showOutcome(const Outcome& outcome);
    void rebuildCharts();
    void updateWarnings();
    void showMembers(const QModelIndex& index);
    void setBusy(bool busy, const QString& text);

    QString m_path;
    bool m_busy = false;
    QString m_error;
    std::optional<seg::RfmResult> m_result;

    MessageBar* m_messages = nullptr;
    QComboBox* m_binsBox = nullptr;
    QCheckBox* m_custom = nullptr;
    QLineEdit* m_recencyEdit = nullptr;
    QLineEdit* m_frequencyEdit = nullptr;
    QLineEdit* m_monetaryEdit = nullptr;
    QPushButton* m_compute = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_summary = nullptr;
    QTableView* m_binsView = nullptr;
    QTableView* m_heatmapView = nullptr;
    QLabel* m_membersLabel = nullptr;
    QTableView* m_membersView = nullptr;
    QChartView* m_customersChart = nullptr;
    QChartView* m_revenueChart = nullptr;
    QTableView* m_mapView = nullptr;
    QLabel* m_warnings = nullptr;

    RfmBinsModel* m_bins = nullptr;
    RfmHeatmapModel* m_heatmap = nullptr;
    StatusCountModel* m_segments = nullptr;
    RfmMapModel* m_map = nullptr;
    QStringListModel* m_members = nullptr;

    quint64 m_generation = 0;
    Job m_job;
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace seg::ui
