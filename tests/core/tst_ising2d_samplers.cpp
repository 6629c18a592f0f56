// The 2D Ising samplers — Wolff, Swendsen–Wang, checkerboard Metropolis (core/mc/ising2d_*.h) —
// against exact results (SCIENCE.md §7): Kaufman's finite-torus energy at, above and below β_c;
// Yang's spontaneous magnetisation deep in the ordered phase; the full bond-sum distribution of tiny
// tori by enumeration (χ² test), ferro- and antiferromagnetic, even and odd L.
// Tolerances are statistical only: |z| < 4, the error from the binning analysis (autocorrelation
// included); χ² through the Wilson–Hilferty normal approximation, also at 4σ.
#include <QtTest>

#include <cmath>
#include <map>
#include <vector>

#include "core/exact/ising_enumeration.h"
#include "core/exact/kaufman.h"
#include "core/exact/onsager.h"
#include "core/mc/draw_samples.h"
#include "core/models/observables.h"

using namespace rsmi;

namespace {

constexpr double kBetaC = 0.44068679350977147;

SamplingSpec ising2D(SamplerKind sampler, int L, double beta, int samples, std::uint64_t seed) {
  SamplingSpec s;
  s.model = ModelKind::Ising2D;
  s.sampler = sampler;
  s.size = L;
  s.beta = beta;
  s.samples = samples;
  s.seed = seed;
  // Wolff keeps its automatic schedule (≈ L² flipped spins between samples). Swendsen–Wang stores
  // every sweep and Metropolis every 10 sweeps: correlated, which the binning errors account for.
  if (sampler == SamplerKind::SwendsenWang) s.spacing = 1;
  if (sampler == SamplerKind::Metropolis) s.spacing = 10;
  return s;
}

// Total bond sum Σ_<ij> s_i s_j of one L×L sample (2L² bonds, periodic), E = −J · bondSum.
int bondSum(std::span<const std::int8_t> s, int L) {
  int sum = 0;
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x)
      sum += s[y * L + x] * (s[y * L + (x + 1) % L] + s[((y + 1) % L) * L + x]);
  return sum;
}

// Upper-tail z of a χ² value with k degrees of freedom (Wilson–Hilferty): z ~ N(0, 1) under H0.
double chiSquareZ(double chi2, int k) {
  const double a = 2.0 / (9.0 * k);
  return (std::cbrt(chi2 / k) - (1 - a)) / std::sqrt(a);
}

} // namespace

