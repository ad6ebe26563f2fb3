#pragma once

#include "columntype.h"
#include "csvdialect.h"
#include "dateformat.h"
#include "role.h"
#include "valueparser.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace seg {

/// How an import treats the table it writes to.
enum class ImportMode {
    New, ///< the table must be missing or empty
    Append, ///< rows are added; new columns are added to the table
    Replace, ///< the table's rows and columns are replaced by the file's
};
QString importModeName(ImportMode mode);
std::optional<ImportMode> importModeFromName(const QString& name);

/// What the user chose for one column; unset fields keep what was detected.
struct ColumnChoice {
    std::optional<ColumnType> type;
    std::optional<Role> role;
    std::optional<QString> name;
    bool skip = false;
};

/// Everything a user can set for an import. Unset optionals are detected from the file.
struct ImportOptions {
    DataKind kind = DataKind::Transactions;
    ImportMode mode = ImportMode::New;
    std::optional<TextEncoding> encoding;
    std::optional<char> delimiter;
    std::optional<bool> hasHeader;
    std::optional<char> decimal;
    std::optional<char> thousands; ///< '\0' for none
    std::optional<DateOrder> dateOrder; ///< applies to every date column
    /// Per source column (header text as in the file, or its cleaned name).
    QHash<QString, ColumnChoice> columns;
    /// Number the rows (customer id = line number) when the file has no id column.
    bool generateIds = false;
    /// Records sampled to detect types (the preview shows the first 200 of them).
    int sampleRecords = 5000;

    /// Settings as JSON, stored with each import and printed by `segwb import --json`.
    QJsonObject toJson() const;
};

/// The decision for one column of the file.
struct ColumnPlan {
    int sourceIndex = 0; ///< field position in the file
    QString source; ///< header text (or "column N" without header)
    QString name; ///< column name in the workspace table
    ColumnType type = ColumnType::Text;
    Role role = Role::None;
    std::optional<DateOrder> dateOrder;
    bool skip = false;
    // What detection found, for the wizard and the summary.
    ColumnType detectedType = ColumnType::Text;
    Role detectedRole = Role::None;
    double missingShare = 0;
    double failShare = 0; ///< share of sampled values that do not parse as `type`
    QStringList samples; ///< first distinct non-missing values (up to 3)
    QStringList warnings; ///< plain-text remarks (ambiguous dates, mostly empty...)
};

/// How a file will be read and stored: the result of Importer::plan(), editable before run().
struct ImportPlan {
    QString filePath;
    qint64 fileSize = 0;
    DataKind kind = DataKind::Transactions;
    CsvDialect dialect;
    NumberFormat numberFormat;
    bool encodingDetected = true;
    bool delimiterDetected = true;
    bool headerDetected = true;
    bool numberFormatDetected = true;
    int fieldCount = 0;
    QList<ColumnPlan> columns;
    /// amount = quantity × unit price (no amount column, both others present).
    bool computeAmount = false;
    bool generateIds = false;
    /// Responses without a campaign column get this campaign name (the file's base name).
    QString defaultCampaign;
    QList<QStringList> preview; ///< first records as parsed (up to 200)
    qint64 previewFirstLine = 1; ///< physical line of preview[0]
    QStringList notes; ///< what was detected and why, in plain words

    /// Index into columns of the column with this role, or -1.
    int columnWithRole(Role role) const;
    QJsonObject toJson() const;
};

} // namespace seg
