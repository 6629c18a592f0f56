#pragma once
// What the main-window suites share: a small experiment (Ising 2D, L = 16, three temperatures, one
// RG step, about a second) built on the window's own spec, and running it to its end.
#include <QSignalSpy>

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

} // namespace rsmi::ui::testing
