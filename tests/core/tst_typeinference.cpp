#include "columntype.h"
#include "dateformat.h"
#include "typeinference.h"
#include "valueparser.h"

#include <QTest>

#include <memory>
#include <string_view>

using seg::ColumnType;
using seg::DateOrder;
using seg::NumberFormat;
using seg::TypeInference;
using seg::TypeProposal;

namespace {

std::string_view view(const QByteArray& bytes)
{
    return { bytes.constData(), static_cast<std::size_t>(bytes.size()) };
}

NumberFormat format(const QByteArray& spec)
{
    NumberFormat fmt;
    fmt.decimal = spec.at(0);
    fmt.thousands = spec.size() > 1 ? spec.at(1) : char(0);
    return fmt;
}

QByteArray formatSpec(NumberFormat fmt)
{
    QByteArray spec(1, fmt.decimal);
    if (fmt.thousands != 0)
        spec.append(fmt.thousands);
    return spec;
}

std::unique_ptr<TypeInference> column(const QString& header, const QStringList& values)
{
    auto inference = std::make_unique<TypeInference>(header);
    for (const QString& value : values) {
        const QByteArray bytes = value.toUtf8();
        inference->add(view(bytes));
    }
    return inference;
}

QStringList repeated(const QString& value, int times)
{
    QStringList list;
    for (int i = 0; i < times; ++i)
        list.append(value);
    return list;
}

// "prefix1", "prefix2", ... "prefixN"
QStringList numbered(const QString& prefix, int count, int width = 0)
{
    QStringList list;
    for (int i = 1; i <= count; ++i)
        list.append(prefix + QStringLiteral("%1").arg(i, width, 10, QLatin1Char('0')));
    return list;
}

} // namespace

class TestTypeInference : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void propose_data();
    void propose();
    void notes_data();
    void notes();
    void countAndMissing();
    void distinctCap();
    void accepts_data();
    void accepts();
    void detectNumberFormat_data();
    void detectNumberFormat();
};

