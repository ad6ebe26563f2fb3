#include "demogenerator.h"

#include "jobcontext.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Byte-identical output on every machine needs every floating-point operation rounded
// separately: a fused multiply-add (which GCC and Clang create by default where the CPU has
// one, e.g. on ARM64 or with -march=native) rounds differently. Everything below is compiled
// with contraction off; transcendental functions are our own (detLog, detExp) because libm
// implementations differ in the last bit. std::sqrt, std::floor and std::ldexp are exact.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#elif defined(_MSC_VER)
#pragma fp_contract(off)
#endif

namespace seg {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("seg::DemoGenerator", text); }

// ---------------------------------------------------------------------------------------------
// Deterministic math

constexpr double kLn2 = 0.6931471805599453;
constexpr double kLn2Hi = 6.93147180369123816490e-01; // Cody-Waite split of ln 2
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.4426950408889634;
constexpr double kSqrt2 = 1.4142135623730951;

/// Natural logarithm of a positive finite x, accurate to about 1e-15, using + - * / only.
double detLog(double x)
{
    auto bits = std::bit_cast<std::uint64_t>(x);
    int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    if (exponent == -1023) { // subnormal: scale into the normal range first
        x *= 18014398509481984.0; // 2^54
        bits = std::bit_cast<std::uint64_t>(x);
        exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023 - 54;
    }
    double m = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    if (m > kSqrt2) {
        m *= 0.5;
        ++exponent;
    }
    // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    return static_cast<double>(exponent) * kLn2 + 2.0 * s * p;
}

/// e^x for x in about [-700, 700] (clamped), relative error about 1e-15, + - * / only.
double detExp(double x)
{
    x = std::clamp(x, -700.0, 700.0);
    const double k = std::floor(x * kInvLn2 + 0.5);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo; // |r| <= 0.35
    double p = 1.0 / 6227020800.0; // 1/13!
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    return std::ldexp(p, static_cast<int>(k));
}

// ---------------------------------------------------------------------------------------------
// Random numbers

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix64(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// Seed of an independent stream: (seed, purpose, index, sub) -> 64 well-mixed bits.
std::uint64_t streamSeed(
    std::uint64_t seed, std::uint64_t purpose, std::uint64_t index, std::uint64_t sub = 0)
{
    std::uint64_t z = mix64(seed ^ (purpose * kGolden));
    z = mix64(z + index * 0xD1B54A32D192ED03ULL);
    return mix64(z + sub * 0xAEF17502108EF2D9ULL);
}

enum Stream : std::uint64_t {
    StreamGlobal = 1,
    StreamCustomer = 2,
    StreamAttributes = 3,
    StreamResponse = 4,
};

/// splitmix64 (Steele, Lea, Flood 2014) plus the few distributions the generator needs.
class Rng {
public:
    explicit Rng(std::uint64_t state)
        : m_state(state)
    {
    }
    std::uint64_t state() const { return m_state; }

    std::uint64_t next()
    {
        m_state += kGolden;
        return mix64(m_state);
    }
    /// Uniform in [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform integer in [0, n), n >= 1 and below 2^53.
    qint64 below(qint64 n)
    {
        const auto v = static_cast<qint64>(uniform() * static_cast<double>(n));
        return std::min(v, n - 1);
    }
    bool chance(double p) { return uniform() < p; }
    /// Standard normal, Marsaglia's polar method.
    double normal()
    {
        for (;;) {
            const double u = 2.0 * uniform() - 1.0;
            const double v = 2.0 * uniform() - 1.0;
            const double s = u * u + v * v;
            if (s > 0.0 && s < 1.0)
                return u * std::sqrt(-2.0 * detLog(s) / s);
        }
    }
    /// Exponential with the given mean.
    double exponential(double mean) { return -mean * detLog(1.0 - uniform()); }
    /// Index drawn with probability proportional to integer weights (sum > 0).
    int pick(std::span<const int> weights)
    {
        qint64 total = 0;
        for (const int w : weights)
            total += w;
        qint64 r = below(total);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i])
                return static_cast<int>(i);
            r -= weights[i];
        }
        return static_cast<int>(weights.size()) - 1;
    }
    template <typename T> const T& element(std::span<const T> items)
    {
        return items[static_cast<std::size_t>(below(static_cast<qint64>(items.size())))];
    }

private:
    std::uint64_t m_state;
};

// ---------------------------------------------------------------------------------------------
// Vocabulary

enum Group : quint8 {
    Regular,
    BigSpender,
    FrequentSmall,
    LapsedLoyalist,
    HolidayOnly,
    Prospect,
    GroupCount
};

constexpr std::array<int, 5> kBuyerGroupWeights = { 60, 8, 12, 10, 10 };
constexpr double kProspectShare = 0.10;

constexpr std::array<std::string_view, 3> kDevices = { "desktop", "mobile", "tablet" };
constexpr std::array<std::array<int, 3>, GroupCount> kDeviceWeights = { {
    { 38, 50, 12 }, // regular
    { 62, 25, 13 }, // big spender
    { 15, 78, 7 }, // frequent small
    { 45, 40, 15 }, // lapsed loyalist
    { 40, 40, 20 }, // holiday only
    { 35, 55, 10 }, // prospect
} };

constexpr std::array<std::string_view, 7> kAcquisitionChannels
    = { "organic search", "paid search", "social", "email", "referral", "affiliate", "direct" };
constexpr std::array<std::array<int, 7>, GroupCount> kAcquisitionWeights = { {
    { 28, 18, 15, 7, 10, 8, 14 },
    { 22, 30, 5, 5, 18, 5, 15 },
    { 18, 12, 35, 10, 12, 5, 8 },
    { 30, 15, 10, 12, 10, 8, 15 },
    { 20, 25, 12, 5, 8, 20, 10 },
    { 22, 15, 28, 5, 5, 15, 10 },
} };

enum Channel : quint8 { Web, App, Store, Phone };
constexpr std::array<std::string_view, 4> kChannels = { "web", "app", "store", "phone" };
// Order channel by device (desktop, mobile, tablet).
constexpr std::array<std::array<int, 4>, 3> kChannelWeights = { {
    { 78, 4, 13, 5 },
    { 32, 55, 11, 2 },
    { 48, 35, 12, 5 },
} };
// Order hour by channel: online peaks at lunch and in the evening, shops and phone lines
// keep opening hours.
constexpr std::array<std::array<int, 24>, 4> kHourWeights = { {
    { 30, 18, 10, 6, 5, 8, 18, 35, 50, 60, 65, 70, 80, 78, 70, 68, 70, 75, 85, 100, 110, 105, 80,
        50 },
    { 35, 20, 10, 5, 4, 8, 22, 45, 55, 55, 58, 62, 80, 75, 62, 60, 66, 75, 90, 105, 118, 115, 90,
        60 },
    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 70, 85, 95, 90, 85, 90, 100, 105, 95, 60, 25, 0, 0, 0 },
    { 0, 0, 0, 0, 0, 0, 0, 0, 30, 70, 90, 85, 60, 70, 85, 80, 70, 50, 25, 10, 0, 0, 0, 0 },
} };

constexpr int kCategoryCount = 8;
constexpr std::array<std::string_view, kCategoryCount> kCategories = { "Electronics", "Fashion",
    "Home & Garden", "Beauty", "Sports & Outdoors", "Books & Media", "Toys & Games", "Groceries" };
// Price level of a category relative to the customer's usual basket.
constexpr std::array<double, kCategoryCount> kCategoryPriceFactor
    = { 1.9, 1.0, 1.3, 0.6, 1.1, 0.5, 0.8, 0.55 };
// Share of purchases that are returned, by category.
constexpr std::array<double, kCategoryCount> kCategoryReturnRate
    = { 0.028, 0.060, 0.024, 0.010, 0.028, 0.010, 0.018, 0.003 };
