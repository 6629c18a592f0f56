// rsmi bench learn: wall time of the learning pipeline (sample draw, estimator preparation, filter
// training to convergence) for the three estimators, and CD-1 RBM training throughput. Benchmarks are
// programs that print figures, never timed assertions in tests (DESIGN.md).
#include <QJsonArray>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>

#include <oneapi/tbb/task_arena.h>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/exact/onsager.h"
#include "core/learn/filter_learning.h"
#include "core/learn/rbm_training.h"
#include "core/mc/draw_samples.h"

namespace rsmi::cli {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string fmt(const char* format, double value) {
  if (!std::isfinite(value)) return "-";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

constexpr const char* kCaseNames[] = {"ising-exact", "dimer-variational", "ising-paper", "rbm"};

struct Settings {
  int isingSamples = 5000;
  int isingSize = 128;
  int paperSamples = 10;
  int dimerSamples = 1000;
  int threads = 0;
  std::uint64_t seed = 1;
  bool json = false;
  const Context* context = nullptr;
};

void status(const Settings& s, const std::string& text) {
  if (!s.json && s.context->stderrIsTerminal) std::fprintf(stderr, "\r%-60s", text.c_str());
}

struct Drawn {
  SampleSet samples;
  double seconds = 0;
  std::string sampler;
};

Drawn draw(SamplingSpec spec, const Settings& s) {
  spec.seed = s.seed;
  spec.threads = s.threads;
  if (const std::string problem = validate(spec); !problem.empty()) throw UsageError(problem);
  Drawn d;
  d.sampler = std::string(samplerName(resolvedSampler(spec)));
  const auto start = Clock::now();
  d.samples = drawSamples(spec, s.context->stop);
  d.seconds = secondsSince(start);
  return d;
}

// One learnFilter run, with the epoch times recorded through the callback.
struct Learned {
  LearningResult result;
  double seconds = 0;           // the whole learnFilter call (windows, prepare, training, scoring)
  double epochsPerSecond = NAN;  // epochs 2..n of the best restart (epoch 1 includes start-up work)
  double majorityBits = NAN;
};

Learned learn(const SampleSet& samples, const LearningSpec& spec, const Settings& s) {
  if (const std::string problem = validate(spec, samples.shape, samples.count()); !problem.empty())
    throw UsageError(problem);
  std::vector<Clock::time_point> epochTimes;
  Learned l;
  const auto start = Clock::now();
  try {
    l.result = learnFilter(samples, spec, s.context->stop,
                           [&](const EpochRecord&, const Filter&) { epochTimes.push_back(Clock::now()); });
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  l.seconds = secondsSince(start);
  if (epochTimes.size() >= 2)
    l.epochsPerSecond = static_cast<double>(epochTimes.size() - 1) /
                        std::chrono::duration<double>(epochTimes.back() - epochTimes.front()).count();
  for (const RuleScore& b : l.result.baselines)
    if (b.name == "majority") l.majorityBits = natsToBits(b.nats);
  return l;
}

// Split + prepare alone on a fresh estimator (the same windows and seed as learnFilter uses).
struct Prepared {
  double windowSeconds = 0, prepareSeconds = 0;
};

Prepared timePrepare(const SampleSet& samples, const LearningSpec& spec, const Settings& s) {
  Prepared p;
  auto start = Clock::now();
  const WindowLayout layout(spec.window, samples.shape);
  const WindowSplit split = splitWindows(samples, layout, spec.heldOutFraction, spec.maxTrainingWindows, spec.training.seed,
                                           spec.maxHeldOutWindows);
  p.windowSeconds = secondsSince(start);
  auto estimator = makeEstimator(spec.estimator, spec.training.seed);
  start = Clock::now();
  estimator->prepare(split.training, s.context->stop);
  p.prepareSeconds = secondsSince(start);
  return p;
}

void addLearning(QJsonObject& o, const LearningSpec& spec, const Learned& l) {
  o["estimator"] = QString::fromUtf8(estimatorName(spec.estimator).data());
  o["block"] = QJsonArray{spec.window.blockWidth, spec.window.blockHeight};
  o["buffer"] = spec.window.buffer;
  o["env"] = spec.window.environment;
  o["hidden"] = spec.training.hiddenCount;
  o["training_windows"] = static_cast<qint64>(l.result.trainingWindows);
  o["held_out_windows"] = static_cast<qint64>(l.result.heldOutWindows);
  o["learn_seconds"] = l.seconds;
  o["epochs"] = l.result.training.epochsRun;
  o["stopped_early"] = l.result.training.stoppedEarly;
  o["epochs_per_second"] = jsonNumber(l.epochsPerSecond);
  o["mi_bits"] = jsonNumber(natsToBits(l.result.heldOutNats));
  o["majority_bits"] = jsonNumber(l.majorityBits);
}

using Table = std::vector<std::vector<std::string>>;
const std::vector<std::string> kLearnHeader{"case",   "L",      "samples", "draw s", "prepare s", "learn s",
                                            "epochs", "epoch/s", "MI bits", "majority", "windows train/held-out", "goal"};

std::vector<std::string> learnRow(const char* name, int L, int samples, double drawSeconds, double prepareSeconds,
                                  const Learned& l, const char* goal) {
  return {name,
          std::to_string(L),
          std::to_string(samples),
          fmt("%.3g", drawSeconds),
          fmt("%.3g", prepareSeconds),
          fmt("%.3g", l.seconds),
          std::to_string(l.result.training.epochsRun) + (l.result.training.stoppedEarly ? "" : "+"),
          fmt("%.3g", l.epochsPerSecond),
          fmt("%.4f", natsToBits(l.result.heldOutNats)),
          fmt("%.4f", l.majorityBits),
          std::to_string(l.result.trainingWindows) + "/" + std::to_string(l.result.heldOutWindows),
          goal};
}

QJsonObject isingExact(const Settings& s, Table& table) {
  status(s, "ising-exact: drawing samples");
  SamplingSpec sampling;
  sampling.model = ModelKind::Ising2D;
  sampling.size = s.isingSize;
  sampling.beta = exact::kIsing2DCriticalBeta;
  sampling.samples = s.isingSamples;
  const Drawn d = draw(sampling, s);
  LearningSpec spec;  // 2×2 → 1 hidden, buffer 1, environment 1, the exact estimator, early stopping
  spec.estimator = EstimatorKind::Exact;
  spec.training.seed = s.seed;
  status(s, "ising-exact: preparing the estimator");
  if (const std::string problem = validate(spec, d.samples.shape, d.samples.count()); !problem.empty())
    throw UsageError(problem);
  const Prepared p = timePrepare(d.samples, spec, s);
  status(s, "ising-exact: learning");
  const Learned l = learn(d.samples, spec, s);
  QJsonObject o;
  o["size"] = s.isingSize;
  o["beta"] = exact::kIsing2DCriticalBeta;
  o["samples"] = s.isingSamples;
  o["sampler"] = QString::fromStdString(d.sampler);
  o["draw_seconds"] = d.seconds;
  o["window_seconds"] = p.windowSeconds;
  o["prepare_seconds"] = p.prepareSeconds;
  addLearning(o, spec, l);
  o["goal_seconds"] = 5.0;
  table.push_back(learnRow("ising-exact", s.isingSize, s.isingSamples, d.seconds, p.prepareSeconds, l, "< 5 s"));
  return o;
}

QJsonObject dimerVariational(const Settings& s, Table& table) {
  status(s, "dimer-variational: drawing samples");
  SamplingSpec sampling;
  sampling.model = ModelKind::Dimer;
  sampling.size = 32;
  sampling.samples = s.dimerSamples;
  sampling.noise = true;
  sampling.noiseCoupling = 1.0;
  const Drawn d = draw(sampling, s);
  LearningSpec spec;  // 2×2 cells = 4×4 entries of the 2L×2L encoding
  spec.window = {4, 4, 2, 4};
  spec.estimator = EstimatorKind::Variational;
  spec.training.hiddenCount = 2;
  spec.training.seed = s.seed;
  status(s, "dimer-variational: learning");
  const Learned l = learn(d.samples, spec, s);
  QJsonObject o;
  o["size"] = 32;
  o["noise_coupling"] = 1.0;
  o["samples"] = s.dimerSamples;
  o["sampler"] = QString::fromStdString(d.sampler);
  o["draw_seconds"] = d.seconds;
  addLearning(o, spec, l);
  o["goal_seconds"] = 60.0;
  table.push_back(learnRow("dimer-variational", 32, s.dimerSamples, d.seconds, NAN, l, "< 60 s"));
  return o;
}

QJsonObject isingPaper(const Settings& s, Table& table) {
  status(s, "ising-paper: drawing samples");
  SamplingSpec sampling;
  sampling.model = ModelKind::Ising2D;
  sampling.size = s.isingSize;
  sampling.beta = exact::kIsing2DCriticalBeta;
  sampling.samples = s.paperSamples;
  const Drawn d = draw(sampling, s);
  LearningSpec spec;
  spec.estimator = EstimatorKind::Paper;
  spec.training.seed = s.seed;
  status(s, "ising-paper: learning");
  const Learned l = learn(d.samples, spec, s);
  QJsonObject o;
  o["size"] = s.isingSize;
  o["beta"] = exact::kIsing2DCriticalBeta;
  o["samples"] = s.paperSamples;
  o["sampler"] = QString::fromStdString(d.sampler);
  o["draw_seconds"] = d.seconds;
  addLearning(o, spec, l);
  table.push_back(learnRow("ising-paper", s.isingSize, s.paperSamples, d.seconds, NAN, l, "-"));
  return o;
}

struct RbmShape {
  int visible, hidden, batch;
};
constexpr RbmShape kRbmShapes[] = {{24, 8, 25}, {64, 16, 100}};

QJsonArray rbmThroughput(const Settings& s, Table& table) {
  QJsonArray out;
  constexpr int kRows = 20000;
  constexpr double kMinSeconds = 1.0;
  for (const RbmShape& shape : kRbmShapes) {
    status(s, "rbm: " + std::to_string(shape.visible) + "x" + std::to_string(shape.hidden));
    std::mt19937_64 rng(s.seed);
    std::vector<std::int8_t> rows(static_cast<std::size_t>(kRows) * shape.visible);
    for (auto& v : rows) v = (rng() & 1) ? 1 : -1;
    RbmTrainingOptions options;
    options.batchSize = shape.batch;
    options.cdSteps = 1;
    options.singlePrecision = true;
    options.seed = s.seed;
    RbmTrainer trainer(Rbm::random(shape.visible, shape.hidden, 0.01, s.seed), std::move(rows), options);
    trainer.runEpoch(s.context->stop);  // untimed warm-up: buffers, caches
    int epochs = 0;
    const auto start = Clock::now();
    double seconds = 0;
    while (seconds < kMinSeconds) {
      trainer.runEpoch(s.context->stop);
      ++epochs;
      seconds = secondsSince(start);
    }
    const double perSecond = static_cast<double>(epochs) * kRows / seconds;
    QJsonObject o;
    o["visible"] = shape.visible;
    o["hidden"] = shape.hidden;
    o["minibatch"] = shape.batch;
    o["cd_steps"] = 1;
    o["precision"] = "float";
    o["rows"] = kRows;
    o["epochs"] = epochs;
    o["seconds"] = seconds;
    o["samples_per_second"] = jsonNumber(perSecond);
    out.append(o);
    table.push_back({std::to_string(shape.visible) + "x" + std::to_string(shape.hidden), std::to_string(shape.batch),
                     std::to_string(epochs), fmt("%.3g", seconds), fmt("%.4g", perSecond)});
  }
  return out;
}

int runBenchLearn(const Arguments& args, const Context& context) {
  Settings s;
  s.context = &context;
  s.json = args.has("json");
  if (auto v = args.integer("samples", 10, 1000000)) s.isingSamples = static_cast<int>(*v);
  if (auto v = args.integer("size", 8, 4096)) {
    if (*v % 2) throw UsageError("--size: " + std::to_string(*v) + " is odd; the 2x2 blocks need an even size");
    s.isingSize = static_cast<int>(*v);
  }
  if (auto v = args.integer("threads", 0, 256)) s.threads = static_cast<int>(*v);
  if (args.has("seed")) s.seed = *args.unsignedInteger("seed");
  s.dimerSamples = std::min(s.dimerSamples, s.isingSamples);

  bool run[std::size(kCaseNames)] = {};
  if (auto names = args.text("cases")) {
    std::string_view rest = *names;
    while (true) {
      const std::string item(rest.substr(0, rest.find(',')));
      const auto it = std::find_if(std::begin(kCaseNames), std::end(kCaseNames), [&](const char* n) { return item == n; });
      if (it == std::end(kCaseNames))
        throw UsageError("--cases: unknown case '" + item + "' (ising-exact, dimer-variational, ising-paper, rbm)");
      run[it - std::begin(kCaseNames)] = true;
      if (rest.find(',') == std::string_view::npos) break;
      rest.remove_prefix(rest.find(',') + 1);
    }
  } else {
    std::fill(std::begin(run), std::end(run), true);
  }

  Table learnTable{kLearnHeader};
  Table rbmTable{{"RBM", "minibatch", "epochs", "seconds", "samples/s"}};
  QJsonArray exactCase, variationalCase, paperCase, rbmCase;
  tbb::task_arena arena(s.threads > 0 ? s.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    if (run[0]) exactCase.append(isingExact(s, learnTable));
    if (run[1]) variationalCase.append(dimerVariational(s, learnTable));
    if (run[2]) paperCase.append(isingPaper(s, learnTable));
    if (run[3]) rbmCase = rbmThroughput(s, rbmTable);
  });
  if (!s.json && context.stderrIsTerminal) std::fprintf(stderr, "\r%-60s\r", "");
  const int threads = s.threads > 0 ? s.threads : static_cast<int>(std::thread::hardware_concurrency());

  if (s.json) {
    QJsonObject o;
    o["version"] = RSMI_VERSION;
    o["hardware_threads"] = static_cast<int>(std::thread::hardware_concurrency());
    o["threads"] = threads;
    o["seed"] = QString::number(s.seed);
    o["ising_exact"] = exactCase;
    o["dimer_variational"] = variationalCase;
    o["ising_paper"] = paperCase;
    o["rbm"] = rbmCase;
    printJson(o);
    return kExitOk;
  }
  std::printf("Learning pipeline, %d threads (%u hardware), seed %llu; Ising at beta_c, 2x2 -> 1 hidden, buffer 1, env 1;\n"
              "dimers L = 32, noise K = 1, 4x4 entries -> 2 hiddens, buffer 2, env 4.\n"
              "(learn s: the whole learnFilter call with early stopping, scoring included; epochs n+ = no early stop)\n\n",
              threads, std::thread::hardware_concurrency(), static_cast<unsigned long long>(s.seed));
  if (learnTable.size() > 1) printTable(learnTable, true);
  if (rbmTable.size() > 1) {
    std::printf("%sCD-1 RBM training, float, random +-1 data, 20000 rows per epoch\n\n", learnTable.size() > 1 ? "\n" : "");
    printTable(rbmTable, true);
  }
  return kExitOk;
}

} // namespace

Command benchLearnCommand() {
  Command c;
  c.name = "bench learn";
  c.summary = "learning pipeline (exact, variational, paper estimators) and CD-1 RBM throughput";
  c.usage = {"bench learn [--cases LIST] [--samples N] [--size L] [--threads n] [--seed S] [--json]"};
  c.description =
      "ising-exact: draws N samples of the L x L Ising model at beta_c (timed separately), times the exact\n"
      "estimator's preparation on its own, then learnFilter (2x2 block -> 1 hidden, early stopping) to\n"
      "convergence, with epochs per second, the held-out MI and the majority rule's MI (goal: < 5 s).\n"
      "dimer-variational: 1000 samples (at most N) of L = 32 dimers with noise K = 1, a 4x4-entry block\n"
      "(2x2 cells), buffer 2, environment 4, 2 hiddens, the variational estimator (goal: < 60 s).\n"
      "ising-paper: the paper's estimator on 10 samples of the Ising case (40,960 windows at L = 128); the slow one.\n"
      "rbm: CD-1 training throughput, float, 24x8 minibatch 25 and 64x16 minibatch 100, random +-1 data.";
  c.options = {{"cases", "LIST", "subset of ising-exact,dimer-variational,ising-paper,rbm (default all)"},
               {"samples", "N", "Ising samples for ising-exact, at least 10 (default 5000)"},
               {"size", "L", "even Ising lattice side for ising-exact and ising-paper (default 128)"},
               {"threads", "n", "worker threads; 0 all cores (default 0)"},
               {"seed", "S", "seed of the samples, the filters and the RBMs (default 1)"},
               jsonOption()};
  c.run = runBenchLearn;
  return c;
}

} // namespace rsmi::cli