void TestTypeInference::propose_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QByteArray>("fmt");
    QTest::addColumn<int>("forcedOrder"); // -1: none
    QTest::addColumn<ColumnType>("type");
    QTest::addColumn<int>("dateOrder"); // -1: none
    QTest::addColumn<bool>("ambiguous");
    QTest::addColumn<int>("candidate"); // -1: none, else a ColumnType
    QTest::addColumn<double>("failShare");
    QTest::addColumn<double>("missingShare");
    QTest::addColumn<qint64>("distinct");

    const QString h = QStringLiteral("value");
    const int none = -1;
    const int ymd = int(DateOrder::YearMonthDay);
    const int dmy = int(DateOrder::DayMonthYear);
    const int mdy = int(DateOrder::MonthDayYear);
    const int compact = int(DateOrder::Compact);
    const auto L = [](std::initializer_list<const char16_t*> items) {
        QStringList list;
        for (const char16_t* item : items)
            list.append(QString::fromUtf16(item));
        return list;
    };

    // Empty columns.
    QTest::newRow("missing only") << h << L({ u"", u" ", u"" }) << QByteArray(".") << none
                                  << ColumnType::Text << none << false << none << 0.0 << 1.0
                                  << qint64(0);
    QTest::newRow("no rows") << h << QStringList() << QByteArray(".") << none << ColumnType::Text
                             << none << false << none << 0.0 << 0.0 << qint64(0);

    // Yes/no.
    QTest::newRow("yes/no words") << h << L({ u"yes", u"no", u"Yes", u"NO" }) << QByteArray(".")
                                  << none << ColumnType::YesNo << none << false << none << 0.0
                                  << 0.0 << qint64(4);
    QTest::newRow("0/1") << h << L({ u"0", u"1", u"1", u"0" }) << QByteArray(".") << none
                         << ColumnType::YesNo << none << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("0/1 with missing")
        << h << L({ u"1", u"", u"0" }) << QByteArray(".") << none << ColumnType::YesNo << none
        << false << none << 0.0 << 1.0 / 3.0 << qint64(2);
    QTest::newRow("words and digits")
        << h << L({ u"true", u"0", u"1" }) << QByteArray(".") << none << ColumnType::YesNo << none
        << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("only no") << h << L({ u"N", u"N" }) << QByteArray(".") << none
                             << ColumnType::YesNo << none << false << none << 0.0 << 0.0
                             << qint64(1);
    QTest::newRow("only ones is integer")
        << h << L({ u"1", u"1", u"1" }) << QByteArray(".") << none << ColumnType::Integer << none
        << false << none << 0.0 << 0.0 << qint64(1);
    QTest::newRow("0/1/2 is integer")
        << h << L({ u"0", u"1", u"2" }) << QByteArray(".") << none << ColumnType::Integer << none
        << false << none << 0.0 << 0.0 << qint64(3);
    // 6 values < 20, 3 distinct with repeats: Category; YesNo misses 1 of 6.
    QTest::newRow("yes/no/maybe") << h << L({ u"y", u"n", u"maybe", u"y", u"n", u"y" })
                                  << QByteArray(".") << none << ColumnType::Category << none
                                  << false << int(ColumnType::YesNo) << 1.0 / 6.0 << 0.0
                                  << qint64(3);

    // Integers and codes.
    QTest::newRow("integers") << h << L({ u"1", u"25", u"-3", u"1000" }) << QByteArray(".") << none
                              << ColumnType::Integer << none << false << none << 0.0 << 0.0
                              << qint64(4);
    QTest::newRow("integers with currency")
        << h << L({ u"$5", u"$12", u"(7)" }) << QByteArray(".") << none << ColumnType::Integer
        << none << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("integers with thousands")
        << h << L({ u"1,234", u"12,345,678", u"5" }) << QByteArray(".,") << none
        << ColumnType::Integer << none << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("leading-zero codes")
        << h << L({ u"007", u"012", u"007", u"012", u"100", u"007" }) << QByteArray(".") << none
        << ColumnType::Category << none << false << int(ColumnType::Integer) << 0.0 << 0.0
        << qint64(3);
    QTest::newRow("zero-padded unique ids")
        << h << numbered(QString(), 30, 5) << QByteArray(".") << none << ColumnType::Text << none
        << false << int(ColumnType::Integer) << 0.0 << 0.0 << qint64(30);
    QTest::newRow("single zero is not a code")
        << h << L({ u"0", u"10", u"20", u"0" }) << QByteArray(".") << none << ColumnType::Integer
        << none << false << none << 0.0 << 0.0 << qint64(3);
    // One of four values is too long for qint64: a code; Integer misses 1 of 4.
    QTest::newRow("too long for qint64")
        << h << L({ u"12345678901234567890", u"1", u"2", u"1" }) << QByteArray(".") << none
        << ColumnType::Category << none << false << int(ColumnType::Integer) << 0.25 << 0.0
        << qint64(3);
    QTest::newRow("all too long for qint64")
        << h << L({ u"12345678901234567890", u"12345678901234567891" }) << QByteArray(".") << none
        << ColumnType::Text << none << false << none << 0.0 << 0.0 << qint64(2);

    // Compact dates.
    const QStringList compactValues = L({ u"20240105", u"20231231", u"20000229" });
    QTest::newRow("compact with date header")
        << QStringLiteral("order_date") << compactValues << QByteArray(".") << none
        << ColumnType::Date << compact << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("compact with DT header")
        << QStringLiteral("BirthDT") << compactValues << QByteArray(".") << none << ColumnType::Date
        << compact << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("compact with Day header")
        << QStringLiteral("First Day") << compactValues << QByteArray(".") << none
        << ColumnType::Date << compact << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("compact without date header")
        << QStringLiteral("amount") << compactValues << QByteArray(".") << none
        << ColumnType::Integer << none << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("compact header, invalid month")
        << QStringLiteral("date") << L({ u"20241305", u"20240101" }) << QByteArray(".") << none
        << ColumnType::Integer << none << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("compact header, year 1899")
        << QStringLiteral("date") << L({ u"18991231", u"20240101" }) << QByteArray(".") << none
        << ColumnType::Integer << none << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("compact header, seven digits")
        << QStringLiteral("date") << L({ u"2024010", u"20240101" }) << QByteArray(".") << none
        << ColumnType::Integer << none << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("compact header, forced d/m/y")
        << QStringLiteral("date") << compactValues << QByteArray(".") << dmy << ColumnType::Integer
        << none << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("compact header, forced compact")
        << QStringLiteral("date") << compactValues << QByteArray(".") << compact << ColumnType::Date
        << compact << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("compact date-times")
        << h << L({ u"20240105 10:15", u"20240106" }) << QByteArray(".") << none
        << ColumnType::DateTime << compact << false << none << 0.0 << 0.0 << qint64(2);

    // Decimals.
    QTest::newRow("decimals") << h << L({ u"1.5", u"2", u"3.25" }) << QByteArray(".") << none
                              << ColumnType::Decimal << none << false << none << 0.0 << 0.0
                              << qint64(3);
    QTest::newRow("decimal comma")
        << h << L({ u"1,5", u"2", u"3,25" }) << QByteArray(",") << none << ColumnType::Decimal
        << none << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("german decimals")
        << h << L({ u"1.234,5", u"-2,25", u"17" }) << QByteArray(",.") << none
        << ColumnType::Decimal << none << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("exponents") << h << L({ u"1e3", u"2.5E-2" }) << QByteArray(".") << none
                               << ColumnType::Decimal << none << false << none << 0.0 << 0.0
                               << qint64(2);
    QTest::newRow("decimal comma read with point format")
        << h << L({ u"1,5", u"2,25", u"3,75" }) << QByteArray(".") << none << ColumnType::Text
        << none << false << none << 0.0 << 0.0 << qint64(3);
    // 20 values, 3 distinct: Category; 1 of 20 is not a number (5%).
    QTest::newRow("numbers with one n/a")
        << h
        << (repeated(QStringLiteral("1.5"), 10) + repeated(QStringLiteral("2.5"), 9)
               + QStringList { QStringLiteral("n/a") })
        << QByteArray(".") << none << ColumnType::Category << none << false
        << int(ColumnType::Decimal) << 0.05 << 0.0 << qint64(3);
    // 4 of 5 are integers, 1 is 2.5: Decimal wins (all numbers).
    QTest::newRow("integers and one decimal")
        << h << L({ u"1", u"2", u"3", u"4", u"2.5" }) << QByteArray(".") << none
        << ColumnType::Decimal << none << false << none << 0.0 << 0.0 << qint64(5);

    // Dates.
    QTest::newRow("y-m-d") << h << L({ u"2024-01-05", u"2023-12-31", u"", u"2024-02-29" })
                           << QByteArray(".") << none << ColumnType::Date << ymd << false << none
                           << 0.0 << 0.25 << qint64(3);
    QTest::newRow("y/m/d") << h << L({ u"2024/01/05", u"2023/12/31" }) << QByteArray(".") << none
                           << ColumnType::Date << ymd << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("y-m-d date-times")
        << h << L({ u"2024-01-05 10:00", u"2024-01-06" }) << QByteArray(".") << none
        << ColumnType::DateTime << ymd << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("iso date-times")
        << h << L({ u"2024-01-05T10:00:00Z", u"2024-01-06T23:59:59+01:00" }) << QByteArray(".")
        << none << ColumnType::DateTime << ymd << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("ambiguous d/m or m/d")
        << h << L({ u"01/02/2020", u"03/04/2020", u"12/12/2020" }) << QByteArray(".") << none
        << ColumnType::Date << dmy << true << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("13/05/2020 decides d/m/y")
        << h << L({ u"01/02/2020", u"13/05/2020" }) << QByteArray(".") << none << ColumnType::Date
        << dmy << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("12/13/2010 decides m/d/y")
        << h << L({ u"01/02/2010", u"12/13/2010" }) << QByteArray(".") << none << ColumnType::Date
        << mdy << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("dotted d.m.y") << h << L({ u"31.12.2013", u"01.01.2014" }) << QByteArray(".")
                                  << none << ColumnType::Date << dmy << false << none << 0.0 << 0.0
                                  << qint64(2);
    QTest::newRow("m/d/y date-times with PM")
        << h << L({ u"12/31/2024 3:15 PM", u"1/5/2024 9:00 AM" }) << QByteArray(".") << none
        << ColumnType::DateTime << mdy << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("forced m/d/y") << h << L({ u"01/02/2020", u"03/04/2020" }) << QByteArray(".")
                                  << mdy << ColumnType::Date << mdy << false << none << 0.0 << 0.0
                                  << qint64(2);
    // Forced m/d/y: 13/05/2020 fails, 1 of 2; the sample is small and has no repeat: Text.
    QTest::newRow("forced order that fails")
        << h << L({ u"13/05/2020", u"01/02/2020" }) << QByteArray(".") << mdy << ColumnType::Text
        << mdy << false << int(ColumnType::Date) << 0.5 << 0.0 << qint64(2);
    // No order reads both; d/m/y (tried before m/d/y) misses 1 of 2.
    QTest::newRow("d/m and m/d mixed")
        << h << L({ u"13/05/2020", u"05/13/2020" }) << QByteArray(".") << none << ColumnType::Text
        << dmy << false << int(ColumnType::Date) << 0.5 << 0.0 << qint64(2);
    QTest::newRow("invalid calendar date")
        << h << L({ u"2023-02-29", u"2024-02-29" }) << QByteArray(".") << none << ColumnType::Text
        << ymd << false << int(ColumnType::Date) << 0.5 << 0.0 << qint64(2);

    // Categories and text.
    QTest::newRow("small category")
        << h << L({ u"red", u"green", u"red", u"blue", u"green", u"red" }) << QByteArray(".")
        << none << ColumnType::Category << none << false << none << 0.0 << 0.0 << qint64(3);
    QTest::newRow("small free text")
        << h << L({ u"alpha", u"beta", u"gamma" }) << QByteArray(".") << none << ColumnType::Text
        << none << false << none << 0.0 << 0.0 << qint64(3);
    QStringList tenLabels;
    for (int i = 0; i < 100; ++i)
        tenLabels.append(QStringLiteral("segment %1").arg(i % 10));
    QTest::newRow("100 values, 10 labels")
        << h << tenLabels << QByteArray(".") << none << ColumnType::Category << none << false
        << none << 0.0 << 0.0 << qint64(10);
    QStringList halfDistinct;
    for (int i = 0; i < 40; ++i)
        halfDistinct.append(QStringLiteral("v%1").arg(i % 20));
    QTest::newRow("40 values, 20 distinct")
        << h << halfDistinct << QByteArray(".") << none << ColumnType::Category << none << false
        << none << 0.0 << 0.0 << qint64(20);
    halfDistinct.removeLast();
    QTest::newRow("39 values, 20 distinct")
        << h << halfDistinct << QByteArray(".") << none << ColumnType::Text << none << false << none
        << 0.0 << 0.0 << qint64(20);
    QTest::newRow("100 unique names")
        << h << numbered(QStringLiteral("name "), 100) << QByteArray(".") << none
        << ColumnType::Text << none << false << none << 0.0 << 0.0 << qint64(100);
    QStringList manyLabels;
    for (int i = 0; i < 3000; ++i)
        manyLabels.append(QStringLiteral("label %1").arg(i % 1001));
    QTest::newRow("1001 labels is too many")
        << h << manyLabels << QByteArray(".") << none << ColumnType::Text << none << false << none
        << 0.0 << 0.0 << qint64(1001);
    QTest::newRow("trimmed values count once")
        << h << L({ u" a", u"a ", u"b", u"b" }) << QByteArray(".") << none << ColumnType::Category
        << none << false << none << 0.0 << 0.0 << qint64(2);
    QTest::newRow("utf-8 categories")
        << h << L({ u"Z\u00FCrich", u"Gen\u00E8ve", u"Z\u00FCrich" }) << QByteArray(".") << none
        << ColumnType::Category << none << false << none << 0.0 << 0.0 << qint64(2);
}

