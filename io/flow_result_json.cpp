#include "io/flow_result_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

#include "core/rg/dimer_rg_step.h"
#include "io/json_object_reader.h"
#include "io/manifest.h"
#include "io/run_spec_json.h"

namespace rsmi::io {

namespace {

constexpr double kLn2 = 0.69314718055994530942;

// JSON has no NaN or infinity: they are written as null and read back as NaN.
QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

double numberFrom(const QJsonValue& v, const std::string& where, const char* key) {
  if (v.isNull()) return std::nan("");
  if (!v.isDouble()) fail(where, std::string("'") + key + "' must be a number or null");
  return v.toDouble();
}

QJsonArray estimateToJson(const Estimate& e) { return {number(e.mean), number(e.error), number(e.tau)}; }

Estimate estimateFromJson(const QJsonValue& v, const std::string& where, const char* key) {
  const QJsonArray a = v.toArray();
  if (!v.isArray() || a.size() != 3) fail(where, std::string("'") + key + "' must be [mean, error, tau]");
  return {numberFrom(a[0], where, key), numberFrom(a[1], where, key), numberFrom(a[2], where, key)};
}

QJsonArray matrixToJson(const Matrix& m) {
  QJsonArray rows;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    QJsonArray row;
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.append(number(m(i, j)));
    rows.append(row);
  }
  return rows;
}

Matrix matrixFromJson(const QJsonArray& rows, const std::string& where, const char* key) {
  if (rows.isEmpty()) return Matrix();
  const qsizetype cols = rows[0].toArray().size();
  Matrix m(rows.size(), cols);
  for (qsizetype i = 0; i < rows.size(); ++i) {
    const QJsonArray row = rows[i].toArray();
    if (!rows[i].isArray() || row.size() != cols) fail(where, std::string("'") + key + "' must be a rectangular array");
    for (qsizetype j = 0; j < cols; ++j) m(i, j) = numberFrom(row[j], where, key);
  }
  return m;
}

QJsonObject observablesToJson(const IsingObservables& o) {
  return {{"energy", estimateToJson(o.energyPerSite)},
          {"abs_m", estimateToJson(o.absMagnetization)},
          {"m2", estimateToJson(o.magnetizationSquared)},
          {"binder", estimateToJson(o.binderCumulant)},
          {"nn", estimateToJson(o.nearestNeighbour)},
          {"nnn", estimateToJson(o.nextNearestNeighbour)}};
}

IsingObservables observablesFromJson(const QJsonObject& object, const std::string& where) {
  ObjectReader r(object, where);
  IsingObservables o;
  auto read = [&](const char* key, Estimate& e) {
    if (auto v = r.take(key)) e = estimateFromJson(*v, where, key);
  };
  read("energy", o.energyPerSite);
  read("abs_m", o.absMagnetization);
  read("m2", o.magnetizationSquared);
  read("binder", o.binderCumulant);
  read("nn", o.nearestNeighbour);
  read("nnn", o.nextNearestNeighbour);
  r.rejectUnknownKeys();
  return o;
}

QJsonObject learningToJson(const LearningResult& l) {
  const Filter& f = l.training.filter;
  QJsonArray bias;
  for (Eigen::Index j = 0; j < f.bias.size(); ++j) bias.append(number(f.bias(j)));
  QJsonArray curve;
  for (const EpochRecord& e : l.training.curve)
    curve.append(QJsonArray{e.restart, e.epoch, number(e.trainingNats), number(e.heldOutNats)});
  QJsonObject baselines;
  for (const RuleScore& b : l.baselines) baselines[QString::fromStdString(b.name)] = number(b.nats);
  QJsonObject o{{"weights", matrixToJson(f.weights)},
          {"bias", bias},
          {"has_bias", f.hasBias},
          {"filter_held_out_nats", number(l.training.heldOutNats)},
          {"curve", curve},
          {"best_restart", l.training.bestRestart},
          {"epochs_run", l.training.epochsRun},
          {"stopped_early", l.training.stoppedEarly},
          {"held_out_nats", number(l.heldOutNats)},
          {"held_out_error", number(l.heldOutError)},
          {"baselines", baselines},
          {"training_windows", static_cast<qint64>(l.trainingWindows)},
          {"held_out_windows", static_cast<qint64>(l.heldOutWindows)},
          {"seconds", number(l.seconds)}};
  // Only when training diverged, so that the files of healthy runs stay as they were.
  if (!l.training.divergence.empty()) {
    o["training_diverged"] = QString::fromStdString(l.training.divergence);
    o["diverged_restarts"] = l.training.divergedRestarts;
  }
  return o;
}

LearningResult learningFromJson(const QJsonObject& object, const std::string& where) {
  ObjectReader r(object, where);
  LearningResult l;
  Filter& f = l.training.filter;
  if (auto v = r.array("weights")) f.weights = matrixFromJson(*v, where, "weights");
  if (auto v = r.array("bias")) {
    f.bias.resize(v->size());
    for (qsizetype j = 0; j < v->size(); ++j) f.bias(j) = numberFrom((*v)[j], where, "bias");
  }
  if (auto v = r.boolean("has_bias")) f.hasBias = *v;
  if (f.bias.size() != f.weights.rows()) fail(where, "'bias' must hold one value per hidden unit");
  if (auto v = r.take("filter_held_out_nats")) l.training.heldOutNats = numberFrom(*v, where, "filter_held_out_nats");
  if (auto v = r.array("curve"))
    for (const QJsonValue& e : *v) {
      const QJsonArray a = e.toArray();
      if (!e.isArray() || a.size() != 4) fail(where, "'curve' entries must be [restart, epoch, training, held_out]");
      l.training.curve.push_back({a[0].toInt(), a[1].toInt(), numberFrom(a[2], where, "curve"),
                                  numberFrom(a[3], where, "curve")});
    }
  if (auto v = r.integer("best_restart", 0, 1000000)) l.training.bestRestart = static_cast<int>(*v);
  if (auto v = r.integer("epochs_run", 0, INT32_MAX)) l.training.epochsRun = static_cast<int>(*v);
  if (auto v = r.boolean("stopped_early")) l.training.stoppedEarly = *v;
  if (auto v = r.take("held_out_nats")) l.heldOutNats = numberFrom(*v, where, "held_out_nats");
  if (auto v = r.take("held_out_error")) l.heldOutError = numberFrom(*v, where, "held_out_error");
  if (auto v = r.object("baselines"))
    for (auto it = v->begin(); it != v->end(); ++it)
      l.baselines.push_back({it.key().toStdString(), numberFrom(it.value(), where, "baselines")});
  if (auto v = r.integer("training_windows", 0, INT64_MAX / 2)) l.trainingWindows = std::size_t(*v);
  if (auto v = r.integer("held_out_windows", 0, INT64_MAX / 2)) l.heldOutWindows = std::size_t(*v);
  if (auto v = r.take("seconds")) l.seconds = numberFrom(*v, where, "seconds");
  if (auto v = r.string("training_diverged")) l.training.divergence = v->toStdString();
  if (auto v = r.integer("diverged_restarts", 0, 1000000)) l.training.divergedRestarts = static_cast<int>(*v);
  r.rejectUnknownKeys();
  return l;
}

QString ruleText(CoarseGrainingRule rule) {
  const std::string_view n = ruleName(rule);
  return QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
}

} // namespace

