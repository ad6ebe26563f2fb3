#include "demogenerator.h"
#include "jobcontext.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace seg;

namespace {

/// One generated data set, parsed back.
struct DataSet {
    QStringList customersHeader;
    QStringList transactionsHeader;
    QStringList responsesHeader;
    QList<QStringList> customers;
    QList<QStringList> transactions;
    QList<QStringList> responses;
    QStringList customerLines; // raw text of the customers.csv lines (without LF)
};

/// Strict RFC 4180 reader (LF records, as the generator writes): quoted fields may hold
/// commas, doubled quotes and line breaks; a quote inside an unquoted field is an error.
std::optional<QList<QStringList>> parseCsv(const QString& text, QString* error)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool afterQuote = false; // a quoted field was closed; only , or LF may follow
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                field.append(c);
            }
            continue;
        }
        if (c == u',' || c == u'\n') {
            row.append(field);
            field.clear();
            afterQuote = false;
            fieldStarted = false;
            if (c == u'\n') {
                rows.append(row);
                row.clear();
            }
            continue;
        }
        if (afterQuote) {
            *error = QStringLiteral("text after a closing quote at offset %1").arg(i);
            return std::nullopt;
        }
        if (c == u'"') {
            if (fieldStarted) {
                *error = QStringLiteral("quote inside an unquoted field at offset %1").arg(i);
                return std::nullopt;
            }
            quoted = true;
            fieldStarted = true;
            continue;
        }
        if (c == u'\r') {
            *error = QStringLiteral("CR at offset %1").arg(i);
            return std::nullopt;
        }
        field.append(c);
        fieldStarted = true;
    }
    if (quoted) {
        *error = QStringLiteral("unterminated quoted field");
        return std::nullopt;
    }
    if (fieldStarted || afterQuote || !row.isEmpty()) {
        *error = QStringLiteral("last record does not end with LF");
        return std::nullopt;
    }
    return rows;
}

/// Writes one record the RFC 4180 way, quoting only where needed.
QString formatCsvLine(const QStringList& fields)
{
    QStringList out;
    for (const QString& f : fields) {
        if (f.contains(u',') || f.contains(u'"') || f.contains(u'\n') || f.contains(u'\r')) {
            QString escaped = f;
            escaped.replace(QStringLiteral("\""), QStringLiteral("\"\""));
            out.append(u'"' + escaped + u'"');
        } else {
            out.append(f);
        }
    }
    return out.join(u',');
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool readFile(const QString& path, QStringList* header, QList<QStringList>* rows,
    QStringList* lines, QString* error)
{
    const QByteArray bytes = readAll(path);
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        *error = QStringLiteral("%1 starts with a BOM").arg(path);
        return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError()) {
        *error = QStringLiteral("%1 is not valid UTF-8").arg(path);
        return false;
    }
    auto parsed = parseCsv(text, error);
    if (!parsed) {
        error->prepend(path + QStringLiteral(": "));
        return false;
    }
    if (parsed->isEmpty()) {
        *error = QStringLiteral("%1 has no header").arg(path);
        return false;
    }
    *header = parsed->takeFirst();
    for (const QStringList& row : *parsed) {
        if (row.size() != header->size()) {
            *error = QStringLiteral("%1: a row has %2 fields, the header %3: %4")
                         .arg(path)
                         .arg(row.size())
                         .arg(header->size())
                         .arg(row.join(u'|'));
            return false;
        }
    }
    *rows = std::move(*parsed);
    if (lines) {
        *lines = text.split(u'\n');
        lines->removeFirst(); // header
        lines->removeLast(); // empty text after the final LF
    }
    return true;
}

bool loadDataSet(const QString& dir, DataSet* data, QString* error)
{
    const QDir d(dir);
    return readFile(d.filePath(QStringLiteral("customers.csv")), &data->customersHeader,
               &data->customers, &data->customerLines, error)
        && readFile(d.filePath(QStringLiteral("transactions.csv")), &data->transactionsHeader,
            &data->transactions, nullptr, error)
        && readFile(d.filePath(QStringLiteral("responses.csv")), &data->responsesHeader,
            &data->responses, nullptr, error);
}

