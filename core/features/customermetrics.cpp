#include "customermetrics.h"

#include "customerstatus.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::CustomerMetrics", text); }

/// 64-bit hash of a short byte string (8 bytes at a time, murmur3 finaliser).
quint64 hashBytes(std::string_view s, quint64 seed)
{
    quint64 h = seed ^ (s.size() * 0x9E3779B97F4A7C15ULL);
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        quint64 chunk;
        std::memcpy(&chunk, s.data() + i, 8);
        h = (h ^ chunk) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 29;
    }
    if (i < s.size()) {
        quint64 chunk = 0;
        std::memcpy(&chunk, s.data() + i, s.size() - i);
        h = (h ^ chunk) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 29;
    }
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

/// Mixes a 64-bit key into a hash (murmur3 finaliser).
quint64 hashInt(quint64 k)
{
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDULL;
    k ^= k >> 33;
    k *= 0xC4CEB9FE1A85EC53ULL;
    k ^= k >> 33;
    return k;
}

/// Starts loading the cache line at `p` (a hint; no effect where the compiler has no builtin).
void prefetch(const void* p)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

/// The slots of an open-addressing (linear probing) hash table, grown to keep at most half of
/// them used. `Slot` has a 64-bit `hash` and an int `id`, -1 for an empty slot.
template <typename Slot> class ProbedSlots {
public:
    /// Starts loading the slot where a key with hash `h` would be.
    void prefetch(quint64 h) const { seg::prefetch(&m_slots[home(h)]); }

protected:
    explicit ProbedSlots(size_t expected)
    {
        size_t c = 16;
        while (c < expected * 2)
            c *= 2;
        rehash(c);
    }
    size_t home(quint64 h) const { return static_cast<size_t>(h) & m_mask; }
    size_t next(size_t i) const { return (i + 1) & m_mask; }
    /// Doubles the table when `used` keys fill more than half of it.
    void growFor(size_t used)
    {
        if (used * 2 > m_slots.size())
            rehash(m_slots.size() * 2);
    }

    std::vector<Slot> m_slots;

private:
    void rehash(size_t capacity)
    {
        std::vector<Slot> old(capacity);
        old.swap(m_slots);
        m_mask = capacity - 1;
        for (const Slot& s : old) {
            if (s.id < 0)
                continue;
            size_t i = home(s.hash);
            while (m_slots[i].id >= 0)
                i = next(i);
            m_slots[i] = s;
        }
    }
    size_t m_mask = 0;
};

struct FlatSlot {
    quint64 hash = 0;
    int id = -1;
};

/// Open-addressing (linear probing) table from a 64-bit hash to an int id. The caller keeps the
/// keys and says whether an id's key is the one looked for.
class FlatTable : public ProbedSlots<FlatSlot> {
public:
    explicit FlatTable(size_t expected = 16)
        : ProbedSlots(expected)
    {
    }

    /// The id of the key with hash `h` for which `equal(id)` holds; when there is none, adds
    /// `newId` (>= 0) for it and returns that.
    template <typename Equal> int findOrAdd(quint64 h, const Equal& equal, int newId)
    {
        size_t i = home(h);
        while (true) {
            const FlatSlot& s = m_slots[i];
            if (s.id < 0)
                break;
            if (s.hash == h && equal(s.id))
                return s.id;
            i = next(i);
        }
        m_slots[i] = FlatSlot { h, newId };
        growFor(++m_size);
        return newId;
    }
    size_t size() const { return m_size; }

private:
    size_t m_size = 0;
};

struct StringSlot {
    quint64 hash = 0;
    int id = -1;
    quint32 size = 0;
    quint64 key[2] = { 0, 0 }; ///< the key when it has at most 16 bytes, zero-padded
};

