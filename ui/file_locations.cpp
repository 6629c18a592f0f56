#include "ui/file_locations.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace rsmi::ui::file_locations {

namespace {
const QString kFolderKey = QStringLiteral("files/lastFolder");
const QString kFormatKey = QStringLiteral("files/figureFormat");
} // namespace

QString lastFolder() {
  const QString folder = QSettings().value(kFolderKey).toString();
  return !folder.isEmpty() && QFileInfo(folder).isDir() ? folder : QDir::homePath();
}

void remember(const QString& path) {
  if (path.isEmpty()) return;
  const QFileInfo info(path);
  QSettings().setValue(kFolderKey, info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

QString suggested(const QString& fileName) { return QDir(lastFolder()).filePath(fileName); }

QString figureFormat() {
  const QString format = QSettings().value(kFormatKey).toString();
  return format == QLatin1String("svg") || format == QLatin1String("pdf") ? format : QStringLiteral("png");
}

void rememberFigureFormat(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("png") || suffix == QLatin1String("svg") || suffix == QLatin1String("pdf"))
    QSettings().setValue(kFormatKey, suffix);
}

} // namespace rsmi::ui::file_locations
