// The presets that ship with the studio (resources/presets): every one is a valid RunSpec with a
// title and a teaching note, all are embedded in the studio's resources, and the studio opens each
// by name (--preset) without complaint.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include "core/pipeline/experiment.h"
#include "io/run_spec_json.h"

class TestPresets : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void everyPresetIsAValidRunSpec() {
    const QDir dir(QStringLiteral(RSMI_SOURCE_DIR "/resources/presets"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 8);
    QFile qrc(QStringLiteral(RSMI_SOURCE_DIR "/resources/resources.qrc"));
    QVERIFY(qrc.open(QIODevice::ReadOnly));
    const QByteArray resources = qrc.readAll();
    for (const QString& name : files) {
      const rsmi::RunSpec spec = rsmi::io::readRunSpec(dir.filePath(name));  // throws on any problem
      QVERIFY2(!spec.title.empty(), qPrintable(name));
      QVERIFY2(spec.description.size() > 40, qPrintable(name));
      QVERIFY2(resources.contains(("presets/" + name).toUtf8()), qPrintable(name + " is not in resources.qrc"));
    }
  }

  // Preset 07 (the paper's result 3) runs to its end as it ships (under a second): one hidden on a
  // 4×4 block weighs the twelve boundary spins far more than the four interior ones.
  void boundaryCouplingPresetRuns() {
    const rsmi::RunSpec spec =
        rsmi::io::readRunSpec(QStringLiteral(RSMI_SOURCE_DIR "/resources/presets/07-boundary-coupling-4x4.json"));
    const rsmi::ExperimentResult result = rsmi::Experiment(spec).run();
    const rsmi::RgLevel& level = result.flows.at(0).flow.runs.at(0).levels.at(0);
    QVERIFY(level.learned);
    const rsmi::Matrix& w = level.learning.training.filter.weights;
    QCOMPARE(w.cols(), 16);
    double boundary = 0, interior = 0;
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) {
        const bool inside = r > 0 && r < 3 && c > 0 && c < 3;
        (inside ? interior : boundary) += w(0, r * 4 + c) / (inside ? 4.0 : 12.0);
      }
    QVERIFY2(boundary > 4 * std::abs(interior), qPrintable(QStringLiteral("boundary mean %1, interior mean %2")
                                                              .arg(boundary).arg(interior)));
  }

  // Preset 08 (the paper's result 4) at a reduced size (L = 32, 400 samples, 20 epochs; the studio
  // test runs it through the window): one step, two hidden units whose weights lie on the links.
  void dimerPresetRunsReduced() {
    rsmi::RunSpec spec =
        rsmi::io::readRunSpec(QStringLiteral(RSMI_SOURCE_DIR "/resources/presets/08-dimers-electric-fields.json"));
    spec.flow.sampling.size = 32;
    spec.flow.sampling.samples = 400;
    spec.flow.rg.learning.training.epochs = 20;
    // The weight average spans 400 of the preset's ~12,000 minibatch steps; here there are ~500 in all,
    // so it spans proportionally fewer (one over 400 steps would still hold the random start).
    spec.flow.rg.learning.training.averagingSteps = 20;
    const rsmi::ExperimentResult result = rsmi::Experiment(spec).run();
    const rsmi::RgIterationResult& run = result.flows.at(0).flow.runs.at(0);
    QCOMPARE(run.levels.size(), std::size_t(2));
    const rsmi::Matrix& w = run.levels[0].learning.training.filter.weights;
    QCOMPARE(w.rows(), 2);
    for (int j = 0; j < 2; ++j) {
      double links = 0, noise = 0;
      for (int i = 0; i < 64; ++i) ((i / 8 + i % 8) % 2 == 1 ? links : noise) += w(j, i) * w(j, i);
      QVERIFY2(links > 20 * noise, qPrintable(QStringLiteral("hidden %1: links %2, noise %3").arg(j).arg(links).arg(noise)));
    }
  }

  void theStudioOpensAPresetByName() {
    QTemporaryDir dir;
    QProcess studio;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    studio.setProcessEnvironment(environment);
    const QString shot = dir.filePath(QStringLiteral("preset.png"));
    studio.start(QStringLiteral(RSMI_STUDIO_PATH),
                 {QStringLiteral("--preset"), QStringLiteral("02-rg-flow-near-tc"), QStringLiteral("--screenshot"), shot,
                  QStringLiteral("--run-for"), QStringLiteral("0.2")});
    QVERIFY(studio.waitForFinished(60000));
    QCOMPARE(studio.exitCode(), 0);
    QVERIFY(QFile::exists(shot));
    studio.start(QStringLiteral(RSMI_STUDIO_PATH), {QStringLiteral("--preset"), QStringLiteral("no-such-preset")});
    QVERIFY(studio.waitForFinished(60000));
    QCOMPARE(studio.exitCode(), 2);
    QVERIFY(studio.readAllStandardError().contains("no-such-preset"));
  }
};

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
