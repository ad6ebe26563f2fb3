#include "backgroundjob.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QProgressBar>
#include <QWidget>

#include <algorithm>

namespace seg::ui {

namespace {

constexpr int kProgressSteps = 1000;

} // namespace

BackgroundJob::BackgroundJob(QObject* context)
    : m_context(context)
{
    Q_ASSERT(context);
    // One job at a time: a cancelled job finishes (within ~50 ms) before the next one starts.
    m_pool.setMaxThreadCount(1);
}

BackgroundJob::~BackgroundJob()
{
    cancel();
    m_pool.waitForDone();
}

void BackgroundJob::setIndicators(QProgressBar* progress, QWidget* cancelButton)
{
    m_state->progressBar = progress;
    m_state->cancelButton = cancelButton;
    showRunning(*m_state, m_state->running);
}

bool BackgroundJob::cancel()
{
    State& s = *m_state;
    ++s.generation;
    if (s.job)
        s.job->cancel();
    s.job.reset();
    const bool wasRunning = s.running;
    s.running = false;
    showRunning(s, false);
    return wasRunning;
}

quint64 BackgroundJob::begin(Progress progress)
{
    cancel();
    State& s = *m_state;
    const quint64 generation = s.generation;
    // Progress is reported on the worker thread; it is shown on the page's thread, and only
    // while this job is the latest one.
    s.job = std::make_shared<seg::JobContext>(
        // The context outlives every job: this object is its member and waits for the pool.
        [context = m_context, state = std::weak_ptr<State>(m_state), generation,
            progress = std::move(progress)](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(
                context,
                [state, generation, progress, done, total] {
                    const std::shared_ptr<State> s = state.lock();
                    if (!s || s->generation != generation || !s->running)
                        return;
                    if (s->progressBar && total > 0) {
                        s->progressBar->setRange(0, kProgressSteps);
                        s->progressBar->setValue(
                            static_cast<int>(std::min(done, total) * kProgressSteps / total));
                    }
                    if (progress)
                        progress(done, total);
                },
                Qt::QueuedConnection);
        });
    s.running = true;
    showRunning(s, true);
    return generation;
}

void BackgroundJob::showRunning(State& state, bool running)
{
    if (state.progressBar) {
        state.progressBar->setRange(0, 0); // busy until the first report
        state.progressBar->setVisible(running);
    }
    if (state.cancelButton)
        state.cancelButton->setVisible(running);
}

QString BackgroundJob::unexpected(const char* what)
{
    const QString detail = what
        ? QString::fromLocal8Bit(what)
        : QCoreApplication::translate("seg::ui::BackgroundJob", "the work ended without a result");
    return QCoreApplication::translate("seg::ui::BackgroundJob", "Unexpected failure: %1.")
        .arg(detail);
}

} // namespace seg::ui
