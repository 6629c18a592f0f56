// Reading imported samples (io/imported_samples.h) and writing the specs that import them: any ±1 or
// boolean .npy is described from its shape, with its absolute path and sha256; a spec names the file
// relative to itself or absolutely; a replaced file is refused, never silently learned on.
#include <QtTest>

#include <QJsonDocument>
#include <QTemporaryDir>

#include "io/atomic_file.h"
#include "io/imported_samples.h"
#include "io/io_error.h"
#include "io/manifest.h"
#include "io/npy.h"
#include "io/run_spec_json.h"

using namespace rsmi;

namespace {

SampleSet chainSet(int count, int length) {
  SampleSet s;
  s.shape = {length};
  for (int i = 0; i < count * length; ++i) s.values.push_back(i % 5 == 0 ? -1 : 1);
  return s;
}

// numpy's np.save of a bool array of shape (count, side, side): version 1.0, '|b1'.
QByteArray boolNpy(int count, int side, const std::vector<bool>& values) {
  QByteArray header = "{'descr': '|b1', 'fortran_order': False, 'shape': (" + QByteArray::number(count) + ", " +
                      QByteArray::number(side) + ", " + QByteArray::number(side) + "), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  QByteArray bytes("\x93NUMPY\x01\x00", 8);
  bytes += char(header.size() & 0xff);
  bytes += char(header.size() >> 8);
  bytes += header;
  for (bool v : values) bytes += char(v ? 1 : 0);
  return bytes;
}

QString problemOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

}  // namespace

class TestImportedSamples : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void booleanArraysAreSpins() {
    QTemporaryDir dir;
    std::vector<bool> values(3 * 4 * 4);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = i % 3 == 0;
    const QString path = dir.filePath("snapshots.npy");
    const QByteArray bytes = boolNpy(3, 4, values);
    io::writeFileAtomically(path, bytes, false);

    QDir::setCurrent(dir.path());
    const io::ImportedSamples imported = io::importSamples(QStringLiteral("snapshots.npy"));
    QCOMPARE(QString::fromStdString(imported.sampling.samplesFile), QFileInfo(path).absoluteFilePath());
    QCOMPARE(QString::fromStdString(imported.sampling.samplesSha256), io::sha256Hex(bytes));
    QCOMPARE(imported.sampling.model, ModelKind::Ising2D);
    QCOMPARE(imported.sampling.size, 4);
    QCOMPARE(imported.sampling.samples, 3);
    QCOMPARE(imported.samples->values.at(0), std::int8_t(1));   // True → +1
    QCOMPARE(imported.samples->values.at(1), std::int8_t(-1));  // False → −1
  }

  void badFilesNameTheProblem() {
    QTemporaryDir dir;
    QVERIFY(problemOf([&] { io::importSamples(dir.filePath("missing.npy")); }).contains("does not exist"));
    io::writeFileAtomically(dir.filePath("text.npy"), "not a numpy file", false);
    QVERIFY(problemOf([&] { io::importSamples(dir.filePath("text.npy")); }).contains("text.npy"));
    SampleSet rectangle;
    rectangle.shape = {2, 3};
    rectangle.values.assign(12, 1);
    io::writeNpy(dir.filePath("rect.npy"), rectangle);
    const QString problem = problemOf([&] { io::importSamples(dir.filePath("rect.npy")); });
    QVERIFY2(problem.contains("square") && problem.contains("rect.npy"), qPrintable(problem));
  }

  // A spec written with the import, read back from another folder: the relative name is found next
  // to the spec, the sha256 is checked, and a file replaced in between is refused.
  void specsFindAndCheckTheirFile() {
    QTemporaryDir dir;
    io::writeNpy(dir.filePath("chain.npy"), chainSet(20, 32));
    const io::ImportedSamples imported = io::importSamples(dir.filePath("chain.npy"));
    RunSpec spec;
    spec.flow.sampling = imported.sampling;
    spec.flow.betas = {1.0};
    spec.flow.rg.learning.window.blockHeight = 1;
    QCOMPARE(validate(spec), std::string());

    QJsonObject json = io::runSpecToJson(spec);
    QVERIFY(!json.contains("betas"));  // no temperature to list
    const RunSpec back = io::runSpecFromJson(json);
    QCOMPARE(back.flow.sampling.samplesFile, spec.flow.sampling.samplesFile);
    QCOMPARE(back.flow.sampling.samplesSha256, spec.flow.sampling.samplesSha256);
    QCOMPARE(io::runSpecToJson(back), json);

    // Named relative to the spec's folder.
    QJsonObject sampling = json["sampling"].toObject();
    sampling["file"] = "chain.npy";
    json["sampling"] = sampling;
    io::writeFileAtomically(dir.filePath("spec.json"), QJsonDocument(json).toJson(), false);
    QDir::setCurrent(QDir::tempPath());
    const RunSpec relative = io::readRunSpec(dir.filePath("spec.json"));
    QCOMPARE(QString::fromStdString(relative.flow.sampling.samplesFile), QDir(dir.path()).absoluteFilePath("chain.npy"));
    const auto samples = io::readImportedSamples(relative.flow.sampling);
    QCOMPARE(samples->count(), std::size_t(20));

    // The same shape and count, other values: only the sha256 tells.
    SampleSet other = chainSet(20, 32);
    other.values[7] = std::int8_t(-other.values[7]);
    io::writeNpy(dir.filePath("chain.npy"), other, true);
    QVERIFY(problemOf([&] { io::readImportedSamples(relative.flow.sampling); }).contains("sha256 differs"));
    // Without a recorded sha256 the geometry is still checked.
    SamplingSpec unhashed = relative.flow.sampling;
    unhashed.samplesSha256.clear();
    io::writeNpy(dir.filePath("chain.npy"), chainSet(21, 32), true);
    QVERIFY(problemOf([&] { io::readImportedSamples(unhashed); }).contains("21 samples"));
  }

  void badKeysAreRefused() {
    SamplingSpec s;
    QJsonObject o = io::specToJson(s);
    QVERIFY(!o.contains("file") && !o.contains("file_sha256"));  // drawn samples keep their bytes
    o["file_sha256"] = QString(64, QLatin1Char('a'));
    QVERIFY(problemOf([&] { io::specFromJson(o); }).contains("without 'file'"));
    o["file"] = "x.npy";
    o["file_sha256"] = "ABC";
    QVERIFY(problemOf([&] { io::specFromJson(o); }).contains("64 lowercase hexadecimal"));
    o["file"] = "";
    o.remove("file_sha256");
    QVERIFY(problemOf([&] { io::specFromJson(o); }).contains("must name a .npy"));
  }
};

QTEST_GUILESS_MAIN(TestImportedSamples)
#include "tst_imported_samples.moc"
