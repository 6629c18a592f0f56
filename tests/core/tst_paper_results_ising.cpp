// The Ising filter results of Koch-Janusz & Ringel (SCIENCE.md §2–§4) as tests, on Wolff samples of
// the 2D Ising torus (L = 32) with fixed seeds:
//   1. 2×2 block, buffer 1, environment 1, one hidden, at and near β_c: Kadanoff's block spin — four
//      weights of one sign, max/min < 1.25, and an MI within 1% of the majority rule's, never below it
//      (exact estimator, SCIENCE.md §4 (a)).
//   2. 2×2 block, four hiddens: each hidden couples dominantly to a different spin (exact estimator).
//   3. 4×4 block, one hidden: the boundary weights exceed the interior weights (variational estimator,
//      SCIENCE.md §4 (b): the exact one would enumerate 2^16 block states per window, too slow here).
//
// What result 1 needs, measured (β_c, these samples; docs/recipes.md has the commands and numbers):
// the exact-MI optimum for one hidden is NOT the equal-weight filter. Equal weights w approach the
// majority rule from below as w → ∞ (ties stay coin flips; at w = 8 the gap is < 1e-6 bits), while a
// filter whose weights differ breaks the ties deterministically by one spin, which tells more about the
// environment: with large weights each such tie-break keeps 0.2–0.6% more than the majority rule. So
//   - plain L2 = 1e-4 learns an asymmetric filter, e.g. (2.80, 2.53, 2.58, 0.95): +0.5% over majority,
//     but max/min ≈ 3 — not Kadanoff's block spin;
//   - plain L2 = 1e-2 learns equal weights (max/min 1.06) that are small (≈ 0.94), i.e. a soft filter
//     that keeps 2% less than the majority rule;
//   - a spread (weight-sharing) penalty, FilterTrainingOptions::spread = 0.01, with a weak L2 = 1e-6
//     gives large, nearly equal weights (≈ 2.2–3.0, max/min 1.07–1.2) whose small residual asymmetry
//     breaks the majority's ties: MI 0.03–0.2% above majority. This is the recipe tested below. The
//     spread penalty is an explicit prior (the block's point symmetry), not something MI alone selects.
// The learned filters are stationary: 300 epochs without early stopping return the same weights.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/lattice/window_geometry.h"
#include "core/learn/exact_estimator.h"
#include "core/learn/filter_trainer.h"
#include "core/learn/fixed_rules.h"
#include "core/learn/variational_estimator.h"
#include "ising_samples.h"

using namespace rsmi;

namespace {

constexpr double kBetaC = 0.44068679350977147;

SampleSet ising(double beta, int samples, std::uint64_t seed) {
  return testing::wolffIsingSamples(32, beta, samples, seed);
}

WindowSplit windows(const SampleSet& samples, int block) {
  return splitWindows(samples, WindowLayout(WindowGeometry{block, block, 1, 1}, samples.shape), 0.2);
}

// The recipe of result 1 (docs/recipes.md).
FilterTrainingOptions blockSpinRecipe() {
  FilterTrainingOptions o;
  o.hiddenCount = 1;
  o.l2 = 1e-6;
  o.spread = 0.01;
  o.epochs = 100;
  o.seed = 1;
  return o;
}

double maxOverMin(const Filter& f) {
  const auto w = f.weights.row(0).cwiseAbs();
  return w.maxCoeff() / w.minCoeff();
}

} // namespace

class TestPaperResultsIsing : public QObject {
  Q_OBJECT
  // β_c data shared by the contrast and result 2.
  WindowSplit critical_;
  ExactEstimator criticalEstimator_;
  double criticalMajority_ = 0;

  double heldOutBits(const ExactEstimator& e, const WindowSplit& s, const HiddenConditional& rule) {
    return natsToBits(e.estimate(rule, WindowBatch::all(s.heldOut)));
  }

private Q_SLOTS:
  void initTestCase() {
    critical_ = windows(ising(kBetaC, 1000, 11), 2);
    criticalEstimator_.prepare(critical_.training);
    criticalMajority_ = heldOutBits(criticalEstimator_, critical_, majorityRule(2, 2));
    qInfo("β_c: majority rule %.5f bits (held-out)", criticalMajority_);
  }

  void kadanoffBlockSpin_data() {
    QTest::addColumn<double>("beta");
    QTest::newRow("beta=0.43") << 0.43;
    QTest::newRow("beta_c") << kBetaC;
    QTest::newRow("beta=0.45") << 0.45;
  }

  // Result 1 with the spread-penalty recipe.
  void kadanoffBlockSpin() {
    QFETCH(double, beta);
    const WindowSplit split = windows(ising(beta, 1000, 11), 2);
    ExactEstimator estimator;
    estimator.prepare(split.training);
    const FilterTrainingResult r = trainFilter(estimator, split, blockSpinRecipe());
    const Filter& f = r.filter;
    const double bits = heldOutBits(estimator, split, f);
    const double majority = heldOutBits(estimator, split, majorityRule(2, 2));
    qInfo("β = %.4f: λ = (%.3f, %.3f, %.3f, %.3f), max/min %.3f; %.5f bits vs majority %.5f (%+.3f%%)", beta,
          f.weights(0, 0), f.weights(0, 1), f.weights(0, 2), f.weights(0, 3), maxOverMin(f), bits, majority,
          100 * (bits - majority) / majority);
    QVERIFY((f.weights.array() > 0).all());  // one sign (fixSigns makes the largest positive)
    QVERIFY(maxOverMin(f) < 1.25);
    QVERIFY(f.weights.minCoeff() > 2.0);     // large: a nearly deterministic block spin, not a soft one
    QVERIFY(bits >= majority);
    QVERIFY(bits <= 1.01 * majority);
  }

