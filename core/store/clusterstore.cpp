#include "clusterstore.h"

#include "database.h"
#include "interruptguard.h"
#include "metricsstore.h"
#include "rulesqlcompiler.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::ClusterStore", text); }

/// Rows between two cancellation checks while reading and writing.
constexpr qint64 kPollRows = 4096;

Error cancelled() { return makeError(ErrorCode::Cancelled, tr("Cancelled.")); }

Error stepError(const Statement& stmt, const JobContext& job, const QString& what)
{
    if (job.isCancelled())
        return cancelled();
    return makeError(ErrorCode::Workspace, tr("%1: %2").arg(what, stmt.lastError()));
}

QString compactJson(const QJsonValue& v)
{
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

QJsonArray toJson(const QList<double>& values)
{
    QJsonArray a;
    for (double v : values)
        a.append(v);
    return a;
}

QList<double> doublesFrom(const QJsonValue& v)
{
    QList<double> out;
    for (const QJsonValue& x : v.toArray())
        out.append(x.toDouble());
    return out;
}

const char* const kColumns = "id, name, field, features, k, seed, restarts, max_iterations, "
                             "tolerance, inertia, iterations, converged, scaling, clusters, "
                             "customers, unclustered, analysis_date, computed_at";

Clustering clusteringFrom(const Statement& s)
{
    Clustering c;
    c.id = s.columnInt(0);
    c.name = s.columnText(1);
    c.field = s.columnText(2);
    for (const QJsonValue& v : QJsonDocument::fromJson(s.columnText(3).toUtf8()).array())
        c.features.append(v.toString());
    c.k = static_cast<int>(s.columnInt(4));
    c.seed = static_cast<quint64>(s.columnInt(5));
    c.restarts = static_cast<int>(s.columnInt(6));
    c.maxIterations = static_cast<int>(s.columnInt(7));
    c.tolerance = s.columnDouble(8);
    c.inertia = s.columnDouble(9);
    c.iterations = static_cast<int>(s.columnInt(10));
    c.converged = s.columnInt(11) != 0;
    const QJsonObject scaling = QJsonDocument::fromJson(s.columnText(12).toUtf8()).object();
    c.featureMeans = doublesFrom(scaling.value(QStringLiteral("mean")));
    c.featureScales = doublesFrom(scaling.value(QStringLiteral("std")));
    for (const QJsonValue& v : QJsonDocument::fromJson(s.columnText(13).toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        c.clusters.append(ClusterSummary { o.value(QStringLiteral("cluster")).toInt(),
            o.value(QStringLiteral("size")).toInteger(),
            doublesFrom(o.value(QStringLiteral("mean"))) });
    }
    c.customers = s.columnInt(14);
    c.unclustered = s.columnInt(15);
    c.analysisDate = s.columnText(16);
    c.computedAt = s.columnText(17);
    return c;
}

/// A stored value as a number; NULL, text and non-finite values are missing.
bool numberAt(const Statement& s, int column, double& out)
{
    const QVariant v = s.columnValue(column);
    if (v.typeId() != QMetaType::LongLong && v.typeId() != QMetaType::Double)
        return false;
    out = v.toDouble();
    return std::isfinite(out);
}

} // namespace

QString ClusterStore::fieldNameFor(const QString& name)
{
    QString cleaned;
    for (const QChar c : name.trimmed().toLower()) {
        if (c.isLetterOrNumber())
            cleaned += c;
        else if (!cleaned.endsWith(QLatin1Char('_')))
            cleaned += QLatin1Char('_');
    }
    while (cleaned.startsWith(QLatin1Char('_')))
        cleaned.remove(0, 1);
    while (cleaned.endsWith(QLatin1Char('_')))
        cleaned.chop(1);
    return cleaned.isEmpty() ? QString() : QStringLiteral("cluster_") + cleaned;
}

Result<FeatureTable> ClusterStore::readFeatures(
    Workspace& ws, const FieldCatalog& catalog, const QStringList& features, JobContext& job)
{
    if (features.isEmpty())
        return makeError(ErrorCode::Usage, tr("Choose at least one feature to cluster on."));
    QStringList numeric;
    for (const FieldInfo& f : catalog.fields()) {
        if (f.type == FieldType::Number && f.kind != FieldKind::Cluster && !f.table.isEmpty())
            numeric.append(f.name);
    }
    QStringList columns { QStringLiteral("m.customer_id") };
    QSet<QString> seen;
    QSet<QString> tables;
    for (const QString& name : features) {
        const FieldInfo* f = catalog.find(name);
        if (!f || !numeric.contains(f->name))
            return makeError(ErrorCode::BadInput,
                f ? tr("\u201c%1\u201d is a %2 field; clustering needs number fields: %3.")
                        .arg(name, FieldCatalog::typeName(f->type),
                            numeric.join(QStringLiteral(", ")))
                  : tr("There is no number field \u201c%1\u201d; clustering can use: %2.")
                        .arg(name, numeric.join(QStringLiteral(", "))));
        if (seen.contains(f->name))
            return makeError(
                ErrorCode::Usage, tr("The feature \u201c%1\u201d is listed twice.").arg(f->name));
        seen.insert(f->name);
        tables.insert(f->table);
        // Identifiers come from the catalog (column_meta and fixed columns) and are quoted.
        columns.append(RuleSqlCompiler::tableAlias(f->table) + QLatin1Char('.')
            + Database::quoteIdentifier(f->column));
    }
    QString from = QStringLiteral("customer_metrics AS m");
    if (tables.contains(QStringLiteral("customers")))
        from += QStringLiteral(" LEFT JOIN customers AS c ON c.customer_id = m.customer_id");
    if (tables.contains(QStringLiteral("rfm_scores")))
        from += QStringLiteral(" LEFT JOIN rfm_scores AS r ON r.customer_id = m.customer_id");
    if (tables.contains(QStringLiteral("customer_status")))
        from += QStringLiteral(" LEFT JOIN customer_status AS s ON s.customer_id = m.customer_id");

    Database& db = ws.database();
    auto count = db.scalar(QStringLiteral("SELECT count(*) FROM customer_metrics"));
    if (!count)
        return count.error();
    const qint64 customers = count->toLongLong();
    if (customers == 0)
        return makeError(ErrorCode::BadInput,
            tr("There are no customer metrics to cluster yet; compute them first (segwb "
               "metrics)."));
    auto stmt = db.prepare(QStringLiteral("SELECT %1 FROM %2 ORDER BY m.customer_id")
                               .arg(columns.join(QStringLiteral(", ")), from));
    if (!stmt)
        return stmt.error();
    const auto d = static_cast<Eigen::Index>(features.size());
    FeatureTable out;
    out.values.resize(static_cast<Eigen::Index>(customers), d);
    Eigen::Index row = 0;
    qint64 read = 0;
    InterruptGuard guard(db, job);
    while (stmt->step()) {
        if (++read % kPollRows == 0) {
            if (job.isCancelled())
                return cancelled();
            job.setProgress(read, customers);
        }
        if (row >= out.values.rows()) // rows added since the count: cannot happen in one file
            out.values.conservativeResize(row + kPollRows, d);
        bool complete = true;
        for (Eigen::Index j = 0; j < d && complete; ++j)
            complete = numberAt(*stmt, static_cast<int>(j) + 1, out.values(row, j));
        if (!complete) {
            ++out.unclustered;
            continue;
        }
        out.customerIds.append(stmt->columnText(0));
        ++row;
    }
    if (!stmt->lastError().isEmpty())
        return stepError(*stmt, job, tr("Cannot read the features"));
    out.values.conservativeResize(row, d);
    return out;
}

Result<Clustering> ClusterStore::create(
    Workspace& ws, const FieldCatalog& catalog, const ClusteringOptions& options, JobContext& job)
{
    const QString name = options.name.trimmed();
    if (name.isEmpty())
        return makeError(ErrorCode::Usage, tr("A clustering needs a name."));
    const QString field = fieldNameFor(name);
    if (field.isEmpty())
        return makeError(ErrorCode::Usage,
            tr("The name \u201c%1\u201d has no letter or digit; rules refer to a clustering "
               "by its name.")
                .arg(name));
    if (const FieldInfo* taken = catalog.find(field); taken && taken->kind != FieldKind::Cluster)
        return makeError(ErrorCode::BadInput,
            tr("The rule field %1 of a clustering named \u201c%2\u201d is already a field "
               "(%3); choose another name.")
                .arg(field, name, taken->label));
    auto all = list(ws);
    if (!all)
        return all.error();
    for (const Clustering& c : *all) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return makeError(ErrorCode::BadInput,
                tr("There is already a clustering named \u201c%1\u201d; choose another name or "
                   "delete that one.")
                    .arg(c.name));
        if (c.field == field)
            return makeError(ErrorCode::BadInput,
                tr("The clustering \u201c%1\u201d already has the rule field %2; choose a name "
                   "that differs in more than spaces and punctuation.")
                    .arg(c.name, field));
    }

    auto table = readFeatures(ws, catalog, options.features, job);
    if (!table)
        return table.error();
    const RowMatrix& raw = table->values;
    if (raw.rows() == 0)
        return makeError(ErrorCode::BadInput,
            tr("No customer has all of the features %1; %2 customers have one missing.")
                .arg(options.features.join(QStringLiteral(", ")))
                .arg(table->unclustered));

    const Standardisation scaling = KMeans::standardisation(raw);
    RowMatrix z = raw;
    KMeans::standardise(z, scaling);
    KMeansOptions ko;
    ko.k = options.k;
    ko.restarts = options.restarts;
    ko.seed = options.seed;
    ko.maxIterations = options.maxIterations;
    ko.tolerance = options.tolerance;
    ko.threads = options.threads;
    auto fit = KMeans(ko).fit(z, job);
    if (!fit)
        return fit.error();

    // Number the clusters by size, largest first; ties keep k-means' order.
    std::vector<int> order(static_cast<size_t>(ko.k));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return fit->sizes[static_cast<size_t>(a)] > fit->sizes[static_cast<size_t>(b)];
    });
    std::vector<int> number(static_cast<size_t>(ko.k));
    for (size_t i = 0; i < order.size(); ++i)
        number[static_cast<size_t>(order[i])] = static_cast<int>(i) + 1;

    const auto d = raw.cols();
    RowMatrix sums = RowMatrix::Zero(ko.k, d);
    for (Eigen::Index i = 0; i < raw.rows(); ++i)
        sums.row(fit->labels[static_cast<size_t>(i)]) += raw.row(i);
    Clustering out;
    out.name = name;
    out.field = field;
    out.features = options.features;
    out.k = ko.k;
    out.seed = ko.seed;
    out.restarts = ko.restarts;
    out.maxIterations = ko.maxIterations;
    out.tolerance = ko.tolerance;
    out.inertia = fit->inertia;
    out.iterations = fit->iterations;
    out.converged = fit->converged;
    for (Eigen::Index j = 0; j < d; ++j) {
        out.featureMeans.append(scaling.mean[j]);
        out.featureScales.append(scaling.scale[j]);
    }
    QJsonArray clustersJson;
    for (int label : order) {
        ClusterSummary s;
        s.cluster = number[static_cast<size_t>(label)];
        s.size = fit->sizes[static_cast<size_t>(label)];
        for (Eigen::Index j = 0; j < d; ++j)
            s.means.append(sums(label, j) / static_cast<double>(s.size));
        clustersJson.append(QJsonObject { { QStringLiteral("cluster"), s.cluster },
            { QStringLiteral("size"), s.size }, { QStringLiteral("mean"), toJson(s.means) } });
        out.clusters.append(s);
    }
    out.customers = raw.rows();
    out.unclustered = table->unclustered;
    auto date = MetricsStore::metaValue(ws, QStringLiteral("metrics.analysis_date"));
    if (!date)
        return date.error();
    out.analysisDate = *date;
    out.computedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);

    Database& db = ws.database();
    auto stored = ws.database().inTransaction([&]() -> Result<void> {
        auto insert = db.prepare(QStringLiteral(
            "INSERT INTO clusterings (name, field, features, k, seed, restarts, max_iterations, "
            "tolerance, inertia, iterations, converged, scaling, clusters, customers, "
            "unclustered, analysis_date, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
            "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"));
        if (!insert)
            return insert.error();
        insert->bindText(1, out.name);
        insert->bindText(2, out.field);
        insert->bindText(3, compactJson(QJsonArray::fromStringList(out.features)));
        insert->bindInt(4, out.k);
        insert->bindInt(5, static_cast<qint64>(out.seed));
        insert->bindInt(6, out.restarts);
        insert->bindInt(7, out.maxIterations);
        insert->bindDouble(8, out.tolerance);
        insert->bindDouble(9, out.inertia);
        insert->bindInt(10, out.iterations);
        insert->bindInt(11, out.converged ? 1 : 0);
        insert->bindText(12,
            compactJson(QJsonObject { { QStringLiteral("mean"), toJson(out.featureMeans) },
                { QStringLiteral("std"), toJson(out.featureScales) } }));
        insert->bindText(13, compactJson(clustersJson));
        insert->bindInt(14, out.customers);
        insert->bindInt(15, out.unclustered);
        if (out.analysisDate.isEmpty())
            insert->bindNull(16);
        else
            insert->bindText(16, out.analysisDate);
        insert->bindText(17, out.computedAt);
        if (!insert->exec())
            return stepError(*insert, job, tr("Cannot store the clustering"));
        out.id = db.lastInsertRowId();
        auto member = db.prepare(QStringLiteral("INSERT INTO cluster_members (clustering_id, "
                                                "customer_id, cluster, distance) VALUES (?1, ?2, "
                                                "?3, ?4)"));
        if (!member)
            return member.error();
        member->bindInt(1, out.id);
        for (qsizetype i = 0; i < table->customerIds.size(); ++i) {
            if (i % kPollRows == 0 && job.isCancelled())
                return cancelled();
            const auto ui = static_cast<size_t>(i);
            member->bindText(2, table->customerIds.at(i));
            member->bindInt(3, number[static_cast<size_t>(fit->labels[ui])]);
            member->bindDouble(4, fit->distances[ui]);
            if (!member->exec())
                return stepError(*member, job, tr("Cannot store the cluster members"));
            member->reset();
        }
        return {};
    });
    if (!stored)
        return stored.error();
    return out;
}

