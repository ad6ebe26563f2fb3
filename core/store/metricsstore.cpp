#include "metricsstore.h"

#include "workspace.h"

#include <QCoreApplication>

namespace seg {

namespace {

constexpr int kPollRows = 8192;

QString tr(const char* text) { return QCoreApplication::translate("seg::MetricsStore", text); }

Error storeError(const QString& what, const QString& detail)
{
    return makeError(ErrorCode::Workspace, tr("%1: %2").arg(what, detail));
}

Error cancelled() { return makeError(ErrorCode::Cancelled, tr("Cancelled.")); }

std::optional<qint64> optionalInt(const Statement& stmt, int column)
{
    if (stmt.isNull(column))
        return std::nullopt;
    return stmt.columnInt(column);
}

std::optional<double> optionalDouble(const Statement& stmt, int column)
{
    if (stmt.isNull(column))
        return std::nullopt;
    return stmt.columnDouble(column);
}

qint64 dayOf(const Statement& stmt, int column)
{
    if (stmt.isNull(column))
        return 0;
    // "YYYY-MM-DD" (as writeMetrics stores it) without building a QString.
    const std::string_view text = stmt.columnUtf8(column);
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        int v[3] = { 0, 0, 0 };
        bool digits = true;
        for (size_t i = 0; i < 10; ++i) {
            if (i == 4 || i == 7)
                continue;
            const char c = text[i];
            digits = digits && c >= '0' && c <= '9';
            int& part = v[i < 4 ? 0 : (i < 7 ? 1 : 2)];
            part = part * 10 + (c - '0');
        }
        if (digits) {
            const QDate d(v[0], v[1], v[2]);
            return d.isValid() ? d.toJulianDay() : 0;
        }
    }
    const QDate d = QDate::fromString(stmt.columnText(column), Qt::ISODate);
    return d.isValid() ? d.toJulianDay() : 0;
}

void bindOptional(Statement& stmt, int index, const std::optional<qint64>& v)
{
    if (v)
        stmt.bindInt(index, *v);
    else
        stmt.bindNull(index);
}

void bindOptional(Statement& stmt, int index, const std::optional<double>& v)
{
    if (v)
        stmt.bindDouble(index, *v);
    else
        stmt.bindNull(index);
}

void bindDay(Statement& stmt, int index, qint64 day)
{
    if (day == 0) {
        stmt.bindNull(index);
        return;
    }
    const QDate date = QDate::fromJulianDay(day);
    int y = 0;
    int m = 0;
    int d = 0;
    date.getDate(&y, &m, &d);
    if (y < 0 || y > 9999) {
        stmt.bindText(index, date.toString(Qt::ISODate));
        return;
    }
    // Qt::ISODate's "YYYY-MM-DD", without QString::asprintf.
    char text[10] = { char('0' + y / 1000), char('0' + y / 100 % 10), char('0' + y / 10 % 10),
        char('0' + y % 10), '-', char('0' + m / 10), char('0' + m % 10), '-', char('0' + d / 10),
        char('0' + d % 10) };
    stmt.bindText(index, std::string_view(text, sizeof text));
}

/// UTF-8 of strings that repeat (names of statuses, tiers, segments, channels): converted once
/// per distinct text, for the first few texts seen.
class Utf8Cache {
public:
    std::string_view operator()(const QString& text)
    {
        for (const auto& [kept, utf8] : m_entries) {
            if (kept == text)
                return view(utf8);
        }
        if (m_entries.size() < kMaxEntries) {
            m_entries.reserve(kMaxEntries);
            m_entries.emplace_back(text, text.toUtf8());
            return view(m_entries.back().second);
        }
        m_scratch = text.toUtf8();
        return view(m_scratch);
    }

private:
    static constexpr size_t kMaxEntries = 16;
    static std::string_view view(const QByteArray& a)
    {
        return std::string_view(a.constData(), static_cast<size_t>(a.size()));
    }
    std::vector<std::pair<QString, QByteArray>> m_entries;
    QByteArray m_scratch;
};

Result<void> writeMeta(Workspace& ws, const QString& prefix, const QHash<QString, QString>& meta)
{
    auto stmt = ws.database().prepare(
        QStringLiteral("INSERT OR REPLACE INTO workspace_meta (key, value) VALUES (?1, ?2)"));
    if (!stmt)
        return stmt.error();
    for (auto it = meta.cbegin(); it != meta.cend(); ++it) {
        stmt->bindText(1, prefix + it.key());
        stmt->bindText(2, it.value());
        if (!stmt->exec())
            return storeError(tr("Cannot store the settings"), stmt->lastError());
        stmt->reset();
    }
    return {};
}

} // namespace

