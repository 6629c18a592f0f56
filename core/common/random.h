#pragma once
// Random streams. Every stream derives from (run seed, purpose, index) — SplitMix64 mixes the three
// into the 256-bit state of a xoshiro256++ generator — so results are bit-identical for a given seed
// whatever the number of threads (DESIGN.md, "Reproducibility").
#include <cstdint>
#include <limits>

namespace rsmi {

// What a stream is used for; part of the derivation so that two purposes never share a stream.
enum class StreamPurpose : std::uint64_t {
  MarkovChain = 1,
  NoiseSpins = 2,
  Training = 3,
  CoarseGraining = 4,
  Bootstrap = 5,
  Live = 6,
};

inline std::uint64_t splitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256++ (Blackman & Vigna): fast, 256-bit state, passes BigCrush. Satisfies
// std::uniform_random_bit_generator, but hot loops should use next() / uniform() directly.
class Xoshiro256pp {
public:
  using result_type = std::uint64_t;

  explicit Xoshiro256pp(std::uint64_t seed = 1) {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitMix64(sm);
  }

  // The stream for (seed, purpose, index): independent of how work is scheduled on threads.
  static Xoshiro256pp stream(std::uint64_t seed, StreamPurpose purpose, std::uint64_t index) {
    std::uint64_t sm = seed;
    std::uint64_t a = splitMix64(sm);
    sm = a ^ (static_cast<std::uint64_t>(purpose) * 0xD1B54A32D192ED03ull);
    std::uint64_t b = splitMix64(sm);
    sm = b ^ (index * 0x8CB92BA72F3D8DD7ull + 0x632BE59BD9B4E019ull);
    return Xoshiro256pp(splitMix64(sm));
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return next(); }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < n / 2^64).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using Wide = unsigned __int128;  // GCC/Clang extension; exact 64×64→128 product
    return static_cast<std::uint64_t>((static_cast<Wide>(next()) * n) >> 64);
  }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

} // namespace rsmi
