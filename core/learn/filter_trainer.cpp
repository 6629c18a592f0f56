#include "core/learn/filter_trainer.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/common/random.h"

namespace rsmi {

namespace {

// Windows in a fixed random order (from the seed), so that contiguous minibatches mix samples.
WindowSet shuffled(const WindowSet& in, std::uint64_t seed) {
  std::vector<std::size_t> order(in.count());
  std::iota(order.begin(), order.end(), std::size_t{0});
  Xoshiro256pp rng = Xoshiro256pp::stream(seed, StreamPurpose::Training, 2);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  WindowSet out;
  out.visibleSize = in.visibleSize;
  out.environmentSize = in.environmentSize;
  out.visible.resize(in.visible.size());
  out.environment.resize(in.environment.size());
  for (std::size_t n = 0; n < order.size(); ++n) {
    std::copy_n(in.visible.begin() + static_cast<std::ptrdiff_t>(order[n] * in.visibleSize), in.visibleSize,
                out.visible.begin() + static_cast<std::ptrdiff_t>(n * in.visibleSize));
    std::copy_n(in.environment.begin() + static_cast<std::ptrdiff_t>(order[n] * in.environmentSize),
                in.environmentSize, out.environment.begin() + static_cast<std::ptrdiff_t>(n * in.environmentSize));
  }
  return out;
}

bool isFinite(const FilterGradient& g) { return g.weights.allFinite() && g.bias.allFinite(); }
bool isFinite(const Filter& f) { return f.weights.allFinite() && f.bias.allFinite(); }

std::string divergenceMessage(const std::string& what, int restart, int restarts, int epoch, double learningRate) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g", learningRate);
  std::string where = "epoch " + std::to_string(epoch);
  if (restarts > 1) where += " of restart " + std::to_string(restart + 1);
  const std::string kept = epoch > 2   ? "the best filter of epochs 1-" + std::to_string(epoch - 1)
                           : epoch == 2 ? std::string("the filter of epoch 1")
                                        : std::string("the random start");
  return "filter training diverged in " + where + " (" + what + "); kept " + kept +
         "; lower the learning rate (now " + rate + ")";
}

} // namespace

