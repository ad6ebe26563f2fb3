#include "segmentstore.h"

#include "customerviewstore.h"
#include "interruptguard.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>

#include <algorithm>
#include <future>
#include <optional>

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

/// True when `node` has a condition on the saved segment `name` (case-insensitive).
bool usesSegment(const RuleNode& node, const QString& name)
{
    if (node.isGroup())
        return std::any_of(node.children.cbegin(), node.children.cend(),
            [&name](const RuleNode& child) { return usesSegment(child, name); });
    if (node.field != u"segment")
        return false;
    return std::any_of(node.values.cbegin(), node.values.cend(), [&name](const QVariant& v) {
        return v.toString().compare(name, Qt::CaseInsensitive) == 0;
    });
}

/// Changes the conditions on the saved segment `from` to name `to`; true when any changed.
bool renameSegmentIn(RuleNode& node, const QString& from, const QString& to)
{
    bool changed = false;
    if (node.isGroup()) {
        for (RuleNode& child : node.children)
            changed = renameSegmentIn(child, from, to) || changed;
        return changed;
    }
    if (node.field != u"segment")
        return false;
    for (QVariant& v : node.values) {
        if (v.toString().compare(from, Qt::CaseInsensitive) == 0) {
            v = to;
            changed = true;
        }
    }
    return changed;
}

Error selfReference(const QString& name)
{
    return makeError(ErrorCode::BadInput,
        tr("A segment cannot be defined by its own membership: the rule uses the segment "
           "\u201c%1\u201d.")
            .arg(name));
}

QString ruleJson(const SegmentRule& rule)
{
    return QString::fromUtf8(QJsonDocument(rule.toJson()).toJson(QJsonDocument::Compact));
}

/// Stores `rule` as the definition of segment `id` (JSON and text form).
Result<void> writeDefinition(Workspace& ws, qint64 id, const SegmentRule& rule)
{
    auto stmt = ws.database().prepare(
        QStringLiteral("UPDATE segments SET definition = ?2, definition_text = ?3 WHERE id = ?1"));
    if (!stmt)
        return stmt.error();
    stmt->bindInt(1, id);
    stmt->bindText(2, ruleJson(rule));
    stmt->bindText(3, rule.toText());
    if (!stmt->exec())
        return makeError(
            ErrorCode::Workspace, tr("Cannot store the definition: %1").arg(stmt->lastError()));
    return {};
}

/// Renames `segment` to `newName` (already trimmed and checked to be free) and points the
/// rules of the other segments that use its old name to the new one. Runs inside the caller's
/// transaction.
Result<void> renameInTransaction(Workspace& ws, const SavedSegment& segment, const QString& newName)
{
    Database& db = ws.database();
    auto stmt = db.prepare(QStringLiteral("UPDATE segments SET name = ?2 WHERE id = ?1"));
    if (!stmt)
        return stmt.error();
    stmt->bindInt(1, segment.id);
    stmt->bindText(2, newName);
    if (!stmt->exec())
        return makeError(
            ErrorCode::Workspace, tr("Cannot rename the segment: %1").arg(stmt->lastError()));
    auto others = db.prepare(
        QStringLiteral("SELECT id, definition FROM segments WHERE id != ?1 ORDER BY id"));
    if (!others)
        return others.error();
    others->bindInt(1, segment.id);
    QList<std::pair<qint64, SegmentRule>> changed;
    while (others->step()) {
        auto rule = SegmentRule::fromJson(
            QJsonDocument::fromJson(others->columnText(1).toUtf8()).object());
        if (rule && renameSegmentIn(rule->root(), segment.name, newName))
            changed.append({ others->columnInt(0), *rule });
    }
    if (!others->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, others->lastError());
    for (const auto& [id, rule] : std::as_const(changed)) {
        if (auto r = writeDefinition(ws, id, rule); !r)
            return r;
    }
    return {};
}

