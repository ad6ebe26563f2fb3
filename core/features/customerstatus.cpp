#include "customerstatus.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::CustomerStatus", text); }

QJsonArray countsJson(const QList<StatusCount>& counts)
{
    QJsonArray out;
    for (const StatusCount& c : counts)
        out.append(QJsonObject { { QStringLiteral("name"), c.name },
            { QStringLiteral("customers"), c.customers },
            { QStringLiteral("revenue"), c.revenue } });
    return out;
}

// status.options: {"new_days": .., "active_days": .., "lapsed_days": .., "tier_cutoffs": [..]}.
QString optionsJson(const LifecycleOptions& lifecycle, const ValueTierOptions& tiers)
{
    QJsonArray cutoffs;
    for (double c : tiers.cutoffs)
        cutoffs.append(c);
    const QJsonObject options { { QStringLiteral("new_days"), lifecycle.newDays },
        { QStringLiteral("active_days"), lifecycle.activeDays },
        { QStringLiteral("lapsed_days"), lifecycle.lapsedDays },
        { QStringLiteral("tier_cutoffs"), cutoffs } };
    return QString::fromUtf8(QJsonDocument(options).toJson(QJsonDocument::Compact));
}

} // namespace

QList<double> ValueTierOptions::defaultCutoffs() { return { 1, 5, 20 }; }

QString CustomerStatus::tierName(double percent)
{
    return QStringLiteral("Top %1 %").arg(QString::number(percent, 'g', 6));
}

QJsonObject CustomerStatusResult::toJson() const
{
    return QJsonObject { { QStringLiteral("lifecycle"), countsJson(lifecycle) },
        { QStringLiteral("value_tiers"), countsJson(tiers) } };
}

Result<void> CustomerStatus::validate(
    const LifecycleOptions& lifecycle, const ValueTierOptions& tiers)
{
    if (!(lifecycle.newDays > 0 && lifecycle.activeDays > 0
            && lifecycle.lapsedDays > lifecycle.activeDays))
        return makeError(ErrorCode::Usage,
            tr("The lifecycle windows must be positive, and the lapsed window longer than the "
               "active one."));
    QList<double> cutoffs = tiers.cutoffs;
    std::sort(cutoffs.begin(), cutoffs.end());
    for (int i = 0; i < cutoffs.size(); ++i) {
        if (!(cutoffs.at(i) > 0 && cutoffs.at(i) <= 100)
            || (i > 0 && cutoffs.at(i) == cutoffs.at(i - 1)))
            return makeError(ErrorCode::Usage,
                tr("Value tier cut-offs are distinct percentages above 0 and at most 100."));
    }
    return {};
}

Result<CustomerStatusResult> CustomerStatus::compute(const std::vector<CustomerMetricsRow>& metrics,
    const LifecycleOptions& lifecycle, const ValueTierOptions& tiers, JobContext& job)
{
    if (auto valid = validate(lifecycle, tiers); !valid)
        return valid.error();
    QList<double> cutoffs = tiers.cutoffs;
    std::sort(cutoffs.begin(), cutoffs.end());

    CustomerStatusResult out;
    const QStringList names { QStringLiteral("prospect"), QStringLiteral("new"),
        QStringLiteral("active"), QStringLiteral("lapsed"), QStringLiteral("lost") };
    for (const QString& n : names)
        out.lifecycle.append(StatusCount { n, 0, 0, 0 });
    out.lifecycleOf.reserve(metrics.size());
    out.tierOf.assign(metrics.size(), QString());

    std::vector<size_t> buyers;
    for (size_t i = 0; i < metrics.size(); ++i) {
        const CustomerMetricsRow& m = metrics[i];
        int status = 0;
        if (m.orders > 0 && m.tenureDays && m.recencyDays) {
            if (*m.tenureDays <= lifecycle.newDays)
                status = 1;
            else if (*m.recencyDays <= lifecycle.activeDays)
                status = 2;
            else if (*m.recencyDays <= lifecycle.lapsedDays)
                status = 3;
            else
                status = 4;
            buyers.push_back(i);
        }
        ++out.lifecycle[status].customers;
        out.lifecycle[status].revenue += m.revenue;
        out.lifecycleOf.emplace_back(m.customerId, names.at(status));
    }
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));

    std::stable_sort(buyers.begin(), buyers.end(),
        [&](size_t a, size_t b) { return metrics[a].revenue > metrics[b].revenue; });
    const double n = static_cast<double>(buyers.size());
    QList<double> thresholds;
    for (double p : cutoffs) {
        const auto k = static_cast<size_t>(std::ceil(p / 100.0 * n - 1e-9));
        thresholds.append(buyers.empty() || k == 0
                ? std::numeric_limits<double>::infinity()
                : metrics[buyers[std::min(k, buyers.size()) - 1]].revenue);
        out.tiers.append(StatusCount { tierName(p), 0, 0, 0 });
    }
    out.tiers.append(StatusCount { tr("Rest"), 0, 0, 0 });
    for (size_t b : buyers) {
        const double revenue = metrics[b].revenue;
        int tier = static_cast<int>(cutoffs.size());
        for (int t = 0; t < thresholds.size(); ++t) {
            if (revenue >= thresholds.at(t)) {
                tier = t;
                break;
            }
        }
        StatusCount& c = out.tiers[tier];
        c.minRevenue = c.customers == 0 ? revenue : std::min(c.minRevenue, revenue);
        ++c.customers;
        c.revenue += revenue;
        out.tierOf[b] = c.name;
    }

    // Pareto curve: cumulative revenue share against the share of buyers, 100 points.
    double total = 0;
    for (size_t b : buyers)
        total += metrics[b].revenue;
    if (!buyers.empty() && total != 0) {
        double running = 0;
        size_t next = 0;
        for (int point = 1; point <= 100; ++point) {
            const auto upto = static_cast<size_t>(std::ceil(point / 100.0 * n));
            while (next < upto && next < buyers.size())
                running += metrics[buyers[next++]].revenue;
            out.pareto.append({ point / 100.0, running / total });
        }
    }
    return out;
}

