// rsmi flow: the RG flow experiment (SCIENCE.md §5–§6) — samples over a temperature grid, the RG
// iteration with learned filters at each, thermometers, β_eff per step, the fixed point β* and ν.
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "app/cli/experiment_runner.h"
#include "core/rg/dimer_rg_step.h"
#include "io/imported_samples.h"

namespace rsmi::cli {

namespace {

double strictNumber(const std::string& text, const std::string& option) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
    throw UsageError("--" + option + ": '" + text + "' is not a number");
  return value;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

// --betas a,b,c | --beta-range lo:hi:n | --temperatures a,b,c
std::vector<double> betasFromArguments(const Arguments& args) {
  const int given = args.has("betas") + args.has("beta-range") + args.has("temperatures");
  if (given != 1) throw UsageError("give exactly one of --betas, --beta-range or --temperatures");
  std::vector<double> betas;
  if (auto list = args.text("betas"))
    for (const std::string& part : split(*list, ',')) betas.push_back(strictNumber(part, "betas"));
  if (auto list = args.text("temperatures"))
    for (const std::string& part : split(*list, ',')) {
      const double t = strictNumber(part, "temperatures");
      if (t <= 0) throw UsageError("--temperatures: every temperature must be > 0");
      betas.push_back(1.0 / t);
    }
  if (auto range = args.text("beta-range")) {
    const auto parts = split(*range, ':');
    if (parts.size() != 3) throw UsageError("--beta-range: expected LOW:HIGH:COUNT, e.g. 0.40:0.48:9");
    const double lo = strictNumber(parts[0], "beta-range"), hi = strictNumber(parts[1], "beta-range");
    const double n = strictNumber(parts[2], "beta-range");
    if (n < 2 || n > 1000 || n != std::floor(n)) throw UsageError("--beta-range: COUNT must be an integer from 2 to 1000");
    if (!(hi > lo)) throw UsageError("--beta-range: HIGH must exceed LOW");
    for (int i = 0; i < static_cast<int>(n); ++i) betas.push_back(lo + (hi - lo) * i / (n - 1));
  }
  return betas;
}


// --import FILE.npy: the sampling spec described from the file (shape, count); the options of a model
// to draw from are refused rather than silently ignored.
void importFromArguments(const Arguments& args, FlowSpec& spec, std::shared_ptr<const SampleSet>& imported) {
  for (const char* option : {"model", "size", "samples", "seed", "sampler", "noise", "betas", "beta-range",
                             "temperatures", "replicas", "compare-majority"})
    if (args.has(option))
      throw UsageError(std::string("--") + option + ": not with --import (imported samples have no model to " +
                       "draw from and no temperature; the file's shape gives the lattice)");
  io::ImportedSamples read = io::importSamples(QString::fromStdString(*args.text("import")));
  spec.sampling = read.sampling;
  imported = std::move(read.samples);
  spec.betas = {kDimerPlaceholderBeta};
}

void drawFromArguments(const Arguments& args, FlowSpec& spec) {
  const std::string model = args.required("model");
  const auto kind = parseModel(model);
  if (!kind) throw UsageError("--model: unknown model '" + model + "' (one of: ising2d, ising1d, dimer)");
  spec.sampling.model = *kind;
  const bool dimers = *kind == ModelKind::Dimer;
  args.required("size");
  spec.sampling.size = static_cast<int>(*args.integer("size", INT_MIN, INT_MAX));
  args.required("samples");
  spec.sampling.samples = static_cast<int>(*args.integer("samples", 1, INT_MAX));
  spec.sampling.seed = args.has("seed") ? *args.unsignedInteger("seed") : 1;
  if (auto s = args.text("sampler")) {
    const auto sampler = parseSampler(*s);
    if (!sampler) throw UsageError("--sampler: unknown sampler '" + *s + "'");
    spec.sampling.sampler = *sampler;
  }
  // Dimers have no temperature: one RSMI step on coverings that are all equally likely (dimer_rg_step.h).
  if (dimers && !args.has("betas") && !args.has("beta-range") && !args.has("temperatures"))
    spec.betas = {kDimerPlaceholderBeta};
  else
    spec.betas = betasFromArguments(args);
  if (auto k = args.number("noise")) {
    if (!dimers) throw UsageError("--noise: noise spins exist only for the dimer model");
    spec.sampling.noise = true;
    spec.sampling.noiseCoupling = *k;
  }
}

RunSpec runSpecFromArguments(const Arguments& args, std::shared_ptr<const SampleSet>& imported) {
  RunSpec run;
  FlowSpec& spec = run.flow;
  if (args.has("import"))
    importFromArguments(args, spec, imported);
  else
    drawFromArguments(args, spec);
  const ModelKind kind = spec.sampling.model;
  const bool dimers = kind == ModelKind::Dimer;
  if (auto v = args.integer("threads", 0, 4096)) spec.sampling.threads = spec.rg.threads = static_cast<int>(*v);
  if (dimers) spec.rg.steps = 1;

  if (kind == ModelKind::Ising1D) spec.rg.learning.window.blockHeight = 1;
  if (auto b = args.text("block"))
    std::tie(spec.rg.learning.window.blockWidth, spec.rg.learning.window.blockHeight) = parseBlockSize(*b);
  if (auto v = args.integer("buffer", 0, 64)) spec.rg.learning.window.buffer = static_cast<int>(*v);
  if (auto v = args.integer("env", 1, 64)) spec.rg.learning.window.environment = static_cast<int>(*v);
  if (auto v = args.integer("hidden", 1, dimers || !spec.sampling.samplesFile.empty() ? 8 : 1)) spec.rg.learning.training.hiddenCount = static_cast<int>(*v);
  if (auto e = args.text("estimator")) {
    const auto estimator = parseEstimator(*e);
    if (!estimator) throw UsageError("--estimator: unknown estimator '" + *e + "' (one of: exact, variational, paper)");
    spec.rg.learning.estimator = *estimator;
  }
  if (auto v = args.integer("epochs", 1, 1000000)) spec.rg.learning.training.epochs = static_cast<int>(*v);
  if (auto v = args.integer("steps", 1, 32)) spec.rg.steps = static_cast<int>(*v);
  if (auto v = args.integer("max-windows", 0, INT64_MAX))
    spec.rg.learning.maxTrainingWindows = static_cast<std::size_t>(*v);
  spec.rg.learning.scoreBaselines = false;
  spec.thermometer = ThermometerKind::MutualInformation;
  spec.rg.seed = spec.sampling.seed;
  if (args.has("deterministic")) spec.rg.mode = CoarseGrainingMode::Deterministic;
  if (auto t = args.text("thermometer")) {
    const auto th = parseThermometer(*t);
    if (!th) throw UsageError("--thermometer: unknown thermometer '" + *t + "' (one of: nn, nnn, mi)");
    spec.thermometer = *th;
  }
  if (auto f = args.text("fit")) {
    if (*f == "linear") spec.fit = ThermometerFit::Linear;
    else if (*f != "monotone") throw UsageError("--fit: unknown fit '" + *f + "' (one of: monotone, linear)");
  }
  if (auto v = args.integer("replicas", 1, 1000)) run.replicas = static_cast<int>(*v);
  run.compareMajority = args.has("compare-majority");
  run.collapse = !args.has("no-collapse");
  if (auto t = args.text("title")) run.title = *t;
  if (const std::string problem = validate(spec); !problem.empty()) throw UsageError(problem);
  if (const std::string problem = validate(run); !problem.empty()) throw UsageError(problem);
  return run;
}

int runFlowCommand(const Arguments& args, const Context& context) {
  std::shared_ptr<const SampleSet> imported;
  const RunSpec spec = runSpecFromArguments(args, imported);
  return runExperimentIntoFolder(spec, experimentOutputFromArguments(args), context, std::move(imported));
}

} // namespace

Command flowCommand() {
  Command c;
  c.name = "flow";
  c.summary = "the RG flow over a temperature grid: beta_eff per step, the critical point and nu";
  c.usage = {"flow --model ising2d|ising1d --size L (--betas B1,B2,... | --beta-range LO:HI:N | --temperatures T1,...) "
             "--samples N --out DIR [--steps k] [--block 2x2] [--buffer 1] [--env 1] [--estimator exact] "
             "[--thermometer mi|nn|nnn] [--compare-majority] [--replicas R] [--seed S] [--resume] [--json]",
             "flow --model dimer --size L --samples N --out DIR [--noise K] --block 8x8 --buffer 4 --env 4 "
             "--hidden 2 --estimator variational [--seed S] [--json]",
             "flow --import SAMPLES.npy --out DIR [--steps k] [--block 2x2] [--buffer 1] [--env 1] [--hidden n] "
             "[--estimator NAME] [--json]"};
  c.description =
      "At every temperature: draws N samples, learns the RSMI filter, coarse-grains, and repeats for k steps\n"
      "(filters re-learned at every scale). A thermometer calibrated on the step-0 data of the grid turns the\n"
      "quantity measured at each step into beta_eff. The fixed point beta* of the step map beta0 -> beta_eff(1)\n"
      "and its slope Lambda_T give nu = ln b / ln Lambda_T; the collapse of all steps gives a second estimate.\n"
      "Temperatures run side by side. Writes DIR/run.json (the RunSpec: 'rsmi run DIR/run.json' repeats the\n"
      "experiment bit for bit), DIR/runs/ (each finished temperature: --resume continues an interrupted run),\n"
      "DIR/flow.json and DIR/flow.csv.\n"
      "With --model dimer: one RSMI step on dimer coverings (block, buffer and environment in entries of the\n"
      "2L x 2L encoding, even), no temperature, thermometer or fixed point.\n"
      "With --import: the samples of a .npy file (any +-1 or boolean array of shape (N, L) or (N, L, L), e.g.\n"
      "from another program) instead of drawn ones; learning and coarse-graining for k steps, no temperature,\n"
      "thermometer or fixed point. run.json records the file's absolute path and sha256.";
  c.options = {
      {"model", "MODEL", "ising2d, ising1d or dimer"},
      {"import", "FILE.npy", "learn on these samples instead of drawing them (no model, size, samples or temperatures)"},
      {"size", "L", "lattice size"},
      {"betas", "B1,B2,...", "the temperature grid as inverse temperatures"},
      {"beta-range", "LO:HI:N", "N evenly spaced betas from LO to HI"},
      {"temperatures", "T1,T2,...", "the grid as temperatures"},
      {"samples", "N", "samples per temperature"},
      {"steps", "k", "RG steps (default 3)"},
      {"block", "WxH", "visible block (default 2x2; 2 for ising1d)"},
      {"buffer", "B", "buffer width (default 1)"},
      {"env", "E", "environment width (default 1)"},
      {"hidden", "n", "hidden units (Ising flows use one; dimers and imported samples 1 to 8)"},
      {"noise", "K", "dimer only: noise-spin pairs with coupling K_noise = K"},
      {"estimator", "NAME", "exact (default), variational, paper"},
      {"epochs", "n", "training epochs per step (default 100)"},
      {"max-windows", "n", "training windows per step (default 200000)"},
      {"deterministic", "", "coarse-grain with the most probable block spin instead of drawing it"},
      {"thermometer", "NAME", "mi (default; the learned MI), nn (nearest-neighbour correlation), nnn"},
      {"fit", "NAME", "monotone (default) or linear"},
      {"sampler", "NAME", "as for 'rsmi sample' (default auto)"},
      {"seed", "S", "random seed (default 1)"},
      {"threads", "n", "worker threads, 0 all (never changes the result)"},
      {"compare-majority", "", "also run the flow with Kadanoff's majority rule, side by side"},
      {"replicas", "R", "independent repetitions (other seeds); error bars from their spread (default 1)"},
      {"no-collapse", "", "skip the all-steps data collapse"},
      {"title", "TEXT", "a name kept in run.json"}};
  for (const Option& o : experimentOutputOptions()) c.options.push_back(o);
  c.run = runFlowCommand;
  return c;
}

} // namespace rsmi::cli
