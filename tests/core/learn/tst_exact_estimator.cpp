// The exact-enumeration estimator (SCIENCE.md §4 (a)): its gradient against central finite
// differences, agreement with the exact 1D chain mutual information (SCIENCE.md §7) both with the exact
// conditional and with a trained one, bounds, the size limit, the cache and thread-count independence.
#include <QtTest>

#include <cmath>

#include <tbb/task_arena.h>

#include "chain_windows.h"
#include "core/common/random.h"
#include "core/learn/chain_mutual_information.h"
#include "core/learn/exact_estimator.h"
#include "core/learn/fixed_rules.h"

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

ExactEstimator estimatorWith(ConditionalModel q) {
  ExactEstimator estimator;
  estimator.setConditional(std::move(q));
  return estimator;
}

// The rules scored against the exact chain: the fixed ones and a random filter.
std::unique_ptr<HiddenConditional> makeRule(const QString& name, int nv) {
  if (name == "decimation") return std::make_unique<SubsetMajorityRule>(decimationRule(nv, 1));
  if (name == "majority") return std::make_unique<SubsetMajorityRule>(majorityRule(nv, 1));
  if (name == "boundary") return std::make_unique<SubsetMajorityRule>(boundaryRule(nv, 1));
  return std::make_unique<Filter>(Filter::random(2, nv, 1.5, 3, false));
}

// Σ_h P(h|e) log[P(h|e)/P(h)] for each pair (e_l, e_r): the per-window term whose mean is I(H:E).
Vector chainTerms(const HiddenConditional& rule, double coupling, int buffer) {
  const Matrix joint = chainJointDistribution(rule.visibleCount(), coupling, buffer);
  const Matrix phe = joint * rule.hiddenProbabilities(allSpinStates(rule.visibleCount()));  // 4 × H
  const Eigen::RowVectorXd ph = phe.colwise().sum();
  Vector f(4);
  for (int e = 0; e < 4; ++e) {
    f(e) = 0;
    const double pe = phe.row(e).sum();
    for (Eigen::Index h = 0; h < phe.cols(); ++h)
      if (phe(e, h) > 0) f(e) += phe(e, h) / pe * std::log(phe(e, h) / pe / ph(h));
  }
  return f;
}

} // namespace

