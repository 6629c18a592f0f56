#include "core/rg/rg_flow.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include <mutex>

#include "core/common/independent_tasks.h"
#include "core/mc/draw_samples.h"
#include "core/rg/dimer_rg_step.h"

namespace rsmi {

std::string_view thermometerName(ThermometerKind k) {
  switch (k) {
    case ThermometerKind::MutualInformation: return "mi";
    case ThermometerKind::NearestNeighbour: return "nn";
    case ThermometerKind::NextNearestNeighbour: return "nnn";
  }
  return "?";
}

std::optional<ThermometerKind> parseThermometer(std::string_view s) {
  for (auto k : {ThermometerKind::MutualInformation, ThermometerKind::NearestNeighbour,
                 ThermometerKind::NextNearestNeighbour})
    if (s == thermometerName(k)) return k;
  return std::nullopt;
}

namespace {

// The thermometer's quantity at one level, with its error.
std::pair<double, double> readingOf(const RgLevel& level, ThermometerKind kind) {
  switch (kind) {
    case ThermometerKind::MutualInformation:
      if (!level.learned) return {std::numeric_limits<double>::quiet_NaN(), 0.0};
      return {level.learning.heldOutNats, level.learning.heldOutError};
    case ThermometerKind::NearestNeighbour:
      return {level.observables.nearestNeighbour.mean, level.observables.nearestNeighbour.error};
    case ThermometerKind::NextNearestNeighbour:
      return {level.observables.nextNearestNeighbour.mean, level.observables.nextNearestNeighbour.error};
  }
  return {0, 0};
}

} // namespace

std::string validate(const FlowSpec& spec, bool allowSingle) {
  if (spec.betas.empty() || (spec.betas.size() < 2 && !allowSingle && hasTemperature(spec.sampling)))
    return "a flow needs at least two temperatures";
  std::set<double> distinct;
  for (double b : spec.betas) {
    if (!std::isfinite(b) || b <= 0) return "every beta of the flow must be a positive finite number";
    if (!distinct.insert(b).second) return "the flow's temperature list has a repeated beta";
  }
  if (spec.rg.steps < 1) return "a flow needs at least one RG step";
  SamplingSpec probe = spec.sampling;
  probe.beta = spec.betas.front();
  if (std::string problem = validate(probe); !problem.empty()) return problem;
  // Dimers: one placeholder temperature, one step, a window of whole cells (dimer_rg_step.h).
  if (std::string problem = validateDimerFlow(spec); !problem.empty()) return problem;
  return {};
}

SamplingSpec samplingFor(const FlowSpec& spec, std::size_t i) {
  SamplingSpec sampling = spec.sampling;
  sampling.beta = spec.betas.at(i);
  sampling.seed = spec.sampling.seed + 0x1000u * static_cast<std::uint64_t>(i);
  return sampling;
}

RgIterationSpec rgIterationFor(const FlowSpec& spec, std::size_t i) {
  RgIterationSpec rg = spec.rg;
  // Nothing reads the MI of a dimer run's coarse lattice (no thermometer), and the dimer window means
  // nothing there (dimer_rg_step.h): learn at level 0 only.
  rg.learnAtLastLevel = hasTemperature(spec.sampling.model);
  rg.seed = spec.rg.seed + 0x1000u * static_cast<std::uint64_t>(i);
  return rg;
}

RgIterationResult runFlowTemperature(const FlowSpec& spec, std::size_t i, std::stop_token stop,
                                     const LevelCallback& onLevel, const LevelEpochCallback& onEpoch,
                                     const ProgressSink& progress) {
  if (i >= spec.betas.size()) throw std::invalid_argument("no temperature with that index in the flow");
  const SamplingSpec sampling = samplingFor(spec, i);
  const auto start = std::chrono::steady_clock::now();
  const SampleSet samples = drawSamples(sampling, stop, progress);
  const double samplingSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RgIterationResult result = iterateRg(samples, rgIterationFor(spec, i), stop, onLevel, onEpoch, progress);
  result.samplingSeconds = samplingSeconds;
  return result;
}

FlowResult runFlow(const FlowSpec& spec, std::stop_token stop, const FlowRunCallback& onRun,
                   const ProgressSink& progress) {
  if (std::string problem = validate(spec, true); !problem.empty()) throw std::invalid_argument(problem);
  const std::size_t n = spec.betas.size();
  std::vector<RgIterationResult> runs(n);
  // Progress: the fraction done of each temperature, summed (temperatures run side by side).
  std::mutex progressMutex;
  std::vector<double> done(n, 0.0);
  runIndependentTasks(n, stop, [&](std::size_t i, std::stop_token stop) {
    {
      auto stage = [&](const Progress& p) {
        if (!progress) return;
        std::lock_guard lock(progressMutex);
        done[i] = p.fraction;
        double total = 0;
        for (double d : done) total += d;
        progress({"beta " + std::to_string(i + 1) + "/" + std::to_string(n) + ": " + p.stage,
                  total / static_cast<double>(n)});
      };
      runs[i] = runFlowTemperature(spec, i, stop, {}, {}, stage);
      if (onRun) onRun(i, runs[i]);
    }
  });
  return analyseFlow(spec, std::move(runs));
}

FlowResult analyseFlow(const FlowSpec& spec, std::vector<RgIterationResult> runs) {
  const std::size_t n = spec.betas.size();
  if (runs.size() != n) throw std::invalid_argument("analyseFlow: one run per temperature is needed");
  FlowResult result;
  result.runs = std::move(runs);
  auto diverged = [](const RgLevel& level) { return level.learned && !level.learning.training.divergence.empty(); };
  for (std::size_t i = 0; i < n; ++i) {
    const auto [value, error] = readingOf(result.runs[i].levels.front(), spec.thermometer);
    result.calibration.push_back({spec.betas[i], value, error});
  }
  // A temperature whose level-0 training diverged reads a poor filter's MI: it does not calibrate
  // the thermometer, as long as two temperatures remain that do.
  std::vector<CalibrationPoint> calibration;
  for (std::size_t i = 0; i < n; ++i)
    if (!diverged(result.runs[i].levels.front())) calibration.push_back(result.calibration[i]);
  if (calibration.size() < 2) calibration = result.calibration;
  std::optional<Thermometer> thermometer;
  if (n >= 2) thermometer.emplace(calibration, spec.fit, spec.fitLow, spec.fitHigh);

  std::vector<StepMapPoint> stepMap;
  int leftOut = 0;  // temperatures whose step-map point a diverged training spoilt
  for (std::size_t i = 0; i < n; ++i) {
    bool divergedSoFar = false;  // at this level or one it was coarse-grained from
    for (const RgLevel& level : result.runs[i].levels) {
      divergedSoFar = divergedSoFar || diverged(level);
      FlowPoint p;
      p.trainingDiverged = divergedSoFar;
      p.beta0 = spec.betas[i];
      p.level = level.level;
      p.size = level.shape.back();
      p.miNats = level.learned ? level.learning.heldOutNats : std::numeric_limits<double>::quiet_NaN();
      std::tie(p.reading, p.readingError) = readingOf(level, spec.thermometer);
      if (thermometer && std::isfinite(p.reading)) p.betaEff = thermometer->read(p.reading, p.readingError);
      else p.betaEff = {std::numeric_limits<double>::quiet_NaN(), 0, true};
      if (level.level == 1 && !p.betaEff.outOfRange) {
        if (!p.trainingDiverged) stepMap.push_back({p.beta0, 0.0, p.betaEff.beta, p.betaEff.error});
        else ++leftOut;
      }
      result.points.push_back(p);
    }
  }
  if (thermometer) {
    result.fixedPoint = fixedPointOfStepMap(stepMap, spec.rg.learning.window.blockWidth, spec.fixedPointWindow);
    if (!result.fixedPoint.found && leftOut > 0)
      result.fixedPoint.problem += " (" + std::to_string(leftOut) + " of " + std::to_string(n) +
                                   " temperatures left out: their filter training diverged)";
  } else if (!hasTemperature(spec.sampling.model)) {
    result.fixedPoint.problem = "dimers have no temperature: no thermometer, no RG flow";
  } else if (!hasTemperature(spec.sampling)) {
    result.fixedPoint.problem = "imported samples have no known temperature: no thermometer, no RG flow";
  } else {
    result.fixedPoint.problem = "one temperature: no step map";
  }
  return result;
}

} // namespace rsmi
