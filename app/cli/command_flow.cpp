// rsmi flow: the RG flow experiment (SCIENCE.md §5–§6) — samples over a temperature grid, the RG
// iteration with learned filters at each, thermometers, β_eff per step, the fixed point β* and ν.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <charconv>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "app/cli/progress_line.h"
#include "core/rg/rg_flow.h"
#include "io/atomic_file.h"

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


FlowSpec specFromArguments(const Arguments& args) {
  FlowSpec spec;
  const std::string model = args.required("model");
  const auto kind = parseModel(model);
  if (!kind || *kind == ModelKind::Dimer)
    throw UsageError("--model: '" + model + "' has no temperature to flow in (one of: ising2d, ising1d)");
  spec.sampling.model = *kind;
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
  if (auto v = args.integer("threads", 0, 4096)) spec.sampling.threads = spec.rg.threads = static_cast<int>(*v);
  spec.betas = betasFromArguments(args);

  if (*kind == ModelKind::Ising1D) spec.rg.learning.window.blockHeight = 1;
  if (auto b = args.text("block"))
    std::tie(spec.rg.learning.window.blockWidth, spec.rg.learning.window.blockHeight) = parseBlockSize(*b);
  if (auto v = args.integer("buffer", 0, 64)) spec.rg.learning.window.buffer = static_cast<int>(*v);
  if (auto v = args.integer("env", 1, 64)) spec.rg.learning.window.environment = static_cast<int>(*v);
  if (auto v = args.integer("hidden", 1, 1)) spec.rg.learning.training.hiddenCount = static_cast<int>(*v);
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
  if (const std::string problem = validate(spec); !problem.empty()) throw UsageError(problem);
  SamplingSpec probe = spec.sampling;
  probe.beta = spec.betas.front();
  if (const std::string problem = validate(spec.rg.learning, probe.model == ModelKind::Ising1D
                                                                 ? std::vector<int>{probe.size}
                                                                 : std::vector<int>{probe.size, probe.size},
                                           static_cast<std::size_t>(probe.samples));
      !problem.empty())
    throw UsageError(problem);
  return spec;
}

QJsonObject flowJson(const FlowSpec& spec, const FlowResult& r, double seconds) {
  const double ln2 = std::log(2.0);
  QJsonObject o;
  o["beta_c"] = jsonNumber(r.fixedPoint.found ? r.fixedPoint.betaStar : NAN);
  o["beta_c_err"] = jsonNumber(r.fixedPoint.found ? r.fixedPoint.betaStarError : NAN);
  o["nu"] = jsonNumber(r.fixedPoint.found ? r.fixedPoint.nu : NAN);
  o["nu_err"] = jsonNumber(r.fixedPoint.found ? r.fixedPoint.nuError : NAN);
  o["lambda_t"] = jsonNumber(r.fixedPoint.lambdaT);
  o["lambda_t_err"] = jsonNumber(r.fixedPoint.lambdaTError);
  o["fixed_point_points"] = r.fixedPoint.pointsUsed;
  o["fixed_point_chi2_per_dof"] = jsonNumber(r.fixedPoint.chi2PerDof);
  if (!r.fixedPoint.found) o["fixed_point_problem"] = QString::fromStdString(r.fixedPoint.problem);
  o["thermometer"] = QString::fromUtf8(thermometerName(spec.thermometer).data());
  QJsonArray flow;
  for (const FlowPoint& p : r.points)
    flow.append(QJsonObject{{"beta0", p.beta0},
                            {"step", p.level},
                            {"size", p.size},
                            {"mi_bits", jsonNumber(p.miNats / ln2)},
                            {"reading", jsonNumber(p.reading)},
                            {"reading_err", jsonNumber(p.readingError)},
                            {"beta_eff", jsonNumber(p.betaEff.beta)},
                            {"beta_eff_err", jsonNumber(p.betaEff.error)},
                            {"out_of_range", p.betaEff.outOfRange}});
  o["flow"] = flow;
  QJsonArray weights;
  for (std::size_t i = 0; i < r.runs.size(); ++i)
    for (const RgLevel& level : r.runs[i].levels)
      if (level.learned) {
        QJsonArray w;
        const Filter& f = level.learning.training.filter;
        for (int k = 0; k < f.visibleCount(); ++k) w.append(f.weights(0, k));
        weights.append(QJsonObject{{"beta0", spec.betas[i]}, {"step", level.level}, {"weights", w}});
      }
  o["filters"] = weights;
  o["seconds"] = seconds;
  o["seed"] = QString::number(spec.sampling.seed);
  o["version"] = QStringLiteral(RSMI_VERSION);
  return o;
}

