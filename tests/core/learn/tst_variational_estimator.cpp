// The variational Barber–Agakov estimator (SCIENCE.md §4(b)): ∂Ĩ/∂Λ against central finite differences
// at a fixed critic, Ĩ ≤ H(H) ≤ n_h ln 2, agreement of the trained held-out bound with the exact
// I_Λ(H:E) of the 1D Ising chain (SCIENCE.md §7), and the estimator's contract (what changes the
// critic and what does not, determinism, refusals).
#include <QtTest>

#include <cmath>
#include <memory>

#include "core/learn/chain_mutual_information.h"
#include "core/learn/chain_windows.h"  // tests/core/learn: exact independent chain windows
#include "core/learn/fixed_rules.h"
#include "core/learn/variational_estimator.h"

using namespace rsmi;

namespace {

Filter makeFilter(int hidden, int visible, std::uint64_t seed, bool bias) {
  Filter f = Filter::random(hidden, visible, 1.2, seed, bias);
  for (int j = 0; j < hidden; ++j) f.bias(j) = bias ? 0.3 * (j + 1) - 0.4 : 0.0;
  return f;
}

// H(H) = −Σ_h P(h) log P(h) of the rule on the batch.
double hiddenEntropy(const HiddenConditional& rule, const WindowSet& w) {
  const Matrix v = rowsAsMatrix(w.visible, w.visibleSize, 0, w.count());
  const Vector pBar = rule.hiddenProbabilities(v).colwise().mean().transpose();
  double h = 0;
  for (Eigen::Index k = 0; k < pBar.size(); ++k)
    if (pBar(k) > 0) h -= pBar(k) * std::log(pBar(k));
  return h;
}

} // namespace

