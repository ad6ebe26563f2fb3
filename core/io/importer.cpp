#include "importer.h"

#include "csvreader.h"
#include "database.h"
#include "hashingdevice.h"
#include "importrowproducer.h"
#include "typeinference.h"
#include "workspace.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <sqlite3.h>

#include <array>
#include <cmath>

namespace seg {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("seg::Importer", text);
}

constexpr qsizetype kSniffBytes = 1024 * 1024;
constexpr int kPreviewRows = 200;
constexpr int kFirstRejectsKept = 50;

QString shownPath(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QString fieldText(std::string_view v)
{
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

// Does the text of a first-row field look like a value rather than a header name?
bool looksLikeValue(std::string_view field)
{
    const std::string_view t = ValueParser::trimmed(field);
    if (t.empty())
        return true;
    if (ValueParser::parseNumber(t, NumberFormat { '.', ',' })
        || ValueParser::parseNumber(t, NumberFormat { ',', '.' }))
        return true;
    for (DateOrder order : { DateOrder::YearMonthDay, DateOrder::DayMonthYear,
             DateOrder::MonthDayYear }) {
        if (ValueParser::parseDate(t, order))
            return true;
    }
    return false;
}

struct SniffScore {
    char delimiter = ',';
    int fields = 0;
    double consistency = 0;
};

SniffScore scoreDelimiter(const QByteArray& sample, bool wholeFile, TextEncoding encoding,
    char delimiter)
{
    QByteArray copy = sample;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, CsvDialect { encoding, delimiter, '"', true });
    reader.setMaxRecordBytes(sample.size() + 1);
    CsvRecord rec;
    QList<int> counts;
    while (counts.size() < 500 && reader.next(rec)) {
        if (rec.isBlank())
            continue;
        counts.append(rec.unbalancedQuote ? -1 : static_cast<int>(rec.fields.size()));
    }
    if (!wholeFile && counts.size() > 1)
        counts.removeLast(); // may be cut by the end of the sample
    QHash<int, int> freq;
    for (int c : counts)
        freq[c]++;
    SniffScore best { delimiter, 0, 0 };
    for (auto it = freq.constBegin(); it != freq.constEnd(); ++it) {
        const double share = counts.isEmpty() ? 0 : double(it.value()) / counts.size();
        if (it.key() > 0 && (share > best.consistency
                || (share == best.consistency && it.key() > best.fields))) {
            best.fields = it.key();
            best.consistency = share;
        }
    }
    return best;
}

bool isDateType(ColumnType t)
{
    return t == ColumnType::Date || t == ColumnType::DateTime;
}

bool isNumericType(ColumnType t)
{
    return t == ColumnType::Integer || t == ColumnType::Decimal;
}

// Share of values that parse as a date in `order` (missing values skipped).
double dateShare(const std::vector<std::string>& values, DateOrder order, bool* anyTime)
{
    qint64 ok = 0, total = 0;
    for (const std::string& v : values) {
        if (ValueParser::isMissing(v))
            continue;
        ++total;
        auto d = ValueParser::parseDate(v, order);
        if (!d && order != DateOrder::YearMonthDay && order != DateOrder::Compact)
            d = ValueParser::parseDate(v, DateOrder::YearMonthDay);
        if (d) {
            ++ok;
            if (anyTime && d->hasTime)
                *anyTime = true;
        }
    }
    return total ? double(ok) / double(total) : 0.0;
}

double numberShare(const std::vector<std::string>& values, NumberFormat fmt)
{
    qint64 ok = 0, total = 0;
    for (const std::string& v : values) {
        if (ValueParser::isMissing(v))
            continue;
        ++total;
        if (ValueParser::parseNumber(v, fmt))
            ++ok;
    }
    return total ? double(ok) / double(total) : 0.0;
}

double yesNoShare(const std::vector<std::string>& values)
{
    qint64 ok = 0, total = 0;
    for (const std::string& v : values) {
        if (ValueParser::isMissing(v))
            continue;
        ++total;
        if (ValueParser::parseYesNoOrDigit(v))
            ++ok;
    }
    return total ? double(ok) / double(total) : 0.0;
}

const ColumnChoice* findChoice(const ImportOptions& options, const QString& source,
    const QString& cleaned)
{
    for (auto it = options.columns.constBegin(); it != options.columns.constEnd(); ++it) {
        if (it.key().compare(source, Qt::CaseInsensitive) == 0
            || it.key().compare(source.trimmed(), Qt::CaseInsensitive) == 0
            || it.key().compare(cleaned, Qt::CaseInsensitive) == 0)
            return &it.value();
    }
    return nullptr;
}

} // namespace

