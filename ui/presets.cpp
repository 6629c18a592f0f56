#include "ui/presets.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <algorithm>

#include "io/io_error.h"
#include "io/resource_paths.h"
#include "io/run_spec_json.h"

namespace rsmi::ui {

std::vector<Preset> loadPresets(QStringList* problems) {
  std::vector<Preset> presets;
  QSet<QString> seen;
  for (const QString& folder : io::presetDirectories()) {
    const QDir dir(folder);
    if (!dir.exists()) continue;
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
      if (seen.contains(name)) continue;
      seen.insert(name);
      const QString path = dir.filePath(name);
      try {
        presets.push_back({path, io::readRunSpec(path)});
      } catch (const std::exception& e) {
        if (problems) problems->append(QString::fromUtf8(e.what()));
      }
    }
  }
  std::sort(presets.begin(), presets.end(),
            [](const Preset& a, const Preset& b) { return QFileInfo(a.file).fileName() < QFileInfo(b.file).fileName(); });
  return presets;
}

} // namespace rsmi::ui