class TestVariationalEstimator : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void gradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("visible");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("criticWidth");
    QTest::addRow("1 hidden, 2 spins") << 1 << 2 << false << 0;
    QTest::addRow("1 hidden, 4 spins, bias") << 1 << 4 << true << 0;
    QTest::addRow("2 hiddens, 4 spins, tanh critic") << 2 << 4 << true << 5;
    QTest::addRow("3 hiddens, 5 spins") << 3 << 5 << false << 0;
  }
  void gradientMatchesFiniteDifferences() {
    QFETCH(int, hidden);
    QFETCH(int, visible);
    QFETCH(bool, bias);
    QFETCH(int, criticWidth);
    const WindowSet windows = test::exactChainWindows(visible, 1, 2, 0.6, 3000, 17);
    VariationalOptions options;
    options.critic.hiddenLayerWidth = criticWidth;
    options.criticStepsPerBatch = 0;  // the critic stays fixed: Ĩ is then a deterministic function of Λ
    VariationalEstimator estimator(options);
    estimator.prepare(windows);
    const Filter filter = makeFilter(hidden, visible, 5, bias);
    estimator.warmUp(filter, 3);  // a trained, non-trivial critic
    const Vector criticBefore = estimator.critic()->parameters();

    const WindowBatch batch{&windows, 500, 2000};
    FilterGradient gradient;
    const double value = estimator.estimateWithGradient(filter, batch, gradient);
    QVERIFY(estimator.critic()->parameters() == criticBefore);
    QVERIFY(std::abs(value - estimator.estimate(filter, batch)) < 1e-12);
    QCOMPARE(gradient.weights.rows(), Eigen::Index(hidden));
    QCOMPARE(gradient.weights.cols(), Eigen::Index(visible));
    QCOMPARE(gradient.bias.size(), Eigen::Index(hidden));

    const double step = 1e-5;
    double worst = 0;
    auto check = [&](double analytic, auto&& perturb) {
      Filter plus = filter, minus = filter;
      perturb(plus, step);
      perturb(minus, -step);
      const double fd = (estimator.estimate(plus, batch) - estimator.estimate(minus, batch)) / (2 * step);
      worst = std::max(worst, std::abs(fd - analytic) / std::max(std::abs(analytic), 1e-3));
    };
    for (int j = 0; j < hidden; ++j) {
      for (int i = 0; i < visible; ++i)
        check(gradient.weights(j, i), [&](Filter& f, double h) { f.weights(j, i) += h; });
      if (bias) check(gradient.bias(j), [&](Filter& f, double h) { f.bias(j) += h; });
      else QCOMPARE(gradient.bias(j), 0.0);
    }
    QVERIFY2(worst < 1e-5, qPrintable(QString("worst relative error %1").arg(worst)));
  }

  void boundedByHiddenEntropy_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<double>("coupling");
    QTest::addColumn<double>("weightScale");
    QTest::addRow("1 hidden, strong coupling") << 1 << 3.0 << 6.0;
    QTest::addRow("2 hiddens, strong coupling") << 2 << 3.0 << 6.0;
    QTest::addRow("3 hiddens, weak coupling") << 3 << 0.3 << 1.0;
  }
  void boundedByHiddenEntropy() {
    // Ĩ = H(H) + (1/N) Σ p log r ≤ H(H) ≤ n_h ln 2 for every critic, trained or not, on any batch.
    QFETCH(int, hidden);
    QFETCH(double, coupling);
    QFETCH(double, weightScale);
    const WindowSet training = test::exactChainWindows(3, 0, 1, coupling, 20000, 3);
    const WindowSet heldOut = test::exactChainWindows(3, 0, 1, coupling, 20000, 4);
    Filter filter = Filter::random(hidden, 3, weightScale, 8);
    // Same-sign weights make every hidden a deterministic function of a nearly aligned block.
    if (coupling > 2) filter.weights = filter.weights.cwiseAbs();
    VariationalEstimator estimator;
    estimator.prepare(training);
    FilterGradient gradient;
    for (int step = 0; step < 40; ++step)
      estimator.estimateWithGradient(filter, {&training, std::size_t(step % 20) * 1000, 1000}, gradient);
    const double entropy = hiddenEntropy(filter, heldOut);
    const double joint = estimator.estimate(filter, WindowBatch::all(heldOut));
    const double scored = estimator.score(filter, training, heldOut);
    QVERIFY(entropy <= hidden * kLn2 + 1e-12);
    QVERIFY2(joint <= entropy + 1e-12, qPrintable(QString("%1 > %2").arg(joint).arg(entropy)));
    QVERIFY2(scored <= entropy + 1e-12, qPrintable(QString("%1 > %2").arg(scored).arg(entropy)));
    if (coupling > 2) {
      // Nearly frozen chain, large same-sign weights: E determines H, so the trained bound nearly
      // reaches H(H) ≈ ln 2.
      QVERIFY2(scored > entropy - 0.05, qPrintable(QString("%1 vs H = %2").arg(scored).arg(entropy)));
    }
  }

  void agreesWithExactChain_data() {
    // 2-spin block, buffer 1, environment 1 (SCIENCE.md §7): I_Λ(H:E) is exact by the Markov property.
    QTest::addColumn<QString>("rule");
    QTest::addColumn<double>("coupling");
    QTest::addColumn<int>("criticWidth");
    QTest::addRow("decimation, K = 0.5") << "decimation" << 0.5 << 0;
    QTest::addRow("majority, K = 1.0") << "majority" << 1.0 << 0;
    QTest::addRow("filter (0.8, -0.3), K = 0.7") << "filter" << 0.7 << 0;
    // Two hiddens: log P(h|e_l, e_r) needs an e_l·e_r term, which a tanh layer provides.
    QTest::addRow("2-hidden filter, K = 0.8, tanh critic") << "filter2" << 0.8 << 4;
  }
  void agreesWithExactChain() {
    QFETCH(QString, rule);
    QFETCH(double, coupling);
    QFETCH(int, criticWidth);
    std::unique_ptr<HiddenConditional> r;
    if (rule == "decimation") r = std::make_unique<SubsetMajorityRule>(decimationRule(2, 1));
    else if (rule == "majority") r = std::make_unique<SubsetMajorityRule>(majorityRule(2, 1));
    else {
      auto f = std::make_unique<Filter>(Filter::zeros(rule == "filter" ? 1 : 2, 2));
      if (rule == "filter") f->weights << 0.8, -0.3;
      else f->weights << 1.1, 0.4, -0.2, 0.9;
      r = std::move(f);
    }
    const WindowSet training = test::exactChainWindows(2, 1, 1, coupling, 100000, 21);
    const WindowSet heldOut = test::exactChainWindows(2, 1, 1, coupling, 100000, 22);
    VariationalOptions options;
    options.critic.hiddenLayerWidth = criticWidth;
    VariationalEstimator estimator(options);
    const VariationalScore s = estimator.scoreDetailed(*r, training, heldOut);
    const double exact = chainMutualInformation(*r, coupling, 1);
    // The held-out mean of independent per-window terms: a 4σ band. The critic's own fitting error
    // lowers the bound by O(parameters / N) ≈ 1e-4 nats, far inside the band.
    const double z = (s.bound - exact) / s.standardError;
    qInfo("bound %.5f +- %.5f nats, exact %.5f, z = %.2f, %d epochs", s.bound, s.standardError, exact, z, s.epochs);
    QVERIFY2(std::abs(z) < 4.0, qPrintable(QString("bound %1 ± %2 nats, exact %3, z = %4, %5 epochs")
                                               .arg(s.bound).arg(s.standardError).arg(exact).arg(z).arg(s.epochs)));
    QVERIFY(s.standardError > 0 && s.standardError < 0.01);
  }

  void scoreAndEstimateLeaveTheJointCriticAlone() {
    const WindowSet training = test::exactChainWindows(2, 1, 1, 0.8, 5000, 31);
    const WindowSet heldOut = test::exactChainWindows(2, 1, 1, 0.8, 2000, 32);
    VariationalEstimator estimator;
    estimator.prepare(training);
    QVERIFY(estimator.critic() == nullptr);
    const Filter filter = makeFilter(1, 2, 9, false);
    FilterGradient gradient;
    estimator.estimateWithGradient(filter, {&training, 0, 1000}, gradient);
    QCOMPARE(estimator.critic()->stepsTaken(), 1LL);
    const Vector before = estimator.critic()->parameters();
    estimator.estimate(filter, WindowBatch::all(heldOut));
    estimator.score(filter, training, heldOut);
    QVERIFY(estimator.critic()->parameters() == before);
    QCOMPARE(estimator.critic()->stepsTaken(), 1LL);
    // A restart brings a new critic from its own stream.
    estimator.resetCritic(1);
    QVERIFY(estimator.critic() == nullptr);
    estimator.estimateWithGradient(filter, {&training, 0, 1000}, gradient);
    QVERIFY(estimator.critic()->parameters() != before);
  }

  void beginFilterTrainingWarmsUpANewCritic() {
    // The trainer's hook: every (re)start gets a critic from its own stream, trained alone first.
    const WindowSet training = test::exactChainWindows(2, 1, 1, 0.8, 5000, 33);
    VariationalOptions options;
    options.warmUpEpochs = 3;
    VariationalEstimator estimator(options);
    const Filter filter = makeFilter(1, 2, 9, false);
    estimator.beginFilterTraining(filter);  // not prepared: nothing to warm up on
    QVERIFY(estimator.critic() == nullptr);
    estimator.prepare(training);
    estimator.beginFilterTraining(filter);
    QCOMPARE(estimator.critic()->stepsTaken(), 15LL);  // 3 epochs × 5 minibatches of 1000
    const Vector first = estimator.critic()->parameters();
    estimator.beginFilterTraining(filter);
    QCOMPARE(estimator.critic()->stepsTaken(), 15LL);
    QVERIFY(estimator.critic()->parameters() != first);
  }

  void deterministic() {
    const WindowSet training = test::exactChainWindows(4, 1, 2, 0.5, 4000, 41);
    auto run = [&] {
      VariationalEstimator estimator;
      estimator.prepare(training);
      Filter filter = makeFilter(2, 4, 3, true);
      estimator.warmUp(filter, 2);
      FilterGradient gradient;
      double sum = 0;
      for (int step = 0; step < 4; ++step) sum += estimator.estimateWithGradient(filter, {&training, std::size_t(step) * 1000, 1000}, gradient);
      return std::make_pair(sum, gradient.weights);
    };
    const auto a = run(), b = run();
    QCOMPARE(a.first, b.first);
    QVERIFY(a.second == b.second);
  }

  void refusals() {
    const WindowSet windows = test::exactChainWindows(4, 0, 1, 0.5, 100, 1);
    VariationalEstimator estimator;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, estimator.warmUp(Filter::zeros(1, 4), 1));
    estimator.prepare(windows);
    FilterGradient gradient;
    try {
      estimator.estimateWithGradient(Filter::zeros(9, 4), WindowBatch::all(windows), gradient);
      QFAIL("9 hidden units were accepted");
    } catch (const std::invalid_argument& e) {
      QVERIFY2(QString(e.what()).contains("n_h = 9") && QString(e.what()).contains("8"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, estimator.estimate(Filter::zeros(1, 3), WindowBatch::all(windows)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, estimator.estimate(Filter::zeros(1, 4), WindowBatch{&windows, 90, 20}));
  }
};

QTEST_APPLESS_MAIN(TestVariationalEstimator)
#include "tst_variational_estimator.moc"