Result<ImportPlan> Importer::plan(const QString& filePath, const ImportOptions& options,
    JobContext& job)
{
    ImportPlan plan;
    plan.filePath = filePath;
    plan.kind = options.kind;
    plan.generateIds = options.generateIds;
    const QString shown = shownPath(filePath);
    const QFileInfo info(filePath);
    if (!info.exists())
        return makeError(ErrorCode::BadInput, tr("The file %1 does not exist.").arg(shown));
    if (info.isDir())
        return makeError(ErrorCode::BadInput, tr("%1 is a folder, not a file.").arg(shown));
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::BadInput,
            tr("Cannot read the file %1: %2").arg(shown, file.errorString()));
    plan.fileSize = file.size();
    if (plan.fileSize == 0)
        return makeError(ErrorCode::BadInput,
            tr("The file %1 is empty: there is nothing to import.").arg(shown));

    const QByteArray sample = file.read(kSniffBytes);
    const bool wholeFile = sample.size() >= plan.fileSize;

    // Encoding.
    const EncodingGuess guess = detectTextEncoding(sample);
    if (options.encoding) {
        plan.dialect.encoding = *options.encoding;
        plan.encodingDetected = false;
    } else {
        if (guess.looksBinary)
            return makeError(ErrorCode::BadInput,
                tr("%1 does not look like a CSV file: it holds binary data (a spreadsheet, a "
                   "zip or a database?). Save it as CSV (comma-separated values) and import "
                   "that.")
                    .arg(shown));
        plan.dialect.encoding = guess.encoding;
        QString evidence;
        if (guess.encoding == TextEncoding::Utf8 && guess.bomLength == 0 && !wholeFile) {
            // The sample may be plain ASCII while the rest is not: check the whole file.
            QByteArray carry;
            qint64 offset = 0;
            qint64 line = 1;
            if (!file.seek(0))
                return makeError(ErrorCode::BadInput, tr("Cannot read the file %1.").arg(shown));
            for (;;) {
                QByteArray chunk = carry + file.read(4 * 1024 * 1024);
                if (chunk.isEmpty())
                    break;
                const bool last = file.atEnd();
                const qsizetype valid = validUtf8Prefix(chunk);
                if (valid < chunk.size() && (last || valid < chunk.size() - 3)) {
                    line += chunk.left(valid).count('\n');
                    plan.dialect.encoding = TextEncoding::Windows1252;
                    evidence = tr(": byte 0x%1 on line %2 (byte %3) is not UTF-8")
                                   .arg(static_cast<unsigned char>(chunk.at(valid)), 2, 16, QLatin1Char('0'))
                                   .arg(line)
                                   .arg(offset + valid + 1);
                    break;
                }
                line += chunk.left(valid).count('\n');
                offset += valid;
                carry = chunk.mid(valid);
                if (last)
                    break;
                job.setProgress(offset, plan.fileSize);
                if (job.isCancelled())
                    return makeError(ErrorCode::Cancelled, tr("Cancelled."));
            }
        }
        plan.notes.append(tr("Encoding: %1%2 (detected%3).")
                              .arg(textEncodingName(plan.dialect.encoding),
                                  guess.bomLength ? tr(" with byte-order mark") : QString(),
                                  evidence));
    }

    // Delimiter.
    if (options.delimiter) {
        plan.dialect.delimiter = *options.delimiter;
        plan.delimiterDetected = false;
    } else {
        SniffScore best { ',', 0, 0 };
        for (char d : { ',', ';', '\t', '|' }) {
            const SniffScore s = scoreDelimiter(sample, wholeFile, plan.dialect.encoding, d);
            if (s.fields > 1
                && (s.consistency > best.consistency + 0.05
                    || (std::abs(s.consistency - best.consistency) <= 0.05
                        && s.fields > best.fields)))
                best = s;
        }
        if (best.fields <= 1 || best.consistency < 0.9) {
            const SniffScore ws = scoreDelimiter(
                sample, wholeFile, plan.dialect.encoding, CsvDialect::WhitespaceRuns);
            if (ws.fields > 1 && ws.consistency >= 0.9 && ws.consistency > best.consistency)
                best = ws;
        }
        if (best.fields == 0)
            best.delimiter = ',';
        plan.dialect.delimiter = best.delimiter;
        plan.notes.append(tr("Delimiter: %1 (detected).")
                              .arg(CsvDialect::delimiterName(best.delimiter)));
    }

    // Read the sample records with the chosen dialect.
    if (!file.seek(0))
        return makeError(ErrorCode::BadInput, tr("Cannot read the file %1.").arg(shown));
    CsvReader reader(&file, plan.dialect);
    CsvRecord rec;
    std::vector<std::vector<std::string>> firstRecords; // raw fields of the first records
    qint64 firstLine = 0;
    bool hitEnd = true;
    QStringList header;
    std::vector<std::vector<std::string>> columnValues;
    while (reader.next(rec)) {
        if (rec.isBlank() || rec.unbalancedQuote)
            continue;
        if (firstRecords.empty())
            firstLine = rec.line;
        std::vector<std::string> fields;
        fields.reserve(rec.fields.size());
        for (std::string_view f : rec.fields)
            fields.emplace_back(f);
        firstRecords.push_back(std::move(fields));
        if (static_cast<int>(firstRecords.size()) > options.sampleRecords) {
            hitEnd = false;
            break;
        }
    }
    if (!reader.errorString().isEmpty())
        return makeError(ErrorCode::BadInput, reader.errorString());
    if (firstRecords.empty())
        return makeError(ErrorCode::BadInput,
            tr("The file %1 holds no records (only blank lines or an unclosed quote).")
                .arg(shown));
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Cancelled."));

    // Header.
    if (options.hasHeader) {
        plan.dialect.hasHeader = *options.hasHeader;
        plan.headerDetected = false;
    } else {
        const auto& first = firstRecords.front();
        bool anyValue = false;
        QSet<QString> seen;
        bool unique = true;
        for (const std::string& f : first) {
            if (looksLikeValue(f))
                anyValue = true;
            const QString t = fieldText(f).trimmed();
            if (seen.contains(t))
                unique = false;
            seen.insert(t);
        }
        plan.dialect.hasHeader = !anyValue && unique;
        plan.notes.append(plan.dialect.hasHeader
                ? tr("The first line is a header (detected).")
                : tr("The file has no header line (detected): columns are numbered."));
    }
    const size_t fieldCount = firstRecords.front().size();
    plan.fieldCount = static_cast<int>(fieldCount);
    size_t dataStart = 0;
    if (plan.dialect.hasHeader) {
        for (const std::string& f : firstRecords.front())
            header.append(fieldText(f).trimmed());
        dataStart = 1;
    } else {
        for (size_t i = 0; i < fieldCount; ++i)
            header.append(tr("column %1").arg(i + 1));
    }
    if (dataStart >= firstRecords.size() && hitEnd)
        return makeError(ErrorCode::BadInput,
            tr("The file %1 has a header line but no data rows.").arg(shown));
    plan.previewFirstLine = firstLine + (plan.dialect.hasHeader ? 1 : 0);

    // Column values and preview.
    columnValues.assign(fieldCount, {});
    std::vector<TypeInference> inference;
    inference.reserve(fieldCount);
    for (size_t c = 0; c < fieldCount; ++c)
        inference.emplace_back(header.at(static_cast<qsizetype>(c)));
    for (size_t r = dataStart; r < firstRecords.size(); ++r) {
        const auto& fields = firstRecords[r];
        if (plan.preview.size() < kPreviewRows) {
            QStringList row;
            for (const std::string& f : fields)
                row.append(fieldText(f));
            plan.preview.append(row);
        }
        if (fields.size() != fieldCount)
            continue;
        for (size_t c = 0; c < fieldCount; ++c) {
            inference[c].add(fields[c]);
            columnValues[c].push_back(fields[c]);
        }
    }

    // Number format.
    if (options.decimal || options.thousands) {
        plan.numberFormat.decimal = options.decimal.value_or('.');
        plan.numberFormat.thousands = options.thousands.value_or(
            plan.numberFormat.decimal == ',' ? '.' : '\0');
        plan.numberFormatDetected = false;
    } else {
        std::vector<const TypeInference*> cols;
        for (const TypeInference& t : inference)
            cols.push_back(&t);
        plan.numberFormat = TypeInference::detectNumberFormat(cols, plan.dialect.delimiter);
        bool anyDecimal = false;
        for (const TypeInference& t : inference)
            anyDecimal = anyDecimal || t.propose(plan.numberFormat).type == ColumnType::Decimal;
        if (anyDecimal && plan.numberFormat.decimal == ',')
            plan.notes.append(tr("Numbers use a decimal comma (detected)."));
    }

    // Columns: roles, types, names.
    QSet<Role> rolesTaken;
    for (size_t c = 0; c < fieldCount; ++c) {
        ColumnPlan col;
        col.sourceIndex = static_cast<int>(c);
        col.source = header.at(static_cast<qsizetype>(c));
        const QString cleaned = cleanColumnName(col.source, static_cast<int>(c));
        const TypeProposal proposal = inference[c].propose(plan.numberFormat, options.dateOrder);
        col.detectedType = proposal.type;
        col.type = proposal.type;
        col.dateOrder = proposal.dateOrder;
        col.missingShare = proposal.missingShare;
        col.failShare = proposal.failShare;
        if (proposal.dateOrderAmbiguous && !options.dateOrder)
            col.warnings.append(proposal.note);
        if (proposal.missingShare > 0.5)
            col.warnings.append(tr("%1% of the sampled values are empty.")
                                    .arg(qRound(proposal.missingShare * 100)));
        QSet<QString> seenSamples;
        for (const std::string& v : columnValues[c]) {
            if (col.samples.size() >= 3)
                break;
            if (ValueParser::isMissing(v))
                continue;
            const QString s = fieldText(v);
            if (!seenSamples.contains(s)) {
                seenSamples.insert(s);
                col.samples.append(s);
            }
        }
        Role role = roleFromHeader(col.source, options.kind);
        if (role != Role::None && rolesTaken.contains(role))
            role = Role::None;
        col.detectedRole = role;
        const ColumnChoice* choice = findChoice(options, col.source, cleaned);
        if (choice && choice->role)
            role = *choice->role;
        col.role = role;
        if (choice && choice->type)
            col.type = *choice->type;
        if (choice)
            col.skip = choice->skip;
        if (!col.skip && role != Role::None)
            rolesTaken.insert(role);
        col.name = (choice && choice->name) ? cleanColumnName(*choice->name, static_cast<int>(c))
                                            : cleaned;
        plan.columns.append(col);
    }
    // A role chosen explicitly wins over one detected from another header.
    for (auto it = options.columns.constBegin(); it != options.columns.constEnd(); ++it) {
        if (!it->role || *it->role == Role::None)
            continue;
        for (ColumnPlan& col : plan.columns) {
            const bool chosen = findChoice(options, col.source, cleanColumnName(col.source, col.sourceIndex)) == &it.value();
            if (!chosen && col.role == *it->role && col.detectedRole == col.role)
                col.role = Role::None;
        }
    }
    for (auto it = options.columns.constBegin(); it != options.columns.constEnd(); ++it) {
        bool found = false;
        for (const ColumnPlan& col : plan.columns) {
            if (findChoice(options, col.source, cleanColumnName(col.source, col.sourceIndex)) == &it.value())
                found = true;
        }
        if (!found)
            return makeError(ErrorCode::Usage,
                tr("The file %1 has no column named \"%2\". Its columns are: %3.")
                    .arg(shown, it.key(), header.join(QStringLiteral(", "))));
    }

    // Types that roles need.
    for (ColumnPlan& col : plan.columns) {
        if (col.skip || col.role == Role::None)
            continue;
        const auto& values = columnValues[static_cast<size_t>(col.sourceIndex)];
        const QString roleName = roleDisplayName(col.role);
        switch (col.role) {
        case Role::CustomerId:
        case Role::OrderId:
            col.type = ColumnType::Text;
            break;
        case Role::Product:
        case Role::Category:
        case Role::Channel:
        case Role::Campaign:
            col.type = ColumnType::Category;
            break;
        case Role::OrderDate:
        case Role::ResponseDate: {
            if (isDateType(col.type) && col.dateOrder)
                break;
            DateOrder bestOrder = DateOrder::YearMonthDay;
            double bestShare = -1;
            bool anyTime = false;
            const QList<DateOrder> orders = options.dateOrder
                ? QList<DateOrder> { *options.dateOrder }
                : QList<DateOrder> { DateOrder::YearMonthDay, DateOrder::DayMonthYear,
                      DateOrder::MonthDayYear, DateOrder::Compact };
            for (DateOrder o : orders) {
                bool t = false;
                const double s = dateShare(values, o, &t);
                if (s > bestShare) {
                    bestShare = s;
                    bestOrder = o;
                    anyTime = t;
                }
            }
            if (bestShare < 0.5)
                return makeError(ErrorCode::BadInput,
                    tr("The column \"%1\" of %2 is used as the %3, but its values are not dates "
                       "(for example \"%4\"). Choose the date format, or map another column.")
                        .arg(col.source, shown, roleName.toLower(),
                            col.samples.value(0)));
            col.type = anyTime ? ColumnType::DateTime : ColumnType::Date;
            col.dateOrder = bestOrder;
            if (bestShare < 1.0)
                col.warnings.append(tr("%1% of the sampled values are not dates in the order %2; "
                                       "their rows will be rejected.")
                                        .arg(qRound((1 - bestShare) * 100))
                                        .arg(dateOrderName(bestOrder)));
            break;
        }
        case Role::Amount:
        case Role::Quantity:
        case Role::UnitPrice:
        case Role::Revenue: {
            if (isNumericType(col.type)) {
                if (col.role != Role::Quantity)
                    col.type = ColumnType::Decimal; // money is never forced to whole numbers
                break;
            }
            const double share = numberShare(values, plan.numberFormat);
            if (share < 0.5)
                return makeError(ErrorCode::BadInput,
                    tr("The column \"%1\" of %2 is used as the %3, but its values are not "
                       "numbers (for example \"%4\").")
                        .arg(col.source, shown, roleName.toLower(), col.samples.value(0)));
            col.type = ColumnType::Decimal;
            if (share < 1.0)
                col.warnings.append(tr("%1% of the sampled values are not numbers; their rows "
                                       "will be rejected.")
                                        .arg(qRound((1 - share) * 100)));
            break;
        }
        case Role::Contacted:
        case Role::Responded:
        case Role::Converted:
        case Role::Control: {
            if (col.type == ColumnType::YesNo)
                break;
            const double share = yesNoShare(values);
            if (share < 0.5)
                return makeError(ErrorCode::BadInput,
                    tr("The column \"%1\" of %2 is used as \"%3\", but its values are not yes/no "
                       "values (for example \"%4\").")
                        .arg(col.source, shown, roleName, col.samples.value(0)));
            col.type = ColumnType::YesNo;
            break;
        }
        case Role::None:
            break;
        }
    }

    // Decide ambiguous day/month orders from the whole file.
    QList<int> ambiguous;
    for (int i = 0; i < plan.columns.size(); ++i) {
        const ColumnPlan& col = plan.columns[i];
        if (!col.skip && isDateType(col.type) && !options.dateOrder
            && (col.dateOrder == DateOrder::DayMonthYear
                || col.dateOrder == DateOrder::MonthDayYear)) {
            const auto& values = columnValues[static_cast<size_t>(col.sourceIndex)];
            if (dateShare(values, DateOrder::DayMonthYear, nullptr) == 1.0
                && dateShare(values, DateOrder::MonthDayYear, nullptr) == 1.0)
                ambiguous.append(i);
        }
    }
    if (!ambiguous.isEmpty() && !hitEnd) {
        // candidates[i]: bit 0 = D/M/Y still possible, bit 1 = M/D/Y still possible
        QHash<int, int> candidates;
        QHash<int, QString> evidence;
        for (int i : ambiguous)
            candidates[i] = 3;
        if (!file.seek(0))
            return makeError(ErrorCode::BadInput, tr("Cannot read the file %1.").arg(shown));
        CsvReader scan(&file, plan.dialect);
        CsvRecord r;
        qint64 n = 0;
        while (scan.next(r)) {
            if (r.fields.size() != fieldCount)
                continue;
            for (int i : ambiguous) {
                int& c = candidates[i];
                if (c != 3)
                    continue;
                const std::string_view v = r.fields[static_cast<size_t>(plan.columns[i].sourceIndex)];
                if (ValueParser::isMissing(v))
                    continue;
                const bool dmy = ValueParser::parseDate(v, DateOrder::DayMonthYear).has_value();
                const bool mdy = ValueParser::parseDate(v, DateOrder::MonthDayYear).has_value();
                if (dmy != mdy) {
                    c = dmy ? 1 : 2;
                    evidence[i] = tr("\"%1\" on line %2").arg(fieldText(v)).arg(r.line);
                }
            }
            if (++n % 8192 == 0) {
                job.setProgress(scan.bytesRead(), plan.fileSize);
                if (job.isCancelled())
                    return makeError(ErrorCode::Cancelled, tr("Cancelled."));
                bool open = false;
                for (int i : ambiguous)
                    open = open || candidates[i] == 3;
                if (!open)
                    break;
            }
        }
        for (int i : ambiguous) {
            ColumnPlan& col = plan.columns[i];
            col.warnings.clear();
            if (candidates[i] == 1 || candidates[i] == 2) {
                col.dateOrder = candidates[i] == 1 ? DateOrder::DayMonthYear : DateOrder::MonthDayYear;
                plan.notes.append(tr("Column \"%1\": dates read as %2, decided from the whole "
                                     "file (%3 fits only that order).")
                                      .arg(col.source, dateOrderName(*col.dateOrder), evidence[i]));
            } else {
                col.warnings.append(tr("Every date in \"%1\" reads both as day/month and as "
                                       "month/day; day/month was chosen. Set the date format if "
                                       "that is wrong.")
                                        .arg(col.source));
            }
        }
    } else {
        for (int i : ambiguous) {
            ColumnPlan& col = plan.columns[i];
            if (col.warnings.isEmpty())
                col.warnings.append(tr("Every date in \"%1\" reads both as day/month and as "
                                       "month/day; %2 was chosen. Set the date format if that "
                                       "is wrong.")
                                        .arg(col.source, dateOrderName(*col.dateOrder)));
        }
    }

    // Required roles.
    const bool hasCustomer = plan.columnWithRole(Role::CustomerId) >= 0;
    if (!hasCustomer && !options.generateIds)
        return makeError(ErrorCode::BadInput,
            tr("No column of %1 holds customer ids (columns: %2). Map one with "
               "--map COLUMN=customer_id, or number the rows with --generate-ids.")
                .arg(shown, header.join(QStringLiteral(", "))));
    if (hasCustomer && options.generateIds)
        return makeError(ErrorCode::Usage,
            tr("%1 already has a customer id column (\"%2\"); --generate-ids is only for files "
               "without one.")
                .arg(shown, plan.columns[plan.columnWithRole(Role::CustomerId)].source));
    if (options.kind == DataKind::Transactions) {
        if (plan.columnWithRole(Role::OrderDate) < 0)
            return makeError(ErrorCode::BadInput,
                tr("No column of %1 holds the order date (columns: %2). Map one with "
                   "--map COLUMN=order_date.")
                    .arg(shown, header.join(QStringLiteral(", "))));
        if (plan.columnWithRole(Role::Amount) < 0) {
            if (plan.columnWithRole(Role::Quantity) >= 0 && plan.columnWithRole(Role::UnitPrice) >= 0) {
                plan.computeAmount = true;
                plan.notes.append(tr("There is no amount column: amount = quantity × unit price."));
            } else {
                return makeError(ErrorCode::BadInput,
                    tr("No column of %1 holds the amount, and there is no quantity and unit price "
                       "to compute it from (columns: %2). Map one with --map COLUMN=amount.")
                        .arg(shown, header.join(QStringLiteral(", "))));
            }
        }
    }
    if (options.kind == DataKind::Responses && plan.columnWithRole(Role::Campaign) < 0) {
        plan.defaultCampaign = info.completeBaseName();
        plan.notes.append(tr("There is no campaign column: every response belongs to the "
                             "campaign \"%1\" (the file name).")
                              .arg(plan.defaultCampaign));
    }

    // Names: roles take their fixed names; others are made unique.
    QSet<QString> used;
    if (plan.generateIds)
        used.insert(roleColumnName(Role::CustomerId));
    if (plan.computeAmount)
        used.insert(roleColumnName(Role::Amount));
    if (!plan.defaultCampaign.isEmpty())
        used.insert(roleColumnName(Role::Campaign));
    used.insert(QStringLiteral("rowid"));
    for (ColumnPlan& col : plan.columns) {
        if (!col.skip && col.role != Role::None) {
            col.name = roleColumnName(col.role);
            used.insert(col.name);
        }
    }
    for (ColumnPlan& col : plan.columns) {
        if (col.skip || col.role != Role::None)
            continue;
        QString name = col.name;
        for (int k = 2; used.contains(name); ++k)
            name = col.name + QLatin1Char('_') + QString::number(k);
        col.name = name;
        used.insert(name);
    }
    return plan;
}

