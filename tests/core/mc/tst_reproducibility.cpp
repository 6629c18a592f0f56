// drawSamples (core/mc/draw_samples.h): the bytes depend on the seed only, never on the thread count
// (DESIGN.md, "Reproducibility"); different seeds differ; a stop request ends the call promptly with
// Cancelled; progress is reported per stage, in [0, 1], never backwards; bad specs are refused.
#include <QtTest>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "core/mc/draw_samples.h"
#include "core/mc/markov_chain.h"

using namespace rsmi;

namespace {

SamplingSpec spec(ModelKind model, SamplerKind sampler, int size, double beta) {
  SamplingSpec s;
  s.model = model;
  s.sampler = sampler;
  s.size = size;
  s.beta = beta;
  s.samples = 37;  // not a multiple of the chain count: uneven slices
  s.spacing = 3;
  s.thermalization = 20;
  s.seed = 20240917;
  return s;
}

// Runs drawSamples(spec) and requests a stop after `delay` from another thread; returns the wall
// time drawSamples took and whether it ended with Cancelled.
double secondsToCancel(const SamplingSpec& spec, std::chrono::milliseconds delay, bool& cancelled) {
  std::stop_source source;
  std::thread stopper([&] {
    std::this_thread::sleep_for(delay);
    source.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  cancelled = false;
  try {
    drawSamples(spec, source.get_token());
  } catch (const Cancelled&) {
    cancelled = true;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stopper.join();
  return seconds;
}

} // namespace

Q_DECLARE_METATYPE(rsmi::SamplingSpec)

class TestReproducibility : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void threadsDoNotChangeBytes_data() {
    QTest::addColumn<SamplingSpec>("s");
    const double bc = 0.44068679350977147;
    QTest::addRow("1D exact") << spec(ModelKind::Ising1D, SamplerKind::ExactChain, 101, 0.7);
    QTest::addRow("1D metropolis") << spec(ModelKind::Ising1D, SamplerKind::Metropolis, 64, 0.7);
    QTest::addRow("2D wolff") << spec(ModelKind::Ising2D, SamplerKind::Wolff, 24, bc);
    QTest::addRow("2D wolff, J<0, odd L") << [&] {
      auto s = spec(ModelKind::Ising2D, SamplerKind::Wolff, 15, 0.3);
      s.coupling = -1;
      return s;
    }();
    QTest::addRow("2D wolff, auto schedule") << [&] {
      auto s = spec(ModelKind::Ising2D, SamplerKind::Wolff, 16, bc);
      s.spacing = s.thermalization = -1;
      return s;
    }();
    QTest::addRow("2D sw") << spec(ModelKind::Ising2D, SamplerKind::SwendsenWang, 24, bc);
    QTest::addRow("2D metropolis") << spec(ModelKind::Ising2D, SamplerKind::Metropolis, 40, bc);
    QTest::addRow("2D metropolis, odd L") << spec(ModelKind::Ising2D, SamplerKind::Metropolis, 21, 0.6);
    QTest::addRow("2D metropolis, 3 chains") << [&] {
      auto s = spec(ModelKind::Ising2D, SamplerKind::Metropolis, 34, 0.3);
      s.chains = 3;
      return s;
    }();
  }
  void threadsDoNotChangeBytes() {
    QFETCH(SamplingSpec, s);
    s.threads = 1;
    const SampleSet one = drawSamples(s);
    s.threads = 2;
    const SampleSet two = drawSamples(s);
    QCOMPARE(one.shape, two.shape);
    QCOMPARE(one.count(), std::size_t(s.samples));
    QVERIFY(one.values == two.values);
    for (std::int8_t v : one.values) QVERIFY(v == 1 || v == -1);
    // Another seed gives another sample set.
    s.seed += 1;
    const SampleSet other = drawSamples(s);
    QVERIFY(other.values != one.values);
    // The same chain built twice evolves identically (makeChain is a pure function of spec and index).
    auto a = makeChain(s, 3), b = makeChain(s, 3);
    std::vector<std::int8_t> sa(one.sitesPerSample()), sb(one.sitesPerSample());
    for (int i = 0; i < 5; ++i) {
      a->update();
      b->update();
    }
    a->snapshot(sa);
    b->snapshot(sb);
    QVERIFY(sa == sb);
    QCOMPARE(a->elementaryMoves(), b->elementaryMoves());
    QVERIFY(a->elementaryMoves() > 0);
  }

  void autoScheduleIsChainZerosDefault_data() {
    QTest::addColumn<SamplingSpec>("s");
    QTest::addRow("wolff") << spec(ModelKind::Ising2D, SamplerKind::Wolff, 20, 0.44068679350977147);
    QTest::addRow("sw") << spec(ModelKind::Ising2D, SamplerKind::SwendsenWang, 20, 0.5);
    QTest::addRow("metropolis") << spec(ModelKind::Ising2D, SamplerKind::Metropolis, 12, 0.3);
    QTest::addRow("1D exact") << spec(ModelKind::Ising1D, SamplerKind::ExactChain, 30, 0.3);
  }
  void autoScheduleIsChainZerosDefault() {
    // What the CLI writes into a manifest (the automatic values made explicit) reproduces the bytes.
    QFETCH(SamplingSpec, s);
    s.thermalization = s.spacing = -1;
    const SampleSet automatic = drawSamples(s);
    const auto chain = makeChain(s, 0);
    s.thermalization = chain->defaultThermalization();
    s.spacing = chain->defaultSpacing();
    QVERIFY(s.thermalization >= 0 && s.spacing >= 1);
    QVERIFY(drawSamples(s).values == automatic.values);
  }

  void autoChainsDependOnSamplesOnly() {
    SamplingSpec s;
    s.samples = 5;
    const int five = resolvedChains(s);
    s.threads = 1;
    QCOMPARE(resolvedChains(s), five);
    s.threads = 7;
    QCOMPARE(resolvedChains(s), five);
    s.samples = 1;
    QCOMPARE(resolvedChains(s), 1);
    s.chains = 4;
    QCOMPARE(resolvedChains(s), 4);
  }

  void elementaryMoveUnits() {
    // Metropolis and the exact chain count attempted single-spin updates: L² (2D) or N (1D) per update.
    SamplingSpec m = spec(ModelKind::Ising2D, SamplerKind::Metropolis, 12, 0.4);
    auto chain = makeChain(m, 0);
    chain->update();
    chain->update();
    QCOMPARE(chain->elementaryMoves(), std::uint64_t(2 * 144));
    QCOMPARE(QString::fromUtf8(chain->unitName().data(), int(chain->unitName().size())), QString("sweep"));
    SamplingSpec e = spec(ModelKind::Ising1D, SamplerKind::ExactChain, 50, 0.4);
    auto exact = makeChain(e, 0);
    exact->update();
    QCOMPARE(exact->elementaryMoves(), std::uint64_t(50));
    QCOMPARE(exact->defaultSpacing(), 1);
    QCOMPARE(exact->defaultThermalization(), 0);
    // Wolff counts flipped spins: the magnetisation changes by exactly 2 × (flipped spins) / L² per
    // cluster, as all spins of a cluster had one sign.
    SamplingSpec w = spec(ModelKind::Ising2D, SamplerKind::Wolff, 16, 0.44);
    auto wolff = makeChain(w, 0);
    std::vector<std::int8_t> before(256), after(256);
    for (int i = 0; i < 20; ++i) {
      wolff->snapshot(before);
      const auto moves = wolff->elementaryMoves();
      wolff->update();
      wolff->snapshot(after);
      int changed = 0;
      for (int k = 0; k < 256; ++k) changed += before[k] != after[k];
      QCOMPARE(std::uint64_t(changed), wolff->elementaryMoves() - moves);
    }
    // Swendsen–Wang counts flipped spins too.
    SamplingSpec sw = spec(ModelKind::Ising2D, SamplerKind::SwendsenWang, 16, 0.44);
    auto swc = makeChain(sw, 0);
    for (int i = 0; i < 5; ++i) {
      swc->snapshot(before);
      const auto moves = swc->elementaryMoves();
      swc->update();
      swc->snapshot(after);
      int changed = 0;
      for (int k = 0; k < 256; ++k) changed += before[k] != after[k];
      QCOMPARE(std::uint64_t(changed), swc->elementaryMoves() - moves);
    }
  }

  void cancellationIsPrompt() {
    // Work for minutes if not stopped (2000 samples 1000 sweeps apart on 256², ≈ 0.05 ms per sweep).
    SamplingSpec s = spec(ModelKind::Ising2D, SamplerKind::Metropolis, 256, 0.44);
    s.samples = 2000;
    s.spacing = 1000;
    s.threads = 2;
    bool cancelled = false;
    const double seconds = secondsToCancel(s, std::chrono::milliseconds(200), cancelled);
    QVERIFY(cancelled);
    // One sweep of 256² is ≈ 0.1 ms; a generous bound for a loaded test machine.
    QVERIFY2(seconds < 3.0, qPrintable(QString::number(seconds)));
  }

  void cancellationDuringWolffPilotIsPrompt() {
    // The automatic Wolff schedule needs a pilot run: at L = 1024, β_c, seconds of work before the
    // first chain starts. A stop request must cut it short too.
    SamplingSpec s = spec(ModelKind::Ising2D, SamplerKind::Wolff, 1024, 0.44068679350977147);
    s.thermalization = s.spacing = -1;
    s.samples = 100;
    bool cancelled = false;
    const double seconds = secondsToCancel(s, std::chrono::milliseconds(100), cancelled);
    QVERIFY(cancelled);
    QVERIFY2(seconds < 3.0, qPrintable(QString::number(seconds)));
  }

  void stopBeforeStartCancelsAtOnce() {
    std::stop_source source;
    source.request_stop();
    bool cancelled = false;
    try {
      drawSamples(spec(ModelKind::Ising2D, SamplerKind::Wolff, 16, 0.3), source.get_token());
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
  }

  void progressIsMonotonePerStage() {
    SamplingSpec s = spec(ModelKind::Ising2D, SamplerKind::SwendsenWang, 16, 0.44);
    s.samples = 500;
    s.thermalization = 400;
    s.threads = 2;
    std::mutex mutex;
    std::map<std::string, std::vector<double>> seen;
    drawSamples(s, {}, [&](const Progress& p) {
      std::lock_guard lock(mutex);
      seen[p.stage].push_back(p.fraction);
    });
    QCOMPARE(seen.size(), std::size_t(2));
    for (const auto& [stage, fractions] : seen) {
      QVERIFY(stage == "thermalising" || stage == "sampling");
      QVERIFY(!fractions.empty());
      QVERIFY(fractions.size() <= 101);  // at most once per percent
      for (std::size_t i = 0; i < fractions.size(); ++i) {
        QVERIFY(fractions[i] >= 0 && fractions[i] <= 1);
        if (i > 0) QVERIFY(fractions[i] > fractions[i - 1]);
      }
      QCOMPARE(fractions.back(), 1.0);
    }
  }

  void badSpecsAreRefused_data() {
    QTest::addColumn<SamplingSpec>("s");
    SamplingSpec base = spec(ModelKind::Ising2D, SamplerKind::Wolff, 16, 0.4);
    auto with = [&](auto change) {
      SamplingSpec s = base;
      change(s);
      return s;
    };
    QTest::addRow("size 1") << with([](SamplingSpec& s) { s.size = 1; });
    QTest::addRow("beta 0") << with([](SamplingSpec& s) { s.beta = 0; });
    QTest::addRow("J 0") << with([](SamplingSpec& s) { s.coupling = 0; });
    QTest::addRow("no samples") << with([](SamplingSpec& s) { s.samples = 0; });
    QTest::addRow("spacing 0") << with([](SamplingSpec& s) { s.spacing = 0; });
    QTest::addRow("exact chain in 2D") << with([](SamplingSpec& s) { s.sampler = SamplerKind::ExactChain; });
    QTest::addRow("wolff in 1D") << with([](SamplingSpec& s) { s.model = ModelKind::Ising1D; });
    QTest::addRow("size over the maximum") << with([](SamplingSpec& s) { s.size = 70000; });
  }
  void badSpecsAreRefused() {
    QFETCH(SamplingSpec, s);
    QVERIFY(!validate(s).empty());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, drawSamples(s));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeChain(s, 0));
  }
};

QTEST_APPLESS_MAIN(TestReproducibility)
#include "tst_reproducibility.moc"
