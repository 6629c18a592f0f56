// rsmi bench mc: throughput of the Monte Carlo kernels and of whole sample draws. Benchmarks are
// programs that print figures, never timed assertions in tests (DESIGN.md).
#include <QJsonArray>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "app/cli/progress_line.h"
#include "core/exact/onsager.h"
#include "core/mc/draw_samples.h"
#include "core/mc/markov_chain.h"

namespace rsmi::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct Kernel {
  const char* name;
  ModelKind model;
  SamplerKind sampler;
  const char* moveUnit;   // what MarkovChain::elementaryMoves() counts for this kernel
  const char* namedKey;   // the per-move figure under its kernel-specific name (or nullptr)
  bool spinUpdates;       // whether a move is a spin update (then ns_per_spin_update is reported)
};

constexpr Kernel kKernels[] = {
    {"metropolis", ModelKind::Ising2D, SamplerKind::Metropolis, "attempted spin update", nullptr, true},
    {"wolff", ModelKind::Ising2D, SamplerKind::Wolff, "spin flipped in a cluster", "ns_per_cluster_spin", true},
    {"sw", ModelKind::Ising2D, SamplerKind::SwendsenWang, "spin flipped", nullptr, true},
    {"worm", ModelKind::Dimer, SamplerKind::Worm, "worm step", "ns_per_worm_move", false},
};

struct Timing {
  double seconds = 0;          // wall time of the timed phase
  std::uint64_t moves = 0;     // elementary moves, all threads
  std::uint64_t updates = 0;   // update() calls, all threads
};

// One chain per thread, each warmed up untimed, then all timed together for `seconds` after a barrier.
Timing timeKernel(const Kernel& kernel, int size, int threads, double seconds, std::stop_token stop) {
  SamplingSpec spec;
  spec.model = kernel.model;
  spec.sampler = kernel.sampler;
  spec.size = size;
  spec.beta = exact::kIsing2DCriticalBeta;  // critical point: the hardest case for every Ising kernel
  spec.seed = 20180501;
  std::vector<std::unique_ptr<MarkovChain>> chains;
  for (int t = 0; t < threads; ++t) chains.push_back(makeChain(spec, static_cast<std::uint64_t>(t)));
  std::vector<std::uint64_t> moves(threads), updates(threads);
  std::vector<double> elapsed(threads);
  std::barrier sync(threads);
  const auto work = [&](int t) {
    MarkovChain& chain = *chains[t];
    const auto warmEnd = Clock::now() + std::chrono::duration<double>(0.25 * seconds);
    while (Clock::now() < warmEnd && !stop.stop_requested()) chain.update();  // e.g. Wolff clusters grow to size
    sync.arrive_and_wait();
    const std::uint64_t moves0 = chain.elementaryMoves();
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    std::uint64_t n = 0;
    while (Clock::now() < end && !stop.stop_requested()) {
      chain.update();
      ++n;
    }
    elapsed[t] = std::chrono::duration<double>(Clock::now() - start).count();
    moves[t] = chain.elementaryMoves() - moves0;
    updates[t] = n;
  };
  {
    std::vector<std::jthread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(work, t);
    work(0);
  }
  if (stop.stop_requested()) throw Cancelled{};
  Timing timing;
  timing.seconds = *std::max_element(elapsed.begin(), elapsed.end());
  for (int t = 0; t < threads; ++t) {
    timing.moves += moves[t];
    timing.updates += updates[t];
  }
  return timing;
}

