#pragma once

#include "importer.h"
#include "importoptions.h"
#include "importreport.h"
#include "workspace.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <array>
#include <atomic>
#include <memory>
#include <optional>

namespace seg {
class JobContext;
}

namespace seg::ui {

/// The import of one file into a workspace, as the wizard drives it: plans (again and again
/// while the user changes settings), reads the tables' row counts, and runs the import. Every
/// job runs in a worker thread with its own JobContext and its own Workspace connection;
/// results come back by value. A newer plan supersedes and cancels an older one still running,
/// whose result is then dropped. The destructor cancels whatever runs and waits for it.
///
/// When the file cannot be imported with the current settings (no customer id column, a wrong
/// delimiter...), the plan outcome still carries a plan for the preview and the columns page
/// (read as if it were a customers file) together with the problem in plain words.
class ImportSession : public QObject {
    Q_OBJECT
public:
    /// What planning found.
    struct PlanOutcome {
        quint64 generation = 0;
        bool cancelled = false;
        bool hasPlan = false; ///< plan holds a preview and the columns
        bool importable = false; ///< plan can be imported as it is
        seg::ImportPlan plan;
        QString problem; ///< why it cannot be imported, in plain words
        QString headerKey; ///< hash of the file's first line (remembered settings)
    };
    /// Rows of each data table (customers, transactions, responses) before the import.
    struct Counts {
        bool ready = false;
        bool workspaceExists = false;
        QString error;
        std::array<qint64, 3> rows { 0, 0, 0 };
    };
    /// What the import did.
    struct RunOutcome {
        bool finished = false;
        bool ok = false;
        bool cancelled = false;
        QString message; ///< error or cancellation, in plain words
        seg::ImportReport report;
        QList<seg::RejectedRow> rejected; ///< the first kMaxRejectedShown rejected rows
        qint64 rowsBefore = -1; ///< rows of the table before the import
        qint64 rowsAfter = -1; ///< rows of the table afterwards
    };
    /// Progress of a running import: bytes of the file and rows read.
    struct Progress {
        qint64 done = 0;
        qint64 total = 0;
        qint64 rows = 0;
        qint64 elapsedMs = 0;
    };

    static constexpr qint64 kMaxRejectedShown = 10000;

    ImportSession(const QString& workspacePath, const QString& filePath, QObject* parent = nullptr);
    ~ImportSession() override;

    const QString& filePath() const { return m_filePath; }
    const QString& workspacePath() const { return m_workspacePath; }

    const seg::ImportOptions& options() const { return m_options; }
    /// Takes new options and plans again at once.
    void setOptions(const seg::ImportOptions& options);
    /// Sets the import mode (planning does not depend on it).
    void setMode(seg::ImportMode mode) { m_options.mode = mode; }
    /// Plans again with the current options (supersedes a plan still running).
    void replan();
    bool isPlanning() const { return m_planWatcher.isRunning(); }
    /// The latest plan outcome (empty until planReady()).
    const PlanOutcome& planOutcome() const { return m_plan; }
    /// Number of plans received so far.
    int plansReceived() const { return m_plansReceived; }

    /// Reads the row counts of the data tables in the background; countsReady() follows.
    void readCounts();
    const Counts& counts() const { return m_counts; }
    /// Rows of the table of `kind`, or -1 while unknown.
    qint64 tableRows(seg::DataKind kind) const;

    /// Imports the file as planned now; importFinished() follows.
    void startImport();
    /// Asks the running import to stop; the workspace keeps what it had.
    void cancelImport();
    bool isImporting() const { return m_runWatcher.isRunning(); }
    Progress progress() const;
    const RunOutcome& runOutcome() const { return m_run; }

    /// Cancels every job and waits for them.
    void cancelAndWait();

    /// Guesses the kind of data from the column names, else from the file name.
    static seg::DataKind guessKind(const QString& filePath, const QStringList& headers);

Q_SIGNALS:
    void planReady();
    void countsReady();
    void importFinished();

private:
    struct ProgressState {
        std::atomic<qint64> done { 0 };
        std::atomic<qint64> total { 0 };
    };

    void onPlanFinished();
    void onRunFinished();
    static PlanOutcome planInBackground(QString path, seg::ImportOptions options,
        quint64 generation, std::shared_ptr<seg::JobContext> job);
    static RunOutcome runInBackground(QString workspacePath, seg::ImportPlan plan,
        seg::ImportOptions options, std::shared_ptr<seg::JobContext> job);
    static Counts countInBackground(QString workspacePath);

    QString m_workspacePath;
    QString m_filePath;
    seg::ImportOptions m_options;
    PlanOutcome m_plan;
    Counts m_counts;
    RunOutcome m_run;
    quint64 m_generation = 0;
    int m_plansReceived = 0;
    // The encoding detected by the first plan is reused by later ones: detecting it may read the
    // whole file, and nothing a user changes afterwards affects it.
    std::optional<seg::TextEncoding> m_detectedEncoding;
    QString m_encodingNote;
    quint64 m_pinnedGeneration = 0;
    std::shared_ptr<seg::JobContext> m_planJob;
    std::shared_ptr<seg::JobContext> m_runJob;
    std::shared_ptr<ProgressState> m_progress;
    QElapsedTimer m_runTimer;
    QFutureWatcher<PlanOutcome> m_planWatcher;
    QFutureWatcher<Counts> m_countWatcher;
    QFutureWatcher<RunOutcome> m_runWatcher;
};

} // namespace seg::ui
