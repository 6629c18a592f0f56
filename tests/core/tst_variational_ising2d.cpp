// The variational estimator on critical 2D Ising samples (SCIENCE.md §1, §2, §4(b)): 2×2 block,
// buffer 1, environment 1 (the paper's 6×6 window, 20 environment spins), one hidden unit, Wolff
// samples of the L = 32 torus at β_c. Joint training of filter and critic from a small random filter
// must find the all-same-sign (majority-like) filter; the majority rule keeps between 0 and 1 bit;
// and the variational bound agrees with the exact-enumeration estimator (a) on the same rule.
#include <QtTest>

#include <cmath>
#include <memory>

#include "core/lattice/window_geometry.h"
#include "core/learn/exact_estimator.h"
#include "core/learn/filter_trainer.h"
#include "core/learn/fixed_rules.h"
#include "core/learn/variational_estimator.h"
#include "ising_samples.h"

using namespace rsmi;

namespace {

WindowSplit criticalWindows(int samples, std::uint64_t seed, std::size_t* blocksPerSample) {
  const SampleSet set = testing::wolffIsingSamples(32, 0.44068679350977147, samples, seed);
  const WindowLayout layout(WindowGeometry{2, 2, 1, 1}, set.shape);
  *blocksPerSample = layout.blocksPerSample();
  return splitWindows(set, layout, 0.25);
}

} // namespace

class TestVariationalIsing2d : public QObject {
  Q_OBJECT
  WindowSplit small_;  // 400 configurations: training runs
  WindowSplit large_;  // 4000 configurations: the (a)–(b) comparison needs a small statistical error
  std::size_t blocksPerSample_ = 0;
  std::unique_ptr<ExactEstimator> exact_;  // q(v|e) does not depend on the rule: fitted once

private Q_SLOTS:
  void initTestCase() {
    small_ = criticalWindows(400, 2018, &blocksPerSample_);
    large_ = criticalWindows(4000, 2019, &blocksPerSample_);
    QCOMPARE(small_.training.environmentSize, 20);
    QCOMPARE(small_.training.count(), std::size_t(300 * 256));
  }

  void jointTrainingFindsSameSignWeights_data() {
    QTest::addColumn<quint64>("seed");
    QTest::addRow("seed 1") << quint64(1);
    QTest::addRow("seed 7") << quint64(7);
  }
  void jointTrainingFindsSameSignWeights() {
    // The filter trainer (filter_trainer.h) drives the estimator: beginFilterTraining() warms the
    // critic up, then every minibatch takes a filter step (Adam, L2) and a critic step (joint training).
    QFETCH(quint64, seed);
    VariationalEstimator estimator;
    estimator.prepare(small_.training);
    FilterTrainingOptions options;
    options.hiddenCount = 1;
    options.initialScale = 0.05;
    options.epochs = 8;
    options.seed = seed;
    const FilterTrainingResult result = trainFilter(estimator, small_, options);
    const Filter& f = result.filter;  // signs fixed: the largest weight is positive
    QVERIFY2((f.weights.array() > 0).all(),
             qPrintable(QString("weights %1 %2 %3 %4").arg(f.weights(0, 0)).arg(f.weights(0, 1))
                            .arg(f.weights(0, 2)).arg(f.weights(0, 3))));
    qInfo("filter %.3f %.3f %.3f %.3f, held-out bound %.4f bits", f.weights(0, 0), f.weights(0, 1), f.weights(0, 2),
          f.weights(0, 3), natsToBits(result.heldOutNats));
    QVERIFY(result.heldOutNats > 0 && result.heldOutNats < kLn2);
  }

  void majorityKeepsBelowOneBit() {
    VariationalEstimator estimator;
    const VariationalScore s =
        estimator.scoreDetailed(majorityRule(2, 2), small_.training, small_.heldOut, {}, blocksPerSample_);
    qInfo("majority rule: %.4f bits (standard error over configurations %.4f)", natsToBits(s.bound),
          natsToBits(s.standardError));
    QVERIFY(s.bound > 0);
    QVERIFY(natsToBits(s.bound) < 1.0);
  }

  void agreesWithExactEnumeration_data() {
    QTest::addColumn<QString>("rule");
    QTest::addColumn<double>("weight");
    QTest::addRow("majority rule") << "majority" << 0.0;
    QTest::addRow("uniform filter, weight 0.5") << "filter" << 0.5;
    QTest::addRow("uniform filter, weight 2") << "filter" << 2.0;
  }
  void agreesWithExactEnumeration() {
    // The requirement: estimators (a) and (b) agree within 0.01 bits on the same rule.
    // They use the data differently ((a) averages over v with its model q(v|e); (b) uses the held-out
    // pairs (v_n, e_n)), so their difference fluctuates with the sample set: with 400 configurations
    // it reached 0.018 bits, with 4000 it is 0.000–0.006 bits over seven seeds and with 10000 0.003
    // bits, and the bound's standard error over configurations is about 0.0035 bits.
    QFETCH(QString, rule);
    QFETCH(double, weight);
    const SubsetMajorityRule majority = majorityRule(2, 2);
    Filter filter = Filter::zeros(1, 4);
    filter.weights.setConstant(weight);
    const HiddenConditional& r = rule == "majority" ? static_cast<const HiddenConditional&>(majority) : filter;

    if (!exact_) {
      exact_ = std::make_unique<ExactEstimator>();
      exact_->prepare(large_.training);
    }
    const double a = exact_->score(r, large_.training, large_.heldOut);
    VariationalEstimator variational;
    const VariationalScore b = variational.scoreDetailed(r, large_.training, large_.heldOut, {}, blocksPerSample_);
    qInfo("exact %.4f bits, variational %.4f +- %.4f bits", natsToBits(a), natsToBits(b.bound),
          natsToBits(b.standardError));
    QVERIFY(natsToBits(b.standardError) < 0.005);  // the 0.01-bit test is meaningful at this size
    QVERIFY2(std::abs(natsToBits(a - b.bound)) < 0.01,
             qPrintable(QString("exact %1 bits, variational %2 bits").arg(natsToBits(a)).arg(natsToBits(b.bound))));
  }
};

QTEST_APPLESS_MAIN(TestVariationalIsing2d)
#include "tst_variational_ising2d.moc"
