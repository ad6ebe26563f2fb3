#pragma once

#include <QCoreApplication>
#include <QString>

#include <type_traits>
#include <utility>
#include <variant>

namespace seg {

/// Broad class of a failure; the command-line tool maps it to an exit code
/// (Usage -> 1, BadInput -> 2, Workspace -> 3).
enum class ErrorCode {
    Usage, ///< the caller asked for something that does not make sense
    BadInput, ///< an input file or value cannot be read as asked
    Io, ///< the operating system refused a read or write
    Workspace, ///< the workspace file is missing, damaged, newer or locked
    Cancelled, ///< the user cancelled; not shown as an error
    Internal, ///< a bug or an unexpected library failure
};

/// A failure with a user-readable (translated) message.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
};

/// Makes an Error; `message` should already be translated.
inline Error makeError(ErrorCode code, QString message)
{
    return Error { code, std::move(message) };
}

/// Value-or-error return type of every fallible core function (an `expected<T, Error>`).
/// Thread-safety: a plain value type.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &std::get<0>(m_data); }
    const T* operator->() const { return &std::get<0>(m_data); }
    T& operator*() & { return std::get<0>(m_data); }
    const T& operator*() const& { return std::get<0>(m_data); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result of a function that returns nothing on success.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {
    }
    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace seg
