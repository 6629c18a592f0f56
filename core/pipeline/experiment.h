#pragma once
// The Experiment (DESIGN.md, "Data flow"): a RunSpec in, a stream of typed events out, and the
// results. Temperatures and replicas run side by side on the TBB workers; each draws its samples
// once and runs the RG iteration with the learned filter (and, when compared, with the majority
// rule) on them. Every random stream derives from the spec's seeds, so the results are bit-identical
// whatever the number of threads and whichever temperatures were resumed from an earlier run.
#include <map>
#include <memory>
#include <stop_token>
#include <vector>

#include "core/pipeline/experiment_events.h"
#include "core/lattice/sample_set.h"
#include "core/pipeline/run_spec.h"
#include "core/rg/data_collapse.h"

namespace rsmi {

struct FlowOutcome {
  int replica = 0;
  CoarseGrainingRule rule = CoarseGrainingRule::Learned;
  FlowResult flow;
  CollapseEstimate collapse;  // when spec.collapse and the flow has a fixed point
};

// Wall-clock seconds spent in each stage, summed over the temperatures (which run concurrently, so
// the sum can exceed the experiment's wall time).
struct StageSeconds {
  double sampling = 0, learning = 0, coarseGraining = 0, observing = 0;
};

struct ExperimentResult {
  std::vector<FlowOutcome> flows;  // replica by replica; within one, the learned rule then majority
  // β*, Λ_T, ν per rule combined over replicas (one replica: its own estimate and error bars).
  FixedPointEstimate learned, majority;
  CollapseEstimate collapse;  // of the learned flows (combined like the fixed point)
  StageSeconds stages;
  double seconds = 0;
  const FlowOutcome* find(int replica, CoarseGrainingRule rule) const;
};

using FinishedRuns = std::map<RunKey, RgIterationResult>;

// One part of an experiment split over independent jobs (a cluster's job array): the tasks — one per
// replica and temperature, numbered replica × temperatures + temperature — whose number is `index`
// modulo `count`. A part's runs are bit for bit those of the whole experiment, so the whole is put
// together by a run() given every part's runs as `finished`.
struct ExperimentPart {
  int index = 0, count = 1;
  bool contains(std::size_t task) const;
};
// Empty, or why the part does not exist.
std::string validate(const ExperimentPart& part);

// Every run a (valid) spec asks for, in the order results are listed: replica, rule, temperature.
std::vector<RunKey> runKeysOf(const RunSpec& spec);

class Experiment {
 public:
  // Throws std::invalid_argument with validate()'s message. A spec that imports its samples
  // (sampling.samplesFile) runs on `imported`, which must be the set it describes (checkImported);
  // any other spec draws its own and must be given none.
  explicit Experiment(RunSpec spec, std::shared_ptr<const SampleSet> imported = {});
  const RunSpec& spec() const { return spec_; }

  // Every run the spec asks for, in the order results are listed.
  std::vector<RunKey> runKeys() const;

  // Runs what is not in `finished` (runs of an interrupted experiment, e.g. read back from disk:
  // they are reported again as TemperatureEvents and used as they are). Throws Cancelled when
  // stopped — every temperature finished by then has been reported — or what the parts throw.
  ExperimentResult run(std::stop_token stop = {}, const ExperimentEventSink& sink = {},
                       FinishedRuns finished = {}) const;

  // Runs this part's tasks that are not in `finished` and returns the part's runs (those found in
  // `finished` included), with no flow analysis. Throws like run(), and std::invalid_argument for a
  // part that does not exist.
  FinishedRuns runPart(const ExperimentPart& part, std::stop_token stop = {},
                       const ExperimentEventSink& sink = {}, FinishedRuns finished = {}) const;

 private:
  FinishedRuns runTasks(const ExperimentPart& part, std::stop_token stop, const ExperimentEventSink& sink,
                        const FinishedRuns& finished, StageSeconds& stages) const;

  RunSpec spec_;
  std::shared_ptr<const SampleSet> imported_;
};

}  // namespace rsmi
