#pragma once

#include "result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <cstdio>

namespace seg::cli {

/// Exit codes of segwb.
enum Exit { ExitOk = 0, ExitUsage = 1, ExitBadInput = 2, ExitWorkspace = 3 };

/// Exit code for a core error.
int exitCodeFor(const Error& error);
/// Prints a message to stderr ("segwb: ..."), or as {"error": ...} on stdout with --json.
int reportError(const Error& error, bool json);
int usageError(const QString& message, bool json);
void printOut(const QString& text);

/// --json, --help and --workspace WS: the same in every command.
const QCommandLineOption& jsonOption();
const QCommandLineOption& helpOption();
const QCommandLineOption& workspaceOption();
/// Adds --json and --help to `parser` and parses `args`. False, with `exitCode` set, when the
/// command should stop: a usage error, or --help (then the help is printed, starting
/// "Usage: segwb SYNOPSIS").
bool parseCommand(QCommandLineParser& parser, const QStringList& args, const QString& synopsis,
    const QString& description, int& exitCode);
/// False, with a usage error in `exitCode`, when --workspace WS is missing or empty.
bool requireWorkspace(const QCommandLineParser& parser, int& exitCode);
void printJson(const QJsonObject& object);
/// RFC 4180 field: quoted when it holds the delimiter, a quote or a line break.
QString csvField(const QString& value, QChar delimiter = QLatin1Char(','));
QString csvLine(const QStringList& fields, QChar delimiter = QLatin1Char(','));
QString variantText(const QVariant& value);
/// True when stderr is a terminal (progress is shown only then).
bool stderrIsTerminal();
/// Writes "\r<text>" to stderr, at most a few times a second.
void showProgress(const QString& text, bool force = false);
void clearProgress();

} // namespace seg::cli