void TestTypeInference::propose()
{
    QFETCH(QString, header);
    QFETCH(QStringList, values);
    QFETCH(QByteArray, fmt);
    QFETCH(int, forcedOrder);
    QFETCH(ColumnType, type);
    QFETCH(int, dateOrder);
    QFETCH(bool, ambiguous);
    QFETCH(int, candidate);
    QFETCH(double, failShare);
    QFETCH(double, missingShare);
    QFETCH(qint64, distinct);

    const auto inference = column(header, values);
    QCOMPARE(inference->count(), values.size());
    const std::optional<DateOrder> forced
        = forcedOrder < 0 ? std::nullopt : std::optional<DateOrder>(DateOrder(forcedOrder));
    const TypeProposal p = inference->propose(format(fmt), forced);

    QCOMPARE(seg::columnTypeName(p.type), seg::columnTypeName(type));
    QCOMPARE(p.dateOrder.has_value(), dateOrder >= 0);
    if (dateOrder >= 0)
        QCOMPARE(seg::dateOrderName(*p.dateOrder), seg::dateOrderName(DateOrder(dateOrder)));
    QCOMPARE(p.dateOrderAmbiguous, ambiguous);
    QCOMPARE(p.candidate.has_value(), candidate >= 0);
    if (candidate >= 0)
        QCOMPARE(seg::columnTypeName(*p.candidate), seg::columnTypeName(ColumnType(candidate)));
    QVERIFY2(qAbs(p.failShare - failShare) < 1e-12, qPrintable(QString::number(p.failShare)));
    QVERIFY2(
        qAbs(p.missingShare - missingShare) < 1e-12, qPrintable(QString::number(p.missingShare)));
    QCOMPARE(p.distinct, distinct);
    QVERIFY(!p.distinctCapped);
    QVERIFY2(!p.note.isEmpty(), "every proposal explains itself");

    // The proposed type accepts every sampled value.
    for (const QString& value : values) {
        const QByteArray bytes = value.toUtf8();
        QVERIFY2(TypeInference::accepts(p.type, view(bytes), format(fmt), p.dateOrder),
            bytes.constData());
    }
}

