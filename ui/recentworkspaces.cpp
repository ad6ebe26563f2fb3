#include "recentworkspaces.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace seg::ui {

namespace {

const QString& settingsKey()
{
    static const QString key = QStringLiteral("recentWorkspaces");
    return key;
}

QString normalized(const QString& path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

} // namespace

QStringList RecentWorkspaces::load()
{
    QStringList out;
    const QStringList stored = QSettings().value(settingsKey()).toStringList();
    for (const QString& path : stored) {
        if (!path.isEmpty() && !out.contains(path))
            out.append(path);
        if (out.size() == kMaxEntries)
            break;
    }
    return out;
}

void RecentWorkspaces::add(const QString& path)
{
    const QString clean = normalized(path);
    QStringList paths = load();
    paths.removeAll(clean);
    paths.prepend(clean);
    save(paths);
}

void RecentWorkspaces::remove(const QString& path)
{
    QStringList paths = load();
    paths.removeAll(normalized(path));
    paths.removeAll(path);
    save(paths);
}

void RecentWorkspaces::clear() { QSettings().remove(settingsKey()); }

void RecentWorkspaces::save(const QStringList& paths)
{
    QSettings settings;
    settings.setValue(settingsKey(), paths.mid(0, kMaxEntries));
}

} // namespace seg::ui
