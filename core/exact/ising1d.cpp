// The 1D Ising model exactly, SCIENCE.md §1 and §7. K = βJ, t = tanh K; any sign of J.
//
// Ring of N sites (N bonds, site N−1 bonded to site 0; N = 1 is one self-bond, N = 2 two bonds
// between the same pair): the transfer matrix has eigenvalues λ₊ = 2cosh K and λ₋ = 2sinh K, so
//   Z = λ₊^N + λ₋^N,   ln Z = N ln(2cosh K) + ln(1 + t^N)   (1 + t^N > 0 since |t| < 1),
//   ⟨s₀s_r⟩ = (t^r + t^(N−r)) / (1 + t^N),   u = −J⟨s₀s₁⟩.
// The open chain is a Markov chain (SCIENCE.md §1): ⟨s₀s_r⟩ = t^r.
// Powers of t are taken as e^{n ln|t|} with their sign, so that large N·K neither overflows nor
// loses the 1 − |t|^N of a frustrated (J < 0, odd N) ring to cancellation (accurate while
// e^{−2|K|} is representable, |K| ≲ 350; beyond that the frustrated ring's ln Z is −∞).
#include "core/exact/ising1d.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rsmi::exact {
namespace {

void requireRing(int N) {
  if (N < 1) throw std::invalid_argument("ising1D ring: N must be at least 1");
}

// ln(2 cosh K), stable for large |K|.
double lnTwoCosh(double K) {
  const double a = std::abs(K);
  return a + std::log1p(std::exp(-2.0 * a));
}

// t = tanh K as sign σ and a = ln|t| (ln|t| = log1p(−2/(e^{2|K|}+1)), accurate as |t| → 1).
struct SignedLogTanh {
  int sign;
  double lnAbs;
  explicit SignedLogTanh(double K)
      : sign(K < 0 ? -1 : 1), lnAbs(std::log1p(-2.0 / (std::exp(2.0 * std::abs(K)) + 1.0))) {}
  int signOfPower(int n) const { return (sign < 0 && n % 2 != 0) ? -1 : 1; }
};

// t^m + t^n for m ≤ n, written as σ^m e^{ma}(1 ± e^{(n−m)a}) so that the frustrated case
// (antiferromagnet, odd ring: opposite signs, |t| → 1) does not cancel catastrophically.
double sumOfPowers(const SignedLogTanh& t, int m, int n) {
  const double lead = t.signOfPower(m) * std::exp(m * t.lnAbs);
  const double d = (n - m) * t.lnAbs;
  return t.signOfPower(m) == t.signOfPower(n) ? lead * (1.0 + std::exp(d)) : lead * -std::expm1(d);
}

} // namespace

double ising1DRingLnZ(int N, double beta, double coupling) {
  requireRing(N);
  const double K = beta * coupling;
  if (K == 0.0) return N * std::log(2.0);
  // ln(1 + t^N) = ln(t^0 + t^N).
  return N * lnTwoCosh(K) + std::log(sumOfPowers(SignedLogTanh(K), 0, N));
}

double ising1DRingCorrelation(int N, int r, double beta, double coupling) {
  requireRing(N);
  r %= N;  // the ring is periodic: s_r = s_(r mod N)
  if (r < 0) r += N;
  const double K = beta * coupling;
  if (K == 0.0) return r == 0 ? 1.0 : 0.0;
  const SignedLogTanh t(K);
  const int near = std::min(r, N - r), far = std::max(r, N - r);
  return sumOfPowers(t, near, far) / sumOfPowers(t, 0, N);
}

double ising1DChainCorrelation(int r, double beta, double coupling) {
  if (r < 0) r = -r;
  return std::pow(std::tanh(beta * coupling), r);
}

double ising1DRingEnergyPerSite(int N, double beta, double coupling) {
  // One bond per site: u = −J⟨s₀s₁⟩ (= −J ∂ln Z/∂K / N).
  return -coupling * ising1DRingCorrelation(N, 1, beta, coupling);
}

} // namespace rsmi::exact