Result<TransactionShape> MetricsStore::transactionShape(Workspace& ws)
{
    TransactionShape shape;
    auto has = ws.hasTable(QStringLiteral("transactions"));
    if (!has)
        return has.error();
    if (!*has)
        return shape;
    auto columns = ws.columns(QStringLiteral("transactions"));
    if (!columns)
        return columns.error();
    bool customer = false;
    bool date = false;
    bool amount = false;
    for (const ColumnInfo& c : *columns) {
        customer = customer || c.name == u"customer_id";
        date = date || c.name == u"order_date";
        amount = amount || c.name == u"amount";
        shape.hasOrderId = shape.hasOrderId || c.name == u"order_id";
        shape.hasCategory = shape.hasCategory || c.name == u"category";
        shape.hasChannel = shape.hasChannel || c.name == u"channel";
    }
    if (!customer || !date || !amount)
        return makeError(ErrorCode::BadInput,
            tr("The transactions table needs a customer id, an order date and an amount column "
               "to compute customer metrics; import the file again and set those roles."));
    shape.hasTable = true;
    auto rows = ws.rowCount(QStringLiteral("transactions"));
    if (!rows)
        return rows.error();
    shape.rows = *rows;
    return shape;
}

Result<std::optional<QDate>> MetricsStore::lastTransactionDate(Workspace& ws)
{
    auto shape = transactionShape(ws);
    if (!shape)
        return shape.error();
    if (!shape->hasTable)
        return std::optional<QDate>();
    auto v = ws.database().scalar(
        QStringLiteral("SELECT max(order_date) FROM transactions WHERE customer_id IS NOT NULL"));
    if (!v)
        return v.error();
    if (v->isNull())
        return std::optional<QDate>();
    const QDate d = QDate::fromString(v->toString().left(10), Qt::ISODate);
    if (!d.isValid())
        return makeError(ErrorCode::BadInput,
            tr("The latest order date \u201c%1\u201d is not a date.").arg(v->toString()));
    return std::optional<QDate>(d);
}

Result<qint64> MetricsStore::scanTransactions(Workspace& ws, const TransactionShape& shape,
    const QDate& before, const std::function<void(const TransactionRow&)>& row, JobContext& job)
{
    QString sql = QStringLiteral("SELECT customer_id, order_date, amount, %1, %2, %3 FROM "
                                 "transactions WHERE customer_id IS NOT NULL")
                      .arg(shape.hasOrderId ? QStringLiteral("order_id") : QStringLiteral("NULL"),
                          shape.hasCategory ? QStringLiteral("category") : QStringLiteral("NULL"),
                          shape.hasChannel ? QStringLiteral("channel") : QStringLiteral("NULL"));
    if (before.isValid())
        sql += QStringLiteral(" AND order_date < ?1");
    else
        sql += QStringLiteral(" AND order_date IS NOT NULL");
    auto stmt = ws.database().prepare(sql);
    if (!stmt)
        return stmt.error();
    if (before.isValid())
        stmt->bindText(1, before.toString(Qt::ISODate));
    qint64 n = 0;
    TransactionRow tx;
    while (stmt->step()) {
        tx.customerId = stmt->columnUtf8(0);
        tx.date = stmt->columnUtf8(1);
        tx.amount = stmt->isNull(2) ? 0.0 : stmt->columnDouble(2);
        tx.orderId = stmt->columnUtf8(3);
        tx.category = stmt->columnUtf8(4);
        tx.channel = stmt->columnUtf8(5);
        row(tx);
        if (++n % kPollRows == 0) {
            if (job.isCancelled())
                return cancelled();
            job.setCount(n);
            job.setProgress(n, shape.rows);
        }
    }
    if (!stmt->lastError().isEmpty())
        return storeError(tr("Cannot read the transactions"), stmt->lastError());
    return n;
}

