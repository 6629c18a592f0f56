#pragma once
// One Markov chain of one model: the unit that sampling parallelises over and that the studio
// animates live. Each chain owns its random stream, derived from (seed, MarkovChain, chain index).
#include <cstdint>
#include <memory>
#include <span>
#include <stop_token>
#include <string_view>
#include <vector>

#include "core/mc/sampling_spec.h"

namespace rsmi {

class MarkovChain {
public:
  virtual ~MarkovChain() = default;
  // One update unit: a sweep (Metropolis, Swendsen–Wang, 1D exact chain: a fresh independent chain),
  // one cluster (Wolff), one closed worm (dimers). unitName() says which.
  virtual void update() = 0;
  virtual std::string_view unitName() const = 0;
  // Writes the current configuration in the Ising encoding (SCIENCE.md §1) into `out`,
  // whose size is the product of shape().
  virtual void snapshot(std::span<std::int8_t> out) const = 0;
  virtual std::vector<int> shape() const = 0;
  // Default schedule when the spec leaves thermalization/spacing at -1.
  virtual int defaultThermalization() const = 0;
  virtual int defaultSpacing() const = 0;
  // Elementary moves done so far, for benchmarks: attempted single-spin updates (Metropolis, exact
  // chain), flipped spins (Wolff, Swendsen–Wang), worm steps (dimers).
  virtual std::uint64_t elementaryMoves() const = 0;
  // Long computations inside the chain — Wolff's pilot run behind its default schedule — poll this
  // token and give up early when it is requested; what they return then is meaningless, so a caller
  // that set a token checks it afterwards (drawSamples throws Cancelled).
  virtual void setStopToken(std::stop_token) {}
};

// The chain for a (validated) spec; `chainIndex` selects its random stream.
std::unique_ptr<MarkovChain> makeChain(const SamplingSpec& spec, std::uint64_t chainIndex);

} // namespace rsmi
