#pragma once
// Probabilities as raw 64-bit thresholds: a random word r from Xoshiro256pp::next() is accepted when
// r < threshold, so a hot loop needs no floating point and no exp (SCIENCE.md §1 samplers).
// The rounding error of a probability is at most 2^-65, far below any statistical resolution.
#include <cmath>
#include <cstdint>
#include <limits>

namespace rsmi {

// threshold(p) = round(p · 2^64), saturated to [0, 2^64 − 1]. p ≥ 1 therefore accepts with
// probability 1 − 2^-64, which callers that need certainty handle separately (ΔE ≤ 0 in Metropolis).
inline std::uint64_t probabilityThreshold(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return std::numeric_limits<std::uint64_t>::max();
  // long double (x87, 64-bit mantissa) keeps the product exact enough for the rounding below.
  const long double scaled = std::ldexp(static_cast<long double>(p), 64) + 0.5L;
  if (scaled >= 18446744073709551615.0L) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(scaled);
}

} // namespace rsmi
