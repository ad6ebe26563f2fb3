#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace seg {

/// Kind of data in an imported file; each kind goes to its own table.
enum class DataKind { Customers, Transactions, Responses };

/// What a column means to the workbench. Columns with a role are stored under the role's
/// column name (roleColumnName()); others keep a cleaned form of their header name.
enum class Role {
    None,
    CustomerId,
    OrderId,
    OrderDate,
    Amount,
    Quantity,
    UnitPrice,
    Product,
    Category,
    Channel,
    Campaign,
    ResponseDate,
    Contacted,
    Responded,
    Converted,
    Revenue,
    Control,
};

/// "customers", "transactions" or "responses": the kind's name and its table's name.
QString dataKindName(DataKind kind);
std::optional<DataKind> dataKindFromName(const QString& name);

/// Column name of a role in the workspace ("customer_id", "order_date", ...); empty for None.
QString roleColumnName(Role role);
/// Role from its column name or a CLI spelling ("customer_id", "customer-id", "none"...).
std::optional<Role> roleFromName(const QString& name);
/// Translated name for the interface ("Customer id", "Order date"...).
QString roleDisplayName(Role role);
/// Roles that make sense for a kind of file (None excluded).
QList<Role> rolesForKind(DataKind kind);

/// Finds the role a header name stands for in a file of the given kind, from common spellings
/// (CustomerID, Customer ID, customer_id, client, InvoiceNo, InvoiceDate, UnitPrice...).
/// Returns Role::None when the name is not recognised.
Role roleFromHeader(const QString& header, DataKind kind);

/// Turns a header into a column name: lower case, ASCII letters, digits and '_' only, no
/// leading digit, never empty ("Annual Income (k$)" -> "annual_income_k").
QString cleanColumnName(const QString& header, int position);

} // namespace seg
