#include "app/cli/experiment_runner.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <set>

#include "app/cli/common.h"
#include "app/cli/progress_line.h"
#include "core/pipeline/cost_estimate.h"
#include "core/rg/dimer_rg_step.h"
#include "io/imported_samples.h"
#include "io/atomic_file.h"
#include "io/flow_result_json.h"
#include "io/run_spec_json.h"

namespace rsmi::cli {

namespace {

constexpr double kLn2 = 0.69314718055994530942;

std::string fmt(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

void printEstimate(const char* name, const FixedPointEstimate& e) {
  if (e.found)
    std::printf("%-10s beta* = %.5f +- %.5f, Lambda_T = %.3f +- %.3f, nu = %.3f +- %.3f (%d points)\n", name,
                e.betaStar, e.betaStarError, e.lambdaT, e.lambdaTError, e.nu, e.nuError, e.pointsUsed);
  else
    std::printf("%-10s no fixed point: %s\n", name, e.problem.c_str());
}

// Dimers and imported samples: no temperature, so no beta0 or beta_eff columns; the shape of each level's lattice (the
// 2L×2L encoding, then each block's hidden units side by side) and the MI of the filter learned there.
void printDimerTableOf(const FlowOutcome& shown, const SamplingSpec& sampling) {
  std::vector<std::vector<std::string>> table{{"step", "shape", "MI bits", "+-"}};
  for (const RgIterationResult& run : shown.flow.runs)
    for (const RgLevel& level : run.levels) {
      std::string shape;
      for (int d : level.shape) shape += (shape.empty() ? "" : "x") + std::to_string(d);
      table.push_back({std::to_string(level.level), shape,
                       level.learned ? fmt("%.5f", level.learning.heldOutNats / kLn2) : "-",
                       level.learned ? fmt("%.1e", level.learning.heldOutError / kLn2) : "-"});
    }
  printTable(table, true);
  if (sampling.samplesFile.empty())
    std::printf("\ndimers: no temperature, so no thermometer and no RG flow\n");
  else
    std::printf("\nimported samples: no known temperature, so no thermometer and no RG flow\n");
}

void printTableOf(const RunSpec& spec, const ExperimentResult& result) {
  const FlowOutcome* shown = result.find(0, CoarseGrainingRule::Learned);
  if (!shown) return;
  if (!hasTemperature(spec.flow.sampling)) return printDimerTableOf(*shown, spec.flow.sampling);
  const bool single = spec.flow.betas.size() < 2;
  std::vector<std::vector<std::string>> table{{"beta0", "step", "L", "MI bits", "+-"}};
  if (!single) table[0].insert(table[0].end(), {"beta_eff", "+-"});
  auto point = shown->flow.points.begin();
  for (std::size_t i = 0; i < shown->flow.runs.size(); ++i)
    for (const RgLevel& level : shown->flow.runs[i].levels) {
      const FlowPoint& p = *point++;
      std::vector<std::string> row{fmt("%.5f", p.beta0), std::to_string(p.level), std::to_string(p.size),
                                   fmt("%.5f", p.miNats / kLn2),
                                   fmt("%.1e", level.learned ? level.learning.heldOutError / kLn2 : NAN)};
      if (!single) {
        row.push_back(fmt("%.5f", p.betaEff.beta) + (p.betaEff.outOfRange ? "*" : ""));
        row.push_back(p.betaEff.outOfRange ? "-" : fmt("%.1e", p.betaEff.error));
      }
      table.push_back(std::move(row));
    }
  printTable(table, true);
  if (single) return;
  std::printf("\n%s thermometer%s\n", thermometerName(spec.flow.thermometer).data(),
              spec.replicas > 1 ? (", " + std::to_string(spec.replicas) + " replicas combined").c_str() : "");
  printEstimate("step map", result.learned);
  if (spec.collapse) {
    const CollapseEstimate& c = result.collapse;
    if (c.found)
      std::printf(
          "%-10s beta* = %.5f +- %.5f, Lambda_T = %.3f +- %.3f, nu = %.3f +- %.3f (%d points, %d steps)\n",
          "collapse", c.betaStar, c.betaStarError, c.lambdaT, c.lambdaTError, c.nu, c.nuError, c.pointsUsed,
          c.stepsUsed);
    else
      std::printf("%-10s %s\n", "collapse", c.problem.c_str());
  }
  if (spec.compareMajority) printEstimate("majority", result.majority);
  std::printf("* beyond the calibrated range (clamped)\n");
}

// "I/N" with 0 <= I < N.
ExperimentPart parsePart(const std::string& text) {
  const std::size_t slash = text.find('/');
  const auto number = [&](const std::string& digits) -> long {
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("--part: '" + text + "' is not I/N (e.g. 0/9 for the first of 9 parts)");
    return std::stol(digits);
  };
  if (slash == std::string::npos) number("");
  ExperimentPart part{static_cast<int>(number(text.substr(0, slash))),
                      static_cast<int>(number(text.substr(slash + 1)))};
  if (std::string problem = validate(part); !problem.empty()) throw UsageError("--part: " + problem);
  return part;
}

// A level whose filter training diverged coarse-grained with its last good filter (docs/cli.md,
// "Training that diverges"); each such level gets one line, and flow.json lists them.
void warnAboutDivergence(const RunSpec& spec, const ExperimentResult& result) {
  for (const FlowOutcome& outcome : result.flows)
    for (std::size_t i = 0; i < outcome.flow.runs.size(); ++i)
      for (const RgLevel& level : outcome.flow.runs[i].levels)
        if (level.learned && !level.learning.training.divergence.empty())
          std::fprintf(stderr, "rsmi: warning: beta0 = %g, step %d%s: %s\n", spec.flow.betas[i], level.level,
                       spec.replicas > 1 ? (", replica " + std::to_string(outcome.replica)).c_str() : "",
                       level.learning.training.divergence.c_str());
}

} // namespace

std::vector<Option> experimentOutputOptions() {
  return {{"out", "DIR", "folder for run.json, runs/, flow.json and flow.csv (created if missing)"},
          {"force", "", "replace the results of an earlier experiment in DIR"},
          {"resume", "", "reuse the finished temperatures in DIR/runs/ (same spec), then write the results"},
          {"quiet", "", "no progress line"},
          {"part", "I/N",
           "run only part I of N (0 <= I < N) into DIR/runs/, for a job array; merge with --resume"},
          jsonOption()};
}

ExperimentOutput experimentOutputFromArguments(const Arguments& args) {
  ExperimentOutput out;
  out.folder = QString::fromStdString(args.required("out"));
  out.force = args.has("force");
  out.resume = args.has("resume");
  out.json = args.has("json");
  out.quiet = args.has("quiet");
  if (auto part = args.text("part")) out.part = parsePart(*part);
  return out;
}

int runExperimentIntoFolder(const RunSpec& spec, const ExperimentOutput& output, const Context& context,
                            std::shared_ptr<const SampleSet> imported) {
  if (!spec.flow.sampling.samplesFile.empty() && !imported) imported = io::readImportedSamples(spec.flow.sampling);
  const Experiment experiment(spec, std::move(imported));
  // A run far beyond this machine (terabytes of samples, years of work) is refused before anything is
  // written, with the estimate and what to change.
  if (const std::string why = refusal(estimateCost(spec), physicalMemoryBytes()); !why.empty())
    throw UsageError(why);
  const QString& dir = output.folder;
  if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir())
    throw UsageError("--out: '" + dir.toStdString() + "' exists and is not a folder");
  if (!QDir().mkpath(dir)) throw UsageError("--out: cannot create the folder '" + dir.toStdString() + "'");
  const QDir folder(dir);
  const QString specPath = folder.filePath("run.json"), jsonPath = folder.filePath("flow.json"),
                csvPath = folder.filePath("flow.csv"), runsPath = folder.filePath("runs");
  const bool isPart = output.part.count > 1;
  if (isPart && output.json)
    throw UsageError("--part writes temperature runs only; --json needs the whole results");
  const bool replace = output.force || output.resume;
  if (isPart) {
    // The parts of a job array share DIR: each writes the same run.json and its own runs. A run.json
    // of another experiment is not replaced without --force.
    if (QFileInfo::exists(specPath) && !output.force &&
        io::specFingerprint(io::readRunSpec(specPath)) != io::specFingerprint(spec))
      throw UsageError("'" + specPath.toStdString() +
                       "' is the spec of another experiment (use another --out, or --force to replace it)");
  } else {
    io::checkWritable(specPath, replace);
    io::checkWritable(jsonPath, replace);
    io::checkWritable(csvPath, replace);
  }

