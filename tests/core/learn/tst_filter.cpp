// The filter Λ (SCIENCE.md §3): normalisation of p(h|v), its log-gradient against finite
// differences, and the sign fixing.
#include <QtTest>

#include <cmath>

#include "core/learn/filter.h"

using namespace rsmi;

class TestFilter : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void statesEnumeration() {
    const Matrix s = allSpinStates(3);
    QCOMPARE(s.rows(), Eigen::Index(8));
    QCOMPARE(s(0, 0), -1.0);
    QCOMPARE(s(5, 0), 1.0);
    QCOMPARE(s(5, 1), -1.0);
    QCOMPARE(s(5, 2), 1.0);
    const std::int8_t spins[3] = {1, -1, 1};
    QCOMPARE(stateIndex(spins, 3), 5u);
  }

  void probabilitiesNormalised_data() {
    QTest::addColumn<int>("hidden");
    QTest::addColumn<bool>("bias");
    QTest::addRow("1 hidden") << 1 << false;
    QTest::addRow("2 hiddens, bias") << 2 << true;
    QTest::addRow("4 hiddens") << 4 << false;
  }
  void probabilitiesNormalised() {
    QFETCH(int, hidden);
    QFETCH(bool, bias);
    Filter f = Filter::random(hidden, 4, 1.5, 11, bias);
    if (bias) f.bias.setConstant(0.3);
    const Matrix v = allSpinStates(4);
    const Matrix p = f.hiddenProbabilities(v);
    for (Eigen::Index n = 0; n < p.rows(); ++n) QVERIFY(std::abs(p.row(n).sum() - 1.0) < 1e-14);
    // Independent check of one entry: p(h|v) = Π exp(h θ) / (2 cosh θ).
    const Matrix h = allSpinStates(hidden);
    const Matrix theta = f.preActivations(v);
    double expected = 1.0;
    for (int j = 0; j < hidden; ++j) expected *= std::exp(h(1, j) * theta(3, j)) / (2 * std::cosh(theta(3, j)));
    QVERIFY(std::abs(p(3, 1) - expected) < 1e-14);
  }

  void logGradientMatchesFiniteDifferences() {
    // ∂ log p(h|v) / ∂λ_ij = v_i (h_j − tanh θ_j), checked by central differences.
    Filter f = Filter::random(2, 4, 0.8, 5, true);
    f.bias << 0.2, -0.4;
    const Matrix v = allSpinStates(4).row(6);
    const Matrix hs = allSpinStates(2);
    const Matrix theta = f.preActivations(v);
    const double step = 1e-5;
    for (int k = 0; k < 4; ++k)
      for (int j = 0; j < 2; ++j) {
        for (int i = 0; i < 4; ++i) {
          Filter plus = f, minus = f;
          plus.weights(j, i) += step;
          minus.weights(j, i) -= step;
          const double fd = (std::log(plus.hiddenProbabilities(v)(0, k)) - std::log(minus.hiddenProbabilities(v)(0, k))) /
                            (2 * step);
          const double analytic = v(0, i) * (hs(k, j) - std::tanh(theta(0, j)));
          QVERIFY2(std::abs(fd - analytic) < 1e-8 * std::max(1.0, std::abs(analytic)), qPrintable(QString::number(fd - analytic)));
        }
        Filter plus = f, minus = f;
        plus.bias(j) += step;
        minus.bias(j) -= step;
        const double fd =
            (std::log(plus.hiddenProbabilities(v)(0, k)) - std::log(minus.hiddenProbabilities(v)(0, k))) / (2 * step);
        QVERIFY(std::abs(fd - (hs(k, j) - std::tanh(theta(0, j)))) < 1e-8);
      }
  }

  void signFixing() {
    Filter f = Filter::zeros(2, 3, true);
    f.weights << -0.5, 0.2, -0.1,  //
        0.3, -0.3, 0.1;             // tie between |0.3| and |−0.3|: the first decides
    f.bias << 0.7, 0.1;
    fixSigns(f);
    QCOMPARE(f.weights(0, 0), 0.5);
    QCOMPARE(f.weights(0, 1), -0.2);
    QCOMPARE(f.bias(0), -0.7);
    QCOMPARE(f.weights(1, 0), 0.3);
    QCOMPARE(f.bias(1), 0.1);
  }
};

QTEST_GUILESS_MAIN(TestFilter)
#include "tst_filter.moc"
