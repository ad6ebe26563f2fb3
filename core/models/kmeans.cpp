#include "kmeans.h"

#include <QCoreApplication>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::KMeans", text); }

/// Rows per block of the distance computation: the block of distances (rows × k) and of
/// data stay in the L2 cache.
constexpr Eigen::Index kBlockRows = 512;
/// Blocks between two cancellation checks.
constexpr int kBlocksPerPoll = 8;

/// A generator whose output is fixed by the C++ standard (mt19937_64, seed_seq), and doubles
/// made from its bits, so a seed gives the same numbers with every standard library.
class Random {
public:
    Random(quint64 seed, int run)
    {
        std::seed_seq sequence { static_cast<quint32>(seed & 0xffffffffU),
            static_cast<quint32>(seed >> 32), static_cast<quint32>(run) };
        m_engine.seed(sequence);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    /// Uniform in 0 .. n−1.
    Eigen::Index index(Eigen::Index n)
    {
        return std::min(n - 1, static_cast<Eigen::Index>(uniform() * static_cast<double>(n)));
    }

private:
    std::mt19937_64 m_engine;
};

struct RunResult {
    std::vector<int> labels;
    RowMatrix centres;
    double inertia = std::numeric_limits<double>::infinity();
    int iterations = 0;
    bool converged = false;
    bool strict = false; ///< stopped because no label changed
    int emptyClusters = 0;
};

enum class RunStatus { Ok, Cancelled, TooFewDistinct, Failed };

/// One k-means++ seeding and Lloyd run. Shared, read-only: data and squared row norms.
class Run {
public:
    Run(const RowMatrix& x, const Eigen::VectorXd& xNorm, const KMeansOptions& options,
        double tolerance, const JobContext& job, std::atomic<qint64>& iterationsDone)
        : m_x(x)
        , m_xNorm(xNorm)
        , m_options(options)
        , m_tolerance(tolerance)
        , m_job(job)
        , m_iterationsDone(iterationsDone)
    {
    }

    /// Distinct rows found when seeding stopped early (status TooFewDistinct).
    int distinctRows = 0;

    RunStatus run(int index, RunResult& out)
    {
        Random random(m_options.seed, index);
        RowMatrix centres(m_options.k, m_x.cols());
        if (m_options.initialCentres.size() > 0) {
            centres = m_options.initialCentres;
        } else if (auto s = seed(random, centres); s != RunStatus::Ok) {
            return s;
        }
        return iterate(std::move(centres), m_tolerance, m_options.maxIterations, out);
    }

    /// Lloyd iterations from `centres`, at most `maxIterations`, stopping when no label
    /// changes or the centres move by at most `tolerance` (sum of squared shifts).
    RunStatus iterate(RowMatrix centres, double tolerance, int maxIterations, RunResult& out)
    {
        if (m_options.bounds)
            return iterateWithBounds(std::move(centres), tolerance, maxIterations, out);
        return iterateLloyd(std::move(centres), tolerance, maxIterations, out);
    }

    /// Plain Lloyd: every distance in every iteration, by blocks of matrix products.
    RunStatus iterateLloyd(RowMatrix centres, double tolerance, int maxIterations, RunResult& out)
    {
        const Eigen::Index n = m_x.rows();
        const auto k = static_cast<int>(centres.rows());
        std::vector<int> labels(static_cast<size_t>(n), -1);
        std::vector<double> minDistance(static_cast<size_t>(n), 0.0);
        RowMatrix sums(k, m_x.cols());
        std::vector<qint64> counts(static_cast<size_t>(k));
        bool strict = false;
        bool converged = false;
        int iteration = 0;
        int empties = 0;
        while (iteration < maxIterations) {
            ++iteration;
            qint64 changed = 0;
            if (!assignStep(centres, labels, minDistance, &sums, &counts, changed))
                return RunStatus::Cancelled;
            empties += relocateEmpty(labels, minDistance, sums, counts);
            // Only with given starting centres and fewer distinct rows than clusters.
            if (std::find(counts.begin(), counts.end(), 0) != counts.end())
                return RunStatus::TooFewDistinct;
            RowMatrix next = sums;
            for (int j = 0; j < k; ++j)
                next.row(j) /= static_cast<double>(counts[static_cast<size_t>(j)]);
            const double shift = (next - centres).squaredNorm();
            centres = std::move(next);
            m_iterationsDone.fetch_add(1, std::memory_order_relaxed);
            if (changed == 0) {
                strict = true;
                converged = true;
                break;
            }
            if (shift <= tolerance) {
                converged = true;
                break;
            }
        }
        if (!strict) {
            // The labels belong to the centres before the last update: assign once more.
            qint64 changed = 0;
            if (!assignStep(centres, labels, minDistance, nullptr, nullptr, changed))
                return RunStatus::Cancelled;
        }
        out.labels = std::move(labels);
        out.centres = std::move(centres);
        out.inertia = exactInertia(out.centres, out.labels);
        out.iterations = iteration;
        out.converged = converged;
        out.strict = strict;
        out.emptyClusters = empties;
        return RunStatus::Ok;
    }

