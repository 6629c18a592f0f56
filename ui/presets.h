#pragma once
// Presets: ready experiments for a lecture (resources/presets/*.json, RunSpecs with a title and a
// teaching note). Found in the folders rsmi::io::presetDirectories() names — a user's own folder
// first, then the installed ones, then the copy embedded in the studio — a name seen once wins.
#include <QString>
#include <vector>

#include "core/pipeline/run_spec.h"

namespace rsmi::ui {

struct Preset {
  QString file;  // where it was read
  RunSpec spec;  // spec.title names it, spec.description says what to look at
};

// Every readable preset, sorted by file name; `problems` collects files that could not be read.
std::vector<Preset> loadPresets(QStringList* problems = nullptr);

} // namespace rsmi::ui
