// The conditional model q(v|e) of the exact estimator (SCIENCE.md §4 (a)): normalisation, the
// analytic NLL gradient against central finite differences, recovery of a known conditional (the
// exact 1D chain) from exact samples, determinism and cancellation.
#include <QtTest>

#include <cmath>

#include "chain_windows.h"
#include "core/common/random.h"
#include "core/learn/chain_mutual_information.h"
#include "core/learn/conditional_model.h"

using namespace rsmi;

namespace {

ConditionalModel randomModel(int nv, int ne, int width, std::uint64_t seed, double scale) {
  ConditionalModelOptions o;
  o.hiddenWidth = width;
  ConditionalModel q(nv, ne, o);
  Xoshiro256pp rng(seed);
  Vector p(q.parameterCount());
  for (Eigen::Index i = 0; i < p.size(); ++i) p(i) = scale * (2 * rng.uniform() - 1);
  q.setParameters(p);
  return q;
}

Matrix randomSpins(int rows, int cols, std::uint64_t seed) {
  Xoshiro256pp rng(seed);
  Matrix m(rows, cols);
  for (int c = 0; c < cols; ++c)
    for (int r = 0; r < rows; ++r) m(r, c) = rng.uniform() < 0.5 ? -1.0 : 1.0;
  return m;
}

} // namespace