constexpr std::array<std::array<int, kCategoryCount>, GroupCount> kCategoryWeights = { {
    { 14, 22, 14, 12, 10, 10, 8, 10 },
    { 40, 10, 35, 3, 7, 2, 3, 0 },
    { 2, 10, 5, 25, 5, 13, 5, 35 },
    { 12, 25, 15, 12, 12, 10, 6, 8 },
    { 25, 15, 8, 10, 5, 7, 30, 0 },
    { 14, 22, 14, 12, 10, 10, 8, 10 },
} };

/// Per buying group: order-count propensity, basket and churn.
struct GroupBehaviour {
    double oneTimeShare; ///< share of the group that buys exactly once (weight 0)
    double weightMedian; ///< median relative number of repeat orders
    double weightSigma; ///< log-normal spread of it
    double basketMedian; ///< median of the customer's typical order value
    double basketSigma; ///< log-normal spread of the typical order value across customers
    double orderSigma; ///< log-normal spread of single orders around the typical value
    double churnShare; ///< share that stops buying before the end of the range
    int daysPerOrder; ///< minimum span of the active window per repeat order
};
constexpr std::array<GroupBehaviour, 5> kBehaviour = { {
    { 0.45, 1.0, 1.1, 45.0, 0.55, 0.45, 0.35, 10 },
    { 0.0, 0.12, 0.5, 260.0, 0.35, 0.35, 0.30, 60 },
    { 0.0, 5.0, 0.5, 16.0, 0.35, 0.35, 0.15, 3 },
    { 0.0, 3.0, 0.4, 55.0, 0.40, 0.40, 1.0, 6 },
    { 0.0, 0.35, 0.4, 90.0, 0.40, 0.40, 0.10, 0 },
} };

struct AgeProfile {
    double mean;
    double sigma;
};
constexpr std::array<AgeProfile, GroupCount> kAge = { {
    { 42.0, 14.0 },
    { 51.0, 10.0 },
    { 31.0, 8.0 },
    { 45.0, 13.0 },
    { 47.0, 14.0 },
    { 36.0, 13.0 },
} };
constexpr std::array<double, GroupCount> kIncomeFactor = { 1.0, 1.9, 0.85, 1.1, 1.15, 0.9 };

enum class CampaignKind { Regular, Holiday, WinBack };

/// Response behaviour of a group to one kind of campaign.
struct ResponseRates {
    double respond; ///< P(responded | contacted)
    double convert; ///< P(converted | responded)
    double organic; ///< P(converted) without responding (control, not reached, ignored it)
};
constexpr std::array<std::array<ResponseRates, 3>, GroupCount> kResponse = { {
    { { { 0.07, 0.30, 0.020 }, { 0.09, 0.35, 0.030 }, { 0.05, 0.25, 0.004 } } },
    { { { 0.04, 0.25, 0.010 }, { 0.05, 0.30, 0.015 }, { 0.04, 0.20, 0.003 } } },
    { { { 0.18, 0.45, 0.060 }, { 0.20, 0.50, 0.070 }, { 0.10, 0.35, 0.010 } } },
    { { { 0.08, 0.30, 0.020 }, { 0.09, 0.35, 0.025 }, { 0.16, 0.45, 0.004 } } },
    { { { 0.02, 0.10, 0.003 }, { 0.26, 0.50, 0.050 }, { 0.03, 0.15, 0.002 } } },
    { { { 0.03, 0.0, 0.0 }, { 0.03, 0.0, 0.0 }, { 0.03, 0.0, 0.0 } } },
} };

struct Country {
    std::string_view name;
    int weight;
    double incomeMedian;
    std::span<const std::string_view> cities; // most populous first
    std::span<const std::string_view> female;
    std::span<const std::string_view> male;
    std::span<const std::string_view> last;
};
constexpr std::array<int, 5> kCityRankWeights = { 34, 22, 17, 14, 13 };

constexpr std::string_view kDeCities[]
    = { "Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main" };
constexpr std::string_view kDeFemale[]
    = { "Anna", "Lena", "Laura", "Julia", "Sarah", "Katharina", "Sophie", "Zoë", "Jana", "Hannah" };
constexpr std::string_view kDeMale[] = { "Lukas", "Jonas", "Maximilian", "Felix", "Jürgen",
    "Thomas", "Stefan", "Michael", "Tobias", "Jörg" };
constexpr std::string_view kDeLast[] = { "Müller", "Schmidt", "Schneider", "Fischer", "Weber",
    "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Groß" };
constexpr std::string_view kFrCities[] = { "Paris", "Lyon", "Marseille", "Toulouse", "Nice" };
constexpr std::string_view kFrFemale[]
    = { "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sophie", "Céline", "Hélène" };
constexpr std::string_view kFrMale[]
    = { "Lucas", "Hugo", "Louis", "Théo", "Nicolas", "Julien", "François", "Jérôme", "Antoine" };
constexpr std::string_view kFrLast[] = { "Martin", "Bernard", "Dubois", "Thomas", "Robert",
    "Richard", "Petit", "Durand", "Lefèvre", "Moreau", "Girard", "Bonnet" };
constexpr std::string_view kUkCities[]
    = { "London", "Manchester", "Birmingham", "Leeds", "Glasgow" };
constexpr std::string_view kUkFemale[]
    = { "Olivia", "Emily", "Charlotte", "Amelia", "Jessica", "Sophie", "Hannah", "Grace" };
constexpr std::string_view kUkMale[]
    = { "Oliver", "Jack", "Harry", "George", "James", "William", "Thomas", "Daniel" };
constexpr std::string_view kUkLast[] = { "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies",
    "Evans", "Wilson", "O'Brien", "Thompson", "Walker", "Robinson" };
constexpr std::string_view kNlCities[]
    = { "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven" };
constexpr std::string_view kNlFemale[]
    = { "Emma", "Julia", "Sanne", "Lotte", "Femke", "Anouk", "Iris" };
constexpr std::string_view kNlMale[]
    = { "Daan", "Sem", "Lars", "Bram", "Thijs", "Joost", "Pieter" };
constexpr std::string_view kNlLast[] = { "de Jong", "Jansen", "de Vries", "van den Berg",
    "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer" };
constexpr std::string_view kEsCities[] = { "Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga" };
constexpr std::string_view kEsFemale[]
    = { "Lucía", "María", "Paula", "Carmen", "Sofía", "Laura", "Marta", "Elena" };
constexpr std::string_view kEsMale[]
    = { "José", "Hugo", "Pablo", "Álvaro", "Javier", "Daniel", "Alejandro", "Sergio" };
constexpr std::string_view kEsLast[] = { "García", "Fernández", "González", "Rodríguez", "López",
    "Martínez", "Sánchez", "Pérez", "Núñez", "Jiménez", "Muñoz" };
constexpr std::string_view kItCities[] = { "Roma", "Milano", "Napoli", "Torino", "Firenze" };
constexpr std::string_view kItFemale[]
    = { "Giulia", "Francesca", "Chiara", "Sara", "Martina", "Alessia", "Valentina" };
constexpr std::string_view kItMale[]
    = { "Luca", "Marco", "Alessandro", "Matteo", "Lorenzo", "Andrea", "Niccolò" };
constexpr std::string_view kItLast[] = { "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
    "Romano", "Colombo", "Ricci", "Marino", "Greco", "De Luca" };
constexpr std::string_view kBeCities[] = { "Brussels", "Antwerpen", "Gent", "Charleroi", "Liège" };
constexpr std::string_view kBeFemale[] = { "Emma", "Louise", "Marie", "Elise", "Noor", "Amélie" };
constexpr std::string_view kBeMale[] = { "Noah", "Arthur", "Louis", "Lucas", "Wout", "Maxime" };
constexpr std::string_view kBeLast[] = { "Peeters", "Janssens", "Maes", "Jacobs", "Mertens",
    "Willems", "Claes", "Dubois", "Lambert" };
