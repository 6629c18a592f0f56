// The paper-faithful estimator (SCIENCE.md §4 (c)) on critical 2D Ising samples: 2×2 block, buffer 1,
// environment 1 (the paper's 6×6 window), Wolff samples of the L = 32 torus at β_c. Θ-RBMs trained by
// CD-1 (fewer epochs than the paper's 300: many windows, and a cheap test); then Λ is trained by plain
// gradient ascent of A_Λ with the paper's Monte Carlo gradient (2 samples after 126 burn-in sweeps,
// minibatch 800, an L2 regulator) from a small random start. It must find what the exact estimator (a)
// finds: a majority-like block spin, all four weights of one sign and nearly equal (with this L2 the
// exact estimator's own filter has max/min ≈ 1.1 on these samples), and keep nearly as much mutual
// information as the majority rule by (a)'s own measure.
#include <QtTest>

#include <cmath>

#include "core/lattice/window_geometry.h"
#include "core/learn/exact_estimator.h"
#include "core/learn/fixed_rules.h"
#include "core/learn/paper_estimator.h"
#include "ising_samples.h"

using namespace rsmi;

class TestPaperEstimatorIsing2d : public QObject {
  Q_OBJECT
  WindowSplit split_;
  PaperEstimator estimator_;
  ExactEstimator exact_;  // the reference, estimator (a)

private Q_SLOTS:
  void initTestCase() {
    const SampleSet samples = testing::wolffIsingSamples(32, 0.44068679350977147, 400, 21);
    const WindowLayout layout(WindowGeometry{2, 2, 1, 1}, samples.shape);
    split_ = splitWindows(samples, layout, 0.2);
    QCOMPARE(split_.training.visibleSize, 4);
    QCOMPARE(split_.training.environmentSize, 20);
    PaperEstimatorOptions o;
    o.rbmTraining.epochs = 20;
    o.rbmTraining.learningRate = 0.02;
    o.seed = 3;
    estimator_ = PaperEstimator(o);
    estimator_.prepare(split_.training);
    exact_.prepare(split_.training);
  }

  void majorityBeatsDecimation() {
    const WindowBatch heldOut = WindowBatch::all(split_.heldOut);
    const double majority = estimator_.estimate(majorityRule(2, 2), heldOut);
    const double decimation = estimator_.estimate(decimationRule(2, 2), heldOut);
    qInfo("paper estimator (exact sums): majority %.4f bits, decimation %.4f bits (held-out)", natsToBits(majority),
          natsToBits(decimation));
    QVERIFY(majority > 0 && natsToBits(majority) < 1);
    QVERIFY(natsToBits(majority) > natsToBits(decimation) + 0.05);
  }

  void gradientAscentFindsSameSignWeights_data() {
    QTest::addColumn<int>("start");
    QTest::addRow("start 5") << 5;
    QTest::addRow("start 6") << 6;
  }
  void gradientAscentFindsSameSignWeights() {
    QFETCH(int, start);
    Filter f = Filter::random(1, 4, 0.05, static_cast<std::uint64_t>(start));
    FilterGradient g;
    const std::size_t batch = 800, batches = split_.training.count() / batch;
    const double learningRate = 2.0, l2 = 0.01;
    const int steps = 200, averaged = 100;  // Polyak average of the last iterates against MC noise
    Matrix average = Matrix::Zero(1, 4);
    for (int step = 0; step < steps; ++step) {
      estimator_.estimateWithGradient(f, WindowBatch{&split_.training, (step % batches) * batch, batch}, g);
      f.weights += learningRate * (g.weights - l2 * f.weights);
      if (step >= steps - averaged) average += f.weights / averaged;
    }
    f.weights = average;
    fixSigns(f);
    const WindowBatch heldOut = WindowBatch::all(split_.heldOut);
    const double bits = natsToBits(exact_.estimate(f, heldOut));
    const double majorityBits = natsToBits(exact_.estimate(majorityRule(2, 2), heldOut));
    qInfo("learned %.3f %.3f %.3f %.3f: by (a) %.4f bits, majority %.4f bits", f.weights(0, 0), f.weights(0, 1),
          f.weights(0, 2), f.weights(0, 3), bits, majorityBits);
    QVERIFY((f.weights.array() > 0).all());
    QVERIFY2(f.weights.maxCoeff() / f.weights.minCoeff() < 1.25, "weights not nearly equal");
    QVERIFY(bits > majorityBits - 0.03);
  }
};

QTEST_GUILESS_MAIN(TestPaperEstimatorIsing2d)
#include "tst_paper_estimator_ising2d.moc"