Result<QList<Clustering>> ClusterStore::list(Workspace& ws)
{
    auto exists = ws.hasTable(QStringLiteral("clusterings"));
    if (!exists)
        return exists.error();
    QList<Clustering> out;
    if (!*exists)
        return out;
    auto stmt = ws.database().prepare(
        QStringLiteral("SELECT %1 FROM clusterings ORDER BY name COLLATE NOCASE")
            .arg(QLatin1String(kColumns)));
    if (!stmt)
        return stmt.error();
    while (stmt->step())
        out.append(clusteringFrom(*stmt));
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return out;
}

Result<Clustering> ClusterStore::find(Workspace& ws, const QString& name)
{
    auto all = list(ws);
    if (!all)
        return all.error();
    for (const Clustering& c : *all) {
        if (c.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return c;
    }
    return makeError(
        ErrorCode::BadInput, tr("There is no clustering named \u201c%1\u201d.").arg(name));
}

Result<void> ClusterStore::remove(Workspace& ws, const QString& name)
{
    auto c = find(ws, name);
    if (!c)
        return c.error();
    return ws.database().inTransaction([&]() -> Result<void> {
        // Members first: the foreign key cascade needs foreign_keys on, which a tool may not set.
        for (const char* sql : { "DELETE FROM cluster_members WHERE clustering_id = ?1",
                 "DELETE FROM clusterings WHERE id = ?1" }) {
            auto stmt = ws.database().prepare(QString::fromLatin1(sql));
            if (!stmt)
                return stmt.error();
            stmt->bindInt(1, c->id);
            if (!stmt->exec())
                return makeError(ErrorCode::Workspace, stmt->lastError());
        }
        return {};
    });
}

Result<std::vector<std::pair<QString, int>>> ClusterStore::members(
    Workspace& ws, qint64 clusteringId)
{
    auto stmt = ws.database().prepare(QStringLiteral("SELECT customer_id, cluster FROM "
                                                     "cluster_members WHERE clustering_id = ?1 "
                                                     "ORDER BY customer_id"));
    if (!stmt)
        return stmt.error();
    stmt->bindInt(1, clusteringId);
    std::vector<std::pair<QString, int>> out;
    while (stmt->step())
        out.emplace_back(stmt->columnText(0), static_cast<int>(stmt->columnInt(1)));
    if (!stmt->lastError().isEmpty())
        return makeError(ErrorCode::Workspace, stmt->lastError());
    return out;
}

} // namespace seg