int runBenchMc(const Arguments& args, const Context& context) {
  const std::vector<std::int64_t> sizes = args.integerList("sizes", 4, 16384).value_or(std::vector<std::int64_t>{128, 512});
  const std::vector<std::int64_t> threadCounts = args.integerList("threads", 1, 256).value_or(std::vector<std::int64_t>{1, 2});
  for (std::int64_t L : sizes)
    if (L % 2) throw UsageError("--sizes: " + std::to_string(L) + " is odd; sizes must be even (the dimer worm needs even L)");
  const double seconds = args.number("seconds").value_or(1.0);
  if (seconds <= 0 || seconds > 3600) throw UsageError("--seconds: must be > 0 and at most 3600");
  const int drawCount = static_cast<int>(args.integer("draw-samples", 0, 1000000).value_or(5000));
  std::vector<const Kernel*> kernels;
  if (auto names = args.text("kernels")) {
    std::string_view rest = *names;
    while (true) {
      const std::string item(rest.substr(0, rest.find(',')));
      const auto it = std::find_if(std::begin(kKernels), std::end(kKernels), [&](const Kernel& k) { return item == k.name; });
      if (it == std::end(kKernels)) throw UsageError("--kernels: unknown kernel '" + item + "' (metropolis, wolff, sw, worm)");
      kernels.push_back(&*it);
      if (rest.find(',') == std::string_view::npos) break;
      rest.remove_prefix(rest.find(',') + 1);
    }
  } else {
    for (const Kernel& k : kKernels) kernels.push_back(&k);
  }
  const bool json = args.has("json");

  QJsonArray results;
  std::vector<std::vector<std::string>> table{{"kernel", "L", "threads", "ns/move", "ns/update", "speed-up", "move"}};
  for (const Kernel* kernel : kernels)
    for (std::int64_t L : sizes) {
      double baseline = 0;  // ns per move on one thread, for the speed-up
      for (std::int64_t n : threadCounts) {
        if (!json && context.stderrIsTerminal)
          std::fprintf(stderr, "\r%-40s", (std::string(kernel->name) + " L=" + std::to_string(L) + " threads=" + std::to_string(n)).c_str());
        const Timing t = timeKernel(*kernel, static_cast<int>(L), static_cast<int>(n), seconds, context.stop);
        const double nsPerMove = t.moves ? t.seconds * 1e9 / static_cast<double>(t.moves) : NAN;
        const double nsPerUpdate = t.updates ? t.seconds * 1e9 * static_cast<double>(n) / static_cast<double>(t.updates) : NAN;
        if (n == 1) baseline = nsPerMove;
        const double speedup = baseline > 0 ? baseline / nsPerMove : NAN;
        QJsonObject o;
        o["kernel"] = kernel->name;
        o["size"] = static_cast<qint64>(L);
        o["threads"] = static_cast<qint64>(n);
        o["seconds"] = t.seconds;
        o["moves"] = static_cast<double>(t.moves);
        o["updates"] = static_cast<double>(t.updates);
        o["move_unit"] = kernel->moveUnit;
        o["ns_per_move"] = jsonNumber(nsPerMove);
        if (kernel->spinUpdates) o["ns_per_spin_update"] = jsonNumber(nsPerMove);
        if (kernel->namedKey) o[kernel->namedKey] = jsonNumber(nsPerMove);
        o["ns_per_update"] = jsonNumber(nsPerUpdate);
        o["speedup"] = jsonNumber(speedup);
        results.append(o);
        char a[32], b[32], c[32];
        std::snprintf(a, sizeof a, "%.3g", nsPerMove);
        std::snprintf(b, sizeof b, "%.4g", nsPerUpdate);
        std::snprintf(c, sizeof c, "%.2f", speedup);
        table.push_back({kernel->name, std::to_string(L), std::to_string(n), a, b, c, kernel->moveUnit});
      }
    }

  // The figure users care about: wall time for a decorrelated data set at the critical point.
  QJsonArray draws;
  std::vector<std::vector<std::string>> drawTable{{"threads", "seconds", "samples/s", "speed-up"}};
  SampleSet first;
  bool identical = true;
  if (drawCount > 0) {
    double base = 0;
    for (int n : {1, 2}) {
      SamplingSpec spec;
      spec.model = ModelKind::Ising2D;
      spec.size = 128;
      spec.beta = exact::kIsing2DCriticalBeta;
      spec.samples = drawCount;
      spec.seed = 20180501;
      spec.threads = n;
      if (!json && context.stderrIsTerminal) std::fprintf(stderr, "\r%-40s", ("drawSamples threads=" + std::to_string(n)).c_str());
      const auto start = Clock::now();
      SampleSet set = drawSamples(spec, context.stop);
      const double s = std::chrono::duration<double>(Clock::now() - start).count();
      if (n == 1) {
        base = s;
        first = std::move(set);
      } else {
        identical = set.values == first.values && set.shape == first.shape;
      }
      QJsonObject o;
      o["threads"] = n;
      o["size"] = spec.size;
      o["beta"] = spec.beta;
      o["samples"] = spec.samples;
      o["sampler"] = QString::fromUtf8(samplerName(resolvedSampler(spec)));
      o["chains"] = resolvedChains(spec);
      o["seconds"] = s;
      o["samples_per_second"] = jsonNumber(spec.samples / s);
      o["speedup"] = jsonNumber(base / s);
      draws.append(o);
      char a[32], b[32], c[32];
      std::snprintf(a, sizeof a, "%.3g", s);
      std::snprintf(b, sizeof b, "%.4g", spec.samples / s);
      std::snprintf(c, sizeof c, "%.2f", base / s);
      drawTable.push_back({std::to_string(n), a, b, c});
    }
  }
  if (!json && context.stderrIsTerminal) std::fprintf(stderr, "\r%-40s\r", "");

  if (json) {
    QJsonObject o;
    o["version"] = RSMI_VERSION;
    o["hardware_threads"] = static_cast<int>(std::thread::hardware_concurrency());
    o["seconds_per_run"] = seconds;
    o["beta"] = exact::kIsing2DCriticalBeta;
    o["kernels"] = results;
    o["draw_samples"] = draws;
    if (drawCount > 0) o["draw_samples_identical"] = identical;
    printJson(o);
    return kExitOk;
  }
  std::printf("Monte Carlo kernels at beta_c = %s, %s s per run, %u hardware threads\n"
              "(ns/move: wall time per elementary move summed over all threads; one chain per thread)\n\n",
              formatNumber(exact::kIsing2DCriticalBeta).c_str(), formatNumber(seconds).c_str(),
              std::thread::hardware_concurrency());
  printTable(table, true);
  if (drawCount > 0) {
    std::printf("\ndrawSamples: %d decorrelated samples, L = 128, beta_c, default sampler and schedule%s\n\n", drawCount,
                identical ? " (1 and 2 threads: identical bytes)" : " (WARNING: 1 and 2 threads differ)");
    printTable(drawTable, true);
  }
  return kExitOk;
}

} // namespace

