// k-means against scikit-learn (docs/PERFORMANCE.md, "k-means clustering (product target)"):
// reads an n × d matrix written by bench/kmeans_bench.sh, fits seg::KMeans once with
// scikit-learn's defaults (max_iter 300, tol 1e-4) and prints one "key value" line per figure.
// Only the fit is timed; reading the file is not.
//   segwb-kmeans-bench FILE [--k K] [--restarts N] [--seed S] [--threads T]
//                          [--max-iterations M] [--tolerance TOL] [--no-bounds] [--no-refine]
// --no-bounds and --no-refine turn off KMeansOptions::bounds and ::refine (for profiling).
// FILE: binary (two little-endian int64, rows and columns, then the rows as little-endian
// float64, row by row), or CSV when its name ends in .csv (numbers only, no header).
#include "jobcontext.h"
#include "kmeans.h"

#include <QCoreApplication>
#include <QStringList>

#include <sys/resource.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace seg;

namespace {

double cpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double peakRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // KiB on Linux
}

bool readBinary(const std::string& path, RowMatrix& out, std::string& error)
{
    static_assert(std::endian::native == std::endian::little, "the file is little-endian");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open " + path;
        return false;
    }
    std::int64_t shape[2] = { 0, 0 };
    in.read(reinterpret_cast<char*>(shape), sizeof shape);
    if (!in || shape[0] <= 0 || shape[1] <= 0 || shape[1] > 4096) {
        error = path + ": not a matrix file (bad header)";
        return false;
    }
    out.resize(shape[0], shape[1]);
    const auto bytes = static_cast<std::streamsize>(out.size() * sizeof(double));
    in.read(reinterpret_cast<char*>(out.data()), bytes);
    if (in.gcount() != bytes) {
        error = path + ": the file is shorter than its header says";
        return false;
    }
    return true;
}

bool readCsv(const std::string& path, RowMatrix& out, std::string& error)
{
    std::ifstream in(path);
    if (!in) {
        error = "cannot open " + path;
        return false;
    }
    std::vector<double> values;
    Eigen::Index cols = -1;
    Eigen::Index rows = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r")
            continue;
        Eigen::Index fields = 0;
        const char* p = line.c_str();
        while (true) {
            char* end = nullptr;
            const double v = std::strtod(p, &end);
            if (end == p) {
                error = path + ": line " + std::to_string(rows + 1) + " is not a row of numbers";
                return false;
            }
            values.push_back(v);
            ++fields;
            p = end;
            while (*p == ' ' || *p == '\t' || *p == '\r')
                ++p;
            if (*p == ',') {
                ++p;
                continue;
            }
            if (*p == '\0')
                break;
            error = path + ": line " + std::to_string(rows + 1) + " is not a row of numbers";
            return false;
        }
        if (cols >= 0 && fields != cols) {
            error = path + ": line " + std::to_string(rows + 1) + " has a different field count";
            return false;
        }
        cols = fields;
        ++rows;
    }
    if (rows == 0) {
        error = path + ": no rows";
        return false;
    }
    out = Eigen::Map<RowMatrix>(values.data(), rows, cols);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    KMeansOptions options; // k-means++, max_iter 300, tol 1e-4, as scikit-learn's defaults
    options.k = 8;
    options.restarts = 10;
    options.seed = 0;
    options.threads = 0;
    auto take = [&args](const char* name, auto& value, auto convert) {
        const auto i = args.indexOf(QString::fromLatin1(name));
        if (i < 0 || i + 1 >= args.size())
            return;
        value = convert(args.at(i + 1));
        args.remove(i, 2);
    };
    auto toInt = [](const QString& s) { return s.toInt(); };
    take("--k", options.k, toInt);
    take("--restarts", options.restarts, toInt);
    take("--threads", options.threads, toInt);
    take("--max-iterations", options.maxIterations, toInt);
    take("--seed", options.seed, [](const QString& s) { return s.toULongLong(); });
    take("--tolerance", options.tolerance, [](const QString& s) { return s.toDouble(); });
    auto flag = [&args](const char* name) { return args.removeAll(QString::fromLatin1(name)) > 0; };
    if (flag("--no-bounds"))
        options.bounds = false;
    if (flag("--no-refine"))
        options.refine = false;
    if (args.size() != 1) {
        std::fputs("usage: segwb-kmeans-bench FILE [--k K] [--restarts N] [--seed S] "
                   "[--threads T] [--max-iterations M] [--tolerance TOL] [--no-bounds] "
                   "[--no-refine]\n",
            stderr);
        return 1;
    }
    const std::string path = args.first().toStdString();
    RowMatrix data;
    std::string error;
    const bool csv = path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
    if (!(csv ? readCsv(path, data, error) : readBinary(path, data, error))) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }

    // The workers KMeans::fit starts: one per restart, at most `threads` (0: one per core).
    const int threads
        = std::clamp(options.threads > 0 ? options.threads
                                         : static_cast<int>(std::thread::hardware_concurrency()),
            1, options.restarts);

    JobContext job;
    const KMeans kmeans(options);
    const double cpu0 = cpuSeconds();
    const auto wall0 = std::chrono::steady_clock::now();
    auto result = kmeans.fit(data, job);
    const double wall
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = cpuSeconds() - cpu0;
    if (!result) {
        std::fprintf(stderr, "k-means failed: %s\n", qPrintable(result.error().message));
        return 1;
    }
    std::printf("tool segwb\n");
    std::printf("rows %lld\n", static_cast<long long>(data.rows()));
    std::printf("features %lld\n", static_cast<long long>(data.cols()));
    std::printf("k %d\n", options.k);
    std::printf("restarts %d\n", options.restarts);
    std::printf("wall_s %.3f\n", wall);
    std::printf("cpu_s %.3f\n", cpu);
    std::printf("inertia %.17g\n", result->inertia);
    std::printf("iterations %d\n", result->iterations);
    std::printf("converged %d\n", result->converged ? 1 : 0);
    std::printf("best_restart %d\n", result->bestRestart);
    std::printf("threads %d\n", threads);
    std::printf("peak_rss_mib %.1f\n", peakRssMiB());
    return 0;
}