QJsonObject rgIterationToJson(const RgIterationResult& run) {
  QJsonArray levels;
  for (const RgLevel& level : run.levels) {
    QJsonArray shape;
    for (int d : level.shape) shape.append(d);
    QJsonObject o{{"level", level.level},
                  {"shape", shape},
                  {"observables", observablesToJson(level.observables)},
                  {"learned", level.learned},
                  {"coarse_graining_seconds", number(level.coarseGrainingSeconds)},
                  {"observing_seconds", number(level.observingSeconds)}};
    if (level.learned) o["learning"] = learningToJson(level.learning);
    // The level's first configuration, one character per site ('+' or '-'), row-major: what the
    // studio draws in its cascade of coarse lattices when the run is read back.
    if (!level.snapshot.values.empty()) {
      QByteArray spins(static_cast<qsizetype>(level.snapshot.values.size()), '+');
      for (std::size_t k = 0; k < level.snapshot.values.size(); ++k)
        if (level.snapshot.values[k] < 0) spins[static_cast<qsizetype>(k)] = '-';
      o["snapshot"] = QString::fromLatin1(spins);
    }
    levels.append(o);
  }
  return {{"levels", levels},
          {"stopped_because", QString::fromStdString(run.stoppedBecause)},
          {"sampling_seconds", number(run.samplingSeconds)}};
}

