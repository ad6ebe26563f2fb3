#include "segmentstore.h"

#include "customerviewstore.h"
#include "interruptguard.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>

#include <future>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::SegmentStore", text); }

/// Previews of at least this many customers run on two threads.
constexpr qint64 kSplitRows = 100000;

Error stepError(const Statement& stmt, const JobContext& job, const QString& what)
{
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));
    return makeError(ErrorCode::Workspace, tr("%1: %2").arg(what, stmt.lastError()));
}

void bindAll(Statement& stmt, const QVariantList& params, int first = 1)
{
    for (int i = 0; i < params.size(); ++i)
        stmt.bindVariant(first + i, params.at(i));
}

Result<void> inTransaction(Workspace& ws, const std::function<Result<void>()>& body)
{
    if (auto r = ws.database().exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r.error();
    if (auto r = body(); !r) {
        (void)ws.database().exec(QStringLiteral("ROLLBACK"));
        return r.error();
    }
    if (auto r = ws.database().exec(QStringLiteral("COMMIT")); !r) {
        (void)ws.database().exec(QStringLiteral("ROLLBACK"));
        return r.error();
    }
    return {};
}

SavedSegment segmentFrom(const Statement& s)
{
    SavedSegment out;
    out.id = s.columnInt(0);
    out.name = s.columnText(1);
    out.description = s.columnText(2);
    out.color = s.columnText(3);
    auto rule = SegmentRule::fromJson(QJsonDocument::fromJson(s.columnText(4).toUtf8()).object());
    if (rule)
        out.rule = *rule;
    out.definitionText = s.columnText(5);
    out.analysisDate = s.columnText(6);
    out.computedAt = s.columnText(7);
    out.createdAt = s.columnText(8);
    out.members = s.columnInt(9);
    out.revenue = s.columnDouble(10);
    return out;
}

const char* const kSegmentColumns = "id, name, description, color, definition, definition_text, "
                                    "analysis_date, computed_at, created_at, members, revenue";

/// Replaces the members of segment `id` with the customers matching `compiled`, updates its
/// counts and appends to its history. Runs inside the caller's transaction.
Result<void> computeMembers(Workspace& ws, qint64 id, const CompiledRule& compiled,
    const QDate& analysisDate, JobContext& job)
{
    Database& db = ws.database();
    auto clear = db.prepare(QStringLiteral("DELETE FROM segment_members WHERE segment_id = ?1"));
    if (!clear)
        return clear.error();
    clear->bindInt(1, id);
    if (!clear->exec())
        return stepError(*clear, job, tr("Cannot clear the old members"));
    auto view = CustomerViewStore::isCurrent(ws);
    const bool onView = view && *view && !compiled.viewWhere.isEmpty();
    auto insert = db.prepare(QStringLiteral("INSERT INTO segment_members (segment_id, customer_id) "
                                            "SELECT ?1, m.customer_id FROM %1 WHERE %2")
                                 .arg(onView ? compiled.viewFrom : compiled.from,
                                     onView ? compiled.viewWhere : compiled.where));
    if (!insert)
        return insert.error();
    insert->bindInt(1, id);
    bindAll(*insert, onView ? compiled.viewParams : compiled.params, 2);
    InterruptGuard guard(db, job);
    if (!insert->exec())
        return stepError(*insert, job, tr("Cannot compute the members"));
    auto totals = db.prepare(QStringLiteral(
        "SELECT (SELECT count(*) FROM segment_members WHERE segment_id = ?1), "
        "(SELECT total(m.revenue) FROM segment_members AS sm JOIN customer_metrics AS m ON "
        "m.customer_id = sm.customer_id WHERE sm.segment_id = ?1), "
        "(SELECT count(*) FROM customer_metrics)"));
    if (!totals)
        return totals.error();
    totals->bindInt(1, id);
    if (!totals->step())
        return stepError(*totals, job, tr("Cannot count the members"));
    const qint64 members = totals->columnInt(0);
    const double revenue = totals->columnDouble(1);
    const qint64 customers = totals->columnInt(2);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    auto update = db.prepare(QStringLiteral("UPDATE segments SET members = ?2, revenue = ?3, "
                                            "computed_at = ?4, analysis_date = ?5 WHERE id = ?1"));
    if (!update)
        return update.error();
    update->bindInt(1, id);
    update->bindInt(2, members);
    update->bindDouble(3, revenue);
    update->bindText(4, now);
    update->bindText(5, analysisDate.toString(Qt::ISODate));
    if (!update->exec())
        return stepError(*update, job, tr("Cannot store the member count"));
    auto history = db.prepare(QStringLiteral(
        "INSERT INTO segment_history (segment_id, computed_at, analysis_date, members, "
        "customers_total, revenue) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    if (!history)
        return history.error();
    history->bindInt(1, id);
    history->bindText(2, now);
    history->bindText(3, analysisDate.toString(Qt::ISODate));
    history->bindInt(4, members);
    history->bindInt(5, customers);
    history->bindDouble(6, revenue);
    if (!history->exec())
        return stepError(*history, job, tr("Cannot store the history"));
    return {};
}

} // namespace

Result<SegmentPreview> SegmentStore::preview(
    Workspace& ws, const CompiledRule& rule, JobContext& job)
{
    Database& db = ws.database();
    InterruptGuard guard(db, job);
    // The denormalised customer_view, when current, answers with one scan and stored totals;
    // a large one is scanned in two halves at once, on two connections.
    if (auto current = CustomerViewStore::isCurrent(ws);
        current && *current && !rule.viewWhere.isEmpty()) {
        auto totals = CustomerViewStore::totals(ws);
        if (!totals)
            return totals.error();
        // The rule's anonymous parameters come first in the text, so they are ?1..?k and the
        // range is ?k+1, ?k+2.
        const QString sql = QStringLiteral("SELECT count(*), total(m.revenue) FROM %1 WHERE (%2) "
                                           "AND m.rowid BETWEEN ?%3 AND ?%4")
                                .arg(rule.viewFrom, rule.viewWhere)
                                .arg(rule.viewParams.size() + 1)
                                .arg(rule.viewParams.size() + 2);
        using Half = Result<std::pair<qint64, double>>;
        auto countRows = [&sql, &rule, &job](Database& on, qint64 first, qint64 last) -> Half {
            auto stmt = on.prepare(sql);
            if (!stmt)
                return stmt.error();
            bindAll(*stmt, rule.viewParams);
            stmt->bindInt(static_cast<int>(rule.viewParams.size()) + 1, first);
            stmt->bindInt(static_cast<int>(rule.viewParams.size()) + 2, last);
            if (!stmt->step())
                return stepError(*stmt, job, tr("Cannot count the segment"));
            return std::make_pair(stmt->columnInt(0), stmt->columnDouble(1));
        };
        // customer_view is made by CREATE TABLE ... AS: its rowids are 1..customers.
        const qint64 rows = totals->first;
        const bool split = rows >= kSplitRows && ws.path() != u":memory:";
        const qint64 mid = split ? rows / 2 : rows;
        std::future<Half> second;
        if (split) {
            const QString path = ws.path();
            second = std::async(std::launch::async, [path, mid, rows, &countRows, &job]() -> Half {
                auto other = Workspace::open(path, Workspace::OpenMode::ReadOnly);
                if (!other)
                    return other.error();
                InterruptGuard otherGuard(other->database(), job);
                return countRows(other->database(), mid + 1, rows);
            });
        }
        Half first = countRows(db, 1, mid);
        Half rest = split ? second.get() : Half(std::make_pair(qint64(0), 0.0));
        if (!first)
            return first.error();
        if (!rest)
            return rest.error();
        SegmentPreview out;
        out.customers = first->first + rest->first;
        out.revenue = first->second + rest->second;
        out.totalCustomers = totals->first;
        out.totalRevenue = totals->second;
        return out;
    }
    auto stmt = db.prepare(QStringLiteral("SELECT count(*), total(m.revenue), "
                                          "(SELECT count(*) FROM customer_metrics), "
                                          "(SELECT total(revenue) FROM customer_metrics) "
                                          "FROM %1 WHERE %2")
                               .arg(rule.from, rule.where));
    if (!stmt)
        return stmt.error();
    bindAll(*stmt, rule.params);
    if (!stmt->step())
        return stepError(*stmt, job, tr("Cannot count the segment"));
    SegmentPreview out;
    out.customers = stmt->columnInt(0);
    out.revenue = stmt->columnDouble(1);
    out.totalCustomers = stmt->columnInt(2);
    out.totalRevenue = stmt->columnDouble(3);
    return out;
}

Result<SavedSegment> SegmentStore::create(Workspace& ws, const SavedSegment& segment,
    const CompiledRule& compiled, const QDate& analysisDate, JobContext& job)
{
    const QString name = segment.name.trimmed();
    if (name.isEmpty())
        return makeError(ErrorCode::Usage, tr("A segment needs a name."));
    if (auto existing = find(ws, name); existing)
        return makeError(ErrorCode::BadInput,
            tr("There is already a segment named \u201c%1\u201d; choose another name or refresh "
               "that one.")
                .arg(existing->name));
    qint64 id = 0;
    auto r = inTransaction(ws, [&]() -> Result<void> {
        auto insert = ws.database().prepare(QStringLiteral(
            "INSERT INTO segments (name, description, color, definition, definition_text, "
            "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
        if (!insert)
            return insert.error();
        insert->bindText(1, name);
        insert->bindText(2, segment.description);
        insert->bindText(3, segment.color.isEmpty() ? QStringLiteral("#4e79a7") : segment.color);
        insert->bindText(4,
            QString::fromUtf8(QJsonDocument(segment.rule.toJson()).toJson(QJsonDocument::Compact)));
        insert->bindText(5, segment.rule.toText());
        insert->bindText(6, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        if (!insert->exec())
            return stepError(*insert, job, tr("Cannot save the segment"));
        id = ws.database().lastInsertRowId();
        return computeMembers(ws, id, compiled, analysisDate, job);
    });
    if (!r)
        return r.error();
    return find(ws, name);
}

Result<SavedSegment> SegmentStore::refresh(Workspace& ws, const QString& name,
    const CompiledRule& compiled, const QDate& analysisDate, JobContext& job)
{
    auto segment = find(ws, name);
    if (!segment)
        return segment.error();
    auto r = inTransaction(
        ws, [&]() { return computeMembers(ws, segment->id, compiled, analysisDate, job); });
    if (!r)
        return r.error();
    return find(ws, name);
}

Result<QList<SavedSegment>> SegmentStore::list(Workspace& ws)
{
    auto stmt = ws.database().prepare(
        QStringLiteral("SELECT %1 FROM segments ORDER BY name COLLATE NOCASE")
            .arg(QLatin1String(kSegmentColumns)));
    if (!stmt)
        return stmt.error();
    QList<SavedSegment> out;
    while (stmt->step())
        out.append(segmentFrom(*stmt));
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return out;
}

Result<SavedSegment> SegmentStore::find(Workspace& ws, const QString& name)
{
    auto stmt = ws.database().prepare(QStringLiteral("SELECT %1 FROM segments WHERE name = ?1")
                                          .arg(QLatin1String(kSegmentColumns)));
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, name.trimmed());
    if (stmt->step())
        return segmentFrom(*stmt);
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return makeError(
        ErrorCode::BadInput, tr("There is no segment named \u201c%1\u201d.").arg(name));
}

Result<void> SegmentStore::remove(Workspace& ws, const QString& name)
{
    auto segment = find(ws, name);
    if (!segment)
        return segment.error();
    return inTransaction(ws, [&]() -> Result<void> {
        auto stmt = ws.database().prepare(QStringLiteral("DELETE FROM segments WHERE id = ?1"));
        if (!stmt)
            return stmt.error();
        stmt->bindInt(1, segment->id);
        if (!stmt->exec())
            return makeError(ErrorCode::Workspace, stmt->lastError());
        return {};
    });
}

Result<QList<SegmentHistoryEntry>> SegmentStore::history(Workspace& ws, qint64 segmentId)
{
    auto stmt = ws.database().prepare(
        QStringLiteral("SELECT computed_at, analysis_date, members, customers_total, revenue FROM "
                       "segment_history WHERE segment_id = ?1 ORDER BY rowid"));
    if (!stmt)
        return stmt.error();
    stmt->bindInt(1, segmentId);
    QList<SegmentHistoryEntry> out;
    while (stmt->step()) {
        out.append(SegmentHistoryEntry { stmt->columnText(0), stmt->columnText(1),
            stmt->columnInt(2), stmt->columnInt(3), stmt->columnDouble(4) });
    }
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return out;
}

Result<QStringList> SegmentStore::members(Workspace& ws, qint64 segmentId)
{
    auto stmt = ws.database().prepare(QStringLiteral(
        "SELECT customer_id FROM segment_members WHERE segment_id = ?1 ORDER BY customer_id"));
    if (!stmt)
        return stmt.error();
    stmt->bindInt(1, segmentId);
    QStringList out;
    while (stmt->step())
        out.append(stmt->columnText(0));
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return out;
}

Result<SegmentOverlap> SegmentStore::overlap(Workspace& ws, const QStringList& names)
{
    SegmentOverlap out;
    QList<qint64> ids;
    for (const QString& name : names) {
        auto s = find(ws, name);
        if (!s)
            return s.error();
        out.names.append(s->name);
        out.sizes.append(s->members);
        ids.append(s->id);
    }
    auto stmt = ws.database().prepare(QStringLiteral(
        "SELECT count(*) FROM segment_members AS a JOIN segment_members AS b ON b.customer_id = "
        "a.customer_id AND b.segment_id = ?2 WHERE a.segment_id = ?1"));
    if (!stmt)
        return stmt.error();
    for (int i = 0; i < ids.size(); ++i) {
        out.counts.append(QList<qint64>(ids.size(), 0));
        out.counts[i][i] = out.sizes.at(i);
    }
    for (int i = 0; i < ids.size(); ++i) {
        for (int j = i + 1; j < ids.size(); ++j) {
            stmt->bindInt(1, ids.at(i));
            stmt->bindInt(2, ids.at(j));
            if (!stmt->step())
                return makeError(ErrorCode::Workspace, stmt->lastError());
            out.counts[i][j] = out.counts[j][i] = stmt->columnInt(0);
            stmt->reset();
        }
    }
    return out;
}

} // namespace seg
