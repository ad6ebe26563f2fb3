#include "customermetrics.h"

#include "customerstatus.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::CustomerMetrics", text); }

/// Hash for heterogeneous lookup of std::string keys by std::string_view.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept
    {
        return std::hash<std::string_view> {}(s);
    }
};

using StringIndex = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

int intern(StringIndex& index, std::string_view key)
{
    auto it = index.find(key);
    if (it != index.end())
        return it->second;
    const int id = static_cast<int>(index.size());
    index.emplace(std::string(key), id);
    return id;
}

/// Day number of "YYYY-MM-DD..." without building a QString; 0 when it is not a date.
qint64 dayNumber(std::string_view text)
{
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return 0;
    auto digits = [&](size_t from, size_t n) {
        int v = 0;
        for (size_t i = from; i < from + n; ++i) {
            const char c = text[i];
            if (c < '0' || c > '9')
                return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    };
    const int y = digits(0, 4);
    const int m = digits(5, 2);
    const int d = digits(8, 2);
    if (y < 0 || m < 0 || d < 0)
        return 0;
    const QDate date(y, m, d);
    return date.isValid() ? date.toJulianDay() : 0;
}

struct Order {
    int customer = 0;
    qint64 day = 0; ///< earliest line
    double total = 0;
};

struct Accumulator {
    double revenue = 0;
    qint64 orders = 0;
    qint64 firstDay = 0;
    qint64 lastDay = 0;
    std::vector<int> categories; ///< distinct ids, small
    std::vector<std::pair<int, qint64>> channels; ///< id, transactions
};

} // namespace

QJsonObject MetricsSummary::toJson() const
{
    return QJsonObject {
        { QStringLiteral("analysis_date"), analysisDate.toString(Qt::ISODate) },
        { QStringLiteral("analysis_date_chosen"), analysisDateChosen },
        { QStringLiteral("customers"), customers },
        { QStringLiteral("buyers"), buyers },
        { QStringLiteral("prospects"), prospects },
        { QStringLiteral("transactions_used"), transactionsUsed },
        { QStringLiteral("orders"), orders },
        { QStringLiteral("revenue"), revenue },
        { QStringLiteral("orders_from"),
            orderIds ? QStringLiteral("order_id") : QStringLiteral("purchase_day") },
    };
}

