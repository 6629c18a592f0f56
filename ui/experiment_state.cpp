#include "ui/experiment_state.h"

namespace rsmi::ui {

void ExperimentState::updateLiveFlow() {
  FlowSpec flow = flowSpecFor(spec, 0, CoarseGrainingRule::Learned);
  flow.betas.clear();
  std::vector<RgIterationResult> runs;
  for (std::size_t i = 0; i < spec.flow.betas.size(); ++i)
    if (auto it = temperatures.find(RunKey{0, CoarseGrainingRule::Learned, i}); it != temperatures.end()) {
      flow.betas.push_back(spec.flow.betas[i]);
      runs.push_back(it->second);
    }
  if (runs.size() < 2) return;
  try {
    liveFlow = analyseFlow(flow, std::move(runs));
  } catch (const std::exception&) {
    // e.g. a thermometer reading that is not a number yet: keep the last flow.
  }
}

void ExperimentState::apply(const ExperimentEvent& event) {
  ++revision;
  if (const auto* p = std::get_if<ProgressEvent>(&event)) {
    stage = p->stage;
    fraction = p->fraction;
    elapsedSeconds = p->elapsedSeconds;
    etaSeconds = p->etaSeconds;
  } else if (const auto* e = std::get_if<EpochEvent>(&event)) {
    LevelTrace& t = levels[{e->key, e->level}];
    t.key = e->key;
    t.level = e->level;
    t.curve.push_back(e->record);
    t.filter = e->filter;
  } else if (const auto* l = std::get_if<LevelEvent>(&event)) {
    LevelTrace& t = levels[{l->key, l->level.level}];
    t.key = l->key;
    t.level = l->level.level;
    t.done = true;
    t.result = l->level;
    if (l->level.learned && l->level.learning.training.filter.visibleCount() > 0)
      t.filter = l->level.learning.training.filter;
  } else if (const auto* t = std::get_if<TemperatureEvent>(&event)) {
    temperatures[t->key] = t->run;
    if (t->key.replica == 0 && t->key.rule == CoarseGrainingRule::Learned) updateLiveFlow();
    // A resumed temperature brings its levels without epoch events.
    for (const RgLevel& level : t->run.levels) {
      LevelTrace& trace = levels[{t->key, level.level}];
      if (trace.done) continue;
      trace.key = t->key;
      trace.level = level.level;
      trace.done = true;
      trace.result = level;
      trace.curve = level.learning.training.curve;
      if (level.learned) trace.filter = level.learning.training.filter;
    }
  } else if (const auto* f = std::get_if<FlowEvent>(&event)) {
    flows.push_back(*f);
  }
}

std::size_t ExperimentState::cascadeDepth(const RunKey& key) const {
  if (auto it = temperatures.find(key); it != temperatures.end()) return it->second.levels.size();
  std::size_t done = 0;  // still running: the levels finished so far
  while (const LevelTrace* t = trace(key, static_cast<int>(done))) {
    if (!t->done) break;
    ++done;
  }
  return done;
}

std::vector<SampleSet> ExperimentState::cascade(const RunKey& key) const {
  std::vector<SampleSet> levelsOut;
  if (auto it = temperatures.find(key); it != temperatures.end()) {
    for (const RgLevel& level : it->second.levels) levelsOut.push_back(level.snapshot);
    return levelsOut;
  }
  for (std::size_t level = 0, depth = cascadeDepth(key); level < depth; ++level)
    levelsOut.push_back(trace(key, static_cast<int>(level))->result.snapshot);
  return levelsOut;
}

} // namespace rsmi::ui
