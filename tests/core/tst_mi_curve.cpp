// The MI-versus-epoch curve of filter training (FilterTrainingResult::curve, SCIENCE.md §4–§5):
// it rises, saturates, and never exceeds the bound I(H:E) ≤ H(H) ≤ n_h ln 2 — neither in any epoch's
// training or held-out value nor in the final held-out score. Two cases with fixed seeds:
//   - the exact estimator (§4 (a)) on the 2×2 Ising block at β_c (Wolff samples, L = 32), one hidden;
//   - the variational estimator (§4 (b)) on dimers with noise (L = 32, a block of 2×2 cells, buffer one
//     cell, environment two cells), two hiddens — `rsmi bench learn`'s dimer case.
//
// Tolerances come from the held-out estimate's standard error σ. Windows of one configuration are
// correlated, so σ comes from the per-sample means of the per-window terms x_n whose mean is the
// estimate (exact: x_n = Σ_h P(h|e_n) log[P(h|e_n)/P(h)]; variational: VariationalScore). "Saturates":
// the mean of the last 10% of the epochs lies within σ of the curve's maximum — what is still changing
// is below what the held-out data can resolve. "Rises": the maximum exceeds the first epoch by more
// than 5σ; for the exact estimator the first and the best filter are compared on the same windows, so
// σ there is the standard error of the per-window difference of the two filters' terms.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/lattice/window_geometry.h"
#include "core/learn/exact_estimator.h"
#include "core/learn/filter_trainer.h"
#include "core/learn/variational_estimator.h"
#include "core/mc/draw_samples.h"
#include "ising_samples.h"

using namespace rsmi;

namespace {

// The exact estimator's per-window terms x_n (their mean is the estimate, SCIENCE.md §4 (a)).
Vector exactTerms(const ExactEstimator& e, const HiddenConditional& rule, const WindowSet& w) {
  const Matrix env = rowsAsMatrix(w.environment, w.environmentSize, 0, w.count());
  const Matrix pHgivenE =
      e.conditional().probabilities(env) * rule.hiddenProbabilities(allSpinStates(rule.visibleCount()));
  const Eigen::RowVectorXd pH = pHgivenE.colwise().mean();
  Vector x = Vector::Zero(pHgivenE.rows());
  for (Eigen::Index n = 0; n < pHgivenE.rows(); ++n)
    for (Eigen::Index h = 0; h < pHgivenE.cols(); ++h)
      if (pHgivenE(n, h) > 0) x(n) += pHgivenE(n, h) * std::log(pHgivenE(n, h) / pH(h));
  return x;
}

// Standard error of the mean of x from the means of consecutive groups (one group per configuration).
double groupedStandardError(const Vector& x, std::size_t perGroup) {
  std::vector<double> means;
  for (std::size_t first = 0; first + perGroup <= static_cast<std::size_t>(x.size()); first += perGroup)
    means.push_back(x.segment(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(perGroup)).mean());
  const double g = static_cast<double>(means.size());
  const double mean = std::accumulate(means.begin(), means.end(), 0.0) / g;
  double squares = 0;
  for (double m : means) squares += (m - mean) * (m - mean);
  return std::sqrt(squares / (g - 1) / g);
}

struct CurveSummary {
  double first = 0, maximum = 0, lastTenthMean = 0;
  int epochs = 0;
};

CurveSummary summarise(const std::vector<EpochRecord>& curve) {
  CurveSummary s;
  s.epochs = static_cast<int>(curve.size());
  s.first = curve.front().heldOutNats;
  s.maximum = -1e300;
  for (const EpochRecord& r : curve) s.maximum = std::max(s.maximum, r.heldOutNats);
  const int tail = std::max(1, s.epochs / 10);
  for (int i = s.epochs - tail; i < s.epochs; ++i)
    s.lastTenthMean += curve[static_cast<std::size_t>(i)].heldOutNats;
  s.lastTenthMean /= tail;
  return s;
}

// No epoch's training or held-out value may exceed n_h ln 2 (rounding aside).
void verifyBounded(const std::vector<EpochRecord>& curve, int hidden, double finalNats) {
  const double bound = hidden * kLn2 + 1e-12;
  for (const EpochRecord& r : curve) {
    QVERIFY2(r.trainingNats <= bound,
             qPrintable(QString("epoch %1 training %2 nats").arg(r.epoch).arg(r.trainingNats)));
    QVERIFY2(r.heldOutNats <= bound,
             qPrintable(QString("epoch %1 held-out %2 nats").arg(r.epoch).arg(r.heldOutNats)));
  }
  QVERIFY(finalNats <= bound);
}

void printCurve(const std::vector<EpochRecord>& curve) {
  QString line;
  for (const EpochRecord& r : curve)
    if (r.epoch <= 5 || r.epoch % 10 == 0 || &r == &curve.back())
      line += QString::asprintf(" %d:%.4f", r.epoch, natsToBits(r.heldOutNats));
  qInfo("held-out bits by epoch:%s", qPrintable(line));
}

}  // namespace

