// LiveSampler: snapshots of the right shape arrive, stop is quick, bad specs and failing chains are
// reported without a crash, rapid start/stop neither crashes nor deadlocks, back-pressure holds,
// and the GUI thread keeps ticking while a chain runs.
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "core/mc/markov_chain.h"
#include "ui/live_sampler.h"

Q_DECLARE_METATYPE(rsmi::SamplingSpec)

using rsmi::ModelKind;
using rsmi::SamplerKind;
using rsmi::SamplingSpec;
using rsmi::ui::LatticeSnapshot;
using rsmi::ui::LiveSampler;

namespace {

// A stand-in chain with a controllable cost per update; it counts the snapshots taken from it.
class FakeChain : public rsmi::MarkovChain {
public:
  FakeChain(int L, std::chrono::microseconds cost, std::shared_ptr<std::atomic<int>> snapshots)
      : L_(L), cost_(cost), snapshots_(std::move(snapshots)) {}
  void update() override {
    if (cost_.count() > 0) std::this_thread::sleep_for(cost_);
    ++updates_;
  }
  std::string_view unitName() const override { return "step"; }
  void snapshot(std::span<std::int8_t> out) const override {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = (i + updates_) % 3 ? 1 : -1;
    if (snapshots_) ++*snapshots_;
  }
  std::vector<int> shape() const override { return {L_, L_}; }
  int defaultThermalization() const override { return 0; }
  int defaultSpacing() const override { return 1; }
  std::uint64_t elementaryMoves() const override { return updates_; }

private:
  int L_;
  std::chrono::microseconds cost_;
  std::shared_ptr<std::atomic<int>> snapshots_;
  std::uint64_t updates_ = 0;
};

// A chain whose update() waits at a gate until the test opens it.
struct Gate {
  std::atomic<bool> inUpdate{false};
  std::atomic<bool> release{false};
};

class GatedChain : public FakeChain {
public:
  explicit GatedChain(std::shared_ptr<Gate> gate) : FakeChain(8, {}, nullptr), gate_(std::move(gate)) {}
  void update() override {
    gate_->inUpdate = true;
    for (int i = 0; i < 10000 && !gate_->release; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    gate_->inUpdate = false;
    FakeChain::update();
  }

private:
  std::shared_ptr<Gate> gate_;
};

SamplingSpec spec(ModelKind model, int size, SamplerKind sampler = SamplerKind::Auto, bool noise = false) {
  SamplingSpec s;
  s.model = model;
  s.size = size;
  s.sampler = sampler;
  s.noise = noise;
  s.beta = 0.44068679350977147;
  s.seed = 7;
  return s;
}

// Gaps between ticks of a 5 ms timer on the GUI thread while `run` is going: the worst GUI stall.
class StallMeter : public QObject {
public:
  StallMeter() {
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(5);
    connect(&timer_, &QTimer::timeout, this, [this] {
      const qint64 now = clock_.nsecsElapsed();
      worstMs_ = std::max(worstMs_, (now - last_) / 1e6);
      last_ = now;
    });
  }
  void start() {
    clock_.start();
    last_ = 0;
    worstMs_ = 0;
    timer_.start();
  }
  double stop() {
    timer_.stop();
    return worstMs_;
  }

private:
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0;
  double worstMs_ = 0;
};

// Waits for a worker thread: ten times longer in a sanitizer build (scripts/sanitizers.sh sets
// RSMI_SANITIZER), where every memory access is instrumented and a chain runs 5 to 20 times slower.
int patience(int ms) { return qEnvironmentVariableIsSet("RSMI_SANITIZER") ? 10 * ms : ms; }

} // namespace

class TestLiveSampler : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void snapshotsArriveWithTheRightShape_data();
  void snapshotsArriveWithTheRightShape();
  void stopIsQuickAndFinal();
  void stopNeverWaitsForTheWorker();
  void invalidSpecIsReported_data();
  void invalidSpecIsReported();
  void failingChainIsReported();
  void rapidStartStop();
  void rapidRestarts();
  void destructorStopsARunningChain();
  void backPressure();
  void statsAreReported();
  void guiThreadStaysResponsive_data();
  void guiThreadStaysResponsive();
};

