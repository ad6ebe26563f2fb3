#pragma once

#include "fieldcatalog.h"
#include "jobcontext.h"
#include "result.h"
#include "segmentrule.h"

#include <QByteArray>
#include <QDate>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace seg {

/// One rule field held in memory, in the row order of customer_view (row i is rowid i + 1).
///
/// Number and yes/no fields are `numbers`: the value as double, NaN when missing (SQLite never
/// stores NaN, so NaN means NULL). Category, text and date fields are dictionary-encoded:
/// `codes` holds 0 for a missing value and 1 + an index into `dictionary` otherwise; the
/// dictionary holds each distinct value once, as SQLite's UTF-8 bytes. For dates the
/// dictionary holds what the SQL compares, substr(value, 1, 10): the first 10 characters.
/// Memory: 8 bytes per row for numbers, 4 bytes per row plus the dictionary otherwise.
/// Thread-safety: a plain value type; const access from several threads is safe.
struct RuleColumn {
    enum class Kind { Number, Dictionary };
    Kind kind = Kind::Number;
    std::vector<double> numbers;
    std::vector<qint32> codes;
    std::vector<QByteArray> dictionary;

    /// Rows held.
    qint64 rows() const
    {
        return static_cast<qint64>(kind == Kind::Number ? numbers.size() : codes.size());
    }
    /// Approximate heap memory in bytes.
    qint64 memoryBytes() const;
};

/// Evaluates a SegmentRule tree directly over columns held in memory (RuleColumn), without SQL,
/// giving exactly the result of the SQL that RuleSqlCompiler makes for customer_view
/// (CompiledRule::viewWhere):
/// - a missing value never satisfies a comparison; a negated node is the complement of its
///   positive form (missing values included); an empty "and" group matches every row, an empty
///   "or" group none;
/// - numbers compare as SQLite compares INTEGER/REAL values with a REAL parameter (the loader
///   only hands over columns whose values are all INTEGER within ±2^53 or REAL, see
///   ColumnPreviewEngine), yes/no as the number 1 or 0;
/// - text: is, is one of, =, <, ... compare the UTF-8 bytes (SQLite's BINARY collation);
///   contains, starts with, ends with are SQLite's LIKE with an escaped pattern: literal
///   characters, ASCII letters in either case, other characters exactly, the value read up to a
///   NUL character;
/// - dates compare their first 10 characters as text; relative dates use boundary days that the
///   caller computes with SQLite's own date(day, modifier) (DateShift), so calendar months
///   are exactly SQLite's (no QDate::addMonths clamping).
/// Fields of other kinds (saved segments, fields outside customer_view) and unusual cases
/// (a LIKE pattern over SQLite's length limit or holding a NUL) leave the prepared evaluator
/// with supported() false: the caller then runs the SQL instead.
///
/// Evaluation runs in chunks of 65,536 rows (a bit mask per node of the tree, 8 KiB a chunk)
/// and polls JobContext::isCancelled() between chunks. A million rows take a few
/// milliseconds per condition.
/// Thread-safety: a prepared evaluator is immutable; evaluate() and mask() may run from several
/// threads at once, as long as the columns it points to live and do not change.
class ColumnEvaluator {
public:
    /// The column of `field` for the evaluator (nullptr when it is not loaded). Must return
    /// columns of the kind columnKind() gives for the field's type and of `rows` rows.
    using ColumnLookup = std::function<const RuleColumn*(const QString& field)>;
    /// SQLite's date(day, modifier) as UTF-8 text, or std::nullopt when SQLite returns NULL;
    /// `day` is the analysis date as the SQL binds it (YYYY-MM-DD), `modifier` as "-3 months".
    using DateShift = std::function<Result<std::optional<QByteArray>>(
        const QString& day, const QString& modifier)>;

    /// The column layout a field of `type` needs.
    static RuleColumn::Kind columnKind(FieldType type);
    /// Whether a field's column can be in memory at all (a column of customer_view, not a saved
    /// segment).
    static bool canHold(const FieldInfo& field);
    /// The fields whose columns evaluating `rule` needs, each once, in order of first use;
    /// std::nullopt when a condition uses a field that canHold() refuses or that `catalog`
    /// does not know.
    static std::optional<QStringList> fieldsNeeded(
        const SegmentRule& rule, const FieldCatalog& catalog);

    /// Prepares `rule` (validated against `catalog` first: the same errors as the SQL compiler)
    /// over `rows` rows whose columns `columns` gives. Fails only on validation errors or when
    /// `dateShift` fails; an evaluator that cannot give the SQL's result is returned with
    /// supported() false and a reason.
    static Result<ColumnEvaluator> prepare(const SegmentRule& rule, const FieldCatalog& catalog,
        const QDate& analysisDate, qint64 rows, const ColumnLookup& columns,
        const DateShift& dateShift);

    /// False when the rule needs something the evaluator does not model exactly.
    bool supported() const { return m_supported; }
    /// Why it is not supported (for logs and tests; not translated).
    const QString& unsupportedReason() const { return m_reason; }
    qint64 rows() const { return m_rows; }

    /// Matching rows and the sum of `revenue` over them (NaN entries are not added, as SQL's
    /// total() skips NULL), added in row order. `revenue` has rows() entries.
    struct Totals {
        qint64 customers = 0;
        double revenue = 0;
    };
    /// Counts the matching rows. ErrorCode::Cancelled when `job` is cancelled; Usage when not
    /// supported().
    Result<Totals> evaluate(const std::vector<double>& revenue, JobContext& job) const;
    /// The matching rows as a bit mask: bit (i % 64) of word i / 64 is row i; bits past rows()
    /// are 0.
    Result<std::vector<quint64>> mask(JobContext& job) const;

    struct Node;
    ColumnEvaluator();
    ~ColumnEvaluator();
    ColumnEvaluator(ColumnEvaluator&&) noexcept;
    ColumnEvaluator& operator=(ColumnEvaluator&&) noexcept;
    ColumnEvaluator(const ColumnEvaluator&) = delete;
    ColumnEvaluator& operator=(const ColumnEvaluator&) = delete;

private:
    /// Runs `perChunk(firstWord, words, bits)` for each evaluated chunk.
    Result<void> run(JobContext& job,
        const std::function<void(qint64 firstWord, qint64 words, const quint64* bits)>& perChunk)
        const;

    std::unique_ptr<Node> m_root;
    qint64 m_rows = 0;
    bool m_supported = true;
    QString m_reason;
};

} // namespace seg
