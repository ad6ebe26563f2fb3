#pragma once

#include "importoptions.h"
#include "workspace.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace seg {

/// Outcome of an import. rowsRead == rowsImported + rowsRejected always holds; blank lines are
/// not rows and are counted apart.
struct ImportReport {
    qint64 importId = 0;
    QString table;
    qint64 rowsRead = 0;
    qint64 rowsImported = 0;
    qint64 rowsRejected = 0;
    qint64 blankLines = 0;
    qint64 bytes = 0;
    double seconds = 0;
    QStringList warnings;
    /// The first rejected rows (all of them are in the workspace's rejected_rows table).
    QList<RejectedRow> firstRejected;
    ImportPlan plan;

    QJsonObject toJson() const;
};

} // namespace seg