class TestConditionalModel : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void normalised_data() {
    QTest::addColumn<int>("visible");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("width");
    QTest::addRow("linear 2|4") << 2 << 4 << 0;
    QTest::addRow("linear 4|20") << 4 << 20 << 0;
    QTest::addRow("tanh 3|6 m=5") << 3 << 6 << 5;
  }
  void normalised() {
    QFETCH(int, visible);
    QFETCH(int, environment);
    QFETCH(int, width);
    const ConditionalModel q = randomModel(visible, environment, width, 3, 2.0);
    const Matrix e = randomSpins(50, environment, 4);
    const Matrix p = q.probabilities(e);
    const Matrix s = q.logits(e);
    QCOMPARE(p.cols(), Eigen::Index(1) << visible);
    for (Eigen::Index n = 0; n < p.rows(); ++n) {
      QVERIFY(std::abs(p.row(n).sum() - 1.0) < 1e-13);
      const Eigen::RowVectorXd soft = s.row(n).array().exp() / s.row(n).array().exp().sum();
      QVERIFY((p.row(n) - soft).cwiseAbs().maxCoeff() < 1e-14);
    }
    // The column form is the transpose.
    QVERIFY((q.probabilitiesByColumn(e.transpose()).transpose() - p).cwiseAbs().maxCoeff() == 0.0);
  }

  void gradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("visible");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("width");
    QTest::addRow("linear 2|4") << 2 << 4 << 0;
    QTest::addRow("linear 4|6") << 4 << 6 << 0;
    QTest::addRow("tanh 2|4 m=3") << 2 << 4 << 3;
    QTest::addRow("tanh 3|5 m=4") << 3 << 5 << 4;
  }
  void gradientMatchesFiniteDifferences() {
    QFETCH(int, visible);
    QFETCH(int, environment);
    QFETCH(int, width);
    ConditionalModel q = randomModel(visible, environment, width, 11, 0.7);
    const int n = 40;
    const Matrix x = randomSpins(environment, n, 12);
    Xoshiro256pp rng(13);
    std::vector<std::uint32_t> states(n);
    for (auto& s : states) s = static_cast<std::uint32_t>(rng.below(std::uint64_t(1) << visible));
    Vector g;
    const double nll = q.negativeLogLikelihood(x, states, &g);
    QVERIFY(std::abs(nll - q.negativeLogLikelihood(x, states)) < 1e-15);
    const Vector p0 = q.parameters();
    QCOMPARE(g.size(), p0.size());
    const double step = 1e-5;
    double worst = 0;
    for (Eigen::Index i = 0; i < p0.size(); ++i) {
      Vector p = p0;
      p(i) += step;
      q.setParameters(p);
      const double up = q.negativeLogLikelihood(x, states);
      p(i) = p0(i) - step;
      q.setParameters(p);
      const double down = q.negativeLogLikelihood(x, states);
      const double fd = (up - down) / (2 * step);
      worst = std::max(worst, std::abs(fd - g(i)) / std::max(std::abs(g(i)), 1e-3));
    }
    qInfo("largest relative FD error %.1e", worst);
    QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
  }

  // Trained on exact chain windows, q(v|e) matches the exact P(v|e_l, e_r) (the linear family contains
  // it; the outer environment spins are irrelevant and must be learned as such), and the held-out NLL
  // matches the exact conditional entropy H(V|E).
  void recoversChainConditional_data() {
    QTest::addColumn<int>("width");
    QTest::addRow("linear") << 0;
    QTest::addRow("tanh m=6") << 6;
  }
  void recoversChainConditional() {
    QFETCH(int, width);
    const int nv = 2, lb = 1, le = 2;
    const double coupling = 0.7;
    const WindowSet windows = test::exactChainWindows(nv, lb, le, coupling, 100000, 21);
    ConditionalModelOptions o;
    o.hiddenWidth = width;
    ConditionalModel q(nv, 2 * le, o);
    const ConditionalTrainingReport r = q.train(windows);
    QCOMPARE(r.trainingWindows + r.heldOutWindows, windows.count());
    QVERIFY(r.heldOutWindows == 10000);
    QVERIFY(r.bestEpoch > 0);

    const Matrix joint = chainJointDistribution(nv, coupling, lb);
    // H(V|E) = −Σ P(v,e) log P(v|e), E reduced to (e_l, e_r) by the Markov property.
    double conditionalEntropy = 0;
    for (int e = 0; e < 4; ++e)
      for (Eigen::Index v = 0; v < joint.cols(); ++v)
        conditionalEntropy -= joint(e, v) * std::log(joint(e, v) / joint.row(e).sum());
    qInfo("held-out NLL %.5f nats, exact H(V|E) %.5f nats, %d epochs", r.heldOutNll, conditionalEntropy, r.epochsRun);
    // 10⁴ held-out windows: the NLL's standard error is ≈ 0.8/√10⁴ ≈ 0.008 nats.
    QVERIFY(std::abs(r.heldOutNll - conditionalEntropy) < 0.03);

    // Compare on every environment pattern, in units of the binomial standard error that a histogram
    // of the training windows with that pattern would have (the model pools patterns, so it does better).
    const Matrix env = allSpinStates(2 * le);
    const Matrix qs = q.probabilities(env);
    std::vector<double> seen(env.rows(), 0.0);
    for (std::size_t n = 0; n < r.trainingWindows; ++n)
      seen[stateIndex(windows.environment.data() + n * 2 * le, 2 * le)] += 1;
    double worst = 0, worstZ = 0;
    for (Eigen::Index row = 0; row < env.rows(); ++row) {
      const int el = env(row, le - 1) > 0 ? 1 : 0, er = env(row, le) > 0 ? 1 : 0;
      const Eigen::RowVectorXd exact = joint.row(el | (er << 1)) / joint.row(el | (er << 1)).sum();
      for (Eigen::Index v = 0; v < exact.size(); ++v) {
        const double error = std::sqrt(exact(v) * (1 - exact(v)) / seen[row]);
        worst = std::max(worst, std::abs(qs(row, v) - exact(v)));
        worstZ = std::max(worstZ, std::abs(qs(row, v) - exact(v)) / error);
      }
    }
    qInfo("largest |q(v|e) - P(v|e)| = %.4f, largest z = %.2f (64 entries)", worst, worstZ);
    QVERIFY(worstZ < 4.5);
  }

  void deterministic() {
    const WindowSet windows = test::exactChainWindows(3, 1, 1, 0.5, 20000, 5);
    ConditionalModelOptions o;
    o.hiddenWidth = 3;
    o.epochs = 3;
    ConditionalModel a(3, 2, o), b(3, 2, o);
    a.train(windows);
    b.train(windows);
    QVERIFY(a.parameters() == b.parameters());
    o.seed = 2;
    ConditionalModel c(3, 2, o);
    c.train(windows);
    QVERIFY(a.parameters() != c.parameters());
  }

  void cancellation() {
    const WindowSet windows = test::exactChainWindows(2, 1, 1, 0.5, 5000, 5);
    std::stop_source source;
    source.request_stop();
    ConditionalModel q(2, 2);
    QVERIFY_THROWS_EXCEPTION(Cancelled, q.train(windows, source.get_token()));
    // Progress arrives once per epoch, ending at 1 when the budget is used up.
    ConditionalModelOptions o;
    o.epochs = 4;
    o.patience = 0;
    ConditionalModel p(2, 2, o);
    std::vector<double> fractions;
    p.train(windows, {}, [&](const Progress& pr) { fractions.push_back(pr.fraction); });
    QCOMPARE(fractions.size(), std::size_t(4));
    QCOMPARE(fractions.back(), 1.0);
  }

  void rejectsMismatches() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ConditionalModel(0, 3));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ConditionalModel(25, 3));
    ConditionalModel q(2, 3);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, q.setParameters(Vector::Zero(3)));
    const WindowSet windows = test::exactChainWindows(2, 1, 1, 0.5, 100, 5);  // 2 environment spins, not 3
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, q.train(windows));
  }
};

QTEST_GUILESS_MAIN(TestConditionalModel)
#include "tst_conditional_model.moc"
