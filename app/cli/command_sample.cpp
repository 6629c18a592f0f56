// rsmi sample: draw Monte Carlo samples into FILE.npy with the manifest FILE.json beside it.
#include <QFileInfo>
#include <QJsonArray>
#include <chrono>
#include <climits>
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "app/cli/progress_line.h"
#include "core/mc/draw_samples.h"
#include "io/atomic_file.h"
#include "io/manifest.h"
#include "io/npy.h"

namespace rsmi::cli {

namespace {

// A sample set lives in memory twice (samples, then file bytes): refuse sizes that cannot fit
// rather than dying of bad_alloc after minutes of sampling.
constexpr double kMaxSampleBytes = 8.0 * (1ull << 30);

SamplingSpec specFromArguments(const Arguments& args) {
  SamplingSpec spec;
  const std::string model = args.required("model");
  const auto kind = parseModel(model);
  if (!kind) throw UsageError("--model: unknown model '" + model + "' (one of: ising2d, ising1d, dimer)");
  spec.model = *kind;
  args.required("size");
  spec.size = static_cast<int>(*args.integer("size", INT_MIN, INT_MAX));
  if (spec.model == ModelKind::Dimer) {
    // All coverings are equally likely: there is no temperature or coupling to set.
    for (const char* name : {"beta", "temperature", "coupling"})
      if (args.has(name))
        throw UsageError(std::string("--") + name + " does not apply to the dimer model (all coverings are equally likely)");
  } else {
    spec.beta = *betaFromArguments(args, true);
    if (auto j = args.number("coupling")) spec.coupling = *j;
  }
  if (auto s = args.text("sampler")) {
    const auto sampler = parseSampler(*s);
    if (!sampler) throw UsageError("--sampler: unknown sampler '" + *s + "' (one of: auto, exact, metropolis, wolff, sw, worm)");
    spec.sampler = *sampler;
  }
  args.required("samples");
  spec.samples = static_cast<int>(*args.integer("samples", INT_MIN, INT_MAX));
  args.required("seed");
  spec.seed = *args.unsignedInteger("seed");
  if (auto v = args.integer("thermalization", 0, INT_MAX)) spec.thermalization = static_cast<int>(*v);
  if (auto v = args.integer("spacing", 1, INT_MAX)) spec.spacing = static_cast<int>(*v);
  if (auto v = args.integer("chains", 1, INT_MAX)) spec.chains = static_cast<int>(*v);
  if (auto v = args.integer("threads", 0, 4096)) spec.threads = static_cast<int>(*v);
  if (auto k = args.number("noise")) {
    spec.noise = true;
    spec.noiseCoupling = *k;
  }
  if (const std::string problem = validate(spec); !problem.empty()) throw UsageError(problem);
  return spec;
}

// Refuses early (before any sampling) what would fail at the end.
void checkOutputs(const QString& out, const QString& manifest, bool force) {
  for (const QString& path : {out, manifest}) {
    try {
      io::checkWritable(path, force);
    } catch (const io::IoError& e) {
      if (e.kind() == io::IoError::Kind::Exists)
        throw UsageError("'" + path.toStdString() + "' already exists; pass --force to overwrite it");
      if (e.kind() == io::IoError::Kind::System) throw;  // a folder we may not write: status 1, like a failed write
      throw UsageError(e.what());
    }
  }
}

int runSample(const Arguments& args, const Context& context) {
  const SamplingSpec spec = specFromArguments(args);
  const std::string outText = args.required("out");
  const QString out = QString::fromStdString(outText);
  if (!out.endsWith(QLatin1String(".npy"), Qt::CaseInsensitive))
    throw UsageError("--out: the sample file must end in .npy, got '" + outText + "'");
  const QString manifestPath = io::manifestPathFor(out);
  const bool force = args.has("force"), json = args.has("json"), quiet = args.has("quiet");
  checkOutputs(out, manifestPath, force);

  const double sites = spec.model == ModelKind::Ising1D ? spec.size
                       : spec.model == ModelKind::Dimer ? 4.0 * spec.size * spec.size
                                                        : double(spec.size) * spec.size;
  if (sites * spec.samples > kMaxSampleBytes) {
    char gib[32];
    std::snprintf(gib, sizeof gib, "%.3g", sites * spec.samples / (1 << 30));
    throw UsageError("--samples: " + std::to_string(spec.samples) + " samples of " + formatNumber(sites) +
                     " sites need " + gib + " GiB of memory; the limit is 8 GiB");
  }

  const SamplingSpec run = resolvedSpec(spec);
  ProgressLine progress(context.stderrIsTerminal && !quiet);
  const auto start = std::chrono::steady_clock::now();
  SampleSet samples = drawSamples(run, context.stop, progress.sink());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  if (context.stop.stop_requested()) throw Cancelled{};

  // Both files are written to temporaries first and renamed only when both are complete, so an
  // interruption or error leaves neither (and never a sample file without its manifest).
  const QByteArray bytes = io::encodeNpy(samples);
  const io::SampleManifest manifest =
      io::describeSamples(out, bytes, run, QString::fromStdString(context.commandLine));
  io::AtomicFile npyFile(out, force), manifestFile(manifestPath, force);
  npyFile.write(bytes);
  manifestFile.write(io::manifestToJson(manifest));
  if (context.stop.stop_requested()) throw Cancelled{};
  npyFile.commit();
  manifestFile.commit();

  const double rate = seconds > 0 ? run.samples / seconds : 0.0;
  if (json) {
    QJsonObject o;
    o["out"] = out;
    o["manifest"] = manifestPath;
    QJsonArray shape;
    for (std::int64_t d : manifest.shape) shape.append(static_cast<qint64>(d));
    o["shape"] = shape;
    o["dtype"] = manifest.dtype;
    o["bytes"] = static_cast<qint64>(bytes.size());
    o["sha256"] = manifest.sha256;
    o["seconds"] = seconds;
    o["samples_per_second"] = jsonNumber(rate);
    o["spec"] = io::specToJson(run);
    printJson(o);
  } else if (!quiet) {
    std::string shape;
    for (std::size_t i = 1; i < manifest.shape.size(); ++i) shape += (i > 1 ? "x" : "") + std::to_string(manifest.shape[i]);
    std::printf("wrote %s: %d samples of %s (%s, sampler %s) in %.3g s (%.4g samples/s)\nmanifest %s\n",
                outText.c_str(), run.samples, shape.c_str(), std::string(modelName(run.model)).c_str(),
                std::string(samplerName(run.sampler)).c_str(), seconds, rate, manifestPath.toStdString().c_str());
  }
  return kExitOk;
}

} // namespace

Command sampleCommand() {
  Command c;
  c.name = "sample";
  c.summary = "draw Monte Carlo samples into a .npy file with a JSON manifest beside it";
  c.usage = {"sample --model MODEL --size L (--beta B | --temperature T) --samples N --seed S --out FILE.npy [options]"};
  c.description =
      "Draws N samples of an Ising model or of fully packed dimers on periodic lattices and writes them\n"
      "as a NumPy .npy file (int8, shape (N, L) for ising1d, (N, L, L) for ising2d, (N, 2L, 2L) for\n"
      "dimers) and, beside it, FILE.json: the program version, the command and every parameter with the\n"
      "values actually used. The same seed gives the same bytes whatever the number of threads.\n"
      "Progress is shown on stderr when it is a terminal; Ctrl+C stops cleanly and writes nothing.";
  c.options = {
      {"model", "MODEL", "ising2d, ising1d or dimer (required)"},
      {"size", "L", "chain length (ising1d) or side of the L×L torus (required; even for dimer)"},
      betaOption(),
      temperatureOption(),
      {"samples", "N", "number of samples to store (required)"},
      {"seed", "S", "random seed, 0 to 2^64−1 (required)"},
      {"out", "FILE.npy", "output file; the manifest goes to FILE.json (required)"},
      {"sampler", "NAME", "auto (default), exact (ising1d), metropolis, wolff, sw (ising2d), worm (dimer)"},
      couplingOption(),
      {"thermalization", "n", "updates discarded before the first sample (default: the sampler's)"},
      {"spacing", "n", "updates between stored samples (default: the sampler's)"},
      {"chains", "c", "independent Markov chains (default: chosen from N)"},
      {"noise", "K", "dimer only: add noise-spin pairs with coupling K_noise = K ≥ 0"},
      {"threads", "n", "worker threads, 0 = all cores (default 0); never changes the result"},
      {"force", "", "overwrite FILE.npy and FILE.json if they exist"},
      jsonOption(),
      {"quiet", "", "no progress and no summary (errors are still printed)"},
  };
  c.run = runSample;
  return c;
}

} // namespace rsmi::cli