QByteArray flowCsv(const FlowResult& r, const std::vector<double>& betas) {
  QByteArray csv =
      "beta0,step,size,mi_bits,nn,nn_err,nnn,nnn_err,abs_m,abs_m_err,energy,energy_err,beta_eff,beta_eff_err,"
      "out_of_range\n";
  auto num = [](double v) { return std::isfinite(v) ? QByteArray::number(v, 'g', 17) : QByteArray("nan"); };
  // runFlow lists the points run by run and level by level, the order walked here.
  auto point = r.points.begin();
  for (std::size_t i = 0; i < r.runs.size(); ++i)
    for (const RgLevel& level : r.runs[i].levels) {
      const FlowPoint* p = point != r.points.end() ? &*point++ : nullptr;
      const IsingObservables& o = level.observables;
      csv += num(betas[i]) + ',' + QByteArray::number(level.level) + ',' + QByteArray::number(level.shape.back()) + ',' +
             num(level.learned ? level.learning.heldOutNats / std::log(2.0) : NAN) + ',' + num(o.nearestNeighbour.mean) +
             ',' + num(o.nearestNeighbour.error) + ',' + num(o.nextNearestNeighbour.mean) + ',' +
             num(o.nextNearestNeighbour.error) + ',' + num(o.absMagnetization.mean) + ',' +
             num(o.absMagnetization.error) + ',' + num(o.energyPerSite.mean) + ',' + num(o.energyPerSite.error) + ',' +
             num(p ? p->betaEff.beta : NAN) + ',' + num(p ? p->betaEff.error : NAN) + ',' +
             (p && p->betaEff.outOfRange ? "1" : "0") + '\n';
    }
  return csv;
}

int runFlowCommand(const Arguments& args, const Context& context) {
  const FlowSpec spec = specFromArguments(args);
  const QString dir = QString::fromStdString(args.required("out"));
  const bool force = args.has("force");
  if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir())
    throw UsageError("--out: '" + dir.toStdString() + "' exists and is not a folder");
  if (!QDir().mkpath(dir)) throw UsageError("--out: cannot create the folder '" + dir.toStdString() + "'");
  const QString jsonPath = QDir(dir).filePath("flow.json"), csvPath = QDir(dir).filePath("flow.csv");
  io::checkWritable(jsonPath, force);
  io::checkWritable(csvPath, force);

  ProgressLine line(context.stderrIsTerminal && !args.has("quiet"));
  const auto start = std::chrono::steady_clock::now();
  const FlowResult result = runFlow(spec, context.stop, {}, line.sink());
  line.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const QJsonObject json = flowJson(spec, result, seconds);
  io::writeFileAtomically(csvPath, flowCsv(result, spec.betas), force);
  io::writeFileAtomically(jsonPath, QJsonDocument(json).toJson(QJsonDocument::Indented), force);
  if (args.has("json")) {
    printJson(json);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> table{{"beta0", "step", "L", "MI bits", "beta_eff", "error"}};
  char b[32], m[32], e[32], s[32];
  for (const FlowPoint& p : result.points) {
    std::snprintf(b, sizeof b, "%.5f", p.beta0);
    std::snprintf(m, sizeof m, "%.5f", p.miNats / std::log(2.0));
    std::snprintf(e, sizeof e, "%.5f%s", p.betaEff.beta, p.betaEff.outOfRange ? "*" : "");
    std::snprintf(s, sizeof s, "%.2g", p.betaEff.error);
    table.push_back({b, std::to_string(p.level), std::to_string(p.size), m, e, s});
  }
  printTable(table, true);
  const FixedPointEstimate& fp = result.fixedPoint;
  if (fp.found)
    std::printf("\nfixed point beta* = %.5f +- %.5f, Lambda_T = %.3f +- %.3f, nu = %.3f +- %.3f (%s thermometer, %d points)\n",
                fp.betaStar, fp.betaStarError, fp.lambdaT, fp.lambdaTError, fp.nu, fp.nuError,
                thermometerName(spec.thermometer).data(), fp.pointsUsed);
  else
    std::printf("\nno fixed point: %s\n", fp.problem.c_str());
  std::printf("* beyond the calibrated range (clamped). %.1f s; written %s and %s\n", seconds,
              csvPath.toStdString().c_str(), jsonPath.toStdString().c_str());
  return kExitOk;
}

} // namespace

