#pragma once

#include <QString>
#include <QStringList>

namespace seg::ui {

/// The list of recently opened workspace files, newest first, kept in QSettings
/// ("recentWorkspaces"). At most kMaxEntries; paths are stored absolute and cleaned.
class RecentWorkspaces {
public:
    static constexpr int kMaxEntries = 8;

    static QStringList load();
    /// Moves `path` to the front (adding it when new) and trims the list.
    static void add(const QString& path);
    static void remove(const QString& path);
    static void clear();

private:
    static void save(const QStringList& paths);
};

} // namespace seg::ui
