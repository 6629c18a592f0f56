#pragma once
// Where the studio and the CLI look for data files that ship with the program (DESIGN.md, "Layout"):
// the same binaries run from the build tree, from an installed prefix and from a Debian package.
#include <QStringList>

namespace rsmi::io {

// The folders that may hold preset files (*.json), most specific first:
//   1. $RSMI_PRESETS_DIR, when set and not empty (a user's own collection, or a test's);
//   2. <folder of the executable>/../share/rsmi-studio/presets (an installed prefix: /usr, /opt/..., a
//      `cmake --install --prefix` tree);
//   3. ":/rsmi/presets", the copy embedded in the studio's resources (found also from the build tree).
// Candidates are returned whether or not they exist, so callers may say where they looked; a caller
// that wants one folder takes the first that exists.
QStringList presetDirectories();

} // namespace rsmi::io
