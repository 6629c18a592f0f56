#pragma once
// The experiment's data as files (File → Export data): exactly what the views plot, from one
// immutable ExperimentState, so that a running or stopped experiment exports what is finished so
// far. Pure functions of the state: they run on a worker thread and tests check them directly.
//
// - filters.json ("rsmi-studio-filters"): one entry per (temperature, replica, rule, RG level) with
//   a filter, `weights` as in `rsmi train` (n_h rows, each in the block's row-major order), the
//   block shape, β0, the held-out MI in bits and the fixed-rule baselines.
// - filters.csv: the same, one row per hidden unit, weights in columns w0 … w(n_v−1).
// - mi_curves.csv: what the MI chart draws, long format: the training and held-out MI of every
//   epoch of every restart, the fixed-rule baselines and the n_h bits ceiling.
// - NAME.manifest.json ("rsmi-export-manifest") beside each export: program, version, time, the
//   RunSpec (sampling spec and seed included), the experiment's phase, and the files' sizes and
//   SHA-256 — like the manifest `rsmi sample` writes beside its .npy files.
#include <QByteArray>
#include <QString>
#include <vector>

#include "ui/experiment_state.h"

namespace rsmi::ui {

inline constexpr int kExportFormatVersion = 1;

// How many filters / MI curve points there are to export (0: say so instead of writing files).
std::size_t exportableFilterCount(const ExperimentState& state);
std::size_t exportableCurveCount(const ExperimentState& state);

QByteArray filtersJson(const ExperimentState& state);
QByteArray filtersCsv(const ExperimentState& state);
QByteArray miCurvesCsv(const ExperimentState& state);

struct ExportedFile {
  QString name;  // relative to the manifest's folder
  QByteArray bytes;
};
// `what` names the export in the manifest's command (e.g. "File > Export data > Filters").
QByteArray exportManifestJson(const ExperimentState& state, const QString& what,
                              const std::vector<ExportedFile>& files);

// "finished", "running", "paused", "stopped", "failed", "idle".
QString phaseName(ExperimentPhase phase);

// The `rsmi sample` command line that draws the same samples as `spec` (resolved) into `out`.
QString sampleCommandLine(const SamplingSpec& spec, const QString& out);

}  // namespace rsmi::ui
