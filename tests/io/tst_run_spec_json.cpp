// RunSpec and result files (io/run_spec_json.h, io/flow_result_json.h): a written spec reads back
// equal; bad specs are refused naming the key; a finished temperature round-trips to the last bit
// and is only accepted for the spec that made it.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>

#include "core/pipeline/experiment.h"
#include "core/rg/dimer_rg_step.h"
#include "io/flow_result_json.h"
#include "io/io_error.h"
#include "io/run_spec_json.h"

using namespace rsmi;

namespace {

RunSpec sampleSpec() {
  RunSpec spec;
  spec.title = "test";
  FlowSpec& f = spec.flow;
  f.sampling.model = ModelKind::Ising2D;
  f.sampling.size = 16;
  f.sampling.samples = 60;
  f.sampling.seed = (std::uint64_t{1} << 60) + 7;  // beyond 2^53: written as a string
  f.betas = {0.40, 0.44, 0.1 + 0.2};
  f.rg.steps = 1;
  f.rg.seed = 99;
  f.rg.learning.training.epochs = 4;
  f.rg.learning.training.learningRate = 0.0123;
  f.rg.learning.training.averagingSteps = 400;
  f.rg.learning.scoreBaselines = false;
  f.thermometer = ThermometerKind::MutualInformation;
  spec.compareMajority = true;
  spec.replicas = 2;
  return spec;
}

QByteArray bytesOf(const QJsonObject& o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

} // namespace

class TestRunSpecJson : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void roundTrip() {
    const RunSpec spec = sampleSpec();
    const QJsonObject json = io::runSpecToJson(spec);
    const RunSpec back = io::runSpecFromJson(json);
    QCOMPARE(bytesOf(io::runSpecToJson(back)), bytesOf(json));
    QCOMPARE(back.flow.sampling.seed, spec.flow.sampling.seed);
    QCOMPARE(back.flow.betas[2], 0.1 + 0.2);  // every bit
    QCOMPARE(back.flow.rg.seed, std::uint64_t{99});
    QCOMPARE(back.replicas, 2);
    QVERIFY(back.compareMajority);
    QCOMPARE(back.flow.rg.learning.training.averagingSteps, 400.0);
    // Without averaging the key is not written: older specs and manifests keep their bytes.
    RunSpec plain = spec;
    plain.flow.rg.learning.training.averagingSteps = 0;
    QVERIFY(!io::runSpecToJson(plain).value("training").toObject().contains("averaging_steps"));
    // A results file carries its spec, and reading it gives that spec.
    QJsonObject result{{"format", "rsmi-flow-result"}, {"spec", json}};
    QCOMPARE(bytesOf(io::runSpecToJson(io::runSpecFromDocument(bytesOf(result), "flow.json"))), bytesOf(json));
  }

  void minimalSpecTakesDefaults() {
    const QByteArray text = "{\"sampling\": {\"model\": \"ising2d\", \"size\": 32, \"samples\": 100, \"seed\": 4},"
                            " \"temperatures\": [2.0, 2.5]}";
    const RunSpec spec = io::runSpecFromDocument(text, "spec.json");
    QCOMPARE(spec.flow.betas, (std::vector<double>{0.5, 0.4}));
    QCOMPARE(spec.flow.rg.seed, std::uint64_t{4});  // the RG seed follows the sampling seed
    QCOMPARE(spec.flow.rg.steps, 3);
    QCOMPARE(spec.flow.rg.learning.window.blockWidth, 2);
  }

  // Dimers have no temperature: a spec needs no 'betas' (one placeholder is kept inside), writes
  // none, takes one RG step by default, and reads back equal.
  void dimerSpecWithoutTemperature() {
    const QByteArray text = "{\"sampling\": {\"model\": \"dimer\", \"size\": 16, \"samples\": 20, \"noise\": true},"
                            " \"window\": {\"block\": [8, 8], \"buffer\": 4, \"environment\": 4},"
                            " \"estimator\": \"variational\", \"training\": {\"hidden\": 2}}";
    const RunSpec spec = io::runSpecFromDocument(text, "dimers.json");
    QCOMPARE(spec.flow.betas, (std::vector<double>{kDimerPlaceholderBeta}));
    QCOMPARE(spec.flow.rg.steps, 1);
    const QJsonObject json = io::runSpecToJson(spec);
    QVERIFY(!json.contains(QStringLiteral("betas")));
    QCOMPARE(bytesOf(io::runSpecToJson(io::runSpecFromJson(json))), bytesOf(json));
  }

