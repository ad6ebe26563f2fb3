#pragma once

#include "fieldcatalog.h"
#include "jobcontext.h"
#include "result.h"

#include <QString>

#include <utility>

namespace seg {

class Workspace;

/// A denormalised copy of every field a rule can use, one row per customer (table
/// customer_view, columns named like the rule fields), so that a rule is one scan of one table
/// instead of a scan with up to three joins: what makes live previews fast on a million
/// customers. Free-text attributes are left out to keep rows short. It is a cache: rebuilt when the
/// customer metrics, lifecycle, RFM scores or data change (its stamp in workspace_meta, view.stamp,
/// says for which), and ignored while stale — rules then run on the joined tables and give the same
/// result.
class CustomerViewStore {
public:
    static constexpr const char* kTable = "customer_view";
    /// True when customer_view exists and was built from the current metrics, statuses, scores
    /// and data.
    static Result<bool> isCurrent(Workspace& ws);
    /// Builds customer_view again (in one transaction) with the fields of `catalog`, and stores
    /// its stamp and the totals (view.customers, view.revenue).
    static Result<void> rebuild(Workspace& ws, const FieldCatalog& catalog, JobContext& job);
    /// Whether a field is a column of customer_view (free-text attributes, saved segments and
    /// cluster fields are not).
    static bool inView(const FieldInfo& field);
    /// Customers and total revenue of the view, as stored when it was built.
    static Result<std::pair<qint64, double>> totals(Workspace& ws);

private:
    static Result<QString> currentStamp(Workspace& ws);
};

} // namespace seg
