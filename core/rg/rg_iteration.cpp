#include "core/rg/rg_iteration.h"

#include <chrono>
#include <stdexcept>

#include "core/learn/fixed_rules.h"

namespace rsmi {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
} // namespace

std::string_view ruleName(CoarseGrainingRule r) {
  return r == CoarseGrainingRule::Majority ? "majority" : "learned";
}

std::optional<CoarseGrainingRule> parseRule(std::string_view s) {
  for (auto r : {CoarseGrainingRule::Learned, CoarseGrainingRule::Majority})
    if (s == ruleName(r)) return r;
  return std::nullopt;
}

RgIterationResult iterateRg(const SampleSet& input, const RgIterationSpec& spec, std::stop_token stop,
                            const LevelCallback& onLevel, const LevelEpochCallback& onEpoch,
                            const ProgressSink& progress) {
  if (spec.steps < 0) throw std::invalid_argument("the number of RG steps must be >= 0");
  if (spec.steps > 0)
    if (std::string problem = validate(spec.learning, input.shape, input.count()); !problem.empty())
      throw std::invalid_argument(problem);

  RgIterationResult result;
  const SubsetMajorityRule majority = majorityRule(spec.learning.window.blockWidth, spec.learning.window.blockHeight);
  SampleSet current = input;
  for (int level = 0;; ++level) {
    if (stop.stop_requested()) throw Cancelled{};
    RgLevel record;
    record.level = level;
    record.shape = current.shape;
    auto clock = std::chrono::steady_clock::now();
    record.observables = measureIsing(current, 1.0);
    record.observingSeconds = secondsSince(clock);

    // Learn at every level the window fits — the last one too, so that an MI thermometer can read
    // it — and coarse-grain while steps remain.
    const std::string problem = validate(spec.learning, current.shape, current.count());
    const bool wantStep = level < spec.steps;
    if (problem.empty() && (wantStep || spec.learnAtLastLevel)) {
      LearningSpec learning = spec.learning;
      learning.training.seed = spec.seed + static_cast<std::uint64_t>(level);
      auto levelProgress = [&](const Progress& p) {
        if (progress) progress({"level " + std::to_string(level) + ": " + p.stage, p.fraction});
      };
      if (spec.rule == CoarseGrainingRule::Majority) {
        learning.scoreBaselines = false;
        record.learning = scoreFixedRule(current, learning, majority, stop, levelProgress);
      } else {
        record.learning = learnFilter(
            current, learning, stop,
            [&](const EpochRecord& e, const Filter& f) {
              if (onEpoch) onEpoch(level, e, f);
            },
            levelProgress);
      }
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
      clock = std::chrono::steady_clock::now();
      // A diverged training hands back its last good filter (filter_trainer.h), never a NaN one;
      // this guards every later level against a filter that would turn every coarse spin random.
      const Filter& learned = record.learning.training.filter;
      if (spec.rule == CoarseGrainingRule::Learned && !(learned.weights.allFinite() && learned.bias.allFinite()))
        throw std::logic_error("level " + std::to_string(level) + ": the learned filter is not finite");
      const HiddenConditional& rule = spec.rule == CoarseGrainingRule::Majority
                                          ? static_cast<const HiddenConditional&>(majority)
                                          : learned;
      next = coarseGrain(current, rule, cg, stop);
      record.coarseGrainingSeconds = secondsSince(clock);
    }
    if (spec.keepSamples) record.samples = current;
    if (current.count() > 0) {
      record.snapshot.shape = current.shape;
      const auto first = current.sample(0);
      record.snapshot.values.assign(first.begin(), first.end());
    }
    if (onLevel) onLevel(record);
    result.levels.push_back(std::move(record));
    if (!wantStep || !result.stoppedBecause.empty()) break;
    current = std::move(next);
  }
  return result;
}

} // namespace rsmi