constexpr std::string_view kAtCities[] = { "Wien", "Graz", "Linz", "Salzburg", "Innsbruck" };
constexpr std::string_view kAtFemale[]
    = { "Anna", "Lena", "Hannah", "Sophia", "Magdalena", "Theresa" };
constexpr std::string_view kAtMale[]
    = { "Lukas", "Tobias", "David", "Florian", "Stefan", "Maximilian" };
constexpr std::string_view kAtLast[] = { "Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner",
    "Moser", "Mayer", "Hofer", "Leitner" };
constexpr std::string_view kChCities[] = { "Zürich", "Genève", "Basel", "Lausanne", "Bern" };
constexpr std::string_view kChFemale[] = { "Mia", "Lea", "Laura", "Nina", "Céline", "Sara" };
constexpr std::string_view kChMale[] = { "Noah", "Luca", "Leon", "Nico", "Reto", "Urs" };
constexpr std::string_view kChLast[] = { "Müller", "Meier", "Schmid", "Keller", "Weber", "Huber",
    "Frei", "Brunner", "Rochat", "Favre" };
constexpr std::string_view kSeCities[]
    = { "Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås" };
constexpr std::string_view kSeFemale[] = { "Alice", "Maja", "Elsa", "Astrid", "Ingrid", "Linnéa" };
constexpr std::string_view kSeMale[] = { "William", "Lucas", "Oscar", "Erik", "Björn", "Anders" };
constexpr std::string_view kSeLast[] = { "Andersson", "Johansson", "Karlsson", "Nilsson",
    "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Öberg" };
constexpr std::string_view kPlCities[] = { "Warszawa", "Kraków", "Wrocław", "Łódź", "Gdańsk" };
constexpr std::string_view kPlFemale[]
    = { "Zuzanna", "Julia", "Maja", "Agnieszka", "Katarzyna", "Małgorzata" };
constexpr std::string_view kPlMale[]
    = { "Jakub", "Antoni", "Piotr", "Krzysztof", "Tomasz", "Paweł" };
constexpr std::string_view kPlLast[] = { "Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk",
    "Kaczmarek", "Zając", "Król", "Wieczorek", "Wróbel", "Dudek" };
constexpr std::string_view kDkCities[] = { "København", "Aarhus", "Odense", "Aalborg", "Esbjerg" };
constexpr std::string_view kDkFemale[] = { "Ida", "Freja", "Emma", "Sofie", "Mette", "Karen" };
constexpr std::string_view kDkMale[] = { "William", "Noah", "Oscar", "Mads", "Søren", "Rasmus" };
constexpr std::string_view kDkLast[] = { "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen",
    "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen" };

constexpr std::array<Country, 12> kCountries = { {
    { "Germany", 22, 47000.0, kDeCities, kDeFemale, kDeMale, kDeLast },
    { "France", 14, 41000.0, kFrCities, kFrFemale, kFrMale, kFrLast },
    { "United Kingdom", 16, 43000.0, kUkCities, kUkFemale, kUkMale, kUkLast },
    { "Netherlands", 7, 49000.0, kNlCities, kNlFemale, kNlMale, kNlLast },
    { "Spain", 9, 31000.0, kEsCities, kEsFemale, kEsMale, kEsLast },
    { "Italy", 9, 33000.0, kItCities, kItFemale, kItMale, kItLast },
    { "Belgium", 4, 45000.0, kBeCities, kBeFemale, kBeMale, kBeLast },
    { "Austria", 4, 46000.0, kAtCities, kAtFemale, kAtMale, kAtLast },
    { "Switzerland", 3, 78000.0, kChCities, kChFemale, kChMale, kChLast },
    { "Sweden", 4, 44000.0, kSeCities, kSeFemale, kSeMale, kSeLast },
    { "Poland", 5, 24000.0, kPlCities, kPlFemale, kPlMale, kPlLast },
    { "Denmark", 3, 55000.0, kDkCities, kDkFemale, kDkMale, kDkLast },
} };
constexpr int kUnitedKingdom = 2;
constexpr auto kCountryWeights = [] {
    std::array<int, kCountries.size()> weights {};
    for (std::size_t i = 0; i < kCountries.size(); ++i)
        weights[i] = kCountries[i].weight;
    return weights;
}();

/// Usual short forms, written as First "Nick" Last by a few customers.
struct Nickname {
    std::string_view name;
    std::string_view nickname;
};
constexpr std::array<Nickname, 16> kNicknames = { {
    { "Maximilian", "Max" },
    { "Katharina", "Kathi" },
    { "Thomas", "Tom" },
    { "Michael", "Mike" },
    { "William", "Will" },
    { "Daniel", "Dan" },
    { "Nicolas", "Nico" },
    { "Alessandro", "Sandro" },
    { "Alejandro", "Álex" },
    { "Magdalena", "Magda" },
    { "Małgorzata", "Gosia" },
    { "Krzysztof", "Krzyś" },
    { "Valentina", "Vale" },
    { "Francesca", "Fra" },
    { "Charlotte", "Lottie" },
    { "Jessica", "Jess" },
} };

std::string_view nicknameOf(std::string_view name)
{
    for (const Nickname& n : kNicknames) {
        if (n.name == name)
            return n.nickname;
    }
    return {};
}

// RFC 2606 reserved names: demo addresses can never reach a real mailbox.
constexpr std::array<std::string_view, 6> kMailDomains = { "example.com", "example.net",
    "example.org", "mail.example", "post.example", "inbox.example" };
constexpr std::array<int, 6> kMailDomainWeights = { 30, 20, 15, 15, 10, 10 };

// ---------------------------------------------------------------------------------------------
// Text output

void appendUnsigned(std::string& out, std::uint64_t value)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0)
        out.push_back(digits[--n]);
}

void appendPadded(std::string& out, std::uint64_t value, int width)
{
    char digits[20];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (int i = n; i < width; ++i)
        out.push_back('0');
    while (n > 0)
        out.push_back(digits[--n]);
}

void appendCents(std::string& out, qint64 cents)
{
    if (cents < 0) {
        out.push_back('-');
        cents = -cents;
    }
    appendUnsigned(out, static_cast<std::uint64_t>(cents / 100));
    out.push_back('.');
    appendPadded(out, static_cast<std::uint64_t>(cents % 100), 2);
}

void appendDate(std::string& out, int year, int month, int day)
{
    appendPadded(out, static_cast<std::uint64_t>(year), 4);
    out.push_back('-');
    appendPadded(out, static_cast<std::uint64_t>(month), 2);
    out.push_back('-');
    appendPadded(out, static_cast<std::uint64_t>(day), 2);
}

/// Appends a CSV field, quoted per RFC 4180 when it holds a comma, quote or line break.
void appendField(std::string& out, std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(text);
        return;
    }
    out.push_back('"');
    for (const char c : text) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void appendYesNo(std::string& out, bool value)
{
    out.append(value ? std::string_view("yes") : std::string_view("no"));
}

int decimalDigits(qint64 value)
{
    int n = 1;
    while (value >= 10) {
        value /= 10;
        ++n;
    }
    return n;
}

qint64 toCents(double value) { return static_cast<qint64>(std::floor(value * 100.0 + 0.5)); }