Command flowCommand() {
  Command c;
  c.name = "flow";
  c.summary = "the RG flow over a temperature grid: beta_eff per step, the critical point and nu";
  c.usage = {"flow --model ising2d|ising1d --size L (--betas B1,B2,... | --beta-range LO:HI:N | --temperatures T1,...) "
             "--samples N --out DIR [--steps k] [--block 2x2] [--buffer 1] [--env 1] [--estimator exact] "
             "[--thermometer nn|nnn|mi] [--seed S] [--json]"};
  c.description =
      "At every temperature: draws N samples, learns the RSMI filter, coarse-grains, and repeats for k steps\n"
      "(filters re-learned at every scale). A thermometer calibrated on the step-0 data of the grid turns the\n"
      "quantity measured at each step into beta_eff. The fixed point beta* of the step map beta0 -> beta_eff(1)\n"
      "and its slope Lambda_T give nu = ln b / ln Lambda_T. Writes DIR/flow.json and DIR/flow.csv.";
  c.options = {
      {"model", "MODEL", "ising2d or ising1d"},
      {"size", "L", "lattice size"},
      {"betas", "B1,B2,...", "the temperature grid as inverse temperatures"},
      {"beta-range", "LO:HI:N", "N evenly spaced betas from LO to HI"},
      {"temperatures", "T1,T2,...", "the grid as temperatures"},
      {"samples", "N", "samples per temperature"},
      {"steps", "k", "RG steps (default 3)"},
      {"block", "WxH", "visible block (default 2x2; 2 for ising1d)"},
      {"buffer", "B", "buffer width (default 1)"},
      {"env", "E", "environment width (default 1)"},
      {"hidden", "1", "hidden units (the flow uses one)"},
      {"estimator", "NAME", "exact (default), variational, paper"},
      {"epochs", "n", "training epochs per step (default 100)"},
      {"max-windows", "n", "training windows per step (default 200000)"},
      {"deterministic", "", "coarse-grain with the most probable block spin instead of drawing it"},
      {"thermometer", "NAME", "nn (default; nearest-neighbour correlation), nnn, mi (learned MI)"},
      {"fit", "NAME", "monotone (default) or linear"},
      {"sampler", "NAME", "as for 'rsmi sample' (default auto)"},
      {"seed", "S", "random seed (default 1)"},
      {"threads", "n", "worker threads, 0 all (never changes the result)"},
      {"out", "DIR", "folder for flow.json and flow.csv (created if missing)"},
      {"force", "", "replace flow.json and flow.csv"},
      {"quiet", "", "no progress line"},
      jsonOption()};
  c.run = runFlowCommand;
  return c;
}

} // namespace rsmi::cli
