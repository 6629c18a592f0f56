#include "core/mc/sampling_spec.h"

#include <cmath>
#include <string>

namespace rsmi {

SamplerKind resolvedSampler(const SamplingSpec& spec) {
  if (spec.sampler != SamplerKind::Auto) return spec.sampler;
  switch (spec.model) {
    case ModelKind::Ising1D: return SamplerKind::ExactChain;
    case ModelKind::Ising2D: return SamplerKind::Wolff;
    case ModelKind::Dimer: return SamplerKind::Worm;
  }
  return SamplerKind::Auto;
}

std::string validate(const SamplingSpec& spec) {
  using std::to_string;
  const SamplerKind sampler = resolvedSampler(spec);
  const int maxSize = spec.model == ModelKind::Ising1D ? (1 << 26) : 16384;
  if (spec.size < 2 || spec.size > maxSize)
    return "lattice size " + to_string(spec.size) + " is out of range (2 to " + to_string(maxSize) + ")";
  if (spec.model == ModelKind::Dimer && spec.size % 2 != 0)
    return "dimer lattices need an even size L (a torus of odd side has no full dimer covering); got " +
           to_string(spec.size);
  if (spec.model != ModelKind::Dimer) {
    if (!std::isfinite(spec.beta) || spec.beta <= 0)
      return "beta must be a positive finite number (temperature T = 1/beta > 0)";
    if (!std::isfinite(spec.coupling) || spec.coupling == 0)
      return "coupling J must be a non-zero finite number";
  }
  if (spec.samples < 1) return "the number of samples must be at least 1";
  if (!spec.samplesFile.empty() && spec.model == ModelKind::Dimer)
    return "imported samples are described by their geometry, ising1d or ising2d, not as dimers";
  if (spec.thermalization < -1) return "thermalization must be -1 (auto) or a count of updates >= 0";
  if (spec.spacing < -1 || spec.spacing == 0) return "spacing must be -1 (auto) or a count of updates >= 1";
  if (spec.threads < 0) return "threads must be 0 (all cores) or a positive count";
  if (spec.chains < 0) return "chains must be 0 (auto) or a positive count";
  if (spec.noise && (!std::isfinite(spec.noiseCoupling) || spec.noiseCoupling < 0))
    return "noise coupling K_noise must be a finite number >= 0";
  if (spec.noise && spec.model != ModelKind::Dimer) return "noise spins exist only for the dimer model";
  const bool fits = [&] {
    switch (spec.model) {
      case ModelKind::Ising1D: return sampler == SamplerKind::ExactChain || sampler == SamplerKind::Metropolis;
      case ModelKind::Ising2D:
        return sampler == SamplerKind::Metropolis || sampler == SamplerKind::Wolff ||
               sampler == SamplerKind::SwendsenWang;
      case ModelKind::Dimer: return sampler == SamplerKind::Worm;
    }
    return false;
  }();
  if (!fits)
    return "sampler '" + std::string(samplerName(sampler)) + "' cannot sample model '" +
           std::string(modelName(spec.model)) + "'";
  return {};
}

std::string_view modelName(ModelKind m) {
  switch (m) {
    case ModelKind::Ising1D: return "ising1d";
    case ModelKind::Ising2D: return "ising2d";
    case ModelKind::Dimer: return "dimer";
  }
  return "?";
}

std::string_view samplerName(SamplerKind s) {
  switch (s) {
    case SamplerKind::Auto: return "auto";
    case SamplerKind::ExactChain: return "exact";
    case SamplerKind::Metropolis: return "metropolis";
    case SamplerKind::Wolff: return "wolff";
    case SamplerKind::SwendsenWang: return "sw";
    case SamplerKind::Worm: return "worm";
  }
  return "?";
}

std::optional<ModelKind> parseModel(std::string_view s) {
  for (ModelKind m : {ModelKind::Ising1D, ModelKind::Ising2D, ModelKind::Dimer})
    if (s == modelName(m)) return m;
  return std::nullopt;
}

std::optional<SamplerKind> parseSampler(std::string_view s) {
  for (SamplerKind k : {SamplerKind::Auto, SamplerKind::ExactChain, SamplerKind::Metropolis, SamplerKind::Wolff,
                        SamplerKind::SwendsenWang, SamplerKind::Worm})
    if (s == samplerName(k)) return k;
  if (s == "swendsen-wang") return SamplerKind::SwendsenWang;
  return std::nullopt;
}

} // namespace rsmi