DemoOptions makeOptions(qint64 customers, qint64 transactions, quint64 seed = 42)
{
    DemoOptions options;
    options.customers = customers;
    options.transactions = transactions;
    options.seed = seed;
    return options;
}

Result<DemoSummary> generate(const QString& dir, const DemoOptions& options)
{
    JobContext job;
    return DemoGenerator(options).writeCsv(dir, job);
}

QStringList entriesOf(const QString& dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

QDate dateOf(const QString& text) { return QDate::fromString(text, QStringLiteral("yyyy-MM-dd")); }

int ageOn(QDate birth, QDate day)
{
    int age = day.year() - birth.year();
    if (day.month() < birth.month() || (day.month() == birth.month() && day.day() < birth.day()))
        --age;
    return age;
}

const QStringList kFiles = { QStringLiteral("customers.csv"), QStringLiteral("transactions.csv"),
    QStringLiteral("responses.csv") };

/// Job that cancels itself from its progress callback once `done` reaches a share of `total`.
class CancellingJob : public JobContext {
public:
    explicit CancellingJob(double atShare)
        : m_atShare(atShare)
    {
    }
    void setProgress(qint64 done, qint64 total) override
    {
        ++m_calls;
        m_lastDone = done;
        if (static_cast<double>(done) >= m_atShare * static_cast<double>(total))
            cancel();
    }
    int calls() const { return m_calls; }
    qint64 lastDone() const { return m_lastDone; }

private:
    double m_atShare;
    int m_calls = 0;
    qint64 m_lastDone = 0;
};

} // namespace

class TestDemoGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void determinism_data();
    void determinism();
    void goldenChecksum();
    void rowCounts_data();
    void rowCounts();
    void headers();
    void referentialIntegrity();
    void datesAndAges_data();
    void datesAndAges();
    void realisticShares();
    void returnsReferencePurchases();
    void quotedNamesRoundTrip();
    void responses();
    void progressReports();
    void cancellation_data();
    void cancellation();
    void cancellationKeepsOlderFiles();
    void invalidOptions_data();
    void invalidOptions();
    void unwritableDirectory();
};

void TestDemoGenerator::determinism_data()
{
    QTest::addColumn<qint64>("customers");
    QTest::addColumn<qint64>("transactions");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QDate>("firstDate");
    QTest::addColumn<QDate>("lastDate");

    QTest::newRow("default range, default count")
        << qint64(400) << qint64(0) << quint64(42) << QDate(2022, 1, 1) << QDate(2024, 12, 31);
    QTest::newRow("exact count") << qint64(300) << qint64(2500) << quint64(7) << QDate(2022, 1, 1)
                                 << QDate(2024, 12, 31);
    QTest::newRow("largest seed") << qint64(200) << qint64(1000) << ~quint64(0) << QDate(2021, 3, 1)
                                  << QDate(2023, 2, 28);
    QTest::newRow("one month") << qint64(150) << qint64(800) << quint64(3) << QDate(2023, 6, 1)
                               << QDate(2023, 6, 30);
}

void TestDemoGenerator::determinism()
{
    QFETCH(qint64, customers);
    QFETCH(qint64, transactions);
    QFETCH(quint64, seed);
    QFETCH(QDate, firstDate);
    QFETCH(QDate, lastDate);

    DemoOptions options = makeOptions(customers, transactions, seed);
    options.firstDate = firstDate;
    options.lastDate = lastDate;
    QTemporaryDir a;
    QTemporaryDir b;
    QTemporaryDir c;
    QVERIFY(a.isValid() && b.isValid() && c.isValid());
    const auto first = generate(a.path(), options);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
    const auto second = generate(b.path(), options);
    QVERIFY(second.ok());
    for (const QString& name : kFiles) {
        const QByteArray bytesA = readAll(QDir(a.path()).filePath(name));
        QVERIFY2(!bytesA.isEmpty(), qPrintable(name));
        QVERIFY2(bytesA == readAll(QDir(b.path()).filePath(name)), qPrintable(name));
    }
    QCOMPARE(first->transactions, second->transactions);
    QCOMPARE(first->responses, second->responses);

    options.seed = seed + 1;
    QVERIFY(generate(c.path(), options).ok());
    for (const QString& name : kFiles) {
        QVERIFY2(readAll(QDir(a.path()).filePath(name)) != readAll(QDir(c.path()).filePath(name)),
            qPrintable(name));
    }
}

