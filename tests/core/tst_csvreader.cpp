#include "csvreader.h"

#include <QBuffer>
#include <QTest>

using namespace seg;

namespace {

struct Parsed {
    QList<QStringList> records;
    QList<qint64> lines;
    QList<bool> unbalanced;
};

Parsed readAll(const QByteArray& bytes, CsvDialect dialect, qsizetype chunk = 1024 * 1024)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, dialect);
    reader.setChunkSize(chunk);
    CsvRecord rec;
    Parsed out;
    while (reader.next(rec)) {
        QStringList fields;
        for (std::string_view f : rec.fields)
            fields.append(QString::fromUtf8(f.data(), qsizetype(f.size())));
        out.records.append(fields);
        out.lines.append(rec.line);
        out.unbalanced.append(rec.unbalancedQuote);
    }
    return out;
}

QStringList row(std::initializer_list<const char*> fields)
{
    QStringList out;
    for (const char* f : fields)
        out.append(QString::fromUtf8(f));
    return out;
}

} // namespace

class TestCsvReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void records_data();
    void records();
    void chunkBoundaries();
    void lineNumbersWithQuotedBreaks();
    void unbalancedQuoteKeepsTheRest();
    void whitespaceRuns();
    void encodings_data();
    void encodings();
    void rawText();
    void blankLines();
};

void TestCsvReader::records_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<QList<QStringList>>("expected");

    QTest::newRow("lf") << QByteArray("a,b\n1,2\n") << ','
                        << QList<QStringList> { row({ "a", "b" }), row({ "1", "2" }) };
    QTest::newRow("crlf") << QByteArray("a,b\r\n1,2\r\n") << ','
                          << QList<QStringList> { row({ "a", "b" }), row({ "1", "2" }) };
    QTest::newRow("cr only") << QByteArray("a,b\r1,2\r") << ','
                             << QList<QStringList> { row({ "a", "b" }), row({ "1", "2" }) };
    QTest::newRow("no final newline") << QByteArray(
        "a,b\n1,2") << ',' << QList<QStringList> { row({ "a", "b" }), row({ "1", "2" }) };
    QTest::newRow("quoted delimiter")
        << QByteArray("\"x,y\",z\n") << ',' << QList<QStringList> { row({ "x,y", "z" }) };
    QTest::newRow("doubled quotes") << QByteArray("\"say \"\"hi\"\"\",2\n") << ','
                                    << QList<QStringList> { row({ "say \"hi\"", "2" }) };
    QTest::newRow("quoted line break")
        << QByteArray("\"a\nb\",c\nd,e\n") << ','
        << QList<QStringList> { row({ "a\nb", "c" }), row({ "d", "e" }) };
    QTest::newRow("quoted crlf break")
        << QByteArray("\"a\r\nb\",c\r\n") << ',' << QList<QStringList> { row({ "a\r\nb", "c" }) };
    QTest::newRow("empty fields") << QByteArray(",,\n") << ','
                                  << QList<QStringList> { row({ "", "", "" }) };
    QTest::newRow("empty quoted") << QByteArray("\"\",x\n") << ','
                                  << QList<QStringList> { row({ "", "x" }) };
    QTest::newRow("semicolon") << QByteArray("a;b,c\n") << ';'
                               << QList<QStringList> { row({ "a", "b,c" }) };
    QTest::newRow("tab") << QByteArray("a\tb c\n") << '\t'
                         << QList<QStringList> { row({ "a", "b c" }) };
    QTest::newRow("pipe") << QByteArray("a|b\n") << '|' << QList<QStringList> { row({ "a", "b" }) };
    QTest::newRow("text after closing quote")
        << QByteArray("\"ab\"cd,e\n") << ',' << QList<QStringList> { row({ "abcd", "e" }) };
    QTest::newRow("quote inside unquoted")
        << QByteArray("5\" disk,x\n") << ',' << QList<QStringList> { row({ "5\" disk", "x" }) };
    QTest::newRow("trailing delimiter")
        << QByteArray("a,b,\n") << ',' << QList<QStringList> { row({ "a", "b", "" }) };
    QTest::newRow("quoted at end of file")
        << QByteArray("a,\"b\"") << ',' << QList<QStringList> { row({ "a", "b" }) };
    QTest::newRow("utf8 text") << QByteArray("Zoë,Müller\n") << ','
                               << QList<QStringList> { row({ "Zoë", "Müller" }) };
}

void TestCsvReader::records()
{
    QFETCH(QByteArray, input);
    QFETCH(char, delimiter);
    QFETCH(QList<QStringList>, expected);
    CsvDialect d;
    d.delimiter = delimiter;
    QCOMPARE(readAll(input, d).records, expected);
}