void TestLiveSampler::snapshotsArriveWithTheRightShape_data() {
  QTest::addColumn<SamplingSpec>("spec");
  QTest::addColumn<QList<int>>("shape");
  QTest::addColumn<bool>("noiseEntries");  // dimers: are the noise entries ±1 (else 0)?
  QTest::addRow("ising2d wolff") << spec(ModelKind::Ising2D, 32, SamplerKind::Wolff) << QList<int>{32, 32} << false;
  QTest::addRow("ising2d swendsen-wang") << spec(ModelKind::Ising2D, 24, SamplerKind::SwendsenWang)
                                         << QList<int>{24, 24} << false;
  QTest::addRow("ising2d metropolis") << spec(ModelKind::Ising2D, 16, SamplerKind::Metropolis)
                                      << QList<int>{16, 16} << false;
  QTest::addRow("ising1d exact") << spec(ModelKind::Ising1D, 100) << QList<int>{100} << false;
  QTest::addRow("ising1d metropolis") << spec(ModelKind::Ising1D, 50, SamplerKind::Metropolis) << QList<int>{50}
                                      << false;
  QTest::addRow("dimers") << spec(ModelKind::Dimer, 8) << QList<int>{16, 16} << false;
  QTest::addRow("dimers with noise") << spec(ModelKind::Dimer, 6, SamplerKind::Auto, true) << QList<int>{12, 12}
                                     << true;
}

void TestLiveSampler::snapshotsArriveWithTheRightShape() {
  QFETCH(SamplingSpec, spec);
  QFETCH(QList<int>, shape);
  QFETCH(bool, noiseEntries);
  LiveSampler sampler;
  QSignalSpy snapshots(&sampler, &LiveSampler::snapshotReady);
  QSignalSpy started(&sampler, &LiveSampler::started);
  QSignalSpy failed(&sampler, &LiveSampler::failed);
  QVERIFY(sampler.start(spec));
  QCOMPARE(started.count(), 1);
  QVERIFY(sampler.isRunning());
  QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 4, patience(5000));
  QCOMPARE(failed.count(), 0);
  const std::vector<int> expectedShape(shape.begin(), shape.end());
  std::uint64_t previousUpdates = 0;
  for (const QList<QVariant>& args : snapshots) {
    const auto snapshot = args.at(0).value<LatticeSnapshot>();
    QVERIFY(!snapshot.isNull());
    QCOMPARE(snapshot.shape, expectedShape);
    QCOMPARE(snapshot.model, spec.model);
    QVERIFY(snapshot.updates >= previousUpdates);
    previousUpdates = snapshot.updates;
    std::size_t sites = 1;
    for (int d : expectedShape) sites *= static_cast<std::size_t>(d);
    QCOMPARE(snapshot.spins->size(), sites);
    const int side = expectedShape[0];
    for (std::size_t i = 0; i < sites; ++i) {
      const int v = (*snapshot.spins)[i];
      const bool noiseSite = spec.model == ModelKind::Dimer && (i / side) % 2 == (i % side) % 2;
      if (noiseSite && !noiseEntries)
        QCOMPARE(v, 0);
      else
        QVERIFY2(v == 1 || v == -1, qPrintable(QStringLiteral("entry %1 is %2").arg(i).arg(v)));
    }
    if (spec.model == ModelKind::Dimer) {
      QCOMPARE(snapshot.readout.dimers, spec.size * spec.size / 2);  // a full covering, every time
    } else {
      QVERIFY(std::isfinite(snapshot.readout.energyPerSite));
      QVERIFY(snapshot.readout.absMagnetization >= 0 && snapshot.readout.absMagnetization <= 1);
    }
  }
  QVERIFY(!sampler.unitName().isEmpty());
  sampler.stop();
  QVERIFY(!sampler.isRunning());
  QTRY_COMPARE_WITH_TIMEOUT(sampler.retiringCount(), 0, patience(2000));
}