  FinishedRuns finished;
  if (output.resume || isPart) {
    // Runs of this spec already in DIR/runs/ are used as they are (a part run again after a failure
    // does only what is missing); files of other specs are left alone.
    for (const RunKey& key : experiment.runKeys()) {
      const QString path = QDir(runsPath).filePath(io::temperatureRunFileName(key));
      if (!QFileInfo::exists(path)) continue;
      if (auto run =
              io::temperatureRunFromJson(io::readWholeFile(path), spec, key, "'" + path.toStdString() + "'"))
        finished.emplace(key, std::move(*run));
    }
    if (!output.quiet && output.resume)
      std::fprintf(stderr, "rsmi: resuming: %zu of %zu temperature runs already done\n", finished.size(),
                   experiment.runKeys().size());
  } else if (QDir(runsPath).exists() && !QDir(runsPath).isEmpty() && !output.force) {
    throw UsageError(
        "'" + runsPath.toStdString() +
        "' holds runs of an earlier experiment (use --resume to continue it, --force to replace it)");
  }
  if (!QDir().mkpath(runsPath))
    throw UsageError("--out: cannot create the folder '" + runsPath.toStdString() + "'");
  io::writeRunSpec(specPath, spec, true);

  std::set<RunKey> reused;  // already on disk: not written again
  for (const auto& [key, run] : finished) reused.insert(key);
  ProgressLine line(context.stderrIsTerminal && !output.quiet);
  std::mutex writeMutex;
  std::string writeProblem;
  const ExperimentEventSink sink = [&](const ExperimentEvent& event) {
    if (const auto* p = std::get_if<ProgressEvent>(&event)) {
      std::string stage = p->stage;
      if (p->etaSeconds >= 0) stage += fmt(" (ETA %.0f s)", p->etaSeconds);
      line.show({stage, p->fraction});
    } else if (const auto* t = std::get_if<TemperatureEvent>(&event)) {
      // Each finished temperature goes to disk at once: an interrupted experiment resumes here.
      if (reused.count(t->key)) return;
      try {
        io::writeFileAtomically(QDir(runsPath).filePath(io::temperatureRunFileName(t->key)),
                                io::temperatureRunToJson(spec, t->key, t->run), true);
      } catch (const std::exception& e) {
        std::lock_guard lock(writeMutex);
        if (writeProblem.empty()) writeProblem = e.what();
      }
    }
  };
  if (isPart) {
    const FinishedRuns runs = experiment.runPart(output.part, context.stop, sink, std::move(finished));
    line.finish();
    if (!writeProblem.empty()) {  // the part is not done: the job array must see it fail (status 1)
      std::fprintf(stderr, "rsmi: error: a temperature run could not be saved: %s\n", writeProblem.c_str());
      return kExitFailure;
    }
    std::printf(
        "part %d of %d: %zu temperature runs in %s (%zu done before); when every part is done:\n"
        "  rsmi run %s --out %s --resume\n",
        output.part.index, output.part.count, runs.size(), runsPath.toStdString().c_str(),
        static_cast<std::size_t>(std::count_if(runs.begin(), runs.end(),
                                               [&](const auto& r) { return reused.count(r.first) > 0; })),
        specPath.toStdString().c_str(), dir.toStdString().c_str());
    return kExitOk;
  }
  const ExperimentResult result = experiment.run(context.stop, sink, std::move(finished));
  line.finish();
  if (!writeProblem.empty())
    std::fprintf(stderr, "rsmi: warning: a temperature run could not be saved for resuming: %s\n",
                 writeProblem.c_str());

  warnAboutDivergence(spec, result);

  // Both results go to temporaries and are renamed only when both are complete, so a write that
  // fails (a full disk, a folder made read-only meanwhile) leaves the earlier pair as it was — and
  // the finished runs in runs/, from which --resume writes them again without recomputing.
  const QJsonObject json = io::experimentResultToJson(spec, result);
  io::AtomicFile jsonFile(jsonPath, true), csvFile(csvPath, true);
  jsonFile.write(QJsonDocument(json).toJson(QJsonDocument::Indented));
  csvFile.write(io::experimentResultCsv(spec, result));
  jsonFile.commit();
  csvFile.commit();
  if (output.json) {
    printJson(json);
    return kExitOk;
  }
  printTableOf(spec, result);
  std::printf(
      "%.1f s (sampling %.1f s, learning %.1f s, coarse-graining %.1f s, summed over temperatures); "
      "written %s and %s\n",
      result.seconds, result.stages.sampling, result.stages.learning, result.stages.coarseGraining,
      csvPath.toStdString().c_str(), jsonPath.toStdString().c_str());
  return kExitOk;
}

}  // namespace rsmi::cli