    /// The same iterations as iterateLloyd(), with Hamerly's bounds (Hamerly 2010, "Making
    /// k-means even faster"): per row an upper bound on the distance to its centre and a lower
    /// bound on the distance to any other; a row whose upper bound is below both its lower
    /// bound and half the distance from its centre to the nearest other centre keeps its
    /// label without computing a distance. The per-cluster sums follow the rows that move
    /// (and are summed again every few iterations, against rounding drift).
    RunStatus iterateWithBounds(
        RowMatrix centres, double tolerance, int maxIterations, RunResult& out)
    {
        const Eigen::Index n = m_x.rows();
        const Eigen::Index d = m_x.cols();
        const auto k = static_cast<int>(centres.rows());
        const double* x = m_x.data();
        std::vector<int> labels(static_cast<size_t>(n), -1);
        std::vector<double> upper(static_cast<size_t>(n));
        std::vector<double> lower(static_cast<size_t>(n));
        std::vector<double> minDistance; // only for empty clusters
        std::vector<double> half(static_cast<size_t>(k)); // half the distance to the nearest other
        std::vector<double> moved(static_cast<size_t>(k)); // centre shifts, Euclidean
        RowMatrix sums = RowMatrix::Zero(k, d);
        std::vector<qint64> counts(static_cast<size_t>(k), 0);

        // First assignment: every distance, by blocks of matrix products.
        {
            const Eigen::RowVectorXd cNorm = centres.rowwise().squaredNorm().transpose();
            const double cNormMax = cNorm.maxCoeff();
            RowMatrix products(kBlockRows, k);
            int blocks = 0;
            for (Eigen::Index start = 0; start < n; start += kBlockRows) {
                if (++blocks % kBlocksPerPoll == 0 && m_job.isCancelled())
                    return RunStatus::Cancelled;
                const Eigen::Index rows = std::min(kBlockRows, n - start);
                products.topRows(rows).noalias()
                    = m_x.middleRows(start, rows) * centres.transpose();
                for (Eigen::Index r = 0; r < rows; ++r) {
                    const Eigen::Index i = start + r;
                    const double* p = products.data() + r * k;
                    int best = 0;
                    double first = std::numeric_limits<double>::infinity();
                    double second = first;
                    for (int j = 0; j < k; ++j) {
                        const double v = cNorm[j] - 2 * p[j];
                        if (v < first) {
                            second = first;
                            first = v;
                            best = j;
                        } else if (v < second) {
                            second = v;
                        }
                    }
                    const auto ui = static_cast<size_t>(i);
                    const double* row = x + i * d;
                    labels[ui] = best;
                    upper[ui] = std::sqrt(squaredDistance(row, centres.data() + best * d, d))
                        * (1 + 1e-12);
                    // ‖x‖² − 2 x·c + ‖c‖² is off by at most about (d + 2) ε (‖x‖² + ‖c‖²):
                    // lowered by four times that, it stays a lower bound.
                    const double error = 4 * double(d + 2) * 1.2e-16 * (m_xNorm[i] + cNormMax);
                    lower[ui] = k > 1
                        ? std::sqrt(std::max(0.0, m_xNorm[i] + second - error)) * (1 - 1e-12)
                        : std::numeric_limits<double>::infinity();
                    double* sum = sums.data() + best * d;
                    for (Eigen::Index c = 0; c < d; ++c)
                        sum[c] += row[c];
                    ++counts[static_cast<size_t>(best)];
                }
            }
        }
        qint64 changed = n;
        bool strict = false;
        bool converged = false;
        int iteration = 0;
        int empties = 0;
        auto resum = [&]() {
            sums.setZero();
            for (Eigen::Index i = 0; i < n; ++i) {
                double* sum = sums.data() + labels[static_cast<size_t>(i)] * d;
                const double* row = x + i * d;
                for (Eigen::Index c = 0; c < d; ++c)
                    sum[c] += row[c];
            }
        };
        while (true) {
            ++iteration;
            if (std::find(counts.begin(), counts.end(), 0) != counts.end()) {
                minDistance.resize(static_cast<size_t>(n));
                for (Eigen::Index i = 0; i < n; ++i)
                    minDistance[static_cast<size_t>(i)]
                        = squaredDistance(i, centres, labels[static_cast<size_t>(i)]);
                std::vector<int> before = labels;
                empties += relocateEmpty(labels, minDistance, sums, counts);
                if (std::find(counts.begin(), counts.end(), 0) != counts.end())
                    return RunStatus::TooFewDistinct;
                for (size_t i = 0; i < labels.size(); ++i) {
                    if (labels[i] != before[i]) {
                        // Its bounds were for another centre: compute its distances next time.
                        upper[i] = std::numeric_limits<double>::infinity();
                        lower[i] = 0;
                    }
                }
            }
            if (iteration % 10 == 0)
                resum();
            // New centres, how far each moved, and the two largest moves.
            double shift = 0;
            double largest = 0;
            double secondLargest = 0;
            int largestAt = -1;
            for (int j = 0; j < k; ++j) {
                Eigen::RowVectorXd next
                    = sums.row(j) / static_cast<double>(counts[static_cast<size_t>(j)]);
                const double m2 = (next - centres.row(j)).squaredNorm();
                shift += m2;
                const double m = std::sqrt(m2);
                moved[static_cast<size_t>(j)] = m;
                if (m > largest) {
                    secondLargest = largest;
                    largest = m;
                    largestAt = j;
                } else if (m > secondLargest) {
                    secondLargest = m;
                }
                centres.row(j) = next;
            }
            m_iterationsDone.fetch_add(1, std::memory_order_relaxed);
            if (changed == 0) {
                strict = true;
                converged = true;
            } else if (shift <= tolerance) {
                converged = true;
            }
            // Bounds for the moved centres (also before the final assignment).
            const double grow = 1 + 1e-12;
            for (Eigen::Index i = 0; i < n; ++i) {
                const auto ui = static_cast<size_t>(i);
                const int a = labels[ui];
                upper[ui] = (upper[ui] + moved[static_cast<size_t>(a)]) * grow;
                lower[ui] = (lower[ui] - (a == largestAt ? secondLargest : largest)) / grow;
            }
            if (strict)
                break;
            const bool last = converged || iteration >= maxIterations;
            // Half the distance from each centre to the nearest other one.
            for (int j = 0; j < k; ++j) {
                double nearest = std::numeric_limits<double>::infinity();
                for (int o = 0; o < k; ++o) {
                    if (o != j)
                        nearest = std::min(nearest,
                            std::sqrt(squaredDistance(
                                centres.data() + j * d, centres.data() + o * d, d)));
                }
                half[static_cast<size_t>(j)] = nearest / 2 / grow;
            }
            // Assignment with the bounds; moving rows update the sums.
            changed = 0;
            for (Eigen::Index i = 0; i < n; ++i) {
                if ((i & 0xffff) == 0 && m_job.isCancelled())
                    return RunStatus::Cancelled;
                const auto ui = static_cast<size_t>(i);
                const int a = labels[ui];
                const double bound = std::max(half[static_cast<size_t>(a)], lower[ui]);
                if (upper[ui] < bound)
                    continue;
                const double* row = x + i * d;
                upper[ui] = std::sqrt(squaredDistance(row, centres.data() + a * d, d)) * grow;
                if (upper[ui] < bound)
                    continue;
                int best = 0;
                double first = std::numeric_limits<double>::infinity();
                double second = first;
                for (int j = 0; j < k; ++j) {
                    const double v = squaredDistance(row, centres.data() + j * d, d);
                    if (v < first) {
                        second = first;
                        first = v;
                        best = j;
                    } else if (v < second) {
                        second = v;
                    }
                }
                // Ties keep the lower index, as in iterateLloyd().
                upper[ui] = std::sqrt(first) * grow;
                lower[ui] = std::sqrt(second) / grow;
                if (best != a) {
                    ++changed;
                    labels[ui] = best;
                    double* from = sums.data() + a * d;
                    double* to = sums.data() + best * d;
                    for (Eigen::Index c = 0; c < d; ++c) {
                        from[c] -= row[c];
                        to[c] += row[c];
                    }
                    --counts[static_cast<size_t>(a)];
                    ++counts[static_cast<size_t>(best)];
                }
            }
            if (last)
                break;
        }
        out.labels = std::move(labels);
        out.centres = std::move(centres);
        out.inertia = exactInertia(out.centres, out.labels);
        out.iterations = iteration;
        out.converged = converged;
        out.strict = strict;
        out.emptyClusters = empties;
        return RunStatus::Ok;
    }

private:
    /// Σ (a[i] − b[i])² over the d columns; plain loops, fast in debug builds too.
    static double squaredDistance(const double* a, const double* b, Eigen::Index d)
    {
        double sum = 0;
        for (Eigen::Index j = 0; j < d; ++j) {
            const double diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }

    double squaredDistance(Eigen::Index row, const RowMatrix& centres, int j) const
    {
        return squaredDistance(
            m_x.data() + row * m_x.cols(), centres.data() + j * centres.cols(), m_x.cols());
    }

    double exactInertia(const RowMatrix& centres, const std::vector<int>& labels) const
    {
        double total = 0;
        for (Eigen::Index i = 0; i < m_x.rows(); ++i)
            total += squaredDistance(i, centres, labels[static_cast<size_t>(i)]);
        return total;
    }

    /// Greedy k-means++. Each step reads the data twice: once for the potentials of all the
    /// candidates, once to update the nearest distances (and their running sums) with the best.
    RunStatus seed(Random& random, RowMatrix& centres)
    {
        const Eigen::Index n = m_x.rows();
        const Eigen::Index d = m_x.cols();
        const int k = m_options.k;
        const int trials = 2 + static_cast<int>(std::floor(std::log(static_cast<double>(k))));
        const double* x = m_x.data();
        std::vector<double> closest(static_cast<size_t>(n));
        std::vector<double> cumulative(static_cast<size_t>(n));
        std::vector<Eigen::Index> candidates(static_cast<size_t>(trials));
        std::vector<double> potentials(static_cast<size_t>(trials));
        RowMatrix products(kBlockRows, trials);
        centres.row(0) = m_x.row(random.index(n));
        double potential = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            closest[static_cast<size_t>(i)] = squaredDistance(x + i * d, centres.data(), d);
            potential += closest[static_cast<size_t>(i)];
            cumulative[static_cast<size_t>(i)] = potential;
        }
        for (int c = 1; c < k; ++c) {
            if (m_job.isCancelled())
                return RunStatus::Cancelled;
            // Exact squared differences: the potential is 0 only when every row equals a
            // chosen centre, that is when there are only c distinct rows.
            if (!(potential > 0)) {
                distinctRows = c;
                return RunStatus::TooFewDistinct;
            }
            const double total = cumulative.back();
            for (int t = 0; t < trials; ++t) {
                const double r = random.uniform() * total;
                // The first row whose running sum exceeds r; its own squared distance is
                // positive, so a chosen row never repeats a centre.
                auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
                Eigen::Index row = it == cumulative.end()
                    ? n - 1
                    : static_cast<Eigen::Index>(it - cumulative.begin());
                while (row > 0 && !(closest[static_cast<size_t>(row)] > 0))
                    --row;
                candidates[static_cast<size_t>(t)] = row;
            }
            // The candidates' potentials, with distances from a matrix product per block of
            // rows (rounding only affects which candidate wins, not the distances kept).
            RowMatrix candidateRows(trials, d);
            for (int t = 0; t < trials; ++t)
                candidateRows.row(t) = m_x.row(candidates[static_cast<size_t>(t)]);
            const Eigen::VectorXd candidateNorms = candidateRows.rowwise().squaredNorm();
            std::fill(potentials.begin(), potentials.end(), 0.0);
            for (Eigen::Index start = 0; start < n; start += kBlockRows) {
                const Eigen::Index rows = std::min(kBlockRows, n - start);
                products.topRows(rows).noalias()
                    = m_x.middleRows(start, rows) * candidateRows.transpose();
                for (int t = 0; t < trials; ++t) {
                    double sum = 0;
                    const double cn = candidateNorms[t];
                    const double* p = products.data() + t;
                    for (Eigen::Index r = 0; r < rows; ++r) {
                        const double v
                            = std::max(0.0, m_xNorm.data()[start + r] + cn - 2 * p[r * trials]);
                        sum += std::min(closest[static_cast<size_t>(start + r)], v);
                    }
                    potentials[static_cast<size_t>(t)] += sum;
                }
            }
            // The lowest potential; ties: the first candidate drawn.
            const auto best = static_cast<size_t>(
                std::min_element(potentials.begin(), potentials.end()) - potentials.begin());
            const double* chosen = x + candidates[best] * d;
            centres.row(c) = m_x.row(candidates[best]);
            potential = 0;
            for (Eigen::Index i = 0; i < n; ++i) {
                double& near = closest[static_cast<size_t>(i)];
                near = std::min(near, squaredDistance(x + i * d, chosen, d));
                potential += near;
                cumulative[static_cast<size_t>(i)] = potential;
            }
        }
        return RunStatus::Ok;
    }

