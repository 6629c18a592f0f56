// The dimer MarkovChain: the worm update of dimer_worm.h plus the optional noise-spin pairs
// (SCIENCE.md §1).
#include "core/mc/dimer_worm_chain.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>

#include "core/mc/dimer_worm.h"
#include "core/common/random.h"
#include "core/models/dimer_covering.h"

namespace rsmi {
namespace {

// Mean worm length (steps per closed worm) on the L×L torus, measured once per L and cached.
// "Deterministically": a fixed-seed pilot run that depends on L only — never on the run seed or the
// chain — so every chain and every thread count gets the same default schedule. The pilot runs at
// L_p = min(L, 128) and is extrapolated with ℓ ∝ L^{3/2}: the time a worm spends open is the sum
// over head positions of the monomer–monomer correlation, which decays as r^{−1/2} on the square
// lattice (Fisher & Stephenson 1963), so ℓ ∝ Σ_r r·r^{−1/2} ∝ L^{3/2}.
double meanWormLength(int L) {
  static std::mutex mutex;
  static std::map<int, double> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(L); it != cache.end()) return it->second;
  const int Lp = std::min(L, 128);
  const double sites = static_cast<double>(Lp) * Lp;
  DimerWorm worm(Lp);
  Xoshiro256pp rng(0xD1A3E5C0FFEEull + static_cast<std::uint64_t>(Lp));
  std::uint64_t steps = 0;
  while (static_cast<double>(steps) < 20 * sites) steps += worm.runWorm(rng);  // forget the columnar start
  steps = 0;
  std::uint64_t worms = 0;
  while (static_cast<double>(steps) < 200 * sites || worms < 2000) {
    steps += worm.runWorm(rng);
    ++worms;
  }
  const double length =
      static_cast<double>(steps) / static_cast<double>(worms) * std::pow(static_cast<double>(L) / Lp, 1.5);
  cache.emplace(L, length);
  return length;
}

class DimerWormChain final : public MarkovChain {
 public:
  DimerWormChain(const SamplingSpec& spec, std::uint64_t chainIndex)
      : worm_(spec.size),
        rng_(Xoshiro256pp::stream(spec.seed, StreamPurpose::MarkovChain, chainIndex)),
        noiseRng_(Xoshiro256pp::stream(spec.seed, StreamPurpose::NoiseSpins, chainIndex)),
        noise_(spec.noise) {
    // P(face = vertex) = (1 + tanh K)/2 for a pair with coupling K; compared against 63 random bits.
    const double same = 0.5 * (1.0 + std::tanh(spec.noiseCoupling));
    sameThreshold_ = same >= 1.0 ? (1ull << 63) : static_cast<std::uint64_t>(std::ldexp(same, 63));
    // Spacing: enough worms that their total length is ≳ L² steps on average (about one "sweep" of
    // worm moves); thermalisation: 20 such spacings from the columnar start.
    const double sites = static_cast<double>(spec.size) * spec.size;
    spacing_ = static_cast<int>(std::clamp(std::ceil(sites / meanWormLength(spec.size)), 1.0, 1e6));
    thermalization_ = 20 * spacing_;
  }

  void update() override { moves_ += worm_.runWorm(rng_); }
  std::string_view unitName() const override { return "worm"; }

  // Noise: every cell's (vertex, face) pair is independent of the dimers and of all other pairs, so it
  // is drawn exactly and afresh at each snapshot — vertex uniform ±1, face equal to it with
  // probability (1 + tanh K_noise)/2 — from the stream (seed, NoiseSpins, chainIndex), one 64-bit draw
  // per cell in row-major cell order. The k-th snapshot of a chain thus uses draws k·L²…(k+1)·L²−1
  // of that stream: sample sets are reproducible because drawSamples takes exactly one snapshot per
  // stored sample. snapshot() is const for the covering; the noise stream is mutable state.
  void snapshot(std::span<std::int8_t> out) const override {
    const int L = worm_.size();
    encodeDimerDirections(worm_.cells(), L, out);
    const std::size_t W = 2 * static_cast<std::size_t>(L);
    for (int y = 0; y < L; ++y) {
      std::int8_t* even = out.data() + 2 * y * W;
      std::int8_t* odd = even + W;
      for (int x = 0; x < L; ++x) {
        std::int8_t vertex = 0, face = 0;
        if (noise_) {
          const std::uint64_t r = noiseRng_.next();
          vertex = (r >> 63) ? 1 : -1;
          face = (r & ~(1ull << 63)) < sameThreshold_ ? vertex : static_cast<std::int8_t>(-vertex);
        }
        even[2 * x] = vertex;
        odd[2 * x + 1] = face;
      }
    }
  }

  std::vector<int> shape() const override { return {2 * worm_.size(), 2 * worm_.size()}; }
  int defaultThermalization() const override { return thermalization_; }
  int defaultSpacing() const override { return spacing_; }
  std::uint64_t elementaryMoves() const override { return moves_; }

 private:
  DimerWorm worm_;
  Xoshiro256pp rng_;
  mutable Xoshiro256pp noiseRng_;
  bool noise_;
  std::uint64_t sameThreshold_ = 0;
  int spacing_ = 1;
  int thermalization_ = 20;
  std::uint64_t moves_ = 0;
};

}  // namespace

std::unique_ptr<MarkovChain> makeDimerChain(const SamplingSpec& spec, std::uint64_t chainIndex) {
  if (spec.size < 2 || spec.size % 2 != 0)
    throw std::invalid_argument("dimer chain: the torus side L must be even and >= 2, got " +
                                std::to_string(spec.size));
  return std::make_unique<DimerWormChain>(spec, chainIndex);
}

}  // namespace rsmi
