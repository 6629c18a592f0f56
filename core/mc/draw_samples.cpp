// drawSamples: independent chains in parallel (DESIGN.md, "Threads and cancellation" and
// "Reproducibility"). Chain c has its own random stream (seed, MarkovChain, c) and fills the fixed
// slice [c·N/C, (c+1)·N/C) of the output, so the bytes depend on the seed only, never on threads.
#include "core/mc/draw_samples.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "core/mc/markov_chain.h"

namespace rsmi {
namespace {

// Reports each stage's fraction at most once per percent, serialised, and never backwards.
class ProgressReporter {
public:
  ProgressReporter(const ProgressSink& sink, std::uint64_t thermalTotal, std::uint64_t sampleTotal)
      : sink_(sink), totals_{thermalTotal, sampleTotal} {}

  void add(int stage, std::uint64_t amount) {
    if (!sink_ || totals_[stage] == 0) return;
    const std::uint64_t done = done_[stage].fetch_add(amount, std::memory_order_relaxed) + amount;
    const int percent = static_cast<int>(std::min<std::uint64_t>(100, done * 100 / totals_[stage]));
    if (percent <= reported_[stage].load(std::memory_order_relaxed)) return;
    std::lock_guard lock(mutex_);
    if (percent <= reported_[stage].load(std::memory_order_relaxed)) return;
    reported_[stage].store(percent, std::memory_order_relaxed);
    sink_(Progress{stage == 0 ? "thermalising" : "sampling", percent / 100.0});
  }

private:
  const ProgressSink& sink_;
  std::uint64_t totals_[2];
  std::atomic<std::uint64_t> done_[2]{0, 0};
  std::atomic<int> reported_[2]{-1, -1};
  std::mutex mutex_;
};

} // namespace

int resolvedChains(const SamplingSpec& spec) {
  if (spec.chains > 0) return spec.chains;
  // Depends on the sample count only (never on the machine), so a seed means the same bytes
  // everywhere; 8 chains keep 2–8 cores busy without paying for many thermalisations.
  return std::clamp(spec.samples, 1, 8);
}

SamplingSpec resolvedSpec(SamplingSpec spec) {
  spec.sampler = resolvedSampler(spec);
  spec.chains = resolvedChains(spec);
  if (spec.thermalization < 0 || spec.spacing < 0) {
    const auto chain = makeChain(spec, 0);
    if (spec.thermalization < 0) spec.thermalization = chain->defaultThermalization();
    if (spec.spacing < 0) spec.spacing = chain->defaultSpacing();
  }
  return spec;
}

SampleSet drawSamples(const SamplingSpec& spec, std::stop_token stop, const ProgressSink& progress) {
  if (const std::string problem = validate(spec); !problem.empty()) throw std::invalid_argument(problem);
  const int C = resolvedChains(spec);
  const std::int64_t N = spec.samples;
  auto first = [&](int c) { return static_cast<std::int64_t>(c) * N / C; };

  // The automatic schedule is chain 0's default (for Wolff, its pilot run), used by every chain, so
  // that a spec with these numbers written in (what the CLI records in a manifest) gives the same bytes.
  SampleSet out;
  int thermalization = spec.thermalization, spacing = spec.spacing;
  {
    const auto probe = makeChain(spec, 0);
    probe->setStopToken(stop);
    out.shape = probe->shape();
    if (thermalization < 0) thermalization = probe->defaultThermalization();
    if (spacing < 0) spacing = probe->defaultSpacing();
  }
  if (stop.stop_requested()) throw Cancelled{};
  const std::size_t sites = out.sitesPerSample();
  out.values.assign(static_cast<std::size_t>(N) * sites, 0);

  int activeChains = 0;
  for (int c = 0; c < C; ++c) activeChains += first(c + 1) > first(c) ? 1 : 0;
  ProgressReporter reporter(progress, static_cast<std::uint64_t>(thermalization) * activeChains,
                            static_cast<std::uint64_t>(N));

  std::atomic<bool> cancelled{false};
  tbb::task_group_context context;
  tbb::task_arena arena(spec.threads > 0 ? spec.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<int>(0, C, 1),
        [&](const tbb::blocked_range<int>& range) {
          for (int c = range.begin(); c != range.end(); ++c) {
            if (first(c + 1) == first(c)) continue;  // a chain without samples does nothing
            auto stopped = [&] {
              if (stop.stop_requested() || cancelled.load(std::memory_order_relaxed)) {
                cancelled.store(true, std::memory_order_relaxed);
                context.cancel_group_execution();
                return true;
              }
              return false;
            };
            const auto chain = makeChain(spec, static_cast<std::uint64_t>(c));
            chain->setStopToken(stop);
            // Progress in chunks of ~1% of the thermalisation keeps the shared counters off the hot path.
            const int chunk = std::max(1, thermalization / 100);
            for (int t = 0; t < thermalization; ++t) {
              if (stopped()) return;
              chain->update();
              if ((t + 1) % chunk == 0 || t + 1 == thermalization)
                reporter.add(0, static_cast<std::uint64_t>((t + 1) % chunk == 0 ? chunk : (t + 1) % chunk));
            }
            for (std::int64_t i = first(c); i < first(c + 1); ++i) {
              for (int u = 0; u < spacing; ++u) {
                if (stopped()) return;
                chain->update();
              }
              chain->snapshot(out.sample(static_cast<std::size_t>(i)));
              reporter.add(1, 1);
            }
          }
        },
        tbb::simple_partitioner{}, context);
  });
  if (cancelled.load() || stop.stop_requested()) throw Cancelled{};
  return out;
}

} // namespace rsmi
