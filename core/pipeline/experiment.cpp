#include "core/pipeline/experiment.h"

#include <chrono>
#include <mutex>
#include <stdexcept>

#include "core/common/independent_tasks.h"
#include "core/mc/draw_samples.h"
#include "core/pipeline/imported_samples.h"

namespace rsmi {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<CoarseGrainingRule> rulesOf(const RunSpec& spec) {
  std::vector<CoarseGrainingRule> rules{CoarseGrainingRule::Learned};
  if (spec.compareMajority) rules.push_back(CoarseGrainingRule::Majority);
  return rules;
}

// Events arrive from several workers; the listener sees one at a time, and progress is the sum of
// every task's fraction.
class EventChannel {
 public:
  EventChannel(const ExperimentEventSink& sink, std::size_t tasks) : sink_(sink), done_(tasks, 0.0) {}

  void send(const ExperimentEvent& event) {
    if (!sink_) return;
    std::lock_guard lock(mutex_);
    sink_(event);
  }

  void progress(std::size_t task, double fraction, const std::string& stage) {
    if (!sink_) return;
    std::lock_guard lock(mutex_);
    done_[task] = std::clamp(fraction, 0.0, 1.0);
    double total = 0;
    for (double d : done_) total += d;
    ProgressEvent e;
    e.stage = stage;
    e.fraction = total / static_cast<double>(done_.size());
    e.elapsedSeconds = std::chrono::duration<double>(Clock::now() - start_).count();
    if (e.fraction > 0.02) e.etaSeconds = e.elapsedSeconds * (1 - e.fraction) / e.fraction;
    sink_(e);
  }

 private:
  const ExperimentEventSink& sink_;
  std::mutex mutex_;
  std::vector<double> done_;
  Clock::time_point start_ = Clock::now();
};

FixedPointEstimate combined(const std::vector<FixedPointEstimate>& estimates) {
  if (estimates.size() == 1) return estimates.front();
  std::vector<FixedPointEstimate> found;
  for (const FixedPointEstimate& e : estimates)
    if (e.found) found.push_back(e);
  if (found.size() < 2) {
    FixedPointEstimate none;
    none.problem = "fewer than two replicas found a fixed point";
    return none;
  }
  return combineEstimates(found);
}

CollapseEstimate combined(const std::vector<CollapseEstimate>& estimates) {
  if (estimates.size() == 1) return estimates.front();
  std::vector<FixedPointEstimate> asFixedPoints;
  int points = 0, steps = 0;
  for (const CollapseEstimate& c : estimates)
    if (c.found) {
      FixedPointEstimate f;
      f.found = true;
      f.betaStar = c.betaStar, f.betaStarError = c.betaStarError;
      f.lambdaT = c.lambdaT, f.lambdaTError = c.lambdaTError;
      f.nu = c.nu, f.nuError = c.nuError;
      f.chi2PerDof = c.chi2PerDof;
      asFixedPoints.push_back(f);
      points += c.pointsUsed, steps = std::max(steps, c.stepsUsed);
    }
  CollapseEstimate out;
  if (asFixedPoints.size() < 2) {
    out.problem = "fewer than two replicas gave a collapse";
    return out;
  }
  const FixedPointEstimate f = combineEstimates(asFixedPoints);
  out.found = true;
  out.betaStar = f.betaStar, out.betaStarError = f.betaStarError;
  out.lambdaT = f.lambdaT, out.lambdaTError = f.lambdaTError;
  out.nu = f.nu, out.nuError = f.nuError;
  out.chi2PerDof = f.chi2PerDof;
  out.pointsUsed = points, out.stepsUsed = steps;
  return out;
}

}  // namespace

const FlowOutcome* ExperimentResult::find(int replica, CoarseGrainingRule rule) const {
  for (const FlowOutcome& f : flows)
    if (f.replica == replica && f.rule == rule) return &f;
  return nullptr;
}

