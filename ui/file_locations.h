#pragma once
// Where the file dialogs start: the folder of the file last opened, saved or exported, and the
// figure format last chosen, kept between runs (QSettings), so that a lecturer exporting figure
// after figure is not sent back to the home folder and PNG each time.
#include <QString>

namespace rsmi::ui::file_locations {

// The folder of the last file or folder remembered; the home folder at first, or when that folder
// no longer exists.
QString lastFolder();
// `path` is a file (its folder is kept) or a folder.
void remember(const QString& path);
// `fileName` in the last folder: the starting point of a Save dialog.
QString suggested(const QString& fileName);

// "png", "svg" or "pdf": the suffix of the last figure exported ("png" at first).
QString figureFormat();
void rememberFigureFormat(const QString& path);

} // namespace rsmi::ui::file_locations
