#pragma once

#include "importoptions.h"
#include "importreport.h"
#include "jobcontext.h"
#include "result.h"

namespace seg {

class Workspace;

/// Reads customer, transaction and campaign-response files into a workspace.
///
/// plan() looks at the file (encoding, delimiter, header, number and date formats, column types
/// and roles) and returns an ImportPlan that a user may change; run() streams the whole file
/// into the workspace in one transaction: every value is checked against its column's type, each
/// row that cannot be stored is kept in rejected_rows with its line, raw text and reason, and an
/// error or Cancel leaves the workspace exactly as it was. Memory does not grow with the file.
/// Both are synchronous; run them in a worker thread. Progress is reported in bytes of the file.
class Importer {
public:
    /// Inspects `filePath`. Reads a sample, and the whole file only when a date column's
    /// day/month order cannot be decided from the sample.
    static Result<ImportPlan> plan(const QString& filePath, const ImportOptions& options,
        JobContext& job);
    /// Imports the file as planned.
    static Result<ImportReport> run(Workspace& workspace, const ImportPlan& plan,
        const ImportOptions& options, JobContext& job);
};

} // namespace seg