void TestDemoGenerator::goldenChecksum()
{
    // The promise is byte-identical files on every machine (compiler, standard library, CPU).
    // If this fails after a deliberate change of the generator, update the checksum; if it
    // fails on one platform only, something platform-dependent crept in.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(300, 2000, 2024)).ok());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& name : kFiles)
        hash.addData(readAll(QDir(dir.path()).filePath(name)));
    QCOMPARE(hash.result().toHex(),
        QByteArray("2a9133e721f35e0d74f092546f932cc989f1badbec7ae194fb776888d5d0b7a5"));
}

void TestDemoGenerator::rowCounts_data()
{
    QTest::addColumn<qint64>("customers");
    QTest::addColumn<qint64>("transactions");

    QTest::newRow("exact") << qint64(500) << qint64(4000);
    QTest::newRow("many per customer") << qint64(40) << qint64(5000);
    QTest::newRow("fewer than buyers") << qint64(300) << qint64(50);
    QTest::newRow("one customer") << qint64(1) << qint64(37);
    QTest::newRow("one customer, one row") << qint64(1) << qint64(1);
    QTest::newRow("default: 8 per buyer") << qint64(600) << qint64(0);
    QTest::newRow("no customers") << qint64(0) << qint64(0);
}

void TestDemoGenerator::rowCounts()
{
    QFETCH(qint64, customers);
    QFETCH(qint64, transactions);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto result = generate(dir.path(), makeOptions(customers, transactions));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));

    QCOMPARE(result->customers, customers);
    QCOMPARE(data.customers.size(), customers);
    QCOMPARE(data.transactions.size(), result->transactions);
    QCOMPARE(data.responses.size(), result->responses);
    QCOMPARE(result->files.size(), 3);
    for (const QString& path : result->files)
        QVERIFY2(QFileInfo(path).isAbsolute() && QFileInfo::exists(path), qPrintable(path));
    if (transactions > 0) {
        QCOMPARE(result->transactions, transactions);
    } else {
        QSet<QString> buyers;
        for (const QStringList& row : data.transactions)
            buyers.insert(row.at(1));
        QCOMPARE(result->transactions, 8 * qint64(buyers.size()));
    }
    QCOMPARE(entriesOf(dir.path()).size(), 3); // no temporary files left behind
}

void TestDemoGenerator::headers()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(50, 200)).ok());
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));
    QCOMPARE(data.customersHeader.join(u','),
        QStringLiteral("customer_id,name,email,gender,birth_date,country,city,device,"
                       "acquisition_channel,signup_date,income"));
    QCOMPARE(data.transactionsHeader.join(u','),
        QStringLiteral("order_id,customer_id,order_date,amount,category,channel"));
    QCOMPARE(data.responsesHeader.join(u','),
        QStringLiteral("customer_id,campaign,date,contacted,responded,converted,revenue,control"));
}

void TestDemoGenerator::referentialIntegrity()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(1500, 0, 11)).ok());
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));

    static const QRegularExpression customerId(QStringLiteral("^C\\d{6}$"));
    static const QRegularExpression orderId(QStringLiteral("^O\\d{7}$"));
    QSet<QString> customers;
    for (const QStringList& row : data.customers) {
        QVERIFY2(customerId.match(row.at(0)).hasMatch(), qPrintable(row.at(0)));
        QVERIFY2(!customers.contains(row.at(0)), qPrintable(row.at(0)));
        customers.insert(row.at(0));
    }
    QSet<QString> orders;
    QString previousOrder;
    QString previousDate;
    for (const QStringList& row : data.transactions) {
        QVERIFY2(orderId.match(row.at(0)).hasMatch(), qPrintable(row.at(0)));
        QVERIFY2(!orders.contains(row.at(0)), qPrintable(row.at(0)));
        orders.insert(row.at(0));
        QVERIFY(row.at(0) > previousOrder); // ids follow the order dates
        QVERIFY2(row.at(2) >= previousDate, qPrintable(row.join(u',')));
        previousOrder = row.at(0);
        previousDate = row.at(2);
        QVERIFY2(customers.contains(row.at(1)), qPrintable(row.at(1)));
    }
    QVERIFY(!data.responses.isEmpty());
    for (const QStringList& row : data.responses)
        QVERIFY2(customers.contains(row.at(0)), qPrintable(row.at(0)));
}