Command benchCommand() {
  Command mc;
  mc.name = "bench mc";
  mc.summary = "Monte Carlo kernels (metropolis, wolff, sw, worm) and whole sample draws";
  mc.usage = {"bench mc [--sizes 128,512] [--threads 1,2] [--seconds s] [--kernels LIST] [--draw-samples N] [--json]"};
  mc.description =
      "Runs each kernel for every size and thread count, one independent chain per thread, for about\n"
      "--seconds each after an untimed warm-up of a quarter of that, and reports the wall time per\n"
      "elementary move over all threads (MarkovChain::elementaryMoves), per update, and the speed-up\n"
      "over one thread. Ising kernels run at beta_c. Then times drawSamples for N decorrelated samples\n"
      "at L = 128, beta_c, on 1 and 2 threads, and checks that both give the same bytes.";
  mc.options = {{"sizes", "LIST", "comma-separated even lattice sides (default 128,512)"},
                {"threads", "LIST", "comma-separated thread counts (default 1,2)"},
                {"seconds", "s", "timed seconds per kernel, size and thread count (default 1)"},
                {"kernels", "LIST", "subset of metropolis,wolff,sw,worm (default all)"},
                {"draw-samples", "N", "samples for the drawSamples figure, 0 to skip (default 5000)"},
                jsonOption()};
  mc.run = runBenchMc;

  Command c;
  c.name = "bench";
  c.summary = "benchmark the Monte Carlo kernels, the learning and the whole RG flow";
  Command learn = benchLearnCommand();
  Command flow = benchFlowCommand();
  c.usage = {mc.usage[0], learn.usage[0], flow.usage[0]};
  c.description = "Benchmarks print figures; see 'rsmi bench mc --help', 'rsmi bench learn --help' and\n"
                  "'rsmi bench flow --help'.";
  c.subcommands = {mc, learn, flow};
  c.subcommandKind = "benchmark";
  return c;
}

} // namespace rsmi::cli
