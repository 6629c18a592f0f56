// RBMs with ±1 units (SCIENCE.md §4 (c), the Θ-RBMs): free energies and partition functions against
// brute force, the exact log-likelihood gradient against finite differences, CD-k / PCD-k against the
// exact gradient within their statistical errors, training on data from a known RBM, determinism,
// clamping, and the tilted Gibbs chains against their exact stationary distribution.
#include <QtTest>

#include <cmath>
#include <vector>

#include "core/learn/rbm.h"
#include "core/learn/rbm_gibbs_chains.h"
#include "core/learn/rbm_training.h"

using namespace rsmi;

namespace {

Rbm randomRbm(int nv, int nh, double scale, std::uint64_t seed) {
  Rbm m = Rbm::random(nv, nh, scale, seed);
  Xoshiro256pp rng(seed + 100);
  for (int i = 0; i < nv; ++i) m.visibleBias(i) = scale * (2 * rng.uniform() - 1);
  for (int j = 0; j < nh; ++j) m.hiddenBias(j) = scale * (2 * rng.uniform() - 1);
  return m;
}

// Brute force: log Σ_h e^{−E(v,h)} for each row v.
Vector bruteMinusFreeEnergies(const Rbm& m, const Matrix& v) {
  const Matrix hs = allSpinStates(m.hiddenCount());
  Vector out(v.rows());
  for (Eigen::Index n = 0; n < v.rows(); ++n) {
    const Vector e = m.energies(v.row(n).replicate(hs.rows(), 1), hs);
    out(n) = std::log((-e.array()).exp().sum());
  }
  return out;
}

// `count` exact samples of an RBM's p(v) by inverse CDF over all visible states.
Matrix exactSamples(const Rbm& m, int count, std::uint64_t seed) {
  const Matrix states = allSpinStates(m.visibleCount());
  const Vector p = logProbabilities(m, states).array().exp();
  std::vector<double> cdf(static_cast<std::size_t>(p.size()));
  double acc = 0;
  for (Eigen::Index k = 0; k < p.size(); ++k) cdf[static_cast<std::size_t>(k)] = acc += p(k);
  Xoshiro256pp rng(seed);
  Matrix data(count, m.visibleCount());
  for (int n = 0; n < count; ++n) {
    const double u = rng.uniform() * acc;
    const auto k = std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
    data.row(n) = states.row(std::min<Eigen::Index>(k, states.rows() - 1));
  }
  return data;
}

Matrix randomSpins(int rows, int cols, std::uint64_t seed) {
  Xoshiro256pp rng(seed);
  Matrix m(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = (rng.next() >> 63) ? 1.0 : -1.0;
  return m;
}

} // namespace

class TestRbm : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void freeEnergyAndPartition_data() {
    QTest::addColumn<int>("visible");
    QTest::addColumn<int>("hidden");
    QTest::addRow("3x2 (hidden side enumerated)") << 3 << 2;
    QTest::addRow("4x5 (visible side)") << 4 << 5;
    QTest::addRow("6x3") << 6 << 3;
  }
  void freeEnergyAndPartition() {
    QFETCH(int, visible);
    QFETCH(int, hidden);
    const Rbm m = randomRbm(visible, hidden, 0.8, 7);
    const Matrix vs = allSpinStates(visible);
    const Vector brute = bruteMinusFreeEnergies(m, vs);
    QVERIFY((brute + m.freeEnergies(vs)).cwiseAbs().maxCoeff() < 1e-12);
    // F_h by brute force over v, and log Z both ways.
    const Matrix hs = allSpinStates(hidden);
    Rbm swapped{m.weights.transpose(), m.hiddenBias, m.visibleBias};
    QVERIFY((bruteMinusFreeEnergies(swapped, hs) + m.hiddenFreeEnergies(hs)).cwiseAbs().maxCoeff() < 1e-12);
    const double logZ = std::log(brute.array().exp().sum());
    QVERIFY(std::abs(logPartition(m) - logZ) < 1e-12);
    QVERIFY(std::abs(logPartition(swapped) - logZ) < 1e-12);
    QVERIFY(std::abs(logProbabilities(m, vs).array().exp().sum() - 1.0) < 1e-12);
  }

