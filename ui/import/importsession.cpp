#include "importsession.h"

#include "jobcontext.h"
#include "role.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace seg::ui {

namespace {

constexpr qint64 kHeaderBytes = 64 * 1024;

// Hash of the first line of the file (without BOM and line end): files exported by the same
// system with the same columns share it.
QString headerKeyOf(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray head = file.read(kHeaderBytes);
    if (head.startsWith("\xEF\xBB\xBF"))
        head.remove(0, 3);
    const qsizetype nl = head.indexOf('\n');
    if (nl >= 0)
        head.truncate(nl);
    while (head.endsWith('\r'))
        head.chop(1);
    if (head.trimmed().isEmpty())
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(head, QCryptographicHash::Sha1).toHex());
}

int kindIndex(DataKind kind)
{
    switch (kind) {
    case DataKind::Customers:
        return 0;
    case DataKind::Transactions:
        return 1;
    case DataKind::Responses:
        return 2;
    }
    return 0;
}

// The roles the columns would have in a file of `kind`: the user's choice, else the role its
// header stands for (each role once).
void assignRoles(ImportPlan& plan, const ImportOptions& options)
{
    QSet<Role> taken;
    for (ColumnPlan& col : plan.columns) {
        const auto choice = options.columns.constFind(col.source);
        if (choice != options.columns.constEnd() && choice->role) {
            col.role = *choice->role;
            col.detectedRole = roleFromHeader(col.source, options.kind);
            if (col.role != Role::None)
                taken.insert(col.role);
        }
    }
    for (ColumnPlan& col : plan.columns) {
        const auto choice = options.columns.constFind(col.source);
        if (choice != options.columns.constEnd() && choice->role)
            continue;
        Role role = roleFromHeader(col.source, options.kind);
        if (taken.contains(role))
            role = Role::None;
        col.detectedRole = role;
        col.role = role;
        if (role != Role::None)
            taken.insert(role);
    }
    plan.kind = options.kind;
}

// The importer's messages name command-line options; on the wizard's pages the same fixes are
// made on the Columns page.
QString problemInPlainWords(
    const QString& coreMessage, const ImportPlan& preview, const ImportOptions& options)
{
    QString text = coreMessage;
    const bool cliHint = coreMessage.contains(QStringLiteral("--map"))
        || coreMessage.contains(QStringLiteral("--generate-ids"));
    if (cliHint) {
        const DataKind kind = options.kind;
        if (preview.columnWithRole(Role::CustomerId) < 0 && !options.generateIds)
            text = kind == DataKind::Customers
                ? ImportSession::tr("No column holds the customer ids. On the Columns page, give "
                                    "the right column the role \"%1\", or tick \"This file has "
                                    "no customer ids\".")
                      .arg(roleDisplayName(Role::CustomerId))
                : ImportSession::tr("No column holds the customer ids. On the Columns page, give "
                                    "the right column the role \"%1\".")
                      .arg(roleDisplayName(Role::CustomerId));
        else if (kind == DataKind::Transactions && preview.columnWithRole(Role::OrderDate) < 0)
            text = ImportSession::tr("No column holds the order date. On the Columns page, give "
                                     "the right column the role \"%1\".")
                       .arg(roleDisplayName(Role::OrderDate));
        else if (kind == DataKind::Transactions && preview.columnWithRole(Role::Amount) < 0)
            text = ImportSession::tr("No column holds the amount. On the Columns page, give the "
                                     "right column the role \"%1\" (or give two columns the roles "
                                     "\"%2\" and \"%3\").")
                       .arg(roleDisplayName(Role::Amount), roleDisplayName(Role::Quantity),
                           roleDisplayName(Role::UnitPrice));
    }
    if (preview.fieldCount == 1)
        return ImportSession::tr("Each row is read as one single column, so no column can be "
                                 "used as the customer id. Is \"Values separated by\" right? "
                                 "Choose the character that the preview shows between the "
                                 "values.");
    return text;
}

} // namespace

ImportSession::ImportSession(const QString& workspacePath, const QString& filePath, QObject* parent)
    : QObject(parent)
    , m_workspacePath(workspacePath)
    , m_filePath(filePath)
{
    connect(&m_planWatcher, &QFutureWatcherBase::finished, this, &ImportSession::onPlanFinished);
    connect(&m_countWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_countWatcher.future().resultCount() == 0)
            return;
        m_counts = m_countWatcher.result();
        Q_EMIT countsReady();
    });
    connect(&m_runWatcher, &QFutureWatcherBase::finished, this, &ImportSession::onRunFinished);
}

