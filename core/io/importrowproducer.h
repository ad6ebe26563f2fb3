#pragma once

#include "columntype.h"
#include "csvdialect.h"
#include "dateformat.h"
#include "role.h"
#include "valueparser.h"

#include <QIODevice>
#include <QString>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace seg {

/// One value ready to bind: null, integer, real or UTF-8 text in the batch's text arena.
struct ImportCell {
    enum class Kind : quint8 { Null, Int, Real, Text };
    Kind kind = Kind::Null;
    qint64 integer = 0;
    double real = 0;
    quint32 offset = 0;
    quint32 length = 0;
};

/// One record of the file: its cells (or why it is rejected) and its raw text.
struct ImportRow {
    qint64 line = 0;
    quint32 rawOffset = 0;
    quint32 rawLength = 0;
    qint32 reject = -1; ///< index into ImportBatch::rejects, -1 when the row is good
};

/// A few thousand parsed records, handed from the reading thread to the writing thread.
struct ImportBatch {
    std::vector<ImportRow> rows;
    std::vector<ImportCell> cells; ///< rows.size() × width, in parameter order
    std::string text; ///< arena for text cells and raw records
    QList<QPair<QString, QString>> rejects; ///< (reason, column)
    qint64 bytesRead = 0; ///< file bytes consumed when the batch was closed

    void clear();
    std::string_view textOf(quint32 offset, quint32 length) const
    {
        return std::string_view(text.data() + offset, length);
    }
};

/// How one stored column is produced from a field of the file.
struct ImportColumnSpec {
    int sourceIndex = -1; ///< field index; -1 for generated and computed columns
    QString source;
    QString name;
    Role role = Role::None;
    ColumnType type = ColumnType::Text;
    std::optional<DateOrder> order;
    bool widenable = false; ///< an attribute: widen its type instead of rejecting a value
};

/// Reads, parses and checks the records of a file on its own thread and hands them over in
/// batches (at most a few waiting, so memory stays bounded), while the caller writes them to
/// SQLite on its thread. All parsing and type checks of an import happen here.
/// Use: construct, start(), next() until it returns false, then read the results.
class ImportRowProducer {
public:
    /// What the producer computes besides cells; valid once next() returned false.
    struct Outcome {
        qint64 blankLines = 0;
        qint64 futureDates = 0;
        qint64 invalidSequences = 0;
        qint64 bytesRead = 0;
        QString readError;
        QStringList warnings; ///< type widenings
        std::vector<ColumnType> finalTypes; ///< per spec
    };

    enum class Extra { None, GeneratedId, ComputedAmount, DefaultCampaign };

    /// `specs` are in parameter order; generated/computed columns have sourceIndex -1 and are
    /// described by `extras` (same size as specs).
    ImportRowProducer(QIODevice* device, const CsvDialect& dialect, NumberFormat format,
        int fieldCount, std::vector<ImportColumnSpec> specs, std::vector<Extra> extras,
        QByteArray defaultCampaign);
    ~ImportRowProducer();
    ImportRowProducer(const ImportRowProducer&) = delete;
    ImportRowProducer& operator=(const ImportRowProducer&) = delete;

    void start();
    /// Waits for the next batch; false when the file is done (or stop() was called).
    bool next(ImportBatch& batch);
    /// Asks the reading thread to stop and waits for it.
    void stop();
    int width() const { return static_cast<int>(m_specs.size()); }
    const Outcome& outcome() const { return m_outcome; }

private:
    void run();
    void parseRecord(ImportBatch& batch, qint64 line, std::string_view raw,
        const std::vector<std::string_view>& fields);
    void reject(ImportBatch& batch, ImportRow& row, QString reason, QString column);
    bool push(ImportBatch&& batch);

    QIODevice* m_device;
    CsvDialect m_dialect;
    NumberFormat m_format;
    size_t m_fieldCount;
    std::vector<ImportColumnSpec> m_specs;
    std::vector<Extra> m_extras;
    QByteArray m_defaultCampaign;
    int m_today = 0;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<ImportBatch> m_queue;
    bool m_finished = false;
    std::atomic<bool> m_stop { false };
    std::thread m_thread;
    Outcome m_outcome;
};

} // namespace seg