void TestLiveSampler::stopIsQuickAndFinal() {
  LiveSampler sampler;
  QSignalSpy snapshots(&sampler, &LiveSampler::snapshotReady);
  QSignalSpy stopped(&sampler, &LiveSampler::stopped);
  // A lattice whose Swendsen–Wang sweep takes a noticeable time.
  QVERIFY(sampler.start(spec(ModelKind::Ising2D, 256, SamplerKind::SwendsenWang)));
  QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 2, patience(10000));
  QElapsedTimer clock;
  clock.start();
  sampler.stop();
  const qint64 stopCallMs = clock.elapsed();
  QVERIFY(stopped.count() == 1 || stopped.wait(500));  // wait() returns as soon as it comes
  QCOMPARE(stopped.count(), 1);
  qInfo("stop() returned after %lld ms; stopped() after %lld ms", stopCallMs, clock.elapsed());
  const int delivered = snapshots.count();
  QTest::qWait(150);
  QCOMPARE(snapshots.count(), delivered);  // nothing after stop
  QVERIFY(!sampler.latestSnapshot().isNull());  // the last picture stays available
  QCOMPARE(stopped.count(), 1);
}

void TestLiveSampler::stopNeverWaitsForTheWorker() {
  // The worker is held inside update(): stop() must return while it is still there (it never joins
  // a running thread), and stopped() must follow as soon as the update ends.
  auto gate = std::make_shared<Gate>();
  LiveSampler sampler;
  sampler.setChainFactory([gate](const SamplingSpec&) { return std::make_unique<GatedChain>(gate); });
  QSignalSpy snapshots(&sampler, &LiveSampler::snapshotReady);
  QSignalSpy stopped(&sampler, &LiveSampler::stopped);
  QVERIFY(sampler.start(spec(ModelKind::Ising2D, 8)));
  QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, patience(5000));
  QTRY_VERIFY_WITH_TIMEOUT(gate->inUpdate.load(), patience(5000));
  sampler.stop();
  QVERIFY(gate->inUpdate.load());  // stop() returned with the worker still busy
  QVERIFY(!sampler.isRunning());
  QCOMPARE(sampler.retiringCount(), 1);
  QTest::qWait(50);
  QCOMPARE(stopped.count(), 0);  // not before the thread has ended
  gate->release = true;
  QVERIFY(stopped.count() == 1 || stopped.wait(500));  // wait() returns as soon as it comes
  QCOMPARE(stopped.count(), 1);
  QCOMPARE(sampler.retiringCount(), 0);
}

void TestLiveSampler::invalidSpecIsReported_data() {
  QTest::addColumn<SamplingSpec>("spec");
  QTest::addColumn<QString>("mentions");
  QTest::addRow("odd dimer lattice") << spec(ModelKind::Dimer, 7) << "even";
  QTest::addRow("lattice too small") << spec(ModelKind::Ising2D, 1) << "size";
  SamplingSpec hot = spec(ModelKind::Ising2D, 16);
  hot.beta = -1;
  QTest::addRow("negative beta") << hot << "beta";
  SamplingSpec free = spec(ModelKind::Ising1D, 16);
  free.coupling = 0;
  QTest::addRow("zero coupling") << free << "coupling";
  QTest::addRow("worm on Ising") << spec(ModelKind::Ising2D, 16, SamplerKind::Worm) << "worm";
  QTest::addRow("noise on Ising") << spec(ModelKind::Ising2D, 16, SamplerKind::Auto, true) << "noise";
}

