#pragma once
// Bulk random numbers for RBM Gibbs sampling. A ±1 unit with conditional mean m = tanh(x) is +1 with
// probability σ(2x) = (1 + m)/2, i.e. iff r < m for r uniform in [−1, 1). So sampling a whole layer
// is: one vectorised tanh, one bulk fill of uniforms, one vectorised compare.
//
// The uniforms come from 8 xoshiro256++ streams advanced in lock-step (one 512-bit vector per state
// word, so each step is a handful of AVX-512 / 2×AVX2 instructions for 8 outputs). The lanes are seeded from one stream of
// core/common/random.h, so everything stays a deterministic function of (seed, purpose, index).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/common/random.h"

namespace rsmi {

class XoshiroLanes {
public:
  static constexpr int kLanes = 8;

  explicit XoshiroLanes(Xoshiro256pp seeder = Xoshiro256pp(1)) { reseed(seeder); }
  XoshiroLanes(std::uint64_t seed, StreamPurpose purpose, std::uint64_t index)
      : XoshiroLanes(Xoshiro256pp::stream(seed, purpose, index)) {}

  void reseed(Xoshiro256pp seeder) {
    // Lane states drawn from one stream through SplitMix64 (never all zero in practice).
    for (int l = 0; l < kLanes; ++l) {
      std::uint64_t sm = seeder.next();
      s0_[l] = splitMix64(sm);
      s1_[l] = splitMix64(sm);
      s2_[l] = splitMix64(sm);
      s3_[l] = splitMix64(sm);
    }
  }

  // n uniforms in [−1, 1). float: 24 random bits each, two per 64-bit output (its low and high
  // halves); double: 53 random bits, one per output.
  void fillSymmetric(float* out, std::size_t n) {
    Words a = s0_, b = s1_, c = s2_, d = s3_;
    std::size_t i = 0;
    for (; i + kFloatsPerStep <= n; i += kFloatsPerStep) {
      const Floats f = toFloats(step(a, b, c, d));
      std::memcpy(out + i, &f, sizeof f);
    }
    if (i < n) {
      const Floats f = toFloats(step(a, b, c, d));
      std::memcpy(out + i, &f, (n - i) * sizeof(float));
    }
    s0_ = a, s1_ = b, s2_ = c, s3_ = d;
  }
  void fillSymmetric(double* out, std::size_t n) {
    Words a = s0_, b = s1_, c = s2_, d = s3_;
    std::size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
      const Doubles f = toDoubles(step(a, b, c, d));
      std::memcpy(out + i, &f, sizeof f);
    }
    if (i < n) {
      const Doubles f = toDoubles(step(a, b, c, d));
      std::memcpy(out + i, &f, (n - i) * sizeof(double));
    }
    s0_ = a, s1_ = b, s2_ = c, s3_ = d;
  }
  // n uniforms in [0, 1) (53 bits).
  void fillUnit(double* out, std::size_t n) {
    fillSymmetric(out, n);
    for (std::size_t i = 0; i < n; ++i) out[i] = 0.5 * (out[i] + 1.0);
  }

private:
  // GCC/Clang vector extensions: the compiler keeps the whole 8-lane state in vector registers
  // (plain arrays were not kept in registers and ran 6× slower).
  __extension__ using Words = std::uint64_t __attribute__((vector_size(64)));
  __extension__ using SignedWords = std::int64_t __attribute__((vector_size(64)));
  __extension__ using HalfWords = std::int32_t __attribute__((vector_size(64)));
  __extension__ using Floats = float __attribute__((vector_size(64)));
  __extension__ using Doubles = double __attribute__((vector_size(64)));
  static constexpr std::size_t kFloatsPerStep = 2 * kLanes;

  static Words rotl(Words x, int k) { return (x << k) | (x >> (64 - k)); }
  // One xoshiro256++ step of every lane; returns the 8 outputs.
  static Words step(Words& a, Words& b, Words& c, Words& d) {
    const Words result = rotl(a + d, 23) + a;
    const Words t = b << 17;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 45);
    return result;
  }
  // Each 32-bit half's top 24 bits as a signed integer in [−2^23, 2^23), scaled exactly into [−1, 1).
  static Floats toFloats(Words w) {
    HalfWords h;
    std::memcpy(&h, &w, sizeof h);
    return __builtin_convertvector(h >> 8, Floats) * 0x1.0p-23f;
  }
  static Doubles toDoubles(Words w) {
    SignedWords s;
    std::memcpy(&s, &w, sizeof s);
    return __builtin_convertvector(s >> 11, Doubles) * 0x1.0p-52;
  }

  Words s0_, s1_, s2_, s3_;
};

// out[i] = +1 if uniforms[i] < means[i] else −1: a ±1 sample with mean `means` given uniforms in
// [−1, 1). Written as a plain loop so that it vectorises into masked compares/blends.
template <typename Scalar>
inline void signsFromUniforms(const Scalar* means, const Scalar* uniforms, Scalar* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = uniforms[i] < means[i] ? Scalar(1) : Scalar(-1);
}

} // namespace rsmi
