#pragma once

#include "importoptions.h"

#include <QString>

#include <optional>

namespace seg::ui {

/// Remembers the settings chosen for a file (kind, reading settings, column choices; not the
/// mode) under a key derived from its header line, so that the next export with the same
/// columns is read the same way. Stored with QSettings under "importSettings/<key>".
class ImportSettingsMemory {
public:
    /// The settings remembered for `headerKey`, if any.
    static std::optional<seg::ImportOptions> load(const QString& headerKey);
    /// Remembers `options` for `headerKey` (an empty key is ignored).
    static void save(const QString& headerKey, const seg::ImportOptions& options);
    /// Forgets the settings of `headerKey`.
    static void forget(const QString& headerKey);
};

} // namespace seg::ui