RgIterationResult rgIterationFromJson(const QJsonObject& object, const std::string& where) {
  ObjectReader r(object, where);
  RgIterationResult run;
  if (auto v = r.array("levels"))
    for (const QJsonValue& value : *v) {
      if (!value.isObject()) fail(where, "'levels' must hold objects");
      const std::string at = where + ": level " + std::to_string(run.levels.size());
      ObjectReader lr(value.toObject(), at);
      RgLevel level;
      if (auto x = lr.integer("level", 0, 64)) level.level = static_cast<int>(*x);
      if (auto x = lr.array("shape"))
        for (const QJsonValue& d : *x) level.shape.push_back(d.toInt());
      if (auto x = lr.object("observables")) level.observables = observablesFromJson(*x, at + ": observables");
      if (auto x = lr.boolean("learned")) level.learned = *x;
      if (auto x = lr.object("learning")) level.learning = learningFromJson(*x, at + ": learning");
      if (auto x = lr.take("coarse_graining_seconds")) level.coarseGrainingSeconds = numberFrom(*x, at, "coarse_graining_seconds");
      if (auto x = lr.take("observing_seconds")) level.observingSeconds = numberFrom(*x, at, "observing_seconds");
      if (auto x = lr.string("snapshot")) {
        std::size_t sites = 1;
        for (int d : level.shape) sites *= static_cast<std::size_t>(std::max(d, 0));
        if (level.shape.empty() || static_cast<std::size_t>(x->size()) != sites)
          fail(at, "'snapshot' must hold one '+' or '-' per site of 'shape'");
        level.snapshot.shape = level.shape;
        level.snapshot.values.reserve(sites);
        for (QChar c : *x) {
          if (c != '+' && c != '-') fail(at, "'snapshot' must hold one '+' or '-' per site of 'shape'");
          level.snapshot.values.push_back(c == '+' ? std::int8_t{1} : std::int8_t{-1});
        }
      }
      lr.rejectUnknownKeys();
      run.levels.push_back(std::move(level));
    }
  if (run.levels.empty()) fail(where, "a temperature run needs at least one level");
  if (auto v = r.string("stopped_because")) run.stoppedBecause = v->toStdString();
  if (auto v = r.take("sampling_seconds")) run.samplingSeconds = numberFrom(*v, where, "sampling_seconds");
  r.rejectUnknownKeys();
  return run;
}

// The step map's fixed point and the collapse give the same quantities (the collapse also says how
// many steps it fitted); QJsonObject sorts its keys, so the two objects read alike.
namespace {

template <class Estimate>
QJsonObject criticalPointToJson(const Estimate& e) {
  QJsonObject o{{"found", e.found},
                {"beta_c", number(e.found ? e.betaStar : NAN)},
                {"beta_c_err", number(e.found ? e.betaStarError : NAN)},
                {"lambda_t", number(e.found ? e.lambdaT : NAN)},
                {"lambda_t_err", number(e.found ? e.lambdaTError : NAN)},
                {"nu", number(e.found ? e.nu : NAN)},
                {"nu_err", number(e.found ? e.nuError : NAN)},
                {"points", e.pointsUsed},
                {"chi2_per_dof", number(e.chi2PerDof)}};
  if (!e.found) o["problem"] = QString::fromStdString(e.problem);
  return o;
}

} // namespace

QJsonObject fixedPointToJson(const FixedPointEstimate& e) { return criticalPointToJson(e); }

QJsonObject collapseToJson(const CollapseEstimate& e) {
  QJsonObject o = criticalPointToJson(e);
  o["steps"] = e.stepsUsed;
  return o;
}

