// The RG iteration (SCIENCE.md §5) on Ising 2D samples: flows go to disorder above T_c and to order
// below it (nearest-neighbour correlation of the coarse samples, with binning error bars); the
// iteration stops when the window no longer fits; results do not depend on the thread count.
#include <QtTest>

#include <cmath>

#include "core/rg/rg_iteration.h"
#include "ising_samples.h"

using namespace rsmi;

namespace {

RgIterationSpec quickSpec(int steps) {
  RgIterationSpec spec;
  spec.steps = steps;
  spec.learning.training.epochs = 8;
  spec.learning.training.patience = 0;
  spec.learning.maxTrainingWindows = 50000;
  spec.learning.scoreBaselines = false;
  spec.seed = 3;
  return spec;
}

// z of the change of the nearest-neighbour correlation from level a to level b.
double changeZ(const RgIterationResult& r, int a, int b) {
  const Estimate& x = r.levels[static_cast<std::size_t>(a)].observables.nearestNeighbour;
  const Estimate& y = r.levels[static_cast<std::size_t>(b)].observables.nearestNeighbour;
  return (y.mean - x.mean) / std::hypot(x.error, y.error);
}

} // namespace

class TestRgIteration : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void flowDirections_data() {
    QTest::addColumn<double>("beta");
    QTest::addColumn<int>("direction");  // −1: to disorder, +1: to order
    QTest::addRow("T > T_c (beta 0.30)") << 0.30 << -1;
    QTest::addRow("T < T_c (beta 0.55)") << 0.55 << +1;
  }
  void flowDirections() {
    QFETCH(double, beta);
    QFETCH(int, direction);
    const SampleSet samples = testing::wolffIsingSamples(32, beta, 400, 21);
    int levelsSeen = 0;
    const RgIterationResult r =
        iterateRg(samples, quickSpec(2), {}, [&](const RgLevel&) { ++levelsSeen; });
    QCOMPARE(int(r.levels.size()), 3);
    QCOMPARE(levelsSeen, 3);
    QCOMPARE(r.levels[1].shape, (std::vector<int>{16, 16}));
    QCOMPARE(r.levels[2].shape, (std::vector<int>{8, 8}));
    QVERIFY(r.levels[0].learned && r.levels[1].learned && r.levels[2].learned);  // 8×8 holds the 6×6 window
    QVERIFY(r.stoppedBecause.empty());
    for (int step = 0; step < 2; ++step) {
      const double z = changeZ(r, step, step + 1);
      QVERIFY2(direction * z > 4, qPrintable(QString("step %1: z = %2").arg(step).arg(z)));
    }
  }

  void stopsWhenTheWindowNoLongerFits() {
    // 16 → 8 → 4: the paper's 6×6 window does not fit a 4×4 lattice.
    const SampleSet samples = testing::wolffIsingSamples(16, 0.44, 60, 5);
    const RgIterationResult r = iterateRg(samples, quickSpec(5));
    QCOMPARE(int(r.levels.size()), 3);
    QCOMPARE(r.levels[2].shape, (std::vector<int>{4, 4}));
    QVERIFY(!r.levels[2].learned);
    QVERIFY2(QString::fromStdString(r.stoppedBecause).contains("larger than the lattice"), r.stoppedBecause.c_str());
  }

  void independentOfThreadCount() {
    const SampleSet samples = testing::wolffIsingSamples(16, 0.44, 60, 6);
    RgIterationSpec one = quickSpec(1), two = quickSpec(1);
    one.threads = 1;
    two.threads = 2;
    one.keepSamples = two.keepSamples = true;
    const RgIterationResult a = iterateRg(samples, one), b = iterateRg(samples, two);
    QVERIFY(a.levels[1].samples.values == b.levels[1].samples.values);
    QVERIFY(a.levels[0].learning.training.filter.weights == b.levels[0].learning.training.filter.weights);
  }

  void cancellation() {
    const SampleSet samples = testing::wolffIsingSamples(16, 0.44, 60, 7);
    std::stop_source source;
    bool cancelled = false;
    int epochs = 0;
    try {
      iterateRg(samples, quickSpec(2), source.get_token(), {}, [&](int, const EpochRecord&, const Filter&) {
        if (++epochs == 3) source.request_stop();
      });
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
    QCOMPARE(epochs, 3);
  }

  void refusals() {
    const SampleSet samples = testing::wolffIsingSamples(16, 0.44, 10, 8);
    RgIterationSpec spec = quickSpec(1);
    spec.learning.window.blockWidth = 3;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, iterateRg(samples, spec));
    spec = quickSpec(-1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, iterateRg(samples, spec));
  }
};

QTEST_GUILESS_MAIN(TestRgIteration)
#include "tst_rg_iteration.moc"