  // The result files of a dimer run (docs/cli.md): no β*, ν, thermometer or β_eff keys, and a CSV
  // without the temperature columns, one row per level.
  void dimerResultFiles() {
    RunSpec spec;
    spec.flow.sampling.model = ModelKind::Dimer;
    spec.flow.sampling.size = 8;
    spec.flow.sampling.samples = 20;
    spec.flow.sampling.noise = true;
    spec.flow.betas = {kDimerPlaceholderBeta};
    spec.flow.rg.steps = 1;
    spec.flow.rg.learning.window = {4, 4, 2, 2};
    spec.flow.rg.learning.training.hiddenCount = 2;
    spec.flow.rg.learning.training.epochs = 2;
    spec.flow.rg.learning.scoreBaselines = false;
    QVERIFY2(validate(spec).empty(), validate(spec).c_str());
    const ExperimentResult result = Experiment(spec).run();
    const QJsonObject json = io::experimentResultToJson(spec, result);
    for (const char* absent : {"beta_c", "beta_c_err", "nu", "nu_err", "fixed_point", "collapse", "thermometer", "majority"})
      QVERIFY2(!json.contains(QLatin1String(absent)), absent);
    const QJsonArray flow = json[QStringLiteral("flow")].toArray();
    QCOMPARE(flow.size(), 2);
    QCOMPARE(flow[0].toObject().keys(), (QStringList{"mi_bits", "size", "step"}));
    QVERIFY(flow[0].toObject()[QStringLiteral("mi_bits")].isDouble());
    QVERIFY(flow[1].toObject()[QStringLiteral("mi_bits")].isNull());  // no filter on the coarse lattice
    const QJsonArray filters = json[QStringLiteral("filters")].toArray();
    QCOMPARE(filters.size(), 1);
    QCOMPARE(filters[0].toObject()[QStringLiteral("weights")].toArray().size(), 2);
    QVERIFY(!filters[0].toObject().contains(QStringLiteral("beta0")));
    QVERIFY(!json[QStringLiteral("flows")].toArray()[0].toObject().contains(QStringLiteral("fixed_point")));
    // Valid JSON (no NaN), and its spec reads back.
    const QByteArray text = QJsonDocument(json).toJson();
    QVERIFY(!QJsonDocument::fromJson(text).isNull());
    QCOMPARE(io::runSpecFromDocument(text, "flow.json").flow.sampling.model, ModelKind::Dimer);

    const QList<QByteArray> rows = io::experimentResultCsv(spec, result).trimmed().split('\n');
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0], QByteArray("replica,rule,step,size,mi_bits,mi_bits_err,nn,nn_err,nnn,nnn_err,abs_m,abs_m_err,"
                                 "energy,energy_err"));
    for (const QByteArray& row : rows) QCOMPARE(row.count(','), rows[0].count(','));
    QVERIFY(rows[1].startsWith("0,learned,0,16,"));
    QVERIFY(rows[2].startsWith("0,learned,1,8,nan,nan,"));  // 2 × 2 blocks, two hiddens side by side
  }

  void refusals_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const QByteArray base = "\"sampling\": {\"model\": \"ising2d\", \"size\": 16, \"samples\": 10}";
    QTest::addRow("not json") << QByteArray("{") << "not valid JSON";
    QTest::addRow("array") << QByteArray("[1]") << "expected a JSON object";
    QTest::addRow("no sampling") << QByteArray("{\"betas\": [0.4]}") << "missing 'sampling'";
    QTest::addRow("no betas") << ("{" + base + "}") << "exactly one of 'betas' or 'temperatures'";
    QTest::addRow("both lists") << ("{" + base + ", \"betas\": [0.4], \"temperatures\": [2]}") << "exactly one of";
    QTest::addRow("beta in sampling")
        << QByteArray("{\"sampling\": {\"model\": \"ising2d\", \"size\": 16, \"samples\": 10, \"beta\": 0.4}, \"betas\": [0.4]}")
        << "not in 'sampling'";
    QTest::addRow("unknown key") << ("{" + base + ", \"betas\": [0.4], \"stpes\": 3}") << "unknown key 'stpes'";
    QTest::addRow("unknown nested key") << ("{" + base + ", \"betas\": [0.4], \"rg\": {\"step\": 3}}") << "rg: unknown key 'step'";
    QTest::addRow("wrong type") << ("{" + base + ", \"betas\": [0.4], \"replicas\": \"two\"}") << "'replicas' must be an integer";
    QTest::addRow("negative beta") << ("{" + base + ", \"betas\": [-0.4]}") << "positive numbers";
    QTest::addRow("repeated beta") << ("{" + base + ", \"betas\": [0.4, 0.4]}") << "repeated beta";
    QTest::addRow("bad estimator") << ("{" + base + ", \"betas\": [0.4], \"estimator\": \"magic\"}") << "unknown estimator 'magic'";
    QTest::addRow("bad block") << ("{" + base + ", \"betas\": [0.4], \"window\": {\"block\": [2]}}") << "'block' must be [width, height]";
    QTest::addRow("block does not tile")
        << ("{" + base + ", \"betas\": [0.4], \"window\": {\"block\": [3, 3]}}") << "";
    QTest::addRow("dimer temperatures")
        << QByteArray("{\"sampling\": {\"model\": \"dimer\", \"size\": 8, \"samples\": 10}, \"betas\": [0.4, 0.5]}")
        << "dimers have no temperature";
    QTest::addRow("dimer window in half cells")
        << QByteArray("{\"sampling\": {\"model\": \"dimer\", \"size\": 8, \"samples\": 10}}")
        << "must be even";
    QTest::addRow("newer format") << ("{" + base + ", \"betas\": [0.4], \"format_version\": 9}") << "newer than this program";
    QTest::addRow("zero steps") << ("{" + base + ", \"betas\": [0.4], \"rg\": {\"steps\": 0}}") << "out of range";
  }
  void refusals() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    try {
      io::runSpecFromDocument(json, "spec.json");
      QFAIL("accepted a bad spec");
    } catch (const io::IoError& e) {
      QCOMPARE(e.kind(), io::IoError::Kind::BadInput);
      QVERIFY2(QString(e.what()).startsWith("spec.json"), e.what());
      QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
  }

  void temperatureRunRoundTrip() {
    RunSpec spec = sampleSpec();
    spec.replicas = 1;
    spec.flow.betas = {0.42, 0.46};
    FinishedRuns runs;
    Experiment(spec).run({}, [&](const ExperimentEvent& e) {
      if (const auto* t = std::get_if<TemperatureEvent>(&e)) runs.emplace(t->key, t->run);
    });
    QCOMPARE(runs.size(), std::size_t(4));
    for (const auto& [key, run] : runs) {
      const QByteArray json = io::temperatureRunToJson(spec, key, run);
      const auto back = io::temperatureRunFromJson(json, spec, key, "run");
      QVERIFY(back.has_value());
      // Written again, the bytes are the same: every number survived exactly.
      QCOMPARE(io::temperatureRunToJson(spec, key, *back), json);
      QCOMPARE(back->levels.size(), run.levels.size());
      QCOMPARE(back->levels[0].learning.heldOutNats, run.levels[0].learning.heldOutNats);
      QVERIFY(back->levels[0].learning.training.filter.weights == run.levels[0].learning.training.filter.weights);
      // Every level's first configuration comes back for the studio's cascade.
      for (std::size_t l = 0; l < run.levels.size(); ++l) {
        QCOMPARE(back->levels[l].snapshot.shape, run.levels[l].shape);
        QVERIFY(back->levels[l].snapshot.values == run.levels[l].snapshot.values);
        QCOMPARE(run.levels[l].snapshot.values.size(), std::size_t(run.levels[l].shape[0] * run.levels[l].shape[1]));
      }
      const QByteArray broken =
          QString::fromUtf8(json).replace(QRegularExpression("(\"snapshot\": *\")[+-]"), "\\1x").toUtf8();
      QVERIFY(broken != json);
      QVERIFY_THROWS_EXCEPTION(io::IoError, io::temperatureRunFromJson(broken, spec, key, "run"));
      // Another spec (or another key) does not take it.
      RunSpec other = spec;
      other.flow.sampling.samples += 1;
      QVERIFY(!io::temperatureRunFromJson(json, other, key, "run").has_value());
      RunKey otherKey = key;
      otherKey.betaIndex = 1 - key.betaIndex;
      QVERIFY(!io::temperatureRunFromJson(json, spec, otherKey, "run").has_value());
      // The thread count never changes a result, so it does not change the fingerprint.
      RunSpec threads = spec;
      threads.flow.sampling.threads = threads.flow.rg.threads = 1;
      QVERIFY(io::temperatureRunFromJson(json, threads, key, "run").has_value());
    }
    QVERIFY_THROWS_EXCEPTION(io::IoError, io::temperatureRunFromJson("{\"format\": \"x\"}", spec, {}, "run"));
  }
};

QTEST_GUILESS_MAIN(TestRunSpecJson)
#include "tst_run_spec_json.moc"