class TestIsing2DSamplers : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void energyMatchesKaufman_data() {
    QTest::addColumn<int>("sampler");
    QTest::addColumn<int>("L");
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("J");
    const std::pair<const char*, SamplerKind> samplers[] = {
        {"wolff", SamplerKind::Wolff}, {"sw", SamplerKind::SwendsenWang}, {"metropolis", SamplerKind::Metropolis}};
    for (const auto& [name, kind] : samplers) {
      for (int L : {16, 32})
        for (double beta : {0.3, kBetaC, 0.6})
          QTest::addRow("%s L=%d beta=%.4f", name, L, beta) << int(kind) << L << beta << 1.0;
      // Odd L (Metropolis falls back to its scalar sweep) and the antiferromagnet, which on an even
      // torus has the ferromagnet's energy (gauge s → (−1)^{x+y} s).
      QTest::addRow("%s L=15 beta_c", name) << int(kind) << 15 << kBetaC << 1.0;
      // The smallest lattice on Metropolis's checkerboard path, and the largest below it.
      QTest::addRow("%s L=8 beta_c", name) << int(kind) << 8 << kBetaC << 1.0;
      QTest::addRow("%s L=6 beta=0.5", name) << int(kind) << 6 << 0.5 << 1.0;
      QTest::addRow("%s L=16 beta_c J=-1", name) << int(kind) << 16 << kBetaC << -1.0;
    }
  }
  void energyMatchesKaufman() {
    QFETCH(int, sampler);
    QFETCH(int, L);
    QFETCH(double, beta);
    QFETCH(double, J);
    SamplingSpec spec = ising2D(SamplerKind(sampler), L, beta, 10000, 100 + L);
    spec.coupling = J;
    const SampleSet set = drawSamples(spec);
    QCOMPARE(set.shape, (std::vector<int>{L, L}));
    const IsingObservables o = measureIsing(set, J);
    const double exact = exact::kaufmanTorus(L, beta, 1.0).energyPerSite;  // = the J = −1 value (even L)
    const double z = (o.energyPerSite.mean - exact) / o.energyPerSite.error;
    QVERIFY2(std::abs(z) < 4, qPrintable(QString("u = %1 ± %2 (τ = %3 samples), exact %4, z = %5")
                                             .arg(o.energyPerSite.mean, 0, 'f', 6).arg(o.energyPerSite.error)
                                             .arg(o.energyPerSite.tau).arg(exact, 0, 'f', 6).arg(z)));
  }

  void magnetisationMatchesYang_data() {
    QTest::addColumn<int>("sampler");
    QTest::addRow("wolff") << int(SamplerKind::Wolff);
    QTest::addRow("sw") << int(SamplerKind::SwendsenWang);
    QTest::addRow("metropolis") << int(SamplerKind::Metropolis);
  }
  void magnetisationMatchesYang() {
    // L = 64 at β = 0.6: the correlation length is ξ ≈ 0.87 (Onsager, ordered phase), so finite-size
    // corrections to ⟨|m|⟩ are O(e^{−L/ξ}) ≈ 1e-32 and tunnelling between ±M never happens: the
    // comparison with the infinite-lattice M is limited by statistics alone.
    QFETCH(int, sampler);
    const double beta = 0.6;
    const SampleSet set = drawSamples(ising2D(SamplerKind(sampler), 64, beta, 4000, 7));
    const IsingObservables o = measureIsing(set);
    const double M = exact::yangMagnetization(beta);
    const double z = (o.absMagnetization.mean - M) / o.absMagnetization.error;
    QVERIFY2(std::abs(z) < 4, qPrintable(QString("|m| = %1 ± %2, Yang %3, z = %4")
                                             .arg(o.absMagnetization.mean, 0, 'f', 6).arg(o.absMagnetization.error)
                                             .arg(M, 0, 'f', 6).arg(z)));
    // Deep in the ordered phase the Binder cumulant is 2/3 up to O(χ/(L² M²)) ≈ 1e-4.
    QVERIFY(std::abs(o.binderCumulant.mean - 2.0 / 3.0) < 1e-3);
  }

  void bondSumHistogramMatchesEnumeration_data() {
    QTest::addColumn<int>("sampler");
    QTest::addColumn<int>("L");
    QTest::addColumn<double>("J");
    QTest::addColumn<int>("spacing");
    const std::pair<const char*, SamplerKind> samplers[] = {
        {"wolff", SamplerKind::Wolff}, {"sw", SamplerKind::SwendsenWang}, {"metropolis", SamplerKind::Metropolis}};
    // Samples far apart (several cluster flips of the whole lattice, or several sweeps), so that
    // τ_int ≈ ½; the test checks that and scales χ² by 2τ_int when it is above ½.
    for (const auto& [name, kind] : samplers) {
      const int spacing = kind == SamplerKind::Wolff ? 8 : kind == SamplerKind::SwendsenWang ? 4 : 6;
      QTest::addRow("%s 4x4", name) << int(kind) << 4 << 1.0 << spacing;
      QTest::addRow("%s 4x4 J=-1", name) << int(kind) << 4 << -1.0 << spacing;
      QTest::addRow("%s 3x3 J=-1 frustrated", name) << int(kind) << 3 << -1.0 << spacing;
      QTest::addRow("%s 2x2 (double bonds)", name) << int(kind) << 2 << 1.0 << spacing;
    }
  }
  void bondSumHistogramMatchesEnumeration() {
    QFETCH(int, sampler);
    QFETCH(int, L);
    QFETCH(double, J);
    QFETCH(int, spacing);
    const double beta = kBetaC;
    const int n = 40000;
    SamplingSpec spec = ising2D(SamplerKind(sampler), L, beta, n, 31 + L);
    spec.coupling = J;
    spec.spacing = spacing;
    const SampleSet set = drawSamples(spec);
    std::map<int, double> observed;
    std::vector<double> series(set.count());
    for (std::size_t k = 0; k < set.count(); ++k) {
      const int b = bondSum(set.sample(k), L);
      observed[b] += 1;
      series[k] = b;
    }
    const std::map<int, double> p = exact::enumerateIsingTorus(L).bondSumDistribution(beta, J);
    // Bins with an expected count ≥ 10 are tested one by one; the rest are pooled into one bin.
    double chi2 = 0, pooledExpected = 0, pooledObserved = 0;
    int bins = 0;
    for (const auto& [b, prob] : p) {
      const double expected = prob * n;
      const double seen = observed.count(b) ? observed[b] : 0.0;
      if (expected >= 10) {
        chi2 += (seen - expected) * (seen - expected) / expected;
        ++bins;
      } else {
        pooledExpected += expected;
        pooledObserved += seen;
      }
    }
    for (const auto& [b, count] : observed)
      QVERIFY2(p.count(b), qPrintable(QString("impossible bond sum %1 seen").arg(b)));
    if (pooledExpected > 0) {
      chi2 += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
      ++bins;
    }
    // Autocorrelated samples inflate χ² by ≈ 2τ_int; the spacing makes τ ≈ ½. Check that (the binned
    // τ of an independent series scatters by ≈ ±25%, so < 1 is a 4σ bound), and scale if above ½.
    const Estimate e = binningEstimate(series);
    QVERIFY2(e.tau < 1.0, qPrintable(QString("samples not independent enough: tau = %1").arg(e.tau)));
    const double scaled = chi2 / std::max(1.0, 2.0 * e.tau);
    const int dof = bins - 1;
    QVERIFY(dof >= 1);
    const double z = chiSquareZ(scaled, dof);
    QVERIFY2(z < 4, qPrintable(QString("chi2 = %1 for %2 dof (tau %3), z = %4").arg(chi2).arg(dof).arg(e.tau).arg(z)));
  }
};

QTEST_APPLESS_MAIN(TestIsing2DSamplers)
#include "tst_ising2d_samplers.moc"