/// Lower-case ASCII letters for a Latin-1 Supplement or Latin Extended-A code point used in
/// the name lists; empty for anything else.
std::string_view asciiOf(unsigned code)
{
    const unsigned c = (code >= 0xC0 && code <= 0xDE && code != 0xD7) ? code + 0x20 : code;
    if ((c >= 0xE0 && c <= 0xE5) || c == 0x104 || c == 0x105)
        return "a";
    if (c == 0xE6)
        return "ae";
    if (c == 0xE7 || c == 0x106 || c == 0x107)
        return "c";
    if ((c >= 0xE8 && c <= 0xEB) || c == 0x118 || c == 0x119)
        return "e";
    if (c >= 0xEC && c <= 0xEF)
        return "i";
    if (c == 0xF1 || c == 0x143 || c == 0x144)
        return "n";
    if ((c >= 0xF2 && c <= 0xF6) || c == 0xF8)
        return "o";
    if (c >= 0xF9 && c <= 0xFC)
        return "u";
    if (c == 0xFD || c == 0xFF)
        return "y";
    if (c == 0xDF)
        return "ss";
    if (c == 0x141 || c == 0x142)
        return "l";
    if (c == 0x15A || c == 0x15B || c == 0x160 || c == 0x161)
        return "s";
    if (c >= 0x179 && c <= 0x17E)
        return "z";
    return {};
}

/// Lower-case ASCII form of a UTF-8 name for e-mail addresses ("Núñez" -> "nunez"); drops
/// spaces, apostrophes and anything it does not know.
void appendAsciiFolded(std::string& out, std::string_view utf8)
{
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                out.push_back(static_cast<char>(c - 'A' + 'a'));
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                out.push_back(static_cast<char>(c));
            continue;
        }
        if ((c & 0xE0) != 0xC0 || i + 1 >= utf8.size())
            continue; // only two-byte sequences (Latin-1 Supplement, Latin Extended-A) occur
        const unsigned code
            = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
        ++i;
        out.append(asciiOf(code));
    }
}

/// A CSV file written through QSaveFile from a 1 MiB buffer.
class CsvFile {
public:
    explicit CsvFile(const QString& path)
        : m_file(path)
    {
    }

    bool open()
    {
        m_buffer.reserve(kFlushSize + 4096);
        return m_file.open(QIODevice::WriteOnly);
    }
    std::string& buffer() { return m_buffer; }
    /// Writes the buffer out once it is large; false on a write error.
    bool flushIfFull() { return m_buffer.size() < kFlushSize || flush(); }
    bool flush()
    {
        const auto size = static_cast<qint64>(m_buffer.size());
        if (size > 0 && m_file.write(m_buffer.data(), size) != size)
            return false;
        m_buffer.clear();
        return true;
    }
    bool commit() { return flush() && m_file.commit(); }
    QString errorString() const { return m_file.errorString(); }
    QString fileName() const { return m_file.fileName(); }

private:
    static constexpr std::size_t kFlushSize = 1 << 20;
    QSaveFile m_file;
    std::string m_buffer;
};

/// Forwards progress to the job every few thousand work items (a few ms of work).
class Progress {
public:
    Progress(JobContext& job, qint64 total)
        : m_job(job)
        , m_total(std::max<qint64>(total, 1))
    {
    }
    /// Counts `units` items; false once the job is cancelled.
    bool advance(qint64 units = 1)
    {
        m_done += units;
        return m_done - m_reported < kStep || report();
    }
    bool report()
    {
        m_reported = m_done;
        m_job.setProgress(std::min(m_done, m_total), m_total);
        return !m_job.isCancelled();
    }
    void setTotal(qint64 total) { m_total = std::max<qint64>(total, 1); }
    void finish()
    {
        m_done = m_total;
        report();
    }

private:
    static constexpr qint64 kStep = 4096;
    JobContext& m_job;
    qint64 m_total;
    qint64 m_done = 0;
    qint64 m_reported = 0;
};

// ---------------------------------------------------------------------------------------------
// Calendar

constexpr qint64 kSecondsPerDay = 86400;

struct Campaign {
    int day = 0;
    std::string name;
    CampaignKind kind = CampaignKind::Regular;
};

/// Day texts, seasonal day weights and campaign dates of the range.
class Calendar {
public:
    Calendar(QDate first, QDate last)
        : m_days(static_cast<int>(first.daysTo(last)) + 1)
    {
        static constexpr std::array<qint64, 12> monthWeight
            = { 86, 80, 92, 94, 96, 90, 88, 86, 95, 100, 148, 172 };
        static constexpr std::array<qint64, 7> weekdayWeight = { 100, 96, 98, 101, 104, 112, 118 };
        m_dayText.reserve(static_cast<std::size_t>(m_days) * 10);
        m_normal.assign(static_cast<std::size_t>(m_days) + 1, 0);
        m_holiday.assign(static_cast<std::size_t>(m_days) + 1, 0);
        int blackFridayYear = 0;
        QDate thanksgiving;
        for (int d = 0; d < m_days; ++d) {
            const QDate date = first.addDays(d);
            int year = 0;
            int month = 0;
            int day = 0;
            date.getDate(&year, &month, &day);
            appendDate(m_dayText, year, month, day);
            if (year != blackFridayYear) {
                blackFridayYear = year;
                thanksgiving = Calendar::thanksgiving(year);
            }
            const qint64 fromThanksgiving = thanksgiving.daysTo(date);
            qint64 special = 100;
            if (fromThanksgiving == 1)
                special = 320; // Black Friday
            else if (fromThanksgiving == 2)
                special = 170;
            else if (fromThanksgiving == 3)
                special = 150;
            else if (fromThanksgiving == 4)
                special = 230; // Cyber Monday
            else if (month == 12 && day >= 15 && day <= 22)
                special = 120;
            else if (month == 12 && day == 24)
                special = 70;
            else if (month == 12 && day == 25)
                special = 35;
            else if (month == 12 && day == 26)
                special = 60;
            else if (month == 12 && day == 31)
                special = 65;
            else if (month == 1 && day == 1)
                special = 40;
            const qint64 growth = std::min<qint64>(1000 + 150 * qint64(d) / 365, 3000);
            const qint64 weight
                = monthWeight[month - 1] * weekdayWeight[date.dayOfWeek() - 1] * special * growth;
            const bool holiday = (month == 11 && day >= 15) || (month == 12 && day <= 24);
            m_normal[d + 1] = m_normal[d] + weight;
            m_holiday[d + 1] = m_holiday[d] + (holiday ? weight : 0);
        }
        buildCampaigns(first, last);
    }

    int days() const { return m_days; }
    std::string_view dayText(int day) const
    {
        return { m_dayText.data() + static_cast<std::size_t>(day) * 10, 10 };
    }
    const std::vector<qint64>& table(bool holiday) const { return holiday ? m_holiday : m_normal; }
    /// Total weight of days [from, to] in a table.
    static qint64 weight(const std::vector<qint64>& table, int from, int to)
    {
        return table[static_cast<std::size_t>(to) + 1] - table[static_cast<std::size_t>(from)];
    }
    /// The day in [from, to] at which the cumulative weight reaches `offset` (0 <= offset <
    /// weight(from, to)); never a day of weight 0.
    static int dayAt(const std::vector<qint64>& table, int from, qint64 offset)
    {
        const qint64 target = table[static_cast<std::size_t>(from)] + offset;
        const auto it = std::upper_bound(table.begin() + from, table.end(), target);
        return static_cast<int>(it - table.begin()) - 1;
    }
    /// A random day in [from, to] drawn by weight (weight(from, to) > 0).
    static int randomDay(const std::vector<qint64>& table, int from, int to, Rng& rng)
    {
        return dayAt(table, from, rng.below(weight(table, from, to)));
    }
    /// The day at quantile `position` (in [0, 1)) of the weight of [from, to].
    static int quantileDay(const std::vector<qint64>& table, int from, int to, double position)
    {
        const qint64 total = weight(table, from, to);
        const auto offset = static_cast<qint64>(position * static_cast<double>(total));
        return dayAt(table, from, std::clamp<qint64>(offset, 0, total - 1));
    }
    const std::vector<Campaign>& campaigns() const { return m_campaigns; }

private:
    static QDate thanksgiving(int year)
    {
        const QDate first(year, 11, 1);
        const int toThursday = (4 - first.dayOfWeek() + 7) % 7;
        return first.addDays(toThursday + 21);
    }