ImportSession::~ImportSession() { cancelAndWait(); }

void ImportSession::setOptions(const ImportOptions& options)
{
    m_options = options;
    replan();
}

void ImportSession::replan()
{
    if (m_planJob)
        m_planJob->cancel();
    m_planJob = std::make_shared<JobContext>();
    const quint64 generation = ++m_generation;
    ImportOptions options = m_options;
    if (!options.encoding && m_detectedEncoding) {
        options.encoding = m_detectedEncoding;
        m_pinnedGeneration = generation;
    }
    m_planWatcher.setFuture(QtConcurrent::run(
        &ImportSession::planInBackground, m_filePath, options, generation, m_planJob));
}

void ImportSession::onPlanFinished()
{
    if (m_planWatcher.future().resultCount() == 0)
        return;
    PlanOutcome outcome = m_planWatcher.result();
    if (outcome.generation != m_generation || outcome.cancelled)
        return; // superseded
    if (outcome.hasPlan && outcome.generation == m_pinnedGeneration) {
        outcome.plan.encodingDetected = true;
        if (!m_encodingNote.isEmpty())
            outcome.plan.notes.prepend(m_encodingNote);
    } else if (outcome.hasPlan && outcome.plan.encodingDetected && !m_detectedEncoding) {
        m_detectedEncoding = outcome.plan.dialect.encoding;
        m_encodingNote = outcome.plan.notes.value(0); // the first note is about the encoding
    }
    m_plan = std::move(outcome);
    ++m_plansReceived;
    Q_EMIT planReady();
}

ImportSession::PlanOutcome ImportSession::planInBackground(
    QString path, ImportOptions options, quint64 generation, std::shared_ptr<JobContext> job)
{
    PlanOutcome out;
    out.generation = generation;
    try {
        out.headerKey = headerKeyOf(path);
        auto plan = Importer::plan(path, options, *job);
        if (plan) {
            out.hasPlan = true;
            out.importable = true;
            out.plan = std::move(*plan);
            return out;
        }
        if (plan.error().code == ErrorCode::Cancelled) {
            out.cancelled = true;
            return out;
        }
        out.problem = plan.error().message;
        // Read it once more as a customers file with numbered rows, which needs no role, so
        // that the preview and the columns show what to fix.
        ImportOptions look = options;
        look.kind = DataKind::Customers;
        for (ColumnChoice& c : look.columns)
            c.role.reset();
        for (int attempt = 0; attempt < 4; ++attempt) {
            look.generateIds = attempt % 2 == 0;
            if (attempt == 2)
                look.columns.clear();
            auto preview = Importer::plan(path, look, *job);
            if (preview) {
                out.hasPlan = true;
                out.plan = std::move(*preview);
                out.plan.generateIds = options.generateIds;
                assignRoles(out.plan, options);
                out.problem = problemInPlainWords(out.problem, out.plan, options);
                return out;
            }
            if (preview.error().code == ErrorCode::Cancelled) {
                out.cancelled = true;
                return out;
            }
            if (preview.error().code == ErrorCode::BadInput && attempt == 0)
                break; // the file itself cannot be read (empty, binary...): nothing to show
        }
    } catch (const std::exception& e) {
        out.hasPlan = false;
        out.problem = tr("Reading the file failed unexpectedly (%1).")
                          .arg(QString::fromLocal8Bit(e.what()));
    }
    return out;
}

void ImportSession::readCounts()
{
    m_counts = Counts {};
    m_countWatcher.setFuture(QtConcurrent::run(&ImportSession::countInBackground, m_workspacePath));
}

ImportSession::Counts ImportSession::countInBackground(QString workspacePath)
{
    Counts out;
    out.ready = true;
    if (!QFileInfo::exists(workspacePath))
        return out;
    out.workspaceExists = true;
    auto ws = Workspace::open(workspacePath, Workspace::OpenMode::ReadOnly);
    if (!ws) {
        out.error = ws.error().message;
        return out;
    }
    for (DataKind kind : { DataKind::Customers, DataKind::Transactions, DataKind::Responses }) {
        auto rows = ws->rowCount(dataKindName(kind));
        if (!rows) {
            out.error = rows.error().message;
            return out;
        }
        out.rows[static_cast<size_t>(kindIndex(kind))] = *rows;
    }
    return out;
}

