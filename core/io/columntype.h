#pragma once

#include <QString>

#include <optional>

namespace seg {

/// Type of an imported column, as stored in column_meta.type. Storage in SQLite:
/// Integer -> INTEGER, Decimal -> REAL, Date -> TEXT 'YYYY-MM-DD',
/// DateTime -> TEXT 'YYYY-MM-DD HH:MM:SS', YesNo -> INTEGER 0/1, Category and Text -> TEXT.
enum class ColumnType { Integer, Decimal, Date, DateTime, YesNo, Category, Text };

/// Stable lower-case name used in the workspace and the CLI ("integer", "date-time", ...).
QString columnTypeName(ColumnType type);
/// Inverse of columnTypeName(); also accepts a few spellings ("datetime", "bool", "string").
std::optional<ColumnType> columnTypeFromName(const QString& name);
/// SQLite column affinity for the type ("INTEGER", "REAL" or "TEXT").
QString columnTypeSqlAffinity(ColumnType type);
/// Translated name for the interface ("Date-time", "Yes/no"...).
QString columnTypeDisplayName(ColumnType type);

} // namespace seg
