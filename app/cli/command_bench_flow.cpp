// rsmi bench flow: the paper's whole experiment, timed — samples at every temperature, the RG
// iteration with learned filters, thermometer and fixed point — with the time of each stage and the
// peak memory. Defaults: L = 128, 5,000 samples at each of 9 temperatures, 4 steps (the paper's
// experiment; goal < 3 min on 2 cores). --size 512 --steps 6 is the large case (goal < 30 min).
#include <sys/resource.h>

#include <QJsonArray>
#include <climits>
#include <cmath>
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "app/cli/progress_line.h"
#include "core/exact/onsager.h"
#include "core/pipeline/experiment.h"
#include "io/flow_result_json.h"

namespace rsmi::cli {

namespace {

double peakResidentMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

int runBenchFlow(const Arguments& args, const Context& context) {
  RunSpec spec;
  FlowSpec& f = spec.flow;
  f.sampling.model = ModelKind::Ising2D;
  f.sampling.size = static_cast<int>(args.integer("size", 8, 1 << 15).value_or(128));
  f.sampling.samples = static_cast<int>(args.integer("samples", 2, INT_MAX).value_or(5000));
  f.sampling.seed = args.unsignedInteger("seed").value_or(1);
  f.sampling.threads = f.rg.threads = static_cast<int>(args.integer("threads", 0, 4096).value_or(0));
  const int count = static_cast<int>(args.integer("temperatures", 2, 1000).value_or(9));
  for (int i = 0; i < count; ++i) f.betas.push_back(0.40 + 0.08 * i / (count - 1));
  f.rg.steps = static_cast<int>(args.integer("steps", 1, 32).value_or(4));
  f.rg.seed = f.sampling.seed;
  f.rg.learning.scoreBaselines = false;
  f.thermometer = ThermometerKind::MutualInformation;
  if (const std::string problem = validate(spec); !problem.empty()) throw UsageError(problem);
  const Experiment experiment(spec);

  ProgressLine line(context.stderrIsTerminal && !args.has("quiet"));
  const ExperimentResult r = experiment.run(context.stop, [&](const ExperimentEvent& e) {
    if (const auto* p = std::get_if<ProgressEvent>(&e)) line.show({p->stage, p->fraction});
  });
  line.finish();
  const double peak = peakResidentMegabytes();
  const double sampleBytes = double(f.sampling.samples) * f.sampling.size * f.sampling.size;

  if (args.has("json")) {
    QJsonObject o;
    o["size"] = f.sampling.size;
    o["samples"] = f.sampling.samples;
    o["temperatures"] = count;
    o["steps"] = f.rg.steps;
    o["seconds"] = r.seconds;
    o["stage_seconds"] = QJsonObject{{"sampling", r.stages.sampling},
                                     {"learning", r.stages.learning},
                                     {"coarse_graining", r.stages.coarseGraining},
                                     {"observing", r.stages.observing}};
    o["peak_resident_mb"] = peak;
    o["level0_samples_mb_per_temperature"] = sampleBytes / 1048576.0;
    o["fixed_point"] = io::fixedPointToJson(r.learned);
    o["collapse"] = io::collapseToJson(r.collapse);
    printJson(o);
    return kExitOk;
  }
  std::printf("bench flow: Ising 2D, L = %d, %d samples at each of %d temperatures (0.40 .. 0.48), %d steps, "
              "exact estimator, MI thermometer\n\n",
              f.sampling.size, f.sampling.samples, count, f.rg.steps);
  auto row = [](const char* name, double seconds) { std::printf("  %-34s %9.1f s\n", name, seconds); };
  std::printf("stage times, summed over the temperatures (which run side by side):\n");
  row("sampling", r.stages.sampling);
  row("learning (estimator, filter, score)", r.stages.learning);
  row("coarse-graining", r.stages.coarseGraining);
  row("observables", r.stages.observing);
  std::printf("\n  %-34s %9.1f s   (goal: < 180 s for L = 128, < 1800 s for L = 512 with 6 steps)\n",
              "wall time, whole experiment", r.seconds);
  std::printf("  %-34s %9.0f MB  (level-0 samples: %.0f MB per temperature, 1 byte per spin)\n", "peak memory (RSS)",
              peak, sampleBytes / 1048576.0);
  const FixedPointEstimate& fp = r.learned;
  if (fp.found)
    std::printf("\nresult: beta* = %.5f +- %.5f (exact %.5f, %+.3f %%), nu = %.3f +- %.3f\n", fp.betaStar,
                fp.betaStarError, exact::kIsing2DCriticalBeta,
                100 * (fp.betaStar / exact::kIsing2DCriticalBeta - 1), fp.nu, fp.nuError);
  else
    std::printf("\nresult: no fixed point (%s)\n", fp.problem.c_str());
  return kExitOk;
}

} // namespace

Command benchFlowCommand() {
  Command c;
  c.name = "bench flow";
  c.summary = "the paper's RG-flow experiment, timed per stage, with peak memory";
  c.usage = {"bench flow [--size 128] [--samples 5000] [--temperatures 9] [--steps 4] [--seed S] [--threads n] [--json]"};
  c.description =
      "Runs the whole experiment of 'rsmi flow' (sampling included) on Ising 2D over 0.40 <= beta <= 0.48\n"
      "and prints the time of each stage, the wall time, the peak resident memory and the fixed point.";
  c.options = {{"size", "L", "lattice size (default 128)"},
               {"samples", "N", "samples per temperature (default 5000)"},
               {"temperatures", "n", "temperatures in the grid (default 9)"},
               {"steps", "k", "RG steps (default 4)"},
               {"seed", "S", "random seed (default 1)"},
               {"threads", "n", "worker threads, 0 all"},
               {"quiet", "", "no progress line"},
               jsonOption()};
  c.run = runBenchFlow;
  return c;
}

} // namespace rsmi::cli
