// Imported samples (core/pipeline/imported_samples.h): how a set is described and checked, what a
// spec that imports may ask for, and the run itself — learning and coarse-graining on imported
// samples give, bit for bit, what the same samples give when the Experiment draws them.
#include <QtTest>

#include "core/mc/draw_samples.h"
#include "core/pipeline/experiment.h"
#include "core/pipeline/imported_samples.h"
#include "core/rg/dimer_rg_step.h"
#include "core/rg/rg_flow.h"

using namespace rsmi;

namespace {

RunSpec drawnSpec() {
  RunSpec spec;
  FlowSpec& f = spec.flow;
  f.sampling.model = ModelKind::Ising2D;
  f.sampling.size = 16;
  f.sampling.samples = 150;
  f.sampling.seed = 11;
  f.betas = {0.44};
  f.rg.steps = 2;
  f.rg.seed = 11;
  f.rg.learning.training.epochs = 6;
  f.rg.learning.scoreBaselines = false;
  return spec;
}

SampleSet squareSet(int count, int side) {
  SampleSet s;
  s.shape = {side, side};
  s.values.assign(std::size_t(count) * side * side, 1);
  for (std::size_t i = 0; i < s.values.size(); i += 3) s.values[i] = -1;
  return s;
}

template <class F>
QString refusal(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

}  // namespace

class TestExperimentImported : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void describesTheGeometry() {
    SampleSet chain;
    chain.shape = {64};
    chain.values.assign(64 * 10, -1);
    const SamplingSpec c = describeImported(chain, "/data/chain.npy");
    QCOMPARE(c.model, ModelKind::Ising1D);
    QCOMPARE(c.size, 64);
    QCOMPARE(c.samples, 10);
    QCOMPARE(c.samplesFile, std::string("/data/chain.npy"));
    QVERIFY(!hasTemperature(c));
    QVERIFY(hasTemperature(c.model));  // the geometry is Ising's; the temperature is unknown

    const SamplingSpec s = describeImported(squareSet(7, 12), "sq.npy");
    QCOMPARE(s.model, ModelKind::Ising2D);
    QCOMPARE(s.size, 12);
    QCOMPARE(s.samples, 7);
    QCOMPARE(checkImported(squareSet(7, 12), s), std::string());
  }

  void refusesWhatItCannotDescribe() {
    SampleSet rectangle;
    rectangle.shape = {8, 16};
    rectangle.values.assign(8 * 16 * 2, 1);
    QVERIFY(refusal([&] { describeImported(rectangle, "r.npy"); }).contains("square"));
    QVERIFY(refusal([&] { describeImported(rectangle, "r.npy"); }).contains("8x16"));
    SampleSet cube;
    cube.shape = {2, 2, 2};
    cube.values.assign(8, 1);
    QVERIFY(refusal([&] { describeImported(cube, "c.npy"); }).contains("1D (count, L) or 2D"));
    QVERIFY(refusal([&] { describeImported(squareSet(0, 4), "e.npy"); }).contains("no samples"));
    SampleSet tiny;
    tiny.shape = {1};
    tiny.values = {1, -1};
    QVERIFY(refusal([&] { describeImported(tiny, "t.npy"); }).contains("out of range"));
    // Another file in place of the one a spec describes.
    const SamplingSpec s = describeImported(squareSet(7, 12), "sq.npy");
    QVERIFY(QString::fromStdString(checkImported(squareSet(8, 12), s)).contains("was the file replaced"));
  }

  void specsThatImportAskForOneSet() {
    RunSpec spec = drawnSpec();
    spec.flow.sampling = describeImported(squareSet(150, 16), "x.npy");
    QCOMPARE(validate(spec), std::string());
    spec.replicas = 2;
    QVERIFY(QString::fromStdString(validate(spec)).contains("replicas must be 1"));
    spec.replicas = 1;
    spec.compareMajority = true;
    QVERIFY(QString::fromStdString(validate(spec)).contains("majority"));
    spec.compareMajority = false;
    spec.flow.betas = {0.4, 0.5};
    QVERIFY(QString::fromStdString(validate(spec)).contains("no temperature"));
    spec.flow.betas = {0.44};
    spec.flow.sampling.model = ModelKind::Dimer;
    QVERIFY(QString::fromStdString(validate(spec)).contains("not as dimers"));
  }

  void theExperimentNeedsTheSamplesItDescribes() {
    RunSpec spec = drawnSpec();
    spec.flow.sampling = describeImported(squareSet(150, 16), "x.npy");
    QVERIFY(refusal([&] { Experiment e(spec); }).contains("were not read"));
    auto other = std::make_shared<const SampleSet>(squareSet(149, 16));
    QVERIFY(refusal([&] { Experiment e(spec, other); }).contains("149 samples"));
    auto set = std::make_shared<const SampleSet>(squareSet(150, 16));
    QVERIFY(refusal([&] { Experiment e(drawnSpec(), set); }).contains("draws its own"));
    QVERIFY(refusal([&] { Experiment e(spec, set); }).isEmpty());
  }

  // The Experiment draws a set and learns on it; importing that very set must give the same levels,
  // filters and MI bit for bit (the learning and coarse-graining streams derive from rg.seed alone).
  void importedSamplesLearnAsDrawnOnes() {
    const RunSpec drawn = drawnSpec();
    const ExperimentResult a = Experiment(drawn).run();
    auto set = std::make_shared<const SampleSet>(drawSamples(samplingFor(drawn.flow, 0)));
    RunSpec imported = drawn;
    const std::uint64_t rgSeed = drawn.flow.rg.seed;
    imported.flow.sampling = describeImported(*set, "/somewhere/drawn.npy");
    imported.flow.rg.seed = rgSeed;
    const ExperimentResult b = Experiment(imported, set).run();

    const RgIterationResult& x = a.flows.at(0).flow.runs.at(0);
    const RgIterationResult& y = b.flows.at(0).flow.runs.at(0);
    QCOMPARE(x.levels.size(), std::size_t(3));
    QCOMPARE(y.levels.size(), x.levels.size());
    for (std::size_t k = 0; k < x.levels.size(); ++k) {
      QCOMPARE(y.levels[k].shape, x.levels[k].shape);
      QCOMPARE(y.levels[k].learned, x.levels[k].learned);
      QCOMPARE(y.levels[k].learning.heldOutNats, x.levels[k].learning.heldOutNats);
      QVERIFY(y.levels[k].learning.training.filter.weights == x.levels[k].learning.training.filter.weights);
      QCOMPARE(y.levels[k].observables.nearestNeighbour.mean, x.levels[k].observables.nearestNeighbour.mean);
    }
    QVERIFY(x.levels[0].learned && x.levels[0].learning.heldOutNats > 0);
    // No temperature: no thermometer, no flow, and the reason is said.
    QVERIFY(!b.learned.found);
    QVERIFY(QString::fromStdString(b.flows.at(0).flow.fixedPoint.problem).contains("imported samples"));
    QCOMPARE(b.stages.sampling, 0.0);
  }
};

QTEST_GUILESS_MAIN(TestExperimentImported)
#include "tst_experiment_imported.moc"