qint64 ImportSession::tableRows(DataKind kind) const
{
    if (!m_counts.ready || !m_counts.error.isEmpty())
        return -1;
    return m_counts.rows[static_cast<size_t>(kindIndex(kind))];
}

void ImportSession::startImport()
{
    if (isImporting())
        return;
    Q_ASSERT(m_plan.importable);
    m_run = RunOutcome {};
    m_progress = std::make_shared<ProgressState>();
    m_runJob = std::make_shared<JobContext>([state = m_progress](qint64 done, qint64 total) {
        state->done.store(done, std::memory_order_relaxed);
        state->total.store(total, std::memory_order_relaxed);
    });
    m_runTimer.start();
    m_runWatcher.setFuture(QtConcurrent::run(
        &ImportSession::runInBackground, m_workspacePath, m_plan.plan, m_options, m_runJob));
}

void ImportSession::cancelImport()
{
    if (m_runJob)
        m_runJob->cancel();
}

ImportSession::Progress ImportSession::progress() const
{
    Progress p;
    if (!m_progress || !m_runJob)
        return p;
    p.done = m_progress->done.load(std::memory_order_relaxed);
    p.total = m_progress->total.load(std::memory_order_relaxed);
    p.rows = m_runJob->count();
    p.elapsedMs = m_runTimer.isValid() ? m_runTimer.elapsed() : 0;
    return p;
}

void ImportSession::onRunFinished()
{
    if (m_runWatcher.future().resultCount() == 0)
        return;
    m_run = m_runWatcher.result();
    m_run.finished = true;
    Q_EMIT importFinished();
}

ImportSession::RunOutcome ImportSession::runInBackground(
    QString workspacePath, ImportPlan plan, ImportOptions options, std::shared_ptr<JobContext> job)
{
    RunOutcome out;
    const QString table = dataKindName(plan.kind);
    try {
        auto ws = Workspace::open(workspacePath, Workspace::OpenMode::CreateOrOpen);
        if (!ws) {
            out.message = ws.error().message;
            return out;
        }
        if (auto before = ws->rowCount(table))
            out.rowsBefore = *before;
        auto report = Importer::run(*ws, plan, options, *job);
        if (auto after = ws->rowCount(table))
            out.rowsAfter = *after;
        if (!report) {
            out.cancelled = report.error().code == ErrorCode::Cancelled;
            out.message = report.error().message;
            return out;
        }
        out.ok = true;
        out.report = std::move(*report);
        if (out.report.rowsRejected > 0) {
            auto rejected = ws->rejectedRows(out.report.importId, kMaxRejectedShown);
            if (rejected)
                out.rejected = std::move(*rejected);
            else
                out.report.warnings.append(rejected.error().message);
        }
    } catch (const std::exception& e) {
        out.ok = false;
        out.message = tr("The import failed unexpectedly (%1); the workspace was left as it was.")
                          .arg(QString::fromLocal8Bit(e.what()));
    }
    return out;
}

void ImportSession::cancelAndWait()
{
    if (m_planJob)
        m_planJob->cancel();
    if (m_runJob)
        m_runJob->cancel();
    m_planWatcher.waitForFinished();
    m_countWatcher.waitForFinished();
    m_runWatcher.waitForFinished();
}

DataKind ImportSession::guessKind(const QString& filePath, const QStringList& headers)
{
    auto count = [&headers](DataKind kind, std::initializer_list<Role> roles) {
        int n = 0;
        for (const QString& h : headers) {
            const Role r = roleFromHeader(h, kind);
            for (Role wanted : roles)
                n += r == wanted ? 1 : 0;
        }
        return n;
    };
    const int responseRoles = count(DataKind::Responses,
        { Role::Campaign, Role::Contacted, Role::Responded, Role::Converted, Role::Control });
    const int orderDate = count(DataKind::Transactions, { Role::OrderDate });
    const int money = count(DataKind::Transactions, { Role::Amount, Role::UnitPrice });
    if (responseRoles >= 2)
        return DataKind::Responses;
    if (orderDate > 0 && money > 0)
        return DataKind::Transactions;
    const QString name = QFileInfo(filePath).completeBaseName().toLower();
    for (const char16_t* word : { u"respons", u"campaign", u"mailing" }) {
        if (name.contains(QStringView(word)))
            return DataKind::Responses;
    }
    for (const char16_t* word : { u"transaction", u"order", u"sales", u"invoice", u"purchase" }) {
        if (name.contains(QStringView(word)))
            return DataKind::Transactions;
    }
    return DataKind::Customers;
}

} // namespace seg::ui