class TestMiCurve : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void exactEstimatorOnIsing() {
    const SampleSet set = testing::wolffIsingSamples(32, 0.44068679350977147, 1000, 11);
    const WindowLayout layout(WindowGeometry{2, 2, 1, 1}, set.shape);
    const WindowSplit split = splitWindows(set, layout, 0.2);
    ExactEstimator estimator;
    estimator.prepare(split.training);
    FilterTrainingOptions o;
    o.seed = 1;
    Filter firstEpoch;
    const FilterTrainingResult r =
        trainFilter(estimator, split, o, {}, [&](const EpochRecord& rec, const Filter& f) {
          if (rec.epoch == 1) firstEpoch = f;
        });
    printCurve(r.curve);
    const CurveSummary s = summarise(r.curve);

    const std::size_t perSample = layout.blocksPerSample();
    const Vector best = exactTerms(estimator, r.filter, split.heldOut);
    const Vector first = exactTerms(estimator, firstEpoch, split.heldOut);
    const double sigma = groupedStandardError(best, perSample);
    const double sigmaRise = groupedStandardError(best - first, perSample);
    QVERIFY(std::abs(best.mean() - r.heldOutNats) < 1e-9);  // the terms reproduce the estimator
    qInfo(
        "exact, Ising β_c: %d epochs; first %.5f, max %.5f, last-10%% mean %.5f bits; σ %.5f bits, paired σ "
        "of the "
        "rise %.5f bits (rise = %.0f σ)",
        s.epochs, natsToBits(s.first), natsToBits(s.maximum), natsToBits(s.lastTenthMean), natsToBits(sigma),
        natsToBits(sigmaRise), (s.maximum - s.first) / sigmaRise);
    verifyBounded(r.curve, 1, r.heldOutNats);
    QVERIFY(s.maximum - s.lastTenthMean <= sigma);
    QVERIFY(s.maximum - s.first > 5 * sigmaRise);
  }

  void variationalEstimatorOnDimers() {
    SamplingSpec spec;
    spec.model = ModelKind::Dimer;
    spec.size = 32;
    spec.samples = 1000;
    spec.noise = true;
    spec.noiseCoupling = 1.0;
    spec.seed = 1;
    const SampleSet set = drawSamples(spec);
    const WindowLayout layout(WindowGeometry{4, 4, 2, 4}, set.shape);
    const WindowSplit split = splitWindows(set, layout, 0.2, 200000, 1, 200000);
    VariationalEstimator estimator;
    estimator.prepare(split.training);
    FilterTrainingOptions o;
    o.hiddenCount = 2;
    o.seed = 1;
    const FilterTrainingResult r = trainFilter(estimator, split, o);
    printCurve(r.curve);
    const CurveSummary s = summarise(r.curve);
    const VariationalScore score =
        estimator.scoreDetailed(r.filter, split.training, split.heldOut, {}, layout.blocksPerSample());
    const double sigma = score.standardError;
    qInfo(
        "variational, dimers: %d epochs; first %.4f, max %.4f, last-10%% mean %.4f bits; scored %.4f ± %.4f "
        "bits "
        "(rise = %.0f σ)",
        s.epochs, natsToBits(s.first), natsToBits(s.maximum), natsToBits(s.lastTenthMean),
        natsToBits(score.bound), natsToBits(sigma), (s.maximum - s.first) / sigma);
    verifyBounded(r.curve, 2, r.heldOutNats);
    QVERIFY(score.bound <= 2 * kLn2);
    QVERIFY(s.maximum - s.lastTenthMean <= sigma);
    QVERIFY(s.maximum - s.first > 5 * sigma);
  }
};

QTEST_GUILESS_MAIN(TestMiCurve)
#include "tst_mi_curve.moc"
