#include "textencoding.h"

#include <QTest>

using namespace seg;

class TestTextEncoding : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detect_data();
    void detect();
    void invalidUtf8FallsBackPerByte();
    void windows1252Table();
    void splitSurrogatePair();
    void names();
};

void TestTextEncoding::detect_data()
{
    QTest::addColumn<QByteArray>("sample");
    QTest::addColumn<int>("encoding");
    QTest::addColumn<int>("bom");
    QTest::addColumn<bool>("binary");
    QTest::newRow("ascii") << QByteArray("a,b\n1,2\n") << int(TextEncoding::Utf8) << 0 << false;
    QTest::newRow("utf8 bom") << QByteArray("\xEF\xBB\xBF"
                                            "a,b\n")
                              << int(TextEncoding::Utf8) << 3 << false;
    QTest::newRow("utf16le bom") << QByteArray("\xFF\xFE"
                                               "a\0,\0",
        6) << int(TextEncoding::Utf16LE)
                                 << 2 << false;
    QTest::newRow("utf16be bom") << QByteArray("\xFE\xFF\0a\0,", 6) << int(TextEncoding::Utf16BE)
                                 << 2 << false;
    QTest::newRow("utf16le no bom")
        << QByteArray("a\0,\0b\0\n\0", 8) << int(TextEncoding::Utf16LE) << 0 << false;
    QTest::newRow("cp1252 pound") << QByteArray("Gift Voucher \xA3"
                                                "40.00\r\n")
                                  << int(TextEncoding::Windows1252) << 0 << false;
    QTest::newRow("utf8 cut at end")
        << QByteArray("caf\xC3") << int(TextEncoding::Utf8) << 0 << false;
    QTest::newRow("zip file") << QByteArray("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0", 14)
                              << int(TextEncoding::Utf8) << 0 << true;
    QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)
                         << int(TextEncoding::Utf8) << 0 << true;
}

void TestTextEncoding::detect()
{
    QFETCH(QByteArray, sample);
    QFETCH(int, encoding);
    QFETCH(int, bom);
    QFETCH(bool, binary);
    const EncodingGuess g = detectTextEncoding(sample);
    QCOMPARE(g.looksBinary, binary);
    if (!binary) {
        QCOMPARE(int(g.encoding), encoding);
        QCOMPARE(g.bomLength, bom);
    }
}

void TestTextEncoding::invalidUtf8FallsBackPerByte()
{
    Utf8Transcoder t(TextEncoding::Utf8);
    std::string out;
    t.convert(QByteArrayView("\xA3"
                             "5 and caf\xC3\xA9"),
        true, out);
    QCOMPARE(QString::fromStdString(out), QStringLiteral("£5 and café"));
    QCOMPARE(t.invalidSequences(), qint64(1));
}

void TestTextEncoding::windows1252Table()
{
    QCOMPARE(windows1252ToUnicode(0x80), char32_t(0x20AC));
    QCOMPARE(windows1252ToUnicode(0x9F), char32_t(0x0178));
    QCOMPARE(windows1252ToUnicode(0xA3), char32_t(0x00A3));
    QCOMPARE(windows1252ToUnicode(0x41), char32_t(0x41));
}

void TestTextEncoding::splitSurrogatePair()
{
    // U+1F600 in UTF-16LE is 3D D8 00 DE; feed it one byte at a time.
    Utf8Transcoder t(TextEncoding::Utf16LE);
    std::string out;
    const char bytes[] = { '\x3D', '\xD8', '\x00', '\xDE' };
    for (int i = 0; i < 4; ++i)
        t.convert(QByteArrayView(bytes + i, 1), i == 3, out);
    QCOMPARE(QString::fromStdString(out), QString::fromUcs4(U"\U0001F600", 1));
    QCOMPARE(t.invalidSequences(), qint64(0));
}

void TestTextEncoding::names()
{
    for (TextEncoding e : { TextEncoding::Utf8, TextEncoding::Utf16LE, TextEncoding::Utf16BE,
             TextEncoding::Windows1252 })
        QCOMPARE(textEncodingFromName(textEncodingName(e)), std::optional<TextEncoding>(e));
    QCOMPARE(textEncodingFromName(QStringLiteral("cp1252")),
        std::optional<TextEncoding>(TextEncoding::Windows1252));
    QVERIFY(!textEncodingFromName(QStringLiteral("klingon")));
}

QTEST_GUILESS_MAIN(TestTextEncoding)
#include "tst_textencoding.moc"
