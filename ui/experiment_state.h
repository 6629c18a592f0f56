#pragma once
// What the studio shows of a running Experiment, accumulated from its events (DESIGN.md, "Data
// flow"): per temperature and RG level the MI-versus-epoch curve and the latest filter, the finished
// levels and temperatures, the analysed flows, progress, and the final result. An immutable value:
// the ExperimentJob publishes a fresh copy at most once per frame, and widgets only read it.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/pipeline/experiment.h"

namespace rsmi::ui {

struct LevelTrace {
  RunKey key;
  int level = 0;
  std::vector<EpochRecord> curve;  // every epoch so far, all restarts
  Filter filter;                   // the latest snapshot; the learned filter once `done`
  bool done = false;
  RgLevel result;                  // once done (without samples)
};

enum class ExperimentPhase { Idle, Running, Paused, Finished, Cancelled, Failed };

struct ExperimentState {
  RunSpec spec;
  ExperimentPhase phase = ExperimentPhase::Idle;
  std::string stage;
  double fraction = 0, elapsedSeconds = 0, etaSeconds = -1;
  std::map<std::pair<RunKey, int>, LevelTrace> levels;  // (run, level)
  std::map<RunKey, RgIterationResult> temperatures;      // finished temperatures
  std::vector<FlowEvent> flows;                          // analysed flows, as they come
  // The flow of the learned filter (replica 0) over the temperatures finished so far, analysed as
  // each one finishes (thermometer, β_eff, fixed point: cheap), so the flow plot grows live.
  std::optional<FlowResult> liveFlow;
  std::shared_ptr<const ExperimentResult> result;        // once finished
  std::string error;                                     // when failed
  std::uint64_t revision = 0;                            // grows with every change

  // The trace of (run, level), or nullptr.
  const LevelTrace* trace(const RunKey& key, int level) const {
    auto it = levels.find({key, level});
    return it == levels.end() ? nullptr : &it->second;
  }
  // How many levels of `key` are made so far (all of a finished temperature), and their first
  // configurations, level 0 first (the cascade).
  std::size_t cascadeDepth(const RunKey& key) const;
  std::vector<SampleSet> cascade(const RunKey& key) const;
  // Folds one event in.
  void apply(const ExperimentEvent& event);

private:
  void updateLiveFlow();
};

} // namespace rsmi::ui