void TestTypeInference::notes_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("expected"); // a substring of the note

    QTest::newRow("d-m-y example")
        << QStringLiteral("signup")
        << QStringList { QStringLiteral("01-02-2014"), QStringLiteral("31-12-2013") }
        << QStringLiteral("Every value parses as day-month-year; "
                          "31-12-2013 rules out month-first.");
    QTest::newRow("m/d/y example")
        << QStringLiteral("signup")
        << QStringList { QStringLiteral("01/02/2010"), QStringLiteral("12/13/2010") }
        << QStringLiteral("12/13/2010 rules out day-first");
    QTest::newRow("ambiguous") << QStringLiteral("signup")
                               << QStringList { QStringLiteral("01/02/2020") }
                               << QStringLiteral("day-month-year was assumed");
    QTest::newRow("date-time") << QStringLiteral("signup")
                               << QStringList { QStringLiteral("2020-01-02 10:00") }
                               << QStringLiteral("time of day");
    QTest::newRow("empty") << QStringLiteral("x") << QStringList { QString() }
                           << QStringLiteral("Empty column");
    QTest::newRow("leading zero") << QStringLiteral(
        "zip") << QStringList { QStringLiteral("01234"), QStringLiteral("01234") }
                                  << QStringLiteral("01234 has a leading zero");
    QTest::newRow("fail share") << QStringLiteral("amount")
                                << (repeated(QStringLiteral("1.5"), 10)
                                       + repeated(QStringLiteral("2.5"), 9)
                                       + QStringList { QStringLiteral("n/a") })
                                << QStringLiteral(
                                       "5% of the values are not numbers (e.g. \"n/a\")");
    QTest::newRow("compact") << QStringLiteral("date") << QStringList { QStringLiteral("20240105") }
                             << QStringLiteral("20240105");
    QTest::newRow("compact hint") << QStringLiteral("amount")
                                  << QStringList { QStringLiteral("20240105") }
                                  << QStringLiteral("YYYYMMDD");
}

