#include "workspace.h"

#include <QCoreApplication>
#include <QFile>
#include <QtEndian>
#include <QFileInfo>
#include <QDir>

namespace seg {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("seg::Workspace", text);
}

const QStringList& migrationFiles()
{
    static const QStringList files = { QStringLiteral(":/schema/001_initial.sql"),
        QStringLiteral(":/schema/002_import_details.sql"),
        QStringLiteral(":/schema/003_customer_metrics.sql"),
        QStringLiteral(":/schema/004_segments.sql"), QStringLiteral(":/schema/005_clusters.sql") };
    return files;
}

Error workspaceError(QString message)
{
    return makeError(ErrorCode::Workspace, std::move(message));
}

} // namespace

QStringList Workspace::dataTableNames()
{
    return { QStringLiteral("customers"), QStringLiteral("transactions"),
        QStringLiteral("responses") };
}

Workspace::Workspace(Database db, QString path, bool readOnly)
    : m_db(std::move(db))
    , m_path(std::move(path))
    , m_readOnly(readOnly)
{
}

Result<Workspace> Workspace::openInMemory()
{
    auto db = Database::open(QStringLiteral(":memory:"), Database::Mode::ReadWriteCreate);
    if (!db)
        return db.error();
    Workspace ws(std::move(db.value()), QStringLiteral(":memory:"), false);
    if (auto r = ws.configure(); !r)
        return r.error();
    if (auto r = ws.migrate(0); !r)
        return r.error();
    return ws;
}

Result<Workspace> Workspace::open(const QString& path, OpenMode mode)
{
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!info.exists()) {
        if (mode != OpenMode::CreateOrOpen)
            return workspaceError(tr("The workspace %1 does not exist.").arg(shown));
        if (!info.dir().exists())
            return workspaceError(
                tr("Cannot create the workspace %1: the folder %2 does not exist.")
                    .arg(shown, QDir::toNativeSeparators(info.absolutePath())));
        auto db = Database::open(path, Database::Mode::ReadWriteCreate);
        if (!db)
            return db.error();
        // Analytic tables are read in long scans: larger pages mean fewer system calls.
        if (auto r = db->exec(QStringLiteral("PRAGMA page_size = 16384")); !r)
            return r.error();
        Workspace ws(std::move(db.value()), path, false);
        if (auto r = ws.configure(); !r) {
            QFile::remove(path);
            return r.error();
        }
        if (auto r = ws.migrate(0); !r) {
            ws.m_db = Database();
            QFile::remove(path);
            QFile::remove(path + QStringLiteral("-wal"));
            QFile::remove(path + QStringLiteral("-shm"));
            return r.error();
        }
        return ws;
    }
    if (info.isDir())
        return workspaceError(tr("%1 is a folder, not a workspace file.").arg(shown));

    // Look at the file before SQLite does, so that a foreign file is never touched.
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return workspaceError(
                tr("Cannot read the workspace %1: %2").arg(shown, file.errorString()));
        const QByteArray head = file.read(100);
        if (head.isEmpty())
            return workspaceError(
                tr("%1 is an empty file, not a Segment Workbench workspace.").arg(shown));
        if (!head.startsWith(QByteArrayLiteral("SQLite format 3\0")))
            return workspaceError(
                tr("%1 is not a Segment Workbench workspace (it is not an SQLite database).")
                    .arg(shown));
        if (head.size() < 100)
            return workspaceError(
                tr("The workspace %1 is damaged: the file is cut short. Nothing was changed.")
                    .arg(shown));
    }

    // A process killed during an import leaves a hot rollback journal next to the file. A
    // read-only connection cannot roll it back ("attempt to write a readonly database"), so when
    // the header says the file is ours, let one read-write connection restore it first.
    {
        QFile file(path);
        QByteArray head;
        if (file.open(QIODevice::ReadOnly))
            head = file.read(100);
        const QFileInfo journal(path + QStringLiteral("-journal"));
        const bool ours = head.size() >= 72
            && qFromBigEndian<quint32>(head.constData() + 68) == quint32(kApplicationId);
        if (ours && journal.exists() && journal.size() > 0 && QFileInfo(path).isWritable()) {
            auto recover = Database::open(path, Database::Mode::ReadWrite);
            if (recover) {
                if (auto r = recover->scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
                    !r)
                    return workspaceError(tr("The workspace %1 was left half-written by a program "
                                             "that stopped, and it cannot be restored (%2).")
                                              .arg(shown, r.error().message));
            }
        }
    }

    // Validate read-only first: nothing is written unless the file is ours and readable.
    int version = 0;
    {
        auto probe = Database::open(path, Database::Mode::ReadOnly);
        if (!probe)
            return probe.error();
        auto appId = probe->scalar(QStringLiteral("PRAGMA application_id"));
        auto userVersion = probe->scalar(QStringLiteral("PRAGMA user_version"));
        auto schemaCheck = probe->scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
        if (!appId || !userVersion || !schemaCheck) {
            const QString why = !appId ? appId.error().message
                : !userVersion         ? userVersion.error().message
                                       : schemaCheck.error().message;
            return workspaceError(
                tr("The workspace %1 is damaged and cannot be read (%2). Nothing was changed.")
                    .arg(shown, why));
        }
        if (appId->toLongLong() != kApplicationId)
            return workspaceError(tr("%1 is an SQLite database made by another program, not a "
                                     "Segment Workbench workspace. Nothing was changed.")
                                      .arg(shown));
        version = static_cast<int>(userVersion->toLongLong());
        if (version > kSchemaVersion)
            return workspaceError(
                tr("The workspace %1 was made by a newer version of Segment Workbench (schema "
                   "%2; this version reads up to schema %3). Nothing was changed.")
                    .arg(shown)
                    .arg(version)
                    .arg(kSchemaVersion));
    }

    const bool readOnly = mode == OpenMode::ReadOnly;
    auto db = Database::open(
        path, readOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWrite);
    if (!db)
        return db.error();
    Workspace ws(std::move(db.value()), path, readOnly);
    if (readOnly) {
        if (auto r = ws.m_db.exec(QStringLiteral("PRAGMA query_only = ON")); !r)
            return r.error();
        return ws;
    }
    if (auto r = ws.configure(); !r)
        return r.error();
    if (version < kSchemaVersion) {
        if (auto r = ws.migrate(version); !r)
            return r.error();
    }
    return ws;
}