void TestDemoGenerator::datesAndAges_data()
{
    QTest::addColumn<QDate>("firstDate");
    QTest::addColumn<QDate>("lastDate");
    QTest::addColumn<qint64>("transactions");

    QTest::newRow("default range") << QDate(2022, 1, 1) << QDate(2024, 12, 31) << qint64(0);
    QTest::newRow("summer, no holidays") << QDate(2023, 6, 1) << QDate(2023, 8, 31) << qint64(3000);
    QTest::newRow("two days") << QDate(2024, 2, 28) << QDate(2024, 2, 29) << qint64(500);
    QTest::newRow("single day") << QDate(2024, 2, 29) << QDate(2024, 2, 29) << qint64(300);
    QTest::newRow("ten years") << QDate(2010, 1, 1) << QDate(2019, 12, 31) << qint64(5000);
}

void TestDemoGenerator::datesAndAges()
{
    QFETCH(QDate, firstDate);
    QFETCH(QDate, lastDate);
    QFETCH(qint64, transactions);

    DemoOptions options = makeOptions(800, transactions, 5);
    options.firstDate = firstDate;
    options.lastDate = lastDate;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto result = generate(dir.path(), options);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));

    QHash<QString, QDate> signup;
    for (const QStringList& row : data.customers) {
        const QDate signupDate = dateOf(row.at(9));
        QVERIFY2(signupDate.isValid(), qPrintable(row.at(9)));
        QVERIFY2(signupDate >= firstDate && signupDate <= lastDate, qPrintable(row.at(9)));
        signup.insert(row.at(0), signupDate);
        const QDate birth = dateOf(row.at(4));
        QVERIFY2(birth.isValid(), qPrintable(row.at(4)));
        QVERIFY2(ageOn(birth, signupDate) >= 18, qPrintable(row.join(u',')));
        QVERIFY2(ageOn(birth, lastDate) <= 85, qPrintable(row.join(u',')));
    }
    QHash<QString, QDateTime> firstOrder;
    for (const QStringList& row : data.transactions) {
        const QDateTime when
            = QDateTime::fromString(row.at(2), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QVERIFY2(when.isValid(), qPrintable(row.at(2)));
        QVERIFY2(when.date() >= firstDate && when.date() <= lastDate, qPrintable(row.at(2)));
        if (!firstOrder.contains(row.at(1)))
            firstOrder.insert(row.at(1), when);
    }
    QVERIFY(!firstOrder.isEmpty());
    const bool strict = firstDate < lastDate;
    for (auto it = firstOrder.cbegin(); it != firstOrder.cend(); ++it) {
        const QDate signupDate = signup.value(it.key());
        if (strict)
            QVERIFY2(signupDate < it.value().date(), qPrintable(it.key()));
        else
            QVERIFY2(signupDate <= it.value().date(), qPrintable(it.key()));
    }
    for (const QStringList& row : data.responses) {
        const QDate date = dateOf(row.at(2));
        QVERIFY2(date >= firstDate && date <= lastDate, qPrintable(row.at(2)));
        QVERIFY2(signup.value(row.at(0)) <= date, qPrintable(row.join(u',')));
    }
}

