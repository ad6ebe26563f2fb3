#pragma once

#include "importoptions.h"

#include <QString>
#include <QtGlobal>

/// Workspaces for the GUI tests, built the way the command-line import builds them (so tests do
/// not depend on the import wizard). Every function runs synchronously on the calling thread.
namespace seg::test {

/// Imports the CSV file `csv` as `kind` with detected settings into the workspace at `workspace`
/// (created when missing). Returns an empty string, or the message of the first failure.
QString importCsv(const QString& workspace, const QString& csv, seg::DataKind kind);

/// A seeded demo data set imported into a new workspace.
struct DemoWorkspace {
    QString path; ///< the workspace file
    QString dataDir; ///< the folder with customers.csv, transactions.csv and responses.csv
    QString error; ///< empty on success

    QString customersCsv() const;
    QString transactionsCsv() const;
};

/// Writes the demo data set of `customers` customers (DemoGenerator, seed `seed`) to
/// `dir`/demo and imports its customers and transactions into `dir`/`fileName`.
DemoWorkspace createDemoWorkspace(const QString& dir, qint64 customers, quint64 seed,
    const QString& fileName = QStringLiteral("demo.segws"));

} // namespace seg::test
