#include "dateformat.h"
#include "valueparser.h"

#include <QTest>

#include <string_view>

using seg::DateOrder;
using seg::NumberFormat;
using seg::ParsedDateTime;
using seg::ValueParser;

namespace {

std::string_view view(const QByteArray& bytes)
{
    return { bytes.constData(), static_cast<std::size_t>(bytes.size()) };
}

// ".": decimal point, no thousands separator; ".,": decimal point, ',' thousands; ",." etc.
NumberFormat format(const QByteArray& spec)
{
    NumberFormat fmt;
    fmt.decimal = spec.at(0);
    fmt.thousands = spec.size() > 1 ? spec.at(1) : char(0);
    return fmt;
}

} // namespace

class TestValueParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void isMissing_data();
    void isMissing();
    void trimmed_data();
    void trimmed();
    void parseNumber_data();
    void parseNumber();
    void parseDate_data();
    void parseDate();
    void formatIso_data();
    void formatIso();
    void parseYesNo_data();
    void parseYesNo();
    void parseYesNoOrDigit_data();
    void parseYesNoOrDigit();
    void dateOrderNames_data();
    void dateOrderNames();
    void dateOrderFromName_data();
    void dateOrderFromName();
};

void TestValueParser::isMissing_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("missing");

    QTest::newRow("empty") << QByteArray("") << true;
    QTest::newRow("space") << QByteArray(" ") << true;
    QTest::newRow("tab cr lf") << QByteArray("\t\r\n") << true;
    QTest::newRow("no-break space") << QByteArray("\xC2\xA0") << true;
    QTest::newRow("narrow no-break space") << QByteArray(" \xE2\x80\xAF ") << true;
    QTest::newRow("letter") << QByteArray("a") << false;
    QTest::newRow("padded zero") << QByteArray(" 0 ") << false;
    QTest::newRow("NA is a value") << QByteArray("NA") << false;
}

void TestValueParser::isMissing()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, missing);
    QCOMPARE(ValueParser::isMissing(view(field)), missing);
}

void TestValueParser::trimmed_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("nothing to trim") << QByteArray("abc") << QByteArray("abc");
    QTest::newRow("spaces") << QByteArray("  a b  ") << QByteArray("a b");
    QTest::newRow("tabs and newlines") << QByteArray("\ta\r\n") << QByteArray("a");
    QTest::newRow("no-break spaces") << QByteArray("\xC2\xA0x\xE2\x80\xAF") << QByteArray("x");
    QTest::newRow("only spaces") << QByteArray("   ") << QByteArray("");
    QTest::newRow("euro sign kept") << QByteArray(" \xE2\x82\xAC ") << QByteArray("\xE2\x82\xAC");
}

void TestValueParser::trimmed()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, expected);
    QCOMPARE(ValueParser::trimmed(view(field)), view(expected));
}