void TestTypeInference::notes()
{
    QFETCH(QString, header);
    QFETCH(QStringList, values);
    QFETCH(QString, expected);
    const TypeProposal p = column(header, values)->propose(NumberFormat {});
    QVERIFY2(p.note.contains(expected), qPrintable(p.note));
}

void TestTypeInference::countAndMissing()
{
    TypeInference inference(QStringLiteral("spend"));
    QCOMPARE(inference.headerName(), QStringLiteral("spend"));
    QCOMPARE(inference.count(), 0);
    for (const char* v : { "10", "", "  ", "12.5", "\t" })
        inference.add(v);
    QCOMPARE(inference.count(), 5);
    const TypeProposal p = inference.propose(NumberFormat {});
    QCOMPARE(p.type, ColumnType::Decimal);
    QCOMPARE(p.missingShare, 0.6);
    QCOMPARE(p.distinct, 2);
}

void TestTypeInference::distinctCap()
{
    TypeInference inference(QStringLiteral("email"));
    for (int i = 0; i < 10050; ++i) {
        const QByteArray v = "user" + QByteArray::number(i) + "@example.com";
        inference.add(view(v));
    }
    const TypeProposal p = inference.propose(NumberFormat {});
    QCOMPARE(p.type, ColumnType::Text);
    QCOMPARE(p.distinct, TypeInference::DistinctCap);
    QVERIFY(p.distinctCapped);
    QVERIFY(p.note.contains(QStringLiteral("More than")));
}