  // Why result 1 needs the spread penalty: what MI alone (with plain L2) and the equal-weight limit give.
  void plainL2AndEqualWeightLimit() {
    // Equal weights tend to the majority rule from below.
    Filter equal = Filter::zeros(1, 4);
    equal.weights.setConstant(8.0);
    const double equalBits = heldOutBits(criticalEstimator_, critical_, equal);
    qInfo("equal weights 8: %.3e bits from majority", equalBits - criticalMajority_);
    QVERIFY(equalBits <= criticalMajority_ + 1e-9);
    QVERIFY(equalBits > criticalMajority_ - 1e-6);

    FilterTrainingOptions o = blockSpinRecipe();
    o.spread = 0;
    o.l2 = 1e-4;  // the default: the MI optimum is asymmetric
    const FilterTrainingResult weak = trainFilter(criticalEstimator_, critical_, o);
    const double weakBits = heldOutBits(criticalEstimator_, critical_, weak.filter);
    o.l2 = 1e-2;  // strong: equal but small weights, a soft filter
    const FilterTrainingResult strong = trainFilter(criticalEstimator_, critical_, o);
    const double strongBits = heldOutBits(criticalEstimator_, critical_, strong.filter);
    qInfo("plain L2 1e-4: max/min %.2f, %+.3f%% vs majority; L2 1e-2: max/min %.2f, %+.3f%%",
          maxOverMin(weak.filter), 100 * (weakBits - criticalMajority_) / criticalMajority_, maxOverMin(strong.filter),
          100 * (strongBits - criticalMajority_) / criticalMajority_);
    QVERIFY(weakBits > criticalMajority_);
    QVERIFY(maxOverMin(weak.filter) > 1.5);
    QVERIFY(maxOverMin(strong.filter) < 1.25);
    QVERIFY(strongBits < 0.99 * criticalMajority_);
  }

  // Result 2: four hiddens on the 2×2 block, default training options: each hidden follows one spin.
  void fourHiddensTrackFourSpins() {
    FilterTrainingOptions o;
    o.hiddenCount = 4;
    o.seed = 1;
    const FilterTrainingResult r = trainFilter(criticalEstimator_, critical_, o);
    const double bits = heldOutBits(criticalEstimator_, critical_, r.filter);
    std::vector<Eigen::Index> dominant;
    for (int j = 0; j < 4; ++j) {
      const auto w = r.filter.weights.row(j).cwiseAbs();
      Eigen::Index k = 0;
      const double largest = w.maxCoeff(&k);
      double others = 0;
      for (int i = 0; i < 4; ++i)
        if (i != k) others = std::max(others, w(i));
      qInfo("h%d: (%.3f, %.3f, %.3f, %.3f): spin %d dominates by %.1f×", j, r.filter.weights(j, 0),
            r.filter.weights(j, 1), r.filter.weights(j, 2), r.filter.weights(j, 3), int(k), largest / others);
      QVERIFY(largest > 5 * others);
      dominant.push_back(k);
    }
    std::sort(dominant.begin(), dominant.end());
    QVERIFY(std::adjacent_find(dominant.begin(), dominant.end()) == dominant.end());  // all different
    qInfo("four hiddens: %.4f bits (majority with one hidden: %.4f)", bits, criticalMajority_);
    QVERIFY(bits > criticalMajority_ + 0.1);
    QVERIFY(bits < 4.0);
  }

  // Result 3: 4×4 block, one hidden: the filter weighs the spins next to the buffer (the boundary of
  // the block) more than the interior ones, which the environment sees only through them.
  void largeBlockBoundaryDominates() {
    const WindowSplit split = windows(ising(kBetaC, 1000, 12), 4);
    VariationalEstimator estimator;
    estimator.prepare(split.training);
    FilterTrainingOptions o;
    o.hiddenCount = 1;
    o.epochs = 30;
    o.seed = 1;
    const FilterTrainingResult r = trainFilter(estimator, split, o);
    double boundarySum = 0, boundaryMin = 1e9, interiorSum = 0, interiorMax = -1e9;
    for (int y = 0; y < 4; ++y) {
      qInfo("  %6.3f %6.3f %6.3f %6.3f", r.filter.weights(0, 4 * y), r.filter.weights(0, 4 * y + 1),
            r.filter.weights(0, 4 * y + 2), r.filter.weights(0, 4 * y + 3));
      for (int x = 0; x < 4; ++x) {
        const double w = r.filter.weights(0, 4 * y + x);
        if (x == 0 || x == 3 || y == 0 || y == 3) {
          boundarySum += w;
          boundaryMin = std::min(boundaryMin, w);
        } else {
          interiorSum += w;
          interiorMax = std::max(interiorMax, w);
        }
      }
    }
    qInfo("4×4: boundary mean %.3f (min %.3f), interior mean %.3f (max %.3f); held-out bound %.4f bits",
          boundarySum / 12, boundaryMin, interiorSum / 4, interiorMax, natsToBits(r.heldOutNats));
    QVERIFY(boundaryMin > 0);
    QVERIFY(boundaryMin > interiorMax);
    QVERIFY(boundarySum / 12 > 3 * (interiorSum / 4));
  }
};

QTEST_GUILESS_MAIN(TestPaperResultsIsing)
#include "tst_paper_results_ising.moc"