void TestDemoGenerator::realisticShares()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(4000, 0, 99)).ok());
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));

    QHash<QString, int> orders;
    QHash<QString, double> revenue;
    qint64 returns = 0;
    qint64 holidayPurchases = 0;
    qint64 purchases = 0;
    static const QRegularExpression amountFormat(QStringLiteral("^-?\\d+\\.\\d\\d$"));
    const QSet<QString> categories = { QStringLiteral("Electronics"), QStringLiteral("Fashion"),
        QStringLiteral("Home & Garden"), QStringLiteral("Beauty"),
        QStringLiteral("Sports & Outdoors"), QStringLiteral("Books & Media"),
        QStringLiteral("Toys & Games"), QStringLiteral("Groceries") };
    const QSet<QString> channels = { QStringLiteral("web"), QStringLiteral("app"),
        QStringLiteral("store"), QStringLiteral("phone") };
    for (const QStringList& row : data.transactions) {
        QVERIFY2(amountFormat.match(row.at(3)).hasMatch(), qPrintable(row.at(3)));
        QVERIFY2(categories.contains(row.at(4)), qPrintable(row.at(4)));
        QVERIFY2(channels.contains(row.at(5)), qPrintable(row.at(5)));
        const double amount = row.at(3).toDouble();
        QVERIFY(amount != 0.0);
        revenue[row.at(1)] += amount;
        if (amount < 0) {
            ++returns;
            continue;
        }
        ++purchases;
        ++orders[row.at(1)];
        const int month = row.at(2).mid(5, 2).toInt();
        if (month >= 11)
            ++holidayPurchases;
    }
    const double customers = double(data.customers.size());
    const double prospectShare = 1.0 - double(orders.size()) / customers;
    QVERIFY2(
        prospectShare > 0.06 && prospectShare < 0.15, qPrintable(QString::number(prospectShare)));
    const double returnShare = double(returns) / double(data.transactions.size());
    QVERIFY2(returnShare > 0.01 && returnShare < 0.04, qPrintable(QString::number(returnShare)));

    // Long tail: many buy once, the top tenth of buyers orders a large share.
    QList<int> counts = orders.values();
    std::sort(counts.begin(), counts.end(), std::greater<>());
    const double oneTimeShare
        = double(std::count(counts.cbegin(), counts.cend(), 1)) / double(counts.size());
    QVERIFY2(oneTimeShare > 0.2 && oneTimeShare < 0.6, qPrintable(QString::number(oneTimeShare)));
    qint64 topOrders = 0;
    for (qsizetype i = 0; i < counts.size() / 10; ++i)
        topOrders += counts.at(i);
    QVERIFY2(double(topOrders) / double(purchases) > 0.3, qPrintable(QString::number(topOrders)));

    // Seasonality: November and December (2 of 12 months) carry far more than 1/6.
    const double holidayShare = double(holidayPurchases) / double(purchases);
    QVERIFY2(holidayShare > 0.22, qPrintable(QString::number(holidayShare)));

    // Income: integers, about 3 % empty; countries, devices and genders from the lists.
    qint64 emptyIncome = 0;
    QSet<QString> countries;
    for (const QStringList& row : data.customers) {
        if (row.at(10).isEmpty())
            ++emptyIncome;
        else
            QVERIFY2(row.at(10).toLongLong() > 0, qPrintable(row.at(10)));
        countries.insert(row.at(5));
        QVERIFY(QStringList(
            { QStringLiteral("female"), QStringLiteral("male"), QStringLiteral("unknown") })
                    .contains(row.at(3)));
        QVERIFY(QStringList(
            { QStringLiteral("desktop"), QStringLiteral("mobile"), QStringLiteral("tablet") })
                    .contains(row.at(7)));
    }
    const double emptyIncomeShare = double(emptyIncome) / customers;
    QVERIFY2(emptyIncomeShare > 0.015 && emptyIncomeShare < 0.05,
        qPrintable(QString::number(emptyIncomeShare)));
    QCOMPARE(countries.size(), 12);
    QVERIFY(countries.contains(QStringLiteral("United Kingdom")));
}

void TestDemoGenerator::returnsReferencePurchases()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(2000, 30000, 17)).ok());
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));

    struct Purchase {
        QDateTime when;
        double amount;
        QString category;
        QString channel;
    };
    QHash<QString, QList<Purchase>> purchases;
    qint64 returns = 0;
    for (const QStringList& row : data.transactions) {
        const QDateTime when
            = QDateTime::fromString(row.at(2), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        const double amount = row.at(3).toDouble();
        if (amount > 0) {
            purchases[row.at(1)].append({ when, amount, row.at(4), row.at(5) });
            continue;
        }
        ++returns;
        bool found = false;
        for (const Purchase& p : purchases.value(row.at(1))) {
            const qint64 days = p.when.daysTo(when);
            if (p.category == row.at(4) && p.channel == row.at(5) && p.amount >= -amount
                && days >= 0 && days <= 45) {
                found = true;
                break;
            }
        }
        QVERIFY2(found, qPrintable(row.join(u',')));
    }
    QVERIFY(returns > 0);
}