Result<void> Workspace::configure()
{
    if (auto r = m_db.exec(QStringLiteral("PRAGMA foreign_keys = ON")); !r)
        return r.error();
    if (m_path != u":memory:") {
        auto mode = m_db.scalar(QStringLiteral("PRAGMA journal_mode = WAL"));
        if (!mode)
            return workspaceError(tr("Cannot open the workspace %1 for writing: %2")
                                      .arg(QDir::toNativeSeparators(m_path),
                                          mode.error().message));
    }
    if (auto r = m_db.exec(QStringLiteral("PRAGMA synchronous = NORMAL")); !r)
        return r.error();
    return {};
}

Result<void> Workspace::migrate(int fromVersion)
{
    if (auto r = m_db.exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return workspaceError(tr("Cannot upgrade the workspace: %1").arg(r.error().message));
    auto fail = [this](const QString& message) -> Result<void> {
        (void)m_db.exec(QStringLiteral("ROLLBACK"));
        return workspaceError(tr("Cannot upgrade the workspace: %1").arg(message));
    };
    if (fromVersion == 0) {
        if (auto r = m_db.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId));
            !r)
            return fail(r.error().message);
    }
    const QStringList& files = migrationFiles();
    for (int step = fromVersion; step < kSchemaVersion; ++step) {
        QFile file(files.at(step));
        if (!file.open(QIODevice::ReadOnly))
            return fail(tr("the schema resource %1 is missing").arg(file.fileName()));
        if (auto r = m_db.exec(QString::fromUtf8(file.readAll())); !r)
            return fail(r.error().message);
    }
    if (auto r = m_db.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)); !r)
        return fail(r.error().message);
    if (auto r = m_db.exec(QStringLiteral("COMMIT")); !r)
        return fail(r.error().message);
    return {};
}

Result<int> Workspace::schemaVersion()
{
    auto v = m_db.scalar(QStringLiteral("PRAGMA user_version"));
    if (!v)
        return v.error();
    return static_cast<int>(v->toLongLong());
}

Result<bool> Workspace::hasTable(const QString& table)
{
    auto stmt = m_db.prepare(
        QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1"));
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, table);
    const bool found = stmt->step();
    if (!stmt->lastError().isEmpty())
        return workspaceError(stmt->lastError());
    return found;
}

