#pragma once

#include "database.h"
#include "result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace seg {

/// One column of a data table as described in column_meta.
struct ColumnInfo {
    QString name;
    QString sourceColumn;
    QString type; ///< columnTypeName()
    QString role; ///< roleColumnName(), empty when none
    int position = 0;
};

/// A data table of the workspace (customers, transactions, responses).
struct TableInfo {
    QString name;
    qint64 rows = 0;
    QList<ColumnInfo> columns;
};

/// One row of the imports table.
struct ImportRecord {
    qint64 id = 0;
    QString kind;
    QString tableName;
    QString mode;
    QString fileName;
    qint64 fileSize = 0;
    QString sha256;
    QString options; ///< JSON
    QString warnings; ///< JSON list of strings
    QString startedAt;
    QString finishedAt;
    qint64 rowsRead = 0;
    qint64 rowsImported = 0;
    qint64 rowsRejected = 0;
};

/// A row of a file that was not imported, kept with its reason.
struct RejectedRow {
    qint64 importId = 0;
    qint64 line = 0;
    QString raw;
    QString reason;
    QString column;
};

/// Result of a free SQL query: column names and rows of values.
struct QueryResult {
    QStringList columns;
    QList<QVariantList> rows;
    bool truncated = false; ///< more rows existed than were asked for
};

/// A workspace: one SQLite file (extension .segws) holding the imported data, the import log
/// and, later, segments and model runs. The schema version is PRAGMA user_version; opening an
/// older workspace for writing migrates it forward; a newer, foreign or damaged file is refused
/// without writing to it. Not thread-safe: open one Workspace per thread.
class Workspace {
public:
    enum class OpenMode {
        ReadOnly, ///< never writes (used by `segwb sql` and `info`)
        ReadWrite, ///< the file must exist and be a workspace
        CreateOrOpen, ///< creates a new workspace when the file does not exist
    };

    static constexpr int kSchemaVersion = 5;
    /// PRAGMA application_id of every workspace ("SGWS").
    static constexpr qint32 kApplicationId = 0x53475753;
    /// Names of the data tables, in display order.
    static QStringList dataTableNames();

    /// Opens (or creates) the workspace at `path`.
    static Result<Workspace> open(const QString& path, OpenMode mode);
    /// A fresh workspace in memory, for tests.
    static Result<Workspace> openInMemory();

    Database& database() { return m_db; }
    const QString& path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }

    /// Schema version stored in the file.
    Result<int> schemaVersion();
    /// Whether a table exists in the file.
    Result<bool> hasTable(const QString& table);
    /// Rows in a table (0 when it does not exist).
    Result<qint64> rowCount(const QString& table);
    /// The data tables that exist, with row counts and column descriptions.
    Result<QList<TableInfo>> tables();
    /// Columns of one data table from column_meta, in position order.
    Result<QList<ColumnInfo>> columns(const QString& table);
    /// The import log, oldest first.
    Result<QList<ImportRecord>> imports();
    /// Rejected rows of one import (or all imports), in line order.
    Result<QList<RejectedRow>> rejectedRows(std::optional<qint64> importId, qint64 limit = -1);
    /// Runs one read-only SQL statement and returns at most maxRows rows (-1: all).
    Result<QueryResult> query(const QString& sql, qint64 maxRows = -1);

private:
    Workspace(Database db, QString path, bool readOnly);
    Result<void> configure();
    Result<void> migrate(int fromVersion);

    Database m_db;
    QString m_path;
    bool m_readOnly = false;
};

} // namespace seg