void TestDemoGenerator::quotedNamesRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(3000, 3000, 1)).ok());
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));
    QCOMPARE(data.customerLines.size(), data.customers.size());

    int withComma = 0;
    int withQuote = 0;
    int nonAscii = 0;
    static const QRegularExpression email(
        QStringLiteral("^[a-z0-9._]+@(example\\.(com|net|org)|(mail|post|inbox)\\.example)$"));
    for (qsizetype i = 0; i < data.customers.size(); ++i) {
        const QStringList& row = data.customers.at(i);
        const QString& name = row.at(1);
        QVERIFY(!name.trimmed().isEmpty());
        withComma += name.contains(u',') ? 1 : 0;
        withQuote += name.contains(u'"') ? 1 : 0;
        nonAscii
            += std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() > 127; })
            ? 1
            : 0;
        // Writing the parsed fields back must give the very same line: quoting exactly
        // where RFC 4180 needs it, quotes doubled.
        QCOMPARE(formatCsvLine(row), data.customerLines.at(i));
        QVERIFY2(email.match(row.at(2)).hasMatch(), qPrintable(row.at(2)));
    }
    QVERIFY2(withComma >= 10, qPrintable(QString::number(withComma)));
    QVERIFY2(withQuote >= 1, qPrintable(QString::number(withQuote)));
    QVERIFY2(nonAscii >= 100, qPrintable(QString::number(nonAscii)));

    const QByteArray raw = readAll(QDir(dir.path()).filePath(QStringLiteral("customers.csv")));
    QVERIFY(!raw.contains('\r'));
    QVERIFY(raw.contains(",\"")); // at least one quoted field in the raw text
    QVERIFY(raw.contains("\"\"")); // and a doubled quote
}

void TestDemoGenerator::responses()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(6000, 0, 8)).ok());
    DataSet data;
    QString error;
    QVERIFY2(loadDataSet(dir.path(), &data, &error), qPrintable(error));
    QVERIFY(data.responses.size() > 3000);

    static const QRegularExpression campaign(
        QStringLiteral("^(\\d{4})-(\\d\\d) [A-Z][A-Za-z' ]+$"));
    static const QRegularExpression money(QStringLiteral("^\\d+\\.\\d\\d$"));
    const QStringList yesNo = { QStringLiteral("yes"), QStringLiteral("no") };
    qint64 control = 0;
    qint64 controlConverted = 0;
    qint64 contacted = 0;
    qint64 contactedConverted = 0;
    QSet<QString> campaigns;
    for (const QStringList& row : data.responses) {
        const auto match = campaign.match(row.at(1));
        QVERIFY2(match.hasMatch(), qPrintable(row.at(1)));
        QCOMPARE(row.at(2).left(7), match.captured(1) + u'-' + match.captured(2));
        campaigns.insert(row.at(1));
        for (int column : { 3, 4, 5, 7 })
            QVERIFY2(yesNo.contains(row.at(column)), qPrintable(row.join(u',')));
        const bool isContacted = row.at(3) == u"yes";
        const bool isResponded = row.at(4) == u"yes";
        const bool isConverted = row.at(5) == u"yes";
        const bool isControl = row.at(7) == u"yes";
        if (isResponded)
            QVERIFY(isContacted);
        if (isControl)
            QVERIFY(!isContacted);
        QCOMPARE(row.at(6).isEmpty(), !isConverted);
        if (isConverted)
            QVERIFY2(money.match(row.at(6)).hasMatch(), qPrintable(row.at(6)));
        if (isControl) {
            ++control;
            controlConverted += isConverted ? 1 : 0;
        } else if (isContacted) {
            ++contacted;
            contactedConverted += isConverted ? 1 : 0;
        }
    }
    QCOMPARE(campaigns.size(), 24);
    QVERIFY(campaigns.contains(QStringLiteral("2024-11 Black Friday")));
    QVERIFY(campaigns.contains(QStringLiteral("2023-03 Spring Sale")));
    const double controlShare = double(control) / double(data.responses.size());
    QVERIFY2(controlShare > 0.07 && controlShare < 0.13, qPrintable(QString::number(controlShare)));
    const double treatedRate = double(contactedConverted) / double(contacted);
    const double controlRate = double(controlConverted) / double(control);
    QVERIFY2(treatedRate > 1.3 * controlRate,
        qPrintable(QStringLiteral("%1 vs %2").arg(treatedRate).arg(controlRate)));
}