Result<qint64> Workspace::rowCount(const QString& table)
{
    auto exists = hasTable(table);
    if (!exists)
        return exists.error();
    if (!*exists)
        return qint64(0);
    auto n = m_db.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(Database::quoteIdentifier(table)));
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<QList<ColumnInfo>> Workspace::columns(const QString& table)
{
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT name, source_column, type, role, position FROM column_meta "
        "WHERE table_name = ?1 ORDER BY position"));
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, table);
    QList<ColumnInfo> out;
    while (stmt->step()) {
        out.append(ColumnInfo { stmt->columnText(0), stmt->columnText(1), stmt->columnText(2),
            stmt->columnText(3), static_cast<int>(stmt->columnInt(4)) });
    }
    if (!stmt->lastError().isEmpty())
        return workspaceError(stmt->lastError());
    return out;
}

Result<QList<TableInfo>> Workspace::tables()
{
    QList<TableInfo> out;
    for (const QString& name : dataTableNames()) {
        auto exists = hasTable(name);
        if (!exists)
            return exists.error();
        if (!*exists)
            continue;
        TableInfo t;
        t.name = name;
        auto rows = rowCount(name);
        if (!rows)
            return rows.error();
        t.rows = *rows;
        auto cols = columns(name);
        if (!cols)
            return cols.error();
        t.columns = *cols;
        out.append(t);
    }
    return out;
}

Result<QList<ImportRecord>> Workspace::imports()
{
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT id, kind, table_name, mode, file_name, file_size, sha256, options, warnings, "
        "started_at, finished_at, rows_read, rows_imported, rows_rejected FROM imports ORDER BY id"));
    if (!stmt)
        return stmt.error();
    QList<ImportRecord> out;
    while (stmt->step()) {
        ImportRecord r;
        r.id = stmt->columnInt(0);
        r.kind = stmt->columnText(1);
        r.tableName = stmt->columnText(2);
        r.mode = stmt->columnText(3);
        r.fileName = stmt->columnText(4);
        r.fileSize = stmt->columnInt(5);
        r.sha256 = stmt->columnText(6);
        r.options = stmt->columnText(7);
        r.warnings = stmt->columnText(8);
        r.startedAt = stmt->columnText(9);
        r.finishedAt = stmt->columnText(10);
        r.rowsRead = stmt->columnInt(11);
        r.rowsImported = stmt->columnInt(12);
        r.rowsRejected = stmt->columnInt(13);
        out.append(r);
    }
    if (!stmt->lastError().isEmpty())
        return workspaceError(stmt->lastError());
    return out;
}

Result<QList<RejectedRow>> Workspace::rejectedRows(std::optional<qint64> importId, qint64 limit)
{
    QString sql = QStringLiteral(
        "SELECT import_id, line, raw, reason, column_name FROM rejected_rows");
    if (importId)
        sql += QStringLiteral(" WHERE import_id = ?1");
    sql += QStringLiteral(" ORDER BY import_id, line LIMIT ?2");
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    if (importId)
        stmt->bindInt(1, *importId);
    stmt->bindInt(2, limit);
    QList<RejectedRow> out;
    while (stmt->step()) {
        out.append(RejectedRow { stmt->columnInt(0), stmt->columnInt(1), stmt->columnText(2),
            stmt->columnText(3), stmt->columnText(4) });
    }
    if (!stmt->lastError().isEmpty())
        return workspaceError(stmt->lastError());
    return out;
}

Result<QueryResult> Workspace::query(const QString& sql, qint64 maxRows)
{
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return makeError(stmt.error().code == ErrorCode::Usage ? ErrorCode::Usage : ErrorCode::BadInput,
            tr("The query cannot be run: %1").arg(stmt.error().message));
    if (!stmt->isReadOnly())
        return makeError(ErrorCode::Usage,
            tr("Only queries that read are allowed here (SELECT, WITH, PRAGMA that read)."));
    QueryResult result;
    for (int c = 0; c < stmt->columnCount(); ++c)
        result.columns.append(stmt->columnName(c));
    while (stmt->step()) {
        if (maxRows >= 0 && result.rows.size() >= maxRows) {
            result.truncated = true;
            break;
        }
        QVariantList row;
        row.reserve(result.columns.size());
        for (int c = 0; c < result.columns.size(); ++c)
            row.append(stmt->columnValue(c));
        result.rows.append(std::move(row));
    }
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::BadInput, tr("The query failed: %1").arg(stmt->lastError()));
    return result;
}

} // namespace seg
