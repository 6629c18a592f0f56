// rsmi::io manifests: a round trip keeps every parameter; bad manifests are refused by name.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "io/manifest.h"
#include "io/npy.h"

using rsmi::ModelKind;
using rsmi::SamplerKind;
using rsmi::SamplingSpec;
using rsmi::io::IoError;

namespace {

bool sameSpec(const SamplingSpec& a, const SamplingSpec& b) {
  return a.model == b.model && a.size == b.size && a.beta == b.beta && a.coupling == b.coupling &&
         a.sampler == b.sampler && a.samples == b.samples && a.thermalization == b.thermalization &&
         a.spacing == b.spacing && a.seed == b.seed && a.threads == b.threads && a.chains == b.chains &&
         a.noise == b.noise && a.noiseCoupling == b.noiseCoupling;
}

SamplingSpec someSpec() {
  SamplingSpec s;
  s.model = ModelKind::Ising2D;
  s.size = 24;
  s.beta = 0.1 + 0.2;  // not a short decimal: the JSON must keep every bit
  s.coupling = 1.5;
  s.sampler = SamplerKind::SwendsenWang;
  s.samples = 321;
  s.thermalization = 17;
  s.spacing = 3;
  s.seed = 987654321;
  s.threads = 2;
  s.chains = 5;
  return s;
}

rsmi::io::SampleManifest someManifest() {
  rsmi::SampleSet set;
  set.shape = {4, 4};
  set.values.assign(3 * 16, 1);
  const QByteArray bytes = rsmi::io::encodeNpy(set);
  return rsmi::io::describeSamples("/tmp/x/run.npy", bytes, someSpec(), "rsmi sample --model ising2d 'a b'");
}

// The JSON object of a valid manifest with one value replaced (path "key" or "spec.key");
// an undefined value removes the key.
QByteArray edited(const QString& path, const QJsonValue& value) {
  QJsonObject o = QJsonDocument::fromJson(rsmi::io::manifestToJson(someManifest())).object();
  const QStringList parts = path.split('.');
  if (parts.size() == 1) {
    if (value.isUndefined()) o.remove(parts[0]);
    else o[parts[0]] = value;
  } else {
    QJsonObject spec = o["spec"].toObject();
    if (value.isUndefined()) spec.remove(parts[1]);
    else spec[parts[1]] = value;
    o["spec"] = spec;
  }
  return QJsonDocument(o).toJson();
}

} // namespace

