#include "exportquery.h"

#include "interruptguard.h"
#include "statement.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QSet>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::ExportQuery", text); }

const QString kCustomers = QStringLiteral("customers");
const QString kMetrics = QStringLiteral("customer_metrics");
const QString kRfm = QStringLiteral("rfm_scores");
const QString kStatus = QStringLiteral("customer_status");

/// The derived columns: export name, table, column.
struct Derived {
    const char* name;
    ExportColumnKind kind;
    const QString* table;
    const char* column;
};

const Derived kDerived[] = {
    { "first_purchase", ExportColumnKind::Metric, &kMetrics, "first_purchase" },
    { "last_purchase", ExportColumnKind::Metric, &kMetrics, "last_purchase" },
    { "orders", ExportColumnKind::Metric, &kMetrics, "orders" },
    { "revenue", ExportColumnKind::Metric, &kMetrics, "revenue" },
    { "average_order_value", ExportColumnKind::Metric, &kMetrics, "average_order_value" },
    { "recency_days", ExportColumnKind::Metric, &kMetrics, "recency_days" },
    { "tenure_days", ExportColumnKind::Metric, &kMetrics, "tenure_days" },
    { "mean_days_between_orders", ExportColumnKind::Metric, &kMetrics, "mean_days_between_orders" },
    { "categories", ExportColumnKind::Metric, &kMetrics, "categories" },
    { "top_channel", ExportColumnKind::Metric, &kMetrics, "top_channel" },
    { "r", ExportColumnKind::Score, &kRfm, "r" },
    { "f", ExportColumnKind::Score, &kRfm, "f" },
    { "m", ExportColumnKind::Score, &kRfm, "m" },
    { "fm", ExportColumnKind::Score, &kRfm, "fm" },
    { "rfm_segment", ExportColumnKind::Score, &kRfm, "segment" },
    { "lifecycle_status", ExportColumnKind::Status, &kStatus, "lifecycle" },
    { "value_tier", ExportColumnKind::Status, &kStatus, "value_tier" },
};

const QString kSegmentColumn = QStringLiteral("segment");
const QString kCustomerIdColumn = QStringLiteral("customer_id");

/// Alias of a joined table in the member query.
QString aliasOf(const QString& table)
{
    if (table == kCustomers)
        return QStringLiteral("c");
    if (table == kMetrics)
        return QStringLiteral("m");
    if (table == kRfm)
        return QStringLiteral("r");
    return QStringLiteral("st");
}

QString expressionOf(const ExportColumn& column)
{
    switch (column.kind) {
    case ExportColumnKind::CustomerId:
        return QStringLiteral("sm.customer_id");
    case ExportColumnKind::SegmentName:
        return QStringLiteral("s.name");
    case ExportColumnKind::Attribute:
    case ExportColumnKind::Metric:
    case ExportColumnKind::Score:
    case ExportColumnKind::Status:
        break;
    }
    return aliasOf(column.table) + QLatin1Char('.') + Database::quoteIdentifier(column.column);
}

/// The member query for `columns`: values first, then typeof() of each value, one segment at a
/// time (?1 = segment id).
QString memberSql(const QList<ExportColumn>& columns)
{
    QStringList values;
    QStringList types;
    QStringList tables;
    bool segmentName = false;
    for (const ExportColumn& c : columns) {
        const QString e = expressionOf(c);
        values.append(e);
        types.append(QStringLiteral("typeof(%1)").arg(e));
        if (c.kind == ExportColumnKind::SegmentName)
            segmentName = true;
        else if (!c.table.isEmpty() && !tables.contains(c.table))
            tables.append(c.table);
    }
    QString sql = QStringLiteral("SELECT %1, %2 FROM segment_members AS sm")
                      .arg(values.join(QStringLiteral(", ")), types.join(QStringLiteral(", ")));
    if (segmentName)
        sql += QStringLiteral(" JOIN segments AS s ON s.id = sm.segment_id");
    for (const QString& table : std::as_const(tables))
        sql += QStringLiteral(" LEFT JOIN %1 AS %2 ON %2.customer_id = sm.customer_id")
                   .arg(Database::quoteIdentifier(table), aliasOf(table));
    sql += QStringLiteral(" WHERE sm.segment_id = ?1 ORDER BY sm.customer_id");
    return sql;
}

} // namespace

ExportValueType ExportRow::type(int i) const
{
    const std::string_view t = m_stmt.columnUtf8(m_columns + i);
    if (t.empty() || t == "null")
        return ExportValueType::Null;
    if (t == "integer")
        return ExportValueType::Integer;
    if (t == "real")
        return ExportValueType::Real;
    return ExportValueType::Text;
}

qint64 ExportRow::integer(int i) const { return m_stmt.columnInt(i); }
double ExportRow::real(int i) const { return m_stmt.columnDouble(i); }
std::string_view ExportRow::text(int i) const { return m_stmt.columnUtf8(i); }

