#pragma once

#include "fieldcatalog.h"
#include "jobcontext.h"
#include "kmeans.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace seg {

class Workspace;

/// What to cluster and how (`segwb cluster create`).
struct ClusteringOptions {
    QString name; ///< unique, case-insensitive; gives the rule field cluster_<cleaned name>
    QStringList features; ///< number fields of the FieldCatalog (metrics, RFM scores, attributes)
    int k = 5;
    int restarts = 10;
    quint64 seed = 1;
    int maxIterations = 300;
    double tolerance = 1e-4; ///< relative to the mean feature variance, as in scikit-learn
    int threads = 0; ///< 0: one per core
};

/// One cluster of a stored clustering.
struct ClusterSummary {
    int cluster = 0; ///< 1 .. k; 1 is the largest cluster
    qint64 size = 0;
    QList<double> means; ///< mean of each feature over the members, in the feature's own units
};

/// A stored clustering (table clusterings, docs/SCHEMA.md).
struct Clustering {
    qint64 id = 0;
    QString name;
    QString field; ///< rule field, "cluster_" + cleaned name
    QStringList features;
    int k = 0;
    quint64 seed = 0;
    int restarts = 0;
    int maxIterations = 0;
    double tolerance = 0;
    double inertia = 0; ///< on the standardised features (z-scores)
    int iterations = 0;
    bool converged = false;
    QList<double> featureMeans; ///< of the clustered customers, used for the z-scores
    QList<double> featureScales; ///< population standard deviations (1 for a constant feature)
    QList<ClusterSummary> clusters; ///< by cluster number
    qint64 customers = 0; ///< clustered
    qint64 unclustered = 0; ///< left out: a feature was missing
    QString analysisDate; ///< of the customer metrics used
    QString computedAt; ///< UTC, ISO 8601
};

/// Numeric features of the customers as read for clustering.
struct FeatureTable {
    QStringList customerIds; ///< of the rows of `values`, in customer id order
    RowMatrix values; ///< one row per customer with every feature present, in the fields' units
    qint64 unclustered = 0; ///< customers with at least one missing (or non-numeric) feature
};

/// All SQL of clusterings: reading features, storing a k-means result and its members, listing
/// and deleting. Customers are those of customer_metrics; a customer with any chosen feature
/// missing is left unclustered (it has no row in cluster_members, so `cluster_x is missing`
/// selects it) and counted. Features are standardised to z-scores (mean 0, population standard
/// deviation 1 over the clustered customers) before k-means, so that no unit dominates.
///
/// Cluster numbers run from 1 to k, 1 the largest cluster (ties: k-means' order).
/// Thread-safety: none; one Workspace per thread.
class ClusterStore {
public:
    /// The rule field of a clustering named `name`: "cluster_" + the name in lower case with
    /// every run of characters other than letters and digits turned into one "_" (trimmed).
    /// Empty when nothing is left.
    static QString fieldNameFor(const QString& name);

    /// Reads `features` (names of number fields of `catalog`) for every customer of
    /// customer_metrics. Errors name an unknown or non-numeric field.
    static Result<FeatureTable> readFeatures(
        Workspace& ws, const FieldCatalog& catalog, const QStringList& features, JobContext& job);

    /// Reads the features, standardises them, runs k-means and stores the clustering and its
    /// members in one transaction: all or nothing (an error or a Cancel stores nothing).
    static Result<Clustering> create(Workspace& ws, const FieldCatalog& catalog,
        const ClusteringOptions& options, JobContext& job);
    /// Every stored clustering, by name (none when the workspace predates clusterings).
    static Result<QList<Clustering>> list(Workspace& ws);
    /// The clustering named `name` (case-insensitive); ErrorCode::BadInput when there is none.
    static Result<Clustering> find(Workspace& ws, const QString& name);
    /// Deletes a clustering and its members; segments whose rules use its field then fail to
    /// compile with "There is no field".
    static Result<void> remove(Workspace& ws, const QString& name);
    /// (customer id, cluster) of every clustered customer, by customer id.
    static Result<std::vector<std::pair<QString, int>>> members(Workspace& ws, qint64 clusteringId);
};

} // namespace seg
