#pragma once

#include "columnprofile.h"

#include <QFutureWatcher>
#include <QList>
#include <QString>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <optional>

class QChart;
class QChartView;
class QLabel;
class QProgressBar;
class QStackedWidget;

namespace seg {
class JobContext;
}

namespace seg::ui {

class DistributionModel;
class ReversedRowsProxyModel;

/// Shows the profile of one column of a data table, next to the table: how many values are
/// there and missing, how many distinct ones, minimum, median, mean and maximum, and a chart of
/// the distribution (a histogram for numbers and dates, the most frequent values for the rest).
///
/// The profile (seg::computeColumnProfile) is computed in a background thread with its own
/// read-only connection. A newer showColumn() or clear() cancels the running computation (it
/// stops within milliseconds) and results of older requests are dropped. The chart reads its
/// bars from a DistributionModel through a QVBarModelMapper.
class ColumnProfilePanel : public QWidget {
    Q_OBJECT
public:
    explicit ColumnProfilePanel(QWidget* parent = nullptr);
    /// Cancels a running computation and waits for it to stop (milliseconds).
    ~ColumnProfilePanel() override;

    /// Computes and then shows the profile of `column` in `table` of the workspace file.
    void showColumn(const QString& workspacePath, const QString& table, const QString& column);
    /// Cancels any computation and shows the "choose a column" hint.
    void clear();

    /// True from showColumn() until its profile (or error) is shown.
    bool isBusy() const { return m_busy; }
    /// The headline, e.g. "Income: 2,000 customers, 3.1 % missing".
    QString title() const;
    /// Why the last profile could not be computed; empty when it could.
    const QString& errorMessage() const { return m_error; }
    /// The profile on screen, if any.
    const std::optional<seg::ColumnProfile>& profile() const { return m_profile; }
    /// The model the chart reads from.
    DistributionModel* distributionModel() const { return m_model; }

protected:
    void resizeEvent(QResizeEvent* event) override;

Q_SIGNALS:
    /// The requested profile is on screen, or its error message is (see errorMessage()).
    void profileReady();

private:
    struct Outcome {
        quint64 generation = 0;
        bool cancelled = false;
        std::optional<seg::ColumnProfile> profile;
        QString error;
    };
    using Job = std::shared_ptr<seg::JobContext>;

    static Outcome compute(const QString& path, const QString& table, const QString& column,
        quint64 generation, const Job& job, ColumnProfilePanel* panel);
    void cancelRunning();
    void onFinished();
    void onProgress(quint64 generation, qint64 done, qint64 total);
    void showProfile(const seg::ColumnProfile& profile);
    void showError(const QString& message);
    void setStats(const seg::ColumnProfile& profile);
    void rebuildChart();
    QString headline(const seg::ColumnProfile& profile) const;
    int chartWidth() const;

    struct Tile {
        QLabel* caption = nullptr;
        QLabel* value = nullptr;
    };
    void setTile(int index, const QString& caption, const QString& value, const QString& tip);

    QString m_error;
    bool m_busy = false;
    std::optional<seg::ColumnProfile> m_profile;

    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_hint = nullptr;
    QLabel* m_busyLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_errorLabel = nullptr;
    QList<Tile> m_tiles;
    QLabel* m_note = nullptr;
    QLabel* m_chartCaption = nullptr;
    QChart* m_chart = nullptr;
    QChartView* m_chartView = nullptr;
    DistributionModel* m_model = nullptr;
    ReversedRowsProxyModel* m_reversed = nullptr; ///< m_model upside down, for horizontal bars

    int m_chartBuiltForWidth = 0;
    quint64 m_generation = 0;
    Job m_job;
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace seg::ui
