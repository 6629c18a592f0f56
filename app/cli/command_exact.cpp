// rsmi exact: exact reference values (SCIENCE.md §7) for the models the sampler draws.
#include <cmath>
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/exact/dimer_counts.h"
#include "core/exact/ising1d.h"
#include "core/exact/kaufman.h"
#include "core/exact/onsager.h"
#include "core/mc/sampling_spec.h"

namespace rsmi::cli {

namespace {

constexpr double kTwoTo53 = 9007199254740992.0;  // doubles hold every integer below this exactly

// Size, temperature and coupling through the sampler's own checks, so `exact` and `sample` accept
// and refuse the same lattices.
SamplingSpec checkedSpec(const Arguments& args, ModelKind model) {
  SamplingSpec spec;
  spec.model = model;
  args.required("size");
  spec.size = static_cast<int>(*args.integer("size", INT32_MIN, INT32_MAX));
  if (model != ModelKind::Dimer) {
    spec.beta = *betaFromArguments(args, true);
    if (auto j = args.number("coupling")) spec.coupling = *j;
  }
  if (const std::string problem = validate(spec); !problem.empty()) throw UsageError(problem);
  return spec;
}

// Prints `rows` as "key  value" text or as one JSON object.
void report(const Arguments& args, const std::vector<std::pair<const char*, double>>& rows, QJsonObject extra = {}) {
  if (args.has("json")) {
    for (const auto& [key, value] : rows) extra[QString::fromLatin1(key)] = jsonNumber(value);
    printJson(extra);
    return;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& [key, value] : rows) table.push_back({key, formatNumber(value)});
  printTable(table, false);
}

int runIsing2D(const Arguments& args, const Context&) {
  const SamplingSpec spec = checkedSpec(args, ModelKind::Ising2D);
  // Kaufman's formula as implemented (and Onsager's) is for the ferromagnet.
  if (spec.coupling < 0) throw UsageError("--coupling: exact ising2d needs a ferromagnetic coupling J > 0");
  const auto torus = exact::kaufmanTorus(spec.size, spec.beta, spec.coupling);
  const double sites = double(spec.size) * spec.size;
  report(args, {{"size", spec.size},
                {"beta", spec.beta},
                {"temperature", 1.0 / spec.beta},
                {"coupling", spec.coupling},
                {"ln_z", torus.lnZ},
                {"ln_z_per_site", torus.lnZ / sites},
                {"energy_per_site", torus.energyPerSite},
                {"specific_heat_per_site", torus.specificHeatPerSite},
                {"onsager_ln_z_per_site", exact::onsagerLnZPerSite(spec.beta, spec.coupling)},
                {"onsager_energy_per_site", exact::onsagerEnergyPerSite(spec.beta, spec.coupling)},
                {"onsager_magnetization", exact::yangMagnetization(spec.beta, spec.coupling)},
                {"beta_c", exact::kIsing2DCriticalBeta / spec.coupling},
                {"temperature_c", exact::kIsing2DCriticalTemperature * spec.coupling}});
  return kExitOk;
}

int runIsing1D(const Arguments& args, const Context&) {
  const SamplingSpec spec = checkedSpec(args, ModelKind::Ising1D);
  const double lnZ = exact::ising1DRingLnZ(spec.size, spec.beta, spec.coupling);
  report(args, {{"size", spec.size},
                {"beta", spec.beta},
                {"temperature", 1.0 / spec.beta},
                {"coupling", spec.coupling},
                {"ln_z", lnZ},
                {"ln_z_per_site", lnZ / spec.size},
                {"energy_per_site", exact::ising1DRingEnergyPerSite(spec.size, spec.beta, spec.coupling)},
                {"nn_correlation", exact::ising1DRingCorrelation(spec.size, 1, spec.beta, spec.coupling)},
                {"chain_nn_correlation", exact::ising1DChainCorrelation(1, spec.beta, spec.coupling)}});
  return kExitOk;
}

int runDimer(const Arguments& args, const Context&) {
  const SamplingSpec spec = checkedSpec(args, ModelKind::Dimer);
  const double lnCoverings = exact::dimerTorusLnCoverings(spec.size);
  double coverings = std::exp(lnCoverings) < kTwoTo53 ? exact::dimerTorusCoverings(spec.size) : std::exp(lnCoverings);
  // Below 2^53 the count is an integer that a double holds exactly; round off the Pfaffian's
  // floating-point noise. Above, it is only known to double precision (and may overflow to inf).
  const bool isExact = coverings < kTwoTo53;
  if (isExact) coverings = std::round(coverings);
  const double sites = double(spec.size) * spec.size;
  if (args.has("json")) {
    QJsonObject o;
    o["coverings_exact"] = isExact;
    report(args,
           {{"size", spec.size},
            {"coverings", coverings},
            {"ln_coverings", lnCoverings},
            {"entropy_per_site", lnCoverings / sites},
            {"entropy_per_site_infinite", exact::kDimerEntropyPerSite}},
           o);
    return kExitOk;
  }
  char count[64];
  std::snprintf(count, sizeof count, isExact ? "%.0f" : "%.17g", coverings);
  printTable({{"size", std::to_string(spec.size)},
              {"coverings", std::string(count) + (isExact ? "" : " (approximate: beyond 2^53)")},
              {"ln_coverings", formatNumber(lnCoverings)},
              {"entropy_per_site", formatNumber(lnCoverings / sites)},
              {"entropy_per_site_infinite", formatNumber(exact::kDimerEntropyPerSite)}},
             false);
  return kExitOk;
}

Command subcommand(const char* model, const char* summary, std::vector<std::string> usage, const char* description,
                   std::vector<Option> options, int (*run)(const Arguments&, const Context&)) {
  Command c;
  c.name = std::string("exact ") + model;
  c.summary = summary;
  c.usage = std::move(usage);
  c.description = description;
  c.options = std::move(options);
  c.options.push_back(jsonOption());
  c.run = run;
  return c;
}

} // namespace

Command exactCommand() {
  const Option size{"size", "L", "side of the L×L torus (required)"};
  Command c;
  c.name = "exact";
  c.summary = "exact results: ising2d (Kaufman, Onsager), ising1d (ring), dimer (Kasteleyn)";
  c.usage = {"exact ising2d --size L (--beta B | --temperature T) [--coupling J] [--json]",
             "exact ising1d --size N (--beta B | --temperature T) [--coupling J] [--json]",
             "exact dimer --size L [--json]"};
  c.subcommandKind = "model";
  c.description = "Prints exact reference values for a model on a periodic lattice (SCIENCE.md §7).";
  c.subcommands = {
      subcommand("ising2d", "finite-torus ln Z, energy, specific heat (Kaufman); Onsager and Yang", {c.usage[0]},
                 "Kaufman's exact partition function of the L×L Ising torus gives ln Z, the energy and the\n"
                 "specific heat per site at finite L; Onsager's solution gives the infinite-lattice energy\n"
                 "and ln Z per site, Yang's formula the spontaneous magnetisation (0 above T_c).",
                 {size, betaOption(), temperatureOption(), {"coupling", "J", "ferromagnetic coupling J > 0 (default 1)"}},
                 runIsing2D),
      subcommand("ising1d", "ring of N spins: ln Z, energy, nearest-neighbour correlation", {c.usage[1]},
                 "Transfer-matrix results for the periodic ring of N Ising spins.",
                 {{"size", "N", "number of spins on the ring (required)"}, betaOption(), temperatureOption(),
                  couplingOption()},
                 runIsing1D),
      subcommand("dimer", "number of dimer coverings of the L×L torus (Kasteleyn), entropy", {c.usage[2]},
                 "Kasteleyn's Pfaffians count the fully packed dimer coverings of the L×L torus (L even):\n"
                 "272 for L = 4. Counts below 2^53 are exact integers; larger ones are approximate, and\n"
                 "ln_coverings stays finite.",
                 {{"size", "L", "side of the torus, even (required)"}}, runDimer),
  };
  return c;
}

} // namespace rsmi::cli
