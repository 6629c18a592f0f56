// rsmi train: learn the RSMI filter Λ on a sample file (SCIENCE.md §2–§4) and compare it with the
// fixed rules, all scored by the same estimator on held-out samples.
#include <QJsonArray>
#include <QJsonDocument>
#include <climits>
#include <cmath>
#include <cstdio>
#include <optional>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "app/cli/progress_line.h"
#include "core/learn/filter_learning.h"
#include "io/atomic_file.h"
#include "io/npy.h"

namespace rsmi::cli {

namespace {


LearningSpec specFromArguments(const Arguments& args) {
  LearningSpec spec;
  if (auto b = args.text("block")) std::tie(spec.window.blockWidth, spec.window.blockHeight) = parseBlockSize(*b);
  if (auto v = args.integer("buffer", 0, 64)) spec.window.buffer = static_cast<int>(*v);
  if (auto v = args.integer("env", 1, 64)) spec.window.environment = static_cast<int>(*v);
  if (auto v = args.integer("hidden", 1, 8)) spec.training.hiddenCount = static_cast<int>(*v);
  if (args.has("bias")) spec.training.hiddenBias = true;
  if (auto e = args.text("estimator")) {
    const auto kind = parseEstimator(*e);
    if (!kind) throw UsageError("--estimator: unknown estimator '" + *e + "' (one of: exact, variational, paper)");
    spec.estimator = *kind;
  }
  if (auto o = args.text("optimizer")) {
    if (*o == "adam") spec.training.optimizer = OptimizerKind::Adam;
    else if (*o == "sgd") spec.training.optimizer = OptimizerKind::Sgd;
    else throw UsageError("--optimizer: unknown optimizer '" + *o + "' (one of: adam, sgd)");
  }
  if (auto v = args.integer("epochs", 1, 1000000)) spec.training.epochs = static_cast<int>(*v);
  if (auto v = args.integer("restarts", 1, 1000)) spec.training.restarts = static_cast<int>(*v);
  if (auto v = args.integer("patience", 0, 1000000)) spec.training.patience = static_cast<int>(*v);
  if (auto v = args.integer("minibatch", 1, 100000000)) spec.training.minibatch = static_cast<std::size_t>(*v);
  if (auto v = args.number("learning-rate")) {
    if (*v <= 0) throw UsageError("--learning-rate must be > 0");
    spec.training.learningRate = *v;
  }
  if (auto v = args.number("l2")) {
    if (*v < 0) throw UsageError("--l2 must be >= 0");
    spec.training.l2 = *v;
  }
  if (auto v = args.number("spread")) {
    if (*v < 0) throw UsageError("--spread must be >= 0");
    spec.training.spread = *v;
  }
  if (auto v = args.number("average")) {
    if (*v < 0) throw UsageError("--average must be >= 0 (minibatch steps)");
    spec.training.averagingSteps = *v;
  }
  if (auto v = args.number("held-out")) {
    if (*v <= 0 || *v >= 1) throw UsageError("--held-out must lie strictly between 0 and 1");
    spec.heldOutFraction = *v;
  }
  if (auto v = args.integer("max-windows", 0, INT64_MAX)) spec.maxTrainingWindows = static_cast<std::size_t>(*v);
  if (auto v = args.integer("max-held-out", 0, INT64_MAX)) spec.maxHeldOutWindows = static_cast<std::size_t>(*v);
  if (args.has("no-baselines")) spec.scoreBaselines = false;
  spec.training.seed = args.has("seed") ? *args.unsignedInteger("seed") : 1;
  return spec;
}

QJsonArray weightsJson(const Filter& f) {
  QJsonArray rows;
  for (int j = 0; j < f.hiddenCount(); ++j) {
    QJsonArray row;
    for (int i = 0; i < f.visibleCount(); ++i) row.append(f.weights(j, i));
    rows.append(row);
  }
  return rows;
}

QJsonObject resultJson(const LearningSpec& spec, const LearningResult& r, const std::string& samplesPath) {
  QJsonObject o;
  o["samples"] = QString::fromStdString(samplesPath);
  o["estimator"] = QString::fromUtf8(estimatorName(spec.estimator).data());
  o["mi_nats"] = jsonNumber(r.heldOutNats);
  o["mi_bits"] = jsonNumber(r.heldOutNats / std::log(2.0));
  o["weights"] = weightsJson(r.training.filter);
  if (r.training.filter.hasBias) {
    QJsonArray bias;
    for (int j = 0; j < r.training.filter.hiddenCount(); ++j) bias.append(r.training.filter.bias(j));
    o["bias"] = bias;
  }
  o["block"] = QJsonArray{spec.window.blockWidth, spec.window.blockHeight};
  o["buffer"] = spec.window.buffer;
  o["env"] = spec.window.environment;
  o["hidden"] = spec.training.hiddenCount;
  QJsonObject baselines;
  for (const RuleScore& b : r.baselines) baselines[QString::fromStdString(b.name)] = jsonNumber(b.nats / std::log(2.0));
  o["baselines"] = baselines;
  o["epochs"] = r.training.epochsRun;
  o["restart"] = r.training.bestRestart;
  o["stopped_early"] = r.training.stoppedEarly;
  if (!r.training.divergence.empty()) o["training_diverged"] = QString::fromStdString(r.training.divergence);
  o["training_windows"] = static_cast<qint64>(r.trainingWindows);
  o["held_out_windows"] = static_cast<qint64>(r.heldOutWindows);
  QJsonArray curve;
  for (const EpochRecord& e : r.training.curve)
    curve.append(QJsonObject{{"restart", e.restart},
                             {"epoch", e.epoch},
                             {"training_bits", jsonNumber(e.trainingNats / std::log(2.0))},
                             {"held_out_bits", jsonNumber(e.heldOutNats / std::log(2.0))}});
  o["curve"] = curve;
  o["seed"] = QString::number(spec.training.seed);
  o["seconds"] = r.seconds;
  o["version"] = QStringLiteral(RSMI_VERSION);
  return o;
}

int runTrain(const Arguments& args, const Context& context) {
  const std::string samplesPath = args.required("samples");
  const std::string outPath = args.required("out");
  const LearningSpec spec = specFromArguments(args);
  const bool force = args.has("force");
  // Refused before the samples are read: an output that exists or has no folder. A folder we may
  // not write is reported after them, so that bad input (status 2) is named first.
  std::optional<io::IoError> unwritable;
  try {
    io::checkWritable(QString::fromStdString(outPath), force);
  } catch (const io::IoError& e) {
    if (e.kind() != io::IoError::Kind::System) throw;
    unwritable = e;
  }

  SampleSet samples;
  try {
    samples = io::readNpy(QString::fromStdString(samplesPath), io::NpyReadOptions{true});
  } catch (const io::IoError& e) {
    throw UsageError(e.what());
  }
  if (unwritable) throw *unwritable;
  if (const std::string problem = validate(spec, samples.shape, samples.count()); !problem.empty())
    throw UsageError(problem);

  ProgressLine line(context.stderrIsTerminal && !args.has("quiet"));
  LearningResult result;
  try {
    result = learnFilter(samples, spec, context.stop, {}, line.sink());
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  line.finish();
  // The filter written is the last good one; the warning comes first so that it is seen even when
  // stdout is piped away.
  if (!result.training.divergence.empty())
    std::fprintf(stderr, "rsmi: warning: %s\n", result.training.divergence.c_str());

  const QJsonObject json = resultJson(spec, result, samplesPath);
  io::writeFileAtomically(QString::fromStdString(outPath), QJsonDocument(json).toJson(QJsonDocument::Indented), force);
  if (args.has("json")) {
    printJson(json);
    return kExitOk;
  }
  std::printf("held-out I(H:E) = %.6f bits (%.6f nats), %s estimator, %zu training / %zu held-out windows\n",
              result.heldOutNats / std::log(2.0), result.heldOutNats, estimatorName(spec.estimator).data(),
              result.trainingWindows, result.heldOutWindows);
  for (int j = 0; j < result.training.filter.hiddenCount(); ++j) {
    std::printf("hidden %d weights:", j);
    for (int i = 0; i < result.training.filter.visibleCount(); ++i) std::printf(" %+.4f", result.training.filter.weights(j, i));
    std::printf("\n");
  }
  for (const RuleScore& b : result.baselines) std::printf("%-10s %.6f bits\n", b.name.c_str(), b.nats / std::log(2.0));
  std::printf("%d epochs%s, %.2f s; filters written to %s\n", result.training.epochsRun,
              result.training.stoppedEarly ? " (stopped early)" : "", result.seconds, outPath.c_str());
  return kExitOk;
}

} // namespace

Command trainCommand() {
  Command c;
  c.name = "train";
  c.summary = "learn the RSMI filter on a sample file and compare it with fixed rules";
  c.usage = {"train --samples FILE.npy --out FILTERS.json [--block WxH] [--buffer B] [--env E] [--hidden n] "
             "[--estimator exact|variational|paper] [--epochs n] [--seed S] [--json] ..."};
  c.description =
      "Cuts every block-aligned window (visible block, buffer, environment) out of the samples, holds out\n"
      "the last samples, trains the filter that maximises the mutual information I(H:E) between the hidden\n"
      "units and the environment, and scores it and the majority, decimation and boundary rules with the\n"
      "same estimator on the held-out windows. MI is printed in bits and nats.";
  c.options = {
      {"samples", "FILE.npy", "the sample file (from 'rsmi sample', or any ±1 array of shape (N, L) or (N, H, W))"},
      {"out", "FILTERS.json", "where to write the filter, its MI curve and the baselines"},
      {"block", "WxH", "visible block, e.g. 2x2 (default), or a segment length for 1D samples"},
      {"buffer", "B", "buffer width L_B around the block (default 1)"},
      {"env", "E", "environment width L_E around the buffer (default 1)"},
      {"hidden", "n", "hidden units n_h, 1 to 8 (default 1)"},
      {"bias", "", "give each hidden unit a bias"},
      {"estimator", "NAME", "exact (default; blocks up to 16 sites), variational, paper"},
      {"epochs", "n", "training epochs (default 100)"},
      {"restarts", "n", "independent random starts; the best held-out MI wins (default 1)"},
      {"patience", "n", "stop after n epochs without held-out improvement; 0 never (default 20)"},
      {"minibatch", "n", "windows per gradient step (default 1000)"},
      {"learning-rate", "r", "step size (default 0.02)"},
      {"optimizer", "NAME", "adam (default) or sgd"},
      {"l2", "c", "L2 regulariser on the weights (default 1e-4)"},
      {"spread", "s", "penalty on each hidden's weight spread around its mean (default 0: off)"},
      {"average", "steps", "keep the moving average of the weights over this many minibatch steps (default 0: off)"},
      {"held-out", "f", "fraction of the samples held out (default 0.2)"},
      {"max-windows", "n", "at most n training windows, a random subset; 0 all (default 200000)"},
      {"max-held-out", "n", "at most n held-out windows, a random subset; 0 all (default 200000)"},
      {"no-baselines", "", "skip scoring the fixed rules"},
      {"seed", "S", "random seed (default 1)"},
      {"force", "", "replace FILTERS.json if it exists"},
      {"quiet", "", "no progress line"},
      jsonOption()};
  c.run = runTrain;
  return c;
}

} // namespace rsmi::cli
