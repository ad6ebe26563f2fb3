#pragma once

#include "database.h"
#include "jobcontext.h"

namespace seg {

/// Lets `job` interrupt the statements run on `db` for the lifetime of a scope
/// (Database::setInterruptCheck), and stops polling at its end.
class InterruptGuard {
public:
    InterruptGuard(Database& db, const JobContext& job)
        : m_db(db)
    {
        m_db.setInterruptCheck(&job);
    }
    ~InterruptGuard() { m_db.setInterruptCheck(nullptr); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    Database& m_db;
};

} // namespace seg
