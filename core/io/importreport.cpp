#include "importreport.h"

#include <QJsonArray>

namespace seg {

QJsonObject ImportReport::toJson() const
{
    QJsonObject o;
    o[u"import_id"] = importId;
    o[u"table"] = table;
    o[u"file"] = plan.filePath;
    o[u"rows_read"] = rowsRead;
    o[u"rows_imported"] = rowsImported;
    o[u"rows_rejected"] = rowsRejected;
    o[u"blank_lines"] = blankLines;
    o[u"bytes"] = bytes;
    o[u"seconds"] = seconds;
    o[u"warnings"] = QJsonArray::fromStringList(warnings);
    o[u"settings"] = plan.toJson();
    QJsonArray rejects;
    for (const RejectedRow& r : firstRejected) {
        QJsonObject j;
        j[u"line"] = r.line;
        j[u"reason"] = r.reason;
        j[u"column"] = r.column;
        j[u"raw"] = r.raw;
        rejects.append(j);
    }
    o[u"first_rejected"] = rejects;
    return o;
}

} // namespace seg
