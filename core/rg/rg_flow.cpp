#include "core/rg/rg_flow.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "core/mc/draw_samples.h"

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

// The thermometer's quantity at one level, with its error (0 for the MI: no error bar yet).
std::pair<double, double> readingOf(const RgLevel& level, ThermometerKind kind) {
  switch (kind) {
    case ThermometerKind::MutualInformation:
      return {level.learned ? level.learning.heldOutNats : std::numeric_limits<double>::quiet_NaN(), 0.0};
    case ThermometerKind::NearestNeighbour:
      return {level.observables.nearestNeighbour.mean, level.observables.nearestNeighbour.error};
    case ThermometerKind::NextNearestNeighbour:
      return {level.observables.nextNearestNeighbour.mean, level.observables.nextNearestNeighbour.error};
  }
  return {0, 0};
}

} // namespace

std::string validate(const FlowSpec& spec) {
  if (spec.betas.size() < 2) return "a flow needs at least two temperatures";
  std::set<double> distinct;
  for (double b : spec.betas) {
    if (!std::isfinite(b) || b <= 0) return "every beta of the flow must be a positive finite number";
    if (!distinct.insert(b).second) return "the flow's temperature list has a repeated beta";
  }
  if (spec.rg.steps < 1) return "a flow needs at least one RG step";
  SamplingSpec probe = spec.sampling;
  probe.beta = spec.betas.front();
  if (std::string problem = validate(probe); !problem.empty()) return problem;
  if (spec.sampling.model == ModelKind::Dimer) return "the flow's thermometers need an Ising model";
  return {};
}

FlowResult runFlow(const FlowSpec& spec, std::stop_token stop, const FlowRunCallback& onRun,
                   const ProgressSink& progress) {
  if (std::string problem = validate(spec); !problem.empty()) throw std::invalid_argument(problem);
  FlowResult result;
  const std::size_t n = spec.betas.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (stop.stop_requested()) throw Cancelled{};
    auto stage = [&](const Progress& p) {
      if (progress) progress({"beta " + std::to_string(i + 1) + "/" + std::to_string(n) + ": " + p.stage,
                              (static_cast<double>(i) + p.fraction) / static_cast<double>(n)});
    };
    SamplingSpec sampling = spec.sampling;
    sampling.beta = spec.betas[i];
    sampling.seed = spec.sampling.seed + 0x1000u * static_cast<std::uint64_t>(i);  // own stream per temperature
    const SampleSet samples = drawSamples(sampling, stop, stage);
    RgIterationSpec rg = spec.rg;
    rg.seed = spec.rg.seed + 0x1000u * static_cast<std::uint64_t>(i);
    result.runs.push_back(iterateRg(samples, rg, stop, {}, {}, stage));
    if (onRun) onRun(i, result.runs.back());
  }

  // Calibration: the level-0 readings over the grid.
  for (std::size_t i = 0; i < n; ++i) {
    const auto [value, error] = readingOf(result.runs[i].levels.front(), spec.thermometer);
    result.calibration.push_back({spec.betas[i], value, error});
  }
  const Thermometer thermometer(result.calibration, spec.fit, spec.fitLow, spec.fitHigh);

  std::vector<StepMapPoint> stepMap;
  for (std::size_t i = 0; i < n; ++i) {
    for (const RgLevel& level : result.runs[i].levels) {
      FlowPoint p;
      p.beta0 = spec.betas[i];
      p.level = level.level;
      p.size = level.shape.back();
      p.miNats = level.learned ? level.learning.heldOutNats : std::numeric_limits<double>::quiet_NaN();
      std::tie(p.reading, p.readingError) = readingOf(level, spec.thermometer);
      if (std::isfinite(p.reading)) p.betaEff = thermometer.read(p.reading, p.readingError);
      else p.betaEff = {std::numeric_limits<double>::quiet_NaN(), 0, true};
      if (level.level == 1 && !p.betaEff.outOfRange)
        stepMap.push_back({p.beta0, 0.0, p.betaEff.beta, p.betaEff.error});
      result.points.push_back(p);
    }
  }
  result.fixedPoint = fixedPointOfStepMap(stepMap, spec.rg.learning.window.blockWidth, spec.fixedPointWindow);
  return result;
}

} // namespace rsmi