class TestManifest : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void roundTrip_data() {
    QTest::addColumn<int>("model");
    QTest::addColumn<int>("sampler");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<bool>("noise");
    QTest::addRow("ising2d sw") << int(ModelKind::Ising2D) << int(SamplerKind::SwendsenWang) << quint64(1) << false;
    QTest::addRow("ising2d metropolis seed 0") << int(ModelKind::Ising2D) << int(SamplerKind::Metropolis) << quint64(0)
                                               << false;
    QTest::addRow("ising1d exact") << int(ModelKind::Ising1D) << int(SamplerKind::ExactChain) << quint64(42) << false;
    QTest::addRow("dimer worm noise") << int(ModelKind::Dimer) << int(SamplerKind::Worm) << quint64(7) << true;
    QTest::addRow("seed 2^53 - 1") << int(ModelKind::Ising2D) << int(SamplerKind::Wolff) << quint64((1ull << 53) - 1)
                                   << false;
    QTest::addRow("seed 2^64 - 1 (string)") << int(ModelKind::Ising2D) << int(SamplerKind::Wolff)
                                            << quint64(18446744073709551615ull) << false;
  }
  void roundTrip() {
    QFETCH(int, model);
    QFETCH(int, sampler);
    QFETCH(quint64, seed);
    QFETCH(bool, noise);
    rsmi::io::SampleManifest m = someManifest();
    m.spec.model = ModelKind(model);
    m.spec.sampler = SamplerKind(sampler);
    m.spec.seed = seed;
    m.spec.noise = noise;
    m.spec.noiseCoupling = noise ? 2.25 : 1.0;
    QTemporaryDir dir;
    const QString path = dir.filePath("run.json");
    rsmi::io::writeManifest(path, m);
    const rsmi::io::SampleManifest back = rsmi::io::readManifest(path);
    QVERIFY(sameSpec(back.spec, m.spec));
    QCOMPARE(back.program, m.program);
    QCOMPARE(back.version, QStringLiteral(RSMI_VERSION));
    QCOMPARE(back.command, m.command);
    QCOMPARE(back.created, m.created);
    QCOMPARE(back.file, QStringLiteral("run.npy"));
    QCOMPARE(back.shape, (std::vector<std::int64_t>{3, 4, 4}));
    QCOMPARE(back.dtype, QStringLiteral("|i1"));
    QCOMPARE(back.bytes, m.bytes);
    QCOMPARE(back.sha256, m.sha256);
    // Refuses to overwrite without force, like every writer in rsmi::io.
    QVERIFY_THROWS_EXCEPTION(IoError, rsmi::io::writeManifest(path, m));
    rsmi::io::writeManifest(path, m, true);
  }

  void describesTheFile() {
    const rsmi::io::SampleManifest m = someManifest();
    QCOMPARE(m.file, QStringLiteral("run.npy"));
    QCOMPARE(m.shape, (std::vector<std::int64_t>{3, 4, 4}));
    QCOMPARE(m.bytes, qint64(128 + 48));
    QCOMPARE(m.sha256.size(), 64);
    QVERIFY(m.created.endsWith('Z'));
    QVERIFY(QDateTime::fromString(m.created, Qt::ISODate).isValid());
    // The known SHA-256 test vector (FIPS 180-2).
    QCOMPARE(rsmi::io::sha256Hex("abc"), QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(rsmi::io::manifestPathFor("a/b/run.npy"), QStringLiteral("a/b/run.json"));
    QCOMPARE(rsmi::io::manifestPathFor("run.NPY"), QStringLiteral("run.json"));
    QCOMPARE(rsmi::io::manifestPathFor("run.data"), QStringLiteral("run.data.json"));
  }

  void temperatureAlone() {
    QJsonObject spec{{"model", "ising2d"}, {"temperature", 2.0}};
    const SamplingSpec s = rsmi::io::specFromJson(spec);
    QCOMPARE(s.beta, 0.5);
    QCOMPARE(s.size, SamplingSpec{}.size);  // missing keys keep the defaults
    spec["seed"] = "12345678901234567890";
    QCOMPARE(rsmi::io::specFromJson(spec).seed, 12345678901234567890ull);
  }

  void errors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("fragment");
    QTest::addRow("not JSON") << QByteArray("{\"spec\": ") << "not valid JSON";
    QTest::addRow("array") << QByteArray("[1, 2]") << "must be a JSON object";
    QTest::addRow("unknown top-level key") << edited("colour", "blue") << "unknown key 'colour'";
    QTest::addRow("unknown spec key") << edited("spec.sise", 32) << "spec: unknown key 'sise'";
    QTest::addRow("missing spec") << edited("spec", QJsonValue(QJsonValue::Undefined)) << "missing key 'spec'";
    QTest::addRow("spec not an object") << edited("spec", 3) << "'spec' must be an object, got a number";
    QTest::addRow("size as string") << edited("spec.size", "32") << "'size' must be an integer, got a string";
    QTest::addRow("size not integral") << edited("spec.size", 3.5) << "'size' must be an integer";
    QTest::addRow("samples negative") << edited("spec.samples", -4) << "'samples' = -4 is out of range";
    QTest::addRow("beta as bool") << edited("spec.beta", true) << "'beta' must be a number, got a boolean";
    QTest::addRow("beta and temperature disagree") << edited("spec.temperature", 9.0) << "disagree";
    QTest::addRow("unknown model") << edited("spec.model", "potts") << "unknown model 'potts'";
    QTest::addRow("unknown sampler") << edited("spec.sampler", "gibbs") << "unknown sampler 'gibbs'";
    QTest::addRow("negative seed") << edited("spec.seed", -1) << "'seed' must be a non-negative integer";
    QTest::addRow("seed not digits") << edited("spec.seed", "0x10") << "'seed' must be an integer";
    QTest::addRow("seed as array") << edited("spec.seed", QJsonArray{1}) << "'seed' must be an integer (or a decimal string), got an array";
    QTest::addRow("noise as string") << edited("spec.noise", "yes") << "'noise' must be true or false, got a string";
    QTest::addRow("shape of strings") << edited("shape", QJsonArray{"a"}) << "'shape' must be an array";
    QTest::addRow("sha256 as number") << edited("sha256", 5) << "'sha256' must be a string";
    QTest::addRow("other format") << edited("format", "something-else") << "'format'";
    QTest::addRow("future format version") << edited("format_version", 99) << "newer";
  }
  void errors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, fragment);
    try {
      rsmi::io::manifestFromJson(json, "m.json");
      QFAIL("accepted a bad manifest");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::BadInput);
      const QString message = QString::fromStdString(e.what());
      QVERIFY2(message.startsWith("m.json"), qPrintable(message));
      QVERIFY2(message.contains(fragment), qPrintable(message));
    }
  }

  void missingFile() {
    QTemporaryDir dir;
    try {
      rsmi::io::readManifest(dir.filePath("nothing.json"));
      QFAIL("read a missing manifest");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::NotFound);
    }
  }
};

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
