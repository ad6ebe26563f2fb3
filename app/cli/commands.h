#pragma once

#include <QStringList>

namespace seg::cli {

// Each takes the program's arguments without the command word and returns the exit code.
int runDemo(const QStringList& args);
int runImport(const QStringList& args);
int runInfo(const QStringList& args);
int runRejects(const QStringList& args);
int runSql(const QStringList& args);
int runMetrics(const QStringList& args);
int runRfm(const QStringList& args);
int runSegment(const QStringList& args);
int runOverlap(const QStringList& args);
int runExport(const QStringList& args);
int runCluster(const QStringList& args);

} // namespace seg::cli
