#pragma once

#include <QtGlobal>

#include <atomic>
#include <functional>

namespace seg {

/// Progress and cancellation channel between a synchronous core algorithm and whoever runs it.
/// Algorithms call setProgress() and poll isCancelled() at least every ~50 ms of work.
/// Thread-safety: setProgress() is called from the worker thread; cancel() and
/// isCancelled() may be called from any thread.
class JobContext {
public:
    using ProgressCallback = std::function<void(qint64 done, qint64 total)>;

    JobContext() = default;
    explicit JobContext(ProgressCallback callback);
    JobContext(const JobContext&) = delete;
    JobContext& operator=(const JobContext&) = delete;
    virtual ~JobContext() = default;

    /// Reports that `done` of `total` units (bytes, rows...) are finished.
    virtual void setProgress(qint64 done, qint64 total);
    /// Records how many items (rows, customers...) are finished; read with count(). Call it
    /// before setProgress() so that a progress callback sees the new count.
    void setCount(qint64 items) { m_count.store(items, std::memory_order_relaxed); }
    qint64 count() const { return m_count.load(std::memory_order_relaxed); }
    /// True once cancel() was called; the algorithm then stops and returns ErrorCode::Cancelled.
    virtual bool isCancelled() const;
    /// Asks the running algorithm to stop at its next check.
    void cancel();

private:
    ProgressCallback m_callback;
    std::atomic<bool> m_cancelled { false };
    std::atomic<qint64> m_count { 0 };
};

} // namespace seg
