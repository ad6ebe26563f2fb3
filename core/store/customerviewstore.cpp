#include "customerviewstore.h"

#include "database.h"
#include "metricsstore.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QStringList>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::CustomerViewStore", text); }

const char* const kStampKeys[] = { "metrics.computed_at", "status.metrics_computed_at",
    "status.options", "rfm.metrics_computed_at", "rfm.bins", "rfm.map", "rfm.result" };

QString alias(const QString& table)
{
    if (table == u"customers")
        return QStringLiteral("c");
    if (table == u"rfm_scores")
        return QStringLiteral("r");
    if (table == u"customer_status")
        return QStringLiteral("s");
    return QStringLiteral("m");
}

} // namespace

bool CustomerViewStore::inView(const FieldInfo& f)
{
    // Free text (names, e-mail addresses) would make every row long and every scan slower;
    // rules on it run on the joined tables.
    // Cluster memberships change without the view's stamp changing: they are looked up.
    if (f.type == FieldType::Segment || f.kind == FieldKind::Cluster || f.name == u"customer_id"
        || f.table.isEmpty())
        return false;
    return !(f.kind == FieldKind::Attribute && f.type == FieldType::Text);
}

Result<QString> CustomerViewStore::currentStamp(Workspace& ws)
{
    QStringList parts;
    for (const char* key : kStampKeys) {
        auto v = MetricsStore::metaValue(ws, QString::fromLatin1(key));
        if (!v)
            return v.error();
        parts.append(*v);
    }
    auto version = MetricsStore::dataVersion(ws);
    if (!version)
        return version.error();
    parts.append(*version);
    return parts.join(QLatin1Char('\x1f'));
}

Result<bool> CustomerViewStore::isCurrent(Workspace& ws)
{
    auto exists = ws.hasTable(QString::fromLatin1(kTable));
    if (!exists)
        return exists.error();
    if (!*exists)
        return false;
    auto stored = MetricsStore::metaValue(ws, QStringLiteral("view.stamp"));
    if (!stored)
        return stored.error();
    auto now = currentStamp(ws);
    if (!now)
        return now.error();
    return !stored->isEmpty() && *stored == *now;
}

Result<void> CustomerViewStore::rebuild(Workspace& ws, const FieldCatalog& catalog, JobContext& job)
{
    auto hasCustomers = ws.hasTable(QStringLiteral("customers"));
    if (!hasCustomers)
        return hasCustomers.error();
    QStringList columns { QStringLiteral("m.customer_id AS customer_id") };
    bool usesCustomers = false;
    for (const FieldInfo& f : catalog.fields()) {
        if (!inView(f))
            continue;
        if (f.table == u"customers") {
            if (!*hasCustomers)
                continue;
            usesCustomers = true;
        }
        columns.append(alias(f.table) + QLatin1Char('.') + Database::quoteIdentifier(f.column)
            + QStringLiteral(" AS ") + Database::quoteIdentifier(f.name));
    }
    QString from = QStringLiteral("customer_metrics AS m");
    if (usesCustomers)
        from += QStringLiteral(" LEFT JOIN customers AS c ON c.customer_id = m.customer_id");
    from += QStringLiteral(" LEFT JOIN rfm_scores AS r ON r.customer_id = m.customer_id"
                           " LEFT JOIN customer_status AS s ON s.customer_id = m.customer_id");
    auto stamp = currentStamp(ws);
    if (!stamp)
        return stamp.error();

    Database& db = ws.database();
    if (auto r = db.exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r.error();
    auto fail = [&](const Error& e) -> Result<void> {
        (void)db.exec(QStringLiteral("ROLLBACK"));
        if (job.isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Cancelled."));
        return e;
    };
    db.setInterruptCheck(&job);
    auto built = db.exec(QStringLiteral("DROP TABLE IF EXISTS customer_view; CREATE TABLE "
                                        "customer_view AS SELECT %1 FROM %2")
                             .arg(columns.join(QStringLiteral(", ")), from));
    db.setInterruptCheck(nullptr);
    if (!built)
        return fail(built.error());
    auto totals = db.prepare(QStringLiteral("SELECT count(*), total(revenue) FROM customer_view"));
    if (!totals)
        return fail(totals.error());
    if (!totals->step())
        return fail(makeError(ErrorCode::Workspace, totals->lastError()));
    auto meta = db.prepare(
        QStringLiteral("INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?1, ?2)"));
    if (!meta)
        return fail(meta.error());
    const std::pair<QString, QString> values[] = {
        { QStringLiteral("view.stamp"), *stamp },
        { QStringLiteral("view.customers"), QString::number(totals->columnInt(0)) },
        { QStringLiteral("view.revenue"), QString::number(totals->columnDouble(1), 'g', 17) },
    };
    for (const auto& [key, value] : values) {
        meta->bindText(1, key);
        meta->bindText(2, value);
        if (!meta->exec())
            return fail(makeError(ErrorCode::Workspace, meta->lastError()));
        meta->reset();
    }
    if (auto r = db.exec(QStringLiteral("COMMIT")); !r)
        return fail(r.error());
    return {};
}

Result<std::pair<qint64, double>> CustomerViewStore::totals(Workspace& ws)
{
    auto customers = MetricsStore::metaValue(ws, QStringLiteral("view.customers"));
    auto revenue = MetricsStore::metaValue(ws, QStringLiteral("view.revenue"));
    if (!customers)
        return customers.error();
    if (!revenue)
        return revenue.error();
    return std::make_pair(customers->toLongLong(), revenue->toDouble());
}

} // namespace seg
