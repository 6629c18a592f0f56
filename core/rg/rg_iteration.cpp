#include "core/rg/rg_iteration.h"

#include <stdexcept>

namespace rsmi {

RgIterationResult iterateRg(const SampleSet& input, const RgIterationSpec& spec, std::stop_token stop,
                            const LevelCallback& onLevel, const LevelEpochCallback& onEpoch,
                            const ProgressSink& progress) {
  if (spec.steps < 0) throw std::invalid_argument("the number of RG steps must be >= 0");
  if (spec.steps > 0)
    if (std::string problem = validate(spec.learning, input.shape, input.count()); !problem.empty())
      throw std::invalid_argument(problem);

  RgIterationResult result;
  SampleSet current = input;
  for (int level = 0;; ++level) {
    if (stop.stop_requested()) throw Cancelled{};
    RgLevel record;
    record.level = level;
    record.shape = current.shape;
    record.observables = measureIsing(current, 1.0);

    // Learn at every level the window fits — the last one too, so that an MI thermometer can read
    // it — and coarse-grain while steps remain.
    const std::string problem = validate(spec.learning, current.shape, current.count());
    const bool wantStep = level < spec.steps;
    if (problem.empty()) {
      LearningSpec learning = spec.learning;
      learning.training.seed = spec.seed + static_cast<std::uint64_t>(level);
      auto levelProgress = [&](const Progress& p) {
        if (progress) progress({"level " + std::to_string(level) + ": " + p.stage, p.fraction});
      };
      record.learning = learnFilter(
          current, learning, stop,
          [&](const EpochRecord& e, const Filter& f) {
            if (onEpoch) onEpoch(level, e, f);
          },
          levelProgress);
      record.learned = true;
    } else if (wantStep) {
      result.stoppedBecause = "level " + std::to_string(level) + ": " + problem;
    }
    SampleSet next;
    if (wantStep && record.learned) {
      CoarseGrainingOptions cg;
      cg.blockWidth = spec.learning.window.blockWidth;
      cg.blockHeight = spec.learning.window.blockHeight;
      cg.mode = spec.mode;
      cg.seed = spec.seed + static_cast<std::uint64_t>(level);
      cg.threads = spec.threads;
      next = coarseGrain(current, record.learning.training.filter, cg, stop);
    }
    if (spec.keepSamples) record.samples = current;
    if (onLevel) onLevel(record);
    result.levels.push_back(std::move(record));
    if (!wantStep || !result.stoppedBecause.empty()) break;
    current = std::move(next);
  }
  return result;
}

} // namespace rsmi
