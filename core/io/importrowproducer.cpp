#include "importrowproducer.h"

#include "csvreader.h"

#include <QCoreApplication>
#include <QDate>

namespace seg {

namespace {

constexpr size_t kBatchRows = 4096;
constexpr size_t kMaxQueuedBatches = 3;
constexpr size_t kMaxRawStored = 64 * 1024;

QString tr(const char* text)
{
    return QCoreApplication::translate("seg::Importer", text);
}

QString fieldText(std::string_view v)
{
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

bool isDateType(ColumnType t)
{
    return t == ColumnType::Date || t == ColumnType::DateTime;
}

} // namespace

void ImportBatch::clear()
{
    rows.clear();
    cells.clear();
    text.clear();
    rejects.clear();
    bytesRead = 0;
}

ImportRowProducer::ImportRowProducer(QIODevice* device, const CsvDialect& dialect,
    NumberFormat format, int fieldCount, std::vector<ImportColumnSpec> specs,
    std::vector<Extra> extras, QByteArray defaultCampaign)
    : m_device(device)
    , m_dialect(dialect)
    , m_format(format)
    , m_fieldCount(static_cast<size_t>(fieldCount))
    , m_specs(std::move(specs))
    , m_extras(std::move(extras))
    , m_defaultCampaign(std::move(defaultCampaign))
{
    const QDate now = QDate::currentDate();
    m_today = now.year() * 10000 + now.month() * 100 + now.day();
}

ImportRowProducer::~ImportRowProducer()
{
    stop();
}

void ImportRowProducer::start()
{
    m_thread = std::thread([this] { run(); });
}

void ImportRowProducer::stop()
{
    m_stop = true;
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

bool ImportRowProducer::next(ImportBatch& batch)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_queue.empty() || m_finished; });
    if (m_queue.empty())
        return false;
    batch = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return true;
}

bool ImportRowProducer::push(ImportBatch&& batch)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queue.size() < kMaxQueuedBatches || m_stop; });
    if (m_stop)
        return false;
    m_queue.push_back(std::move(batch));
    lock.unlock();
    m_changed.notify_all();
    return true;
}

void ImportRowProducer::reject(ImportBatch& batch, ImportRow& row, QString reason, QString column)
{
    row.reject = static_cast<qint32>(batch.rejects.size());
    batch.rejects.append({ std::move(reason), std::move(column) });
}

void ImportRowProducer::run()
{
    CsvReader reader(m_device, m_dialect);
    CsvRecord rec;
    bool headerSkipped = !m_dialect.hasHeader;
    m_outcome.finalTypes.clear();
    for (const ImportColumnSpec& s : m_specs)
        m_outcome.finalTypes.push_back(s.type);
    ImportBatch batch;
    bool stopped = false;
    while (!stopped && reader.next(rec)) {
        if (rec.isBlank()) {
            ++m_outcome.blankLines;
            continue;
        }
        if (!headerSkipped) {
            headerSkipped = true;
            continue;
        }
        parseRecord(batch, rec.line, rec.raw, rec.fields);
        if (rec.unbalancedQuote) {
            reject(batch, batch.rows.back(),
                tr("A quote opens on this line and is never closed (or the line is longer than "
                   "16 MiB)."),
                QString());
        }
        if (batch.rows.size() >= kBatchRows) {
            batch.bytesRead = reader.bytesRead();
            stopped = !push(std::move(batch));
            batch = ImportBatch();
        }
    }
    if (!stopped && !batch.rows.empty()) {
        batch.bytesRead = reader.bytesRead();
        push(std::move(batch));
    }
    m_outcome.readError = reader.errorString();
    m_outcome.invalidSequences = reader.invalidSequences();
    m_outcome.bytesRead = reader.bytesRead();
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_changed.notify_all();
}

