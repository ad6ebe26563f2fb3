// Scroll benchmark: opens one table of a workspace in the real data browser page (TablePage:
// QTableView over PagedTableModel) on the offscreen platform and scrolls it from top to bottom,
// one screen per step through the vertical scroll bar, then jumps to random rows. Every step
// waits until a repaint of the viewport shows real rows (no placeholders), so the real paths
// run: the view's data() calls for the visible rows, page requests, background page reads,
// dataChanged() and the repaint. Prints a Markdown report.
//
//   segwb-scroll-bench WORKSPACE [--table transactions] [--jumps 50] [--seed 1] [--passes 1]
//
// Run with QT_QPA_PLATFORM=offscreen (bench/scroll_bench.sh does).

#include "pagedtablemodel.h"
#include "tablepage.h"
#include "workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QMetaEnum>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

namespace seg::ui {

namespace {

constexpr int kDeciles = 10;
// A step that takes longer than this is reported as failed: the model never filled the rows.
constexpr int kStepTimeoutMs = 60000;

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); -1 where there is no procfs.
qint64 procStatusKiB(QLatin1StringView key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    // procfs files report size 0, so read until EOF rather than testing atEnd().
    const QByteArray prefix = QByteArray(key.data(), key.size()) + ':';
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// CPU time of the calling thread: tells work on the GUI thread apart from time the thread
// waited for a core (other processes share the machine).
qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double ms(qint64 ns) { return static_cast<double>(ns) / 1e6; }

QString msText(qint64 ns) { return QString::number(ms(ns), 'f', 1) + QStringLiteral(" ms"); }

QString mibText(qint64 kib)
{
    return QString::number(static_cast<double>(kib) / 1024.0, 'f', 1) + QStringLiteral(" MiB");
}

// Nearest-rank percentile of the latencies (ns); `p` in [0, 100].
qint64 percentile(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<size_t>(std::max(1.0, p / 100.0 * double(values.size()) + 0.999));
    return values[std::min(rank, values.size()) - 1];
}

/// One piece of GUI-thread work: an event handled, or one of the benchmark's scroll calls.
struct Block {
    qint64 wallNs = 0;
    qint64 cpuNs = 0;
    QString what;
};

QString blockText(const Block& b)
{
    return msText(b.wallNs) + QStringLiteral(" (") + msText(b.cpuNs)
        + QStringLiteral(" on the CPU; ") + b.what + QLatin1Char(')');
}

/// Times every event the GUI thread handles. QApplication::notify() is the door every event
/// goes through (paint, timers, queued calls such as QFutureWatcher's finished, input), so the
/// longest top-level notify() is the longest time the event loop could not react: what a user
/// sees as a stall. Nested notify() calls (a paint sent inside an update request) count as part
/// of their outer event.
class BenchApplication : public QApplication {
public:
    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override
    {
        if (m_depth > 0) {
            ++m_depth;
            const bool handled = QApplication::notify(receiver, event);
            --m_depth;
            if (m_afterEvent)
                m_afterEvent(receiver, event);
            return handled;
        }
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuStart = threadCpuNs();
        const QEvent::Type type = event->type();
        const char* receiverClass = receiver->metaObject()->className();
        ++m_depth;
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        if (m_afterEvent)
            m_afterEvent(receiver, event);
        noteBlock(timer.nsecsElapsed(), threadCpuNs() - cpuStart, [&] {
            const char* name = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
            return QString::fromLatin1(name ? name : "event") + QStringLiteral(" to ")
                + QString::fromLatin1(receiverClass);
        });
        return handled;
    }

    /// Counts GUI-thread work done outside the event loop (the benchmark's own scroll calls).
    void noteBlock(qint64 ns, qint64 cpuNs, const std::function<QString()>& what)
    {
        ++m_events;
        // 16.7 ms is one frame at 60 Hz; 100 ms is the limit for a GUI-thread block.
        if (ns > 16'700'000)
            ++m_overFrame;
        if (ns > 100'000'000)
            ++m_over100ms;
        if (ns > m_longest.wallNs)
            m_longest = Block { ns, cpuNs, what() };
        if (cpuNs > m_mostCpu.cpuNs)
            m_mostCpu = Block { ns, cpuNs, what() };
    }

    void resetBlocks()
    {
        m_longest = {};
        m_mostCpu = {};
        m_events = 0;
        m_overFrame = 0;
        m_over100ms = 0;
    }
    /// The event with the longest wall time, and the one with the most CPU time.
    const Block& longestBlock() const { return m_longest; }
    const Block& mostCpuBlock() const { return m_mostCpu; }
    qint64 eventCount() const { return m_events; }
    qint64 eventsOverOneFrame() const { return m_overFrame; }
    qint64 eventsOver100ms() const { return m_over100ms; }

    /// Called after each event was delivered, at any nesting depth.
    void setAfterEvent(std::function<void(QObject*, QEvent*)> hook)
    {
        m_afterEvent = std::move(hook);
    }

private:
    int m_depth = 0;
    Block m_longest;
    Block m_mostCpu;
    qint64 m_events = 0;
    qint64 m_overFrame = 0;
    qint64 m_over100ms = 0;
    std::function<void(QObject*, QEvent*)> m_afterEvent;
};

struct StepResult {
    bool ok = false;
    qint64 latencyNs = 0;
    /// The first repaint after the scroll still showed placeholder rows.
    bool placeholdersShown = false;
};

/// Drives one TablePage: runs a scroll action and waits for the repaint that shows real rows.
class ScrollDriver {
public:
    ScrollDriver(BenchApplication& app, TablePage& page)
        : m_app(app)
        , m_page(page)
        , m_view(page.view())
    {
        m_app.setAfterEvent([this](QObject* receiver, QEvent* event) {
            if (m_active && receiver == m_view->viewport() && event->type() == QEvent::Paint)
                onViewportPainted();
        });
    }

    ~ScrollDriver() { m_app.setAfterEvent({}); }

    /// True when every row in the viewport has its value; the check calls data() like the
    /// paint that has just run, so it cannot ask for anything the paint did not ask for.
    bool visibleRowsLoaded() const
    {
        const PagedTableModel* model = m_page.model();
        if (model->rowCount() == 0 || model->columnCount() == 0)
            return !model->isLoading();
        const int first = std::max(0, m_view->rowAt(0));
        int last = m_view->rowAt(m_view->viewport()->height() - 1);
        if (last < 0)
            last = model->rowCount() - 1;
        for (int row = first; row <= last; ++row) {
            if (!model->data(model->index(row, 0)).isValid())
                return false;
        }
        return true;
    }

    /// Runs `action` (a scroll) and processes events until a viewport repaint shows real rows.
    StepResult run(const std::function<void()>& action)
    {
        m_result = StepResult {};
        m_done = false;
        m_active = true;
        m_clock.start();
        const qint64 cpuStart = threadCpuNs();
        action();
        m_app.noteBlock(m_clock.nsecsElapsed(), threadCpuNs() - cpuStart,
            [] { return QStringLiteral("scroll call"); });
        if (!m_done) {
            QTimer timeout;
            timeout.setSingleShot(true);
            QObject::connect(&timeout, &QTimer::timeout, &m_loop, &QEventLoop::quit);
            timeout.start(kStepTimeoutMs);
            m_loop.exec();
        }
        m_active = false;
        m_result.ok = m_done;
        return m_result;
    }

    /// Waits (up to the step timeout) for a repaint that shows real rows, without scrolling.
    StepResult settle()
    {
        if (visibleRowsLoaded()) {
            // Make sure what is loaded has been painted, too.
            return run([this] { m_view->viewport()->update(); });
        }
        return run([] {});
    }

private:
    void onViewportPainted()
    {
        if (m_done)
            return;
        if (!visibleRowsLoaded()) {
            m_result.placeholdersShown = true;
            return;
        }
        m_result.latencyNs = m_clock.nsecsElapsed();
        m_done = true;
        m_loop.quit();
    }

    BenchApplication& m_app;
    TablePage& m_page;
    QTableView* m_view;
    QEventLoop m_loop;
    QElapsedTimer m_clock;
    StepResult m_result;
    bool m_active = false;
    bool m_done = false;
};

struct Series {
    std::vector<qint64> latencies;
    int placeholderSteps = 0;

    void add(const StepResult& r)
    {
        latencies.push_back(r.latencyNs);
        if (r.placeholdersShown)
            ++placeholderSteps;
    }
    qint64 max() const
    {
        return latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
    }
};

/// Resident memory, split in anonymous (heap, stacks, the backing store) and file-backed
/// (shared libraries and fonts as their pages are first touched), which tells growth of our
/// data apart from code being paged in.
struct MemorySample {
    QString when;
    qint64 rssKiB = 0;
    qint64 anonKiB = 0;
    qint64 fileKiB = 0;
    int cachedPages = 0;
};

MemorySample sampleMemory(const QString& when, int cachedPages)
{
    return { when, procStatusKiB(QLatin1StringView("VmRSS")),
        procStatusKiB(QLatin1StringView("RssAnon")), procStatusKiB(QLatin1StringView("RssFile")),
        cachedPages };
}

int run(BenchApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Scrolls a workspace table from top to bottom in the data browser and reports step "
        "latency, GUI-thread blocks and memory."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("A .segws file."));
    const QCommandLineOption tableOption(QStringLiteral("table"),
        QStringLiteral("Table to scroll (default transactions)."), QStringLiteral("name"),
        QStringLiteral("transactions"));
    const QCommandLineOption jumpsOption(QStringLiteral("jumps"),
        QStringLiteral("Random jumps after the sweep (default 50)."), QStringLiteral("n"),
        QStringLiteral("50"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
        QStringLiteral("Seed of the random jumps (default 1)."), QStringLiteral("n"),
        QStringLiteral("1"));
    const QCommandLineOption passesOption(QStringLiteral("passes"),
        QStringLiteral("Top-to-bottom sweeps (default 1); more show whether memory keeps "
                       "growing with the rows scrolled."),
        QStringLiteral("n"), QStringLiteral("1"));
    parser.addOptions({ tableOption, jumpsOption, seedOption, passesOption });
    parser.process(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << "usage: segwb-scroll-bench WORKSPACE [--table NAME] [--jumps N] [--seed N] "
               "[--passes N]\n";
        return 2;
    }
    const QString path = parser.positionalArguments().constFirst();
    if (!QFileInfo::exists(path)) {
        err << "no workspace at " << path << '\n';
        return 2;
    }
    const int jumps = parser.value(jumpsOption).toInt();
    const auto seed = parser.value(seedOption).toUInt();
    const int passes = std::max(1, parser.value(passesOption).toInt());

    const MemorySample beforeOpen = sampleMemory(QStringLiteral("before opening"), 0);
    seg::TableInfo table;
    table.name = parser.value(tableOption);

    // The window size of the screenshots.
    TablePage page(path, table);
    page.resize(1280, 800);
    page.show();
    ScrollDriver driver(app, page);

    QElapsedTimer openClock;
    openClock.start();
    {
        QEventLoop wait;
        QObject::connect(&page, &TablePage::firstLoadFinished, &wait, &QEventLoop::quit);
        QTimer::singleShot(kStepTimeoutMs, &wait, &QEventLoop::quit);
        if (!page.hasLoaded())
            wait.exec();
    }
    if (!page.hasLoaded() || !page.model()->errorMessage().isEmpty()) {
        err << "the table did not load: " << page.model()->errorMessage() << '\n';
        return 1;
    }
    if (!driver.settle().ok) {
        err << "the first rows were never shown\n";
        return 1;
    }
    const qint64 openNs = openClock.nsecsElapsed();
    const Block openBlock = app.longestBlock();

    PagedTableModel* model = page.model();
    QScrollBar* bar = page.view()->verticalScrollBar();
    const int maximum = bar->maximum();
    const int pageStep = std::max(1, bar->pageStep());
    const qint64 rows = model->rowCount();

    std::vector<MemorySample> memory;
    memory.push_back(beforeOpen);
    memory.push_back(sampleMemory(QStringLiteral("first rows shown"), model->cachedPageCount()));
    int maxCachedPages = model->cachedPageCount();

    // Sweep: one screen per step, top to bottom, as Page Down would.
    app.resetBlocks();
    std::array<Series, kDeciles> deciles;
    Series sweep;
    QElapsedTimer sweepClock;
    sweepClock.start();
    for (int pass = 1; pass <= passes; ++pass) {
        if (pass > 1) {
            // Back to the top; not a measured step.
            if (!driver.run([bar] { bar->setValue(0); }).ok) {
                err << "no real rows shown after going back to the top\n";
                return 1;
            }
        }
        int nextDecile = 1;
        while (bar->value() < maximum) {
            const int from = bar->value();
            const int to = std::min(maximum, from + pageStep);
            const StepResult r = driver.run([bar, to] { bar->setValue(to); });
            if (!r.ok) {
                err << "no real rows shown " << kStepTimeoutMs << " ms after scrolling to row "
                    << to << '\n';
                return 1;
            }
            sweep.add(r);
            const int decile
                = std::min(kDeciles - 1, int(qint64(to) * kDeciles / (qint64(maximum) + 1)));
            deciles[decile].add(r);
            maxCachedPages = std::max(maxCachedPages, model->cachedPageCount());
            // Memory at every tenth of the first pass, then at the end of each further pass.
            while (
                nextDecile <= kDeciles && qint64(to) * kDeciles >= qint64(maximum) * nextDecile) {
                if (pass == 1 || nextDecile == kDeciles) {
                    memory.push_back(
                        sampleMemory(pass == 1 ? QStringLiteral("sweep %1 %").arg(nextDecile * 10)
                                               : QStringLiteral("end of sweep %1").arg(pass),
                            model->cachedPageCount()));
                }
                ++nextDecile;
            }
        }
    }
    const qint64 sweepNs = sweepClock.nsecsElapsed();
    const Block sweepBlock = app.longestBlock();
    const Block sweepCpuBlock = app.mostCpuBlock();
    const qint64 sweepEvents = app.eventCount();
    const qint64 sweepOverFrame = app.eventsOverOneFrame();
    const qint64 sweepOver100ms = app.eventsOver100ms();

    // Jumps: the end, the top, then random rows (dragging the scroll bar's handle).
    app.resetBlocks();
    Series jumpSeries;
    QRandomGenerator random(seed);
    std::vector<int> targets { maximum, 0 };
    for (int i = 0; i < jumps; ++i)
        targets.push_back(static_cast<int>(random.bounded(maximum + 1)));
    for (const int to : targets) {
        if (to == bar->value())
            continue;
        const StepResult r = driver.run([bar, to] { bar->setValue(to); });
        if (!r.ok) {
            err << "no real rows shown " << kStepTimeoutMs << " ms after jumping to row " << to
                << '\n';
            return 1;
        }
        jumpSeries.add(r);
        maxCachedPages = std::max(maxCachedPages, model->cachedPageCount());
    }
    const Block jumpBlock = app.longestBlock();
    memory.push_back(sampleMemory(QStringLiteral("after %1 jumps").arg(jumpSeries.latencies.size()),
        model->cachedPageCount()));
    const qint64 peakKiB = procStatusKiB(QLatin1StringView("VmHWM"));

    const QLocale c = QLocale::c();
    out << "### Scrolling " << c.toString(rows) << " rows of `" << table.name
        << "` in the data browser\n\n";
    out << "Window 1280×800, " << pageStep << " rows on screen; first rows shown " << msText(openNs)
        << " after opening (longest GUI-thread event meanwhile " << blockText(openBlock)
        << ").\n\n";
    out << "| | steps | median | p99 | max | steps that showed placeholders | longest "
           "GUI-thread event |\n";
    out << "|---|---|---|---|---|---|---|\n";
    auto row = [&](const QString& name, const Series& s, const Block& block) {
        out << "| " << name << " | " << s.latencies.size() << " | "
            << msText(percentile(s.latencies, 50)) << " | " << msText(percentile(s.latencies, 99))
            << " | " << msText(s.max()) << " | " << s.placeholderSteps << " | " << blockText(block)
            << " |\n";
    };
    row(passes == 1 ? QStringLiteral("sweep, one screen per step")
                    : QStringLiteral("%1 sweeps, one screen per step").arg(passes),
        sweep, sweepBlock);
    row(QStringLiteral("jumps (end, top, %1 random rows)").arg(jumps), jumpSeries, jumpBlock);
    out << "\nStep latency: from the scroll-bar change until a repaint of the viewport shows "
           "real values in every visible row. Sweep: "
        << QString::number(double(sweepNs) / 1e9, 'f', 1) << " s, " << sweepEvents
        << " GUI-thread events, " << sweepOverFrame
        << " of them over 16.7 ms (one frame at 60 Hz), " << sweepOver100ms
        << " over 100 ms; the most CPU time in one event: " << blockText(sweepCpuBlock) << ".\n\n";

    out << "Sweep by depth (latency grows with the row only if reading a page costs more "
           "further down):\n\n";
    out << "| rows | steps | median | p99 | max | placeholders shown "
           "|\n|---|---|---|---|---|---|\n";
    for (int d = 0; d < kDeciles; ++d) {
        const Series& s = deciles[d];
        out << "| " << c.toString(rows * d / kDeciles) << "–"
            << c.toString(rows * (d + 1) / kDeciles) << " | " << s.latencies.size() << " | "
            << msText(percentile(s.latencies, 50)) << " | " << msText(percentile(s.latencies, 99))
            << " | " << msText(s.max()) << " | " << s.placeholderSteps << " |\n";
    }

    out << "\nMemory (resident set size; peak VmHWM " << mibText(peakKiB) << "; at most "
        << maxCachedPages << " pages of " << PagedTableModel::kPageSize << " rows cached, limit "
        << PagedTableModel::kMaxCachedPages << "):\n\n";
    out << "| when | RSS | anonymous | file-backed | cached pages |\n|---|---|---|---|---|\n";
    for (const MemorySample& m : memory) {
        out << "| " << m.when << " | " << mibText(m.rssKiB) << " | " << mibText(m.anonKiB) << " | "
            << mibText(m.fileKiB) << " | " << m.cachedPages << " |\n";
    }
    out.flush();
    return 0;
}

} // namespace

} // namespace seg::ui

int main(int argc, char* argv[])
{
    seg::ui::BenchApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("segwb-scroll-bench"));
    return seg::ui::run(app);
}
