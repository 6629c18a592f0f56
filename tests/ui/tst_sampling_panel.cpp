// SamplingPanel: the form edits a SamplingSpec faithfully, offers only samplers that fit the model,
// keeps the slider and the spin box in sync, sets the exact T_c, and explains invalid input inline.
#include <cmath>
#include <set>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>

#include "core/exact/onsager.h"
#include "ui/sampling_panel.h"

using rsmi::ModelKind;
using rsmi::SamplerKind;
using rsmi::SamplingSpec;
using rsmi::ui::SamplingPanel;

class TestSamplingPanel : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void defaultsAreTheCriticalIsingModel();
  void samplersFollowTheModel_data();
  void samplersFollowTheModel();
  void specRoundTrips_data();
  void specRoundTrips();
  void sliderAndBoxStayInSync();
  void criticalButtonSetsExactTc();
  void oddDimerSizeIsExplained();
  void temperatureAppliesOnlyToIsing();
  void threadsRoundTrip();
  void seedFixedOrDrawnForEachRun();
};

void TestSamplingPanel::defaultsAreTheCriticalIsingModel() {
  SamplingPanel panel;
  const SamplingSpec s = panel.spec();
  QCOMPARE(s.model, ModelKind::Ising2D);
  QCOMPARE(s.beta, rsmi::exact::kIsing2DCriticalBeta);
  QVERIFY(rsmi::validate(s).empty());
  QVERIFY(panel.problem().isEmpty());
}

void TestSamplingPanel::samplersFollowTheModel_data() {
  QTest::addColumn<int>("modelIndex");
  QTest::addColumn<QList<int>>("samplers");
  QTest::addColumn<int>("chosen");  // the sampler picked when the model is chosen
  QTest::addRow("Ising 2D") << 0
                            << QList<int>{int(SamplerKind::Wolff), int(SamplerKind::SwendsenWang),
                                          int(SamplerKind::Metropolis)}
                            << int(SamplerKind::Wolff);
  QTest::addRow("Ising 1D") << 1 << QList<int>{int(SamplerKind::ExactChain), int(SamplerKind::Metropolis)}
                            << int(SamplerKind::ExactChain);
  QTest::addRow("Dimers") << 2 << QList<int>{int(SamplerKind::Worm)} << int(SamplerKind::Worm);
  QTest::addRow("Dimers + noise") << 3 << QList<int>{int(SamplerKind::Worm)} << int(SamplerKind::Worm);
}

void TestSamplingPanel::samplersFollowTheModel() {
  QFETCH(int, modelIndex);
  QFETCH(QList<int>, samplers);
  QFETCH(int, chosen);
  SamplingPanel panel;
  panel.modelBox()->setCurrentIndex(modelIndex == 0 ? 1 : 0);  // start elsewhere
  panel.modelBox()->setCurrentIndex(modelIndex);
  QList<int> offered;
  for (int i = 0; i < panel.samplerBox()->count(); ++i) offered << panel.samplerBox()->itemData(i).toInt();
  QCOMPARE(offered, samplers);
  QCOMPARE(int(panel.spec().sampler), chosen);
  QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
  QCOMPARE(panel.spec().noise, modelIndex == 3);
}

void TestSamplingPanel::specRoundTrips_data() {
  QTest::addColumn<int>("model");
  QTest::addColumn<int>("size");
  QTest::addColumn<double>("beta");
  QTest::addColumn<double>("coupling");
  QTest::addColumn<int>("sampler");
  QTest::addColumn<bool>("noise");
  QTest::addColumn<int>("seed");
  QTest::addRow("ising2d metropolis") << int(ModelKind::Ising2D) << 128 << 0.5 << 1.0 << int(SamplerKind::Metropolis)
                                      << false << 42;
  QTest::addRow("ising2d sw, antiferro") << int(ModelKind::Ising2D) << 40 << 1 / 3.0 << -1.0
                                         << int(SamplerKind::SwendsenWang) << false << 3;
  QTest::addRow("ising1d") << int(ModelKind::Ising1D) << 1000 << 1.0 << 0.5 << int(SamplerKind::ExactChain) << false
                           << 9;
  QTest::addRow("dimers noise") << int(ModelKind::Dimer) << 16 << 0.44068679350977147 << 1.0
                                << int(SamplerKind::Worm) << true << 12345;
}

void TestSamplingPanel::specRoundTrips() {
  QFETCH(int, model);
  QFETCH(int, size);
  QFETCH(double, beta);
  QFETCH(double, coupling);
  QFETCH(int, sampler);
  QFETCH(bool, noise);
  QFETCH(int, seed);
  SamplingSpec in;
  in.model = static_cast<ModelKind>(model);
  in.size = size;
  in.beta = beta;
  in.coupling = coupling;
  in.sampler = static_cast<SamplerKind>(sampler);
  in.noise = noise;
  in.seed = static_cast<std::uint64_t>(seed);
  SamplingPanel panel;
  QSignalSpy changed(&panel, &SamplingPanel::specChanged);
  panel.setSpec(in);
  QVERIFY(changed.count() >= 1);
  const SamplingSpec out = panel.spec();
  QCOMPARE(out.model, in.model);
  QCOMPARE(out.size, in.size);
  QCOMPARE(out.beta, in.beta);  // exact, although the box shows T with 4 decimals
  QCOMPARE(out.coupling, in.coupling);
  QCOMPARE(out.sampler, in.sampler);
  QCOMPARE(out.noise, in.noise);
  QCOMPARE(out.seed, in.seed);
}

