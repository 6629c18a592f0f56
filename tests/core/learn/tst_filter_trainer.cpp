// The filter trainer on a toy objective with a known maximum: optimisers converge to it (with the
// L2 shrinkage the regulariser implies), the curve and callbacks are complete, cancellation works,
// and a training that diverges ends with its last good (finite) filter and a message.
#include <QtTest>

#include <cmath>
#include <limits>
#include <stop_token>

#include "core/learn/filter_trainer.h"

using namespace rsmi;

namespace {

// I(λ) = −|λ − λ*|², independent of the windows: the maximiser of I − (l2/2)|λ|² is 2λ*/(2 + l2).
class ToyEstimator final : public MutualInformationEstimator {
public:
  explicit ToyEstimator(Matrix target) : target_(std::move(target)) {}
  std::string name() const override { return "toy"; }
  void prepare(const WindowSet&, std::stop_token, const ProgressSink&) override {}
  double estimate(const HiddenConditional& rule, const WindowBatch&) const override {
    const auto& f = dynamic_cast<const Filter&>(rule);
    return -(f.weights - target_).squaredNorm();
  }
  double score(const HiddenConditional& rule, const WindowSet&, const WindowSet& heldOut, std::stop_token) override {
    return estimate(rule, WindowBatch::all(heldOut));
  }
  void beginFilterTraining(const Filter&, std::stop_token) override { ++starts; }
  double estimateWithGradient(const Filter& f, const WindowBatch& batch, FilterGradient& g) override {
    g.weights = -2.0 * (f.weights - target_);
    g.bias.setZero();
    // An injected fault: from this step on one gradient entry is infinite.
    if (infiniteFromStep >= 0 && ++steps > infiniteFromStep) g.weights(0, 1) = std::numeric_limits<double>::infinity();
    return estimate(f, batch);
  }
  int starts = 0;
  int infiniteFromStep = -1, steps = 0;

private:
  Matrix target_;
};

WindowSplit toyWindows() {
  WindowSplit split;
  for (WindowSet* set : {&split.training, &split.heldOut}) {
    set->visibleSize = 4;
    set->environmentSize = 2;
    set->visible.assign(4 * 100, 1);
    set->environment.assign(2 * 100, 1);
  }
  return split;
}

} // namespace

