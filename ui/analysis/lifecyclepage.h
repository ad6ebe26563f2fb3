#pragma once

#include "backgroundjob.h"
#include "customerstatus.h"

#include <QDate>
#include <QString>
#include <QWidget>

#include <optional>

class QChartView;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace seg::ui {

class MessageBar;
class ParetoModel;
class StatusCountModel;

/// The lifecycle and value page: the windows of the lifecycle status (new, active, lapsed, in
/// days) and the value tier cut-offs (top percentages of buyers by revenue) are editable; Apply
/// recomputes and stores the statuses in the background (CustomerStatus::computeAndStore) and
/// shows the customers and revenue per status and per tier as bar charts, and the Pareto curve
/// of revenue (share of buyers against share of revenue) with the tier cut-offs marked.
///
/// The page opens with the windows and cut-offs stored in the workspace
/// (CustomerStatus::storedOptions()), read in the background, and computes with the analysis
/// date the workspace uses (chosen on the RFM page or with `segwb`); a label says whether the
/// controls show the stored settings, and "Reset to defaults" restores the defaults in them.
class LifecyclePage : public QWidget {
    Q_OBJECT
public:
    explicit LifecyclePage(QWidget* parent = nullptr);
    ~LifecyclePage() override;

    /// Uses the workspace file at `path`, forgets any result shown and reads the settings
    /// stored in it (settingsLoaded() follows). apply() called meanwhile runs once they are read.
    void setWorkspace(const QString& path);

    /// The windows the controls describe.
    seg::LifecycleOptions lifecycleOptions() const;
    /// The cut-offs the controls describe; nothing when they cannot be read.
    std::optional<seg::ValueTierOptions> tierOptions() const;
    void setLifecycleOptions(const seg::LifecycleOptions& options);
    void setTierOptions(const seg::ValueTierOptions& options);

    /// True while a computation runs or waits for the stored settings.
    bool isBusy() const { return (m_jobs.isRunning() && !m_loading) || m_pendingApply; }
    /// True while the stored settings are being read.
    bool isLoading() const { return m_loading; }
    /// The settings stored in the workspace as last read or applied (defaults before).
    const seg::StatusOptions& storedOptions() const { return m_stored; }
    /// True when the controls describe storedOptions().
    bool showsStoredSettings() const;
    const std::optional<seg::CustomerStatusResult>& result() const { return m_result; }
    const QString& errorMessage() const { return m_error; }
    StatusCountModel* lifecycleModel() const { return m_lifecycle; }
    StatusCountModel* tiersModel() const { return m_tiers; }
    ParetoModel* paretoModel() const { return m_pareto; }

public Q_SLOTS:
    /// Recomputes the statuses with the controls' options in the background.
    void apply();
    void cancel();
    /// Puts the default windows and cut-offs into the controls; Apply applies and stores them.
    void resetToDefaults();

Q_SIGNALS:
    /// The settings stored in the workspace were read into the controls (or could not be: the
    /// message bar says why and the controls show the defaults).
    void settingsLoaded();
    /// A computation ended: its result is on screen, or errorMessage() says why not.
    void computed();

private:
    struct Outcome {
        seg::CustomerStatusResult result;
        QDate analysisDate;
    };
    static seg::Result<Outcome> run(const QString& path, const seg::LifecycleOptions& lifecycle,
        const seg::ValueTierOptions& tiers, seg::JobContext& job);
    void onLoaded(const JobOutcome<seg::StatusOptions>& outcome);
    void onFinished(const JobOutcome<Outcome>& outcome, const seg::StatusOptions& applied);
    void setBusy(bool busy, const QString& text);
    void updateOrigin();
    void rebuildCharts();

    QString m_path;
    bool m_loading = false;
    bool m_pendingApply = false; ///< apply() was asked for while the settings are read
    seg::StatusOptions m_stored;
    bool m_storedUnreadable = false; ///< the stored settings are damaged; m_stored = defaults
    QString m_error;
    std::optional<seg::CustomerStatusResult> m_result;
    QList<double> m_cutoffs;

    MessageBar* m_messages = nullptr;
    QSpinBox* m_newDays = nullptr;
    QSpinBox* m_activeDays = nullptr;
    QSpinBox* m_lapsedDays = nullptr;
    QLineEdit* m_cutoffsEdit = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_reset = nullptr;
    QLabel* m_origin = nullptr;
    QWidget* m_settingsBox = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QChartView* m_statusChart = nullptr;
    QChartView* m_statusRevenueChart = nullptr;
    QChartView* m_tierChart = nullptr;
    QChartView* m_paretoChart = nullptr;

    StatusCountModel* m_lifecycle = nullptr;
    StatusCountModel* m_tiers = nullptr;
    ParetoModel* m_pareto = nullptr;

    // Last: destroyed first, so its jobs end while the page is whole.
    BackgroundJob m_jobs { this };
};

} // namespace seg::ui