    /// Nearest centre of every row; with `sums`, also the per-cluster sums and counts.
    /// `changed` counts rows whose label changed. False when cancelled.
    bool assignStep(const RowMatrix& centres, std::vector<int>& labels,
        std::vector<double>& minDistance, RowMatrix* sums, std::vector<qint64>* counts,
        qint64& changed)
    {
        const Eigen::Index n = m_x.rows();
        const Eigen::Index k = centres.rows();
        const Eigen::RowVectorXd cNorm = centres.rowwise().squaredNorm().transpose();
        if (sums) {
            sums->setZero();
            std::fill(counts->begin(), counts->end(), 0);
        }
        const Eigen::Index d = m_x.cols();
        RowMatrix products(kBlockRows, k);
        int blocks = 0;
        for (Eigen::Index start = 0; start < n; start += kBlockRows) {
            if (++blocks % kBlocksPerPoll == 0 && m_job.isCancelled())
                return false;
            const Eigen::Index rows = std::min(kBlockRows, n - start);
            products.topRows(rows).noalias() = m_x.middleRows(start, rows) * centres.transpose();
            for (Eigen::Index r = 0; r < rows; ++r) {
                const Eigen::Index i = start + r;
                const double* p = products.data() + r * k;
                const double* norms = cNorm.data();
                int best = 0;
                double bestValue = norms[0] - 2 * p[0];
                for (Eigen::Index j = 1; j < k; ++j) {
                    const double v = norms[j] - 2 * p[j];
                    if (v < bestValue) {
                        bestValue = v;
                        best = static_cast<int>(j);
                    }
                }
                const auto ui = static_cast<size_t>(i);
                if (labels[ui] != best) {
                    ++changed;
                    labels[ui] = best;
                }
                minDistance[ui] = std::max(0.0, m_xNorm.data()[i] + bestValue);
                if (sums) {
                    const double* row = m_x.data() + i * d;
                    double* sum = sums->data() + best * d;
                    for (Eigen::Index j = 0; j < d; ++j)
                        sum[j] += row[j];
                    ++(*counts)[static_cast<size_t>(best)];
                }
            }
        }
        return true;
    }