    void buildCampaigns(QDate first, QDate last)
    {
        struct Template {
            int month;
            int day; // 0: the Tuesday before Black Friday
            std::string_view name;
            CampaignKind kind;
        };
        static constexpr std::array<Template, 8> templates = { {
            { 1, 12, "Winter Sale", CampaignKind::Regular },
            { 3, 14, "Spring Sale", CampaignKind::Regular },
            { 5, 3, "Mother's Day", CampaignKind::Regular },
            { 6, 21, "Summer Sale", CampaignKind::Regular },
            { 9, 6, "Back to School", CampaignKind::Regular },
            { 10, 4, "We Miss You", CampaignKind::WinBack },
            { 11, 0, "Black Friday", CampaignKind::Holiday },
            { 12, 6, "Christmas Gifts", CampaignKind::Holiday },
        } };
        for (int year = first.year(); year <= last.year(); ++year) {
            for (const Template& t : templates) {
                const QDate date
                    = t.day == 0 ? thanksgiving(year).addDays(-2) : QDate(year, t.month, t.day);
                if (date < first || date > last)
                    continue;
                Campaign campaign;
                campaign.day = static_cast<int>(first.daysTo(date));
                appendPadded(campaign.name, static_cast<std::uint64_t>(year), 4);
                campaign.name.push_back('-');
                appendPadded(campaign.name, static_cast<std::uint64_t>(t.month), 2);
                campaign.name.push_back(' ');
                campaign.name.append(t.name);
                campaign.kind = t.kind;
                m_campaigns.push_back(std::move(campaign));
            }
        }
        if (m_campaigns.empty()) { // a short range: one newsletter in the middle
            Campaign campaign;
            campaign.day = m_days / 2;
            const QDate date = first.addDays(campaign.day);
            appendPadded(campaign.name, static_cast<std::uint64_t>(date.year()), 4);
            campaign.name.push_back('-');
            appendPadded(campaign.name, static_cast<std::uint64_t>(date.month()), 2);
            campaign.name.append(" Newsletter");
            m_campaigns.push_back(std::move(campaign));
        }
    }

    int m_days;
    std::string m_dayText;
    std::vector<qint64> m_normal; // cumulative weights, m_normal[d] = sum of days < d
    std::vector<qint64> m_holiday;
    std::vector<Campaign> m_campaigns;
};

// ---------------------------------------------------------------------------------------------
// Customers and their order streams

constexpr qint64 kNoEvent = std::numeric_limits<qint64>::max();

/// Everything kept per customer between the passes: one cache line, as the transaction pass
/// visits the customers in random order.
struct alignas(64) CustomerState {
    std::uint64_t rng = 0; // the customer's own stream, continued from pass to pass
    qint64 nextKey = kNoEvent; // next purchase, seconds since firstDate 00:00:00
    qint64 returnKey = kNoEvent; // pending return
    double position = 0.0; // quantile of the last purchase within the active window
    qint32 rowsLeft = 0; // transaction rows still to write (purchases and a pending return)
    float logBasket = 0.0f; // log of the typical order value
    qint32 returnCents = 0;
    qint32 windowStart = -1; // day of the first purchase; -1 for prospects
    qint32 windowEnd = -1; // last-active day
    qint32 signupDay = 0;
    quint8 group = Regular;
    quint8 device = 0;
    quint8 nextChannel = Web;
    quint8 favourite = 0;
    quint8 returnCategory = 0;
    quint8 returnChannel = Web;
};

int secondOfDay(Rng& rng, int channel)
{
    const int hour = rng.pick(kHourWeights[static_cast<std::size_t>(channel)]);
    return hour * 3600 + static_cast<int>(rng.below(3600));
}

struct HeapEntry {
    qint64 key;
    qint32 index;
};
// Min-heap on (key, index): the pop order is fully determined, whatever the std library.
bool laterEvent(const HeapEntry& a, const HeapEntry& b)
{
    return a.key > b.key || (a.key == b.key && a.index > b.index);
}

class Generator {
public:
    Generator(const DemoOptions& options, const Calendar& calendar)
        : m_options(options)
        , m_calendar(calendar)
        , m_endKey(static_cast<qint64>(calendar.days()) * kSecondsPerDay - 1)
        , m_customerIdWidth(std::max(6, decimalDigits(options.customers)))
    {
    }

    /// Pass 1: who is a prospect, group, device, and the relative number of orders.
    bool assignProfiles(Progress& progress)
    {
        const qint64 count = m_options.customers;
        m_states.resize(static_cast<std::size_t>(count));
        m_weights.assign(static_cast<std::size_t>(count), 0.0);
        const int firstBuyingDay = m_calendar.days() >= 2 ? 1 : 0;
        const bool holidayPossible
            = Calendar::weight(m_calendar.table(true), firstBuyingDay, m_calendar.days() - 1) > 0;
        for (qint64 i = 0; i < count; ++i) {
            CustomerState& state = m_states[static_cast<std::size_t>(i)];
            Rng rng(streamSeed(m_options.seed, StreamCustomer, static_cast<std::uint64_t>(i)));
            if (rng.chance(kProspectShare)) {
                state.group = Prospect;
            } else {
                state.group = static_cast<quint8>(rng.pick(kBuyerGroupWeights));
                if (state.group == HolidayOnly && !holidayPossible)
                    state.group = Regular;
                const GroupBehaviour& b = kBehaviour[state.group];
                double weight = 0.0;
                if (!rng.chance(b.oneTimeShare))
                    weight = b.weightMedian * detExp(b.weightSigma * rng.normal());
                m_weights[static_cast<std::size_t>(i)] = weight;
            }
            state.device = static_cast<quint8>(rng.pick(kDeviceWeights[state.group]));
            state.rng = rng.state();
            if (!progress.advance())
                return false;
        }
        return true;
    }

    /// Splits the transaction rows over the buyers, by weight, with exact total.
    void allocateRows()
    {
        std::size_t buyers = 0;
        for (const CustomerState& s : m_states)
            buyers += s.group != Prospect ? 1 : 0;
        m_totalRows
            = m_options.transactions > 0 ? m_options.transactions : 8 * static_cast<qint64>(buyers);
        if (m_totalRows == 0)
            return;
        if (buyers == 0) { // asked for transactions, but everyone came out a prospect
            m_states[0].group = Regular;
            m_weights[0] = 1.0;
            buyers = 1;
        }
        const bool everyBuyerBuys = m_totalRows >= static_cast<qint64>(buyers);
        const qint64 spread
            = everyBuyerBuys ? m_totalRows - static_cast<qint64>(buyers) : m_totalRows;
        double total = 0.0;
        std::size_t lastBuyer = 0;
        for (std::size_t i = 0; i < m_states.size(); ++i) {
            if (m_states[i].group == Prospect)
                continue;
            if (!everyBuyerBuys)
                m_weights[i] += 1.0;
            total += m_weights[i];
            lastBuyer = i;
        }
        if (total <= 0.0) { // all one-time buyers: spread evenly
            for (std::size_t i = 0; i < m_states.size(); ++i) {
                if (m_states[i].group != Prospect) {
                    m_weights[i] = 1.0;
                    total += 1.0;
                }
            }
        }
        // Systematic sampling: exact total, each share within one row of its expectation.
        Rng rng(streamSeed(m_options.seed, StreamGlobal, 0));
        const double offset = rng.uniform();
        double cumulative = 0.0;
        qint64 previous = 0;
        for (std::size_t i = 0; i < m_states.size(); ++i) {
            CustomerState& state = m_states[i];
            if (state.group == Prospect)
                continue;
            cumulative += m_weights[i];
            qint64 current = i == lastBuyer
                ? spread
                : static_cast<qint64>(
                    std::floor(offset + static_cast<double>(spread) * (cumulative / total)));
            current = std::clamp(current, previous, spread);
            state.rowsLeft = static_cast<qint32>((everyBuyerBuys ? 1 : 0) + (current - previous));
            previous = current;
        }
        m_weights = {};
    }