void TestLiveSampler::invalidSpecIsReported() {
  QFETCH(SamplingSpec, spec);
  QFETCH(QString, mentions);
  LiveSampler sampler;
  QSignalSpy failed(&sampler, &LiveSampler::failed);
  QSignalSpy started(&sampler, &LiveSampler::started);
  QVERIFY(!sampler.start(spec));
  QCOMPARE(failed.count(), 1);
  const QString message = failed.at(0).at(0).toString();
  QVERIFY2(message.contains(mentions, Qt::CaseInsensitive), qPrintable(message));
  QCOMPARE(started.count(), 0);
  QVERIFY(!sampler.isRunning());
}

void TestLiveSampler::failingChainIsReported() {
  LiveSampler sampler;
  sampler.setChainFactory([](const SamplingSpec&) -> std::unique_ptr<rsmi::MarkovChain> {
    throw std::runtime_error("out of spins");
  });
  QSignalSpy failed(&sampler, &LiveSampler::failed);
  QSignalSpy stopped(&sampler, &LiveSampler::stopped);
  QVERIFY(sampler.start(spec(ModelKind::Ising2D, 16)));
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, patience(2000));
  QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("out of spins"));
  QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, patience(2000));
  QVERIFY(!sampler.isRunning());

  sampler.setChainFactory([](const SamplingSpec&) { return std::unique_ptr<rsmi::MarkovChain>(); });
  QVERIFY(sampler.start(spec(ModelKind::Ising2D, 16)));
  QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, patience(2000));
  QVERIFY(!failed.at(1).at(0).toString().isEmpty());
}

void TestLiveSampler::rapidStartStop() {
  LiveSampler sampler;
  QSignalSpy stopped(&sampler, &LiveSampler::stopped);
  QSignalSpy failed(&sampler, &LiveSampler::failed);
  for (int i = 0; i < 20; ++i) {
    QVERIFY(sampler.start(spec(i % 3 == 2 ? ModelKind::Dimer : ModelKind::Ising2D, 64 + 2 * i)));
    if (i % 4 == 0) QCoreApplication::processEvents();
    sampler.stop();
  }
  QVERIFY(!sampler.isRunning());
  QTRY_COMPARE_WITH_TIMEOUT(sampler.retiringCount(), 0, patience(5000));
  QTRY_VERIFY_WITH_TIMEOUT(stopped.count() >= 1, patience(1000));
  QCOMPARE(failed.count(), 0);
  // And it still works afterwards.
  QSignalSpy snapshots(&sampler, &LiveSampler::snapshotReady);
  QVERIFY(sampler.start(spec(ModelKind::Ising2D, 32)));
  QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, patience(5000));
}

void TestLiveSampler::rapidRestarts() {
  // Start after start (a parameter edit while running): each replaces the previous chain.
  LiveSampler sampler;
  QSignalSpy snapshots(&sampler, &LiveSampler::snapshotReady);
  QSignalSpy stopped(&sampler, &LiveSampler::stopped);
  for (int i = 0; i < 20; ++i) {
    SamplingSpec s = spec(ModelKind::Ising2D, 48);
    s.beta = 0.3 + 0.01 * i;
    QVERIFY(sampler.start(s));
  }
  QCOMPARE(sampler.spec().beta, 0.3 + 0.01 * 19);
  QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 2, patience(5000));
  QTRY_COMPARE_WITH_TIMEOUT(sampler.retiringCount(), 0, patience(5000));
  QCOMPARE(stopped.count(), 0);  // it never stopped: it restarted
  QVERIFY(sampler.isRunning());
}

void TestLiveSampler::destructorStopsARunningChain() {
  QElapsedTimer clock;
  clock.start();
  for (int i = 0; i < 5; ++i) {
    auto sampler = std::make_unique<LiveSampler>();
    QVERIFY(sampler->start(spec(ModelKind::Ising2D, 128, SamplerKind::Metropolis)));
    QTest::qWait(i * 10);
    sampler->stop();
    QVERIFY(sampler->start(spec(ModelKind::Dimer, 64)));
    sampler.reset();  // joins both workers
  }
  qInfo("5 create/run/destroy cycles: %lld ms", clock.elapsed());
}