    /// Gives every empty cluster the row farthest from its centre (among clusters with more
    /// than one row), as scikit-learn does. Returns the number of empty clusters.
    int relocateEmpty(std::vector<int>& labels, const std::vector<double>& minDistance,
        RowMatrix& sums, std::vector<qint64>& counts) const
    {
        std::vector<int> empty;
        for (size_t j = 0; j < counts.size(); ++j) {
            if (counts[j] == 0)
                empty.push_back(static_cast<int>(j));
        }
        if (empty.empty())
            return 0;
        std::vector<Eigen::Index> order(labels.size());
        std::iota(order.begin(), order.end(), Eigen::Index(0));
        // Farthest first; ties: the lower row.
        std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
            return minDistance[static_cast<size_t>(a)] > minDistance[static_cast<size_t>(b)];
        });
        size_t next = 0;
        for (int j : empty) {
            while (next < order.size()
                && counts[static_cast<size_t>(labels[static_cast<size_t>(order[next])])] <= 1)
                ++next;
            if (next == order.size())
                break; // cannot happen with at least k distinct rows
            const Eigen::Index i = order[next++];
            const auto from = static_cast<size_t>(labels[static_cast<size_t>(i)]);
            sums.row(static_cast<Eigen::Index>(from)) -= m_x.row(i);
            --counts[from];
            sums.row(j) = m_x.row(i);
            counts[static_cast<size_t>(j)] = 1;
            labels[static_cast<size_t>(i)] = j;
        }
        return static_cast<int>(empty.size());
    }

    const RowMatrix& m_x;
    const Eigen::VectorXd& m_xNorm;
    const KMeansOptions& m_options;
    double m_tolerance;
    const JobContext& m_job;
    std::atomic<qint64>& m_iterationsDone;
};

} // namespace