void TestValueParser::parseNumber_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("fmt");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("isInteger");
    QTest::addColumn<qint64>("integer");

    const auto accept
        = [](const char* name, const QByteArray& field, const QByteArray& fmt, double value) {
              QTest::newRow(name) << field << fmt << true << value << false << qint64(0);
          };
    const auto acceptInt
        = [](const char* name, const QByteArray& field, const QByteArray& fmt, qint64 integer) {
              QTest::newRow(name) << field << fmt << true << double(integer) << true << integer;
          };
    const auto reject = [](const char* name, const QByteArray& field, const QByteArray& fmt) {
        QTest::newRow(name) << field << fmt << false << 0.0 << false << qint64(0);
    };

    // Plain numbers.
    acceptInt("integer", "42", ".", 42);
    acceptInt("negative integer", "-17", ".", -17);
    acceptInt("plus sign", "+5", ".", 5);
    acceptInt("surrounding spaces", "  12  ", ".", 12);
    acceptInt("surrounding tab and no-break space", "\t12\xC2\xA0", ".", 12);
    acceptInt("zero", "0", ".", 0);
    acceptInt("leading zeros", "007", ".", 7);
    acceptInt("qint64 max", "9223372036854775807", ".", Q_INT64_C(9223372036854775807));
    acceptInt("qint64 min", "-9223372036854775808", ".", -Q_INT64_C(9223372036854775807) - 1);
    accept("above qint64 max", "9223372036854775808", ".", 9223372036854775808.0);
    accept("below qint64 min", "-9223372036854775809", ".", -9223372036854775808.0);
    acceptInt(
        "qint64 max grouped", "9,223,372,036,854,775,807", ".,", Q_INT64_C(9223372036854775807));
    acceptInt(
        "qint64 min accounting", "(9223372036854775808)", ".", -Q_INT64_C(9223372036854775807) - 1);
    accept("20-digit id", "12345678901234567890", ".", 12345678901234567890.0);
    accept("decimal", "3.25", ".", 3.25);
    accept("negative decimal", "-0.5", ".", -0.5);
    accept("leading decimal point", ".5", ".", 0.5);
    accept("trailing decimal point", "12.", ".", 12.0);
    accept("zero fraction is not an integer", "12.0", ".", 12.0);
    accept("exponent", "1.5e3", ".", 1500.0);
    accept("capital exponent negative", "2E-4", ".", 0.0002);
    accept("exponent with plus", "-1.25e+2", ".", -125.0);
    accept("integer with exponent", "3e2", ".", 300.0);

    // Currency.
    accept("dollar prefix", "$12.50", ".", 12.5);
    accept("dollar prefix with space", "$ 12.50", ".", 12.5);
    accept("dollar suffix", "12.50$", ".", 12.5);
    acceptInt("euro prefix",
        "\xE2\x82\xAC"
        "12",
        ".", 12);
    acceptInt("euro suffix with space", "12 \xE2\x82\xAC", ".", 12);
    accept("euro suffix decimal comma", "12,50 \xE2\x82\xAC", ",", 12.5);
    accept("euro suffix no-break space",
        "1\xC2\xA0"
        "234,50\xC2\xA0\xE2\x82\xAC",
        ", ", 1234.5);
    accept("pound with thousands",
        "\xC2\xA3"
        "1,234.56",
        ".,", 1234.56);
    acceptInt("yen",
        "\xC2\xA5"
        "500",
        ".", 500);
    acceptInt("rupee",
        "\xE2\x82\xB9"
        "250",
        ".", 250);
    acceptInt("USD prefix", "USD 100", ".", 100);
    acceptInt("USD suffix no space", "100USD", ".", 100);
    accept("EUR prefix no space", "EUR12.5", ".", 12.5);
    acceptInt("GBP suffix", "7 GBP", ".", 7);
    acceptInt("CHF then sign", "CHF -3", ".", -3);
    acceptInt("sign then dollar", "-$5", ".", -5);
    acceptInt("dollar then sign", "$-5", ".", -5);
    acceptInt("negative with euro suffix", "-12 \xE2\x82\xAC", ".", -12);
    reject("lower-case code", "usd 100", ".");
    reject("currency only", "$", ".");
    reject("two currencies", "$12\xE2\x82\xAC", ".");
    reject("currency on both sides", "$12$", ".");
    reject("currency and sign only", "$-", ".");

    // Accounting negatives.
    accept("accounting negative", "(12.50)", ".", -12.5);
    accept("accounting negative with dollar", "($12.50)", ".", -12.5);
    acceptInt("accounting negative inner spaces", "( 7 )", ".", -7);
    accept("accounting with thousands", "(1,234.5)", ".,", -1234.5);
    reject("accounting with minus", "(-5)", ".");
    reject("minus before parenthesis", "-(5)", ".");
    reject("unclosed parenthesis", "(12", ".");
    reject("closing parenthesis only", "12)", ".");
    reject("empty parentheses", "()", ".");

    // Thousands separators.
    accept("comma groups", "1,234,567.8", ".,", 1234567.8);
    acceptInt("comma group integer", "1,234", ".,", 1234);
    acceptInt("comma format without groups", "1234567", ".,", 1234567);
    reject("group of two", "12,34", ".,");
    reject("first group of four", "1234,567", ".,");
    reject("group of four", "1,2345", ".,");
    reject("leading separator", ",123", ".,");
    reject("trailing separator", "1,", ".,");
    reject("group in fraction", "1.234,567", ".,");
    reject("comma without thousands format", "1,234", ".");
    accept("german", "1.234,56", ",.", 1234.56);
    acceptInt("german integer", "1.234.567", ",.", 1234567);
    reject("german short group", "1.5", ",.");
    accept("decimal comma", "12,5", ",", 12.5);
    accept("decimal comma with exponent", "1,5e3", ",", 1500.0);
    accept("exponent with decimal comma format", "-2e-1", ",", -0.2);
    reject("point with decimal comma format", "12.5", ",");
    accept("french spaces", "1 234 567,89", ", ", 1234567.89);
    accept("french no-break space",
        "1\xC2\xA0"
        "234,5",
        ", ", 1234.5);
    acceptInt("narrow no-break space",
        "1\xE2\x80\xAF"
        "234",
        ", ", 1234);
    reject("space without space format", "1 234", ".,");
    reject("space group of two", "12 34", ", ");
    accept("swiss apostrophe", "1'234.5", ".'", 1234.5);
    acceptInt("separator equal to decimal is ignored", "12", "..", 12);
    accept("separator equal to decimal reads as decimal", "1.5", "..", 1.5);
    reject("indian grouping",
        "\xE2\x82\xB9"
        "1,00,000",
        ".,");

    // Garbage.
    reject("empty", "", ".");
    reject("blank", "   ", ".");
    reject("letters", "abc", ".");
    reject("trailing letters", "12abc", ".");
    reject("two decimal points", "1.2.3", ".");
    reject("double minus", "--5", ".");
    reject("plus minus", "+-5", ".");
    reject("trailing minus", "12-", ".");
    reject("space after sign", "- 5", ".");
    reject("decimal point only", ".", ".");
    reject("inf", "inf", ".");
    reject("negative infinity", "-infinity", ".");
    reject("nan", "nan", ".");
    reject("NaN", "NaN", ".");
    reject("dangling exponent", "1e", ".");
    reject("dangling exponent sign", "1e+", ".");
    reject("exponent only", "e5", ".");
    reject("out of range", "1e999", ".");
    reject("hexadecimal", "0x1A", ".");
    reject("percent", "12%", ".");
    reject("inner space", "5 5", ".");
    reject("currency in the middle", "12 $ 3", ".");
    reject("date", "2024-01-05", ".");
    reject("time", "10:15", ".");
    reject("too long", QByteArray(130, '1'), ".");
}