    /// Pass 2: active window, first purchase, sign-up date, typical basket.
    bool planCustomers(Progress& progress)
    {
        const int days = m_calendar.days();
        const int firstBuyingDay = days >= 2 ? 1 : 0;
        const int lastDay = days - 1;
        const auto& normal = m_calendar.table(false);
        const auto& holiday = m_calendar.table(true);
        for (CustomerState& state : m_states) {
            Rng rng(state.rng);
            if (state.group == Prospect || state.rowsLeft == 0) {
                state.signupDay = Calendar::randomDay(normal, 0, lastDay, rng);
                if (state.group != Prospect) // a buyer who got no rows (tiny transaction counts)
                    state.logBasket
                        = static_cast<float>(detLog(kBehaviour[state.group].basketMedian));
                state.rng = rng.state();
                if (!progress.advance())
                    return false;
                continue;
            }
            const GroupBehaviour& b = kBehaviour[state.group];
            const qint64 repeats = qint64(state.rowsLeft) - 1;
            const int available = lastDay - firstBuyingDay;
            const int minSpan = static_cast<int>(
                std::min<qint64>(available, repeats * static_cast<qint64>(b.daysPerOrder)));
            int start = firstBuyingDay;
            int end = lastDay;
            switch (state.group) {
            case LapsedLoyalist: {
                const int lapseEnd = firstBuyingDay + available * 55 / 100;
                const int span = std::min(minSpan, lapseEnd - firstBuyingDay);
                const int latestStart = std::max(firstBuyingDay,
                    std::min(firstBuyingDay + available * 30 / 100, lapseEnd - span));
                start = Calendar::randomDay(normal, firstBuyingDay, latestStart, rng);
                end = std::clamp(
                    start + span + static_cast<int>(rng.exponential(60.0)), start, lapseEnd);
                break;
            }
            case HolidayOnly:
                start = Calendar::randomDay(holiday, firstBuyingDay, lastDay, rng);
                if (rng.chance(b.churnShare))
                    end = std::min(lastDay, start + 365 + static_cast<int>(rng.exponential(200.0)));
                break;
            default:
                start = Calendar::randomDay(normal, firstBuyingDay, lastDay - minSpan, rng);
                if (rng.chance(b.churnShare))
                    end = std::min(
                        lastDay, start + minSpan + static_cast<int>(rng.exponential(240.0)));
                break;
            }
            state.windowStart = start;
            state.windowEnd = end;
            const int gap = 1 + static_cast<int>(std::min(rng.exponential(20.0), 400.0));
            state.signupDay = std::max(0, start - gap);
            state.logBasket
                = static_cast<float>(detLog(b.basketMedian) + b.basketSigma * rng.normal());
            state.favourite = static_cast<quint8>(rng.pick(kCategoryWeights[state.group]));
            state.nextChannel = static_cast<quint8>(rng.pick(kChannelWeights[state.device]));
            state.nextKey
                = static_cast<qint64>(start) * kSecondsPerDay + secondOfDay(rng, state.nextChannel);
            state.rng = rng.state();
            if (!progress.advance())
                return false;
        }
        return true;
    }

    void appendCustomerId(std::string& out, qint64 index) const
    {
        out.push_back('C');
        appendPadded(out, static_cast<std::uint64_t>(index + 1), m_customerIdWidth);
    }

    /// Pass 3: customers.csv.
    bool writeCustomers(CsvFile& file, Progress& progress)
    {
        std::string& out = file.buffer();
        out.append("customer_id,name,email,gender,birth_date,country,city,device,"
                   "acquisition_channel,signup_date,income\n");
        const QDate first = m_options.firstDate;
        const QDate last = m_options.lastDate;
        const qint64 lastJulian = last.toJulianDay();
        const qint64 oldestBirth = last.addYears(-86).addDays(1).toJulianDay();
        std::string name;
        for (qint64 i = 0; i < static_cast<qint64>(m_states.size()); ++i) {
            const CustomerState& state = m_states[static_cast<std::size_t>(i)];
            Rng rng(streamSeed(m_options.seed, StreamAttributes, static_cast<std::uint64_t>(i)));
            const int countryIndex = rng.pick(kCountryWeights);
            const Country& country = kCountries[static_cast<std::size_t>(countryIndex)];
            const double genderDraw = rng.uniform();
            const bool unknownGender = genderDraw < 0.03;
            const bool female = unknownGender ? rng.chance(0.5) : genderDraw < 0.515;
            const std::string_view firstName = rng.element(female ? country.female : country.male);
            const std::string_view lastName = rng.element(country.last);

            // Name, sometimes in a form that needs CSV quoting.
            name.clear();
            const double style = rng.uniform();
            if (style < 0.012) {
                name.append(lastName).append(", ").append(firstName);
            } else if (style < 0.016 && countryIndex == kUnitedKingdom && !female) {
                name.append(firstName).append(" ").append(lastName).append(", Jr.");
            } else if (style < 0.07 && !nicknameOf(firstName).empty()) {
                name.append(firstName).append(" \"").append(nicknameOf(firstName)).append("\" ");
                name.append(lastName);
            } else {
                name.append(firstName).append(" ").append(lastName);
            }

            // Age at lastDate, kept to 18+ at sign-up and at most 85 on lastDate.
            const AgeProfile& age = kAge[state.group];
            const double years = std::clamp(age.mean + age.sigma * rng.normal(), 18.0, 86.0);
            const qint64 signupJulian = first.toJulianDay() + state.signupDay;
            const qint64 youngestBirth
                = QDate::fromJulianDay(signupJulian).addYears(-18).toJulianDay();
            qint64 birth = lastJulian - static_cast<qint64>(std::floor(years * 365.2425));
            birth = std::min(std::max(birth, oldestBirth), youngestBirth);
            int birthYear = 0;
            int birthMonth = 0;
            int birthDay = 0;
            QDate::fromJulianDay(birth).getDate(&birthYear, &birthMonth, &birthDay);

            appendCustomerId(out, i);
            out.push_back(',');
            appendField(out, name);
            out.push_back(',');
            appendEmail(out, rng, firstName, lastName, birthYear);
            out.push_back(',');
            out.append(unknownGender ? "unknown" : female ? "female" : "male");
            out.push_back(',');
            appendDate(out, birthYear, birthMonth, birthDay);
            out.push_back(',');
            appendField(out, country.name);
            out.push_back(',');
            appendField(out, country.cities[static_cast<std::size_t>(rng.pick(kCityRankWeights))]);
            out.push_back(',');
            out.append(kDevices[state.device]);
            out.push_back(',');
            out.append(kAcquisitionChannels[static_cast<std::size_t>(
                rng.pick(kAcquisitionWeights[state.group]))]);
            out.push_back(',');
            out.append(m_calendar.dayText(state.signupDay));
            out.push_back(',');
            if (!rng.chance(0.03)) {
                const double ageFactor = 0.7 + 0.3 * std::min(1.0, (years - 18.0) / 25.0);
                const double income = country.incomeMedian * kIncomeFactor[state.group] * ageFactor
                    * detExp(0.45 * rng.normal());
                appendUnsigned(
                    out, static_cast<std::uint64_t>(std::floor(income / 100.0 + 0.5)) * 100);
            }
            out.push_back('\n');
            if (!file.flushIfFull())
                return false;
            if (!progress.advance()) {
                m_cancelled = true;
                return false;
            }
        }
        return true;
    }