void TestSamplingPanel::sliderAndBoxStayInSync() {
  SamplingPanel panel;
  QSignalSpy changed(&panel, &SamplingPanel::specChanged);
  panel.temperatureSlider()->setValue(3000);  // T = 3.000
  QCOMPARE(panel.temperatureBox()->value(), 3.0);
  QCOMPARE(panel.spec().beta, 1.0 / 3.0);
  panel.temperatureBox()->setValue(1.5);
  QCOMPARE(panel.temperatureSlider()->value(), 1500);
  QCOMPARE(panel.spec().beta, 1.0 / 1.5);
  panel.temperatureBox()->setValue(50.0);  // beyond the slider: the slider pins at its end
  QCOMPARE(panel.temperatureSlider()->value(), panel.temperatureSlider()->maximum());
  QCOMPARE(panel.temperature(), 50.0);
  QCOMPARE(changed.count(), 3);  // one change each, no echo from the partner widget
}

void TestSamplingPanel::criticalButtonSetsExactTc() {
  SamplingPanel panel;
  panel.setTemperature(1.0);
  QTest::mouseClick(panel.criticalButton(), Qt::LeftButton);
  QCOMPARE(panel.temperature(), rsmi::exact::kIsing2DCriticalTemperature);
  QVERIFY(std::abs(panel.spec().beta - rsmi::exact::kIsing2DCriticalBeta) < 1e-15);
  QVERIFY(panel.criticalButton()->text().contains(QStringLiteral("2.269185")));
  // T_c scales with |J|.
  SamplingSpec s = panel.spec();
  s.coupling = 2.0;
  panel.setSpec(s);
  panel.setCriticalTemperature();
  QVERIFY(std::abs(panel.temperature() - 2.0 * rsmi::exact::kIsing2DCriticalTemperature) < 1e-12);
}

void TestSamplingPanel::oddDimerSizeIsExplained() {
  SamplingPanel panel;
  panel.modelBox()->setCurrentIndex(2);  // Dimers
  QVERIFY(panel.spec().size % 2 == 0);
  QVERIFY(panel.problem().isEmpty());
  panel.sizeBox()->setValue(33);
  QVERIFY(panel.problem().contains(QStringLiteral("even"), Qt::CaseInsensitive));
  panel.sizeBox()->setValue(34);
  QVERIFY(panel.problem().isEmpty());
}

void TestSamplingPanel::temperatureAppliesOnlyToIsing() {
  SamplingPanel panel;
  QVERIFY(panel.temperatureBox()->isEnabled());
  QVERIFY(panel.criticalButton()->isEnabled());
  panel.modelBox()->setCurrentIndex(1);  // Ising 1D: T yes, T_c of the square lattice no
  QVERIFY(panel.temperatureBox()->isEnabled());
  QVERIFY(!panel.criticalButton()->isEnabled());
  panel.modelBox()->setCurrentIndex(2);  // Dimers: no temperature
  QVERIFY(!panel.temperatureBox()->isEnabled());
  QVERIFY(!panel.temperatureSlider()->isEnabled());
}

// 0 is every core (shown in words); any count is kept in the spec.
void TestSamplingPanel::threadsRoundTrip() {
  SamplingPanel panel;
  QCOMPARE(panel.spec().threads, 0);
  QVERIFY(panel.threadsBox()->text().startsWith(QStringLiteral("all cores")));
  SamplingSpec spec = panel.spec();
  spec.threads = 3;
  panel.setSpec(spec);
  QCOMPARE(panel.spec().threads, 3);
  QSignalSpy changed(&panel, &SamplingPanel::specChanged);
  panel.threadsBox()->setValue(1);
  QCOMPARE(panel.spec().threads, 1);
  QVERIFY(changed.count() >= 1);
}

// Fixed (the default): a run keeps the seed shown. Not fixed: each run draws one, and shows it.
void TestSamplingPanel::seedFixedOrDrawnForEachRun() {
  SamplingPanel panel;
  QVERIFY(panel.isSeedFixed());
  const std::uint64_t seed = panel.spec().seed;
  panel.prepareSeedForRun();
  QCOMPARE(panel.spec().seed, seed);
  panel.setSeedFixed(false);
  std::set<std::uint64_t> seen{seed};
  for (int run = 0; run < 5; ++run) {
    panel.prepareSeedForRun();
    QCOMPARE(std::uint64_t(panel.seedBox()->value()), panel.spec().seed);
    seen.insert(panel.spec().seed);
  }
  QVERIFY(seen.size() >= 5);  // 2^30 seeds: even one repeat among six is a one-in-10^7 event
}

QTEST_MAIN(TestSamplingPanel)
#include "tst_sampling_panel.moc"
