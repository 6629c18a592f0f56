#include "core/learn/filter_trainer.h"

#include <algorithm>
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
    Filter best = filter;
    double bestHeldOut = -std::numeric_limits<double>::infinity();
    int sinceBest = 0, epoch = 0;
    bool early = false;
    for (epoch = 1; epoch <= options.epochs; ++epoch) {
      double sum = 0;
      for (std::size_t b = 0; b < batches; ++b) {
        if (stop.stop_requested()) throw Cancelled{};
        const std::size_t first = b * options.minibatch;
        const WindowBatch batch{&training, first, std::min(options.minibatch, training.count() - first)};
        sum += estimator.estimateWithGradient(filter, batch, gradient);
        gradient.weights -= options.l2 * filter.weights;  // ascent of I − (l2/2)|λ|²
        if (options.spread > 0)  // ascent of −(spread/2)·Σ (λ_ij − mean_i λ_ij)²
          gradient.weights -= options.spread * (filter.weights.colwise() - filter.weights.rowwise().mean());
        optimizer.step(filter, gradient);
      }
      if (!filter.weights.allFinite() || !filter.bias.allFinite())
        throw std::runtime_error("filter training diverged (non-finite weights); lower the learning rate");
      const EpochRecord record{restart, epoch, sum / static_cast<double>(batches), estimator.estimate(filter, heldOut)};
      result.curve.push_back(record);
      if (onEpoch) onEpoch(record, filter);
      if (progress)
        progress({"training filter", (restart + static_cast<double>(epoch) / options.epochs) / options.restarts});
      if (record.heldOutNats > bestHeldOut) {
        const bool improved = record.heldOutNats > bestHeldOut + options.minImprovement;
        bestHeldOut = record.heldOutNats;
        best = filter;
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
    if (bestHeldOut > result.heldOutNats) {
      result.filter = best;
      result.heldOutNats = bestHeldOut;
      result.bestRestart = restart;
      result.epochsRun = std::min(epoch, options.epochs);
      result.stoppedEarly = early;
    }
  }
  fixSigns(result.filter);
  return result;
}

} // namespace rsmi