    /// Pass 4: transactions.csv, all customers' order streams merged in time order.
    bool writeTransactions(CsvFile& file, Progress& progress)
    {
        std::string& out = file.buffer();
        out.append("order_id,customer_id,order_date,amount,category,channel\n");
        const int orderIdWidth = std::max(7, decimalDigits(m_totalRows));
        // Every customer with rows left has exactly one pending event (the next purchase or
        // return), filed under its day; each day is then merged through a small heap.
        std::vector<std::vector<HeapEntry>> days(static_cast<std::size_t>(m_calendar.days()));
        for (std::size_t i = 0; i < m_states.size(); ++i) {
            const qint64 key = m_states[i].nextKey;
            if (key != kNoEvent)
                days[static_cast<std::size_t>(key / kSecondsPerDay)].push_back(
                    { key, static_cast<qint32>(i) });
        }
        qint64 orderNumber = 0;
        std::vector<HeapEntry> heap;
        for (std::size_t today = 0; today < days.size(); ++today) {
            heap.swap(days[today]);
            std::vector<HeapEntry>().swap(days[today]);
            std::make_heap(heap.begin(), heap.end(), laterEvent);
            while (!heap.empty()) {
                std::pop_heap(heap.begin(), heap.end(), laterEvent);
                const HeapEntry event = heap.back();
                heap.pop_back();
#if defined(__GNUC__) || defined(__clang__)
                // The likely next customer: fetch its state while this row is written.
                if (!heap.empty())
                    __builtin_prefetch(&m_states[static_cast<std::size_t>(heap.front().index)]);
#endif
                CustomerState& state = m_states[static_cast<std::size_t>(event.index)];
                Rng rng(state.rng);

                ++orderNumber;
                out.push_back('O');
                appendPadded(out, static_cast<std::uint64_t>(orderNumber), orderIdWidth);
                out.push_back(',');
                appendCustomerId(out, event.index);
                out.push_back(',');
                const qint64 key = event.key;
                const auto day = static_cast<int>(key / kSecondsPerDay);
                const auto second = static_cast<int>(key % kSecondsPerDay);
                out.append(m_calendar.dayText(day));
                out.push_back(' ');
                appendPadded(out, static_cast<std::uint64_t>(second / 3600), 2);
                out.push_back(':');
                appendPadded(out, static_cast<std::uint64_t>(second / 60 % 60), 2);
                out.push_back(':');
                appendPadded(out, static_cast<std::uint64_t>(second % 60), 2);
                out.push_back(',');
                --state.rowsLeft;

                if (state.returnKey != kNoEvent && state.returnKey <= state.nextKey) {
                    appendCents(out, -static_cast<qint64>(state.returnCents));
                    out.push_back(',');
                    out.append(kCategories[state.returnCategory]);
                    out.push_back(',');
                    out.append(kChannels[state.returnChannel]);
                    state.returnKey = kNoEvent;
                } else {
                    const GroupBehaviour& b = kBehaviour[state.group];
                    const int category = rng.chance(0.6) ? state.favourite
                                                         : rng.pick(kCategoryWeights[state.group]);
                    const double value = detExp(state.logBasket + b.orderSigma * rng.normal())
                        * kCategoryPriceFactor[static_cast<std::size_t>(category)];
                    const qint64 cents = toCents(std::clamp(value, 0.99, 20000.0));
                    appendCents(out, cents);
                    out.push_back(',');
                    out.append(kCategories[static_cast<std::size_t>(category)]);
                    out.push_back(',');
                    out.append(kChannels[state.nextChannel]);
                    if (state.returnKey == kNoEvent && state.rowsLeft >= 1
                        && rng.chance(kCategoryReturnRate[static_cast<std::size_t>(category)])) {
                        const qint64 returned = rng.chance(0.75)
                            ? cents
                            : std::max<qint64>(1, cents * (20 + rng.below(61)) / 100);
                        const int delay
                            = 2 + static_cast<int>(std::min(rng.exponential(8.0), 43.0));
                        const qint64 returnKey = static_cast<qint64>(day + delay) * kSecondsPerDay
                            + secondOfDay(rng, state.nextChannel);
                        state.returnKey = std::max(key, std::min(returnKey, m_endKey));
                        state.returnCents = static_cast<qint32>(returned);
                        state.returnCategory = static_cast<quint8>(category);
                        state.returnChannel = state.nextChannel;
                    }
                    scheduleNextPurchase(state, rng, key);
                }
                out.push_back('\n');
                state.rng = rng.state();

                const qint64 next = std::min(state.nextKey, state.returnKey);
                if (next != kNoEvent) {
                    const auto nextDay = static_cast<std::size_t>(next / kSecondsPerDay);
                    if (nextDay == today) {
                        heap.push_back({ next, event.index });
                        std::push_heap(heap.begin(), heap.end(), laterEvent);
                    } else {
                        days[nextDay].push_back({ next, event.index });
                    }
                }
                if (!file.flushIfFull())
                    return false;
                if (!progress.advance()) {
                    m_cancelled = true;
                    return false;
                }
            }
        }
        m_writtenRows = orderNumber;
        return true;
    }

    /// Pass 5: responses.csv, campaign by campaign.
    bool writeResponses(CsvFile& file, Progress& progress)
    {
        std::string& out = file.buffer();
        out.append("customer_id,campaign,date,contacted,responded,converted,revenue,control\n");
        const auto& campaigns = m_calendar.campaigns();
        qint64 regularCampaigns = 0;
        for (const Campaign& c : campaigns)
            regularCampaigns += c.kind != CampaignKind::WinBack ? 1 : 0;
        const double targetShare
            = std::min(1.0, 4.0 / static_cast<double>(std::max<qint64>(regularCampaigns, 1)));
        for (std::size_t c = 0; c < campaigns.size(); ++c) {
            const Campaign& campaign = campaigns[c];
            const bool winBack = campaign.kind == CampaignKind::WinBack;
            const double share = winBack ? 0.6 : targetShare;
            for (qint64 i = 0; i < static_cast<qint64>(m_states.size()); ++i) {
                if (!progress.advance()) {
                    m_cancelled = true;
                    return false;
                }
                const CustomerState& state = m_states[static_cast<std::size_t>(i)];
                if (state.signupDay > campaign.day)
                    continue;
                const bool buyer = state.windowStart >= 0;
                if (winBack
                    && (!buyer || state.windowEnd + 180 >= campaign.day
                        || state.windowStart + 180 >= campaign.day))
                    continue;
                Rng rng(
                    streamSeed(m_options.seed, StreamResponse, static_cast<std::uint64_t>(i), c));
                if (!rng.chance(share))
                    continue;
                ResponseRates rates
                    = kResponse[state.group][static_cast<std::size_t>(campaign.kind)];
                if (buyer && !winBack && state.windowEnd < campaign.day) { // churned by now
                    rates.respond *= 0.6;
                    rates.convert *= 0.7;
                    rates.organic *= 0.1;
                } else if (buyer && state.windowStart > campaign.day) { // not bought yet
                    rates.respond *= 0.8;
                    rates.convert *= 0.5;
                    rates.organic *= 0.3;
                }
                const bool control = rng.chance(0.10);
                const bool contacted = !control && rng.chance(0.96);
                const bool responded = contacted && rng.chance(rates.respond);
                const bool converted
                    = buyer && rng.chance(responded ? rates.convert : rates.organic);

                appendCustomerId(out, i);
                out.push_back(',');
                appendField(out, campaign.name);
                out.push_back(',');
                out.append(m_calendar.dayText(campaign.day));
                out.push_back(',');
                appendYesNo(out, contacted);
                out.push_back(',');
                appendYesNo(out, responded);
                out.push_back(',');
                appendYesNo(out, converted);
                out.push_back(',');
                if (converted) {
                    const double factor = campaign.kind == CampaignKind::Holiday ? 1.25 : 1.0;
                    const double value = detExp(state.logBasket + 0.35 * rng.normal()) * factor;
                    appendCents(out, toCents(std::clamp(value, 0.99, 20000.0)));
                }
                out.push_back(',');
                appendYesNo(out, control);
                out.push_back('\n');
                ++m_responseRows;
                if (!file.flushIfFull())
                    return false;
            }
        }
        return true;
    }

