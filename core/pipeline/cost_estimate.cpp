#include "core/pipeline/cost_estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>
#include <unistd.h>

namespace rsmi {

namespace {

double sitesPerSample(const SamplingSpec& s) {
  const double L = s.size;
  switch (s.model) {
    case ModelKind::Ising1D: return L;
    case ModelKind::Ising2D: return L * L;
    case ModelKind::Dimer: return 4 * L * L;  // links and noise spins: a 2L × 2L array (docs/cli.md)
  }
  return L * L;
}

std::string bytesText(double bytes) {
  static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) bytes /= 1024, ++u;
  char text[64];
  std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
  return text;
}

std::string durationText(double seconds) {
  struct Unit { double seconds; const char* name; };
  static const Unit units[] = {{365.25 * 86400, "years"}, {86400, "days"}, {3600, "hours"}, {60, "minutes"}};
  char text[64];
  for (const Unit& u : units)
    if (seconds >= 2 * u.seconds) {
      std::snprintf(text, sizeof text, "%.3g %s", seconds / u.seconds, u.name);
      return text;
    }
  std::snprintf(text, sizeof text, "%.0f seconds", seconds);
  return text;
}

} // namespace

CostEstimate estimateCost(const RunSpec& spec, int cores) {
  const FlowSpec& f = spec.flow;
  const WindowGeometry& w = f.rg.learning.window;
  if (cores <= 0) cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CostEstimate e;
  e.tasks = static_cast<std::size_t>(std::max(spec.replicas, 1)) * f.betas.size();
  e.workers = f.sampling.threads > 0 ? std::min(f.sampling.threads, cores) : cores;
  // Temperatures run side by side on TBB's default arena (runIndependentTasks), whatever the thread
  // count given for sampling and coarse-graining: as many at once as the machine has cores.
  e.concurrentTasks = static_cast<int>(std::min<std::size_t>(e.tasks, static_cast<std::size_t>(cores)));
  e.samplesPerTask = std::max(f.sampling.samples, 0);
  const double sites = sitesPerSample(f.sampling);
  e.level0BytesPerTask = e.samplesPerTask * sites;

  // Windows of level 0: one per block, V and E one byte per site each, training and held-out
  // subsets capped by max_training_windows / max_held_out_windows (0: all).
  const double block = std::max(1, w.blockWidth) * std::max(1, w.blockHeight);
  const bool oneDimensional = f.sampling.model == ModelKind::Ising1D;
  const double side = 2.0 * (w.buffer + w.environment);
  const double windowSites = oneDimensional ? w.blockWidth + side : (w.blockWidth + side) * (w.blockHeight + side);
  const double allWindows = e.samplesPerTask * sites / block;
  const double heldOut = std::clamp(f.rg.learning.heldOutFraction, 0.0, 1.0);
  const auto capped = [](double n, std::size_t cap) { return cap > 0 ? std::min(n, static_cast<double>(cap)) : n; };
  const double trainingWindows = capped(allWindows * (1 - heldOut), f.rg.learning.maxTrainingWindows);
  const double heldOutWindows = capped(allWindows * heldOut, f.rg.learning.maxHeldOutWindows);
  e.windowBytesPerTask = (trainingWindows + heldOutWindows) * windowSites;

  // Level k and level k + 1 (n_h coarse spins per block) coexist while coarse-graining.
  const double hidden = std::max(1, f.rg.learning.training.hiddenCount);
  e.bytesPerTask = e.level0BytesPerTask * (1 + hidden / block) + e.windowBytesPerTask;
  e.peakBytes = e.concurrentTasks * e.bytesPerTask;

  const double rules = spec.compareMajority ? 2 : 1;
  const double siteSamples = static_cast<double>(e.tasks) * rules * e.samplesPerTask * sites;
  e.seconds = siteSamples / (kSiteSamplesPerCoreSecond * e.workers);
  // Dimers: the rate above is that of Ising flows (2×2 blocks, 20 environment spins), whose learning
  // it includes. A dimer block is 64 entries with 320 around it, and the critic scores 2^n_h hidden
  // states: its one learning step dominates. Every epoch is counted (early stopping often halves it).
  if (f.sampling.model == ModelKind::Dimer) {
    const double windowEntries = windowSites;  // V and E (and the buffer, a small overcount)
    const double epochs = std::max(1, f.rg.learning.training.epochs) * std::max(1, f.rg.learning.training.restarts);
    const double work = static_cast<double>(e.tasks) * (trainingWindows + heldOutWindows) * epochs * windowEntries *
                        std::ldexp(1.0, std::clamp(f.rg.learning.training.hiddenCount, 1, 8));
    e.seconds += work / (kDimerWindowEntriesPerCoreSecond * e.workers);
  }
  return e;
}

std::size_t physicalMemoryBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || pageSize <= 0) return 0;
  return static_cast<std::size_t>(pages) * static_cast<std::size_t>(pageSize);
}

std::string refusal(const CostEstimate& e, std::size_t availableBytes) {
  const double budget = kMemoryBudgetFraction * static_cast<double>(availableBytes);
  if (availableBytes > 0 && e.peakBytes > budget) {
    std::string message = "this run needs about " + bytesText(e.peakBytes) + " of memory for its samples (" +
                          bytesText(e.level0BytesPerTask) + " of level-0 samples per temperature";
    if (e.concurrentTasks > 1) message += ", " + std::to_string(e.concurrentTasks) + " temperatures at once";
    message += "), but this machine has " + bytesText(static_cast<double>(availableBytes));
    // The samples that fit: the windows never take more than they do now (fewer samples, fewer
    // windows), the sample levels scale with the count.
    const double perSample = (e.bytesPerTask - e.windowBytesPerTask) / std::max(e.samplesPerTask, 1.0);
    const double fitting =
        perSample > 0 ? std::floor((budget / std::max(e.concurrentTasks, 1) - e.windowBytesPerTask) / perSample) : 0;
    if (fitting < 1) message += "; even one sample per temperature does not fit: use a smaller lattice";
    else if (fitting < e.samplesPerTask)
      message += "; use at most " + std::to_string(static_cast<long long>(fitting)) +
                 (fitting == 1 ? " sample" : " samples") + " at this size, or a smaller lattice";
    else message += "; use fewer samples or a smaller lattice";
    return message;
  }
  if (e.seconds > kMaxRunSeconds)
    return "this run would take about " + durationText(e.seconds) + " on " + std::to_string(e.workers) +
           (e.workers == 1 ? " core" : " cores") + " (limit: " + durationText(kMaxRunSeconds) +
           "); use fewer samples, temperatures or replicas, or a smaller lattice";
  return {};
}

} // namespace rsmi
