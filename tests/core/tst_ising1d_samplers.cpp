// The 1D Ising samplers (core/mc/ising1d_exact_chain.h, ising1d_metropolis.h) against the exact ring (SCIENCE.md §1, §7):
// ⟨s_0 s_r⟩ = (t^r + t^{N−r})/(1 + t^N), t = tanh βJ, for the transfer-matrix ("exact") chain and
// the Metropolis cross-check, ferro- and antiferromagnetic, even and odd (frustrated) rings.
// Tolerance: |z| < 4 with the error from the binning analysis (autocorrelation included).
#include <QtTest>

#include <cmath>
#include <vector>

#include "core/exact/ising1d.h"
#include "core/mc/draw_samples.h"
#include "core/models/observables.h"

using namespace rsmi;

namespace {

// Per-sample ring average of s_i s_{i+r}.
std::vector<double> correlationSeries(const SampleSet& set, int r) {
  const int N = set.shape[0];
  std::vector<double> out(set.count());
  for (std::size_t k = 0; k < set.count(); ++k) {
    const std::int8_t* s = set.sample(k).data();
    long sum = 0;
    for (int i = 0; i < N; ++i) sum += s[i] * s[(i + r) % N];
    out[k] = static_cast<double>(sum) / N;
  }
  return out;
}

} // namespace

class TestIsing1DSamplers : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void correlationsMatchTheRing_data() {
    QTest::addColumn<int>("sampler");  // SamplerKind
    QTest::addColumn<int>("N");
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("J");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("spacing");
    const int exact = int(SamplerKind::ExactChain), metro = int(SamplerKind::Metropolis);
    // A ring much longer than ξ (t^N negligible, so ⟨s_0 s_r⟩ = t^r) and short rings where the
    // wrap-around term t^{N−r} matters; low temperature (ξ ≈ 27) for the exact chain.
    QTest::addRow("exact N=400 beta=1") << exact << 400 << 1.0 << 1.0 << 4000 << -1;
    QTest::addRow("exact N=12 beta=1") << exact << 12 << 1.0 << 1.0 << 40000 << -1;
    QTest::addRow("exact N=30 beta=2") << exact << 30 << 2.0 << 1.0 << 40000 << -1;
    QTest::addRow("exact N=2 beta=0.5") << exact << 2 << 0.5 << 1.0 << 40000 << -1;
    QTest::addRow("exact N=10 J=-1") << exact << 10 << 0.8 << -1.0 << 40000 << -1;
    QTest::addRow("exact N=9 J=-1 frustrated") << exact << 9 << 0.8 << -1.0 << 40000 << -1;
    QTest::addRow("exact N=7 J=-0.5 frustrated, cold") << exact << 7 << 2.0 << -0.5 << 40000 << -1;
    QTest::addRow("metropolis N=200 beta=0.7") << metro << 200 << 0.7 << 1.0 << 4000 << -1;
    QTest::addRow("metropolis N=12 beta=1") << metro << 12 << 1.0 << 1.0 << 20000 << 4;
    QTest::addRow("metropolis N=9 J=-1 frustrated") << metro << 9 << 0.8 << -1.0 << 20000 << 4;
  }
  void correlationsMatchTheRing() {
    QFETCH(int, sampler);
    QFETCH(int, N);
    QFETCH(double, beta);
    QFETCH(double, J);
    QFETCH(int, samples);
    QFETCH(int, spacing);
    SamplingSpec spec;
    spec.model = ModelKind::Ising1D;
    spec.sampler = SamplerKind(sampler);
    spec.size = N;
    spec.beta = beta;
    spec.coupling = J;
    spec.samples = samples;
    spec.spacing = spacing;
    spec.seed = 1000 + N;
    const SampleSet set = drawSamples(spec);
    QCOMPARE(set.shape, std::vector<int>{N});
    QCOMPARE(set.count(), std::size_t(samples));
    for (int r : {1, 2, 3, 5}) {
      if (r >= N) continue;
      const Estimate e = binningEstimate(correlationSeries(set, r));
      const double exact = exact::ising1DRingCorrelation(N, r, beta, J);
      if (e.error == 0) {
        // Only possible when every sample has the same value, i.e. the exact value is ±1 up to rounding.
        QVERIFY2(std::abs(e.mean - exact) < 1e-9, qPrintable(QString("r=%1: %2 vs %3").arg(r).arg(e.mean).arg(exact)));
        continue;
      }
      const double z = (e.mean - exact) / e.error;
      QVERIFY2(std::abs(z) < 4, qPrintable(QString("r=%1: MC %2 ± %3, exact %4, z = %5")
                                               .arg(r).arg(e.mean).arg(e.error).arg(exact).arg(z)));
    }
    // The energy through measureIsing, against the ring's exact energy per site.
    const IsingObservables o = measureIsing(set, J);
    const double u = exact::ising1DRingEnergyPerSite(N, beta, J);
    if (o.energyPerSite.error > 0) {
      const double z = (o.energyPerSite.mean - u) / o.energyPerSite.error;
      QVERIFY2(std::abs(z) < 4, qPrintable(QString("energy %1 ± %2 vs %3").arg(o.energyPerSite.mean)
                                               .arg(o.energyPerSite.error).arg(u)));
    }
  }

  void exactChainSamplesAreIndependent() {
    // Every update draws a fresh configuration: the nearest-neighbour series has τ_int = ½.
    SamplingSpec spec;
    spec.model = ModelKind::Ising1D;
    spec.size = 64;
    spec.beta = 1.5;  // ξ ≈ 10: a Metropolis chain would be strongly correlated here
    spec.samples = 1 << 15;
    spec.seed = 5;
    const Estimate e = binningEstimate(correlationSeries(drawSamples(spec), 1));
    // The binned error at ~32–63 bins scatters by ≈ ±13%, so τ by ≈ ±25%: 4σ is 0.5 · 2.
    QVERIFY2(e.tau < 1.0, qPrintable(QString::number(e.tau)));
  }

  void magnetisationIsSymmetric() {
    // s_0 is uniform: ⟨m⟩ = 0 even deep in the ordered regime where each sample is nearly uniform.
    SamplingSpec spec;
    spec.model = ModelKind::Ising1D;
    spec.size = 16;
    spec.beta = 4.0;
    spec.samples = 4000;
    spec.seed = 9;
    const SampleSet set = drawSamples(spec);
    std::vector<double> m(set.count());
    for (std::size_t k = 0; k < set.count(); ++k) {
      long sum = 0;
      for (std::int8_t v : set.sample(k)) sum += v;
      m[k] = double(sum) / 16;
    }
    const Estimate e = binningEstimate(m);
    QVERIFY2(std::abs(e.mean) < 4 * e.error, qPrintable(QString("%1 ± %2").arg(e.mean).arg(e.error)));
  }
};

QTEST_APPLESS_MAIN(TestIsing1DSamplers)
#include "tst_ising1d_samplers.moc"