Result<QList<ExportColumn>> ExportQuery::columns(Workspace& ws)
{
    QSet<QString> taken { kSegmentColumn, kCustomerIdColumn };
    for (const Derived& d : kDerived)
        taken.insert(QString::fromLatin1(d.name));
    QList<ExportColumn> out;
    out.append(ExportColumn { kCustomerIdColumn, ExportColumnKind::CustomerId, {}, {} });
    auto hasCustomers = ws.hasTable(kCustomers);
    if (!hasCustomers)
        return hasCustomers.error();
    if (*hasCustomers) {
        auto attributes = ws.columns(kCustomers);
        if (!attributes)
            return attributes.error();
        for (const ColumnInfo& c : *attributes) {
            if (c.name == kCustomerIdColumn)
                continue;
            const QString name = taken.contains(c.name) ? QStringLiteral("attr_") + c.name : c.name;
            out.append(ExportColumn { name, ExportColumnKind::Attribute, kCustomers, c.name });
        }
    }
    for (const Derived& d : kDerived)
        out.append(ExportColumn {
            QString::fromLatin1(d.name), d.kind, *d.table, QString::fromLatin1(d.column) });
    out.append(ExportColumn { kSegmentColumn, ExportColumnKind::SegmentName, {}, {} });
    return out;
}

QList<ExportColumn> ExportQuery::defaultColumns(const QList<ExportColumn>& available)
{
    QList<ExportColumn> out;
    for (const ExportColumn& c : available) {
        if (c.kind == ExportColumnKind::CustomerId || c.kind == ExportColumnKind::Attribute)
            out.append(c);
    }
    for (const char* name :
        { "orders", "revenue", "last_purchase", "rfm_segment", "lifecycle_status" }) {
        for (const ExportColumn& c : available) {
            if (c.kind != ExportColumnKind::Attribute && c.name == QLatin1String(name))
                out.append(c);
        }
    }
    return out;
}

Result<QList<ExportColumn>> ExportQuery::resolve(
    const QList<ExportColumn>& available, const QStringList& names)
{
    if (names.isEmpty())
        return makeError(ErrorCode::Usage, tr("Choose at least one column to export."));
    QList<ExportColumn> out;
    QSet<QString> seen;
    for (const QString& given : names) {
        QString name = given.trimmed();
        if (name == u"r_score" || name == u"f_score" || name == u"m_score" || name == u"fm_score")
            name.chop(6);
        if (seen.contains(name))
            return makeError(
                ErrorCode::Usage, tr("The column \u201c%1\u201d is chosen twice.").arg(name));
        seen.insert(name);
        const ExportColumn* found = nullptr;
        for (const ExportColumn& c : available) {
            if (c.name == name) {
                found = &c;
                break;
            }
        }
        if (!found) {
            QStringList known;
            for (const ExportColumn& c : available)
                known.append(c.name);
            return makeError(ErrorCode::BadInput,
                tr("There is no column \u201c%1\u201d to export. The columns are: %2.")
                    .arg(given, known.join(QStringLiteral(", "))));
        }
        out.append(*found);
    }
    return out;
}

Result<qint64> ExportQuery::memberCount(Workspace& ws, qint64 segmentId)
{
    auto stmt = ws.database().prepare(
        QStringLiteral("SELECT count(*) FROM segment_members WHERE segment_id = ?1"));
    if (!stmt)
        return stmt.error();
    stmt->bindInt(1, segmentId);
    if (!stmt->step())
        return makeError(ErrorCode::Workspace,
            tr("Cannot count the members of the segment: %1").arg(stmt->lastError()));
    return stmt->columnInt(0);
}

Result<qint64> ExportQuery::scanMembers(Workspace& ws, const QList<qint64>& segmentIds,
    const QList<ExportColumn>& columns, const std::function<bool(const ExportRow&)>& row,
    JobContext& job)
{
    if (columns.isEmpty())
        return makeError(ErrorCode::Usage, tr("Choose at least one column to export."));
    Database& db = ws.database();
    auto stmt = db.prepare(memberSql(columns));
    if (!stmt)
        return stmt.error();
    InterruptGuard guard(db, job);
    const auto cancelled = [] { return makeError(ErrorCode::Cancelled, tr("Cancelled.")); };
    const ExportRow view(*stmt, static_cast<int>(columns.size()));
    qint64 rows = 0;
    for (const qint64 id : segmentIds) {
        stmt->reset();
        stmt->bindInt(1, id);
        while (stmt->step()) {
            ++rows;
            if (!row(view))
                return rows;
            if ((rows & 1023) == 0 && job.isCancelled())
                return cancelled();
        }
        if (!stmt->lastError().isEmpty()) {
            if (job.isCancelled())
                return cancelled();
            return makeError(ErrorCode::Workspace,
                tr("Cannot read the members of the segment: %1").arg(stmt->lastError()));
        }
        if (job.isCancelled())
            return cancelled();
    }
    return rows;
}

} // namespace seg