void TestLiveSampler::backPressure() {
  // Cheap updates: the worker could copy a configuration after every one of them. It must copy one
  // only after the GUI took the previous one, and the GUI takes at most one per frame.
  auto taken = std::make_shared<std::atomic<int>>(0);
  LiveSampler sampler;
  sampler.setChainFactory([taken](const SamplingSpec&) {
    return std::make_unique<FakeChain>(64, std::chrono::microseconds(0), taken);
  });
  QSignalSpy snapshots(&sampler, &LiveSampler::snapshotReady);
  QElapsedTimer clock;
  clock.start();
  QVERIFY(sampler.start(spec(ModelKind::Ising2D, 64)));
  QTest::qWait(600);
  sampler.stop();
  const double seconds = clock.elapsed() / 1000.0;
  QTRY_COMPARE_WITH_TIMEOUT(sampler.retiringCount(), 0, patience(2000));
  qInfo("%d snapshots delivered, %d taken, %llu updates in %.2f s", int(snapshots.count()), taken->load(),
        static_cast<unsigned long long>(sampler.updates()), seconds);
  QVERIFY(snapshots.count() >= 1);
  QVERIFY(taken->load() <= snapshots.count() + 1);  // at most one waiting in the slot
  QVERIFY(snapshots.count() <= 1.0 + seconds * 1000.0 / sampler.frameInterval() * 1.2);
  QVERIFY(sampler.updates() > static_cast<std::uint64_t>(taken->load()));
}

void TestLiveSampler::statsAreReported() {
  LiveSampler sampler;
  QSignalSpy stats(&sampler, &LiveSampler::statsChanged);
  QVERIFY(sampler.start(spec(ModelKind::Ising2D, 32)));
  QTRY_VERIFY_WITH_TIMEOUT(stats.count() >= 2, patience(5000));
  const auto last = stats.last();
  QVERIFY(last.at(0).toULongLong() > 0);
  QVERIFY(last.at(1).toDouble() > 0);
  QCOMPARE(sampler.unitName(), QStringLiteral("cluster"));
  sampler.stop();
}

void TestLiveSampler::guiThreadStaysResponsive_data() {
  QTest::addColumn<SamplingSpec>("spec");
  QTest::addRow("ising2d 256 wolff") << spec(ModelKind::Ising2D, 256, SamplerKind::Wolff);
  QTest::addRow("ising2d 512 swendsen-wang") << spec(ModelKind::Ising2D, 512, SamplerKind::SwendsenWang);
  QTest::addRow("dimers 128 with noise") << spec(ModelKind::Dimer, 128, SamplerKind::Auto, true);
  QTest::addRow("ising1d 4096") << spec(ModelKind::Ising1D, 4096);
}

void TestLiveSampler::guiThreadStaysResponsive() {
  // A measurement, not a timing assertion: the worst gap is printed; only a deadlock-sized stall fails.
  if (qEnvironmentVariableIsSet("RSMI_SANITIZER"))
    QSKIP("the GUI's pulse is measured in the release build; an instrumented one only says how slow it is");
  QFETCH(SamplingSpec, spec);
  LiveSampler sampler;
  QSignalSpy snapshots(&sampler, &LiveSampler::snapshotReady);
  StallMeter meter;
  meter.start();
  QVERIFY(sampler.start(spec));
  QTest::qWait(1500);
  sampler.stop();
  QTest::qWait(100);
  const double worst = meter.stop();
  qInfo("worst GUI-thread gap: %.1f ms (%d snapshots)", worst, int(snapshots.count()));
  QVERIFY(snapshots.count() >= 1);
  QVERIFY(worst < 500);
}

QTEST_MAIN(TestLiveSampler)
#include "tst_live_sampler.moc"
