// Coarse-graining a sample set (SCIENCE.md §5): layout, the majority rule deterministically,
// stochastic draws with the right frequencies, thread-count independence, refusals.
#include <QtTest>

#include <cmath>

#include "core/common/random.h"
#include "core/learn/fixed_rules.h"
#include "core/rg/coarse_grainer.h"

using namespace rsmi;

namespace {

SampleSet randomSpins(int count, std::vector<int> shape, std::uint64_t seed) {
  SampleSet s;
  s.shape = std::move(shape);
  Xoshiro256pp rng(seed);
  s.values.resize(static_cast<std::size_t>(count) * s.sitesPerSample());
  for (auto& v : s.values) v = rng.next() >> 63 ? 1 : -1;
  return s;
}

} // namespace

class TestCoarseGrainer : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void majorityLayout() {
    // 4×4 lattice: top-left block all up, top-right all down, bottom blocks 3 up / 3 down.
    SampleSet s;
    s.shape = {4, 4};
    s.values = {1, 1, -1, -1,  //
                1, 1, -1, -1,  //
                1, 1, -1, -1,  //
                1, -1, -1, 1};
    CoarseGrainingOptions o;
    o.mode = CoarseGrainingMode::Deterministic;
    const SampleSet c = coarseGrain(s, majorityRule(2, 2), o);
    QCOMPARE(c.shape, (std::vector<int>{2, 2}));
    QCOMPARE(std::vector<int>(c.values.begin(), c.values.end()), (std::vector<int>{1, -1, 1, -1}));
  }

  void severalHiddensSideBySide() {
    // Two hiddens that copy the first and last site of a 2-site segment: the coarse chain is the
    // fine chain (layout check for n_h > 1 in 1D).
    Filter f = Filter::zeros(2, 2);
    f.weights << 50, 0, 0, 50;
    const SampleSet s = randomSpins(3, {8}, 4);
    CoarseGrainingOptions o;
    o.blockWidth = 2;
    o.blockHeight = 1;
    const SampleSet c = coarseGrain(s, f, o);
    QCOMPARE(c.shape, (std::vector<int>{8}));
    QVERIFY(c.values == s.values);
  }

  void stochasticFrequencies() {
    // One hidden with θ = λ·Σv: for the all-up block p(h = +1) = 1/(1 + e^{−2θ}).
    Filter f = Filter::zeros(1, 4);
    f.weights.setConstant(0.1);
    SampleSet s;
    s.shape = {64, 64};
    s.values.assign(200 * 64 * 64, 1);
    CoarseGrainingOptions o;
    o.seed = 3;
    const SampleSet c = coarseGrain(s, f, o);
    double up = 0;
    for (auto v : c.values) up += v > 0;
    const double n = static_cast<double>(c.values.size());
    const double p = 1.0 / (1.0 + std::exp(-0.8));
    const double z = (up / n - p) / std::sqrt(p * (1 - p) / n);
    QVERIFY2(std::abs(z) < 4, qPrintable(QString::number(z)));
  }

  void independentOfThreadCount() {
    const SampleSet s = randomSpins(64, {16, 16}, 9);
    Filter f = Filter::random(1, 4, 1.0, 2);
    CoarseGrainingOptions one, two;
    one.threads = 1;
    two.threads = 2;
    QVERIFY(coarseGrain(s, f, one).values == coarseGrain(s, f, two).values);
  }

  void refusals() {
    const SampleSet s = randomSpins(2, {6, 6}, 1);
    CoarseGrainingOptions o;
    o.blockWidth = 4;
    o.blockHeight = 4;
    QVERIFY(QString::fromStdString(validateCoarseGraining(s, majorityRule(4, 4), o)).contains("does not tile"));
    o.blockWidth = o.blockHeight = 3;
    QVERIFY(QString::fromStdString(validateCoarseGraining(s, majorityRule(2, 2), o)).contains("visible weights"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, coarseGrain(s, majorityRule(2, 2), o));
  }

  void cancellation() {
    const SampleSet s = randomSpins(64, {16, 16}, 9);
    std::stop_source source;
    source.request_stop();
    QVERIFY_THROWS_EXCEPTION(Cancelled, coarseGrain(s, majorityRule(2, 2), {}, source.get_token()));
  }
};

QTEST_GUILESS_MAIN(TestCoarseGrainer)
#include "tst_coarse_grainer.moc"
