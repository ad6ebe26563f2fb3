#include "customerdetailquery.h"

#include <QCoreApplication>
#include <QHash>
#include <QMap>
#include <QSet>

#include <utility>

namespace seg {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("seg::CustomerDetailQuery", text);
}

const QString& customerIdColumn()
{
    static const QString name = QStringLiteral("customer_id");
    return name;
}

QString typeFromAffinity(const QString& declared)
{
    const QString upper = declared.toUpper();
    if (upper.contains(QLatin1String("INT")))
        return QStringLiteral("integer");
    if (upper.contains(QLatin1String("REAL")) || upper.contains(QLatin1String("FLOA"))
        || upper.contains(QLatin1String("DOUB")))
        return QStringLiteral("decimal");
    return QStringLiteral("text");
}

qsizetype indexOfColumn(const QList<ColumnInfo>& columns, const QString& name)
{
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == name)
            return i;
    }
    return -1;
}

// The day of a stored date or date-time ('YYYY-MM-DD[ HH:MM:SS]'); invalid when unreadable.
QDate dayOf(const QVariant& value)
{
    if (value.typeId() != QMetaType::QString)
        return {};
    return QDate::fromString(value.toString().left(10), Qt::ISODate);
}

// One order while totals are summed.
struct Order {
    double amount = 0;
    QDate day;
};

} // namespace

CustomerDetailQuery::CustomerDetailQuery(Workspace& workspace)
    : m_workspace(workspace)
{
}

CustomerDetailQuery::~CustomerDetailQuery()
{
    if (m_job)
        setJobContext(nullptr);
}

void CustomerDetailQuery::setJobContext(JobContext* job)
{
    m_job = job;
    // SQLite polls the job every ~1000 virtual-machine steps and stops a cancelled statement.
    m_workspace.database().setInterruptCheck(job);
}

Error CustomerDetailQuery::readError(const QString& message) const
{
    if (m_job && m_job->isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Reading the customer was cancelled."));
    return makeError(ErrorCode::Workspace, message);
}

Result<QList<ColumnInfo>> CustomerDetailQuery::tableColumns(const QString& table)
{
    auto info = m_workspace.database().prepare(
        QStringLiteral("SELECT name, type FROM pragma_table_info(?1)"));
    if (!info)
        return info.error();
    info->bindText(1, table);
    QList<std::pair<QString, QString>> real;
    QSet<QString> realNames;
    while (info->step()) {
        real.append({ info->columnText(0), info->columnText(1) });
        realNames.insert(info->columnText(0));
    }
    if (!info->lastError().isEmpty())
        return readError(info->lastError());

    auto described = m_workspace.columns(table);
    if (!described)
        return readError(described.error().message);
    QList<ColumnInfo> out;
    for (const ColumnInfo& c : std::as_const(*described)) {
        if (realNames.contains(c.name))
            out.append(c);
    }
    if (out.isEmpty()) {
        int position = 0;
        for (const auto& [name, declared] : std::as_const(real)) {
            if (name != u"rowid")
                out.append(
                    ColumnInfo { name, name, typeFromAffinity(declared), QString(), position++ });
        }
    }
    return out;
}

Result<void> CustomerDetailQuery::readAttributes(CustomerDetail& detail)
{
    auto columns = tableColumns(QStringLiteral("customers"));
    if (!columns)
        return columns.error();
    if (indexOfColumn(*columns, customerIdColumn()) < 0)
        return {};
    QStringList selected;
    for (const ColumnInfo& c : std::as_const(*columns))
        selected.append(Database::quoteIdentifier(c.name));
    auto stmt = m_workspace.database().prepare(QStringLiteral("SELECT ")
        + selected.join(QStringLiteral(", "))
        + QStringLiteral(" FROM customers WHERE customer_id = ?1 LIMIT 1"));
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, detail.customerId);
    if (stmt->step()) {
        detail.inCustomersTable = true;
        for (int i = 0; i < columns->size(); ++i)
            detail.attributes.append(CustomerAttribute { columns->at(i), stmt->columnValue(i) });
    } else if (!stmt->lastError().isEmpty()) {
        return readError(stmt->lastError());
    }
    return {};
}