Result<void> MetricsStore::scanCustomerIds(
    Workspace& ws, const std::function<void(std::string_view)>& id, JobContext& job)
{
    auto has = ws.hasTable(QStringLiteral("customers"));
    if (!has)
        return has.error();
    if (!*has)
        return {};
    auto stmt = ws.database().prepare(
        QStringLiteral("SELECT customer_id FROM customers WHERE customer_id IS NOT NULL"));
    if (!stmt)
        return stmt.error();
    qint64 n = 0;
    while (stmt->step()) {
        id(stmt->columnUtf8(0));
        if (++n % kPollRows == 0 && job.isCancelled())
            return cancelled();
    }
    if (!stmt->lastError().isEmpty())
        return storeError(tr("Cannot read the customers"), stmt->lastError());
    return {};
}

Result<void> MetricsStore::writeMetrics(Workspace& ws, const std::vector<CustomerMetricsRow>& rows,
    const QHash<QString, QString>& meta, JobContext& job)
{
    return ws.database().inTransaction([&]() -> Result<void> {
        if (auto r = ws.database().exec(QStringLiteral("DELETE FROM customer_metrics")); !r)
            return r.error();
        auto stmt = ws.database().prepare(QStringLiteral(
            "INSERT INTO customer_metrics (customer_id, first_purchase, last_purchase, orders, "
            "revenue, average_order_value, recency_days, tenure_days, mean_days_between_orders, "
            "categories, top_channel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
        if (!stmt)
            return stmt.error();
        Utf8Cache channel;
        qint64 n = 0;
        for (const CustomerMetricsRow& m : rows) {
            stmt->bindText(1, m.customerId);
            bindDay(*stmt, 2, m.firstDay);
            bindDay(*stmt, 3, m.lastDay);
            stmt->bindInt(4, m.orders);
            stmt->bindDouble(5, m.revenue);
            bindOptional(*stmt, 6, m.averageOrderValue);
            bindOptional(*stmt, 7, m.recencyDays);
            bindOptional(*stmt, 8, m.tenureDays);
            bindOptional(*stmt, 9, m.meanDaysBetweenOrders);
            bindOptional(*stmt, 10, m.categories);
            if (m.topChannel.isEmpty())
                stmt->bindNull(11);
            else
                stmt->bindText(11, channel(m.topChannel));
            if (!stmt->exec())
                return storeError(tr("Cannot store the customer metrics"), stmt->lastError());
            stmt->reset();
            if (++n % kPollRows == 0 && job.isCancelled())
                return cancelled();
        }
        return writeMeta(ws, QStringLiteral("metrics."), meta);
    });
}

Result<std::vector<CustomerMetricsRow>> MetricsStore::readMetrics(Workspace& ws, JobContext& job)
{
    auto stmt = ws.database().prepare(QStringLiteral(
        "SELECT customer_id, first_purchase, last_purchase, orders, revenue, average_order_value, "
        "recency_days, tenure_days, mean_days_between_orders, categories, top_channel FROM "
        "customer_metrics ORDER BY customer_id"));
    if (!stmt)
        return stmt.error();
    std::vector<CustomerMetricsRow> out;
    while (stmt->step()) {
        CustomerMetricsRow m;
        m.customerId = stmt->columnText(0);
        m.firstDay = dayOf(*stmt, 1);
        m.lastDay = dayOf(*stmt, 2);
        m.orders = stmt->columnInt(3);
        m.revenue = stmt->columnDouble(4);
        m.averageOrderValue = optionalDouble(*stmt, 5);
        m.recencyDays = optionalInt(*stmt, 6);
        m.tenureDays = optionalInt(*stmt, 7);
        m.meanDaysBetweenOrders = optionalDouble(*stmt, 8);
        m.categories = optionalInt(*stmt, 9);
        m.topChannel = stmt->columnText(10);
        out.push_back(std::move(m));
        if (out.size() % kPollRows == 0 && job.isCancelled())
            return cancelled();
    }
    if (!stmt->lastError().isEmpty())
        return storeError(tr("Cannot read the customer metrics"), stmt->lastError());
    return out;
}

Result<QString> MetricsStore::metaValue(Workspace& ws, const QString& key)
{
    auto stmt
        = ws.database().prepare(QStringLiteral("SELECT value FROM workspace_meta WHERE key = ?1"));
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, key);
    if (stmt->step())
        return stmt->columnText(0);
    if (!stmt->lastError().isEmpty())
        return storeError(tr("Cannot read the workspace settings"), stmt->lastError());
    return QString();
}

Result<QString> MetricsStore::dataVersion(Workspace& ws)
{
    auto v = ws.database().scalar(
        QStringLiteral("SELECT count(*) || ':' || coalesce(max(id), 0) FROM imports"));
    if (!v)
        return v.error();
    return v->toString();
}

Result<void> MetricsStore::writeStatus(Workspace& ws,
    const std::vector<std::pair<QString, QString>>& lifecycle, const std::vector<QString>& tiers,
    const QHash<QString, QString>& meta, JobContext& job)
{
    return ws.database().inTransaction([&]() -> Result<void> {
        if (auto r = ws.database().exec(QStringLiteral("DELETE FROM customer_status")); !r)
            return r.error();
        auto stmt
            = ws.database().prepare(QStringLiteral("INSERT INTO customer_status (customer_id, "
                                                   "lifecycle, value_tier) VALUES (?1, ?2, ?3)"));
        if (!stmt)
            return stmt.error();
        Utf8Cache lifecycleName;
        Utf8Cache tierName;
        for (size_t i = 0; i < lifecycle.size(); ++i) {
            stmt->bindText(1, lifecycle[i].first);
            stmt->bindText(2, lifecycleName(lifecycle[i].second));
            if (i >= tiers.size() || tiers[i].isEmpty())
                stmt->bindNull(3);
            else
                stmt->bindText(3, tierName(tiers[i]));
            if (!stmt->exec())
                return storeError(tr("Cannot store the lifecycle status"), stmt->lastError());
            stmt->reset();
            if ((i + 1) % kPollRows == 0 && job.isCancelled())
                return cancelled();
        }
        return writeMeta(ws, QStringLiteral("status."), meta);
    });
}

Result<void> MetricsStore::writeSettings(
    Workspace& ws, const QString& prefix, const QHash<QString, QString>& meta)
{
    return ws.database().inTransaction(
        [&]() -> Result<void> { return writeMeta(ws, prefix, meta); });
}

Result<void> MetricsStore::writeRfm(Workspace& ws, const std::vector<RfmScoreRow>& rows,
    const QHash<QString, QString>& meta, JobContext& job)
{
    return ws.database().inTransaction([&]() -> Result<void> {
        if (auto r = ws.database().exec(QStringLiteral("DELETE FROM rfm_scores")); !r)
            return r.error();
        auto stmt = ws.database().prepare(
            QStringLiteral("INSERT INTO rfm_scores (customer_id, r, f, m, fm, segment) VALUES "
                           "(?1, ?2, ?3, ?4, ?5, ?6)"));
        if (!stmt)
            return stmt.error();
        Utf8Cache segment;
        qint64 n = 0;
        for (const RfmScoreRow& s : rows) {
            stmt->bindText(1, s.customerId);
            stmt->bindInt(2, s.r);
            stmt->bindInt(3, s.f);
            stmt->bindInt(4, s.m);
            stmt->bindInt(5, s.fm);
            stmt->bindText(6, segment(s.segment));
            if (!stmt->exec())
                return storeError(tr("Cannot store the RFM scores"), stmt->lastError());
            stmt->reset();
            if (++n % kPollRows == 0 && job.isCancelled())
                return cancelled();
        }
        return writeMeta(ws, QStringLiteral("rfm."), meta);
    });
}

} // namespace seg