void TestCsvReader::chunkBoundaries()
{
    // Every chunk size splits records, quotes, CRLF pairs and UTF-8 characters somewhere.
    const QByteArray input("id,name,note\r\n1,\"Zoë, the "
                           "\"\"first\"\"\",\"two\r\nlines\"\r\n2,José,€5\r\n3,,\"\"\r\n");
    CsvDialect d;
    const Parsed whole = readAll(input, d);
    QCOMPARE(whole.records.size(), 4);
    QCOMPARE(whole.records[1], row({ "1", "Zoë, the \"first\"", "two\r\nlines" }));
    QCOMPARE(whole.records[2], row({ "2", "José", "€5" }));
    for (qsizetype chunk = 1; chunk <= input.size(); ++chunk) {
        const Parsed p = readAll(input, d, chunk);
        QCOMPARE(p.records, whole.records);
        QCOMPARE(p.lines, whole.lines);
    }
}

void TestCsvReader::lineNumbersWithQuotedBreaks()
{
    CsvDialect d;
    const Parsed p = readAll("h1,h2\n\"a\nb\nc\",x\ny,z\r\n\"q\rr\",w\n", d);
    QCOMPARE(p.lines, (QList<qint64> { 1, 2, 5, 6 }));
}

void TestCsvReader::unbalancedQuoteKeepsTheRest()
{
    CsvDialect d;
    const Parsed p = readAll("a,b\n1,\"open\n2,x\n3,y\n", d);
    // The record at line 2 cannot close its quote: it is reported alone and reading goes on.
    QCOMPARE(p.records.size(), 4);
    QCOMPARE(p.unbalanced, (QList<bool> { false, true, false, false }));
    QCOMPARE(p.lines, (QList<qint64> { 1, 2, 3, 4 }));
    QCOMPARE(p.records[2], row({ "2", "x" }));
    QCOMPARE(p.records[3], row({ "3", "y" }));
}

void TestCsvReader::whitespaceRuns()
{
    CsvDialect d;
    d.delimiter = CsvDialect::WhitespaceRuns;
    const Parsed p = readAll(" customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1 "
                             " 11.77\r\n\t00002  19970112 1 12.00   \r\n",
        d);
    QCOMPARE(p.records.size(), 3);
    QCOMPARE(p.records[0], row({ "customer_id", "date", "number_of_cds", "dollar_value" }));
    QCOMPARE(p.records[1], row({ "00001", "19970101", "1", "11.77" }));
    QCOMPARE(p.records[2], row({ "00002", "19970112", "1", "12.00" }));
}

void TestCsvReader::encodings_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("encoding");
    const QString text = QStringLiteral("name,city\nZoë,Zürich\n€,“q”\n");
    QTest::newRow("utf8") << text.toUtf8() << int(TextEncoding::Utf8);
    QTest::newRow("utf8 bom") << QByteArray("\xEF\xBB\xBF") + text.toUtf8()
                              << int(TextEncoding::Utf8);
    QByteArray le("\xFF\xFE", 2), be("\xFE\xFF", 2);
    for (QChar c : text) {
        le.append(char(c.unicode() & 0xFF));
        le.append(char(c.unicode() >> 8));
        be.append(char(c.unicode() >> 8));
        be.append(char(c.unicode() & 0xFF));
    }
    QTest::newRow("utf16le bom") << le << int(TextEncoding::Utf16LE);
    QTest::newRow("utf16be bom") << be << int(TextEncoding::Utf16BE);
    QTest::newRow("windows-1252") << QByteArray("name,city\nZo\xEB,Z\xFCrich\n\x80,\x93q\x94\n")
                                  << int(TextEncoding::Windows1252);
}

void TestCsvReader::encodings()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, encoding);
    const EncodingGuess guess = detectTextEncoding(bytes);
    QCOMPARE(int(guess.encoding), encoding);
    QVERIFY(!guess.looksBinary);
    CsvDialect d;
    d.encoding = guess.encoding;
    for (qsizetype chunk : { qsizetype(1), qsizetype(3), qsizetype(1 << 20) }) {
        const Parsed p = readAll(bytes, d, chunk);
        QCOMPARE(p.records.size(), 3);
        QCOMPARE(p.records[0], row({ "name", "city" }));
        QCOMPARE(p.records[1], row({ "Zoë", "Zürich" }));
        QCOMPARE(p.records[2], row({ "€", "“q”" }));
    }
}

void TestCsvReader::rawText()
{
    QByteArray input("a,\"b,c\"\r\n1,2\n");
    QBuffer buffer(&input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, CsvDialect {});
    CsvRecord rec;
    QVERIFY(reader.next(rec));
    QCOMPARE(QByteArray(rec.raw.data(), qsizetype(rec.raw.size())), QByteArray("a,\"b,c\""));
    QVERIFY(reader.next(rec));
    QCOMPARE(QByteArray(rec.raw.data(), qsizetype(rec.raw.size())), QByteArray("1,2"));
    QVERIFY(!reader.next(rec));
    QCOMPARE(reader.bytesRead(), qint64(input.size()));
}

void TestCsvReader::blankLines()
{
    QByteArray input("a\n\n \nb\n");
    QBuffer buffer(&input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, CsvDialect {});
    CsvRecord rec;
    QList<bool> blank;
    while (reader.next(rec))
        blank.append(rec.isBlank());
    // " " is a field holding a space, not a blank line.
    QCOMPARE(blank, (QList<bool> { false, true, false, false }));
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
