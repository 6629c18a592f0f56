#include "io/resource_paths.h"

#include <QCoreApplication>
#include <QDir>

namespace rsmi::io {

QStringList presetDirectories() {
  QStringList dirs;
  const QString fromEnvironment = qEnvironmentVariable("RSMI_PRESETS_DIR");
  if (!fromEnvironment.isEmpty()) dirs << QDir::cleanPath(fromEnvironment);
  // applicationDirPath() needs the application object (it warns and answers "" without one).
  if (QCoreApplication::instance())
    dirs << QDir::cleanPath(QCoreApplication::applicationDirPath() +
                            QStringLiteral("/../share/rsmi-studio/presets"));
  dirs << QStringLiteral(":/rsmi/presets");
  return dirs;
}

} // namespace rsmi::io