    bool cancelled() const { return m_cancelled; }
    qint64 totalRows() const { return m_totalRows; }
    qint64 writtenRows() const { return m_writtenRows; }
    qint64 responseRows() const { return m_responseRows; }

private:
    static void appendEmail(std::string& out, Rng& rng, std::string_view firstName,
        std::string_view lastName, int birthYear)
    {
        const double pattern = rng.uniform();
        if (pattern < 0.45) {
            appendAsciiFolded(out, firstName);
            out.push_back('.');
            appendAsciiFolded(out, lastName);
        } else if (pattern < 0.65) {
            appendAsciiFolded(out, firstName);
            out.push_back('.');
            appendAsciiFolded(out, lastName);
            appendPadded(out, static_cast<std::uint64_t>(rng.below(100)), 2);
        } else if (pattern < 0.80) {
            const std::size_t mark = out.size();
            appendAsciiFolded(out, firstName);
            out.resize(std::min(out.size(), mark + 1));
            appendAsciiFolded(out, lastName);
            appendUnsigned(out, static_cast<std::uint64_t>(rng.below(1000)));
        } else if (pattern < 0.92) {
            appendAsciiFolded(out, firstName);
            out.push_back('_');
            appendAsciiFolded(out, lastName);
            appendPadded(out, static_cast<std::uint64_t>(birthYear % 100), 2);
        } else {
            appendAsciiFolded(out, lastName);
            out.push_back('.');
            appendAsciiFolded(out, firstName);
        }
        out.push_back('@');
        out.append(kMailDomains[static_cast<std::size_t>(rng.pick(kMailDomainWeights))]);
    }

    /// Next purchase: the next of the remaining purchases, as order statistics of uniform
    /// quantiles of the window's seasonal weight, drawn in increasing order.
    void scheduleNextPurchase(CustomerState& state, Rng& rng, qint64 lastPurchase) const
    {
        const qint64 purchasesLeft = qint64(state.rowsLeft) - (state.returnKey != kNoEvent ? 1 : 0);
        if (purchasesLeft <= 0) {
            state.nextKey = kNoEvent;
            return;
        }
        // The minimum of k uniforms on (p, 1) is p + (1 - p)(1 - V^(1/k)).
        const double v = 1.0 - rng.uniform();
        const double step = 1.0 - detExp(detLog(v) / static_cast<double>(purchasesLeft));
        state.position = std::min(state.position + (1.0 - state.position) * step, 1.0);
        const auto& table = m_calendar.table(state.group == HolidayOnly);
        const int day
            = Calendar::quantileDay(table, state.windowStart, state.windowEnd, state.position);
        state.nextChannel = static_cast<quint8>(rng.pick(kChannelWeights[state.device]));
        qint64 key
            = static_cast<qint64>(day) * kSecondsPerDay + secondOfDay(rng, state.nextChannel);
        if (key <= lastPurchase) // several orders on one day: keep them apart and in order
            key = lastPurchase + 60 + rng.below(3540);
        state.nextKey = std::min(key, m_endKey);
    }

    const DemoOptions& m_options;
    const Calendar& m_calendar;
    const qint64 m_endKey;
    const int m_customerIdWidth;
    std::vector<CustomerState> m_states;
    std::vector<double> m_weights;
    qint64 m_totalRows = 0;
    qint64 m_writtenRows = 0;
    qint64 m_responseRows = 0;
    bool m_cancelled = false;
};

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, tr("Generating the demo data was cancelled."));
}

Error writeError(const CsvFile& file)
{
    return makeError(ErrorCode::Io,
        tr("Cannot write %1: %2")
            .arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
}

} // namespace

DemoGenerator::DemoGenerator(DemoOptions options)
    : m_options(options)
{
}

Result<DemoSummary> DemoGenerator::writeCsv(const QString& directory, JobContext& job) const
{
    const DemoOptions& o = m_options;
    if (o.customers < 0 || o.customers > 10'000'000)
        return makeError(
            ErrorCode::Usage, tr("The number of customers must be between 0 and 10,000,000."));
    if (o.transactions < 0 || o.transactions > 1'000'000'000)
        return makeError(ErrorCode::Usage,
            tr("The number of transactions must be between 0 and 1,000,000,000."));
    if (o.transactions > 0 && o.customers == 0)
        return makeError(ErrorCode::Usage, tr("Transactions need at least one customer."));
    if (!o.firstDate.isValid() || !o.lastDate.isValid() || o.lastDate < o.firstDate)
        return makeError(ErrorCode::Usage,
            tr("The last date of the demo data must be on or after the first date."));
    if (o.firstDate.year() < 1900 || o.lastDate.year() > 9999)
        return makeError(
            ErrorCode::Usage, tr("The demo data dates must lie between the years 1900 and 9999."));
    if (o.firstDate.daysTo(o.lastDate) >= 36525)
        return makeError(ErrorCode::Usage, tr("The demo data can cover at most 100 years."));

    const QDir dir(directory);
    if (directory.isEmpty() || !dir.mkpath(QStringLiteral(".")))
        return makeError(ErrorCode::Io,
            tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(directory)));
    const QStringList names = { QStringLiteral("customers.csv"), QStringLiteral("transactions.csv"),
        QStringLiteral("responses.csv") };
    std::array<std::unique_ptr<CsvFile>, 3> files;
    QStringList paths;
    for (std::size_t i = 0; i < files.size(); ++i) {
        paths.append(dir.absoluteFilePath(names[static_cast<qsizetype>(i)]));
        files[i] = std::make_unique<CsvFile>(paths.last());
        if (!files[i]->open())
            return writeError(*files[i]);
    }

    const Calendar calendar(o.firstDate, o.lastDate);
    Generator generator(o, calendar);
    // Work items: three passes over the customers, the transaction rows (exact once they are
    // allocated, estimated before) and the (campaign, customer) candidates of responses.csv.
    const qint64 otherWork
        = 3 * o.customers + static_cast<qint64>(calendar.campaigns().size()) * o.customers;
    Progress progress(job, otherWork + (o.transactions > 0 ? o.transactions : 7 * o.customers));
    if (!progress.report())
        return cancelledError();

    if (!generator.assignProfiles(progress))
        return cancelledError();
    generator.allocateRows();
    progress.setTotal(otherWork + generator.totalRows());
    if (!generator.planCustomers(progress))
        return cancelledError();
    if (!generator.writeCustomers(*files[0], progress))
        return generator.cancelled() ? cancelledError() : writeError(*files[0]);
    if (!generator.writeTransactions(*files[1], progress))
        return generator.cancelled() ? cancelledError() : writeError(*files[1]);
    if (!generator.writeResponses(*files[2], progress))
        return generator.cancelled() ? cancelledError() : writeError(*files[2]);
    if (job.isCancelled())
        return cancelledError();

    // Replace the files only now, all three together as far as the file system allows.
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!files[i]->commit()) {
            const Error error = writeError(*files[i]);
            for (std::size_t j = 0; j < i; ++j)
                QFile::remove(paths[static_cast<qsizetype>(j)]);
            return error;
        }
    }
    progress.finish();

    DemoSummary summary;
    summary.customers = o.customers;
    summary.transactions = generator.writtenRows();
    summary.responses = generator.responseRows();
    summary.files = paths;
    return summary;
}

} // namespace seg