namespace {

// A bulk import writes each page once with the rollback journal, where WAL writes it twice
// (log, then checkpoint). Pages of a new or growing table lie past the old end of the file, so
// the journal holds almost nothing, and atomicity is the same. The switch needs the workspace
// to have no other connection; when it has one, the import simply stays in WAL mode. Opening
// a workspace for writing always sets WAL again.
struct RollbackJournalWhileImporting {
    Database& db;
    bool switched = false;
    explicit RollbackJournalWhileImporting(Database& database, bool onDisk)
        : db(database)
    {
        if (!onDisk)
            return;
        auto mode = db.scalar(QStringLiteral("PRAGMA journal_mode = DELETE"));
        switched = mode && mode->toString() == u"delete";
        if (switched)
            (void)db.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    }
    ~RollbackJournalWhileImporting()
    {
        if (!switched)
            return;
        (void)db.scalar(QStringLiteral("PRAGMA journal_mode = WAL"));
        (void)db.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    }
};

struct Transaction {
    Database& db;
    bool open = false;
    ~Transaction()
    {
        if (open)
            (void)db.exec(QStringLiteral("ROLLBACK"));
    }
};

QString sqlErrorMessage(int code, const QString& text, const QString& workspace)
{
    if ((code & 0xff) == SQLITE_FULL)
        return tr("The disk is full; the workspace %1 was left as it was. Free some space and "
                  "import again.")
            .arg(shownPath(workspace));
    if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN)
        return tr("The workspace %1 cannot be written (%2); it was left as it was.")
            .arg(shownPath(workspace), text);
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        return tr("The workspace %1 is busy in another window or program; it was left as it "
                  "was. Close the other one and try again.")
            .arg(shownPath(workspace));
    return tr("Writing to the workspace %1 failed (%2); it was left as it was.")
        .arg(shownPath(workspace), text);
}

} // namespace

