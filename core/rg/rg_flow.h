#pragma once
// The RG flow experiment (SCIENCE.md §6): samples at a grid of temperatures, the RG iteration at
// each, a thermometer calibrated on the level-0 data of the grid, β_eff at every level, and the
// fixed point β* and ν from the step map β_0 → β_eff(1).
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/mc/sampling_spec.h"
#include "core/rg/flow_analysis.h"
#include "core/rg/rg_iteration.h"
#include "core/rg/thermometer.h"

namespace rsmi {

// What the thermometer measures: the learned MI (in nats) or a correlation of the samples.
enum class ThermometerKind { MutualInformation, NearestNeighbour, NextNearestNeighbour };
std::string_view thermometerName(ThermometerKind);  // "mi", "nn", "nnn"
std::optional<ThermometerKind> parseThermometer(std::string_view);

struct FlowSpec {
  SamplingSpec sampling;      // model, size, samples, seed ...; its beta is replaced by each of betas
  std::vector<double> betas;  // the temperature grid (at least 2, distinct)
  RgIterationSpec rg;         // geometry, estimator, training, steps
  ThermometerKind thermometer = ThermometerKind::MutualInformation;
  ThermometerFit fit = ThermometerFit::MonotoneInterpolation;
  double fitLow = 0, fitHigh = 0;  // β window of the linear fit (empty: all)
  int fixedPointWindow = 4;        // points nearest the crossing used for β* and Λ_T
};

struct FlowPoint {
  double beta0 = 0;
  int level = 0;
  int size = 0;                     // linear size of the level's lattice
  double miNats = 0;                // MI of the filter learned at this level (NaN if none)
  double reading = 0, readingError = 0;  // the thermometer's quantity measured at this level
  ThermometerReading betaEff;
  // The filter training diverged at this level or at one it was coarse-grained from: the point is
  // finite (made with the last good filters) and shown, but left out of the fixed-point and
  // collapse fits, and its temperature out of the thermometer's calibration when level 0 diverged.
  bool trainingDiverged = false;
};

struct FlowResult {
  std::vector<FlowPoint> points;          // for each β0 (grid order), each level
  std::vector<CalibrationPoint> calibration;
  FixedPointEstimate fixedPoint;          // of the level 0 → 1 step map
  std::vector<RgIterationResult> runs;    // one per β0
};

// Called after each temperature's RG iteration finishes (index into spec.betas). Temperatures run
// concurrently: the callback may be called from several threads at once.
using FlowRunCallback = std::function<void(std::size_t betaIndex, const RgIterationResult&)>;

// Empty when the spec can run; otherwise the problem, named. With `allowSingle`, one temperature is
// accepted (an RG iteration without thermometer or fixed point).
std::string validate(const FlowSpec& spec, bool allowSingle = false);

// The sampling and RG specs of temperature `betaIndex`: its own random streams (seed + 0x1000·index).
SamplingSpec samplingFor(const FlowSpec& spec, std::size_t betaIndex);
RgIterationSpec rgIterationFor(const FlowSpec& spec, std::size_t betaIndex);

// The samples of temperature `betaIndex` and its RG iteration; its own random streams
// (seed + 0x1000·index), so the result does not depend on which temperatures run, or in which order.
RgIterationResult runFlowTemperature(const FlowSpec& spec, std::size_t betaIndex, std::stop_token stop = {},
                                     const LevelCallback& onLevel = {}, const LevelEpochCallback& onEpoch = {},
                                     const ProgressSink& progress = {});

// Thermometer, β_eff and fixed point from finished runs (one per β of spec.betas, in grid order).
// With one temperature: the points with their MI and readings, β_eff NaN, no fixed point.
FlowResult analyseFlow(const FlowSpec& spec, std::vector<RgIterationResult> runs);

// All temperatures (concurrently, each in its own isolated TBB region so that memory stays bounded by
// the worker count), then analyseFlow. Throws std::invalid_argument (validate()'s message),
// Cancelled, or what the parts throw.
FlowResult runFlow(const FlowSpec& spec, std::stop_token stop = {}, const FlowRunCallback& onRun = {},
                   const ProgressSink& progress = {});

} // namespace rsmi
