#pragma once
// Sixteen independent xoshiro256++ streams held as arrays, so that a loop over the lanes vectorises
// (8 or 16 lanes per instruction) — the random-number supply of the vectorised sweeps. Word k of a
// fill comes from lane k mod 16, so the numbers do not depend on how (or whether) the loop is
// vectorised. Copy the object into a local variable around a hot loop: as a local it lives in
// registers, as a member it would be reloaded after every int8 store (char stores may alias it).
#include <cstdint>

#include "core/common/random.h"

namespace rsmi {

struct Xoshiro16Lanes {
  static constexpr int kLanes = 16;
  alignas(64) std::uint64_t s0[kLanes], s1[kLanes], s2[kLanes], s3[kLanes];

  // Lane j is seeded from one word of `rng` expanded by SplitMix64 (SCIENCE.md reproducibility:
  // everything still derives from (seed, purpose, chain index)).
  void seedFrom(Xoshiro256pp& rng) {
    for (int j = 0; j < kLanes; ++j) {
      std::uint64_t sm = rng.next();
      s0[j] = splitMix64(sm);
      s1[j] = splitMix64(sm);
      s2[j] = splitMix64(sm);
      s3[j] = splitMix64(sm);
    }
  }

  // `words` must be a multiple of kLanes.
  void fill(std::uint64_t* __restrict out, int words) {
    for (int base = 0; base < words; base += kLanes) {
      for (int j = 0; j < kLanes; ++j) {  // one xoshiro256++ step per lane
        const std::uint64_t sum = s0[j] + s3[j];
        out[base + j] = ((sum << 23) | (sum >> 41)) + s0[j];
        const std::uint64_t t = s1[j] << 17;
        s2[j] ^= s0[j];
        s3[j] ^= s1[j];
        s1[j] ^= s2[j];
        s0[j] ^= s3[j];
        s2[j] ^= t;
        s3[j] = (s3[j] << 45) | (s3[j] >> 19);
      }
    }
  }

  static constexpr int roundUp(int n) { return (n + kLanes - 1) / kLanes * kLanes; }
};

} // namespace rsmi
