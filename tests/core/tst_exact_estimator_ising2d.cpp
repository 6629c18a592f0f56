// The exact-enumeration estimator (SCIENCE.md §4 (a)) on critical 2D Ising samples: 2×2 block,
// buffer 1, environment 1 (the paper's 6×6 window, 20 environment spins), Wolff samples of the L = 32
// torus at β_c (SCIENCE.md §1, §2). The majority rule keeps between 0 and 1 bit, more than decimation;
// a filter with four equal weights tends to the majority rule (ties at ½) as the weights grow; and
// gradient ascent of the exact I from a small random filter finds weights of one sign.
#include <QtTest>

#include <cmath>

#include "core/lattice/window_geometry.h"
#include "core/learn/exact_estimator.h"
#include "core/learn/fixed_rules.h"
#include "ising_samples.h"

using namespace rsmi;

class TestExactEstimatorIsing2d : public QObject {
  Q_OBJECT
  WindowSplit split_;
  ExactEstimator estimator_;
  double majorityBits_ = 0;

private Q_SLOTS:
  void initTestCase() {
    const SampleSet samples = testing::wolffIsingSamples(32, 0.44068679350977147, 1000, 11);
    const WindowLayout layout(WindowGeometry{2, 2, 1, 1}, samples.shape);
    split_ = splitWindows(samples, layout, 0.2);
    QCOMPARE(split_.training.visibleSize, 4);
    QCOMPARE(split_.training.environmentSize, 20);
    QCOMPARE(split_.training.count(), std::size_t(800 * 256));
    estimator_.prepare(split_.training);
    const ConditionalTrainingReport& r = estimator_.trainingReport();
    qInfo("q(v|e): %d epochs (best %d), held-out NLL %.4f nats per window", r.epochsRun, r.bestEpoch, r.heldOutNll);
    QVERIFY(r.bestEpoch > 0);
  }

  void majorityKeepsLessThanOneBit() {
    majorityBits_ = natsToBits(estimator_.estimate(majorityRule(2, 2), WindowBatch::all(split_.heldOut)));
    const double decimationBits = natsToBits(estimator_.estimate(decimationRule(2, 2), WindowBatch::all(split_.heldOut)));
    qInfo("majority %.4f bits, decimation %.4f bits (held-out)", majorityBits_, decimationBits);
    QVERIFY(majorityBits_ > 0 && majorityBits_ < 1);
    // At criticality the block's magnetisation carries more about the environment than one site does.
    QVERIFY(majorityBits_ > decimationBits + 0.05);
    // score() uses the same q (it does not depend on the rule).
    QCOMPARE(natsToBits(estimator_.score(majorityRule(2, 2), split_.training, split_.heldOut)), majorityBits_);
  }

  // θ = w Σ v_i: p(h = sign Σv | v) → 1 where Σv ≠ 0 and stays ½ on ties, i.e. the majority rule.
  void equalWeightsApproachMajority() {
    double previous = 1.0;
    for (double w : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0}) {
      Filter f = Filter::zeros(1, 4);
      f.weights.setConstant(w);
      const double bits = natsToBits(estimator_.estimate(f, WindowBatch::all(split_.heldOut)));
      const double gap = std::abs(bits - majorityBits_);
      qInfo("w = %g: %.6f bits, %.2e from majority", w, bits, gap);
      QVERIFY(gap < previous);
      previous = gap;
    }
    QVERIFY(previous < 1e-9);
  }

  // Plain gradient ascent of the exact I (no optimiser library): the learned filter has weights of one
  // sign (SCIENCE.md §3: the filter discovers a majority-like block spin) and keeps at least what the
  // majority rule keeps, up to the statistical error of the held-out estimate.
  void gradientAscentFindsSameSignWeights() {
    Filter f = Filter::random(1, 4, 0.05, 5);
    FilterGradient g;
    const std::size_t batch = 1000, batches = split_.training.count() / batch;
    for (std::size_t step = 0; step < 400; ++step) {
      estimator_.estimateWithGradient(f, WindowBatch{&split_.training, (step % batches) * batch, batch}, g);
      f.weights += 2.0 * g.weights;
    }
    fixSigns(f);
    const double bits = natsToBits(estimator_.estimate(f, WindowBatch::all(split_.heldOut)));
    qInfo("learned %.3f %.3f %.3f %.3f: %.4f bits", f.weights(0, 0), f.weights(0, 1), f.weights(0, 2), f.weights(0, 3), bits);
    QVERIFY((f.weights.array() > 0).all());
    QVERIFY(bits > majorityBits_ - 0.01);
  }
};

QTEST_GUILESS_MAIN(TestExactEstimatorIsing2d)
#include "tst_exact_estimator_ising2d.moc"