  void exactGradientMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("visible");
    QTest::addColumn<int>("hidden");
    QTest::addRow("5x3") << 5 << 3;
    QTest::addRow("3x6") << 3 << 6;
  }
  void exactGradientMatchesFiniteDifferences() {
    QFETCH(int, visible);
    QFETCH(int, hidden);
    const Rbm m = randomRbm(visible, hidden, 0.6, 3);
    const Matrix data = randomSpins(40, visible, 11);
    const RbmGradient g = exactLogLikelihoodGradient(m, data);
    const double h = 1e-5;
    RbmGradient fd = RbmGradient::zerosLike(m);
    auto diff = [&](auto&& param) {
      Rbm plus = m, minus = m;
      param(plus) += h;
      param(minus) -= h;
      return (meanLogLikelihood(plus, data) - meanLogLikelihood(minus, data)) / (2 * h);
    };
    for (int i = 0; i < visible; ++i) {
      for (int j = 0; j < hidden; ++j) fd.weights(i, j) = diff([&](Rbm& r) -> double& { return r.weights(i, j); });
      fd.visibleBias(i) = diff([&](Rbm& r) -> double& { return r.visibleBias(i); });
    }
    for (int j = 0; j < hidden; ++j) fd.hiddenBias(j) = diff([&](Rbm& r) -> double& { return r.hiddenBias(j); });
    RbmGradient d{fd.weights - g.weights, fd.visibleBias - g.visibleBias, fd.hiddenBias - g.hiddenBias};
    const double rel = std::sqrt(d.squaredNorm() / g.squaredNorm());
    QVERIFY2(rel < 1e-5, qPrintable(QString::number(rel)));
  }

  void contrastiveDivergenceApproachesExactGradient_data() {
    QTest::addColumn<int>("steps");
    QTest::addColumn<bool>("persistent");
    QTest::addRow("CD-40") << 40 << false;
    QTest::addRow("PCD-5") << 5 << true;
  }
  void contrastiveDivergenceApproachesExactGradient() {
    // With a long chain (CD-k, large k) or persistent chains the negative phase samples the model, so
    // the estimates average to the exact gradient. Errors from 25 batch means (PCD estimates are
    // autocorrelated); every component must lie within 4.5 standard errors.
    QFETCH(int, steps);
    QFETCH(bool, persistent);
    const Rbm m = randomRbm(6, 3, 0.5, 21);
    const Matrix data = randomSpins(50, 6, 4);
    const RbmGradient exact = exactLogLikelihoodGradient(m, data);
    ContrastiveDivergence<double> cd(6, 3, 50, steps, persistent, XoshiroLanes(Xoshiro256pp(5)));
    const Matrix batch = data.transpose();
    const int groups = 25, perGroup = 400;
    for (int warm = 0; warm < 200; ++warm) cd.estimate(m, batch);
    std::vector<Matrix> means;
    for (int g = 0; g < groups; ++g) {
      Matrix acc = Matrix::Zero(6, 3);
      for (int r = 0; r < perGroup; ++r) {
        cd.estimate(m, batch);
        acc += cd.weightGradient();
      }
      means.push_back(acc / perGroup);
    }
    Matrix mean = Matrix::Zero(6, 3), sq = Matrix::Zero(6, 3);
    for (const Matrix& x : means) mean += x / groups;
    for (const Matrix& x : means) sq += (x - mean).cwiseAbs2() / (groups - 1);
    const Matrix stderr_ = (sq / groups).cwiseSqrt();
    const double z = ((mean - exact.weights).cwiseAbs().array() / stderr_.array()).maxCoeff();
    qInfo("max z %.2f, largest standard error %.2e", z, stderr_.maxCoeff());
    QVERIFY2(z < 4.5, qPrintable(QString("max z = %1").arg(z)));
    QVERIFY(stderr_.maxCoeff() < 0.01);  // the test has power
  }

  void trainingIncreasesLikelihood_data() {
    QTest::addColumn<int>("steps");
    QTest::addColumn<bool>("persistent");
    QTest::addColumn<double>("momentum");
    QTest::addColumn<bool>("single");
    QTest::addRow("CD-1 float") << 1 << false << 0.0 << true;
    QTest::addRow("CD-5 double") << 5 << false << 0.0 << false;
    QTest::addRow("PCD-1 float") << 1 << true << 0.0 << true;
    QTest::addRow("CD-1 momentum") << 1 << false << 0.5 << true;
  }
  void trainingIncreasesLikelihood() {
    // Data from a known RBM: training a fresh one raises the exact log-likelihood to near the
    // teacher's own on the same data.
    QFETCH(int, steps);
    QFETCH(bool, persistent);
    QFETCH(double, momentum);
    QFETCH(bool, single);
    const Rbm teacher = randomRbm(8, 3, 0.9, 31);
    const Matrix data = exactSamples(teacher, 4000, 8);
    Rbm student = Rbm::random(8, 4, 0.01, 2);
    const double before = meanLogLikelihood(student, data);
    const double teacherLL = meanLogLikelihood(teacher, data);
    RbmTrainingOptions o;
    o.epochs = 30;
    o.cdSteps = steps;
    o.persistent = persistent;
    o.momentum = momentum;
    o.singlePrecision = single;
    o.learningRate = persistent ? 0.01 : 0.02;
    o.seed = 3;
    trainRbm(student, data, o);
    const double after = meanLogLikelihood(student, data);
    QVERIFY2(after > before + 0.3, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    QVERIFY2(after > teacherLL - 0.08, qPrintable(QString("student %1 vs teacher %2").arg(after).arg(teacherLL)));
  }

  void deterministicForASeed() {
    const Matrix data = randomSpins(300, 7, 9);
    RbmTrainingOptions o;
    o.epochs = 3;
    o.seed = 42;
    Rbm a = Rbm::random(7, 4, 0.1, 1), b = a, c = a;
    trainRbm(a, data, o);
    trainRbm(b, data, o);
    QVERIFY(a.weights == b.weights && a.visibleBias == b.visibleBias && a.hiddenBias == b.hiddenBias);
    o.seed = 43;
    trainRbm(c, data, o);
    QVERIFY(a.weights != c.weights);
  }

  void cancellation() {
    const Matrix data = randomSpins(100, 5, 1);
    Rbm m = Rbm::random(5, 2, 0.1, 1);
    std::stop_source source;
    source.request_stop();
    bool cancelled = false;
    try {
      trainRbm(m, data, RbmTrainingOptions{}, source.get_token());
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
  }

  void clampedTail() {
    const Rbm m = randomRbm(5, 3, 0.7, 13);
    Vector tail(2);
    tail << 1, -1;
    double offset = 0;
    const Rbm clamped = clampVisibleTail(m, tail, &offset);
    const Matrix free = allSpinStates(3);
    Matrix full(free.rows(), 5);
    full << free, tail.transpose().replicate(free.rows(), 1);
    const double brute = std::log((-m.freeEnergies(full)).array().exp().sum());
    QVERIFY(std::abs(logPartition(clamped) + offset - brute) < 1e-12);
  }

  void uniformsAreUniform() {
    XoshiroLanes lanes(7, StreamPurpose::Training, 0);
    std::vector<float> f(100003);
    std::vector<double> d(100001);
    lanes.fillSymmetric(f.data(), f.size());
    lanes.fillSymmetric(d.data(), d.size());
    double meanF = 0, meanD = 0, below = 0;
    for (float x : f) {
      QVERIFY(x >= -1.0f && x < 1.0f);
      meanF += x / f.size();
      below += x < 0.5f;
    }
    for (double x : d) {
      QVERIFY(x >= -1.0 && x < 1.0);
      meanD += x / d.size();
    }
    // Var of U(−1,1) is 1/3: standard errors ≈ 0.0018.
    QVERIFY(std::abs(meanF) < 0.01 && std::abs(meanD) < 0.01);
    QVERIFY(std::abs(below / f.size() - 0.75) < 0.006);
  }

  void tiltedChainsSampleTheirDistribution_data() {
    QTest::addColumn<bool>("tilted");
    QTest::addRow("untilted") << false;
    QTest::addRow("tilted by the filter") << true;
  }
  void tiltedChainsSampleTheirDistribution() {
    // v' ∈ {±1}^3 free, 2 units clamped: the chains' empirical law must match
    // π(v') ∝ p_Λ(h|v')^{[tilted]} e^{−F(v', c)} (chi-square over the 8 states).
    QFETCH(bool, tilted);
    const Rbm m = randomRbm(5, 3, 0.8, 17);
    Vector tail(2);
    tail << -1, 1;
    Filter filter = Filter::zeros(1, 3, true);
    filter.weights << 1.2, -0.4, 0.7;
    filter.bias << 0.3;
    const Matrix states = allSpinStates(3);
    Matrix full(8, 5);
    full << states, tail.transpose().replicate(8, 1);
    Vector logp = -m.freeEnergies(full);
    if (tilted) logp += filter.hiddenProbabilities(states).col(1).array().log().matrix();  // h = +1
    Vector p = (logp.array() - logp.maxCoeff()).exp();
    p /= p.sum();
    const int chains = 2000;
    Vector shiftRow = m.hiddenBias + m.weights.bottomRows(2).transpose() * tail;
    GibbsChains g(m, 3, shiftRow.transpose().replicate(chains, 1), states.row(0).replicate(chains, 1),
                  XoshiroLanes(Xoshiro256pp(3)));
    if (tilted) g.setTilt(filter, Matrix::Ones(chains, 1));
    g.sweeps(30);
    Vector counts = Vector::Zero(8);
    const int samples = 20;  // sweeps apart; nearly independent for this small model
    for (int s = 0; s < samples; ++s) {
      g.sweeps(3);
      for (int c = 0; c < chains; ++c) {
        std::int8_t spins[3];
        for (int i = 0; i < 3; ++i) spins[i] = g.visible()(c, i) > 0 ? 1 : -1;
        counts(stateIndex(spins, 3)) += 1;
      }
    }
    const double total = chains * samples;
    double chi2 = 0;
    for (int k = 0; k < 8; ++k) chi2 += std::pow(counts(k) - total * p(k), 2) / (total * p(k));
    // 7 degrees of freedom: P(χ² > 24.3) ≈ 0.001 for independent samples.
    QVERIFY2(chi2 < 24.3, qPrintable(QString("chi2 = %1, acceptance %2").arg(chi2).arg(g.acceptanceRate())));
    if (tilted) QVERIFY(g.acceptanceRate() > 0.2 && g.acceptanceRate() < 1.0);
  }
};

QTEST_APPLESS_MAIN(TestRbm)
#include "tst_rbm.moc"