KMeans::KMeans(KMeansOptions options)
    : m_options(options)
{
}

Result<KMeansResult> KMeans::fit(const RowMatrix& data, JobContext& job) const
{
    const Eigen::Index n = data.rows();
    const KMeansOptions& o = m_options;
    if (o.k < 1)
        return makeError(ErrorCode::Usage, tr("The number of clusters must be at least 1."));
    if (o.restarts < 1 || o.maxIterations < 1)
        return makeError(
            ErrorCode::Usage, tr("k-means needs at least one restart and one iteration."));
    if (n == 0 || data.cols() == 0)
        return makeError(ErrorCode::BadInput,
            tr("There is nothing to cluster: no rows or no "
               "features."));
    if (!data.allFinite())
        return makeError(ErrorCode::BadInput,
            tr("The data to cluster hold a value that is not a "
               "finite number."));
    const bool given = o.initialCentres.size() > 0;
    if (given && (o.initialCentres.rows() != o.k || o.initialCentres.cols() != data.cols()))
        return makeError(ErrorCode::Usage,
            tr("The starting centres must be a %1 × %2 matrix.").arg(o.k).arg(data.cols()));
    const int restarts = given ? 1 : o.restarts;
    if (n < o.k)
        return makeError(ErrorCode::BadInput,
            tr("%1 clusters were asked for, but there are only %2 rows to cluster.")
                .arg(o.k)
                .arg(n));

    // scikit-learn's tolerance: relative to the mean variance of the columns.
    const Eigen::RowVectorXd mean = data.colwise().mean();
    const double meanVariance
        = (data.rowwise() - mean).colwise().squaredNorm().sum() / double(n) / double(data.cols());
    const double tolerance = o.tolerance * meanVariance;
    const Eigen::VectorXd xNorm = data.rowwise().squaredNorm();

    std::atomic<qint64> iterationsDone { 0 };
    std::atomic<int> nextRun { 0 };
    std::atomic<bool> stop { false };
    std::mutex mutex;
    RunResult best;
    int bestIndex = -1;
    RunStatus failure = RunStatus::Ok;
    QString failureText;
    int distinctRows = 0;

    auto worker = [&]() {
        Run run(data, xNorm, o, tolerance, job, iterationsDone);
        while (!stop.load(std::memory_order_relaxed)) {
            const int index = nextRun.fetch_add(1);
            if (index >= restarts)
                return;
            RunResult result;
            RunStatus status = RunStatus::Ok;
            try {
                status = run.run(index, result);
            } catch (const std::exception& e) { // std::bad_alloc, mostly: nothing may escape
                std::lock_guard lock(mutex);
                stop = true;
                failure = RunStatus::Failed;
                failureText = QString::fromLocal8Bit(e.what());
                return;
            }
            std::lock_guard lock(mutex);
            if (status != RunStatus::Ok) {
                stop = true;
                failure = status;
                distinctRows = run.distinctRows;
                return;
            }
            // Lowest inertia; ties go to the lower run index, whatever the thread timing.
            if (result.inertia < best.inertia
                || (result.inertia == best.inertia && index < bestIndex)) {
                best = std::move(result);
                bestIndex = index;
            }
        }
    };

    int threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::clamp(threads, 1, restarts);
    // The runs go to worker threads; the calling thread reports progress and passes a Cancel
    // on. Memory: each worker keeps a label, a distance and seeding buffers per row.
    int running = threads;
    std::condition_variable done;
    std::vector<std::thread> pool;
    pool.reserve(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&]() {
            worker();
            std::lock_guard lock(mutex);
            --running;
            done.notify_one();
        });
    const qint64 total = qint64(restarts) * o.maxIterations;
    {
        std::unique_lock lock(mutex);
        while (running > 0) {
            done.wait_for(lock, std::chrono::milliseconds(20), [&] { return running == 0; });
            lock.unlock();
            job.setProgress(std::min(total, iterationsDone.load()), total);
            if (job.isCancelled())
                stop = true;
            lock.lock();
        }
    }
    for (std::thread& t : pool)
        t.join();
    if (job.isCancelled() || failure == RunStatus::Cancelled)
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));
    if (failure == RunStatus::Failed)
        return makeError(ErrorCode::Internal, tr("k-means failed: %1").arg(failureText));
    if (failure == RunStatus::TooFewDistinct && distinctRows == 0)
        return makeError(ErrorCode::BadInput,
            tr("%1 clusters were asked for, but the data have fewer distinct rows.").arg(o.k));
    if (failure == RunStatus::TooFewDistinct)
        return makeError(ErrorCode::BadInput,
            tr("%1 clusters were asked for, but the data have only %2 distinct rows; ask for at "
               "most %2 clusters.")
                .arg(o.k)
                .arg(distinctRows));
    job.setProgress(total, total);

    if (o.refine && !best.strict && best.iterations < o.maxIterations) {
        // Lloyd iterations only lower the inertia: take the best run on to a fixed point.
        Run run(data, xNorm, o, 0.0, job, iterationsDone);
        RunResult refined;
        const RunStatus status
            = run.iterate(best.centres, 0.0, o.maxIterations - best.iterations, refined);
        if (status == RunStatus::Cancelled || job.isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Cancelled."));
        if (status == RunStatus::Ok && refined.inertia <= best.inertia) {
            refined.iterations += best.iterations;
            refined.converged = refined.converged || best.converged;
            refined.emptyClusters += best.emptyClusters;
            best = std::move(refined);
        }
    }

    KMeansResult out;
    out.centres = std::move(best.centres);
    out.labels = std::move(best.labels);
    out.inertia = best.inertia;
    out.iterations = best.iterations;
    out.converged = best.converged;
    out.bestRestart = bestIndex;
    out.emptyClustersReseeded = best.emptyClusters;
    out.sizes.assign(static_cast<size_t>(o.k), 0);
    out.distances.resize(static_cast<size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        const int label = out.labels[static_cast<size_t>(i)];
        ++out.sizes[static_cast<size_t>(label)];
        out.distances[static_cast<size_t>(i)]
            = std::sqrt((data.row(i) - out.centres.row(label)).squaredNorm());
    }
    return out;
}

std::vector<int> KMeans::assign(const RowMatrix& data, const RowMatrix& centres)
{
    std::vector<int> labels(static_cast<size_t>(data.rows()), 0);
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (Eigen::Index j = 0; j < centres.rows(); ++j) {
            const double d = (data.row(i) - centres.row(j)).squaredNorm();
            if (d < best) {
                best = d;
                labels[static_cast<size_t>(i)] = static_cast<int>(j);
            }
        }
    }
    return labels;
}

Standardisation KMeans::standardisation(const RowMatrix& data)
{
    Standardisation s;
    const double n = std::max<double>(1, static_cast<double>(data.rows()));
    s.mean = data.colwise().sum() / n;
    s.scale = ((data.rowwise() - s.mean).colwise().squaredNorm() / n).cwiseSqrt();
    for (Eigen::Index j = 0; j < s.scale.size(); ++j) {
        if (!(s.scale[j] > 0))
            s.scale[j] = 1;
    }
    return s;
}

void KMeans::standardise(RowMatrix& data, const Standardisation& s)
{
    data = (data.rowwise() - s.mean).array().rowwise() / s.scale.array();
}

} // namespace seg
