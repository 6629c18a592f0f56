// The critic r_ψ(h|e) of the variational estimator (SCIENCE.md §4(b)): normalisation, the soft-target
// cross-entropy gradient against central finite differences, Adam, determinism and refusals.
#include <QtTest>

#include <cmath>

#include "core/common/random.h"
#include "core/learn/critic.h"

using namespace rsmi;

namespace {

Matrix randomSpins(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Xoshiro256pp rng(seed);
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = rng.uniform() < 0.5 ? -1.0 : 1.0;
  return m;
}

// Soft targets: positive rows, normalised unless asked otherwise (the gradient handles both).
Matrix randomTargets(Eigen::Index rows, Eigen::Index states, std::uint64_t seed, bool normalised) {
  Xoshiro256pp rng(seed);
  Matrix t(rows, states);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index k = 0; k < states; ++k) t(i, k) = 0.05 + rng.uniform();
  if (normalised) t.array().colwise() /= t.rowwise().sum().array();
  return t;
}

// Moves the critic away from its near-uniform start so that the gradient check sees curvature.
Critic trainedCritic(int nh, int ne, const CriticOptions& options, const Matrix& e, const Matrix& t) {
  Critic c(nh, ne, options, 7, 2);
  Vector p = c.parameters();
  Xoshiro256pp rng(99);
  for (Eigen::Index k = 0; k < p.size(); ++k) p(k) += 0.3 * (2 * rng.uniform() - 1);
  c.setParameters(p);
  for (int s = 0; s < 5; ++s) c.trainStep(e, t);
  return c;
}

} // namespace

class TestCritic : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void normalised_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("width");
    QTest::addRow("linear, 1 hidden") << 1 << 20 << 0;
    QTest::addRow("linear, 3 hiddens") << 3 << 12 << 0;
    QTest::addRow("tanh layer, 2 hiddens") << 2 << 9 << 5;
    QTest::addRow("linear, 8 hiddens") << 8 << 30 << 0;
  }
  void normalised() {
    QFETCH(int, hidden);
    QFETCH(int, environment);
    QFETCH(int, width);
    CriticOptions options;
    options.hiddenLayerWidth = width;
    options.initialScale = 2.0;  // large logits: the log-softmax must stay finite and normalised
    Critic c(hidden, environment, options, 3, 2);
    QCOMPARE(c.stateCount(), Eigen::Index{1} << hidden);
    const Matrix logR = c.logProbabilities(randomSpins(50, environment, 4));
    QCOMPARE(logR.cols(), c.stateCount());
    for (Eigen::Index n = 0; n < logR.rows(); ++n) {
      QVERIFY(logR.row(n).allFinite());
      QVERIFY(std::abs(logR.row(n).array().exp().sum() - 1.0) < 1e-12);
    }
  }

  void gradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("decay");
    QTest::addColumn<bool>("normalisedTargets");
    QTest::addRow("linear, 1 hidden") << 1 << 6 << 0 << 0.0 << true;
    QTest::addRow("linear, 2 hiddens, L2") << 2 << 5 << 0 << 0.3 << true;
    QTest::addRow("linear, 3 hiddens, unnormalised targets") << 3 << 4 << 0 << 0.0 << false;
    QTest::addRow("tanh layer, 2 hiddens") << 2 << 5 << 4 << 0.0 << true;
    QTest::addRow("tanh layer, 1 hidden, L2") << 1 << 6 << 3 << 0.2 << true;
  }
  void gradientMatchesFiniteDifferences() {
    QFETCH(int, hidden);
    QFETCH(int, environment);
    QFETCH(int, width);
    QFETCH(double, decay);
    QFETCH(bool, normalisedTargets);
    CriticOptions options;
    options.hiddenLayerWidth = width;
    options.weightDecay = decay;
    const Matrix e = randomSpins(40, environment, 11);
    const Matrix t = randomTargets(40, Eigen::Index{1} << hidden, 12, normalisedTargets);
    Critic c = trainedCritic(hidden, environment, options, e, t);

    Vector analytic;
    const double value = c.lossWithGradient(e, t, analytic);
    QVERIFY(std::abs(value - c.loss(e, t)) < 1e-14);
    QCOMPARE(analytic.size(), c.parameterCount());
    const Vector base = c.parameters();
    const double step = 1e-5;
    double worst = 0.0;
    for (Eigen::Index k = 0; k < base.size(); ++k) {
      Vector plus = base, minus = base;
      plus(k) += step;
      minus(k) -= step;
      c.setParameters(plus);
      const double lp = c.loss(e, t);
      c.setParameters(minus);
      const double lm = c.loss(e, t);
      const double fd = (lp - lm) / (2 * step);
      // Relative error with a floor, so that components that vanish by symmetry are not divided by ~0.
      worst = std::max(worst, std::abs(fd - analytic(k)) / std::max(std::abs(analytic(k)), 1e-3));
    }
    c.setParameters(base);
    QVERIFY2(worst < 1e-6, qPrintable(QString("worst relative error %1").arg(worst)));
  }

  void adamLowersTheLoss() {
    // Linear softmax regression is convex: Adam must approach the minimum steadily.
    CriticOptions options;
    options.learningRate = 0.05;
    const Matrix e = randomSpins(200, 8, 21);
    Matrix t(200, 2);
    for (Eigen::Index n = 0; n < 200; ++n) {  // h copies e_0 with probability 0.9
      t(n, 1) = e(n, 0) > 0 ? 0.9 : 0.1;
      t(n, 0) = 1 - t(n, 1);
    }
    Critic c(1, 8, options, 5, 2);
    const double start = c.loss(e, t);
    for (int s = 0; s < 300; ++s) c.trainStep(e, t);
    QCOMPARE(c.stepsTaken(), 300LL);
    const double end = c.loss(e, t);
    // The minimum is the conditional entropy of the targets, H(0.9) = 0.325 nats.
    const double floor = -(0.9 * std::log(0.9) + 0.1 * std::log(0.1));
    QVERIFY(start > std::log(2.0) - 0.01);
    QVERIFY2(end < floor + 0.01 && end >= floor - 1e-12, qPrintable(QString::number(end)));
  }

  void deterministicInitialisation() {
    CriticOptions options;
    options.hiddenLayerWidth = 3;
    const Critic a(2, 10, options, 42, 2), b(2, 10, options, 42, 2), other(2, 10, options, 42, 3);
    QVERIFY(a.parameters() == b.parameters());
    QVERIFY(a.parameters() != other.parameters());
  }

  void refusals_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("environment");
    QTest::addColumn<int>("width");
    QTest::addRow("no hidden") << 0 << 4 << 0;
    QTest::addRow("9 hiddens") << 9 << 4 << 0;
    QTest::addRow("negative environment") << 1 << -1 << 0;
    QTest::addRow("negative width") << 1 << 4 << -2;
  }
  void refusals() {
    QFETCH(int, hidden);
    QFETCH(int, environment);
    QFETCH(int, width);
    CriticOptions options;
    options.hiddenLayerWidth = width;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Critic(hidden, environment, options, 1, 2));
  }
};

QTEST_APPLESS_MAIN(TestCritic)
#include "tst_critic.moc"
