#include "cliio.h"

#include <QElapsedTimer>
#include <QJsonDocument>

#include <unistd.h>

namespace seg::cli {

int exitCodeFor(const Error& error)
{
    switch (error.code) {
    case ErrorCode::Usage:
        return ExitUsage;
    case ErrorCode::BadInput:
    case ErrorCode::Io:
    case ErrorCode::Cancelled:
        return ExitBadInput;
    case ErrorCode::Workspace:
    case ErrorCode::Internal:
        return ExitWorkspace;
    }
    return ExitWorkspace;
}

int reportError(const Error& error, bool json)
{
    clearProgress();
    if (json) {
        QJsonObject o;
        o[u"error"] = error.message;
        o[u"exit_code"] = exitCodeFor(error);
        printJson(o);
    }
    std::fprintf(stderr, "segwb: %s\n", error.message.toLocal8Bit().constData());
    return exitCodeFor(error);
}

int usageError(const QString& message, bool json)
{
    return reportError(makeError(ErrorCode::Usage,
                           message + QStringLiteral("\nRun 'segwb --help' for the commands.")),
        json);
}

void printOut(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
}

void printJson(const QJsonObject& object)
{
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

QString csvField(const QString& value, QChar delimiter)
{
    if (value.contains(delimiter) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'))) {
        QString q = value;
        q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + q + QLatin1Char('"');
    }
    return value;
}

QString csvLine(const QStringList& fields, QChar delimiter)
{
    QStringList out;
    out.reserve(fields.size());
    for (const QString& f : fields)
        out.append(csvField(f, delimiter));
    return out.join(delimiter) + QLatin1Char('\n');
}

QString variantText(const QVariant& value)
{
    if (!value.isValid() || value.isNull())
        return {};
    if (value.typeId() == QMetaType::Double)
        return QString::number(value.toDouble(), 'g', 15);
    return value.toString();
}

bool stderrIsTerminal()
{
    static const bool tty = isatty(STDERR_FILENO) == 1;
    return tty;
}

void showProgress(const QString& text, bool force)
{
    if (!stderrIsTerminal())
        return;
    static QElapsedTimer timer;
    if (!force && timer.isValid() && timer.elapsed() < 200)
        return;
    timer.restart();
    std::fprintf(stderr, "\r%s\033[K", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

void clearProgress()
{
    if (stderrIsTerminal()) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
}

const QCommandLineOption& jsonOption()
{
    static const QCommandLineOption option(QStringLiteral("json"), QStringLiteral("Print JSON."));
    return option;
}

const QCommandLineOption& helpOption()
{
    static const QCommandLineOption option(
        QStringList { QStringLiteral("h"), QStringLiteral("help") },
        QStringLiteral("Show this help."));
    return option;
}

const QCommandLineOption& workspaceOption()
{
    static const QCommandLineOption option(QStringLiteral("workspace"),
        QStringLiteral("The workspace file (.segws)."), QStringLiteral("WS"));
    return option;
}

bool parseCommand(QCommandLineParser& parser, const QStringList& args, const QString& synopsis,
    const QString& description, int& exitCode)
{
    parser.setApplicationDescription(description);
    parser.addOption(jsonOption());
    parser.addOption(helpOption());
    const bool json = args.contains(QStringLiteral("--json"));
    if (!parser.parse(args)) {
        exitCode = usageError(parser.errorText(), json);
        return false;
    }
    if (parser.isSet(helpOption())) {
        const QString help = parser.helpText();
        printOut(
            QStringLiteral("Usage: segwb ") + synopsis + help.mid(help.indexOf(QLatin1Char('\n'))));
        exitCode = ExitOk;
        return false;
    }
    return true;
}

bool requireWorkspace(const QCommandLineParser& parser, int& exitCode)
{
    if (parser.value(workspaceOption()).isEmpty()) {
        exitCode
            = usageError(QStringLiteral("--workspace WS is required."), parser.isSet(jsonOption()));
        return false;
    }
    return true;
}

} // namespace seg::cli