Experiment::Experiment(RunSpec spec, std::shared_ptr<const SampleSet> imported)
    : spec_(std::move(spec)), imported_(std::move(imported)) {
  if (std::string problem = validate(spec_); !problem.empty()) throw std::invalid_argument(problem);
  const bool imports = !spec_.flow.sampling.samplesFile.empty();
  if (imports && !imported_)
    throw std::invalid_argument("the samples of '" + spec_.flow.sampling.samplesFile + "' were not read");
  if (!imports && imported_) throw std::invalid_argument("samples were given to a spec that draws its own");
  if (imports)
    if (std::string problem = checkImported(*imported_, spec_.flow.sampling); !problem.empty())
      throw std::invalid_argument(problem);
}

std::vector<RunKey> Experiment::runKeys() const { return runKeysOf(spec_); }

std::vector<RunKey> runKeysOf(const RunSpec& spec) {
  std::vector<RunKey> keys;
  for (int r = 0; r < spec.replicas; ++r)
    for (CoarseGrainingRule rule : rulesOf(spec))
      for (std::size_t i = 0; i < spec.flow.betas.size(); ++i) keys.push_back({r, rule, i});
  return keys;
}

bool ExperimentPart::contains(std::size_t task) const {
  return count <= 1 || static_cast<int>(task % static_cast<std::size_t>(count)) == index;
}

std::string validate(const ExperimentPart& part) {
  if (part.count < 1 || part.index < 0 || part.index >= part.count)
    return "part " + std::to_string(part.index) + " of " + std::to_string(part.count) +
           " does not exist (parts are numbered 0 to count - 1)";
  return {};
}

FinishedRuns Experiment::runTasks(const ExperimentPart& part, std::stop_token stop,
                                  const ExperimentEventSink& sink, const FinishedRuns& finished,
                                  StageSeconds& stages) const {
  const std::vector<CoarseGrainingRule> rules = rulesOf(spec_);
  const std::size_t temperatures = spec_.flow.betas.size();
  std::vector<std::size_t> selected;  // tasks of this part: replica × temperatures + temperature
  for (std::size_t task = 0; task < static_cast<std::size_t>(spec_.replicas) * temperatures; ++task)
    if (part.contains(task)) selected.push_back(task);
  EventChannel channel(sink, selected.size());
  std::mutex resultsMutex;
  FinishedRuns runs;

  // Work units of one task, for its progress: sampling, then every level of every rule still to run.
  const double unitsPerRule = spec_.flow.rg.steps + 1;

  runIndependentTasks(selected.size(), stop, [&](std::size_t slot, std::stop_token stop) {
    {
      const std::size_t task = selected[slot];
      const int replica = static_cast<int>(task / temperatures);
      const std::size_t i = task % temperatures;
      std::vector<CoarseGrainingRule> todo;
      for (CoarseGrainingRule rule : rules) {
        const RunKey key{replica, rule, i};
        if (auto it = finished.find(key); it != finished.end()) {
          channel.send(TemperatureEvent{key, spec_.flow.betas[i], it->second});
          std::lock_guard lock(resultsMutex);
          runs[key] = it->second;
        } else {
          todo.push_back(rule);
        }
      }
      if (todo.empty()) {
        channel.progress(slot, 1.0, "resumed");
        return;
      }
      const double units = 1 + unitsPerRule * static_cast<double>(todo.size());
      double unitsDone = 0;
      const std::string where = "beta " + std::to_string(i + 1) + "/" + std::to_string(temperatures) +
                                (spec_.replicas > 1 ? ", replica " + std::to_string(replica + 1) : "");
      auto report = [&](const Progress& p) {
        channel.progress(slot, (unitsDone + std::clamp(p.fraction, 0.0, 1.0)) / units,
                         where + ": " + p.stage);
      };

      const FlowSpec base = flowSpecFor(spec_, replica, CoarseGrainingRule::Learned);
      const auto sampleStart = Clock::now();
      // Imported samples are used in place (one temperature, one replica: no copy needed).
      SampleSet drawn;
      if (!imported_) drawn = drawSamples(samplingFor(base, i), stop, report);
      const SampleSet& samples = imported_ ? *imported_ : drawn;
      const double samplingSeconds =
          imported_ ? 0.0 : std::chrono::duration<double>(Clock::now() - sampleStart).count();
      unitsDone += 1;

      for (std::size_t t = 0; t < todo.size(); ++t) {
        const CoarseGrainingRule rule = todo[t];
        const RunKey key{replica, rule, i};
        const FlowSpec flow = flowSpecFor(spec_, replica, rule);
        const std::string ruleStage = rules.size() > 1 ? std::string(ruleName(rule)) + ", " : std::string();
        auto ruleReport = [&](const Progress& p) { report({ruleStage + p.stage, p.fraction}); };
        RgIterationResult result = iterateRg(
            samples, rgIterationFor(flow, i), stop,
            [&](const RgLevel& level) {
              RgLevel copy = level;
              copy.samples = {};
              channel.send(LevelEvent{key, std::move(copy)});
              unitsDone += 1;
            },
            [&](int level, const EpochRecord& record, const Filter& filter) {
              channel.send(EpochEvent{key, level, record, filter});
            },
            ruleReport);
        // Levels the window did not fit still count as done.
        unitsDone = 1 + unitsPerRule * static_cast<double>(t + 1);
        result.samplingSeconds = samplingSeconds;
        channel.send(TemperatureEvent{key, spec_.flow.betas[i], result});
        std::lock_guard lock(resultsMutex);
        if (t == 0) stages.sampling += samplingSeconds;
        for (const RgLevel& level : result.levels) {
          stages.learning += level.learning.seconds;
          stages.coarseGraining += level.coarseGrainingSeconds;
          stages.observing += level.observingSeconds;
        }
        runs[key] = std::move(result);
      }
      channel.progress(slot, 1.0, where + ": done");
    }
  });
  return runs;
}

