#pragma once
// What a RunSpec will cost before it runs: the memory of the samples held at once and a rough wall
// time, so that the CLI and the studio can refuse, up front and with a suggestion, a run that this
// machine cannot hold (L = 8192 with 10^5 samples is 6.1 TiB per temperature) instead of failing
// with std::bad_alloc — or being killed by the kernel — an hour later.
#include <cstddef>
#include <string>

#include "core/pipeline/run_spec.h"

namespace rsmi {

struct CostEstimate {
  std::size_t tasks = 0;        // replicas × temperatures: each draws and holds its own sample set
  int workers = 0;              // worker threads of sampling and coarse-graining: min(threads, cores)
  int concurrentTasks = 0;      // tasks in flight at once: min(tasks, cores)
  double samplesPerTask = 0;    // N, the level-0 samples of one temperature
  double level0BytesPerTask = 0;  // N × sites, one byte per site (SampleSet)
  double windowBytesPerTask = 0;  // training and held-out windows, one byte per site of V and E
  double bytesPerTask = 0;        // one task at its peak: level 0, the coarse level made from it, windows
  double peakBytes = 0;         // concurrentTasks × bytesPerTask
  double seconds = 0;           // rough wall time (sampling, learning, coarse-graining) on `workers` cores
};

// `cores`: the machine's hardware threads; 0 asks the system.
CostEstimate estimateCost(const RunSpec& spec, int cores = 0);

// The physical memory of this machine in bytes (sysconf(_SC_PHYS_PAGES) × page size); 0 if unknown.
std::size_t physicalMemoryBytes();

// Empty when the run fits: its peak memory within kMemoryBudgetFraction of `availableBytes` (0: not
// checked) and its time within kMaxRunSeconds. Otherwise one sentence for the user with the estimate
// and what to change, e.g. "... needs about 15 TiB of memory for its samples ... this machine has
// 23.5 GiB; use at most 120 samples at this size, or a smaller lattice".
std::string refusal(const CostEstimate& estimate, std::size_t availableBytes);

// The rest of memory is left to the estimators, the program itself and the system.
inline constexpr double kMemoryBudgetFraction = 0.8;
// A month: anything longer is a typo (an extra zero) far more often than an intention.
inline constexpr double kMaxRunSeconds = 30.0 * 24 * 3600;
// Site-samples (one stored sample of one site, through sampling, learning and coarse-graining) per
// core and second, from `rsmi bench flow` (L = 128, 5000 samples, 9 temperatures, 4 steps: about
// 3 minutes on 2 cores). Sampling near T_c and the paper estimator are slower: an order of magnitude.
inline constexpr double kSiteSamplesPerCoreSecond = 2.0e6;
// Dimer learning: window entries × epochs × 2^n_h per core and second, from preset 8 (L = 64, 1000
// samples, 8×8 block, buffer and environment 4, 2 hiddens, variational: 200,000 + 50,000 windows of
// 576 entries, 51 epochs in 13 s on 2 cores; this counts the window with its buffer).
inline constexpr double kDimerWindowEntriesPerCoreSecond = 1.1e9;

} // namespace rsmi