/// The checks of a new name for `segment` (whose rule is `rule`): not empty, not another
/// segment's, not used by the rule itself.
Result<QString> checkNewName(
    Workspace& ws, const SavedSegment& segment, const SegmentRule& rule, const QString& requested)
{
    const QString name = requested.trimmed();
    if (name.isEmpty())
        return makeError(ErrorCode::Usage, tr("A segment needs a name."));
    if (auto other = SegmentStore::find(ws, name); other && other->id != segment.id)
        return makeError(ErrorCode::BadInput,
            tr("There is already a segment named \u201c%1\u201d; choose another name.")
                .arg(other->name));
    if (usesSegment(rule.root(), name))
        return makeError(ErrorCode::BadInput,
            tr("\u201c%1\u201d cannot be named \u201c%2\u201d: its rule uses the segment "
               "\u201c%2\u201d, and a segment cannot be defined by its own membership.")
                .arg(segment.name, name));
    return name;
}

/// Reads the row, history and members of segment `name`; the caller holds a transaction.
Result<SegmentSnapshot> readSnapshot(Workspace& ws, const QString& name)
{
    Database& db = ws.database();
    auto row = db.prepare(QStringLiteral("SELECT %1 FROM segments WHERE name = ?1")
                              .arg(QLatin1String(kSegmentColumns)));
    if (!row)
        return row.error();
    row->bindText(1, name.trimmed());
    if (!row->step()) {
        if (!row->lastError().isEmpty())
            return makeError(ErrorCode::Workspace, row->lastError());
        return makeError(
            ErrorCode::BadInput, tr("There is no segment named \u201c%1\u201d.").arg(name));
    }
    SegmentSnapshot out;
    out.segment = segmentFrom(*row);
    out.definitionJson = row->columnText(4);
    auto history = SegmentStore::history(ws, out.segment.id);
    if (!history)
        return history.error();
    out.history = *history;
    auto members = SegmentStore::members(ws, out.segment.id);
    if (!members)
        return members.error();
    out.memberIds = *members;
    return out;
}

