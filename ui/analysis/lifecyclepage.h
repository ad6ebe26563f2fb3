#pragma once

#include "customerstatus.h"

#include <QFutureWatcher>
#include <QString>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <optional>

class QChartView;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace seg {
class JobContext;
}

namespace seg::ui {

class MessageBar;
class ParetoModel;
class StatusCountModel;

/// The lifecycle and value page: the windows of the lifecycle status (new, active, lapsed, in
/// days) and the value tier cut-offs (top percentages of buyers by revenue) are editable; Apply
/// recomputes and stores the statuses in the background (CustomerStatus::computeAndStore) and
/// shows the customers and revenue per status and per tier as bar charts, and the Pareto curve
/// of revenue (share of buyers against share of revenue) with the tier cut-offs marked.
class LifecyclePage : public QWidget {
    Q_OBJECT
public:
    explicit LifecyclePage(QWidget* parent = nullptr);
    ~LifecyclePage() override;

    /// Uses the workspace file at `path` and forgets any result shown.
    void setWorkspace(const QString& path);

    /// The windows the controls describe.
    seg::LifecycleOptions lifecycleOptions() const;
    /// The cut-offs the controls describe; nothing when they cannot be read.
    std::optional<seg::ValueTierOptions> tierOptions() const;
    void setLifecycleOptions(const seg::LifecycleOptions& options);

    bool isBusy() const { return m_busy; }
    const std::optional<seg::CustomerStatusResult>& result() const { return m_result; }
    const QString& errorMessage() const { return m_error; }
    StatusCountModel* lifecycleModel() const { return m_lifecycle; }
    StatusCountModel* tiersModel() const { return m_tiers; }
    ParetoModel* paretoModel() const { return m_pareto; }

public Q_SLOTS:
    /// Recomputes the statuses with the controls' options in the background.
    void apply();
    void cancel();

Q_SIGNALS:
    /// A computation ended: its result is on screen, or errorMessage() says why not.
    void computed();

private:
    using Job = std::shared_ptr<seg::JobContext>;
    struct Outcome {
        quint64 generation = 0;
        bool cancelled = false;
        QString error;
        std::optional<seg::CustomerStatusResult> result;
        QList<double> cutoffs;
    };
    static Outcome run(const QString& path, const seg::LifecycleOptions& lifecycle,
        const seg::ValueTierOptions& tiers, quint64 generation, const Job& job);
    void onFinished();
    void setBusy(bool busy, const QString& text);
    void rebuildCharts();

    QString m_path;
    bool m_busy = false;
    QString m_error;
    std::optional<seg::CustomerStatusResult> m_result;
    QList<double> m_cutoffs;

    MessageBar* m_messages = nullptr;
    QSpinBox* m_newDays = nullptr;
    QSpinBox* m_activeDays = nullptr;
    QSpinBox* m_lapsedDays = nullptr;
    QLineEdit* m_cutoffsEdit = nullptr;
    QPushButton* m_apply = nullptr;
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

    quint64 m_generation = 0;
    Job m_job;
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace seg::ui