Result<std::vector<CustomerMetricsRow>> CustomerMetrics::compute(
    Workspace& ws, const QDate& analysisDate, MetricsSummary& summary, JobContext& job)
{
    auto shape = MetricsStore::transactionShape(ws);
    if (!shape)
        return shape.error();
    QDate date = analysisDate;
    summary = MetricsSummary();
    summary.analysisDateChosen = analysisDate.isValid();
    if (!date.isValid()) {
        auto last = MetricsStore::lastTransactionDate(ws);
        if (!last)
            return last.error();
        date = *last ? (*last)->addDays(1) : QDate::currentDate();
    }
    summary.analysisDate = date;
    summary.orderIds = shape->hasOrderId;

    StringIndex customerIndex;
    StringIndex orderIndex; // "customer index \x1f order id"
    std::unordered_map<qint64, int> dayOrderIndex; // customer index * 2^24 + day
    StringIndex categoryIndex;
    StringIndex channelIndex;
    std::vector<Accumulator> acc;
    std::vector<Order> orders;
    customerIndex.reserve(static_cast<size_t>(std::min<qint64>(shape->rows, 1 << 20) / 4 + 16));

    if (auto r = MetricsStore::scanCustomerIds(
            ws, [&](std::string_view id) { intern(customerIndex, id); }, job);
        !r)
        return r.error();
    acc.resize(customerIndex.size());

    std::string key;
    qint64 badDates = 0;
    if (shape->hasTable) {
        auto scanned = MetricsStore::scanTransactions(
            ws, *shape, date,
            [&](const TransactionRow& tx) {
                const qint64 day = dayNumber(tx.date);
                if (day == 0) {
                    ++badDates;
                    return;
                }
                const int c = intern(customerIndex, tx.customerId);
                if (static_cast<size_t>(c) >= acc.size())
                    acc.resize(static_cast<size_t>(c) + 1);
                Accumulator& a = acc[static_cast<size_t>(c)];
                a.revenue += tx.amount;
                summary.revenue += tx.amount;
                ++summary.transactionsUsed;

                int order = -1;
                if (!tx.orderId.empty()) {
                    key.assign(reinterpret_cast<const char*>(&c), sizeof c);
                    key.append(tx.orderId);
                    auto it = orderIndex.find(std::string_view(key));
                    if (it == orderIndex.end()) {
                        order = static_cast<int>(orders.size());
                        orderIndex.emplace(key, order);
                        orders.push_back(Order { c, day, 0 });
                    } else {
                        order = it->second;
                    }
                } else {
                    const qint64 k = (static_cast<qint64>(c) << 24) + day;
                    auto [it, added]
                        = dayOrderIndex.try_emplace(k, static_cast<int>(orders.size()));
                    if (added)
                        orders.push_back(Order { c, day, 0 });
                    order = it->second;
                }
                Order& o = orders[static_cast<size_t>(order)];
                o.total += tx.amount;
                o.day = std::min(o.day, day);

                if (!tx.category.empty()) {
                    const int cat = intern(categoryIndex, tx.category);
                    if (std::find(a.categories.begin(), a.categories.end(), cat)
                        == a.categories.end())
                        a.categories.push_back(cat);
                }
                if (!tx.channel.empty()) {
                    const int ch = intern(channelIndex, tx.channel);
                    auto it = std::find_if(a.channels.begin(), a.channels.end(),
                        [ch](const auto& p) { return p.first == ch; });
                    if (it == a.channels.end())
                        a.channels.emplace_back(ch, 1);
                    else
                        ++it->second;
                }
            },
            job);
        if (!scanned)
            return scanned.error();
    }
    if (badDates > 0)
        return makeError(ErrorCode::BadInput,
            tr("%1 transactions have an order date that is not a date; the transactions table "
               "needs dates as YYYY-MM-DD.")
                .arg(badDates));

    // Orders with a positive total are purchases.
    for (const Order& o : orders) {
        if (!(o.total > 0))
            continue;
        Accumulator& a = acc[static_cast<size_t>(o.customer)];
        ++a.orders;
        a.firstDay = a.firstDay == 0 ? o.day : std::min(a.firstDay, o.day);
        a.lastDay = std::max(a.lastDay, o.day);
    }
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));

    std::vector<QString> channelNames(channelIndex.size());
    for (const auto& [name, id] : channelIndex)
        channelNames[static_cast<size_t>(id)]
            = QString::fromUtf8(name.data(), qsizetype(name.size()));

    const qint64 analysisDay = date.toJulianDay();
    std::vector<CustomerMetricsRow> rows(customerIndex.size());
    for (const auto& [id, index] : customerIndex) {
        const Accumulator& a = acc[static_cast<size_t>(index)];
        CustomerMetricsRow& m = rows[static_cast<size_t>(index)];
        m.customerId = QString::fromUtf8(id.data(), qsizetype(id.size()));
        m.orders = a.orders;
        m.revenue = a.revenue;
        if (shape->hasCategory)
            m.categories = static_cast<qint64>(a.categories.size());
        if (!a.channels.empty()) {
            auto best = a.channels.cbegin();
            for (auto it = a.channels.cbegin(); it != a.channels.cend(); ++it) {
                if (it->second > best->second
                    || (it->second == best->second
                        && channelNames[static_cast<size_t>(it->first)]
                            < channelNames[static_cast<size_t>(best->first)]))
                    best = it;
            }
            m.topChannel = channelNames[static_cast<size_t>(best->first)];
        }
        if (a.orders > 0) {
            m.firstDay = a.firstDay;
            m.lastDay = a.lastDay;
            m.averageOrderValue = a.revenue / static_cast<double>(a.orders);
            m.recencyDays = analysisDay - a.lastDay;
            m.tenureDays = analysisDay - a.firstDay;
            if (a.orders >= 2)
                m.meanDaysBetweenOrders = static_cast<double>(a.lastDay - a.firstDay)
                    / static_cast<double>(a.orders - 1);
            ++summary.buyers;
            summary.orders += a.orders;
        } else {
            ++summary.prospects;
        }
    }
    summary.customers = static_cast<qint64>(rows.size());
    std::sort(
        rows.begin(), rows.end(), [](const CustomerMetricsRow& a, const CustomerMetricsRow& b) {
            return a.customerId < b.customerId;
        });
    return rows;
}

Result<MetricsSummary> CustomerMetrics::computeAndStore(
    Workspace& ws, const QDate& analysisDate, JobContext& job)
{
    MetricsSummary summary;
    auto rows = compute(ws, analysisDate, summary, job);
    if (!rows)
        return rows.error();
    auto version = MetricsStore::dataVersion(ws);
    if (!version)
        return version.error();
    const QHash<QString, QString> meta {
        { QStringLiteral("analysis_date"), summary.analysisDate.toString(Qt::ISODate) },
        { QStringLiteral("chosen_date"),
            analysisDate.isValid() ? analysisDate.toString(Qt::ISODate) : QString() },
        { QStringLiteral("computed_at"),
            QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { QStringLiteral("data_version"), *version },
    };
    if (auto r = MetricsStore::writeMetrics(ws, *rows, meta, job); !r)
        return r.error();
    // Lifecycle and value tiers follow the metrics, with the workspace's windows and cut-offs.
    if (auto r = CustomerStatus::refreshStored(ws, *rows, job); !r)
        return r.error();
    return summary;
}

Result<bool> CustomerMetrics::isCurrent(Workspace& ws, const QDate& analysisDate)
{
    auto computedAt = MetricsStore::metaValue(ws, QStringLiteral("metrics.computed_at"));
    if (!computedAt)
        return computedAt.error();
    if (computedAt->isEmpty())
        return false;
    auto chosen = MetricsStore::metaValue(ws, QStringLiteral("metrics.chosen_date"));
    if (!chosen)
        return chosen.error();
    const QString wanted = analysisDate.isValid() ? analysisDate.toString(Qt::ISODate) : QString();
    if (*chosen != wanted)
        return false;
    auto stored = MetricsStore::metaValue(ws, QStringLiteral("metrics.data_version"));
    auto now = MetricsStore::dataVersion(ws);
    if (!stored)
        return stored.error();
    if (!now)
        return now.error();
    return *stored == *now;
}

} // namespace seg
