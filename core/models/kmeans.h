#pragma once

#include "jobcontext.h"
#include "result.h"

#include <Eigen/Core>

#include <QtGlobal>

#include <vector>

namespace seg {

/// n × d matrix of doubles, one row per observation (customer), stored row by row.
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Parameters of KMeans. Defaults follow scikit-learn's KMeans (n_init = 10, max_iter = 300,
/// tol = 1e-4).
struct KMeansOptions {
    int k = 5; ///< number of clusters, at least 1
    int restarts = 10; ///< independent k-means++ runs; the one with the lowest inertia is kept
    int maxIterations = 300; ///< Lloyd iterations per run
    /// Convergence: a run stops when the sum over centres of their squared shift in one
    /// iteration is at most `tolerance` × the mean variance of the columns (scikit-learn's
    /// rule), or when no label changed.
    double tolerance = 1e-4;
    quint64 seed = 1; ///< the same seed and data give the same result
    int threads = 0; ///< worker threads for the restarts; 0: one per core
    /// Starting centres (k × d) instead of k-means++; then there is a single run.
    RowMatrix initialCentres;
    /// Continue the best run, after the tolerance stopped it, until no label changes (within
    /// maxIterations in all): Lloyd iterations never raise the inertia, so the result is at
    /// least as good as scikit-learn's stop at the same point.
    bool refine = true;
    /// Skip distance computations with Hamerly's bounds (same result as plain Lloyd, up to
    /// rounding in exact ties); false: every distance in every iteration.
    bool bounds = true;
};

/// Outcome of KMeans::fit for the best run.
struct KMeansResult {
    std::vector<int> labels; ///< cluster of each row, 0 .. k−1
    RowMatrix centres; ///< k × d, the mean of each cluster's rows
    std::vector<double> distances; ///< Euclidean distance of each row to its centre
    std::vector<qint64> sizes; ///< rows per cluster
    double inertia = 0; ///< sum of squared distances of the rows to their centres
    int iterations = 0; ///< Lloyd iterations of the best run, refinement included
    bool converged = false; ///< false when the best run stopped at maxIterations
    int bestRestart = 0; ///< index of the best run, 0-based
    int emptyClustersReseeded = 0; ///< times a cluster fell empty in the best run
};

/// Column means and scales of a z-score standardisation.
struct Standardisation {
    Eigen::RowVectorXd mean;
    /// Population standard deviation (divisor n); 1 for a constant column, which then
    /// becomes all zeros (as scikit-learn's StandardScaler does).
    Eigen::RowVectorXd scale;
};

/// k-means clustering (Lloyd's algorithm) with greedy k-means++ seeding.
///
/// Seeding: the first centre is a row drawn uniformly; each next one is the best, by the
/// resulting sum of squared distances, of 2 + ⌊ln k⌋ rows drawn with probability proportional
/// to their squared distance to the nearest chosen centre (Arthur & Vassilvitskii 2007; the
/// greedy variant of scikit-learn). Runs draw from their own generator, seeded from `seed` and
/// the run's index, so the result does not depend on the number of threads.
///
/// Iterations: distances are computed in blocks of rows as ‖x‖² − 2 x·c + ‖c‖² with a matrix
/// product (the squared norms precomputed); a cluster that falls empty is given the row
/// farthest from its centre. After the last iteration the labels are computed again for the
/// final centres, and the inertia and distances are computed directly as Σ (x − c)².
///
/// Thread-safety: fit() is const and re-entrant; it runs the restarts on worker threads and
/// reports progress (in Lloyd iterations) from the calling thread only. Polls
/// JobContext::isCancelled() every few thousand rows.
class KMeans {
public:
    explicit KMeans(KMeansOptions options);

    const KMeansOptions& options() const { return m_options; }

    /// Clusters the rows of `data` (n × d, finite values). Errors: no rows, k < 1, fewer
    /// distinct rows than k (ErrorCode::BadInput), cancelled (ErrorCode::Cancelled).
    Result<KMeansResult> fit(const RowMatrix& data, JobContext& job) const;

    /// The nearest of `centres` for each row of `data` (ties: the lower index).
    static std::vector<int> assign(const RowMatrix& data, const RowMatrix& centres);

    /// Computes column means and population standard deviations of `data`.
    static Standardisation standardisation(const RowMatrix& data);
    /// (x − mean) / scale for every row, in place.
    static void standardise(RowMatrix& data, const Standardisation& s);

private:
    KMeansOptions m_options;
};

} // namespace seg
