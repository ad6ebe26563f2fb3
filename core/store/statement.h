#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace seg {

/// RAII owner of one prepared SQLite statement. Values are always bound as parameters,
/// never pasted into SQL text. Not thread-safe: use it on the thread that owns its Database.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt);
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    bool isValid() const { return m_stmt != nullptr; }

    /// Parameters are numbered from 1, as in SQLite.
    void bindNull(int index);
    void bindInt(int index, qint64 value);
    void bindDouble(int index, double value);
    /// Binds UTF-8 text; the bytes are copied by SQLite.
    void bindText(int index, std::string_view utf8);
    void bindText(int index, const QString& text);
    void bindVariant(int index, const QVariant& value);

    /// Steps once: true when a row is available, false when done. On failure returns false
    /// and lastError() is non-empty.
    bool step();
    /// Runs to completion; returns false on failure.
    bool exec();
    /// Makes the statement ready to run again; bound values are kept.
    void reset();
    /// Sets every parameter back to NULL.
    void clearBindings();

    int columnCount() const;
    QString columnName(int column) const;
    /// SQLite's storage class of a value of the current row.
    enum class Storage { Integer, Real, Text, Blob, Null };
    Storage columnStorage(int column) const;
    bool isNull(int column) const;
    qint64 columnInt(int column) const;
    double columnDouble(int column) const;
    QString columnText(int column) const;
    /// The value as UTF-8 text without a copy; valid until the next step() or reset().
    /// Empty for NULL (check isNull() when empty text matters).
    std::string_view columnUtf8(int column) const;
    /// Null, qint64, double or QString according to the stored type of the value.
    QVariant columnValue(int column) const;

    /// True when the statement cannot change the database (sqlite3_stmt_readonly).
    bool isReadOnly() const;
    /// Binds text that stays valid until the statement is stepped (no copy).
    void bindTextStatic(int index, std::string_view utf8);

    const QString& lastError() const { return m_error; }
    /// Extended SQLite result code of the last failed step (0 when none).
    int lastErrorCode() const { return m_errorCode; }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    QString m_error;
    int m_errorCode = 0;
};

} // namespace seg