void bindTextOrNull(Statement& stmt, int index, const QString& text)
{
    if (text.isEmpty())
        stmt.bindNull(index);
    else
        stmt.bindText(index, text);
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

Result<BaseTotals> SegmentStore::totals(Workspace& ws)
{
    if (auto current = CustomerViewStore::isCurrent(ws); current && *current) {
        auto stored = CustomerViewStore::totals(ws);
        if (!stored)
            return stored.error();
        return BaseTotals { stored->first, stored->second };
    }
    auto stmt = ws.database().prepare(
        QStringLiteral("SELECT count(*), total(revenue) FROM customer_metrics"));
    if (!stmt)
        return stmt.error();
    if (!stmt->step())
        return makeError(
            ErrorCode::Workspace, tr("Cannot count the customers: %1").arg(stmt->lastError()));
    return BaseTotals { stmt->columnInt(0), stmt->columnDouble(1) };
}

Result<SavedSegment> SegmentStore::create(Workspace& ws, const SavedSegment& segment,
    const CompiledRule& compiled, const QDate& analysisDate, JobContext& job)
{
    const QString name = segment.name.trimmed();
    if (name.isEmpty())
        return makeError(ErrorCode::Usage, tr("A segment needs a name."));
    if (usesSegment(segment.rule.root(), name))
        return selfReference(name);
    if (auto existing = find(ws, name); existing)
        return makeError(ErrorCode::BadInput,
            tr("There is already a segment named \u201c%1\u201d; choose another name or refresh "
               "that one.")
                .arg(existing->name));
    qint64 id = 0;
    auto r = ws.database().inTransaction([&]() -> Result<void> {
        auto insert = ws.database().prepare(QStringLiteral(
            "INSERT INTO segments (name, description, color, definition, definition_text, "
            "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
        if (!insert)
            return insert.error();
        insert->bindText(1, name);
        insert->bindText(2, segment.description);
        insert->bindText(3, segment.color.isEmpty() ? QStringLiteral("#4e79a7") : segment.color);
        insert->bindText(4, ruleJson(segment.rule));
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
    auto r = ws.database().inTransaction(
        [&]() { return computeMembers(ws, segment->id, compiled, analysisDate, job); });
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
    return ws.database().inTransaction([&]() -> Result<void> {
        auto stmt = ws.database().prepare(QStringLiteral("DELETE FROM segments WHERE id = ?1"));
        if (!stmt)
            return stmt.error();
        stmt->bindInt(1, segment->id);
        if (!stmt->exec())
            return makeError(ErrorCode::Workspace, stmt->lastError());
        return {};
    });
}

Result<SavedSegment> SegmentStore::rename(
    Workspace& ws, const QString& oldName, const QString& newName)
{
    auto segment = find(ws, oldName);
    if (!segment)
        return segment.error();
    auto name = checkNewName(ws, *segment, segment->rule, newName);
    if (!name)
        return name.error();
    if (*name == segment->name)
        return segment;
    auto r
        = ws.database().inTransaction([&]() { return renameInTransaction(ws, *segment, *name); });
    if (!r)
        return r.error();
    return find(ws, *name);
}

Result<SavedSegment> SegmentStore::update(Workspace& ws, const QString& name,
    const SavedSegment& changes, const CompiledRule& compiled, const QDate& analysisDate,
    JobContext& job)
{
    auto segment = find(ws, name);
    if (!segment)
        return segment.error();
    QString finalName = segment->name;
    if (!changes.name.trimmed().isEmpty()) {
        auto checked = checkNewName(ws, *segment, changes.rule, changes.name);
        if (!checked)
            return checked.error();
        finalName = *checked;
    }
    if (usesSegment(changes.rule.root(), finalName))
        return selfReference(finalName);
    auto r = ws.database().inTransaction([&]() -> Result<void> {
        if (finalName != segment->name) {
            if (auto renamed = renameInTransaction(ws, *segment, finalName); !renamed)
                return renamed;
        }
        auto stmt = ws.database().prepare(
            QStringLiteral("UPDATE segments SET description = ?2, color = ?3 WHERE id = ?1"));
        if (!stmt)
            return stmt.error();
        stmt->bindInt(1, segment->id);
        stmt->bindText(2, changes.description);
        stmt->bindText(3, changes.color.isEmpty() ? segment->color : changes.color);
        if (!stmt->exec())
            return stepError(*stmt, job, tr("Cannot save the changes"));
        if (auto written = writeDefinition(ws, segment->id, changes.rule); !written)
            return written;
        return computeMembers(ws, segment->id, compiled, analysisDate, job);
    });
    if (!r)
        return r.error();
    return find(ws, finalName);
}

Result<SegmentSnapshot> SegmentStore::snapshot(Workspace& ws, const QString& name)
{
    // One read transaction: the row, history and members agree even while another connection
    // writes.
    if (auto r = ws.database().exec(QStringLiteral("BEGIN")); !r)
        return r.error();
    auto out = readSnapshot(ws, name);
    (void)ws.database().exec(QStringLiteral("COMMIT"));
    return out;
}

Result<SegmentSnapshot> SegmentStore::take(Workspace& ws, const QString& name)
{
    std::optional<SegmentSnapshot> taken;
    auto r = ws.database().inTransaction([&]() -> Result<void> {
        auto snap = readSnapshot(ws, name);
        if (!snap)
            return snap.error();
        auto stmt = ws.database().prepare(QStringLiteral("DELETE FROM segments WHERE id = ?1"));
        if (!stmt)
            return stmt.error();
        stmt->bindInt(1, snap->segment.id);
        if (!stmt->exec())
            return makeError(
                ErrorCode::Workspace, tr("Cannot delete the segment: %1").arg(stmt->lastError()));
        taken = std::move(*snap);
        return {};
    });
    if (!r)
        return r.error();
    return std::move(*taken);
}

Result<SavedSegment> SegmentStore::restore(Workspace& ws, const SegmentSnapshot& snapshot)
{
    const SavedSegment& s = snapshot.segment;
    if (s.name.trimmed().isEmpty())
        return makeError(ErrorCode::Usage, tr("A segment needs a name."));
    qint64 id = 0;
    auto r = ws.database().inTransaction([&]() -> Result<void> {
        Database& db = ws.database();
        if (auto other = find(ws, s.name); other)
            return makeError(ErrorCode::BadInput,
                tr("\u201c%1\u201d cannot be brought back: there is now another segment named "
                   "\u201c%2\u201d. Rename or delete that one first.")
                    .arg(s.name, other->name));
        auto idTaken = db.prepare(QStringLiteral("SELECT 1 FROM segments WHERE id = ?1"));
        if (!idTaken)
            return idTaken.error();
        idTaken->bindInt(1, s.id);
        const bool keepId = s.id > 0 && !idTaken->step();
        if (!idTaken->lastError().isEmpty())
            return makeError(ErrorCode::Workspace, idTaken->lastError());
        auto insert = db.prepare(QStringLiteral(
            "INSERT INTO segments (id, name, description, color, definition, definition_text, "
            "analysis_date, computed_at, members, revenue, created_at) VALUES (?1, ?2, ?3, ?4, "
            "?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
        if (!insert)
            return insert.error();
        if (keepId)
            insert->bindInt(1, s.id);
        else
            insert->bindNull(1);
        insert->bindText(2, s.name);
        insert->bindText(3, s.description);
        insert->bindText(4, s.color);
        insert->bindText(
            5, snapshot.definitionJson.isEmpty() ? ruleJson(s.rule) : snapshot.definitionJson);
        insert->bindText(6, s.definitionText);
        bindTextOrNull(*insert, 7, s.analysisDate);
        bindTextOrNull(*insert, 8, s.computedAt);
        insert->bindInt(9, s.members);
        insert->bindDouble(10, s.revenue);
        insert->bindText(11, s.createdAt);
        if (!insert->exec())
            return makeError(ErrorCode::Workspace,
                tr("Cannot bring the segment back: %1").arg(insert->lastError()));
        id = db.lastInsertRowId();
        auto history = db.prepare(QStringLiteral(
            "INSERT INTO segment_history (segment_id, computed_at, analysis_date, members, "
            "customers_total, revenue) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
        if (!history)
            return history.error();
        for (const SegmentHistoryEntry& e : snapshot.history) {
            history->reset();
            history->bindInt(1, id);
            history->bindText(2, e.computedAt);
            bindTextOrNull(*history, 3, e.analysisDate);
            history->bindInt(4, e.members);
            history->bindInt(5, e.customersTotal);
            history->bindDouble(6, e.revenue);
            if (!history->exec())
                return makeError(ErrorCode::Workspace,
                    tr("Cannot bring the history back: %1").arg(history->lastError()));
        }
        auto member = db.prepare(QStringLiteral(
            "INSERT INTO segment_members (segment_id, customer_id) VALUES (?1, ?2)"));
        if (!member)
            return member.error();
        for (const QString& customer : snapshot.memberIds) {
            member->reset();
            member->bindInt(1, id);
            member->bindText(2, customer);
            if (!member->exec())
                return makeError(ErrorCode::Workspace,
                    tr("Cannot bring the members back: %1").arg(member->lastError()));
        }
        return {};
    });
    if (!r)
        return r.error();
    auto stmt = ws.database().prepare(QStringLiteral("SELECT %1 FROM segments WHERE id = ?1")
                                          .arg(QLatin1String(kSegmentColumns)));
    if (!stmt)
        return stmt.error();
    stmt->bindInt(1, id);
    if (!stmt->step())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return segmentFrom(*stmt);
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
