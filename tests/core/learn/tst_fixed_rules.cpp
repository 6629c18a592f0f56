// Fixed coarse-graining rules: which sites each uses and its tie-breaking.
#include <QtTest>

#include "core/learn/fixed_rules.h"

using namespace rsmi;

class TestFixedRules : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void sites() {
    QCOMPARE(majorityRule(2, 2).sites(), (std::vector<int>{0, 1, 2, 3}));
    QCOMPARE(decimationRule(2, 2).sites(), (std::vector<int>{0}));
    QCOMPARE(boundaryRule(4, 4).sites(), (std::vector<int>{0, 1, 2, 3, 4, 7, 8, 11, 12, 13, 14, 15}));
    QCOMPARE(boundaryRule(4, 1).sites(), (std::vector<int>{0, 3}));
    QCOMPARE(fixedRules(2, 2).size(), std::size_t(3));
  }
  void probabilities() {
    const Matrix v = allSpinStates(4);
    const Matrix p = majorityRule(2, 2).hiddenProbabilities(v);
    for (Eigen::Index k = 0; k < v.rows(); ++k) {
      const double sum = v.row(k).sum();
      const double up = sum > 0 ? 1.0 : sum < 0 ? 0.0 : 0.5;
      QCOMPARE(p(k, 1), up);
      QCOMPARE(p(k, 0) + p(k, 1), 1.0);
    }
    const Matrix d = decimationRule(2, 2).hiddenProbabilities(v);
    for (Eigen::Index k = 0; k < v.rows(); ++k) QCOMPARE(d(k, 1), v(k, 0) > 0 ? 1.0 : 0.0);
  }
};

QTEST_GUILESS_MAIN(TestFixedRules)
#include "tst_fixed_rules.moc"