class TestFilterTrainer : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void convergesToTheRegularisedMaximum_data() {
    QTest::addColumn<int>("optimizer");
    QTest::addColumn<double>("rate");
    QTest::addRow("sgd") << int(OptimizerKind::Sgd) << 0.05;
    // Adam's steps stay ~rate in size near the optimum, so it needs a small rate to settle.
    QTest::addRow("adam") << int(OptimizerKind::Adam) << 0.002;
  }
  void convergesToTheRegularisedMaximum() {
    QFETCH(int, optimizer);
    QFETCH(double, rate);
    Matrix target(1, 4);
    target << 1.0, 0.5, -0.25, 0.75;
    ToyEstimator toy(target);
    FilterTrainingOptions options;
    options.optimizer = OptimizerKind(optimizer);
    options.learningRate = rate;
    options.epochs = 1000;
    options.minibatch = 50;  // two steps per epoch
    options.l2 = 0.1;
    options.patience = 0;
    int callbacks = 0;
    const FilterTrainingResult r =
        trainFilter(toy, toyWindows(), options, {}, [&](const EpochRecord&, const Filter&) { ++callbacks; });
    const Matrix expected = 2.0 * target / (2.0 + options.l2);
    QVERIFY2((r.filter.weights - expected).cwiseAbs().maxCoeff() < 1e-3,
             qPrintable(QString::number((r.filter.weights - expected).cwiseAbs().maxCoeff())));
    QCOMPARE(callbacks, 1000);
    QCOMPARE(int(r.curve.size()), 1000);
    QCOMPARE(r.curve.back().epoch, 1000);
  }

  void restartsAndEarlyStopping() {
    Matrix target(1, 4);
    target << 1, 1, 1, 1;
    ToyEstimator toy(target);
    FilterTrainingOptions options;
    options.learningRate = 0.02;
    options.epochs = 2000;
    options.restarts = 3;
    options.patience = 5;
    options.l2 = 0;
    const FilterTrainingResult r = trainFilter(toy, toyWindows(), options);
    QCOMPARE(toy.starts, 3);
    QVERIFY(r.stoppedEarly);
    QVERIFY(r.epochsRun < 2000);
    QVERIFY(r.heldOutNats > -1e-3);
  }

  void cancellation() {
    Matrix target(1, 4);
    target.setOnes();
    ToyEstimator toy(target);
    FilterTrainingOptions options;
    options.epochs = 1000;
    std::stop_source source;
    int seen = 0;
    bool cancelled = false;
    try {
      trainFilter(toy, toyWindows(), options, source.get_token(), [&](const EpochRecord&, const Filter&) {
        if (++seen == 7) source.request_stop();
      });
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
    QCOMPARE(seen, 7);
  }

  // Polyak averaging: a gradient with a ±1 kick that alternates from step to step leaves SGD's iterate
  // oscillating around the optimum by about 0.026 (measured); the moving average over 50 steps
  // cancels the kicks and lands within 1e-3 of it.
  void averagingRemovesMinibatchNoise() {
    Matrix target(1, 4);
    target << 1.0, -0.5, 0.25, 0.0;
    class Kicked final : public MutualInformationEstimator {
    public:
      explicit Kicked(Matrix t) : toy_(std::move(t)) {}
      std::string name() const override { return "kicked"; }
      void prepare(const WindowSet& w, std::stop_token s, const ProgressSink& p) override { toy_.prepare(w, s, p); }
      double estimate(const HiddenConditional& rule, const WindowBatch& b) const override { return toy_.estimate(rule, b); }
      double score(const HiddenConditional& rule, const WindowSet& t, const WindowSet& h, std::stop_token s) override {
        return toy_.score(rule, t, h, s);
      }
      void beginFilterTraining(const Filter& f, std::stop_token s) override { toy_.beginFilterTraining(f, s); }
      double estimateWithGradient(const Filter& f, const WindowBatch& b, FilterGradient& g) override {
        const double value = toy_.estimateWithGradient(f, b, g);
        g.weights.array() += (++steps_ % 2 ? 1.0 : -1.0);
        return value;
      }

    private:
      ToyEstimator toy_;
      long steps_ = 0;
    };
    FilterTrainingOptions options;
    options.optimizer = OptimizerKind::Sgd;
    options.learningRate = 0.05;
    options.epochs = 400;
    options.minibatch = 50;  // two steps per epoch: the kicks do not cancel within an epoch's end state
    options.l2 = 0;
    options.patience = 0;
    double rawError = 0, averagedError = 0;
    for (double steps : {0.0, 50.0}) {
      Kicked kicked(target);
      options.averagingSteps = steps;
      const FilterTrainingResult r = trainFilter(kicked, toyWindows(), options);
      (steps > 0 ? averagedError : rawError) = (r.filter.weights - target).cwiseAbs().maxCoeff();
    }
    qInfo("largest distance from the optimum: iterate %.4f, average over 50 steps %.5f", rawError, averagedError);
    QVERIFY(rawError > 0.02);
    QVERIFY(averagedError < 1e-3);
    options.averagingSteps = -1;
    ToyEstimator toy(target);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainFilter(toy, toyWindows(), options));
  }

  void refusals() {
    ToyEstimator toy(Matrix::Zero(1, 4));
    FilterTrainingOptions options;
    options.learningRate = std::nan("");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainFilter(toy, toyWindows(), options));
    options.learningRate = 0.1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trainFilter(toy, WindowSplit{}, options));
  }

  // An infinite gradient in epoch 6 (its 11th step, two steps per epoch): the step is not taken,
  // the partial epoch is dropped, and the filter is the snapshot of epoch 5 — the best, since the
  // toy's MI rises every epoch at this rate.
  void injectedInfinityKeepsTheLastGoodSnapshot() {
    Matrix target(1, 4);
    target << 1.0, 0.5, -0.25, 0.75;
    ToyEstimator toy(target);
    toy.infiniteFromStep = 10;
    FilterTrainingOptions options;
    options.optimizer = OptimizerKind::Sgd;
    options.learningRate = 0.05;
    options.epochs = 50;
    options.minibatch = 50;
    options.patience = 0;
    Filter last;
    int callbacks = 0;
    const FilterTrainingResult r = trainFilter(toy, toyWindows(), options, {}, [&](const EpochRecord&, const Filter& f) {
      ++callbacks;
      last = f;
    });
    QCOMPARE(callbacks, 5);
    QCOMPARE(int(r.curve.size()), 5);
    QCOMPARE(r.epochsRun, 5);
    fixSigns(last);
    QVERIFY(r.filter.weights.allFinite());
    QVERIFY(r.filter.weights == last.weights);
    QCOMPARE(r.divergedRestarts, 1);
    QCOMPARE(QString::fromStdString(r.divergence),
             QStringLiteral("filter training diverged in epoch 6 (the gradient is not finite); kept the best filter "
                            "of epochs 1-5; lower the learning rate (now 0.05)"));
  }

  // A learning rate of 100 on the toy: every SGD step multiplies the distance to the optimum by
  // 199, so the estimate overflows within a few dozen epochs. The result is still finite: the best
  // of the finished epochs, with a finite curve, and the message names the learning rate.
  void learningRate100EndsFinite() {
    Matrix target(1, 4);
    target << 1.0, 0.5, -0.25, 0.75;
    ToyEstimator toy(target);
    FilterTrainingOptions options;
    options.optimizer = OptimizerKind::Sgd;
    options.learningRate = 100;
    options.epochs = 1000;
    options.minibatch = 50;
    options.patience = 0;
    std::vector<Filter> snapshots;
    const FilterTrainingResult r =
        trainFilter(toy, toyWindows(), options, {}, [&](const EpochRecord&, const Filter& f) { snapshots.push_back(f); });
    QVERIFY(!snapshots.empty());
    QVERIFY(int(snapshots.size()) < options.epochs);
    QVERIFY(r.filter.weights.allFinite() && r.filter.bias.allFinite());
    for (const EpochRecord& e : r.curve) QVERIFY(std::isfinite(e.trainingNats) && std::isfinite(e.heldOutNats));
    QVERIFY(std::isfinite(r.heldOutNats));
    // The distance to the optimum only grows: the best snapshot is the first.
    Filter first = snapshots.front();
    fixSigns(first);
    QVERIFY(r.filter.weights == first.weights);
    QVERIFY2(r.divergence.find("filter training diverged in epoch") == 0, r.divergence.c_str());
    QVERIFY2(r.divergence.find("lower the learning rate (now 100)") != std::string::npos, r.divergence.c_str());
  }

  // Diverging in the first epoch leaves the random start, scored; with restarts, each one that
  // diverges is counted and a healthy restart still wins.
  void divergenceInTheFirstEpochAndAcrossRestarts() {
    ToyEstimator toy(Matrix::Ones(1, 4));
    toy.infiniteFromStep = 0;
    FilterTrainingOptions options;
    options.restarts = 3;
    options.epochs = 10;
    const FilterTrainingResult r = trainFilter(toy, toyWindows(), options);
    QVERIFY(r.curve.empty());
    QVERIFY(r.filter.weights.allFinite());
    QCOMPARE(r.filter.weights.rows(), 1);
    QVERIFY(std::isfinite(r.heldOutNats));
    QCOMPARE(r.divergedRestarts, 3);
    QVERIFY2(r.divergence.find("kept the random start") != std::string::npos, r.divergence.c_str());
    QVERIFY2(r.divergence.find("(3 of 3 restarts diverged)") != std::string::npos, r.divergence.c_str());
  }
};

QTEST_GUILESS_MAIN(TestFilterTrainer)
#include "tst_filter_trainer.moc"
