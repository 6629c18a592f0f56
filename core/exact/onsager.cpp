// Onsager and Yang: the infinite square-lattice Ising model, SCIENCE.md §7. K = βJ.
//
// Numerics. Everything is written in terms of s = sinh 2K, for which cosh² 2K = 1 + s² and
//   k₁  = 2s / (1 + s²)              (the elliptic modulus),
//   k₁' = √(1 − k₁²) = |1 − s²| / (1 + s²)   (its complement, exact — no 1 − k₁² cancellation).
// At β_c, s = 1 and k₁ = 1: K(k₁) diverges logarithmically but is multiplied by 2 tanh² 2K − 1
// = (s² − 1)/(1 + s²) = 0. Computing K(k₁) from k₁' by the arithmetic–geometric mean keeps full
// accuracy arbitrarily close to β_c and lets the product be set to its limit 0 exactly at k₁' = 0.
// std::comp_ellint_1 gives the same values away from β_c (the tests compare the two).
//
// J > 0 is the physical case. For K < 0 the square lattice is bipartite, so ⟨s₀s₁⟩(−K) = −⟨s₀s₁⟩(K)
// and ln Z(−K) = ln Z(K); the uniform magnetisation of the antiferromagnet is 0.
#include "core/exact/onsager.h"

#include <array>
#include <cmath>
#include <functional>
#include <numbers>

namespace rsmi::exact {
namespace {

using std::numbers::pi;

// Complete elliptic integral of the first kind K(k), given the complementary modulus k' = √(1−k²):
// K = π / (2 AGM(1, k')). Returns +∞ at k' = 0.
double ellipticKFromComplement(double kPrime) {
  if (kPrime <= 0.0) return HUGE_VAL;
  double a = 1.0;
  double b = kPrime;
  for (int i = 0; i < 64 && std::abs(a - b) > 1e-16 * a; ++i) {
    const double next = 0.5 * (a + b);
    b = std::sqrt(a * b);
    a = next;
  }
  return pi / (2.0 * a);
}

// 20-point Gauss–Legendre nodes and weights on [−1, 1], by Newton iteration on P₂₀ (done once).
struct GaussLegendre20 {
  static constexpr int n = 20;
  std::array<double, n> x{};
  std::array<double, n> w{};
  GaussLegendre20() {
    for (int i = 0; i < n; ++i) {
      double z = std::cos(pi * (i + 0.75) / (n + 0.5));
      double dp = 0.0;
      for (int iter = 0; iter < 100; ++iter) {
        double p0 = 1.0, p1 = 0.0;
        for (int j = 1; j <= n; ++j) {  // recurrence for P_j(z)
          const double p2 = p1;
          p1 = p0;
          p0 = ((2.0 * j - 1.0) * z * p1 - (j - 1.0) * p2) / j;
        }
        dp = n * (z * p0 - p1) / (z * z - 1.0);
        const double dz = p0 / dp;
        z -= dz;
        if (std::abs(dz) < 1e-16) break;
      }
      x[i] = z;
      w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
    }
  }
  double operator()(const std::function<double(double)>& f, double a, double b) const {
    const double half = 0.5 * (b - a);
    const double mid = 0.5 * (a + b);
    double sum = 0.0;
    for (int i = 0; i < n; ++i) sum += w[i] * f(mid + half * x[i]);
    return half * sum;
  }
};

// Adaptive bisection: accept an interval when the 20-point rule on it and on its two halves agree.
double integrateAdaptive(const std::function<double(double)>& f, double a, double b, double whole,
                         double tol, int depth) {
  static const GaussLegendre20 rule;
  const double m = 0.5 * (a + b);
  const double left = rule(f, a, m);
  const double right = rule(f, m, b);
  const double diff = std::abs(left + right - whole);
  // Accept at the requested tolerance, or once the two estimates agree to rounding (deeper
  // bisection could not improve them), or at a depth no integrand here ever needs.
  if (diff <= tol || diff <= 64.0 * 2.2e-16 * (std::abs(left) + std::abs(right)) || depth >= 50)
    return left + right;
  return integrateAdaptive(f, a, m, left, 0.5 * tol, depth + 1) +
         integrateAdaptive(f, m, b, right, 0.5 * tol, depth + 1);
}

double integrate(const std::function<double(double)>& f, double a, double b, double tol) {
  static const GaussLegendre20 rule;
  return integrateAdaptive(f, a, b, rule(f, a, b), tol, 0);
}

} // namespace

double onsagerNearestNeighbourCorrelation(double K) {
  if (K == 0.0) return 0.0;
  if (K < 0.0) return -onsagerNearestNeighbourCorrelation(-K);
  const double s = std::sinh(2.0 * K);
  const double c2 = 1.0 + s * s;                        // cosh² 2K
  const double kPrime = std::abs((1.0 - s) * (1.0 + s)) / c2;
  const double twoTanh2Minus1 = (s - 1.0) * (s + 1.0) / c2;  // 2 tanh² 2K − 1, exact sign at β_c
  // The product (2 tanh² 2K − 1)·K(k₁) → 0 at β_c (x ln x); define it there by its limit.
  const double product = kPrime == 0.0 ? 0.0 : twoTanh2Minus1 * ellipticKFromComplement(kPrime);
  const double coth2K = std::sqrt(c2) / s;
  return coth2K * (0.5 + product / pi);
}

double onsagerEnergyPerSite(double beta, double coupling) {
  // u = −2J⟨s₀s₁⟩: two bonds per site.
  return -2.0 * coupling * onsagerNearestNeighbourCorrelation(beta * coupling);
}

double onsagerLnZPerSite(double beta, double coupling) {
  // −βf = ln(2 cosh 2K) + (1/π) ∫₀^{π/2} ln[½(1 + √(1 − k₁² sin²φ))] dφ  (Onsager 1944),
  // with 1 − k₁² sin²φ written as cos²φ + k₁'² sin²φ (no cancellation near β_c). Near β_c the
  // integrand has a kink of width k₁' at φ = π/2, which the adaptive rule resolves.
  const double K = std::abs(beta * coupling);
  if (K == 0.0) return std::log(2.0);
  const double s = std::sinh(2.0 * K);
  const double c2 = 1.0 + s * s;
  const double kPrime = std::abs((1.0 - s) * (1.0 + s)) / c2;
  auto integrand = [kPrime](double phi) {
    const double sn = std::sin(phi), cs = std::cos(phi);
    const double root = std::sqrt(cs * cs + kPrime * kPrime * sn * sn);
    return std::log(0.5 * (1.0 + root));
  };
  const double integral = integrate(integrand, 0.0, 0.5 * pi, 1e-14);
  // ln(2 cosh 2K) = ln 2 + ½ ln(1 + s²).
  return std::log(2.0) + 0.5 * std::log(c2) + integral / pi;
}

double yangMagnetization(double beta, double coupling) {
  // M = (1 − sinh⁻⁴ 2K)^{1/8} for K > K_c (sinh 2K > 1), else 0 (Yang 1952).
  const double K = beta * coupling;
  if (K <= kIsing2DCriticalBeta) return 0.0;
  const double s = std::sinh(2.0 * K);
  if (s <= 1.0) return 0.0;
  const double inv4 = 1.0 / (s * s * s * s);
  return std::pow(1.0 - inv4, 0.125);
}

} // namespace rsmi::exact