Result<ImportReport> Importer::run(Workspace& workspace, const ImportPlan& plan,
    const ImportOptions& options, JobContext& job)
{
    QElapsedTimer timer;
    timer.start();
    ImportReport report;
    report.plan = plan;
    const QString table = dataKindName(plan.kind);
    report.table = table;
    const QString shown = shownPath(plan.filePath);
    Database& db = workspace.database();
    if (workspace.isReadOnly())
        return makeError(ErrorCode::Workspace, tr("The workspace is open read-only."));

    QFile file(plan.filePath);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::BadInput,
            tr("Cannot read the file %1: %2").arg(shown, file.errorString()));
    const QFileInfo before(plan.filePath);
    const qint64 sizeBefore = before.size();
    const QDateTime modifiedBefore = before.lastModified();

    auto fail = [&](const QString& message, ErrorCode code = ErrorCode::Workspace) {
        return makeError(code, message);
    };
    auto sqlFail = [&](const Statement& s) {
        return makeError(ErrorCode::Workspace,
            sqlErrorMessage(s.lastErrorCode(), s.lastError(), workspace.path()));
    };

    // A 64 MiB page cache keeps most of a large import out of the WAL until it commits.
    (void)db.exec(QStringLiteral("PRAGMA cache_size = -65536"));
    RollbackJournalWhileImporting journal(db, workspace.path() != u":memory:");
    if (auto r = db.exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return fail(tr("The workspace %1 is busy in another window or program; nothing was "
                       "imported. (%2)")
                        .arg(shownPath(workspace.path()), r.error().message));
    Transaction tx { db, true };

    // Table layout.
    auto existingCols = workspace.columns(table);
    if (!existingCols)
        return existingCols.error();
    auto existingRows = workspace.rowCount(table);
    if (!existingRows)
        return existingRows.error();
    auto tableExists = workspace.hasTable(table);
    if (!tableExists)
        return tableExists.error();
    ImportMode mode = options.mode;
    if (mode == ImportMode::New && *existingRows > 0)
        return fail(tr("The %1 table already holds %2 rows. Choose append to add the file's "
                       "rows, or replace to start the table again.")
                        .arg(table)
                        .arg(*existingRows),
            ErrorCode::Usage);
    QList<ColumnInfo> layout = *existingCols;
    bool recreate = !*tableExists || mode == ImportMode::Replace
        || (mode == ImportMode::New && *existingRows == 0);

    // The columns to store, in order: generated / computed ones first.
    struct OutColumn {
        QString name;
        QString source;
        ColumnType type;
        Role role;
    };
    QList<OutColumn> out;
    if (plan.generateIds)
        out.append({ roleColumnName(Role::CustomerId), QString(), ColumnType::Text, Role::CustomerId });
    for (const ColumnPlan& c : plan.columns) {
        if (!c.skip)
            out.append({ c.name, c.source, c.type, c.role });
    }
    if (plan.computeAmount)
        out.append({ roleColumnName(Role::Amount), QString(), ColumnType::Decimal, Role::Amount });
    if (!plan.defaultCampaign.isEmpty())
        out.append({ roleColumnName(Role::Campaign), QString(), ColumnType::Category, Role::Campaign });

    QHash<QString, ColumnType> enforcedType; // append: existing types win
    if (recreate) {
        if (*tableExists) {
            if (auto r = db.exec(QStringLiteral("DROP TABLE %1").arg(Database::quoteIdentifier(table))); !r)
                return r.error();
        }
        QStringList defs;
        defs.append(QStringLiteral("rowid INTEGER PRIMARY KEY"));
        for (const OutColumn& c : out) {
            // Attribute columns get no declared type (no affinity): the importer binds each value
            // with its type, and a column whose type widens to text can then hold text numerals.
            QString def = Database::quoteIdentifier(c.name);
            if (c.role != Role::None)
                def += QLatin1Char(' ') + columnTypeSqlAffinity(c.type);
            if (plan.kind == DataKind::Customers && c.role == Role::CustomerId)
                def += QStringLiteral(" NOT NULL UNIQUE");
            defs.append(def);
        }
        if (auto r = db.exec(QStringLiteral("CREATE TABLE %1 (%2)")
                                 .arg(Database::quoteIdentifier(table), defs.join(QStringLiteral(", "))));
            !r)
            return r.error();
        layout.clear();
    } else {
        QHash<QString, ColumnInfo> byName;
        for (const ColumnInfo& c : layout)
            byName.insert(c.name, c);
        for (const OutColumn& c : out) {
            if (byName.contains(c.name)) {
                const auto t = columnTypeFromName(byName[c.name].type);
                if (t && *t != c.type)
                    enforcedType.insert(c.name, *t);
                continue;
            }
            if (auto r = db.exec(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3")
                                     .arg(Database::quoteIdentifier(table),
                                         Database::quoteIdentifier(c.name),
                                         c.role == Role::None ? QString() : columnTypeSqlAffinity(c.type)));
                !r)
                return r.error();
            report.warnings.append(tr("The column \"%1\" is new in %2; earlier rows have it empty.")
                                       .arg(c.name, table));
        }
    }

    // The import's log row.
    auto logStmt = db.prepare(QStringLiteral(
        "INSERT INTO imports (kind, table_name, mode, file_name, file_size, started_at, "
        "file_modified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    if (!logStmt)
        return logStmt.error();
    logStmt->bindText(1, dataKindName(plan.kind));
    logStmt->bindText(2, table);
    logStmt->bindText(3, importModeName(mode));
    logStmt->bindText(4, QFileInfo(plan.filePath).absoluteFilePath());
    logStmt->bindInt(5, sizeBefore);
    logStmt->bindText(6, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    logStmt->bindText(7, modifiedBefore.toUTC().toString(Qt::ISODate));
    if (!logStmt->exec())
        return sqlFail(*logStmt);
    const qint64 importId = db.lastInsertRowId();
    report.importId = importId;

    // Statements.
    QStringList names, params;
    for (int i = 0; i < out.size(); ++i) {
        names.append(Database::quoteIdentifier(out[i].name));
        params.append(QStringLiteral("?%1").arg(i + 1));
    }
    auto insert = db.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                 .arg(Database::quoteIdentifier(table),
                                     names.join(QStringLiteral(", ")),
                                     params.join(QStringLiteral(", "))));
    if (!insert)
        return insert.error();
    auto reject = db.prepare(QStringLiteral(
        "INSERT INTO rejected_rows (import_id, line, raw, reason, column_name) "
        "VALUES (?1, ?2, ?3, ?4, ?5)"));
    if (!reject)
        return reject.error();

    // What each parameter holds, in order.
    std::vector<ImportColumnSpec> specs;
    std::vector<ImportRowProducer::Extra> extras;
    for (const OutColumn& c : out) {
        ImportColumnSpec spec;
        spec.name = c.name;
        spec.source = c.source;
        spec.role = c.role;
        spec.type = enforcedType.value(c.name, c.type);
        ImportRowProducer::Extra extra = ImportRowProducer::Extra::None;
        if (c.source.isEmpty()) {
            extra = c.role == Role::CustomerId ? ImportRowProducer::Extra::GeneratedId
                : c.role == Role::Amount       ? ImportRowProducer::Extra::ComputedAmount
                                               : ImportRowProducer::Extra::DefaultCampaign;
        } else {
            for (const ColumnPlan& p : plan.columns) {
                if (!p.skip && p.name == c.name) {
                    spec.sourceIndex = p.sourceIndex;
                    spec.order = p.dateOrder;
                }
            }
            if (isDateType(spec.type) && !spec.order)
                spec.order = DateOrder::YearMonthDay;
            spec.widenable = c.role == Role::None && !enforcedType.contains(c.name);
        }
        specs.push_back(spec);
        extras.push_back(extra);
    }
    const int idParam = [&] {
        for (size_t i = 0; i < specs.size(); ++i) {
            if (specs[i].role == Role::CustomerId)
                return static_cast<int>(i);
        }
        return -1;
    }();

    HashingDevice hashing(&file);
    ImportRowProducer producer(&hashing, plan.dialect, plan.numberFormat, plan.fieldCount, specs,
        extras, plan.defaultCampaign.toUtf8());
    producer.start();
    const int width = producer.width();

    auto storeReject = [&](qint64 line, std::string_view raw, const QString& reason,
                           const QString& column) -> Result<void> {
        ++report.rowsRejected;
        reject->reset();
        reject->bindInt(1, importId);
        reject->bindInt(2, line);
        reject->bindText(3, raw);
        reject->bindText(4, reason);
        if (column.isEmpty())
            reject->bindNull(5);
        else
            reject->bindText(5, column);
        if (!reject->exec())
            return sqlFail(*reject);
        if (report.firstRejected.size() < kFirstRejectsKept)
            report.firstRejected.append(RejectedRow { importId, line, fieldText(raw), reason, column });
        return {};
    };

    // This thread writes while the producer's thread reads and parses.
    ImportBatch batch;
    while (producer.next(batch)) {
        job.setCount(report.rowsRead);
        job.setProgress(batch.bytesRead, sizeBefore);
        if (job.isCancelled()) {
            producer.stop();
            return makeError(ErrorCode::Cancelled,
                tr("The import was cancelled; the workspace was left as it was."));
        }
        for (size_t r = 0; r < batch.rows.size(); ++r) {
            const ImportRow& row = batch.rows[r];
            ++report.rowsRead;
            const std::string_view raw = batch.textOf(row.rawOffset, row.rawLength);
            if (row.reject >= 0) {
                const auto& why = batch.rejects[row.reject];
                if (auto res = storeReject(row.line, raw, why.first, why.second); !res) {
                    producer.stop();
                    return res.error();
                }
                continue;
            }
            const ImportCell* cells = batch.cells.data() + r * size_t(width);
            insert->reset();
            for (int c = 0; c < width; ++c) {
                const ImportCell& cell = cells[c];
                switch (cell.kind) {
                case ImportCell::Kind::Null:
                    insert->bindNull(c + 1);
                    break;
                case ImportCell::Kind::Int:
                    insert->bindInt(c + 1, cell.integer);
                    break;
                case ImportCell::Kind::Real:
                    insert->bindDouble(c + 1, cell.real);
                    break;
                case ImportCell::Kind::Text:
                    insert->bindTextStatic(c + 1, batch.textOf(cell.offset, cell.length));
                    break;
                }
            }
            if (insert->exec()) {
                ++report.rowsImported;
                continue;
            }
            if ((insert->lastErrorCode() & 0xff) == SQLITE_CONSTRAINT && idParam >= 0) {
                const ImportCell& id = cells[idParam];
                const QString idText = id.kind == ImportCell::Kind::Text
                    ? fieldText(batch.textOf(id.offset, id.length))
                    : QString::number(id.integer);
                if (auto res = storeReject(row.line, raw,
                        tr("The customer id \"%1\" appears more than once; only its first row "
                           "is kept.")
                            .arg(idText),
                        specs[size_t(idParam)].source);
                    !res) {
                    producer.stop();
                    return res.error();
                }
                continue;
            }
            producer.stop();
            return sqlFail(*insert);
        }
    }
    producer.stop();
    const ImportRowProducer::Outcome& outcome = producer.outcome();
    report.blankLines = outcome.blankLines;
    report.warnings += outcome.warnings;
    if (!outcome.readError.isEmpty())
        return fail(tr("Reading %1 failed: %2. Nothing was imported.").arg(shown, outcome.readError),
            ErrorCode::BadInput);
    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled,
            tr("The import was cancelled; the workspace was left as it was."));
    const QFileInfo after(plan.filePath);
    if (!after.exists() || after.size() != sizeBefore || after.lastModified() != modifiedBefore
        || outcome.bytesRead != sizeBefore)
        return fail(tr("The file %1 was changed or deleted while it was being imported; nothing "
                       "was imported. Import it again once it is complete.")
                        .arg(shown),
            ErrorCode::BadInput);
    if (outcome.invalidSequences > 0)
        report.warnings.append(
            tr("%1 byte sequences were not valid %2 and were read as Windows-1252 characters.")
                .arg(outcome.invalidSequences)
                .arg(textEncodingName(plan.dialect.encoding)));
    if (outcome.futureDates > 0)
        report.warnings.append(tr("%1 rows have an order date after today; they were imported "
                                  "as they are.")
                                   .arg(outcome.futureDates));
    if (report.blankLines > 0)
        report.warnings.append(tr("%1 blank lines were skipped.").arg(report.blankLines));
    if (plan.generateIds)
        report.warnings.append(tr("The file has no customer ids: each row's id is its line "
                                  "number in the file."));

    // Types that widened: fix earlier values and record the final type.
    QHash<QString, ColumnType> finalType;
    for (size_t i = 0; i < specs.size(); ++i) {
        const ColumnType type = outcome.finalTypes[i];
        finalType.insert(specs[i].name, type);
        if (type == specs[i].type)
            continue;
        const QString q = Database::quoteIdentifier(specs[i].name);
        const QString t = Database::quoteIdentifier(table);
        QString sql;
        if (type == ColumnType::DateTime && specs[i].type == ColumnType::Date)
            sql = QStringLiteral("UPDATE %1 SET %2 = %2 || ' 00:00:00' WHERE length(%2) = 10").arg(t, q);
        else if (type == ColumnType::Text || type == ColumnType::Category)
            sql = QStringLiteral("UPDATE %1 SET %2 = CAST(%2 AS TEXT) WHERE typeof(%2) IN ('integer', 'real')").arg(t, q);
        if (!sql.isEmpty()) {
            if (auto r = db.exec(sql); !r)
                return r.error();
        }
    }

    // Column descriptions.
    if (recreate) {
        auto clear = db.prepare(QStringLiteral("DELETE FROM column_meta WHERE table_name = ?1"));
        if (!clear)
            return clear.error();
        clear->bindText(1, table);
        if (!clear->exec())
            return sqlFail(*clear);
    }
    auto meta = db.prepare(QStringLiteral(
        "INSERT INTO column_meta (table_name, name, source_column, type, role, position) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (table_name, name) DO UPDATE SET "
        "source_column = excluded.source_column, type = excluded.type"));
    if (!meta)
        return meta.error();
    int position = recreate ? 0 : static_cast<int>(layout.size());
    QSet<QString> known;
    for (const ColumnInfo& c : layout)
        known.insert(c.name);
    for (const OutColumn& c : out) {
        if (!recreate && known.contains(c.name) && !finalType.contains(c.name))
            continue;
        meta->reset();
        meta->bindText(1, table);
        meta->bindText(2, c.name);
        if (c.source.isEmpty())
            meta->bindNull(3);
        else
            meta->bindText(3, c.source);
        ColumnType type = finalType.value(c.name, c.type);
        if (!recreate && enforcedType.contains(c.name))
            type = enforcedType.value(c.name);
        meta->bindText(4, columnTypeName(type));
        if (c.role == Role::None)
            meta->bindNull(5);
        else
            meta->bindText(5, roleColumnName(c.role));
        meta->bindInt(6, known.contains(c.name) ? 0 : position++);
        if (!meta->exec())
            return sqlFail(*meta);
    }

    // Close the log row.
    report.bytes = outcome.bytesRead;
    auto finish = db.prepare(QStringLiteral(
        "UPDATE imports SET sha256 = ?1, options = ?2, finished_at = ?3, rows_read = ?4, "
        "rows_imported = ?5, rows_rejected = ?6, warnings = ?7 WHERE id = ?8"));
    if (!finish)
        return finish.error();
    QJsonObject settings = plan.toJson();
    settings[u"requested"] = options.toJson();
    finish->bindText(1, hashing.hexDigest());
    finish->bindText(2, QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)));
    finish->bindText(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    finish->bindInt(4, report.rowsRead);
    finish->bindInt(5, report.rowsImported);
    finish->bindInt(6, report.rowsRejected);
    finish->bindText(7, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(report.warnings)).toJson(QJsonDocument::Compact)));
    finish->bindInt(8, importId);
    if (!finish->exec())
        return sqlFail(*finish);

    if (job.isCancelled())
        return makeError(ErrorCode::Cancelled,
            tr("The import was cancelled; the workspace was left as it was."));
    if (auto r = db.exec(QStringLiteral("COMMIT")); !r) {
        return fail(tr("Saving the import failed (%1); the workspace was left as it was.")
                        .arg(r.error().message));
    }
    tx.open = false;
    job.setProgress(sizeBefore, sizeBefore);
    report.seconds = timer.elapsed() / 1000.0;
    Q_ASSERT(report.rowsRead == report.rowsImported + report.rowsRejected);
    return report;
}

} // namespace seg