/// Interned strings: each distinct string gets a dense id, its bytes kept in one arena. Keys up
/// to 16 bytes are also kept in the table, so a lookup touches one slot, not the arena.
class StringIndex : public ProbedSlots<StringSlot> {
public:
    explicit StringIndex(size_t expected = 16)
        : ProbedSlots(expected)
    {
        m_offsets.reserve(expected + 1);
        m_offsets.push_back(0);
    }
    int intern(std::string_view key) { return intern(key, hashBytes(key, 0)); }
    /// intern() with the key's hashBytes(key, 0).
    int intern(std::string_view key, quint64 h)
    {
        const bool fitsInline = key.size() <= sizeof(StringSlot::key);
        quint64 padded[2] = { 0, 0 };
        if (fitsInline)
            std::memcpy(padded, key.data(), key.size());
        size_t i = home(h);
        while (true) {
            const StringSlot& s = m_slots[i];
            if (s.id < 0)
                break;
            if (s.hash == h && s.size == key.size()
                && (fitsInline ? s.key[0] == padded[0] && s.key[1] == padded[1]
                               : this->key(s.id) == key))
                return s.id;
            i = next(i);
        }
        const int id = size();
        m_slots[i]
            = StringSlot { h, id, static_cast<quint32>(key.size()), { padded[0], padded[1] } };
        m_bytes.append(key);
        m_offsets.push_back(m_bytes.size());
        growFor(m_offsets.size());
        return id;
    }
    std::string_view key(int id) const
    {
        const size_t from = m_offsets[static_cast<size_t>(id)];
        return std::string_view(m_bytes).substr(
            from, m_offsets[static_cast<size_t>(id) + 1] - from);
    }
    int size() const { return static_cast<int>(m_offsets.size() - 1); }

private:
    std::string m_bytes;
    std::vector<size_t> m_offsets;
};

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
    // Dates repeat a lot: remember the last one.
    thread_local int lastKey = -1;
    thread_local qint64 lastDay = 0;
    const int key = y * 10000 + m * 100 + d;
    if (key == lastKey)
        return lastDay;
    const QDate date(y, m, d);
    lastKey = key;
    lastDay = date.isValid() ? date.toJulianDay() : 0;
    return lastDay;
}

struct Order {
    int customer = 0;
    quint32 idSize = 0; ///< bytes of the order id (none for a purchase day)
    size_t idFrom = 0; ///< where the order id starts in the arena
    qint64 day = 0; ///< earliest line
    double total = 0;
};

constexpr int kInlineChannels = 4;

/// One customer's running totals, one cache line. Categories from id 64 on and channels from id
/// kInlineChannels on are counted apart (see Overflow).
struct alignas(64) Accumulator {
    double revenue = 0;
    quint64 categoryMask = 0; ///< distinct category ids below 64
    qint64 channels[kInlineChannels] = {}; ///< transactions per channel id below kInlineChannels
    qint64 orders = 0;
    qint32 firstDay = 0;
    qint32 lastDay = 0;
};

/// The rare rest of a customer's categories and channels (more than 64 or 4 distinct values in
/// the table).
struct Overflow {
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
    summary = MetricsSummary();
    summary.analysisDateChosen = analysisDate.isValid();
    summary.orderIds = shape->hasOrderId;

    const auto expectedRows = static_cast<size_t>(std::clamp<qint64>(shape->rows, 16, 1 << 24));
    StringIndex customerIndex(expectedRows / 8 + 16);
    FlatTable orderIndex(shape->hasOrderId ? expectedRows : 16); // (customer, order id)
    FlatTable dayOrderIndex(shape->hasOrderId ? 16 : expectedRows); // (customer, day)
    std::string orderIdBytes;
    StringIndex categoryIndex;
    StringIndex channelIndex;
    std::vector<Accumulator> acc;
    std::vector<Overflow> overflow; // by customer, only once needed
    auto overflowOf = [&](int c) -> Overflow& {
        if (overflow.size() <= static_cast<size_t>(c))
            overflow.resize(std::max(acc.size(), static_cast<size_t>(c) + 1));
        return overflow[static_cast<size_t>(c)];
    };
    std::vector<Order> orders;
    orders.reserve(expectedRows);

    if (auto r = MetricsStore::scanCustomerIds(
            ws, [&](std::string_view id) { customerIndex.intern(id); }, job);
        !r)
        return r.error();
    acc.resize(static_cast<size_t>(customerIndex.size()));

    // Without a chosen date every transaction counts (the default date is the day after the
    // latest one), so one scan finds the latest date and aggregates.
    std::string latest;
    bool anyDate = false;
    qint64 badDates = 0;

