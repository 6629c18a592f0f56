// Exact dimer-covering counts, SCIENCE.md §7.
//
// Torus (Kasteleyn 1961; see also McCoy & Wu, ch. 4). With Kasteleyn's signs, the four Pfaffians
// with periodic/antiperiodic boundary conditions (a, b ∈ {0, 1}) have magnitudes
//   P_ab = Π_{j=0}^{L/2−1} Π_{k=0}^{L/2−1} [4 sin²(π(2j+a)/L) + 4 sin²(π(2k+b)/L)]
// (the eigenvalues 2i sin θ − 2 sin φ of the Kasteleyn operator, θ = π(2j+a)/L, φ = π(2k+b)/L,
// each |·|² value appearing four times among the L² eigenvalues), and
//   Z = ½(−P₀₀ + P₀₁ + P₁₀ + P₁₁),
// where P₀₀ = 0 exactly (its j = k = 0 factor vanishes: the zero mode of the periodic operator).
// Checked: 4×4 → ½(144 + 144 + 256) = 272; 6×6 → ½(50176 + 50176 + 80000) = 90,176.
//
// What is counted: perfect matchings of the torus graph with the 2L² links of SCIENCE.md §1
// ((x,y)–(x+1,y) and (x,y)–(x,y+1), periodic), i.e. sets of links. For L ≥ 4 these are the usual
// coverings. For L = 2 the link (x,y)–(x+1,y) and its wrap-around partner join the same pair of
// sites but are distinct links (distinct entries of the 2L×2L encoding), so the count is 8
// (2 × 2 choices for two horizontal dimers, the same for two vertical ones), not 2; the formula
// gives exactly that and the tests confirm it by brute force.
//
// Open m×n grid (Kasteleyn 1961; Temperley & Fisher 1961):
//   Z = Π_{j=1}^{⌈m/2⌉} Π_{k=1}^{⌈n/2⌉} [4cos²(πj/(m+1)) + 4cos²(πk/(n+1))]   (0 if m·n is odd).
//
// Counts are returned as doubles rounded to the nearest integer: the products carry a relative
// rounding error ~ L²·10⁻¹⁶, far below 1/count while the count is exactly representable (≲ 2⁵³);
// beyond that the double is the best available value, and beyond ~10³⁰⁸ it is +∞ — use the log.
#include "core/exact/dimer_counts.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace rsmi::exact {
namespace {

using std::numbers::pi;

void requireEvenTorus(int L) {
  if (L < 2 || L % 2 != 0)
    throw std::invalid_argument("dimer torus: L must be even and at least 2");
}

// ln P_ab for a + b > 0 (P₀₀ = 0 and is never needed).
double lnPfaffianMagnitude(int L, int a, int b) {
  const int half = L / 2;
  double sum = 0.0;
  for (int j = 0; j < half; ++j) {
    const double sj = std::sin(pi * (2 * j + a) / L);
    for (int k = 0; k < half; ++k) {
      const double sk = std::sin(pi * (2 * k + b) / L);
      sum += std::log(4.0 * sj * sj + 4.0 * sk * sk);
    }
  }
  return sum;
}

} // namespace

double dimerTorusLnCoverings(int L) {
  requireEvenTorus(L);
  // ln Z = ln ½ + log-sum-exp(ln P₀₁, ln P₁₀, ln P₁₁); all three terms are positive.
  const std::array<double, 3> lnP{lnPfaffianMagnitude(L, 0, 1), lnPfaffianMagnitude(L, 1, 0),
                                  lnPfaffianMagnitude(L, 1, 1)};
  const double m = *std::max_element(lnP.begin(), lnP.end());
  double sum = 0.0;
  for (double x : lnP) sum += std::exp(x - m);
  return std::log(0.5) + m + std::log(sum);
}

double dimerTorusCoverings(int L) {
  return std::nearbyint(std::exp(dimerTorusLnCoverings(L)));
}

double dimerGridCoverings(int m, int n) {
  if (m < 0 || n < 0) throw std::invalid_argument("dimerGridCoverings: negative size");
  if ((m * n) % 2 != 0) return 0.0;  // odd number of sites (the product has a 0 factor too)
  double product = 1.0;
  for (int j = 1; j <= (m + 1) / 2; ++j) {
    const double cj = std::cos(pi * j / (m + 1));
    for (int k = 1; k <= (n + 1) / 2; ++k) {
      const double ck = std::cos(pi * k / (n + 1));
      product *= 4.0 * cj * cj + 4.0 * ck * ck;
    }
  }
  return std::nearbyint(product);
}

} // namespace rsmi::exact
