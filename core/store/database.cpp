#include "database.h"

#include <sqlite3.h>

#include <utility>

namespace seg {

Database::Database(sqlite3* db)
    : m_db(db)
{
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        if (m_db)
            sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Database::~Database()
{
    if (m_db)
        sqlite3_close_v2(m_db);
}

Result<Database> Database::open(const QString& path, Mode mode)
{
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    switch (mode) {
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    sqlite3* db = nullptr;
    const QByteArray file = path.toUtf8();
    const int rc = sqlite3_open_v2(file.constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        QString message
            = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
        if (db)
            sqlite3_close_v2(db);
        return makeError(ErrorCode::Workspace,
            QCoreApplication::translate("seg::Database", "Cannot open %1: %2").arg(path, message));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    return Database(db);
}

Result<void> Database::exec(const QString& sql)
{
    char* message = nullptr;
    const QByteArray text = sql.toUtf8();
    if (sqlite3_exec(m_db, text.constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        QString error = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return makeError(ErrorCode::Workspace, error);
    }
    return {};
}

bool Database::isAutocommit() const { return sqlite3_get_autocommit(m_db) != 0; }

Result<void> Database::inTransaction(const std::function<Result<void>()>& body)
{
    if (auto r = exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r.error();
    if (auto r = body(); !r) {
        (void)exec(QStringLiteral("ROLLBACK"));
        return r.error();
    }
    if (auto r = exec(QStringLiteral("COMMIT")); !r) {
        (void)exec(QStringLiteral("ROLLBACK"));
        return r.error();
    }
    return {};
}

Result<Statement> Database::prepare(const QString& sql)
{
    sqlite3_stmt* stmt = nullptr;
    const QByteArray text = sql.toUtf8();
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(m_db, text.constData(), static_cast<int>(text.size()), &stmt, &tail)
        != SQLITE_OK) {
        return makeError(ErrorCode::Workspace, QString::fromUtf8(sqlite3_errmsg(m_db)));
    }
    const QByteArray rest = QByteArray(tail).trimmed();
    if (stmt && !rest.isEmpty() && rest != ";") {
        sqlite3_finalize(stmt);
        return makeError(ErrorCode::Usage,
            QCoreApplication::translate("seg::Database",
                "The SQL text holds more than one statement; give one at a time."));
    }
    if (!stmt)
        return makeError(ErrorCode::Usage,
            QCoreApplication::translate("seg::Database", "The SQL text holds no statement."));
    return Statement(m_db, stmt);
}

Result<QVariant> Database::scalar(const QString& sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    if (stmt->step())
        return stmt->columnValue(0);
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return QVariant();
}

QString Database::lastErrorMessage() const { return QString::fromUtf8(sqlite3_errmsg(m_db)); }
qint64 Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int Database::changes() const { return sqlite3_changes(m_db); }

QString Database::quoteIdentifier(const QString& name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

void Database::setInterruptCheck(const JobContext* job)
{
    if (!m_db)
        return;
    if (job) {
        sqlite3_progress_handler(
            m_db, 1000,
            [](void* context) {
                return static_cast<const JobContext*>(context)->isCancelled() ? 1 : 0;
            },
            const_cast<JobContext*>(job));
    } else {
        sqlite3_progress_handler(m_db, 0, nullptr, nullptr);
    }
}

} // namespace seg
