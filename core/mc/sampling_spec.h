#pragma once
// What to sample: model, size, temperature, sampler and schedule (SCIENCE.md §1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rsmi {

enum class ModelKind { Ising1D, Ising2D, Dimer };

// Auto picks the model's natural sampler: ExactChain (1D), Wolff (2D), Worm (dimers).
enum class SamplerKind { Auto, ExactChain, Metropolis, Wolff, SwendsenWang, Worm };

struct SamplingSpec {
  ModelKind model = ModelKind::Ising2D;
  int size = 32;                       // L: chain length, or the side of the L×L torus
  double beta = 0.44068679350977147;   // 1/T (Ising); ignored by the dimer model
  double coupling = 1.0;               // J
  SamplerKind sampler = SamplerKind::Auto;
  int samples = 100;                   // configurations stored
  int thermalization = -1;             // in update units of the sampler (see MarkovChain); -1: auto
  int spacing = -1;                    // update units between stored samples; -1: auto
  std::uint64_t seed = 1;
  int threads = 0;                     // 0: all cores. Never changes the result.
  int chains = 0;                      // independent Markov chains; 0: auto (from samples only)
  bool noise = false;                  // dimers: add the vertex/face noise-spin pairs
  double noiseCoupling = 1.0;          // K_noise of each noise pair
  // Imported samples: the .npy file they were read from (an absolute path once read; a spec file may
  // name it relative to itself). Empty: drawn by the sampler. Imported samples are ±1 arrays of
  // shape (samples, L) or (samples, L, L), described by model Ising1D or Ising2D (their geometry
  // only) and size L; they have no temperature, so the sampler fields (beta, coupling, sampler,
  // seed, schedule) mean nothing for them.
  std::string samplesFile;
  std::string samplesSha256;  // of the file's bytes, when known: a replaced file is refused
};

SamplerKind resolvedSampler(const SamplingSpec& spec);
// Empty when the spec can be run; otherwise a message naming the problem (for CLI and GUI).
std::string validate(const SamplingSpec& spec);

std::string_view modelName(ModelKind);      // "ising1d", "ising2d", "dimer"
std::string_view samplerName(SamplerKind);  // "auto", "exact", "metropolis", "wolff", "sw", "worm"
std::optional<ModelKind> parseModel(std::string_view);
std::optional<SamplerKind> parseSampler(std::string_view);

} // namespace rsmi
