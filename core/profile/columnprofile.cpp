#include "columnprofile.h"

#include "descriptivestats.h"
#include "jobcontext.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace seg {

namespace {

Error cancelled()
{
    return makeError(ErrorCode::Cancelled,
        QCoreApplication::translate("seg::ColumnProfile", "The column profile was cancelled."));
}

} // namespace

ProfileKind profileKindForType(const QString& type)
{
    if (type == u"integer" || type == u"decimal")
        return ProfileKind::Number;
    if (type == u"date" || type == u"date-time")
        return ProfileKind::Date;
    return ProfileKind::Category;
}

Result<ColumnProfile> computeColumnProfile(
    Workspace& workspace, const QString& table, const QString& column, JobContext& job)
{
    ColumnStatsQuery query(workspace, table, column);
    query.setJobContext(&job);
    auto info = query.column();
    if (!info)
        return info.error();

    ColumnProfile out;
    out.table = table;
    out.column = *info;
    out.kind = profileKindForType(info->type);

    if (out.kind == ProfileKind::Category) {
        auto scan = query.readFrequencies(kTopValues);
        if (!scan)
            return scan.error();
        out.rows = scan->rows;
        out.missing = scan->missing;
        out.distinct = scan->distinct;
        out.topValues = std::move(scan->top);
        qint64 shown = 0;
        for (const ValueCount& v : std::as_const(out.topValues))
            shown += v.count;
        out.otherCount = out.present() - shown;
        out.otherDistinct = out.distinct - out.topValues.size();
        return out;
    }

    auto scan = out.kind == ProfileKind::Number ? query.readNumbers() : query.readDays();
    if (!scan)
        return scan.error();
    if (job.isCancelled())
        return cancelled();
    out.rows = scan->rows;
    out.missing = scan->missing;
    out.invalid = scan->invalid;
    std::vector<double>& values = scan->values;
    // About 0.1 s for a million values; the one step without a cancel check.
    std::sort(values.begin(), values.end());
    if (job.isCancelled())
        return cancelled();
    const DescriptiveStats stats = describeSorted(values);
    out.distinct = stats.distinct;
    if (stats.count > 0) {
        out.min = stats.min;
        out.median = stats.median;
        out.max = stats.max;
        if (out.kind == ProfileKind::Number)
            out.mean = stats.mean;
    }
    if (out.kind == ProfileKind::Number) {
        const bool integers = info->type == u"integer"
            && std::all_of(
                values.begin(), values.end(), [](double v) { return std::trunc(v) == v; });
        out.histogram = numberHistogram(values, integers);
    } else {
        out.histogram = dateHistogram(values);
    }
    return out;
}

Result<ColumnProfile> computeColumnProfile(
    const QString& workspacePath, const QString& table, const QString& column, JobContext& job)
{
    if (job.isCancelled())
        return cancelled();
    auto ws = Workspace::open(workspacePath, Workspace::OpenMode::ReadOnly);
    if (!ws)
        return ws.error();
    return computeColumnProfile(*ws, table, column, job);
}

} // namespace seg