Result<void> CustomerDetailQuery::readTransactions(CustomerDetail& detail)
{
    auto columns = tableColumns(QStringLiteral("transactions"));
    if (!columns)
        return columns.error();
    if (columns->isEmpty())
        return {};
    detail.hasTransactionsTable = true;
    if (indexOfColumn(*columns, customerIdColumn()) < 0)
        return {};
    for (const ColumnInfo& c : std::as_const(*columns)) {
        if (c.name != customerIdColumn())
            detail.transactionColumns.append(c);
    }
    const QList<ColumnInfo>& shown = detail.transactionColumns;
    const qsizetype dateColumn = indexOfColumn(shown, QStringLiteral("order_date"));
    const qsizetype amountColumn = indexOfColumn(shown, QStringLiteral("amount"));
    const qsizetype orderColumn = indexOfColumn(shown, QStringLiteral("order_id"));

    QStringList selected;
    for (const ColumnInfo& c : shown)
        selected.append(Database::quoteIdentifier(c.name));
    if (selected.isEmpty())
        selected.append(QStringLiteral("NULL"));
    const QString orderBy = dateColumn >= 0 ? QStringLiteral(" ORDER BY order_date, rowid")
                                            : QStringLiteral(" ORDER BY rowid");
    auto stmt = m_workspace.database().prepare(QStringLiteral("SELECT ")
        + selected.join(QStringLiteral(", "))
        + QStringLiteral(" FROM transactions WHERE customer_id = ?1") + orderBy);
    if (!stmt)
        return stmt.error();
    stmt->bindText(1, detail.customerId);

    // Orders by key: "o" + order id, or "d" + purchase day for rows without one.
    QHash<QString, Order> orders;
    QMap<QDate, MonthlyRevenue> months;
    const int columnCount = static_cast<int>(shown.size());
    CustomerTotals& totals = detail.totals;
    while (stmt->step()) {
        ++totals.transactionRows;
        QVariantList row;
        row.reserve(columnCount);
        for (int c = 0; c < columnCount; ++c)
            row.append(stmt->columnValue(c));

        const double amount = amountColumn >= 0 ? row.at(amountColumn).toDouble() : 0.0;
        const QDate day = dateColumn >= 0 ? dayOf(row.at(dateColumn)) : QDate();
        totals.revenue += amount;
        if (day.isValid()) {
            const QDate month(day.year(), day.month(), 1);
            MonthlyRevenue& m = months[month];
            m.month = month;
            m.revenue += amount;
        }
        QString key;
        if (orderColumn >= 0 && !row.at(orderColumn).isNull())
            key = QLatin1Char('o') + row.at(orderColumn).toString();
        else if (day.isValid())
            key = QLatin1Char('d') + day.toString(Qt::ISODate);
        if (!key.isEmpty()) {
            Order& order = orders[key];
            order.amount += amount;
            // Rows come in date order: the first row of an order gives its day.
            if (!order.day.isValid())
                order.day = day;
        }
        if (detail.transactions.size() < kMaxTransactionRows)
            detail.transactions.append(std::move(row));
        else
            detail.transactionsTruncated = true;
    }
    if (!stmt->lastError().isEmpty())
        return readError(stmt->lastError());

    for (const Order& order : std::as_const(orders)) {
        if (!(order.amount > 0))
            continue;
        ++totals.orders;
        if (!order.day.isValid())
            continue;
        if (!totals.firstPurchase || order.day < *totals.firstPurchase)
            totals.firstPurchase = order.day;
        if (!totals.lastPurchase || order.day > *totals.lastPurchase)
            totals.lastPurchase = order.day;
        ++months[QDate(order.day.year(), order.day.month(), 1)].orders;
    }
    if (totals.orders > 0)
        totals.averageOrderValue = totals.revenue / static_cast<double>(totals.orders);

    if (!months.isEmpty()) {
        for (QDate m = months.firstKey(); m <= months.lastKey(); m = m.addMonths(1)) {
            MonthlyRevenue month = months.value(m);
            month.month = m;
            detail.months.append(month);
        }
    }
    return {};
}

Result<CustomerDetail> CustomerDetailQuery::read(const QString& customerId)
{
    CustomerDetail detail;
    detail.customerId = customerId.trimmed();
    if (detail.customerId.isEmpty())
        return makeError(ErrorCode::BadInput, tr("No customer id was given."));
    if (auto r = readAttributes(detail); !r)
        return r.error();
    if (auto r = readTransactions(detail); !r)
        return r.error();
    if (!detail.inCustomersTable && detail.totals.transactionRows == 0)
        return makeError(ErrorCode::BadInput,
            tr("The workspace has no customer \"%1\".").arg(detail.customerId));
    return detail;
}

Result<CustomerDetail> CustomerDetailQuery::read(
    const QString& workspacePath, const QString& customerId, JobContext& job)
{
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Reading the customer was cancelled."));
    auto ws = Workspace::open(workspacePath, Workspace::OpenMode::ReadOnly);
    if (!ws)
        return ws.error();
    CustomerDetailQuery query(*ws);
    query.setJobContext(&job);
    return query.read(customerId);
}

} // namespace seg