FinishedRuns Experiment::runPart(const ExperimentPart& part, std::stop_token stop,
                                 const ExperimentEventSink& sink, FinishedRuns finished) const {
  if (std::string problem = validate(part); !problem.empty()) throw std::invalid_argument(problem);
  StageSeconds stages;
  return runTasks(part, stop, sink, finished, stages);
}

ExperimentResult Experiment::run(std::stop_token stop, const ExperimentEventSink& sink,
                                 FinishedRuns finished) const {
  const auto start = Clock::now();
  const std::vector<CoarseGrainingRule> rules = rulesOf(spec_);
  const std::size_t temperatures = spec_.flow.betas.size();
  StageSeconds stages;
  const FinishedRuns runs = runTasks(ExperimentPart{}, stop, sink, finished, stages);
  EventChannel channel(sink, 1);

  ExperimentResult result;
  std::map<CoarseGrainingRule, std::vector<FixedPointEstimate>> fixedPoints;
  std::vector<CollapseEstimate> collapses;
  for (int r = 0; r < spec_.replicas; ++r)
    for (CoarseGrainingRule rule : rules) {
      const FlowSpec flow = flowSpecFor(spec_, r, rule);
      std::vector<RgIterationResult> perTemperature;
      for (std::size_t i = 0; i < temperatures; ++i) perTemperature.push_back(runs.at(RunKey{r, rule, i}));
      FlowOutcome outcome;
      outcome.replica = r;
      outcome.rule = rule;
      outcome.flow = analyseFlow(flow, std::move(perTemperature));
      if (spec_.collapse && temperatures >= 2) {
        CollapseOptions options;
        options.rescaling = flow.rg.learning.window.blockWidth;
        options.window = flow.fixedPointWindow;
        outcome.collapse = collapseFlow(outcome.flow.points, outcome.flow.fixedPoint, options);
        if (rule == CoarseGrainingRule::Learned) collapses.push_back(outcome.collapse);
      }
      fixedPoints[rule].push_back(outcome.flow.fixedPoint);
      channel.send(FlowEvent{r, rule, outcome.flow});
      result.flows.push_back(std::move(outcome));
    }
  result.learned = combined(fixedPoints[CoarseGrainingRule::Learned]);
  if (spec_.compareMajority) result.majority = combined(fixedPoints[CoarseGrainingRule::Majority]);
  if (!collapses.empty()) result.collapse = combined(collapses);
  result.stages = stages;
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace rsmi
