// Kaufman's partition function of the L×L Ising torus and its first two β-derivatives, SCIENCE.md §7:
//   Z = ½ (2 sinh 2K)^{L²/2} (Z₁ + Z₂ + Z₃ + Z₄),
//   Z₁ = Π_r 2cosh(Lγ_{2r+1}/2), Z₂ = Π_r 2sinh(Lγ_{2r+1}/2), Z₃ = Π_r 2cosh(Lγ_{2r}/2),
//   Z₄ = Π_r 2sinh(Lγ_{2r}/2),  r = 0 … L−1,
//   cosh γ_l = cosh 2K cosh 2K* − sinh 2K sinh 2K* cos(πl/L),  tanh K* = e^{−2K},
//   γ₀ = 2(K − K*) WITH its sign: negative above T_c, so Z₄ < 0 there; zero at β_c, so Z₄ = 0.
// The bonds are those of the enumeration (ising_enumeration.h): 2L² of them, (x,y)–(x+1,y) and
// (x,y)–(x,y+1) with periodic wrap — for L = 2 each neighbouring pair is joined by two bonds.
// The tests check this against brute-force enumeration for L = 1…5 (odd L included: the formula
// needs no parity condition). Coupling: K = βJ with J > 0 (ferromagnet); K = 0 returns the free
// spins; K < 0 and K > 350 (where sinh 2K overflows) are refused with std::invalid_argument.
//
// Numerics (everything in logs; the products overflow for L ≳ 30):
//  * sinh 2K sinh 2K* = 1, so with s = sinh 2K: cosh γ_l = 1 + ε_l, ε_l = (s−1)²/s + 2 sin²(πl/2L)
//    — written so that γ_l (small for l ≪ L near β_c) keeps full relative accuracy.
//  * d cosh γ_l / dK = 2c(s² − 1)/s² =: A₁ (c = cosh 2K, the same for every l), its derivative
//    A₂ = 4s − 4/s + 8c²/s³; then γ' = A₁/sinh γ, γ'' = (A₂ − cosh γ·γ'²)/sinh γ.
//    For γ₀ = 2K + ln tanh K (i.e. dK*/dK = −sinh 2K*): γ₀' = 2 + 2/s, γ₀'' = −4c/s².
//  * Each Z_i is carried as a log-magnitude with its log-derivatives; Z₄ = 2sinh(x₀)·P with
//    x₀ = Lγ₀/2 kept apart from P = Π_{r≥1} 2sinh(Lγ_{2r}/2), so that Z₄ = 0 at β_c does not
//    poison the sum while its (non-zero) derivatives are kept.
//  * The four terms are combined by a signed log-sum-exp, with derivatives taken relative to a
//    reference slope R (that of Z₁) so that no L⁴-sized squares cancel in the specific heat.
#include "core/exact/kaufman.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace rsmi::exact {
namespace {

// ln(2 cosh x), stable for any x.
double lnTwoCosh(double x) {
  const double a = std::abs(x);
  return a + std::log1p(std::exp(-2.0 * a));
}

// ln(2 sinh x) for x > 0.
double lnTwoSinh(double x) { return x + std::log1p(-std::exp(-2.0 * x)); }

// A product Π f(x_r) held as ln|Π|, d ln|Π|/dK and d² ln|Π|/dK².
struct LogProduct {
  double ln = 0, d1 = 0, d2 = 0;

  // Factor 2cosh x with x' = dx, x'' = ddx.
  void addCosh(double x, double dx, double ddx) {
    const double e = std::exp(-2.0 * std::abs(x));
    const double t = std::tanh(x);
    const double sech2 = 4.0 * e / ((1.0 + e) * (1.0 + e));
    ln += lnTwoCosh(x);
    d1 += t * dx;
    d2 += sech2 * dx * dx + t * ddx;
  }
  // Factor 2sinh x, x > 0.
  void addSinh(double x, double dx, double ddx) {
    const double e = std::exp(-2.0 * x);
    const double oneMinusE = -std::expm1(-2.0 * x);
    const double coth = (1.0 + e) / oneMinusE;
    const double csch2 = 4.0 * e / (oneMinusE * oneMinusE);
    ln += lnTwoSinh(x);
    d1 += coth * dx;
    d2 += -csch2 * dx * dx + coth * ddx;
  }
};

// One term Z_i of the sum as Z_i = e^{lnScale}·value, with (d/dK − R)-centred derivatives:
// first = e^{−lnScale}·e^{RK} d(e^{−RK} Z_i)/dK, second likewise for the second derivative.
struct Term {
  double lnScale, value, first, second;
};

Term fromProduct(const LogProduct& p, double R) {
  const double delta = p.d1 - R;
  return {p.ln, 1.0, delta, delta * delta + p.d2};
}

} // namespace

