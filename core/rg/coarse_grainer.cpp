#include "core/rg/coarse_grainer.h"

#include <atomic>
#include <stdexcept>
#include <string>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "core/common/random.h"
#include "core/learn/spin_states.h"

namespace rsmi {

namespace {

// One hidden state from the row p(·|v): a draw (one uniform number per block, always, so that the
// stream stays aligned), or the most probable state with ties going to the higher index (h = +1).
template <typename Row>
Eigen::Index pickState(const Row& p, CoarseGrainingMode mode, Xoshiro256pp& rng) {
  const Eigen::Index states = p.size();
  if (mode == CoarseGrainingMode::Deterministic) {
    Eigen::Index best = 0;
    for (Eigen::Index k = 1; k < states; ++k)
      if (p(k) >= p(best)) best = k;
    return best;
  }
  const double u = rng.uniform();
  double cumulative = 0;
  for (Eigen::Index k = 0; k + 1 < states; ++k) {
    cumulative += p(k);
    if (u < cumulative) return k;
  }
  return states - 1;
}

} // namespace

std::string validateCoarseGraining(const SampleSet& samples, const HiddenConditional& rule,
                                   const CoarseGrainingOptions& o) {
  using std::to_string;
  const bool oneD = samples.shape.size() == 1;
  if (samples.shape.size() != 1 && samples.shape.size() != 2) return "samples must be 1D or 2D lattices";
  const int width = oneD ? samples.shape[0] : samples.shape[1];
  const int height = oneD ? 1 : samples.shape[0];
  if (o.blockWidth < 1 || o.blockHeight < 1) return "the block must be at least 1x1";
  if (oneD && o.blockHeight != 1) return "a 1D lattice is coarse-grained with segments (block height 1)";
  if (width % o.blockWidth || height % o.blockHeight)
    return "a " + to_string(o.blockWidth) + "x" + to_string(o.blockHeight) + " block does not tile the " +
           to_string(width) + "x" + to_string(height) + " lattice";
  if (rule.visibleCount() != o.blockWidth * o.blockHeight)
    return "the filter has " + to_string(rule.visibleCount()) + " visible weights but the block has " +
           to_string(o.blockWidth * o.blockHeight) + " sites";
  if (rule.hiddenCount() < 1 || rule.hiddenCount() > 16) return "the filter must have 1 to 16 hidden units";
  return {};
}

SampleSet coarseGrain(const SampleSet& samples, const HiddenConditional& rule, const CoarseGrainingOptions& o,
                      std::stop_token stop, const ProgressSink& progress) {
  if (std::string problem = validateCoarseGraining(samples, rule, o); !problem.empty())
    throw std::invalid_argument(problem);
  const bool oneD = samples.shape.size() == 1;
  const int width = oneD ? samples.shape[0] : samples.shape[1];
  const int height = oneD ? 1 : samples.shape[0];
  const int bw = o.blockWidth, bh = o.blockHeight, nv = bw * bh, nh = rule.hiddenCount();
  const int blocksX = width / bw, blocksY = height / bh;

  // p(h|v) for every block state when the block is small enough to tabulate; otherwise per block.
  const bool tabulate = nv <= 16;
  const Matrix table = tabulate ? rule.hiddenProbabilities(allSpinStates(nv)) : Matrix();

  SampleSet coarse;
  coarse.shape = oneD ? std::vector<int>{blocksX * nh} : std::vector<int>{blocksY, blocksX * nh};
  const std::size_t coarseSites = static_cast<std::size_t>(blocksX) * blocksY * nh;
  coarse.values.resize(samples.count() * coarseSites);

  std::atomic<std::size_t> done{0};
  std::atomic<bool> cancelled{false};
  const int threads = o.threads > 0 ? o.threads : tbb::task_arena::automatic;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, samples.count(), 16), [&](const auto& range) {
      std::vector<std::int8_t> block(static_cast<std::size_t>(nv));
      Matrix row(1, nv);
      for (std::size_t n = range.begin(); n != range.end(); ++n) {
        if (stop.stop_requested()) {
          cancelled = true;
          return;
        }
        Xoshiro256pp rng = Xoshiro256pp::stream(o.seed, StreamPurpose::CoarseGraining, n);
        const auto fine = samples.sample(n);
        std::int8_t* out = coarse.values.data() + n * coarseSites;
        for (int by = 0; by < blocksY; ++by)
          for (int bx = 0; bx < blocksX; ++bx) {
            for (int dy = 0; dy < bh; ++dy)
              for (int dx = 0; dx < bw; ++dx)
                block[static_cast<std::size_t>(dy * bw + dx)] =
                    fine[static_cast<std::size_t>((by * bh + dy) * width + bx * bw + dx)];
            Eigen::Index state = 0;
            if (tabulate) {
              const auto probs = table.row(stateIndex(block.data(), nv));
              state = pickState(probs, o.mode, rng);
            } else {
              for (int i = 0; i < nv; ++i) row(0, i) = block[static_cast<std::size_t>(i)];
              state = pickState(rule.hiddenProbabilities(row).row(0), o.mode, rng);
            }
            for (int j = 0; j < nh; ++j)
              out[static_cast<std::size_t>(by * blocksX * nh + bx * nh + j)] = (state >> j) & 1 ? 1 : -1;
          }
        const std::size_t finished = ++done;
        if (progress && finished % 256 == 0)
          progress({"coarse-graining", static_cast<double>(finished) / static_cast<double>(samples.count())});
      }
    });
  });
  if (cancelled) throw Cancelled{};
  return coarse;
}

} // namespace rsmi
