#include "io/run_spec_json.h"

#include <QJsonArray>
#include <QFileInfo>
#include <QDir>
#include <QJsonDocument>
#include <climits>

#include "core/rg/dimer_rg_step.h"
#include "io/atomic_file.h"
#include "io/json_object_reader.h"
#include "io/manifest.h"

namespace rsmi::io {

namespace {

QString text(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

QJsonObject trainingToJson(const FilterTrainingOptions& t) {
  QJsonObject o;
  o["hidden"] = t.hiddenCount;
  o["hidden_bias"] = t.hiddenBias;
  o["optimizer"] = t.optimizer == OptimizerKind::Adam ? "adam" : "sgd";
  o["learning_rate"] = t.learningRate;
  o["epochs"] = t.epochs;
  o["minibatch"] = static_cast<qint64>(t.minibatch);
  o["l2"] = t.l2;
  o["spread"] = t.spread;
  // Written only when on, so that the specs and manifests of runs without it keep their bytes.
  if (t.averagingSteps > 0) o["averaging_steps"] = t.averagingSteps;
  o["initial_scale"] = t.initialScale;
  o["restarts"] = t.restarts;
  o["patience"] = t.patience;
  o["min_improvement"] = t.minImprovement;
  return o;
}

FilterTrainingOptions trainingFromJson(const QJsonObject& object, const std::string& where) {
  ObjectReader r(object, where);
  FilterTrainingOptions t;
  if (auto v = r.integer("hidden", 1, 8)) t.hiddenCount = static_cast<int>(*v);
  if (auto v = r.boolean("hidden_bias")) t.hiddenBias = *v;
  if (auto v = r.string("optimizer")) {
    if (*v == "adam") t.optimizer = OptimizerKind::Adam;
    else if (*v == "sgd") t.optimizer = OptimizerKind::Sgd;
    else fail(where, "unknown optimizer '" + v->toStdString() + "' (known: adam, sgd)");
  }
  if (auto v = r.number("learning_rate")) t.learningRate = *v;
  if (auto v = r.integer("epochs", 1, 10000000)) t.epochs = static_cast<int>(*v);
  if (auto v = r.integer("minibatch", 1, INT_MAX)) t.minibatch = static_cast<std::size_t>(*v);
  if (auto v = r.number("l2")) t.l2 = *v;
  if (auto v = r.number("spread")) t.spread = *v;
  if (auto v = r.number("averaging_steps")) t.averagingSteps = *v;
  if (auto v = r.number("initial_scale")) t.initialScale = *v;
  if (auto v = r.integer("restarts", 1, 1000)) t.restarts = static_cast<int>(*v);
  if (auto v = r.integer("patience", 0, INT_MAX)) t.patience = static_cast<int>(*v);
  if (auto v = r.number("min_improvement")) t.minImprovement = *v;
  r.rejectUnknownKeys();
  return t;
}

} // namespace

QJsonObject runSpecToJson(const RunSpec& spec) {
  const FlowSpec& f = spec.flow;
  const LearningSpec& l = f.rg.learning;
  QJsonObject o;
  o["format"] = "rsmi-run-spec";
  o["format_version"] = kRunSpecFormatVersion;
  o["title"] = QString::fromStdString(spec.title);
  if (!spec.description.empty()) o["description"] = QString::fromStdString(spec.description);
  QJsonObject sampling = specToJson(f.sampling);
  sampling.remove("beta");
  sampling.remove("temperature");
  o["sampling"] = sampling;
  // Dimers and imported samples have no temperature: their one placeholder β is not written
  // (dimer_rg_step.h).
  if (hasTemperature(f.sampling)) {
    QJsonArray betas;
    for (double b : f.betas) betas.append(b);
    o["betas"] = betas;
  }
  o["window"] = QJsonObject{{"block", QJsonArray{l.window.blockWidth, l.window.blockHeight}},
                            {"buffer", l.window.buffer},
                            {"environment", l.window.environment}};
  o["estimator"] = text(estimatorName(l.estimator));
  o["training"] = trainingToJson(l.training);
  o["held_out_fraction"] = l.heldOutFraction;
  o["max_training_windows"] = static_cast<qint64>(l.maxTrainingWindows);
  o["max_held_out_windows"] = static_cast<qint64>(l.maxHeldOutWindows);
  o["score_baselines"] = l.scoreBaselines;
  o["rg"] = QJsonObject{{"steps", f.rg.steps},
                        {"mode", f.rg.mode == CoarseGrainingMode::Stochastic ? "stochastic" : "deterministic"},
                        {"seed", seedToJson(f.rg.seed)},
                        {"threads", f.rg.threads}};
  o["thermometer"] = QJsonObject{{"kind", text(thermometerName(f.thermometer))},
                                 {"fit", f.fit == ThermometerFit::Linear ? "linear" : "monotone"},
                                 {"fit_low", f.fitLow},
                                 {"fit_high", f.fitHigh},
                                 {"fixed_point_window", f.fixedPointWindow}};
  o["compare_majority"] = spec.compareMajority;
  o["replicas"] = spec.replicas;
  o["collapse"] = spec.collapse;
  return o;
}

RunSpec runSpecFromJson(const QJsonObject& object, const std::string& where) {
  ObjectReader r(object, where);
  RunSpec spec;
  FlowSpec& f = spec.flow;
  LearningSpec& l = f.rg.learning;
  if (auto v = r.string("format"); v && *v != "rsmi-run-spec")
    fail(where, "'format' is '" + v->toStdString() + "', expected 'rsmi-run-spec'");
  if (auto v = r.integer("format_version", 1, INT_MAX); v && *v > kRunSpecFormatVersion)
    fail(where, "format version " + std::to_string(*v) + " is newer than this program reads (" +
                    std::to_string(kRunSpecFormatVersion) + "); update rsmi");
  if (auto v = r.string("title")) spec.title = v->toStdString();
  if (auto v = r.string("description")) spec.description = v->toStdString();
  bool rgSeedGiven = false, rgThreadsGiven = false, rgStepsGiven = false;
  if (auto s = r.object("sampling")) {
    if (s->contains("beta") || s->contains("temperature"))
      fail(where + ": sampling", "give the temperatures in 'betas' (or 'temperatures'), not in 'sampling'");
    f.sampling = specFromJson(*s, where + ": sampling");
  } else {
    fail(where, "missing 'sampling' (model, size, samples, seed ...)");
  }
  if (f.sampling.model == ModelKind::Ising1D) l.window.blockHeight = 1;
  const bool hasBetas = r.has("betas"), hasTemperatures = r.has("temperatures");
  if (!hasTemperature(f.sampling) && !hasBetas && !hasTemperatures) {
    f.betas = {kDimerPlaceholderBeta};  // dimers, imported samples: no temperature to list
  } else {
    if (hasBetas == hasTemperatures) fail(where, "give exactly one of 'betas' or 'temperatures'");
    const char* listKey = hasBetas ? "betas" : "temperatures";
    for (const QJsonValue& v : *r.array(listKey)) {
      if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() <= 0)
        fail(where, std::string("'") + listKey + "' must be an array of positive numbers");
      f.betas.push_back(hasBetas ? v.toDouble() : 1.0 / v.toDouble());
    }
  }
  if (auto w = r.object("window")) {
    ObjectReader wr(*w, where + ": window");
    if (auto b = wr.array("block")) {
      if (b->size() != 2 || !(*b)[0].isDouble() || !(*b)[1].isDouble())
        fail(where + ": window", "'block' must be [width, height]");
      const double bw = (*b)[0].toDouble(), bh = (*b)[1].toDouble();
      if (bw != std::floor(bw) || bh != std::floor(bh) || bw < 1 || bh < 1 || bw > 64 || bh > 64)
        fail(where + ": window", "'block' must hold two integers from 1 to 64");
      l.window.blockWidth = static_cast<int>(bw), l.window.blockHeight = static_cast<int>(bh);
    }
    if (auto v = wr.integer("buffer", 0, 64)) l.window.buffer = static_cast<int>(*v);
    if (auto v = wr.integer("environment", 1, 64)) l.window.environment = static_cast<int>(*v);
    wr.rejectUnknownKeys();
  }
  if (auto v = r.string("estimator")) {
    const auto e = parseEstimator(v->toStdString());
    if (!e) fail(where, "unknown estimator '" + v->toStdString() + "' (known: exact, variational, paper)");
    l.estimator = *e;
  }
  l.scoreBaselines = false;
  if (auto t = r.object("training")) l.training = trainingFromJson(*t, where + ": training");
  if (auto v = r.number("held_out_fraction")) l.heldOutFraction = *v;
  if (auto v = r.integer("max_training_windows", 0, INT64_MAX / 2)) l.maxTrainingWindows = std::size_t(*v);
  if (auto v = r.integer("max_held_out_windows", 0, INT64_MAX / 2)) l.maxHeldOutWindows = std::size_t(*v);
  if (auto v = r.boolean("score_baselines")) l.scoreBaselines = *v;
  if (auto g = r.object("rg")) {
    ObjectReader gr(*g, where + ": rg");
    if (auto v = gr.integer("steps", 1, 32)) f.rg.steps = static_cast<int>(*v), rgStepsGiven = true;
    if (auto v = gr.string("mode")) {
      if (*v == "stochastic") f.rg.mode = CoarseGrainingMode::Stochastic;
      else if (*v == "deterministic") f.rg.mode = CoarseGrainingMode::Deterministic;
      else fail(where + ": rg", "unknown mode '" + v->toStdString() + "' (known: stochastic, deterministic)");
    }
    if (auto v = gr.seed("seed")) f.rg.seed = *v, rgSeedGiven = true;
    if (auto v = gr.integer("threads", 0, 4096)) f.rg.threads = static_cast<int>(*v), rgThreadsGiven = true;
    gr.rejectUnknownKeys();
  }
  if (!rgStepsGiven && !hasTemperature(f.sampling.model)) f.rg.steps = 1;  // the one step dimers take
  if (!rgSeedGiven) f.rg.seed = f.sampling.seed;
  if (!rgThreadsGiven) f.rg.threads = f.sampling.threads;
  if (auto t = r.object("thermometer")) {
    ObjectReader tr(*t, where + ": thermometer");
    if (auto v = tr.string("kind")) {
      const auto k = parseThermometer(v->toStdString());
      if (!k) fail(where + ": thermometer", "unknown kind '" + v->toStdString() + "' (known: mi, nn, nnn)");
      f.thermometer = *k;
    }
    if (auto v = tr.string("fit")) {
      if (*v == "linear") f.fit = ThermometerFit::Linear;
      else if (*v == "monotone") f.fit = ThermometerFit::MonotoneInterpolation;
      else fail(where + ": thermometer", "unknown fit '" + v->toStdString() + "' (known: monotone, linear)");
    }
    if (auto v = tr.number("fit_low")) f.fitLow = *v;
    if (auto v = tr.number("fit_high")) f.fitHigh = *v;
    if (auto v = tr.integer("fixed_point_window", 0, 1000)) f.fixedPointWindow = static_cast<int>(*v);
    tr.rejectUnknownKeys();
  }
  if (auto v = r.boolean("compare_majority")) spec.compareMajority = *v;
  if (auto v = r.integer("replicas", 1, 1000)) spec.replicas = static_cast<int>(*v);
  if (auto v = r.boolean("collapse")) spec.collapse = *v;
  r.rejectUnknownKeys();
  if (std::string problem = validate(spec); !problem.empty()) fail(where, problem);
  return spec;
}

RunSpec runSpecFromDocument(const QByteArray& json, const std::string& where) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (error.error != QJsonParseError::NoError)
    fail(where, "not valid JSON (" + error.errorString().toStdString() + " at byte " + std::to_string(error.offset) + ")");
  if (!doc.isObject()) fail(where, "expected a JSON object (a RunSpec)");
  const QJsonObject o = doc.object();
  // A result file carries the spec that made it.
  if (o.value("format").toString() == "rsmi-flow-result") {
    if (!o.value("spec").isObject()) fail(where, "the result file has no 'spec' object");
    return runSpecFromJson(o.value("spec").toObject(), where + ": spec");
  }
  return runSpecFromJson(o, where);
}

RunSpec readRunSpec(const QString& path) {
  RunSpec spec = runSpecFromDocument(readWholeFile(path, qint64(64) << 20), "'" + path.toStdString() + "'");
  // An imported sample file named relative to the spec is found next to it, wherever rsmi runs.
  std::string& file = spec.flow.sampling.samplesFile;
  if (!file.empty() && QFileInfo(QString::fromStdString(file)).isRelative())
    file = QFileInfo(path).absoluteDir().absoluteFilePath(QString::fromStdString(file)).toStdString();
  return spec;
}

void writeRunSpec(const QString& path, const RunSpec& spec, bool force) {
  writeFileAtomically(path, QJsonDocument(runSpecToJson(spec)).toJson(QJsonDocument::Indented), force);
}

} // namespace rsmi::io