TorusThermodynamics kaufmanTorus(int L, double beta, double coupling) {
  if (L < 1) throw std::invalid_argument("kaufmanTorus: L must be at least 1");
  const double K = beta * coupling;
  if (!(K >= 0.0) || !std::isfinite(K))
    throw std::invalid_argument("kaufmanTorus: needs K = beta*J >= 0 (ferromagnetic J > 0)");
  const double N = double(L) * double(L);
  if (K == 0.0) return {N * std::log(2.0), 0.0, 0.0};
  if (K > 350.0) throw std::invalid_argument("kaufmanTorus: K = beta*J > 350 overflows sinh 2K");

  const double s = std::sinh(2.0 * K);
  const double c = std::cosh(2.0 * K);
  // Written so that nothing overflows before sinh 2K itself does (K ≲ 355).
  const double coth = c / s;
  const double A1 = 2.0 * c * ((s - 1.0) / s) * ((s + 1.0) / s);
  const double A2 = 4.0 * s - 4.0 / s + 8.0 * coth * coth / s;
  const double halfL = 0.5 * L;

  LogProduct z1, z2, z3, p4;  // p4: Z₄ without its r = 0 factor
  for (int l = 1; l < 2 * L; ++l) {
    const double sinHalf = std::sin(std::numbers::pi * l / (2.0 * L));
    const double eps = (s - 1.0) * ((s - 1.0) / s) + 2.0 * sinHalf * sinHalf;
    const double sinhG = std::sqrt(eps) * std::sqrt(eps + 2.0);
    const double gamma = std::log1p(eps + sinhG);
    const double dGamma = A1 / sinhG;
    const double ddGamma = (A2 - (1.0 + eps) * dGamma * dGamma) / sinhG;
    const double x = halfL * gamma, dx = halfL * dGamma, ddx = halfL * ddGamma;
    if (l % 2 == 1) {
      z1.addCosh(x, dx, ddx);
      z2.addSinh(x, dx, ddx);
    } else {
      z3.addCosh(x, dx, ddx);
      p4.addSinh(x, dx, ddx);
    }
  }
  // l = 0: γ₀ = 2(K − K*) = 2K + ln tanh K, signed. ln tanh K = log1p(−2/(e^{2K}+1)).
  const double gamma0 = 2.0 * K + std::log1p(-2.0 / (std::exp(2.0 * K) + 1.0));
  const double x0 = halfL * gamma0;
  const double dx0 = halfL * (2.0 + 2.0 / s);
  const double ddx0 = halfL * (-4.0 * c / (s * s));
  z3.addCosh(x0, dx0, ddx0);

  const double R = z1.d1;
  std::array<Term, 4> terms{fromProduct(z1, R), fromProduct(z2, R), fromProduct(z3, R), Term{}};
  {
    // Z₄ = 2sinh(x₀)·P, scaled by 2cosh(x₀)·P: value tanh x₀ (signed, 0 at β_c).
    const double T = std::tanh(x0);
    const double delta = p4.d1 - R;
    terms[3] = {p4.ln + lnTwoCosh(x0), T, dx0 + T * delta,
                T * dx0 * dx0 + ddx0 + 2.0 * dx0 * delta + T * (delta * delta + p4.d2)};
  }

  double m = terms[0].lnScale;
  for (const Term& t : terms) m = std::max(m, t.lnScale);
  double S0 = 0, S1 = 0, S2 = 0;
  for (const Term& t : terms) {
    const double w = std::exp(t.lnScale - m);
    S0 += w * t.value;
    S1 += w * t.first;
    S2 += w * t.second;
  }
  const double g1 = S1 / S0;
  const double lnTwoSinh2K = 2.0 * K + std::log(-std::expm1(-4.0 * K));
  const double lnZ = std::log(0.5) + 0.5 * N * lnTwoSinh2K + m + std::log(S0);
  const double dLnZ = N * coth + R + g1;                  // d ln Z / dK
  const double d2LnZ = -2.0 * N / (s * s) + S2 / S0 - g1 * g1;  // d² ln Z / dK²

  TorusThermodynamics out;
  out.lnZ = lnZ;
  out.energyPerSite = -coupling * dLnZ / N;   // ∂/∂β = J ∂/∂K
  out.specificHeatPerSite = K * K * d2LnZ / N;  // β²J² ∂²/∂K²
  return out;
}

} // namespace rsmi::exact
