#pragma once

#include "jobcontext.h"
#include "result.h"
#include "statement.h"

#include <QString>

#include <functional>

struct sqlite3;

namespace seg {

/// RAII owner of one SQLite connection. The only place (with Statement) where core talks to
/// the SQLite C API. Not thread-safe: open one connection per thread, in that thread.
class Database {
public:
    enum class Mode { ReadOnly, ReadWrite, ReadWriteCreate };

    Database() = default;
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// Opens `path` (":memory:" for an in-memory database).
    static Result<Database> open(const QString& path, Mode mode);

    bool isOpen() const { return m_db != nullptr; }
    sqlite3* handle() const { return m_db; }

    /// Runs one or more statements without parameters (schema, pragmas).
    Result<void> exec(const QString& sql);
    /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it or the commit fails,
    /// so that the file is left as it was.
    Result<void> inTransaction(const std::function<Result<void>()>& body);
    /// True outside an explicit transaction (no BEGIN pending).
    bool isAutocommit() const;
    /// Prepares one statement; bind values with Statement::bind*.
    Result<Statement> prepare(const QString& sql);
    /// Runs a single-value query (e.g. PRAGMA user_version); null on no row.
    Result<QVariant> scalar(const QString& sql);

    QString lastErrorMessage() const;
    qint64 lastInsertRowId() const;
    int changes() const;

    /// Lets `job` interrupt running statements: SQLite polls job->isCancelled() every ~1000
    /// virtual-machine steps and a cancelled statement fails with SQLITE_INTERRUPT. nullptr
    /// stops polling. `job` must outlive the statements run while it is set.
    void setInterruptCheck(const JobContext* job);

    /// Quotes an identifier for SQL text ("a""b"); identifiers are never user values.
    static QString quoteIdentifier(const QString& name);

private:
    explicit Database(sqlite3* db);
    sqlite3* m_db = nullptr;
};

} // namespace seg
