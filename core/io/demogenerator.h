#pragma once

#include "result.h"

#include <QDate>
#include <QString>
#include <QStringList>

namespace seg {

class JobContext;

/// Parameters of DemoGenerator. Same options (seed included) => byte-identical files.
struct DemoOptions {
    /// Rows of customers.csv, 0 to 10,000,000.
    qint64 customers = 1000;
    /// 0 = exactly 8 rows per buying customer; otherwise exactly this many rows of
    /// transactions.csv (purchases and returns together), at most 1,000,000,000.
    qint64 transactions = 0;
    /// Seed of every random choice.
    quint64 seed = 42;
    /// First day of the history (orders, sign-ups, campaigns); year 1900 or later.
    QDate firstDate = QDate(2022, 1, 1);
    /// Last day of the history, inclusive; on or after firstDate, at most 100 years later,
    /// year 9999 or earlier.
    QDate lastDate = QDate(2024, 12, 31);
};

/// What DemoGenerator::writeCsv() wrote.
struct DemoSummary {
    qint64 customers = 0; ///< data rows of customers.csv
    qint64 transactions = 0; ///< data rows of transactions.csv (purchases and returns)
    qint64 responses = 0; ///< data rows of responses.csv
    QStringList files; ///< absolute paths: customers.csv, transactions.csv, responses.csv
};

/// Writes a seeded, deterministic, realistic demo data set for trying out the workbench.
///
/// Determinism: all randomness comes from a private splitmix64 generator (one independent
/// stream per customer, and per customer and campaign), with home-made normal / exponential
/// / log-normal draws and log/exp built from + - * / only (no <random> distributions, no
/// libm transcendental functions) and floating-point contraction switched off, so the same
/// options give byte-identical files with any compiler and standard library on IEEE-754
/// platforms (not with -ffast-math or x87 excess precision).
///
/// Files (UTF-8 without BOM, LF line ends, comma-separated, header row, RFC 4180 quoting
/// where a field holds a comma, quote or line break):
/// - customers.csv: customer_id (C000001...), name, email (only RFC 2606 reserved domains
///   such as example.com, so no real mailbox is ever addressed), gender (female / male /
///   unknown), birth_date (18 or older at sign-up, at most 85 on lastDate), country (12
///   European countries, weighted), city (of that country), device (desktop / mobile /
///   tablet), acquisition_channel, signup_date (strictly before the first order when the
///   range has two days or more), income (integer, log-normal by country, about 3 % empty).
///   Names follow the country; some are non-ASCII ("Zoë Müller", "José Núñez"), about 1.5 %
///   contain a comma ("Müller, Anna", "Jack Smith, Jr.") and a few contain quotes
///   (Maximilian "Max" Weber), so they need quoting.
/// - transactions.csv: order_id (O0000001..., in order of order_date), customer_id,
///   order_date (YYYY-MM-DD HH:MM:SS, non-decreasing), amount (2 decimals; about 2 % of the
///   rows are returns: a negative amount, full or partial, 2 to 45 days after a purchase of
///   the same customer, same category and channel), category (8), channel (web / app /
///   store / phone; the time of day depends on the channel).
/// - responses.csv: customer_id, campaign ("2024-03 Spring Sale"; 8 campaigns a year),
///   date, contacted, responded, converted, revenue (empty unless converted), control
///   (about 10 % hold-out: never contacted, so they only convert organically). Each campaign
///   targets a random share of the customers signed up by then; the "We Miss You" win-back
///   targets customers inactive for 180 days. It is an attributed campaign log: converted
///   rows are not tied to rows of transactions.csv.
///
/// Realism: about 10 % prospects (signed up, never buy); a long-tailed number of orders
/// (about a third of the buyers buy once, a few buy very often); log-normal spend per
/// customer and per order; seasonality (November and December peaks, Black Friday and
/// Cyber Monday spikes, quiet Christmas days, more orders at weekends, slow growth); churn
/// (many customers have a last-active date after which they buy nothing).
///
/// Planted behaviour groups (shares of the buying customers), meant to be found again by
/// RFM, clustering and profiles:
/// - Regular (60 %): median basket about 45, about half of them buy once, some churn.
/// - Big spenders, few orders (8 %): 1-3 orders of about 250-500 (electronics, home), mostly
///   desktop, paid search and referral, older, income about twice the country median;
///   campaigns barely change their behaviour (low lift).
/// - Frequent small baskets (12 %): about three times the average number of orders, baskets of
///   about 10-20 (groceries, beauty, books), mostly mobile and the app, younger, social
///   media; respond best to campaigns and convert most.
/// - Lapsed former loyalists (10 %): joined in the first third of the range, ordered often,
///   then stopped before 55 % of the range had passed; the win-back campaign works best
///   on them (high lift, almost no organic conversion).
/// - Holiday-only shoppers (10 %): order only between 15 November and 24 December (toys,
///   electronics, gifts); respond strongly to the Black Friday and Christmas campaigns and
///   hardly to the rest. (Regular customers instead when the range holds no such days.)
///
/// Thread-safety: writeCsv() is const and reentrant; run it in a job, never in the GUI thread.
class DemoGenerator {
public:
    explicit DemoGenerator(DemoOptions options);

    /// Writes customers.csv, transactions.csv and responses.csv into `directory` (created if
    /// missing), streaming (memory about 100 bytes per customer, independent of the number of
    /// transactions). The files are written through QSaveFile and replaced only when all
    /// three are complete: a cancelled or failed run leaves no partial file and keeps older
    /// files. Progress units are work items (customers, rows, candidate responses); polls
    /// `job` every few milliseconds and returns ErrorCode::Cancelled when cancelled, Usage for
    /// invalid options, Io when a file cannot be written.
    Result<DemoSummary> writeCsv(const QString& directory, JobContext& job) const;

    /// The options given to the constructor.
    const DemoOptions& options() const { return m_options; }

private:
    DemoOptions m_options;
};

} // namespace seg