class TestExactEstimator : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void gradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("visible");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("width");
    QTest::addRow("2v 1h") << 2 << 1 << false << 0;
    QTest::addRow("4v 1h bias") << 4 << 1 << true << 0;
    QTest::addRow("4v 2h bias tanh q") << 4 << 2 << true << 3;
    QTest::addRow("6v 3h") << 6 << 3 << false << 0;
  }
  void gradientMatchesFiniteDifferences() {
    QFETCH(int, visible);
    QFETCH(int, hidden);
    QFETCH(bool, bias);
    QFETCH(int, width);
    const WindowSet windows = test::exactChainWindows(visible, 1, 2, 0.6, 1500, 9);
    ExactEstimator estimator = estimatorWith(randomModel(visible, 4, width, 17, 1.0));
    Filter f = Filter::random(hidden, visible, 1.0, 23, bias);
    if (bias) f.bias.setLinSpaced(hidden, -0.5, 0.3);
    const WindowBatch batch{&windows, 200, 1000};  // crosses a cache-chunk boundary at 1024
    FilterGradient g;
    const double value = estimator.estimateWithGradient(f, batch, g);
    QCOMPARE(value, estimator.estimate(f, batch));
    const double scale = std::max(g.weights.cwiseAbs().maxCoeff(), bias ? g.bias.cwiseAbs().maxCoeff() : 0.0);
    QVERIFY(scale > 0);
    const double step = 1e-5;
    double worst = 0;
    auto check = [&](double analytic, auto&& perturb) {
      Filter plus = f, minus = f;
      perturb(plus, step);
      perturb(minus, -step);
      const double fd = (estimator.estimate(plus, batch) - estimator.estimate(minus, batch)) / (2 * step);
      worst = std::max(worst, std::abs(fd - analytic) / scale);
    };
    for (int j = 0; j < hidden; ++j) {
      for (int i = 0; i < visible; ++i) check(g.weights(j, i), [&](Filter& x, double d) { x.weights(j, i) += d; });
      if (bias) check(g.bias(j), [&](Filter& x, double d) { x.bias(j) += d; });
      else QCOMPARE(g.bias(j), 0.0);
    }
    qInfo("largest |FD - analytic| / max |gradient| = %.1e", worst);
    QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));
  }

  // With q = the exact P(v|e), the estimate is the mean of f(e_n) = KL(P(h|e_n) ‖ P(h)) over the windows
  // (up to an O(1/N) bias from the sample P(h)): compare with the exact value in standard errors.
  void reproducesChainWithExactConditional_data() {
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("visible");
    QTest::addColumn<double>("coupling");
    QTest::addColumn<int>("buffer");
    QTest::addColumn<int>("environment");
    QTest::addRow("decimation 2 K=0.5") << "decimation" << 2 << 0.5 << 1 << 1;
    QTest::addRow("majority 2 K=1") << "majority" << 2 << 1.0 << 1 << 2;
    QTest::addRow("boundary 3 K=0.7") << "boundary" << 3 << 0.7 << 0 << 1;
    QTest::addRow("filter 4 K=0.8") << "filter" << 4 << 0.8 << 2 << 3;
  }
  void reproducesChainWithExactConditional() {
    QFETCH(QString, rule);
    QFETCH(int, visible);
    QFETCH(double, coupling);
    QFETCH(int, buffer);
    QFETCH(int, environment);
    const std::size_t n = 100000;
    const WindowSet windows = test::exactChainWindows(visible, buffer, environment, coupling, n, 31);
    const ExactEstimator estimator = estimatorWith(chainConditionalModel(visible, coupling, buffer, environment));
    const auto r = makeRule(rule, visible);
    const double exact = chainMutualInformation(*r, coupling, buffer);
    const double estimate = estimator.estimate(*r, WindowBatch::all(windows));
    const Matrix joint = chainJointDistribution(visible, coupling, buffer);
    const Vector pe = joint.rowwise().sum(), f = chainTerms(*r, coupling, buffer);
    QVERIFY(std::abs(pe.dot(f) - exact) < 1e-14);
    const double sd = std::sqrt(pe.dot(f.cwiseAbs2()) - exact * exact), error = sd / std::sqrt(double(n));
    const double z = (estimate - exact) / error;
    qInfo("exact %.6f nats, estimate %.6f ± %.6f nats (z = %.2f)", exact, estimate, error, z);
    QVERIFY(std::abs(z) < 4);
  }

  // End to end: prepare() trains q on exact chain windows, score() on held-out windows reproduces the
  // exact values; the remaining error is q's (≈ parameters / (2N) nats) plus the sampling error.
  void reproducesChainWithTrainedConditional() {
    const int nv = 3, lb = 1, le = 2;
    const double coupling = 0.7;
    const WindowSet training = test::exactChainWindows(nv, lb, le, coupling, 200000, 41);
    const WindowSet heldOut = test::exactChainWindows(nv, lb, le, coupling, 100000, 42);
    ExactEstimator estimator;
    std::vector<double> fractions;
    estimator.prepare(training, {}, [&](const Progress& p) { fractions.push_back(p.fraction); });
    QVERIFY(!fractions.empty());
    QVERIFY(estimator.trainingReport().bestEpoch > 0);
    for (const QString name : {"decimation", "majority", "boundary", "filter"}) {
      const auto r = makeRule(name, nv);
      const double exact = chainMutualInformation(*r, coupling, lb);
      const double scored = estimator.score(*r, training, heldOut);
      qInfo("%s: exact %.5f nats, trained q %.5f nats", qPrintable(name), exact, scored);
      QVERIFY(std::abs(scored - exact) < 0.02 * exact + 0.002);
    }
    QVERIFY(estimator.score(decimationRule(nv, 1), training, heldOut) >
            estimator.score(majorityRule(nv, 1), training, heldOut));
  }

  // An independent brute-force evaluation of the formula on a few windows.
  void matchesDirectSum() {
    const WindowSet windows = test::exactChainWindows(3, 1, 1, 0.9, 7, 5);
    const ConditionalModel q = randomModel(3, 2, 0, 8, 1.2);
    const ExactEstimator estimator = estimatorWith(q);
    const Filter f = Filter::random(2, 3, 1.3, 4, false);
    const Matrix qs = q.probabilities(environmentColumns(windows, 0, 7).transpose());
    const Matrix v = allSpinStates(3), h = allSpinStates(2);
    Matrix phe = Matrix::Zero(7, 4);
    for (int n = 0; n < 7; ++n)
      for (int k = 0; k < 8; ++k)
        for (int s = 0; s < 4; ++s) {
          double p = qs(n, k);
          for (int j = 0; j < 2; ++j) {
            const double theta = f.weights.row(j).dot(v.row(k));
            p *= std::exp(h(s, j) * theta) / (2 * std::cosh(theta));
          }
          phe(n, s) += p;
        }
    const Eigen::RowVectorXd ph = phe.colwise().mean();
    double expected = 0;
    for (int n = 0; n < 7; ++n)
      for (int s = 0; s < 4; ++s) expected += phe(n, s) * std::log(phe(n, s) / ph(s)) / 7;
    QVERIFY(std::abs(estimator.estimate(f, WindowBatch::all(windows)) - expected) < 1e-14);
  }

  void bounds_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<double>("scale");
    QTest::addRow("1 hidden, weak q") << 1 << 0.3;
    QTest::addRow("1 hidden, sharp q") << 1 << 6.0;
    QTest::addRow("2 hiddens, sharp q") << 2 << 6.0;
    QTest::addRow("3 hiddens, sharp q") << 3 << 8.0;
  }
  void bounds() {
    QFETCH(int, hidden);
    QFETCH(double, scale);
    const WindowSet windows = test::exactChainWindows(4, 1, 2, 0.5, 3000, 6);
    const ExactEstimator estimator = estimatorWith(randomModel(4, 4, 0, 12, scale));
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      const Filter f = Filter::random(hidden, 4, 4.0, seed, false);
      const double i = estimator.estimate(f, WindowBatch::all(windows));
      QVERIFY(i >= 0);
      QVERIFY(i <= hidden * kLn2 + 1e-12);
    }
    QCOMPARE(estimator.estimate(Filter::zeros(hidden, 4), WindowBatch::all(windows)), 0.0);
  }

  void refusesLargeBlocks_data() {
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("block");
    QTest::addRow("default limit, 17 spins") << 16 << 17;
    QTest::addRow("limit 4, 5 spins") << 4 << 5;
  }
  void refusesLargeBlocks() {
    QFETCH(int, limit);
    QFETCH(int, block);
    ExactEstimatorOptions o;
    o.maxVisible = limit;
    ExactEstimator estimator(o);
    WindowSet windows;
    windows.visibleSize = block;
    windows.environmentSize = 2;
    windows.visible.assign(3 * block, 1);
    windows.environment.assign(6, 1);
    try {
      estimator.prepare(windows);
      QFAIL("prepare accepted a block above the limit");
    } catch (const std::invalid_argument& e) {
      const QString message = e.what();
      QVERIFY2(message.contains(QString::number(block)) && message.contains(QString::number(limit)) &&
                   message.contains("variational"),
               e.what());
    }
    QVERIFY(!estimator.prepared());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, estimator.setConditional(ConditionalModel(block, 2)));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, estimator.estimate(Filter::zeros(1, block), WindowBatch::all(windows)));
    ExactEstimatorOptions bad;
    bad.maxVisible = 30;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ExactEstimator{bad});
  }

  // The q cache must never change a value: not across repeated calls, not when a window set is
  // modified in place, not without a cache; and the thread count never changes a bit.
  void cacheAndThreadsNeverChangeValues() {
    WindowSet windows = test::exactChainWindows(4, 1, 2, 0.6, 5000, 13);
    const ConditionalModel q = randomModel(4, 4, 2, 14, 1.0);
    ExactEstimator cached = estimatorWith(q);
    ExactEstimatorOptions o;
    o.cacheBytes = 0;
    ExactEstimator uncached(o);
    uncached.setConditional(q);
    o.cacheBytes = 3000 * 16 * sizeof(double);  // the batch's q fits, the whole set's does not
    ExactEstimator batchOnly(o);
    batchOnly.setConditional(q);
    const Filter f = Filter::random(1, 4, 1.0, 15, true);
    const WindowBatch batch{&windows, 1000, 3000};
    FilterGradient g1, g2, g3;
    const double first = cached.estimateWithGradient(f, batch, g1);
    QVERIFY(cached.estimateWithGradient(f, batch, g2) == first);
    QVERIFY(g1.weights == g2.weights && g1.bias == g2.bias);
    QCOMPARE(uncached.estimateWithGradient(f, batch, g3), first);
    QVERIFY((g3.weights - g1.weights).cwiseAbs().maxCoeff() < 1e-15);
    QCOMPARE(batchOnly.estimateWithGradient(f, batch, g3), first);
    QVERIFY((g3.weights - g1.weights).cwiseAbs().maxCoeff() < 1e-15);

    for (std::size_t k = 1000 * 4; k < 1500 * 4; ++k) windows.environment[k] = static_cast<std::int8_t>(-windows.environment[k]);
    QCOMPARE(cached.estimate(f, batch), uncached.estimate(f, batch));
    QVERIFY(cached.estimate(f, batch) != first);

    double one = 0, two = 0;
    FilterGradient ga, gb;
    tbb::task_arena(1).execute([&] { one = estimatorWith(q).estimateWithGradient(f, WindowBatch::all(windows), ga); });
    tbb::task_arena(2).execute([&] { two = estimatorWith(q).estimateWithGradient(f, WindowBatch::all(windows), gb); });
    QVERIFY(one == two);  // bit for bit
    QVERIFY(ga.weights == gb.weights && ga.bias == gb.bias);
  }
};

QTEST_GUILESS_MAIN(TestExactEstimator)
#include "tst_exact_estimator.moc"