void TestValueParser::parseNumber()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, fmt);
    QFETCH(bool, ok);
    QFETCH(double, value);
    QFETCH(bool, isInteger);
    QFETCH(qint64, integer);

    const std::optional<seg::ParsedNumber> parsed
        = ValueParser::parseNumber(view(field), format(fmt));
    QCOMPARE(parsed.has_value(), ok);
    if (!ok)
        return;
    QCOMPARE(parsed->value, value);
    QCOMPARE(parsed->isInteger, isInteger);
    if (isInteger)
        QCOMPARE(parsed->integer, integer);
}

void TestValueParser::parseDate_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<DateOrder>("order");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<int>>("expected"); // year, month, day, hour, minute, second
    QTest::addColumn<bool>("hasTime");

    const DateOrder ymd = DateOrder::YearMonthDay;
    const DateOrder dmy = DateOrder::DayMonthYear;
    const DateOrder mdy = DateOrder::MonthDayYear;
    const DateOrder compact = DateOrder::Compact;
    const auto date = [](const char* name, const QByteArray& field, DateOrder order, int y, int m,
                          int d) {
        QTest::newRow(name) << field << order << true << QList<int> { y, m, d, 0, 0, 0 } << false;
    };
    const auto dateTime = [](const char* name, const QByteArray& field, DateOrder order,
                              const QList<int>& expected) {
        QTest::newRow(name) << field << order << true << expected << true;
    };
    const auto reject = [](const char* name, const QByteArray& field, DateOrder order) {
        QTest::newRow(name) << field << order << false << QList<int>() << false;
    };

    // Year-month-day.
    date("ymd dash", "2024-12-31", ymd, 2024, 12, 31);
    date("ymd slash", "2024/12/31", ymd, 2024, 12, 31);
    date("ymd dot", "2024.12.31", ymd, 2024, 12, 31);
    date("ymd one digit parts", "2024-1-5", ymd, 2024, 1, 5);
    date("ymd padded", "  2024-01-05  ", ymd, 2024, 1, 5);
    date("leap day 2024", "2024-02-29", ymd, 2024, 2, 29);
    date("leap day 2000", "2000-02-29", ymd, 2000, 2, 29);
    reject("no leap day 2023", "2023-02-29", ymd);
    reject("no leap day 1900", "1900-02-29", ymd);
    reject("february 30", "2024-02-30", ymd);
    reject("april 31", "2024-04-31", ymd);
    reject("month 13", "2024-13-01", ymd);
    reject("month 0", "2024-00-10", ymd);
    reject("day 0", "2024-01-00", ymd);
    reject("year 0", "0000-01-01", ymd);
    reject("mixed separators", "2024-01/05", ymd);
    reject("two-digit year", "24-01-05", ymd);
    reject("three-digit month", "2024-001-05", ymd);
    reject("ymd given d/m/y", "31/12/2024", ymd);
    reject("ymd given compact", "20241231", ymd);
    reject("missing day", "2024-12", ymd);
    reject("trailing separator", "2024-12-31-", ymd);

    // Day-month-year.
    date("dmy slash", "31/12/2024", dmy, 2024, 12, 31);
    date("dmy dash", "31-12-2024", dmy, 2024, 12, 31);
    date("dmy dot", "31.12.2024", dmy, 2024, 12, 31);
    date("dmy one digit parts", "5/1/2024", dmy, 2024, 1, 5);
    date("dmy 13/05/2020", "13/05/2020", dmy, 2020, 5, 13);
    date("dmy leap day", "29.02.2024", dmy, 2024, 2, 29);
    reject("dmy 13/13/2020", "13/13/2020", dmy);
    reject("dmy april 31", "31/04/2024", dmy);
    reject("dmy two-digit year", "31/12/24", dmy);
    reject("dmy five-digit year", "31/12/20245", dmy);
    reject("dmy given y-m-d", "2024-12-31", dmy);
    reject("dmy 29.02.2023", "29.02.2023", dmy);

    // Month-day-year.
    date("mdy slash", "12/31/2024", mdy, 2024, 12, 31);
    date("mdy dash", "12-31-2024", mdy, 2024, 12, 31);
    date("mdy one digit parts", "1/5/2024", mdy, 2024, 1, 5);
    date("mdy 12/13/2010", "12/13/2010", mdy, 2010, 12, 13);
    reject("mdy 13/05/2020", "13/05/2020", mdy);
    reject("mdy 13/13/2020", "13/13/2020", mdy);
    reject("mdy february 30", "02/30/2024", mdy);

    // Compact.
    date("compact", "20241231", compact, 2024, 12, 31);
    date("compact leap day", "20240229", compact, 2024, 2, 29);
    reject("compact no leap day", "20230229", compact);
    reject("compact seven digits", "2024123", compact);
    reject("compact nine digits", "202412310", compact);
    reject("compact with dashes", "2024-12-31", compact);
    dateTime("compact with time", "20241231 10:15", compact, { 2024, 12, 31, 10, 15, 0 });

    // Times.
    dateTime("time HH:MM", "2024-01-05 10:15", ymd, { 2024, 1, 5, 10, 15, 0 });
    dateTime("time H:MM", "2024-01-05 9:05", ymd, { 2024, 1, 5, 9, 5, 0 });
    dateTime("time with seconds", "2024-01-05 10:15:30", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("T separator", "2024-01-05T10:15:30", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("two spaces", "2024-01-05  10:15", ymd, { 2024, 1, 5, 10, 15, 0 });
    dateTime("fraction dropped", "2024-01-05 10:15:30.123", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("comma fraction", "2024-01-05 10:15:30,5", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("Z", "2024-01-05T10:15:30Z", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("fraction and Z", "2024-01-05T10:15:30.250Z", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("offset +01:00 ignored", "2024-01-05T10:15:30+01:00", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("offset -0500 ignored", "2024-01-05T10:15:30-0500", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("offset hours only", "2024-01-05T10:15+02", ymd, { 2024, 1, 5, 10, 15, 0 });
    dateTime("space then offset", "2024-01-05 10:15:30 +0100", ymd, { 2024, 1, 5, 10, 15, 30 });
    dateTime("UTC", "2024-01-05 10:15 UTC", ymd, { 2024, 1, 5, 10, 15, 0 });
    dateTime("midnight", "2024-01-05 00:00:00", ymd, { 2024, 1, 5, 0, 0, 0 });
    dateTime("last second", "2024-12-31 23:59:59", ymd, { 2024, 12, 31, 23, 59, 59 });
    dateTime("PM", "1/5/2024 3:15 PM", mdy, { 2024, 1, 5, 15, 15, 0 });
    dateTime("12 AM is midnight", "1/5/2024 12:00 AM", mdy, { 2024, 1, 5, 0, 0, 0 });
    dateTime("12 PM is noon", "1/5/2024 12:30 pm", mdy, { 2024, 1, 5, 12, 30, 0 });
    dateTime("AM morning", "1/5/2024 9:45 am", mdy, { 2024, 1, 5, 9, 45, 0 });
    dateTime(
        "PM without space with seconds", "05/01/2024 11:59:59PM", dmy, { 2024, 1, 5, 23, 59, 59 });
    dateTime("dmy with time", "31.12.2024 23:59", dmy, { 2024, 12, 31, 23, 59, 0 });
    reject("13 PM", "2024-01-05 13:00 PM", ymd);
    reject("0 AM", "2024-01-05 0:30 AM", ymd);
    reject("hour 24", "2024-01-05 24:00", ymd);
    reject("minute 60", "2024-01-05 23:60", ymd);
    reject("second 60", "2024-01-05 23:59:60", ymd);
    reject("hour only", "2024-01-05 10", ymd);
    reject("one-digit minute", "2024-01-05 10:5", ymd);
    reject("three-digit hour", "2024-01-05 100:15", ymd);
    reject("T without time", "2024-01-05T", ymd);
    reject("junk after date", "2024-01-05x", ymd);
    reject("junk after time", "2024-01-05 10:15 foo", ymd);
    reject("empty fraction", "2024-01-05 10:15:30.", ymd);
    reject("fraction without seconds", "2024-01-05 10:15.5", ymd);
    reject("incomplete offset", "2024-01-05 10:15+01:", ymd);
    reject("offset minutes 60", "2024-01-05 10:15+01:60", ymd);
    reject("offset hours 24", "2024-01-05 10:15+24:00", ymd);
    reject("offset three digits", "2024-01-05 10:15+015", ymd);
    reject("offset five digits", "2024-01-05 10:15+01000", ymd);
    reject("offset then junk", "2024-01-05 10:15Z1", ymd);
    reject("empty", "", ymd);
    reject("text", "yesterday", ymd);
    reject("invalid date with time", "2023-02-29 10:00", ymd);
}

void TestValueParser::parseDate()
{
    QFETCH(QByteArray, field);
    QFETCH(DateOrder, order);
    QFETCH(bool, ok);
    QFETCH(QList<int>, expected);
    QFETCH(bool, hasTime);

    const std::optional<ParsedDateTime> dt = ValueParser::parseDate(view(field), order);
    QCOMPARE(dt.has_value(), ok);
    if (!ok)
        return;
    const QList<int> actual { dt->year, dt->month, dt->day, dt->hour, dt->minute, dt->second };
    QCOMPARE(actual, expected);
    QCOMPARE(dt->hasTime, hasTime);
}

void TestValueParser::formatIso_data()
{
    QTest::addColumn<QList<int>>("parts"); // year, month, day, hour, minute, second
    QTest::addColumn<bool>("withTime");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("date") << QList<int> { 2024, 1, 5, 0, 0, 0 } << false
                          << QByteArray("2024-01-05");
    QTest::newRow("date ignores time")
        << QList<int> { 2024, 1, 5, 10, 15, 30 } << false << QByteArray("2024-01-05");
    QTest::newRow("date-time") << QList<int> { 2024, 12, 31, 23, 59, 59 } << true
                               << QByteArray("2024-12-31 23:59:59");
    QTest::newRow("midnight") << QList<int> { 2000, 2, 29, 0, 0, 0 } << true
                              << QByteArray("2000-02-29 00:00:00");
    QTest::newRow("padded year") << QList<int> { 987, 3, 4, 5, 6, 7 } << true
                                 << QByteArray("0987-03-04 05:06:07");
}

void TestValueParser::formatIso()
{
    QFETCH(QList<int>, parts);
    QFETCH(bool, withTime);
    QFETCH(QByteArray, expected);

    ParsedDateTime dt;
    dt.year = parts[0];
    dt.month = parts[1];
    dt.day = parts[2];
    dt.hour = parts[3];
    dt.minute = parts[4];
    dt.second = parts[5];
    dt.hasTime = withTime;
    char out[20];
    std::fill(std::begin(out), std::end(out), 'x');
    const int written = ValueParser::formatIso(dt, withTime, out);
    QCOMPARE(written, expected.size());
    QCOMPARE(QByteArray(out, written), expected);
    QCOMPARE(out[written], '\0');

    // Round trip through parseDate.
    const std::optional<ParsedDateTime> back = ValueParser::parseDate(
        std::string_view(out, static_cast<std::size_t>(written)), DateOrder::YearMonthDay);
    QVERIFY(back.has_value());
    QCOMPARE(back->year, dt.year);
    QCOMPARE(back->month, dt.month);
    QCOMPARE(back->day, dt.day);
    QCOMPARE(back->hasTime, withTime);
    if (withTime)
        QCOMPARE(*back, dt);
}

void TestValueParser::parseYesNo_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("value");

    QTest::newRow("yes") << QByteArray("yes") << true << true;
    QTest::newRow("YES") << QByteArray("YES") << true << true;
    QTest::newRow("padded Yes") << QByteArray(" Yes ") << true << true;
    QTest::newRow("no") << QByteArray("no") << true << false;
    QTest::newRow("No") << QByteArray("No") << true << false;
    QTest::newRow("y") << QByteArray("y") << true << true;
    QTest::newRow("N") << QByteArray("N") << true << false;
    QTest::newRow("true") << QByteArray("true") << true << true;
    QTest::newRow("FALSE") << QByteArray("FALSE") << true << false;
    QTest::newRow("t") << QByteArray("t") << true << true;
    QTest::newRow("f") << QByteArray("f") << true << false;
    QTest::newRow("ja") << QByteArray("ja") << true << true;
    QTest::newRow("Nein") << QByteArray("Nein") << true << false;
    QTest::newRow("oui") << QByteArray("oui") << true << true;
    QTest::newRow("NON") << QByteArray("NON") << true << false;
    QTest::newRow("si") << QByteArray("si") << true << true;
    QTest::newRow("s\xC3\xAD") << QByteArray("s\xC3\xAD") << true << true;
    QTest::newRow("S\xC3\x8D") << QByteArray("S\xC3\x8D") << true << true;
    QTest::newRow("1 rejected") << QByteArray("1") << false << false;
    QTest::newRow("0 rejected") << QByteArray("0") << false << false;
    QTest::newRow("empty") << QByteArray("") << false << false;
    QTest::newRow("maybe") << QByteArray("maybe") << false << false;
    QTest::newRow("yess") << QByteArray("yess") << false << false;
    QTest::newRow("oui!") << QByteArray("oui!") << false << false;
    QTest::newRow("nope") << QByteArray("nope") << false << false;
    QTest::newRow("long word") << QByteArray("yesterday") << false << false;
}

void TestValueParser::parseYesNo()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, ok);
    QFETCH(bool, value);
    const std::optional<bool> parsed = ValueParser::parseYesNo(view(field));
    QCOMPARE(parsed.has_value(), ok);
    if (ok)
        QCOMPARE(*parsed, value);
}

void TestValueParser::parseYesNoOrDigit_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("value");

    QTest::newRow("1") << QByteArray("1") << true << true;
    QTest::newRow("0") << QByteArray("0") << true << false;
    QTest::newRow("padded 1") << QByteArray(" 1 ") << true << true;
    QTest::newRow("yes") << QByteArray("yes") << true << true;
    QTest::newRow("n") << QByteArray("n") << true << false;
    QTest::newRow("2") << QByteArray("2") << false << false;
    QTest::newRow("01") << QByteArray("01") << false << false;
    QTest::newRow("1.0") << QByteArray("1.0") << false << false;
    QTest::newRow("empty") << QByteArray("") << false << false;
}

void TestValueParser::parseYesNoOrDigit()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, ok);
    QFETCH(bool, value);
    const std::optional<bool> parsed = ValueParser::parseYesNoOrDigit(view(field));
    QCOMPARE(parsed.has_value(), ok);
    if (ok)
        QCOMPARE(*parsed, value);
}

void TestValueParser::dateOrderNames_data()
{
    QTest::addColumn<DateOrder>("order");
    QTest::addColumn<QString>("name");

    QTest::newRow("ymd") << DateOrder::YearMonthDay << QStringLiteral("Y-M-D");
    QTest::newRow("dmy") << DateOrder::DayMonthYear << QStringLiteral("D/M/Y");
    QTest::newRow("mdy") << DateOrder::MonthDayYear << QStringLiteral("M/D/Y");
    QTest::newRow("compact") << DateOrder::Compact << QStringLiteral("YYYYMMDD");
}

void TestValueParser::dateOrderNames()
{
    QFETCH(DateOrder, order);
    QFETCH(QString, name);
    QCOMPARE(seg::dateOrderName(order), name);
    QCOMPARE(seg::dateOrderFromName(name), std::optional<DateOrder>(order));
    QVERIFY(!seg::dateOrderDisplayName(order).isEmpty());
}

void TestValueParser::dateOrderFromName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("order"); // -1: not recognised

    const auto row = [](const char16_t* name, int order) {
        const QString text = QString::fromUtf16(name);
        QTest::newRow(text.isEmpty() ? "(empty)" : text.toUtf8().constData()) << text << order;
    };
    const int ymd = int(DateOrder::YearMonthDay);
    const int dmy = int(DateOrder::DayMonthYear);
    const int mdy = int(DateOrder::MonthDayYear);
    const int compact = int(DateOrder::Compact);
    for (const char16_t* name :
        { u"Y-M-D", u"ISO", u"iso", u"YMD", u"Y/M/D", u" y-m-d ", u"YYYY-MM-DD" })
        row(name, ymd);
    for (const char16_t* name : { u"D/M/Y", u"DMY", u"dmy", u"D-M-Y", u"D.M.Y", u"DD-MM-YYYY",
             u"DD/MM/YYYY", u"dd.mm.yyyy" })
        row(name, dmy);
    for (const char16_t* name : { u"M/D/Y", u"MDY", u"m/d/y", u"MM/DD/YYYY", u"M/D/YYYY" })
        row(name, mdy);
    for (const char16_t* name : { u"YYYYMMDD", u"compact", u"Compact" })
        row(name, compact);
    for (const char16_t* name : { u"", u"DM", u"Y-D-M", u"european" })
        row(name, -1);
}

void TestValueParser::dateOrderFromName()
{
    QFETCH(QString, name);
    QFETCH(int, order);
    const std::optional<DateOrder> parsed = seg::dateOrderFromName(name);
    if (order < 0)
        QVERIFY(!parsed.has_value());
    else
        QCOMPARE(parsed, std::optional<DateOrder>(DateOrder(order)));
}

QTEST_GUILESS_MAIN(TestValueParser)
#include "tst_valueparser.moc"
