#pragma once

#include "customerdetailquery.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <optional>

class QChart;
class QChartView;
class QFormLayout;
class QLabel;
class QStackedWidget;
class QTableView;

namespace seg {
class JobContext;
}

namespace seg::ui {

class CustomerTransactionsModel;
class MonthlyRevenueModel;

/// One customer at a glance: their attributes, what they bought in total (orders, revenue,
/// average order value, first and last purchase), revenue per month as a small bar chart and
/// their transactions as a table.
///
/// Everything is read by seg::CustomerDetailQuery in a background thread with its own read-only
/// connection; until it arrives the dialog shows that it is loading. Closing the dialog while
/// it loads cancels the read (it stops within milliseconds). The chart reads its bars from a
/// MonthlyRevenueModel through a QVBarModelMapper.
class CustomerDetailDialog : public QDialog {
    Q_OBJECT
public:
    CustomerDetailDialog(
        const QString& workspacePath, const QString& customerId, QWidget* parent = nullptr);
    /// Cancels a running read and waits for it to stop (milliseconds).
    ~CustomerDetailDialog() override;

    /// True until the detail (or the reason it could not be read) is shown.
    bool isLoading() const { return m_loading; }
    /// Why the customer could not be read; empty when it could.
    const QString& errorMessage() const { return m_error; }
    /// The detail on screen, once loaded.
    const std::optional<seg::CustomerDetail>& detail() const { return m_detail; }
    MonthlyRevenueModel* revenueModel() const { return m_revenue; }
    CustomerTransactionsModel* transactionsModel() const { return m_transactions; }

    /// Cancels a running read, then closes.
    void done(int result) override;

Q_SIGNALS:
    /// The detail is on screen, or its error message is (see errorMessage()).
    void detailReady();

private:
    struct Outcome {
        bool cancelled = false;
        std::optional<seg::CustomerDetail> detail;
        QString error;
    };
    using Job = std::shared_ptr<seg::JobContext>;

    static Outcome load(const QString& path, const QString& customerId, const Job& job);
    void onFinished();
    void showDetail(const seg::CustomerDetail& detail);
    void showTotals(const seg::CustomerDetail& detail);
    void rebuildChart();
    QWidget* buildContent();

    QString m_customerId;
    bool m_loading = true;
    QString m_error;
    std::optional<seg::CustomerDetail> m_detail;

    QLabel* m_header = nullptr;
    QLabel* m_subheader = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_errorLabel = nullptr;
    QFormLayout* m_attributes = nullptr;
    QFormLayout* m_totals = nullptr;
    QLabel* m_chartCaption = nullptr;
    QChart* m_chart = nullptr;
    QChartView* m_chartView = nullptr;
    QLabel* m_transactionsCaption = nullptr;
    QTableView* m_table = nullptr;
    MonthlyRevenueModel* m_revenue = nullptr;
    CustomerTransactionsModel* m_transactions = nullptr;

    Job m_job;
    QThreadPool m_pool;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace seg::ui
