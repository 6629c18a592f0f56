#pragma once
// What the main-window suites share: a small experiment (Ising 2D, L = 16, three temperatures, one
// RG step, about a second) built on the window's own spec, running it to its end, and writing into
// a folder the user may not write.
#include <QFile>
#include <QSignalSpy>
#include <functional>
#include <sys/fsuid.h>
#include <unistd.h>

#include "ui/experiment_job.h"
#include "ui/main_window.h"

namespace rsmi::ui::testing {

inline RunSpec smallSpec(const MainWindow& window) {
  RunSpec spec = window.experimentSpec();
  spec.flow.sampling.model = ModelKind::Ising2D;
  spec.flow.sampling.size = 16;
  spec.flow.sampling.samples = 100;
  spec.flow.sampling.sampler = SamplerKind::Auto;
  spec.flow.betas = {0.40, 0.44, 0.48};
  spec.flow.rg.steps = 1;
  spec.flow.rg.learning.training.epochs = 8;
  return spec;
}

// Starts the experiment the window's forms describe; true when it finished (not stopped or failed).
inline bool runToEnd(MainWindow& window) {
  QSignalSpy stopped(window.experimentJob(), &ExperimentJob::stopped);
  window.startExperiment();
  return stopped.wait(120000) && window.experimentJob()->state()->phase == ExperimentPhase::Finished;
}

// `write` into a folder this user may not write: mode 0555; as root, whom modes do not stop, with
// this thread's filesystem identity set to `nobody` for the duration (the writes run on it).
inline QString inLockedFolder(const QString& dir, const std::function<QString()>& write) {
  QFile::setPermissions(dir, QFileDevice::Permissions(0x5555));
  const bool root = ::geteuid() == 0;
  if (root) ::setfsuid(65534);
  const QString problem = write();
  if (root) ::setfsuid(0);
  QFile::setPermissions(dir, QFileDevice::Permissions(0x7700));
  return problem;
}

} // namespace rsmi::ui::testing