void ImportRowProducer::parseRecord(ImportBatch& batch, qint64 line, std::string_view raw,
    const std::vector<std::string_view>& fields)
{
    const size_t width = m_specs.size();
    ImportRow row;
    row.line = line;
    const std::string_view kept = raw.substr(0, kMaxRawStored);
    row.rawOffset = static_cast<quint32>(batch.text.size());
    row.rawLength = static_cast<quint32>(kept.size());
    batch.text.append(kept);
    const size_t cellStart = batch.cells.size();
    batch.cells.resize(cellStart + width);
    batch.rows.push_back(row);
    ImportRow& r = batch.rows.back();
    if (fields.empty())
        return; // an unbalanced quote: the caller rejects it
    if (fields.size() != m_fieldCount) {
        reject(batch, r,
            tr("The row has %1 fields; the file has %2 columns.").arg(fields.size()).arg(m_fieldCount),
            QString());
        return;
    }
    auto putText = [&batch](ImportCell& cell, std::string_view v) {
        cell.kind = ImportCell::Kind::Text;
        cell.offset = static_cast<quint32>(batch.text.size());
        cell.length = static_cast<quint32>(v.size());
        batch.text.append(v);
    };
    double quantity = 0, price = 0;
    bool quantityOk = false, priceOk = false;
    int amountCell = -1;
    for (size_t c = 0; c < width; ++c) {
        ImportColumnSpec& col = m_specs[c];
        ColumnType& type = m_outcome.finalTypes[c];
        ImportCell& cell = batch.cells[cellStart + c];
        switch (m_extras[c]) {
        case Extra::GeneratedId:
            cell.kind = ImportCell::Kind::Int;
            cell.integer = line;
            continue;
        case Extra::ComputedAmount:
            amountCell = static_cast<int>(c);
            continue;
        case Extra::DefaultCampaign:
            putText(cell, std::string_view(m_defaultCampaign.constData(), size_t(m_defaultCampaign.size())));
            continue;
        case Extra::None:
            break;
        }
        const std::string_view value = fields[static_cast<size_t>(col.sourceIndex)];
        const Role role = col.role;
        if (ValueParser::isMissing(value)) {
            if (role == Role::CustomerId || role == Role::OrderDate || role == Role::Amount) {
                reject(batch, r,
                    tr("The %1 is missing (column \"%2\", field %3).")
                        .arg(roleDisplayName(role).toLower(), col.source)
                        .arg(col.sourceIndex + 1),
                    col.source);
                return;
            }
            continue; // null
        }
        const ColumnType before = type;
        bool stored = false;
        bool impossible = false;
        while (!stored && !impossible) {
            switch (type) {
            case ColumnType::Text:
            case ColumnType::Category:
                putText(cell, (role == Role::CustomerId || role == Role::OrderId) ? ValueParser::trimmed(value) : value);
                stored = true;
                break;
            case ColumnType::Integer:
            case ColumnType::Decimal: {
                const auto n = ValueParser::parseNumber(value, m_format);
                if (n && (type == ColumnType::Decimal || n->isInteger)) {
                    if (n->isInteger && type == ColumnType::Integer) {
                        cell.kind = ImportCell::Kind::Int;
                        cell.integer = n->integer;
                    } else {
                        cell.kind = ImportCell::Kind::Real;
                        cell.real = n->value;
                    }
                    if (role == Role::Quantity) {
                        quantity = n->value;
                        quantityOk = true;
                    } else if (role == Role::UnitPrice) {
                        price = n->value;
                        priceOk = true;
                    }
                    stored = true;
                } else if (n && col.widenable) {
                    type = ColumnType::Decimal;
                } else if (col.widenable) {
                    type = ColumnType::Text;
                } else {
                    impossible = true;
                }
                break;
            }
            case ColumnType::Date:
            case ColumnType::DateTime: {
                auto d = ValueParser::parseDate(value, *col.order);
                if (!d && *col.order != DateOrder::YearMonthDay)
                    d = ValueParser::parseDate(value, DateOrder::YearMonthDay); // ISO is unambiguous
                if (d && (type == ColumnType::DateTime || !d->hasTime)) {
                    if (role == Role::OrderDate && d->year * 10000 + d->month * 100 + d->day > m_today)
                        ++m_outcome.futureDates;
                    char buf[24];
                    const int len = ValueParser::formatIso(*d, type == ColumnType::DateTime, buf);
                    putText(cell, std::string_view(buf, size_t(len)));
                    stored = true;
                } else if (d) {
                    type = ColumnType::DateTime; // a time appeared: both are dates
                } else if (col.widenable) {
                    type = ColumnType::Text;
                } else {
                    impossible = true;
                }
                break;
            }
            case ColumnType::YesNo: {
                const auto b = ValueParser::parseYesNoOrDigit(value);
                if (b) {
                    cell.kind = ImportCell::Kind::Int;
                    cell.integer = *b ? 1 : 0;
                    stored = true;
                } else if (col.widenable) {
                    type = ColumnType::Category;
                } else {
                    impossible = true;
                }
                break;
            }
            }
        }
        if (type != before && col.widenable) {
            m_outcome.warnings.append(
                tr("Column \"%1\": \"%2\" on line %3 is not %4, so the column is stored as %5.")
                    .arg(col.source, fieldText(value))
                    .arg(line)
                    .arg(columnTypeDisplayName(before).toLower(),
                        columnTypeDisplayName(type).toLower()));
        }
        if (impossible) {
            QString expected = columnTypeDisplayName(type).toLower();
            if (isDateType(type) && col.order)
                expected = tr("a date in the order %1").arg(dateOrderName(*col.order));
            else if (type == ColumnType::Integer || type == ColumnType::Decimal)
                expected = tr("a number");
            else if (type == ColumnType::YesNo)
                expected = tr("a yes/no value");
            reject(batch, r,
                tr("Column \"%1\" (field %2): \"%3\" is not %4.")
                    .arg(col.source)
                    .arg(col.sourceIndex + 1)
                    .arg(fieldText(value), expected),
                col.source);
            return;
        }
    }
    if (amountCell >= 0) {
        if (!quantityOk || !priceOk) {
            reject(batch, r,
                tr("The amount cannot be computed: the quantity or the unit price is missing."),
                QString());
            return;
        }
        ImportCell& cell = batch.cells[cellStart + size_t(amountCell)];
        cell.kind = ImportCell::Kind::Real;
        cell.real = quantity * price;
    }
}

} // namespace seg