void TestTypeInference::accepts_data()
{
    QTest::addColumn<ColumnType>("type");
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("fmt");
    QTest::addColumn<int>("order"); // -1: none
    QTest::addColumn<bool>("accepted");

    const int none = -1;
    const int ymd = int(DateOrder::YearMonthDay);
    const int dmy = int(DateOrder::DayMonthYear);
    QTest::newRow("integer") << ColumnType::Integer << QByteArray("12") << QByteArray(".") << none
                             << true;
    QTest::newRow("integer with leading zero")
        << ColumnType::Integer << QByteArray("007") << QByteArray(".") << none << true;
    QTest::newRow("integer rejects decimal")
        << ColumnType::Integer << QByteArray("12.5") << QByteArray(".") << none << false;
    QTest::newRow("integer rejects huge")
        << ColumnType::Integer << QByteArray("12345678901234567890") << QByteArray(".") << none
        << false;
    QTest::newRow("missing integer")
        << ColumnType::Integer << QByteArray("  ") << QByteArray(".") << none << true;
    QTest::newRow("decimal") << ColumnType::Decimal << QByteArray("12.5") << QByteArray(".") << none
                             << true;
    QTest::newRow("decimal german")
        << ColumnType::Decimal << QByteArray("1.234,5") << QByteArray(",.") << none << true;
    QTest::newRow("decimal rejects text")
        << ColumnType::Decimal << QByteArray("abc") << QByteArray(".") << none << false;
    QTest::newRow("date y-m-d") << ColumnType::Date << QByteArray("2024-01-05") << QByteArray(".")
                                << ymd << true;
    QTest::newRow("date without order is y-m-d")
        << ColumnType::Date << QByteArray("2024-01-05") << QByteArray(".") << none << true;
    QTest::newRow("date d/m/y without order")
        << ColumnType::Date << QByteArray("05/01/2024") << QByteArray(".") << none << false;
    QTest::newRow("date d/m/y") << ColumnType::Date << QByteArray("05/01/2024") << QByteArray(".")
                                << dmy << true;
    QTest::newRow("date with time")
        << ColumnType::Date << QByteArray("2024-01-05 10:00") << QByteArray(".") << ymd << true;
    QTest::newRow("date-time without time")
        << ColumnType::DateTime << QByteArray("2024-01-05") << QByteArray(".") << ymd << true;
    QTest::newRow("date rejects invalid")
        << ColumnType::Date << QByteArray("2023-02-29") << QByteArray(".") << ymd << false;
    QTest::newRow("yes/no 1") << ColumnType::YesNo << QByteArray("1") << QByteArray(".") << none
                              << true;
    QTest::newRow("yes/no word") << ColumnType::YesNo << QByteArray("Yes") << QByteArray(".")
                                 << none << true;
    QTest::newRow("yes/no rejects 2")
        << ColumnType::YesNo << QByteArray("2") << QByteArray(".") << none << false;
    QTest::newRow("category") << ColumnType::Category << QByteArray("anything") << QByteArray(".")
                              << none << true;
    QTest::newRow("text") << ColumnType::Text << QByteArray("x, y") << QByteArray(".") << none
                          << true;
}

void TestTypeInference::accepts()
{
    QFETCH(ColumnType, type);
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, fmt);
    QFETCH(int, order);
    QFETCH(bool, accepted);
    const std::optional<DateOrder> dateOrder
        = order < 0 ? std::nullopt : std::optional<DateOrder>(DateOrder(order));
    QCOMPARE(TypeInference::accepts(type, view(field), format(fmt), dateOrder), accepted);
}

