#pragma once

#include "backgroundjob.h"
#include "rfmheatmapmodel.h"
#include "rfmmodel.h"
#include "rfmscoring.h"

#include <QDate>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>

class QChartView;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStringListModel;
class QTableView;

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
/// The page opens with the settings stored in the workspace (RfmScoring::storedSettings(): bins,
/// custom thresholds, segment map, analysis date), read in the background; a label says whether
/// the controls show the stored settings, the defaults, or changes not applied yet, and "Reset
/// to defaults" restores the default settings in the controls. Computing stores the scores and
/// the settings in the workspace (RfmScoring::scoreAndStore), so rules and the saved segments
/// see what the page shows. Jobs run in the background (BackgroundJob) with their own
/// connection; a newer job cancels the older one and closing the page waits for them.
class RfmPage : public QWidget {
    Q_OBJECT
public:
    explicit RfmPage(QWidget* parent = nullptr);
    ~RfmPage() override;

    /// Uses the workspace file at `path`, forgets any result shown and reads the settings
    /// stored in it (settingsLoaded() follows). compute() or saveAsSegments() called meanwhile
    /// runs once they are read.
    void setWorkspace(const QString& path);

    /// The options the controls describe; an error message when a threshold is unreadable.
    std::optional<seg::RfmOptions> options(QString* error = nullptr) const;
    /// The analysis date chosen in the controls; null = the day after the last transaction.
    QDate analysisDate() const;
    /// Puts `settings` into the controls (bins, thresholds, map, analysis date).
    void setSettings(const seg::RfmSettings& settings);
    /// Chooses the number of bins (3, 4 or 5).
    void setBins(int bins);

    /// True while a computation runs or waits for the stored settings.
    bool isBusy() const { return (m_jobs.isRunning() && !m_loading) || m_pendingSave.has_value(); }
    /// True while the stored settings are being read.
    bool isLoading() const { return m_loading; }
    /// The settings stored in the workspace as last read or computed (defaults before).
    const seg::RfmSettings& storedSettings() const { return m_stored; }
    /// True when the controls describe storedSettings().
    bool showsStoredSettings() const;
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
    /// Puts the default settings into the controls; Compute applies and stores them.
    void resetToDefaults();

Q_SIGNALS:
    /// The settings stored in the workspace were read into the controls (or could not be: the
    /// message bar says why and the controls show the defaults).
    void settingsLoaded();
    /// A computation ended: its result is on screen, or errorMessage() says why not.
    void computed();
    /// Save as segments ended; `saved` names the segments created or refreshed.
    void saveFinished(const QStringList& saved);
    /// Saved segments were created or refreshed.
    void segmentsSaved();

private:
    struct Outcome {
        seg::RfmResult result;
        RfmHeatmapModel::Grid grid;
        QDate analysisDate;
        QStringList saved;
        QStringList skipped;
    };
    static seg::Result<Outcome> run(const QString& path, const seg::RfmOptions& options,
        const QDate& analysisDate, bool save, seg::JobContext& job);
    void start(bool save);
    void onLoaded(const JobOutcome<seg::RfmSettings>& outcome);
    void onFinished(const JobOutcome<Outcome>& outcome, const seg::RfmSettings& applied, bool save);
    void showOutcome(const Outcome& outcome, bool save);
    void rebuildCharts();
    void updateWarnings();
    void updateOrigin();
    void showMembers(const QModelIndex& index);
    void setHeatNote(int bins);
    void setBusy(bool busy, const QString& text);

    QString m_path;
    bool m_loading = false;
    /// compute() (false) or saveAsSegments() (true) asked for while the settings are read.
    std::optional<bool> m_pendingSave;
    seg::RfmSettings m_stored;
    bool m_storedUnreadable = false; ///< the stored settings are damaged; m_stored = defaults
    QString m_error;
    std::optional<seg::RfmResult> m_result;

    MessageBar* m_messages = nullptr;
    QComboBox* m_binsBox = nullptr;
    QCheckBox* m_custom = nullptr;
    QLineEdit* m_recencyEdit = nullptr;
    QLineEdit* m_frequencyEdit = nullptr;
    QLineEdit* m_monetaryEdit = nullptr;
    QCheckBox* m_dateFixed = nullptr;
    QDateEdit* m_dateEdit = nullptr;
    QDate m_automaticDate; ///< the analysis date last used or stored
    QLabel* m_origin = nullptr;
    QPushButton* m_reset = nullptr;
    QWidget* m_settingsBox = nullptr;
    QWidget* m_mapTab = nullptr;
    QPushButton* m_compute = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_summary = nullptr;
    QTableView* m_binsView = nullptr;
    QTableView* m_heatmapView = nullptr;
    QLabel* m_heatNote = nullptr;
    QLabel* m_membersLabel = nullptr;
    QTableView* m_membersView = nullptr;
    QChartView* m_customersChart = nullptr;
    QChartView* m_revenueChart = nullptr;
    QTableView* m_mapView = nullptr;
    QLabel* m_mapNote = nullptr;
    QLabel* m_warnings = nullptr;

    RfmBinsModel* m_bins = nullptr;
    RfmHeatmapModel* m_heatmap = nullptr;
    StatusCountModel* m_segments = nullptr;
    RfmMapModel* m_map = nullptr;
    QStringListModel* m_members = nullptr;

    // Last: destroyed first, so its jobs end while the page is whole.
    BackgroundJob m_jobs { this };
};

} // namespace seg::ui