QJsonObject experimentResultToJson(const RunSpec& spec, const ExperimentResult& result) {
  QJsonObject o;
  o["format"] = "rsmi-flow-result";
  o["format_version"] = 1;
  o["program"] = "rsmi";
  o["version"] = QStringLiteral(RSMI_VERSION);
  o["created"] = utcTimestampNow();
  o["spec"] = runSpecToJson(spec);
  // Dimers have no temperature (core/rg/dimer_rg_step.h): no β*, ν, thermometer or β_eff keys at all,
  // rather than nulls that would suggest a flow that failed.
  const bool flowing = hasTemperature(spec.flow.sampling);
  if (flowing) {
    const FixedPointEstimate& fp = result.learned;
    o["beta_c"] = number(fp.found ? fp.betaStar : NAN);
    o["beta_c_err"] = number(fp.found ? fp.betaStarError : NAN);
    o["nu"] = number(fp.found ? fp.nu : NAN);
    o["nu_err"] = number(fp.found ? fp.nuError : NAN);
    o["fixed_point"] = fixedPointToJson(fp);
    if (spec.compareMajority) o["majority"] = fixedPointToJson(result.majority);
    if (spec.collapse) o["collapse"] = collapseToJson(result.collapse);
    o["thermometer"] = QString::fromUtf8(thermometerName(spec.flow.thermometer).data());
  }

  QJsonArray flow, flows, filters, diverged;
  for (const FlowOutcome& outcome : result.flows) {
    QJsonArray points;
    for (const FlowPoint& p : outcome.flow.points) {
      QJsonObject point = flowing ? QJsonObject{{"beta0", p.beta0},
                                                {"step", p.level},
                                                {"size", p.size},
                                                {"mi_bits", number(p.miNats / kLn2)},
                                                {"reading", number(p.reading)},
                                                {"reading_err", number(p.readingError)},
                                                {"beta_eff", number(p.betaEff.beta)},
                                                {"beta_eff_err", number(p.betaEff.error)},
                                                {"out_of_range", p.betaEff.outOfRange}}
                                  : QJsonObject{{"step", p.level}, {"size", p.size}, {"mi_bits", number(p.miNats / kLn2)}};
      if (p.trainingDiverged) point["training_diverged"] = true;  // left out of the fits
      points.append(point);
      if (outcome.replica == 0 && outcome.rule == CoarseGrainingRule::Learned) flow.append(point);
    }
    QJsonObject entry{{"replica", outcome.replica}, {"rule", ruleText(outcome.rule)}, {"points", points}};
    if (flowing) entry["fixed_point"] = fixedPointToJson(outcome.flow.fixedPoint);
    if (flowing && spec.collapse) entry["collapse"] = collapseToJson(outcome.collapse);
    flows.append(entry);
    if (outcome.rule != CoarseGrainingRule::Learned) continue;
    for (std::size_t i = 0; i < outcome.flow.runs.size(); ++i)
      for (const RgLevel& level : outcome.flow.runs[i].levels) {
        if (!level.learned) continue;
        QJsonObject filter{{"replica", outcome.replica},
                           {"step", level.level},
                           {"weights", matrixToJson(level.learning.training.filter.weights)}};
        if (flowing) filter["beta0"] = spec.flow.betas[i];
        // The flow went on with this level's last good (finite) filter: say so beside it.
        if (const std::string& why = level.learning.training.divergence; !why.empty()) {
          filter["training_diverged"] = QString::fromStdString(why);
          QJsonObject entry{{"replica", outcome.replica},
                            {"step", level.level},
                            {"message", QString::fromStdString(why)}};
          if (flowing) entry["beta0"] = spec.flow.betas[i];
          diverged.append(entry);
        }
        filters.append(filter);
      }
  }
  o["flow"] = flow;  // replica 0, learned filters: the flow the studio plots
  o["flows"] = flows;
  o["filters"] = filters;
  if (!diverged.isEmpty()) o["training_diverged"] = diverged;
  o["stage_seconds"] = QJsonObject{{"sampling", result.stages.sampling},
                                   {"learning", result.stages.learning},
                                   {"coarse_graining", result.stages.coarseGraining},
                                   {"observing", result.stages.observing}};
  o["seconds"] = result.seconds;
  return o;
}

namespace {

// Dimers and imported samples: the columns of an Ising flow less those of a temperature (beta0, beta_eff, beta_eff_err,
// out_of_range); `size` is the width of the level's lattice (2L for the encoding). The observables are
// those of the ±1 arrays as they are (the encoding mixes links and noise spins; docs/cli.md).
QByteArray dimerResultCsv(const ExperimentResult& result) {
  QByteArray csv = "replica,rule,step,size,mi_bits,mi_bits_err,nn,nn_err,nnn,nnn_err,abs_m,abs_m_err,energy,energy_err\n";
  auto num = [](double v) { return std::isfinite(v) ? QByteArray::number(v, 'g', 17) : QByteArray("nan"); };
  for (const FlowOutcome& outcome : result.flows)
    for (const RgIterationResult& run : outcome.flow.runs)
      for (const RgLevel& level : run.levels) {
        const IsingObservables& o = level.observables;
        csv += QByteArray::number(outcome.replica) + ',' + ruleText(outcome.rule).toUtf8() + ',' +
               QByteArray::number(level.level) + ',' + QByteArray::number(level.shape.back()) + ',' +
               num(level.learned ? level.learning.heldOutNats / kLn2 : NAN) + ',' +
               num(level.learned ? level.learning.heldOutError / kLn2 : NAN) + ',' + num(o.nearestNeighbour.mean) +
               ',' + num(o.nearestNeighbour.error) + ',' + num(o.nextNearestNeighbour.mean) + ',' +
               num(o.nextNearestNeighbour.error) + ',' + num(o.absMagnetization.mean) + ',' +
               num(o.absMagnetization.error) + ',' + num(o.energyPerSite.mean) + ',' + num(o.energyPerSite.error) +
               '\n';
      }
  return csv;
}

} // namespace

