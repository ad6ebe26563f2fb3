#pragma once

#include "jobcontext.h"
#include "result.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

class QProgressBar;
class QWidget;

namespace seg::ui {

/// How a background job ended: with a value, cancelled, or with an error message.
template <typename T> struct JobOutcome {
    std::optional<T> value;
    bool cancelled = false;
    QString error; ///< user-readable; empty unless it failed
};

/// Runs a page's core work in the background, one job at a time (../shared/STYLE.md,
/// "Threading"): the work runs on a private one-thread pool with its own seg::JobContext; a newer
/// start() or cancel() cancels the running job and drops its result; progress and the outcome
/// arrive on the thread of `context` (the page), and only for the latest job; the destructor
/// cancels and waits. Exceptions from the work become errors at this boundary. Optionally drives
/// a progress bar and a Cancel button (shown while a job runs).
///
/// Use it from one thread (the GUI thread); make it a member of `context`.
class BackgroundJob {
public:
    using Progress = std::function<void(qint64 done, qint64 total)>;

    explicit BackgroundJob(QObject* context);
    ~BackgroundJob();
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    /// Shows `progress` (busy until the first report, then done / total) and `cancelButton`
    /// while a job runs; either may be null. The button is only shown: connect its click
    /// yourself, so that the page can say what was cancelled.
    void setIndicators(QProgressBar* progress, QWidget* cancelButton);

    /// Cancels the running job and runs `work(JobContext&)`, which returns a seg::Result<T>, in
    /// the background. `finished(JobOutcome<T>)` gets its outcome unless a newer start() or
    /// cancel() came first; `progress` gets its progress reports (besides the progress bar).
    template <typename Work, typename Finished>
    void start(Work work, Finished finished, Progress progress = {});

    /// Cancels the running job; its outcome is dropped. Returns true when a job was running.
    bool cancel();
    bool isRunning() const { return m_state->running; }

private:
    struct State {
        quint64 generation = 0;
        bool running = false;
        std::shared_ptr<seg::JobContext> job;
        QPointer<QProgressBar> progressBar;
        QPointer<QWidget> cancelButton;
    };
    /// Cancels the old job and makes a new one: returns its generation.
    quint64 begin(Progress progress);
    static void showRunning(State& state, bool running);
    /// The message of an exception that escaped the work (`what` may be null).
    static QString unexpected(const char* what);

    QObject* m_context;
    std::shared_ptr<State> m_state = std::make_shared<State>();
    QThreadPool m_pool;
};

template <typename Work, typename Finished>
void BackgroundJob::start(Work work, Finished finished, Progress progress)
{
    using R = std::invoke_result_t<Work&, seg::JobContext&>;
    using T = std::remove_cvref_t<decltype(std::declval<R&>().value())>;
    const quint64 generation = begin(std::move(progress));
    const std::shared_ptr<seg::JobContext> job = m_state->job;
    auto* watcher = new QFutureWatcher<JobOutcome<T>>(m_context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, m_context,
        [state = std::weak_ptr<State>(m_state), watcher, generation,
            finished = std::move(finished)]() mutable {
            watcher->deleteLater();
            const std::shared_ptr<State> s = state.lock();
            if (!s || s->generation != generation)
                return;
            s->running = false;
            s->job.reset();
            showRunning(*s, false);
            JobOutcome<T> outcome;
            if (watcher->future().resultCount() > 0)
                outcome = watcher->result();
            else
                outcome.error = unexpected(nullptr);
            finished(std::move(outcome));
        });
    watcher->setFuture(QtConcurrent::run(&m_pool, [work = std::move(work), job] {
        JobOutcome<T> out;
        try {
            R result = work(*job);
            if (result)
                out.value = std::move(result.value());
            else if (result.error().code == seg::ErrorCode::Cancelled || job->isCancelled())
                out.cancelled = true;
            else
                out.error = result.error().message;
        } catch (const std::exception& e) {
            out.error = unexpected(e.what());
        } catch (...) {
            out.error = unexpected(nullptr);
        }
        return out;
    }));
}

} // namespace seg::ui
