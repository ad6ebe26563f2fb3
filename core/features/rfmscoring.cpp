#include "rfmscoring.h"

#include "customermetrics.h"
#include "customerstatus.h"
#include "customerviewstore.h"
#include "fieldcatalog.h"
#include "metricsstore.h"

#include <QJsonDocument>

namespace seg {

Result<QDate> RfmScoring::ensureMetrics(Workspace& ws, const QDate& analysisDate, JobContext& job)
{
    auto current = CustomerMetrics::isCurrent(ws, analysisDate);
    if (!current)
        return current.error();
    if (*current) {
        auto date = MetricsStore::metaValue(ws, QStringLiteral("metrics.analysis_date"));
        if (!date)
            return date.error();
        // Lifecycle and tiers must be of these metrics too (a workspace from before they
        // existed has none).
        auto statusFor = MetricsStore::metaValue(ws, QStringLiteral("status.metrics_computed_at"));
        auto computedAt = MetricsStore::metaValue(ws, QStringLiteral("metrics.computed_at"));
        if (!statusFor)
            return statusFor.error();
        if (!computedAt)
            return computedAt.error();
        if (*statusFor != *computedAt) {
            auto metrics = MetricsStore::readMetrics(ws, job);
            if (!metrics)
                return metrics.error();
            if (auto r = CustomerStatus::refreshStored(ws, *metrics, job); !r)
                return r.error();
        }
        return QDate::fromString(*date, Qt::ISODate);
    }
    auto summary = CustomerMetrics::computeAndStore(ws, analysisDate, job);
    if (!summary)
        return summary.error();
    return summary->analysisDate;
}

Result<RfmResult> RfmScoring::scoreAndStore(
    Workspace& ws, const RfmOptions& options, const QDate& metricsDate, JobContext& job)
{
    auto metrics = MetricsStore::readMetrics(ws, job);
    if (!metrics)
        return metrics.error();
    auto result = RfmModel::fit(*metrics, options, job);
    if (!result)
        return result.error();
    auto computedAt = MetricsStore::metaValue(ws, QStringLiteral("metrics.computed_at"));
    if (!computedAt)
        return computedAt.error();
    const QHash<QString, QString> meta {
        { QStringLiteral("analysis_date"), metricsDate.toString(Qt::ISODate) },
        { QStringLiteral("metrics_computed_at"), *computedAt },
        { QStringLiteral("bins"), QString::number(options.bins) },
        { QStringLiteral("map"),
            QString::fromUtf8(QJsonDocument(options.map.toJson()).toJson(QJsonDocument::Compact)) },
        { QStringLiteral("result"),
            QString::fromUtf8(QJsonDocument(result->toJson()).toJson(QJsonDocument::Compact)) },
    };
    if (auto r = MetricsStore::writeRfm(ws, result->scores, meta, job); !r)
        return r.error();
    return result;
}

Result<QDate> RfmScoring::ensureScores(Workspace& ws, const QDate& analysisDate, JobContext& job)
{
    auto date = ensureMetrics(ws, analysisDate, job);
    if (!date)
        return date.error();
    auto scoredFor = MetricsStore::metaValue(ws, QStringLiteral("rfm.metrics_computed_at"));
    auto computedAt = MetricsStore::metaValue(ws, QStringLiteral("metrics.computed_at"));
    if (!scoredFor)
        return scoredFor.error();
    if (!computedAt)
        return computedAt.error();
    if (scoredFor->isEmpty() || *scoredFor != *computedAt) {
        // Score again with the bins and map chosen last time (defaults the first time).
        RfmOptions options;
        auto bins = MetricsStore::metaValue(ws, QStringLiteral("rfm.bins"));
        auto map = MetricsStore::metaValue(ws, QStringLiteral("rfm.map"));
        if (!bins)
            return bins.error();
        if (!map)
            return map.error();
        if (!bins->isEmpty())
            options.bins = bins->toInt();
        if (!map->isEmpty()) {
            auto stored = RfmSegmentMap::fromJson(QJsonDocument::fromJson(map->toUtf8()).object());
            if (stored)
                options.map = *stored;
        }
        if (auto r = scoreAndStore(ws, options, *date, job); !r)
            return r.error();
    }
    // The denormalised table that makes rule previews one scan.
    auto view = CustomerViewStore::isCurrent(ws);
    if (!view)
        return view.error();
    if (!*view) {
        auto catalog = FieldCatalog::load(ws);
        if (!catalog)
            return catalog.error();
        if (auto r = CustomerViewStore::rebuild(ws, *catalog, job); !r)
            return r.error();
    }
    return date;
}

} // namespace seg
