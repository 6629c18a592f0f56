// rsmi observe: Ising observables of a sample file, with autocorrelation-aware error bars.
#include <QFileInfo>
#include <QJsonArray>
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/models/observables.h"
#include "io/manifest.h"
#include "io/npy.h"

namespace rsmi::cli {

namespace {

struct Row {
  const char* key;
  Estimate IsingObservables::*member;
  const char* meaning;
};

constexpr Row kRows[] = {
    {"energy_per_site", &IsingObservables::energyPerSite, "energy per site, -J sum over the site's bonds"},
    {"abs_magnetization", &IsingObservables::absMagnetization, "<|m|>, m = sum s / N"},
    {"magnetization_squared", &IsingObservables::magnetizationSquared, "<m^2>"},
    {"binder_cumulant", &IsingObservables::binderCumulant, "U = 1 - <m^4> / (3 <m^2>^2)"},
    {"nn_correlation", &IsingObservables::nearestNeighbour, "<s_i s_j>, nearest neighbours"},
    {"nnn_correlation", &IsingObservables::nextNearestNeighbour, "<s_i s_j>, next-nearest (diagonal in 2D)"},
};

// The coupling recorded in the manifest beside the file, if there is a readable one; its model too.
std::optional<io::SampleManifest> manifestBeside(const QString& path) {
  const QString manifestPath = io::manifestPathFor(path);
  if (!QFileInfo::exists(manifestPath)) return std::nullopt;
  try {
    return io::readManifest(manifestPath);
  } catch (const io::IoError& e) {
    std::fprintf(stderr, "rsmi: warning: ignoring the manifest beside the file: %s\n", e.what());
    return std::nullopt;
  }
}

int runObserve(const Arguments& args, const Context&) {
  const std::string pathText = args.operands().at(0);
  const QString path = QString::fromStdString(pathText);
  const auto manifest = manifestBeside(path);
  if (manifest && manifest->spec.model == ModelKind::Dimer)
    throw UsageError("'" + pathText + "' holds dimer samples (says its manifest); observe measures Ising observables");

  SampleSet samples;
  try {
    samples = io::readNpy(path);
  } catch (const io::IoError& e) {
    throw UsageError(e.what());  // any unreadable input is the user's to fix: exit status 2
  }
  if (samples.count() == 0) throw UsageError("'" + pathText + "' holds no samples");
  double coupling = manifest ? manifest->spec.coupling : 1.0;
  if (auto j = args.number("coupling")) coupling = *j;

  const IsingObservables obs = measureIsing(samples, coupling);
  if (args.has("json")) {
    QJsonObject o;
    o["file"] = path;
    o["samples"] = static_cast<qint64>(samples.count());
    QJsonArray shape;
    for (int d : samples.shape) shape.append(d);
    o["sample_shape"] = shape;
    o["coupling"] = coupling;
    for (const Row& row : kRows) {
      const Estimate& e = obs.*(row.member);
      const QString key = QString::fromLatin1(row.key);
      o[key] = jsonNumber(e.mean);
      o[key + "_err"] = jsonNumber(e.error);
      o[key + "_tau"] = jsonNumber(e.tau);
    }
    printJson(o);
    return kExitOk;
  }
  std::string shape;
  for (std::size_t i = 0; i < samples.shape.size(); ++i) shape += (i ? "x" : "") + std::to_string(samples.shape[i]);
  std::printf("%s: %zu samples of %s, coupling J = %s\n\n", pathText.c_str(), samples.count(), shape.c_str(),
              formatNumber(coupling).c_str());
  std::vector<std::vector<std::string>> table{{"observable", "value", "error", "tau"}};
  char value[32], error[32], tau[32];
  for (const Row& row : kRows) {
    const Estimate& e = obs.*(row.member);
    std::snprintf(value, sizeof value, "%.6f", e.mean);
    std::snprintf(error, sizeof error, "%.2g", e.error);
    std::snprintf(tau, sizeof tau, "%.2f", e.tau);
    table.push_back({row.key, value, error, tau});
  }
  printTable(table, true);
  return kExitOk;
}

} // namespace

Command observeCommand() {
  Command c;
  c.name = "observe";
  c.summary = "measure Ising observables of a .npy sample file, with error bars";
  c.usage = {"observe FILE.npy [--coupling J] [--json]"};
  c.description =
      "Reads an Ising sample file (shape (N, L) or (N, L, L), any integer, boolean or float dtype holding\n"
      "±1) and prints the energy per site, |m|, m², the Binder cumulant and the nearest- and\n"
      "next-nearest-neighbour correlations, each with one standard error and the integrated\n"
      "autocorrelation time tau in units of stored samples (binning analysis; 0.5 = independent).\n"
      "Periodic boundaries are assumed. The coupling defaults to the one in FILE.json, else 1.";
  c.options = {couplingOption(), jsonOption()};
  c.operands = {"FILE.npy"};
  c.run = runObserve;
  return c;
}

} // namespace rsmi::cli