QByteArray experimentResultCsv(const RunSpec& spec, const ExperimentResult& result) {
  if (!hasTemperature(spec.flow.sampling)) return dimerResultCsv(result);
  QByteArray csv =
      "replica,rule,beta0,step,size,mi_bits,mi_bits_err,nn,nn_err,nnn,nnn_err,abs_m,abs_m_err,energy,energy_err,"
      "beta_eff,beta_eff_err,out_of_range\n";
  auto num = [](double v) { return std::isfinite(v) ? QByteArray::number(v, 'g', 17) : QByteArray("nan"); };
  for (const FlowOutcome& outcome : result.flows) {
    // analyseFlow lists the points run by run and level by level, the order walked here.
    auto point = outcome.flow.points.begin();
    for (std::size_t i = 0; i < outcome.flow.runs.size(); ++i)
      for (const RgLevel& level : outcome.flow.runs[i].levels) {
        const FlowPoint* p = point != outcome.flow.points.end() ? &*point++ : nullptr;
        const IsingObservables& o = level.observables;
        csv += QByteArray::number(outcome.replica) + ',' + ruleText(outcome.rule).toUtf8() + ',' +
               num(spec.flow.betas[i]) + ',' + QByteArray::number(level.level) + ',' +
               QByteArray::number(level.shape.back()) + ',' +
               num(level.learned ? level.learning.heldOutNats / kLn2 : NAN) + ',' +
               num(level.learned ? level.learning.heldOutError / kLn2 : NAN) + ',' + num(o.nearestNeighbour.mean) +
               ',' + num(o.nearestNeighbour.error) + ',' + num(o.nextNearestNeighbour.mean) + ',' +
               num(o.nextNearestNeighbour.error) + ',' + num(o.absMagnetization.mean) + ',' +
               num(o.absMagnetization.error) + ',' + num(o.energyPerSite.mean) + ',' + num(o.energyPerSite.error) +
               ',' + num(p ? p->betaEff.beta : NAN) + ',' + num(p ? p->betaEff.error : NAN) + ',' +
               (p && p->betaEff.outOfRange ? "1" : "0") + '\n';
      }
  }
  return csv;
}

QString specFingerprint(const RunSpec& spec) {
  QJsonObject o = runSpecToJson(spec);
  o.remove("title");  // a renamed experiment is the same experiment
  o.remove("description");
  QJsonObject sampling = o["sampling"].toObject();
  sampling.remove("threads");  // the thread count never changes a result
  o["sampling"] = sampling;
  QJsonObject rg = o["rg"].toObject();
  rg.remove("threads");
  o["rg"] = rg;
  return sha256Hex(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString temperatureRunFileName(const RunKey& key) {
  return QStringLiteral("r%1-%2-b%3.json").arg(key.replica).arg(ruleText(key.rule)).arg(key.betaIndex);
}

QByteArray temperatureRunToJson(const RunSpec& spec, const RunKey& key, const RgIterationResult& run) {
  QJsonObject o{{"format", "rsmi-temperature-run"},
                {"format_version", 1},
                {"spec_sha256", specFingerprint(spec)},
                {"replica", key.replica},
                {"rule", ruleText(key.rule)},
                {"beta_index", static_cast<qint64>(key.betaIndex)},
                {"beta", spec.flow.betas.at(key.betaIndex)},
                {"run", rgIterationToJson(run)}};
  return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<RgIterationResult> temperatureRunFromJson(const QByteArray& json, const RunSpec& spec, const RunKey& key,
                                                        const std::string& where) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (error.error != QJsonParseError::NoError || !doc.isObject())
    fail(where, "not a temperature run (invalid JSON)");
  ObjectReader r(doc.object(), where);
  if (r.string("format") != QStringLiteral("rsmi-temperature-run")) fail(where, "not a temperature run");
  r.integer("format_version", 1, 1);
  const auto sha = r.string("spec_sha256");
  const auto replica = r.integer("replica", 0, 1000);
  const auto rule = r.string("rule");
  const auto index = r.integer("beta_index", 0, 1000000);
  r.number("beta");
  const auto run = r.object("run");
  r.rejectUnknownKeys();
  if (!sha || !replica || !rule || !index || !run) fail(where, "a temperature run needs spec_sha256, replica, rule, beta_index and run");
  if (*sha != specFingerprint(spec) || *replica != key.replica || *rule != ruleText(key.rule) ||
      std::size_t(*index) != key.betaIndex)
    return std::nullopt;
  return rgIterationFromJson(*run, where + ": run");
}

} // namespace rsmi::io