Result<CustomerStatusResult> CustomerStatus::computeAndStore(Workspace& ws,
    const std::vector<CustomerMetricsRow>& metrics, const LifecycleOptions& lifecycle,
    const ValueTierOptions& tiers, JobContext& job)
{
    auto result = compute(metrics, lifecycle, tiers, job);
    if (!result)
        return result.error();
    auto metricsComputedAt = MetricsStore::metaValue(ws, QStringLiteral("metrics.computed_at"));
    if (!metricsComputedAt)
        return metricsComputedAt.error();
    const QHash<QString, QString> meta {
        { QStringLiteral("options"), optionsJson(lifecycle, tiers) },
        { QStringLiteral("metrics_computed_at"), *metricsComputedAt },
    };
    if (auto r = MetricsStore::writeStatus(ws, result->lifecycleOf, result->tierOf, meta, job); !r)
        return r.error();
    return result;
}

Result<StatusOptions> CustomerStatus::storedOptions(Workspace& ws)
{
    StatusOptions out;
    auto stored = MetricsStore::metaValue(ws, QStringLiteral("status.options"));
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return out;
    const auto damaged = [](const QString& detail) {
        return makeError(ErrorCode::Workspace,
            tr("The lifecycle and value tier settings stored in the workspace (status.options) "
               "are damaged: %1. Apply the settings again to store new ones.")
                .arg(detail));
    };
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(stored->toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return damaged(tr("%1 at character %2").arg(error.errorString()).arg(error.offset));
    if (!doc.isObject())
        return damaged(tr("not a JSON object"));
    const QJsonObject o = doc.object();
    const std::pair<const char*, int*> windows[] = {
        { "new_days", &out.lifecycle.newDays },
        { "active_days", &out.lifecycle.activeDays },
        { "lapsed_days", &out.lifecycle.lapsedDays },
    };
    for (const auto& [key, target] : windows) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        const double days = v.toDouble(-1);
        if (!v.isDouble() || days < 1 || days > std::numeric_limits<int>::max()
            || days != std::floor(days))
            return damaged(tr("%1 is not a positive whole number of days").arg(QLatin1String(key)));
        *target = static_cast<int>(days);
    }
    const QJsonValue cutoffs = o.value(QStringLiteral("tier_cutoffs"));
    if (!cutoffs.isUndefined()) {
        if (!cutoffs.isArray())
            return damaged(tr("tier_cutoffs is not a list"));
        out.tiers.cutoffs.clear();
        const QJsonArray list = cutoffs.toArray();
        for (const QJsonValue& v : list) {
            if (!v.isDouble())
                return damaged(tr("a value tier cut-off is not a number"));
            out.tiers.cutoffs.append(v.toDouble());
        }
    }
    out.stored = true;
    return out;
}

Result<void> CustomerStatus::storeOptions(
    Workspace& ws, const LifecycleOptions& lifecycle, const ValueTierOptions& tiers)
{
    if (auto valid = validate(lifecycle, tiers); !valid)
        return valid.error();
    return MetricsStore::writeSettings(ws, QStringLiteral("status."),
        { { QStringLiteral("options"), optionsJson(lifecycle, tiers) } });
}

Result<CustomerStatusResult> CustomerStatus::refreshStored(
    Workspace& ws, const std::vector<CustomerMetricsRow>& metrics, JobContext& job)
{
    auto options = storedOptions(ws);
    if (!options)
        return options.error();
    return computeAndStore(ws, metrics, options->lifecycle, options->tiers, job);
}

} // namespace seg