    // Rows wait in small batches so that the memory of a batch's customers and orders is fetched
    // ahead (prefetch) instead of one cache miss after the other. They are still aggregated one
    // by one, in table order, so the sums are those of a plain loop.
    struct Pending {
        qint64 day = 0;
        double amount = 0;
        quint64 hash = 0; ///< of the customer id, then of the order key
        quint32 customerFrom = 0;
        quint32 customerSize = 0;
        quint32 orderFrom = 0;
        quint32 orderSize = 0;
        int customer = 0;
        int category = -1;
        int channel = -1;
    };
    constexpr size_t kBatch = 32;
    std::array<Pending, kBatch> batch;
    size_t pending = 0;
    std::string batchBytes;
    auto aggregate = [&](const Pending& p) {
        const int c = p.customer;
        Accumulator& a = acc[static_cast<size_t>(c)];
        a.revenue += p.amount;
        summary.revenue += p.amount;
        ++summary.transactionsUsed;

        const int next = static_cast<int>(orders.size());
        int order = 0;
        if (p.orderSize > 0) {
            const std::string_view id(batchBytes.data() + p.orderFrom, p.orderSize);
            order = orderIndex.findOrAdd(
                p.hash,
                [&](int o) {
                    const Order& other = orders[static_cast<size_t>(o)];
                    return other.customer == c
                        && std::string_view(orderIdBytes).substr(other.idFrom, other.idSize) == id;
                },
                next);
            if (order == next) {
                orders.push_back(Order { c, p.orderSize, orderIdBytes.size(), p.day, 0 });
                orderIdBytes.append(id);
            }
        } else {
            // Apart from the order ids: a purchase day is not an order id.
            order = dayOrderIndex.findOrAdd(
                p.hash,
                [&](int o) {
                    const Order& other = orders[static_cast<size_t>(o)];
                    return other.customer == c && other.day == p.day;
                },
                next);
            if (order == next)
                orders.push_back(Order { c, 0, 0, p.day, 0 });
        }
        Order& o = orders[static_cast<size_t>(order)];
        o.total += p.amount;
        o.day = std::min(o.day, p.day);

        if (p.category >= 64) {
            std::vector<int>& more = overflowOf(c).categories;
            if (std::find(more.begin(), more.end(), p.category) == more.end())
                more.push_back(p.category);
        } else if (p.category >= 0) {
            a.categoryMask |= quint64(1) << p.category;
        }
        if (p.channel >= kInlineChannels) {
            auto& more = overflowOf(c).channels;
            auto it = std::find_if(
                more.begin(), more.end(), [&](const auto& e) { return e.first == p.channel; });
            if (it == more.end())
                more.emplace_back(p.channel, 1);
            else
                ++it->second;
        } else if (p.channel >= 0) {
            ++a.channels[p.channel];
        }
    };
    auto flush = [&] {
        for (size_t i = 0; i < pending; ++i) {
            Pending& p = batch[i];
            p.hash = hashBytes(
                std::string_view(batchBytes.data() + p.customerFrom, p.customerSize), 0);
            customerIndex.prefetch(p.hash);
        }
        for (size_t i = 0; i < pending; ++i) {
            Pending& p = batch[i];
            const int c = customerIndex.intern(
                std::string_view(batchBytes.data() + p.customerFrom, p.customerSize), p.hash);
            p.customer = c;
            if (static_cast<size_t>(c) >= acc.size())
                acc.resize(static_cast<size_t>(c) + 1);
            prefetch(&acc[static_cast<size_t>(c)]);
            if (p.orderSize > 0) {
                p.hash = hashBytes(std::string_view(batchBytes.data() + p.orderFrom, p.orderSize),
                    static_cast<quint64>(c));
                orderIndex.prefetch(p.hash);
            } else {
                p.hash = hashInt((static_cast<quint64>(c) << 32) ^ static_cast<quint64>(p.day));
                dayOrderIndex.prefetch(p.hash);
            }
        }
        for (size_t i = 0; i < pending; ++i)
            aggregate(batch[i]);
        pending = 0;
        batchBytes.clear();
    };

