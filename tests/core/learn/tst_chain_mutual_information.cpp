// Exact mutual information of the 1D Ising chain (SCIENCE.md §7, last bullet): reference values
// (computed independently by brute force over P(e_l, v, e_r) in Python), closed forms, bounds,
// the optimality of decimation among the fixed rules, and the filter gradient against finite differences.
#include <QtTest>

#include <cmath>

#include "core/learn/chain_mutual_information.h"
#include "core/learn/fixed_rules.h"

using namespace rsmi;

namespace {

double binaryEntropy(double p) { return -p * std::log(p) - (1 - p) * std::log(1 - p); }

} // namespace

class TestChainMutualInformation : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void jointIsNormalised() {
    for (int nv : {1, 2, 5}) {
      const Matrix joint = chainJointDistribution(nv, 0.7, 1);
      QVERIFY(std::abs(joint.sum() - 1.0) < 1e-14);
      QVERIFY(joint.minCoeff() > 0);
      // The marginal of the environment pair: P(e_l, e_r) = ¼ (1 + e_l e_r t^{2 L_B + n_v + 1}).
      const double t = std::tanh(0.7), c = std::pow(t, 2 * 1 + nv + 1);
      QVERIFY(std::abs(joint.row(0).sum() - 0.25 * (1 + c)) < 1e-14);
      QVERIFY(std::abs(joint.row(1).sum() - 0.25 * (1 - c)) < 1e-14);
    }
  }

  // The headline figure: decimation keeps a fraction (1 + t²)/2 + O(t⁴) ≈ 0.505 of I(V:E) at K = 0.1.
  void decimationFraction() {
    const double ve = chainMutualInformationVE(2, 0.1, 1);
    const double dec = chainMutualInformation(decimationRule(2, 1), 0.1, 1);
    const double fraction = dec / ve;
    qInfo("K = 0.1, L_B = 1, 2-spin block: I(V:E) = %.10e nats, I_dec = %.10e nats, fraction = %.10f", ve, dec,
          fraction);
    QVERIFY(std::abs(fraction - 0.505) < 1e-3);
    QVERIFY(std::abs(fraction - 0.5049665310759917) < 1e-10);
  }

  void referenceValues_data() {
    QTest::addColumn<double>("coupling");
    QTest::addColumn<int>("buffer");
    QTest::addColumn<int>("visible");
    QTest::addColumn<double>("ve");
    QTest::addColumn<double>("decimation");
    QTest::addRow("K=0.1 LB=1 n=2") << 0.1 << 1 << 2 << 9.868015213729481e-05 << 4.983017411082087e-05;
    QTest::addRow("K=0.5 LB=0 n=2") << 0.5 << 0 << 2 << 0.21701072871108984 << 0.12904549823710748;
    QTest::addRow("K=1 LB=2 n=3") << 1.0 << 2 << 3 << 0.19561961776763312 << 0.12779426307987027;
    QTest::addRow("K=0.44 LB=1 n=4") << 0.44 << 1 << 4 << 0.02941819844552495 << 0.014781351004414849;
  }
  void referenceValues() {
    QFETCH(double, coupling);
    QFETCH(int, buffer);
    QFETCH(int, visible);
    QFETCH(double, ve);
    QFETCH(double, decimation);
    QVERIFY(std::abs(chainMutualInformationVE(visible, coupling, buffer) / ve - 1) < 1e-9);  // tiny MI: rounding in Σ p log(ratio ≈ 1)
    QVERIFY(std::abs(chainMutualInformation(decimationRule(visible, 1), coupling, buffer) / decimation - 1) < 1e-9);
  }

  // One visible spin: P(e_l = e_r) = (1 + τ²)/2 with τ = t^{L_B+1}; then P(v = e_l | e) = (1+τ)²/(2(1+τ²)),
  // and for e_l ≠ e_r v is uniform, so I = ½(1 + τ²)[ln 2 − H_b((1+τ)²/(2(1+τ²)))].
  void singleSpinClosedForm_data() {
    QTest::addColumn<double>("coupling");
    QTest::addColumn<int>("buffer");
    QTest::addRow("K=0.3 LB=0") << 0.3 << 0;
    QTest::addRow("K=1 LB=0") << 1.0 << 0;
    QTest::addRow("K=1 LB=3") << 1.0 << 3;
    QTest::addRow("K=-0.8 LB=1") << -0.8 << 1;
  }
  void singleSpinClosedForm() {
    QFETCH(double, coupling);
    QFETCH(int, buffer);
    const double tau = std::pow(std::tanh(coupling), buffer + 1);
    const double expected = 0.5 * (1 + tau * tau) * (std::log(2.0) - binaryEntropy((1 + tau) * (1 + tau) / (2 * (1 + tau * tau))));
    QVERIFY(std::abs(chainMutualInformationVE(1, coupling, buffer) - expected) < 1e-14);
    // With one spin, decimation is the identity: it keeps everything.
    QVERIFY(std::abs(chainMutualInformation(decimationRule(1, 1), coupling, buffer) - expected) < 1e-14);
  }

  void strongCouplingLimit() {
    // Deep in the ordered regime the block carries one bit about its environment.
    QVERIFY(std::abs(chainMutualInformationVE(3, 12.0, 1) - std::log(2.0)) < 1e-6);
    QVERIFY(chainMutualInformationVE(3, 0.0, 1) < 1e-15);
  }

  // Data processing: I_Λ(H:E) ≤ I(V:E) for every rule; decimation is the best of the fixed rules in 1D
  // (the block's information about E sits in its end spins, and decimation keeps one exactly).
  void boundsAndDecimationOptimal_data() {
    QTest::addColumn<double>("coupling");
    QTest::addColumn<int>("buffer");
    QTest::addColumn<int>("visible");
    for (double k : {0.1, 0.44, 1.0})
      for (int lb : {0, 1, 2})
        for (int nv : {2, 3, 4}) QTest::addRow("K=%g LB=%d n=%d", k, lb, nv) << k << lb << nv;
  }
  void boundsAndDecimationOptimal() {
    QFETCH(double, coupling);
    QFETCH(int, buffer);
    QFETCH(int, visible);
    const double ve = chainMutualInformationVE(visible, coupling, buffer);
    const double dec = chainMutualInformation(decimationRule(visible, 1), coupling, buffer);
    const double maj = chainMutualInformation(majorityRule(visible, 1), coupling, buffer);
    const double bdy = chainMutualInformation(boundaryRule(visible, 1), coupling, buffer);
    for (double i : {dec, maj, bdy}) {
      QVERIFY(i >= 0);
      QVERIFY(i <= ve * (1 + 1e-12));
    }
    QVERIFY(dec >= maj * (1 - 1e-12));
    QVERIFY(dec >= bdy * (1 - 1e-12));
    for (int seed = 1; seed <= 3; ++seed) {
      const Filter f = Filter::random(2, visible, 2.0, seed, true);
      const double i = chainMutualInformation(f, coupling, buffer);
      QVERIFY(i >= 0 && i <= ve * (1 + 1e-12));
    }
  }

  void gradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("visible");
    QTest::addColumn<int>("hidden");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<double>("coupling");
    QTest::addColumn<int>("buffer");
    QTest::addRow("2v 1h K=0.5") << 2 << 1 << false << 0.5 << 0;
    QTest::addRow("3v 1h bias K=1") << 3 << 1 << true << 1.0 << 1;
    QTest::addRow("4v 2h bias K=0.44") << 4 << 2 << true << 0.44 << 1;
    QTest::addRow("5v 3h K=0.8") << 5 << 3 << false << 0.8 << 2;
  }
  void gradientMatchesFiniteDifferences() {
    QFETCH(int, visible);
    QFETCH(int, hidden);
    QFETCH(bool, bias);
    QFETCH(double, coupling);
    QFETCH(int, buffer);
    Filter f = Filter::random(hidden, visible, 1.0, 7 + visible, bias);
    if (bias) f.bias.setLinSpaced(hidden, -0.3, 0.4);
    FilterGradient g;
    const double value = chainMutualInformationWithGradient(f, coupling, buffer, g);
    QVERIFY(std::abs(value - chainMutualInformation(f, coupling, buffer)) < 1e-15);
    QCOMPARE(g.weights.rows(), Eigen::Index(hidden));
    QCOMPARE(g.weights.cols(), Eigen::Index(visible));
    const double scale = std::max(g.weights.cwiseAbs().maxCoeff(), bias ? g.bias.cwiseAbs().maxCoeff() : 0.0);
    const double step = 1e-5;
    auto check = [&](double analytic, auto&& perturb) {
      Filter plus = f, minus = f;
      perturb(plus, step);
      perturb(minus, -step);
      const double fd = (chainMutualInformation(plus, coupling, buffer) - chainMutualInformation(minus, coupling, buffer)) /
                        (2 * step);
      QVERIFY2(std::abs(fd - analytic) <= 1e-6 * scale,
               qPrintable(QString("fd %1 analytic %2").arg(fd, 0, 'g', 12).arg(analytic, 0, 'g', 12)));
    };
    for (int j = 0; j < hidden; ++j) {
      for (int i = 0; i < visible; ++i) check(g.weights(j, i), [&](Filter& x, double d) { x.weights(j, i) += d; });
      if (bias) check(g.bias(j), [&](Filter& x, double d) { x.bias(j) += d; });
      else QCOMPARE(g.bias(j), 0.0);
    }
  }

  // The exact conditional as a ConditionalModel reproduces P(v | e_l, e_r) of the joint distribution.
  void conditionalModelIsExact() {
    const int nv = 3, lb = 1, le = 2;
    const Matrix joint = chainJointDistribution(nv, 0.6, lb);
    const ConditionalModel q = chainConditionalModel(nv, 0.6, lb, le);
    const Matrix env = allSpinStates(2 * le);
    const Matrix qs = q.probabilities(env);
    for (Eigen::Index r = 0; r < env.rows(); ++r) {
      const int el = env(r, le - 1) > 0 ? 1 : 0, er = env(r, le) > 0 ? 1 : 0;
      const Eigen::RowVectorXd exact = joint.row(el | (er << 1)) / joint.row(el | (er << 1)).sum();
      QVERIFY((qs.row(r) - exact).cwiseAbs().maxCoeff() < 1e-14);
    }
  }
};

QTEST_GUILESS_MAIN(TestChainMutualInformation)
#include "tst_chain_mutual_information.moc"
