#include "jobcontext.h"

namespace seg {

JobContext::JobContext(ProgressCallback callback)
    : m_callback(std::move(callback))
{
}

void JobContext::setProgress(qint64 done, qint64 total)
{
    if (m_callback)
        m_callback(done, total);
}

bool JobContext::isCancelled() const
{
    return m_cancelled.load(std::memory_order_relaxed);
}

void JobContext::cancel()
{
    m_cancelled.store(true, std::memory_order_relaxed);
}

} // namespace seg