void TestTypeInference::detectNumberFormat_data()
{
    QTest::addColumn<QList<QStringList>>("columns");
    QTest::addColumn<QByteArray>("delimiter");
    QTest::addColumn<QByteArray>("expected"); // decimal, then thousands if any

    const auto S = [](std::initializer_list<const char16_t*> items) {
        QStringList list;
        for (const char16_t* item : items)
            list.append(QString::fromUtf16(item));
        return list;
    };

    QTest::newRow("decimal point")
        << QList<QStringList> { S({ u"1.5", u"2.25" }), S({ u"3", u"4" }) } << QByteArray(",")
        << QByteArray(".");
    QTest::newRow("german 1.234,56") << QList<QStringList> { S({ u"1.234,56", u"12,5" }) }
                                     << QByteArray(";") << QByteArray(",.");
    QTest::newRow("decimal comma, semicolon file") << QList<QStringList> { S({ u"12,5", u"3,75" }),
        S({ u"7", u"8" }) } << QByteArray(";") << QByteArray(",");
    QTest::newRow("decimal comma, quoted in comma file")
        << QList<QStringList> { S({ u"12,5", u"3,75" }) } << QByteArray(",") << QByteArray(",");
    QTest::newRow("us 1,234.56") << QList<QStringList> { S({ u"1,234.56", u"12.5" }) }
                                 << QByteArray(",") << QByteArray(".,");
    QTest::newRow("us thousands in one column, decimals in another")
        << QList<QStringList> { S({ u"1,234", u"5,678" }), S({ u"1.5", u"2.5" }) }
        << QByteArray("\t") << QByteArray(".,");
    QTest::newRow("1,234 in a comma file")
        << QList<QStringList> { S({ u"1,234", u"5,678" }) } << QByteArray(",") << QByteArray(".,");
    QTest::newRow("1,234 in a semicolon file")
        << QList<QStringList> { S({ u"1,234", u"5,678" }) } << QByteArray(";") << QByteArray(",");
    QTest::newRow("1.234 in a comma file")
        << QList<QStringList> { S({ u"1.234", u"5.678" }) } << QByteArray(",") << QByteArray(".");
    QTest::newRow("1.234 in a semicolon file")
        << QList<QStringList> { S({ u"1.234", u"5.678" }) } << QByteArray(";") << QByteArray(",.");
    QTest::newRow("french 1 234,5") << QList<QStringList> { S({ u"1 234,5", u"12,25" }) }
                                    << QByteArray(";") << QByteArray(", ");
    QTest::newRow("french no-break space")
        << QList<QStringList> { S({ u"1\u00A0234,5", u"12,25" }) } << QByteArray(";")
        << QByteArray(", ");
    QTest::newRow("swiss 1'234.50") << QList<QStringList> { S({ u"1'234.50", u"99.95" }) }
                                    << QByteArray(";") << QByteArray(".'");
    QTest::newRow("dates and text ignored")
        << QList<QStringList> { S({ u"2024-01-05", u"2024-02-01" }), S({ u"05.01.2024" }),
               S({ u"abc", u"def" }), S({ u"12,5", u"1,25" }) }
        << QByteArray(";") << QByteArray(",");
    QTest::newRow("no numbers") << QList<QStringList> { S({ u"a", u"b" }) } << QByteArray(";")
                                << QByteArray(".");
    QTest::newRow("no columns") << QList<QStringList> {} << QByteArray(",") << QByteArray(".");
    QTest::newRow("integers only, comma file")
        << QList<QStringList> { S({ u"1", u"2" }) } << QByteArray(",") << QByteArray(".");
    QTest::newRow("integers only, semicolon file")
        << QList<QStringList> { S({ u"1", u"2" }) } << QByteArray(";") << QByteArray(",");
    QStringList mostlyGerman = S({ u"1.234,5", u"2,5", u"3,5", u"4,5", u"5,5", u"6,5", u"7,5",
        u"8,5", u"9,5", u"n/a", u"" });
    QTest::newRow("90% german numbers")
        << QList<QStringList> { mostlyGerman } << QByteArray(";") << QByteArray(",.");
    QTest::newRow("currency amounts") << QList<QStringList> { S({ u"$1,234.50", u"($12.00)" }) }
                                      << QByteArray(",") << QByteArray(".,");
    // One column of each: the German one needs ',' decimal with '.' groups, the two others
    // read either way; ",." gets 3 votes, "." only 2.
    QTest::newRow("majority of columns")
        << QList<QStringList> { S({ u"1.234,5" }), S({ u"7" }), S({ u"2,5" }), S({ u"8" }) }
        << QByteArray(",") << QByteArray(",.");
}

void TestTypeInference::detectNumberFormat()
{
    QFETCH(QList<QStringList>, columns);
    QFETCH(QByteArray, delimiter);
    QFETCH(QByteArray, expected);

    std::vector<std::unique_ptr<TypeInference>> owned;
    std::vector<const TypeInference*> pointers;
    for (const QStringList& values : columns) {
        owned.push_back(column(QStringLiteral("c"), values));
        pointers.push_back(owned.back().get());
    }
    pointers.push_back(nullptr); // ignored
    const NumberFormat fmt = TypeInference::detectNumberFormat(pointers, delimiter.at(0));
    QCOMPARE(formatSpec(fmt), expected);
}

QTEST_GUILESS_MAIN(TestTypeInference)
#include "tst_typeinference.moc"