void TestDemoGenerator::progressReports()
{
    QList<std::pair<qint64, qint64>> calls;
    JobContext job([&calls](qint64 done, qint64 total) { calls.append({ done, total }); });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(DemoGenerator(makeOptions(3000, 20000)).writeCsv(dir.path(), job).ok());
    QVERIFY(calls.size() > 10);
    qint64 previous = 0;
    for (const auto& [done, total] : calls) {
        QVERIFY(done >= previous);
        QVERIFY(done <= total);
        previous = done;
    }
    QCOMPARE(calls.last().first, calls.last().second);
}

void TestDemoGenerator::cancellation_data()
{
    QTest::addColumn<double>("atShare");
    QTest::newRow("at the first report") << 0.0;
    QTest::newRow("while writing customers") << 0.12;
    QTest::newRow("while writing transactions") << 0.4;
    QTest::newRow("while writing responses") << 0.9;
}

void TestDemoGenerator::cancellation()
{
    QFETCH(double, atShare);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = QDir(dir.path()).filePath(QStringLiteral("out"));
    CancellingJob job(atShare);
    const auto result = DemoGenerator(makeOptions(5000, 40000)).writeCsv(target, job);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Cancelled);
    QVERIFY(job.calls() >= 1);
    QVERIFY(job.isCancelled());
    QCOMPARE(entriesOf(target), QStringList()); // no partial or temporary files
}

void TestDemoGenerator::cancellationKeepsOlderFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(generate(dir.path(), makeOptions(200, 1000)).ok());
    QList<QByteArray> before;
    for (const QString& name : kFiles)
        before.append(readAll(QDir(dir.path()).filePath(name)));

    CancellingJob job(0.95);
    const auto result = DemoGenerator(makeOptions(3000, 30000, 77)).writeCsv(dir.path(), job);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Cancelled);
    for (qsizetype i = 0; i < kFiles.size(); ++i)
        QVERIFY(readAll(QDir(dir.path()).filePath(kFiles.at(i))) == before.at(i));
    QCOMPARE(entriesOf(dir.path()).size(), 3);
}

void TestDemoGenerator::invalidOptions_data()
{
    QTest::addColumn<qint64>("customers");
    QTest::addColumn<qint64>("transactions");
    QTest::addColumn<QDate>("firstDate");
    QTest::addColumn<QDate>("lastDate");

    const QDate first(2022, 1, 1);
    const QDate last(2024, 12, 31);
    QTest::newRow("negative customers") << qint64(-1) << qint64(0) << first << last;
    QTest::newRow("too many customers") << qint64(10'000'001) << qint64(0) << first << last;
    QTest::newRow("negative transactions") << qint64(10) << qint64(-5) << first << last;
    QTest::newRow("transactions without customers") << qint64(0) << qint64(10) << first << last;
    QTest::newRow("last before first") << qint64(10) << qint64(0) << last << first;
    QTest::newRow("invalid date") << qint64(10) << qint64(0) << QDate() << last;
    QTest::newRow("before 1900") << qint64(10) << qint64(0) << QDate(1899, 12, 31) << last;
    QTest::newRow("more than 100 years") << qint64(10) << qint64(0) << QDate(1900, 1, 1) << last;
}

void TestDemoGenerator::invalidOptions()
{
    QFETCH(qint64, customers);
    QFETCH(qint64, transactions);
    QFETCH(QDate, firstDate);
    QFETCH(QDate, lastDate);

    DemoOptions options = makeOptions(customers, transactions);
    options.firstDate = firstDate;
    options.lastDate = lastDate;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = QDir(dir.path()).filePath(QStringLiteral("out"));
    const auto result = generate(target, options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Usage);
    QVERIFY(!result.error().message.isEmpty());
    QVERIFY(!QFileInfo::exists(target));
}

void TestDemoGenerator::unwritableDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString blocker = QDir(dir.path()).filePath(QStringLiteral("a-file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const auto result
        = generate(QDir(blocker).filePath(QStringLiteral("sub")), makeOptions(10, 10));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::Io);
    QVERIFY(!result.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
