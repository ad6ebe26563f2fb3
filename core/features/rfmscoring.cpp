#include "rfmscoring.h"

#include "customermetrics.h"
#include "customerstatus.h"
#include "customerviewstore.h"
#include "fieldcatalog.h"
#include "metricsstore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <iterator>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::RfmScoring", text); }

// The names of the three dimensions in rfm.thresholds and in the stored result.
const char* const kDimensions[] = { "recency", "frequency", "monetary" };

// The custom cut points of each dimension, in kDimensions order.
std::array<std::optional<std::vector<double>>*, 3> thresholdsOf(RfmOptions& options)
{
    return { &options.recencyThresholds, &options.frequencyThresholds,
        &options.monetaryThresholds };
}

// {"recency": [..], ...} with the dimensions that have custom cut points; {} for none.
QString thresholdsJson(const RfmOptions& options)
{
    const std::optional<std::vector<double>>* const dimensions[]
        = { &options.recencyThresholds, &options.frequencyThresholds, &options.monetaryThresholds };
    QJsonObject out;
    for (size_t d = 0; d < std::size(dimensions); ++d) {
        if (!*dimensions[d])
            continue;
        QJsonArray array;
        for (double v : **dimensions[d])
            array.append(v);
        out.insert(QLatin1String(kDimensions[d]), array);
    }
    return QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
}

Error damaged(const QString& key, const QString& detail)
{
    return makeError(ErrorCode::Workspace,
        tr("The RFM setting %1 stored in the workspace is damaged (%2). Compute the RFM scores "
           "again to store new settings.")
            .arg(key, detail));
}

// A stored JSON object; an error naming `key` when the text is not one.
Result<QJsonObject> storedObject(const QString& key, const QString& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return damaged(key, tr("%1 at character %2").arg(error.errorString()).arg(error.offset));
    if (!doc.isObject())
        return damaged(key, tr("not a JSON object"));
    return doc.object();
}

// The custom cut points of `json` (rfm.thresholds: arrays by dimension; or, when `fromResult`,
// the stored result's dimensions whose "custom" flag is set).
Result<void> readThresholds(
    const QString& key, const QJsonObject& json, bool fromResult, RfmOptions& options)
{
    const auto targets = thresholdsOf(options);
    for (size_t d = 0; d < targets.size(); ++d) {
        const QJsonValue entry = json.value(QLatin1String(kDimensions[d]));
        if (entry.isUndefined() || entry.isNull())
            continue;
        QJsonValue list = entry;
        if (fromResult) {
            const QJsonObject dimension = entry.toObject();
            if (!dimension.value(QStringLiteral("custom")).toBool())
                continue;
            list = dimension.value(QStringLiteral("thresholds"));
        }
        if (!list.isArray())
            return damaged(
                key, tr("the %1 cut points are not a list").arg(QLatin1String(kDimensions[d])));
        std::vector<double> values;
        const QJsonArray array = list.toArray();
        for (const QJsonValue& v : array) {
            if (!v.isDouble())
                return damaged(
                    key, tr("a %1 cut point is not a number").arg(QLatin1String(kDimensions[d])));
            values.push_back(v.toDouble());
        }
        *targets[d] = std::move(values);
    }
    return {};
}

} // namespace

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
        { QStringLiteral("thresholds"), thresholdsJson(options) },
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
    // Rules see what the RFM and lifecycle pages show: keep the workspace's date choice.
    QDate wanted = analysisDate;
    if (!wanted.isValid()) {
        auto stored = storedAnalysisDate(ws);
        if (!stored)
            return stored.error();
        wanted = *stored;
    }
    auto date = ensureMetrics(ws, wanted, job);
    if (!date)
        return date.error();
    auto scoredFor = MetricsStore::metaValue(ws, QStringLiteral("rfm.metrics_computed_at"));
    auto computedAt = MetricsStore::metaValue(ws, QStringLiteral("metrics.computed_at"));
    if (!scoredFor)
        return scoredFor.error();
    if (!computedAt)
        return computedAt.error();
    if (scoredFor->isEmpty() || *scoredFor != *computedAt) {
        // Score again with the settings chosen last time (defaults the first time).
        auto options = storedOptions(ws);
        if (!options)
            return options.error();
        if (auto r = scoreAndStore(ws, *options, *date, job); !r)
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

Result<RfmOptions> RfmScoring::storedOptions(Workspace& ws)
{
    RfmOptions options;
    auto bins = MetricsStore::metaValue(ws, QStringLiteral("rfm.bins"));
    if (!bins)
        return bins.error();
    if (!bins->isEmpty()) {
        bool ok = false;
        options.bins = bins->toInt(&ok);
        if (!ok || options.bins < 3 || options.bins > 5)
            return damaged(
                QStringLiteral("rfm.bins"), tr("\u201c%1\u201d is not 3, 4 or 5 bins").arg(*bins));
    }

    auto thresholds = MetricsStore::metaValue(ws, QStringLiteral("rfm.thresholds"));
    if (!thresholds)
        return thresholds.error();
    if (!thresholds->isEmpty()) {
        auto json = storedObject(QStringLiteral("rfm.thresholds"), *thresholds);
        if (!json)
            return json.error();
        if (auto r = readThresholds(QStringLiteral("rfm.thresholds"), *json, false, options); !r)
            return r.error();
    } else {
        // Scored before the cut points were stored: the result says which were custom.
        auto result = MetricsStore::metaValue(ws, QStringLiteral("rfm.result"));
        if (!result)
            return result.error();
        if (!result->isEmpty()) {
            auto json = storedObject(QStringLiteral("rfm.result"), *result);
            if (!json)
                return json.error();
            if (auto r = readThresholds(QStringLiteral("rfm.result"), *json, true, options); !r)
                return r.error();
        }
    }

    auto map = MetricsStore::metaValue(ws, QStringLiteral("rfm.map"));
    if (!map)
        return map.error();
    if (!map->isEmpty()) {
        auto json = storedObject(QStringLiteral("rfm.map"), *map);
        if (!json)
            return json.error();
        auto stored = RfmSegmentMap::fromJson(*json);
        if (!stored)
            return damaged(QStringLiteral("rfm.map"), stored.error().message);
        options.map = *stored;
    }
    return options;
}

Result<QDate> RfmScoring::storedAnalysisDate(Workspace& ws)
{
    auto chosen = MetricsStore::metaValue(ws, QStringLiteral("metrics.chosen_date"));
    if (!chosen)
        return chosen.error();
    if (chosen->isEmpty())
        return QDate();
    const QDate date = QDate::fromString(*chosen, Qt::ISODate);
    if (!date.isValid())
        return makeError(ErrorCode::Workspace,
            tr("The analysis date stored in the workspace (metrics.chosen_date) is damaged: "
               "\u201c%1\u201d is not a date.")
                .arg(*chosen));
    return date;
}

Result<RfmSettings> RfmScoring::storedSettings(Workspace& ws)
{
    RfmSettings settings;
    auto options = storedOptions(ws);
    if (!options)
        return options.error();
    settings.options = std::move(options.value());
    auto date = storedAnalysisDate(ws);
    if (!date)
        return date.error();
    settings.analysisDate = *date;
    auto bins = MetricsStore::metaValue(ws, QStringLiteral("rfm.bins"));
    if (!bins)
        return bins.error();
    settings.stored = !bins->isEmpty();
    auto metricsDate = MetricsStore::metaValue(ws, QStringLiteral("metrics.analysis_date"));
    if (!metricsDate)
        return metricsDate.error();
    settings.metricsDate = QDate::fromString(*metricsDate, Qt::ISODate);
    return settings;
}

} // namespace seg