FilterTrainingResult trainFilter(MutualInformationEstimator& estimator, const WindowSplit& split,
                                 const FilterTrainingOptions& options, std::stop_token stop,
                                 const EpochCallback& onEpoch, const ProgressSink& progress) {
  if (split.training.count() == 0) throw std::invalid_argument("no training windows");
  if (split.heldOut.count() == 0) throw std::invalid_argument("no held-out windows");
  if (options.hiddenCount < 1) throw std::invalid_argument("at least one hidden unit is needed");
  if (options.epochs < 1 || options.restarts < 1 || options.minibatch < 1)
    throw std::invalid_argument("epochs, restarts and minibatch must be at least 1");
  if (!(options.learningRate > 0) || !std::isfinite(options.learningRate))
    throw std::invalid_argument("the learning rate must be a positive finite number");
  if (!(options.averagingSteps >= 0) || !std::isfinite(options.averagingSteps))
    throw std::invalid_argument("the averaging time constant must be a number >= 0");
  if (!(options.l2 >= 0) || !std::isfinite(options.l2) || !(options.spread >= 0) || !std::isfinite(options.spread))
    throw std::invalid_argument("the L2 and spread penalties must be numbers >= 0");

  const WindowSet training = shuffled(split.training, options.seed);
  const WindowBatch heldOut = WindowBatch::all(split.heldOut);
  const std::size_t batches = (training.count() + options.minibatch - 1) / options.minibatch;
  const int visible = training.visibleSize;

  FilterTrainingResult result;
  // Estimates can be negative (a variational bound, a toy objective): start below any of them.
  result.heldOutNats = -std::numeric_limits<double>::infinity();
  for (int restart = 0; restart < options.restarts; ++restart) {
    Filter filter = Filter::random(options.hiddenCount, visible, options.initialScale,
                                   options.seed + 0x9E37u * static_cast<std::uint64_t>(restart), options.hiddenBias);
    estimator.beginFilterTraining(filter, stop);
    FilterOptimizer optimizer(options.optimizer, options.learningRate, filter);
    FilterGradient gradient = FilterGradient::zerosLike(filter);
    // The moving average starts at the random start and follows the iterates; with averaging off it
    // is the iterate itself.
    Filter averaged = filter;
    const double follow = options.averagingSteps > 0 ? 1.0 / (1.0 + options.averagingSteps) : 1.0;
    // The last good snapshot: until an epoch finishes, the random start.
    Filter best = filter;
    double bestHeldOut = -std::numeric_limits<double>::infinity();
    int sinceBest = 0, epoch = 0;
    bool early = false;
    std::string diverged;
    for (epoch = 1; epoch <= options.epochs; ++epoch) {
      double sum = 0;
      for (std::size_t b = 0; b < batches && diverged.empty(); ++b) {
        if (stop.stop_requested()) throw Cancelled{};
        const std::size_t first = b * options.minibatch;
        const WindowBatch batch{&training, first, std::min(options.minibatch, training.count() - first)};
        const double value = estimator.estimateWithGradient(filter, batch, gradient);
        gradient.weights -= options.l2 * filter.weights;  // ascent of I − (l2/2)|λ|²
        if (options.spread > 0)  // ascent of −(spread/2)·Σ (λ_ij − mean_i λ_ij)²
          gradient.weights -= options.spread * (filter.weights.colwise() - filter.weights.rowwise().mean());
        // Checked before the step: one NaN in the gradient would reach every weight through Adam's
        // moments, and from there the coarse-graining of every later RG step.
        if (!std::isfinite(value)) diverged = "the minibatch estimate of I(H:E) is not finite";
        else if (!isFinite(gradient)) diverged = "the gradient is not finite";
        else {
          optimizer.step(filter, gradient);
          if (!isFinite(filter)) diverged = "the weights are not finite";
          else if (follow < 1) {
            averaged.weights += follow * (filter.weights - averaged.weights);
            averaged.bias += follow * (filter.bias - averaged.bias);
          }
        }
        sum += value;
      }
      EpochRecord record{restart, epoch, sum / static_cast<double>(batches), 0.0};
      if (follow == 1 && diverged.empty()) averaged = filter;
      if (diverged.empty()) {
        record.heldOutNats = estimator.estimate(averaged, heldOut);
        if (!std::isfinite(record.heldOutNats)) diverged = "the held-out estimate of I(H:E) is not finite";
      }
      if (!diverged.empty()) break;
      result.curve.push_back(record);
      if (onEpoch) onEpoch(record, averaged);
      if (progress)
        progress({"training filter", (restart + static_cast<double>(epoch) / options.epochs) / options.restarts});
      if (record.heldOutNats > bestHeldOut) {
        const bool improved = record.heldOutNats > bestHeldOut + options.minImprovement;
        bestHeldOut = record.heldOutNats;
        best = averaged;
        if (improved) sinceBest = 0;
        else if (options.patience > 0 && ++sinceBest >= options.patience) {
          early = true;
          break;
        }
      } else if (options.patience > 0 && ++sinceBest >= options.patience) {
        early = true;
        break;
      }
    }
    if (!diverged.empty()) {
      if (result.divergedRestarts++ == 0)
        result.divergence = divergenceMessage(diverged, restart, options.restarts, epoch, options.learningRate);
      // Diverged in its first epoch: the random start is all this restart has; score it so that it
      // competes fairly (a random start of small weights always has a finite estimate).
      if (bestHeldOut == -std::numeric_limits<double>::infinity()) {
        const double start = estimator.estimate(best, heldOut);
        bestHeldOut = std::isfinite(start) ? start : std::numeric_limits<double>::lowest();
      }
    }
    if (bestHeldOut > result.heldOutNats) {
      result.filter = best;
      result.heldOutNats = bestHeldOut;
      result.bestRestart = restart;
      result.epochsRun = diverged.empty() ? std::min(epoch, options.epochs) : epoch - 1;  // finished epochs
      result.stoppedEarly = early;
    }
  }
  if (result.divergedRestarts > 1)
    result.divergence += " (" + std::to_string(result.divergedRestarts) + " of " + std::to_string(options.restarts) +
                         " restarts diverged)";
  fixSigns(result.filter);
  return result;
}

} // namespace rsmi