    if (shape->hasTable) {
        auto scanned = MetricsStore::scanTransactions(
            ws, *shape, analysisDate,
            [&](const TransactionRow& tx) {
                if (!anyDate || tx.date > std::string_view(latest)) {
                    latest.assign(tx.date);
                    anyDate = true;
                }
                const qint64 day = dayNumber(tx.date);
                if (day == 0) {
                    ++badDates;
                    return;
                }
                Pending& p = batch[pending];
                p.day = day;
                p.amount = tx.amount;
                p.customerFrom = static_cast<quint32>(batchBytes.size());
                p.customerSize = static_cast<quint32>(tx.customerId.size());
                batchBytes.append(tx.customerId);
                p.orderFrom = static_cast<quint32>(batchBytes.size());
                p.orderSize = static_cast<quint32>(tx.orderId.size());
                batchBytes.append(tx.orderId);
                p.category = tx.category.empty() ? -1 : categoryIndex.intern(tx.category);
                p.channel = tx.channel.empty() ? -1 : channelIndex.intern(tx.channel);
                if (++pending == kBatch)
                    flush();
            },
            job);
        flush();
        if (!scanned)
            return scanned.error();
    }

    QDate date = analysisDate;
    if (!date.isValid()) {
        if (anyDate) {
            const QString text = QString::fromUtf8(latest.data(), qsizetype(latest.size()));
            const QDate last = QDate::fromString(text.left(10), Qt::ISODate);
            if (!last.isValid())
                return makeError(ErrorCode::BadInput,
                    tr("The latest order date \u201c%1\u201d is not a date.").arg(text));
            date = last.addDays(1);
        } else {
            date = QDate::currentDate();
        }
    }
    summary.analysisDate = date;
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
        const auto day = static_cast<qint32>(o.day); // dayNumber() < 2^23
        a.firstDay = a.firstDay == 0 ? day : std::min(a.firstDay, day);
        a.lastDay = std::max(a.lastDay, day);
    }
    std::vector<Order>().swap(orders);
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));

    std::vector<QString> channelNames(static_cast<size_t>(channelIndex.size()));
    for (int id = 0; id < channelIndex.size(); ++id) {
        const std::string_view name = channelIndex.key(id);
        channelNames[static_cast<size_t>(id)]
            = QString::fromUtf8(name.data(), qsizetype(name.size()));
    }

    // Rows in customer id order (QString order; the same as byte order for ASCII ids).
    const int customers = customerIndex.size();
    std::vector<QString> ids(static_cast<size_t>(customers));
    std::vector<int> byId(static_cast<size_t>(customers));
    bool ascii = true;
    for (int i = 0; i < customers; ++i) {
        const std::string_view id = customerIndex.key(i);
        ids[static_cast<size_t>(i)] = QString::fromUtf8(id.data(), qsizetype(id.size()));
        byId[static_cast<size_t>(i)] = i;
        ascii = ascii && std::all_of(id.begin(), id.end(), [](char ch) {
            return static_cast<unsigned char>(ch) < 0x80;
        });
    }
    if (ascii)
        std::sort(byId.begin(), byId.end(),
            [&](int a, int b) { return customerIndex.key(a) < customerIndex.key(b); });
    else
        std::sort(byId.begin(), byId.end(), [&](int a, int b) {
            return ids[static_cast<size_t>(a)] < ids[static_cast<size_t>(b)];
        });

    const qint64 analysisDay = date.toJulianDay();
    std::vector<CustomerMetricsRow> rows(static_cast<size_t>(customers));
    for (int r = 0; r < customers; ++r) {
        const auto index = static_cast<size_t>(byId[static_cast<size_t>(r)]);
        const Accumulator& a = acc[index];
        CustomerMetricsRow& m = rows[static_cast<size_t>(r)];
        m.customerId = std::move(ids[index]);
        m.orders = a.orders;
        m.revenue = a.revenue;
        const Overflow* more = index < overflow.size() ? &overflow[index] : nullptr;
        if (shape->hasCategory)
            m.categories = static_cast<qint64>(std::popcount(a.categoryMask))
                + (more ? static_cast<qint64>(more->categories.size()) : 0);
        // The channel of most transactions; ties: the alphabetically first name.
        int best = -1;
        qint64 bestCount = 0;
        auto consider = [&](int ch, qint64 count) {
            if (count > bestCount
                || (count == bestCount && count > 0
                    && channelNames[static_cast<size_t>(ch)]
                        < channelNames[static_cast<size_t>(best)])) {
                best = ch;
                bestCount = count;
            }
        };
        for (int ch = 0; ch < kInlineChannels; ++ch)
            consider(ch, a.channels[ch]);
        if (more) {
            for (const auto& [ch, count] : more->channels)
                consider(ch, count);
        }
        if (best >= 0)
            m.topChannel = channelNames[static_cast<size_t>(best)];
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
