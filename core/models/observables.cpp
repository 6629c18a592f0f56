// Observables with autocorrelation-aware errors (SCIENCE.md §1 models, §7 for what they are tested
// against). The binning analysis follows Flyvbjerg & Petersen (1989); non-linear functions of means
// (the Binder cumulant) use a jackknife over the same bins.
#include "core/models/observables.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace rsmi {
namespace {

constexpr std::size_t kMinBins = 32;  // levels with fewer bins are too noisy to use (±25% at 32)

struct BinningLevels {
  std::vector<double> error;   // standard error of the mean at level k (bins of 2^k samples)
  std::vector<std::size_t> bins;
};

double mean(std::span<const double> x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

// Level k: the series averaged in consecutive bins of 2^k (a trailing partial bin is dropped),
// error_k = sqrt(var(bin means) / bins). Levels continue while at least kMinBins bins remain.
BinningLevels binningLevels(std::span<const double> series) {
  BinningLevels levels;
  std::vector<double> cur(series.begin(), series.end());
  while (cur.size() >= 2) {
    const double m = mean(cur);
    double ss = 0;
    for (double v : cur) ss += (v - m) * (v - m);
    const double var = ss / static_cast<double>(cur.size() - 1);
    levels.error.push_back(std::sqrt(var / static_cast<double>(cur.size())));
    levels.bins.push_back(cur.size());
    if (cur.size() / 2 < kMinBins) break;
    std::vector<double> next(cur.size() / 2);
    for (std::size_t i = 0; i < next.size(); ++i) next[i] = 0.5 * (cur[2 * i] + cur[2 * i + 1]);
    cur.swap(next);
  }
  return levels;
}

// The reported level: the error estimates rise with k until the bins outgrow the correlation time,
// then plateau. The top level K (the last with ≥ 32 bins) is on the plateau whenever the series is
// long enough to say anything, but its own error is ±1/sqrt(2(bins−1)) ≈ ±13–25%. Walking down from
// K, a lower level still belongs to the plateau when it is not significantly below the top
// (E_k ≥ E_K (1 − δ_K), δ_K = 1/sqrt(2(bins_K − 1))); the reported error is the RMS over the top
// ≤ 3 plateau levels, which halves the noise of the estimate while staying on the plateau.
struct Chosen {
  double error;
  std::size_t level;
};
Chosen plateauError(const BinningLevels& lv) {
  const std::size_t K = lv.error.size() - 1;
  const double delta = 1.0 / std::sqrt(2.0 * static_cast<double>(lv.bins[K] - 1));
  std::size_t lowest = K;
  while (lowest > 0 && K - lowest < 2 && lv.error[lowest - 1] >= lv.error[K] * (1.0 - delta)) --lowest;
  double sumSq = 0;
  for (std::size_t k = lowest; k <= K; ++k) sumSq += lv.error[k] * lv.error[k];
  return {std::sqrt(sumSq / static_cast<double>(K - lowest + 1)), K};
}

} // namespace

Estimate binningEstimate(std::span<const double> series) {
  Estimate e;
  if (series.empty()) {
    e.mean = std::nan("");
    e.error = std::nan("");
    return e;
  }
  e.mean = mean(series);
  if (series.size() < 2) return e;  // a single value: no error can be estimated (reported as 0)
  const BinningLevels lv = binningLevels(series);
  const double naive = lv.error[0];
  if (naive == 0) return e;  // a constant series
  e.error = std::max(naive, plateauError(lv).error);
  // τ_int = ½ σ²_binned / σ²_naive; never below ½ (anticorrelation is not credited).
  e.tau = 0.5 * (e.error * e.error) / (naive * naive);
  return e;
}

namespace {

// Jackknife of U = 1 − ⟨m⁴⟩/(3⟨m²⟩²) over B equal bins (a trailing partial bin is dropped).
// Returns the bias-corrected estimate and its error.
std::pair<double, double> binderJackknife(std::span<const double> m2, std::span<const double> m4, std::size_t B) {
  const std::size_t n = m2.size();
  const std::size_t size = n / B;
  const std::size_t used = size * B;
  double s2 = 0, s4 = 0;
  std::vector<double> b2(B, 0), b4(B, 0);
  for (std::size_t i = 0; i < used; ++i) {
    b2[i / size] += m2[i];
    b4[i / size] += m4[i];
  }
  for (std::size_t b = 0; b < B; ++b) {
    s2 += b2[b];
    s4 += b4[b];
  }
  auto U = [](double a2, double a4) { return a2 > 0 ? 1.0 - a4 / (3.0 * a2 * a2) : 0.0; };
  const double all = U(s2 / used, s4 / used);
  double mj = 0, sq = 0;
  std::vector<double> u(B);
  for (std::size_t b = 0; b < B; ++b) {
    const double rest = static_cast<double>(used - size);
    u[b] = U((s2 - b2[b]) / rest, (s4 - b4[b]) / rest);
    mj += u[b];
  }
  mj /= static_cast<double>(B);
  for (double v : u) sq += (v - mj) * (v - mj);
  const double Bd = static_cast<double>(B);
  return {Bd * all - (Bd - 1) * mj, std::sqrt((Bd - 1) / Bd * sq)};
}

} // namespace

IsingObservables measureIsing(const SampleSet& samples, double coupling) {
  const std::size_t n = samples.count();
  const std::size_t sites = samples.sitesPerSample();
  if (samples.shape.size() != 1 && samples.shape.size() != 2)
    throw std::invalid_argument("measureIsing: samples must be 1D {L} or 2D {H, W}");
  std::vector<double> energy(n), absM(n), m2(n), m4(n), nn(n), nnn(n);
  const double invN = 1.0 / static_cast<double>(sites);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int8_t* s = samples.sample(i).data();
    long magnet = 0, bonds = 0, next = 0;
    if (samples.shape.size() == 1) {
      const int L = samples.shape[0];
      for (int x = 0; x < L; ++x) {
        magnet += s[x];
        bonds += s[x] * s[(x + 1) % L];
        next += s[x] * s[(x + 2) % L];
      }
    } else {
      const int H = samples.shape[0], W = samples.shape[1];
      for (int y = 0; y < H; ++y) {
        const std::int8_t* row = s + static_cast<std::size_t>(y) * W;
        const std::int8_t* below = s + static_cast<std::size_t>((y + 1) % H) * W;
        for (int x = 0; x < W; ++x) {
          const int xr = x + 1 == W ? 0 : x + 1, xl = x == 0 ? W - 1 : x - 1;
          magnet += row[x];
          bonds += row[x] * (row[xr] + below[x]);
          // Both diagonals: the same expectation by symmetry, half the variance.
          next += row[x] * (below[xr] + below[xl]);
        }
      }
    }
    const double d = static_cast<double>(samples.shape.size());  // bonds per site
    const double m = static_cast<double>(magnet) * invN;
    energy[i] = -coupling * static_cast<double>(bonds) * invN;
    nn[i] = static_cast<double>(bonds) * invN / d;
    nnn[i] = static_cast<double>(next) * invN / (samples.shape.size() == 1 ? 1.0 : 2.0);
    absM[i] = std::abs(m);
    m2[i] = m * m;
    m4[i] = m2[i] * m2[i];
  }
  IsingObservables o;
  o.energyPerSite = binningEstimate(energy);
  o.absMagnetization = binningEstimate(absM);
  o.magnetizationSquared = binningEstimate(m2);
  o.nearestNeighbour = binningEstimate(nn);
  o.nextNearestNeighbour = binningEstimate(nnn);
  if (n >= 2) {
    // Bins as long as the binning analysis of m² needs (its top level), so that bins are independent.
    const BinningLevels lv = binningLevels(m2);
    const std::size_t B = lv.bins.back();
    const auto [u, err] = binderJackknife(m2, m4, B);
    const auto [u1, err1] = binderJackknife(m2, m4, n);
    o.binderCumulant.mean = u;
    o.binderCumulant.error = std::max(err, err1);
    o.binderCumulant.tau = err1 > 0 ? 0.5 * o.binderCumulant.error * o.binderCumulant.error / (err1 * err1) : 0.5;
  } else if (n == 1) {
    o.binderCumulant.mean = m2[0] > 0 ? 1.0 - m4[0] / (3.0 * m2[0] * m2[0]) : 0.0;
  }
  return o;
}

} // namespace rsmi
