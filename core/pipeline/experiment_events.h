#pragma once
// What an Experiment tells its listener while it runs (DESIGN.md, "Data flow"): typed, immutable
// values that may be copied across threads — progress, MI-versus-epoch points with filter snapshots,
// finished RG levels, finished temperatures and analysed flows.
#include <cstddef>
#include <functional>
#include <string>
#include <variant>

#include "core/rg/rg_flow.h"

namespace rsmi {

// Which run an event belongs to: replica, coarse-graining rule, temperature (index into the grid).
struct RunKey {
  int replica = 0;
  CoarseGrainingRule rule = CoarseGrainingRule::Learned;
  std::size_t betaIndex = 0;
  friend bool operator==(const RunKey&, const RunKey&) = default;
  friend auto operator<=>(const RunKey&, const RunKey&) = default;
};

struct ProgressEvent {
  std::string stage;
  double fraction = 0;       // of the whole experiment, [0, 1]
  double elapsedSeconds = 0;
  double etaSeconds = -1;    // < 0: not known yet
};

struct EpochEvent {  // one epoch of filter training
  RunKey key;
  int level = 0;
  EpochRecord record;
  Filter filter;
};

struct LevelEvent {  // one RG level finished (its samples are not carried)
  RunKey key;
  RgLevel level;
};

struct TemperatureEvent {  // one temperature's whole RG iteration finished
  RunKey key;
  double beta = 0;
  RgIterationResult run;
};

struct FlowEvent {  // all temperatures of one (replica, rule) finished and analysed
  int replica = 0;
  CoarseGrainingRule rule = CoarseGrainingRule::Learned;
  FlowResult flow;
};

using ExperimentEvent = std::variant<ProgressEvent, EpochEvent, LevelEvent, TemperatureEvent, FlowEvent>;

// Called with one event at a time (the Experiment serialises calls from its worker threads), from a
// worker thread. Keep it cheap: copy what is needed and return.
using ExperimentEventSink = std::function<void(const ExperimentEvent&)>;

} // namespace rsmi
