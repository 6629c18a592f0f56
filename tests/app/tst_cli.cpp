// The rsmi program end to end, through QProcess: bad input gives exit status 2 and a message that
// names the problem (and touches no file); sample → observe round trip; exact values; --force.
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <cmath>

#include "core/exact/kaufman.h"
#include "core/exact/onsager.h"
#include "io/manifest.h"
#include "io/npy.h"
#include "cli_test_runs.h"

namespace {

using rsmi::testing::Run;
using rsmi::testing::runRsmi;
using rsmi::testing::snapshot;
using rsmi::testing::words;

QJsonObject parseJson(const QByteArray& text) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
  if (error.error != QJsonParseError::NoError || !doc.isObject()) {
    qWarning() << "not a JSON object:" << error.errorString() << text;
    return {};
  }
  return doc.object();
}

QByteArray fileHash(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}


const char* const kSample = "sample --model ising2d --size 8 --beta 0.4 --samples 10 --seed 1 --quiet ";

} // namespace

class TestCli : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    rsmi::SampleSet set;
    set.shape = {4, 4};
    set.values.assign(2 * 16, 1);
    rsmi::io::writeNpy(dir_.filePath("existing.npy"), set);
    const QByteArray bytes = rsmi::io::encodeNpy(set);
    QFile truncated(dir_.filePath("truncated.npy"));
    QVERIFY(truncated.open(QIODevice::WriteOnly));
    truncated.write(bytes.left(bytes.size() - 5));
    truncated.close();
    QFile text(dir_.filePath("notes.npy"));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("these are notes, not an array\n");
    text.close();
    // A 1D file whose entry [0, 5] is 3.
    set.shape = {32};
    set.values.assign(32, 1);
    QByteArray b = rsmi::io::encodeNpy(set);
    b[b.size() - 32 + 5] = 3;
    QFile three(dir_.filePath("three.npy"));
    QVERIFY(three.open(QIODevice::WriteOnly));
    three.write(b);
    three.close();
    QVERIFY(QDir(dir_.path()).mkdir("folder.npy"));
  }

  void badArguments_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("fragment");
    QTest::addRow("no command") << QStringList{} << "missing the command";
    QTest::addRow("unknown command") << words("frobnicate") << "unknown command 'frobnicate'";
    QTest::addRow("unknown option") << words("sample --sise 8") << "unknown option '--sise'";
    QTest::addRow("single dash") << words("sample -s 8") << "unknown option '-s'";
    QTest::addRow("missing model") << words("sample --size 8 --beta 1 --samples 3 --seed 1 --out x.npy")
                                   << "missing required option '--model";
    QTest::addRow("unknown model") << words("sample --model potts --size 8") << "unknown model 'potts'";
    QTest::addRow("missing value") << words("sample --model ising2d --size") << "'--size' needs a value";
    QTest::addRow("non-numeric size") << words("sample --model ising2d --size eight") << "'eight' is not an integer";
    QTest::addRow("fractional samples") << words("sample --model ising2d --size 8 --beta 1 --samples 2.5 --seed 1 --out x.npy")
                                        << "'2.5' is not an integer";
    QTest::addRow("non-numeric beta") << words("sample --model ising2d --size 8 --beta warm --samples 3 --seed 1 --out x.npy")
                                      << "'warm' is not a number";
    QTest::addRow("NaN beta") << words("sample --model ising2d --size 8 --beta nan --samples 3 --seed 1 --out x.npy")
                              << "not a finite number";
    QTest::addRow("infinite temperature")
        << words("sample --model ising2d --size 8 --temperature inf --samples 3 --seed 1 --out x.npy") << "not a finite number";
    QTest::addRow("beta 0") << words("sample --model ising2d --size 8 --beta 0 --samples 3 --seed 1 --out x.npy")
                            << "--beta: must be > 0";
    QTest::addRow("negative beta") << words("sample --model ising2d --size 8 --beta -0.5 --samples 3 --seed 1 --out x.npy")
                                   << "--beta: must be > 0";
    QTest::addRow("beta and temperature")
        << words("sample --model ising2d --size 8 --beta 1 --temperature 1 --samples 3 --seed 1 --out x.npy") << "not both";
    QTest::addRow("no temperature") << words("sample --model ising2d --size 8 --samples 3 --seed 1 --out x.npy")
                                    << "give --beta B or --temperature T";
    QTest::addRow("odd dimer size") << words("sample --model dimer --size 5 --samples 3 --seed 1 --out x.npy") << "even size";
    QTest::addRow("dimer with beta") << words("sample --model dimer --size 4 --beta 1 --samples 3 --seed 1 --out x.npy")
                                     << "--beta does not apply to the dimer model";
    QTest::addRow("noise on ising") << words("sample --model ising2d --size 8 --beta 1 --noise 2 --samples 3 --seed 1 --out x.npy")
                                    << "noise spins exist only for the dimer model";
    QTest::addRow("wrong sampler") << words("sample --model ising1d --size 8 --beta 1 --sampler worm --samples 3 --seed 1 --out x.npy")
                                   << "cannot sample model 'ising1d'";
    QTest::addRow("unknown sampler") << words("sample --model ising2d --size 8 --beta 1 --sampler gibbs --samples 3 --seed 1 --out x.npy")
                                     << "unknown sampler 'gibbs'";
    QTest::addRow("zero samples") << words("sample --model ising2d --size 8 --beta 1 --samples 0 --seed 1 --out x.npy")
                                  << "at least 1";
    QTest::addRow("negative seed") << words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed -4 --out x.npy")
                                   << "'-4' is not a non-negative integer";
    QTest::addRow("size too small") << words("sample --model ising2d --size 1 --beta 1 --samples 3 --seed 1 --out x.npy")
                                    << "out of range";
    QTest::addRow("out not .npy") << words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed 1 --out x.csv")
                                  << "must end in .npy";
    QTest::addRow("existing output") << words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed 1 --out existing.npy")
                                     << "'existing.npy' already exists; pass --force";
    QTest::addRow("output folder missing")
        << words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed 1 --out nowhere/x.npy") << "does not exist";
    QTest::addRow("output is a directory")
        << words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed 1 --out folder.npy --force") << "is a directory";
    QTest::addRow("flag with value") << words("sample --json=yes") << "'--json' takes no value";
    QTest::addRow("option twice") << words("sample --size 8 --size 9") << "given more than once";
    QTest::addRow("observe no file") << words("observe") << "missing FILE.npy";
    QTest::addRow("observe missing file") << words("observe absent.npy") << "'absent.npy' does not exist";
    QTest::addRow("observe directory") << words("observe folder.npy") << "is a directory";
    QTest::addRow("observe not npy") << words("observe notes.npy") << "not a .npy file";
    QTest::addRow("observe truncated") << words("observe truncated.npy") << "truncated";
    QTest::addRow("observe value 3") << words("observe three.npy") << "entry [0, 5] (sample 0) is 3";
    QTest::addRow("observe two files") << words("observe existing.npy notes.npy") << "unexpected argument 'notes.npy'";
    QTest::addRow("observe NaN coupling") << words("observe existing.npy --coupling nan") << "not a finite number";
    QTest::addRow("exact no model") << words("exact") << "missing the model";
    QTest::addRow("exact unknown model") << words("exact potts --size 4") << "unknown model 'potts'";
    QTest::addRow("exact no temperature") << words("exact ising2d --size 8") << "give --beta B or --temperature T";
    QTest::addRow("exact odd dimer") << words("exact dimer --size 5") << "even size";
    QTest::addRow("exact dimer beta") << words("exact dimer --size 4 --beta 1") << "unknown option '--beta'";
    QTest::addRow("exact negative temperature") << words("exact ising1d --size 8 --temperature -1") << "must be > 0";
    QTest::addRow("bench unknown") << words("bench gpu") << "unknown benchmark 'gpu'";
    QTest::addRow("bench odd size") << words("bench mc --sizes 64,7") << "7 is odd";
    QTest::addRow("bench bad list") << words("bench mc --threads 1,,2") << "not a comma-separated list";
    QTest::addRow("bench zero seconds") << words("bench mc --seconds 0") << "--seconds";
    QTest::addRow("bench unknown kernel") << words("bench mc --kernels heatbath") << "unknown kernel 'heatbath'";
    QTest::addRow("bench learn unknown case") << words("bench learn --cases ising-exact,potts") << "unknown case 'potts'";
    QTest::addRow("help unknown") << words("help frobnicate") << "unknown command 'frobnicate'";
    QTest::addRow("flow dimer") << words("flow --model dimer --size 8 --betas 0.4,0.5 --samples 10 --out d")
                                << "no temperature";
    QTest::addRow("flow dimer window in half cells") << words("flow --model dimer --size 8 --samples 10 --out d")
                                                    << "must be even";
    QTest::addRow("flow dimer two steps") << words("flow --model dimer --size 16 --samples 10 --block 8x8 --buffer 4 "
                                                   "--env 4 --estimator variational --steps 2 --out d")
                                          << "one RG step";
    QTest::addRow("flow noise on ising") << words("flow --model ising2d --size 16 --betas 0.4,0.5 --samples 10 --noise 1 --out d")
                                         << "noise spins exist only for the dimer model";
    QTest::addRow("flow one beta") << words("flow --model ising2d --size 16 --betas 0.4 --samples 10 --out d")
                                   << "at least two temperatures";
    QTest::addRow("flow two grids") << words("flow --model ising2d --size 16 --betas 0.4,0.5 --beta-range 0.4:0.5:3 "
                                             "--samples 10 --out d")
                                    << "exactly one of";
    QTest::addRow("flow bad range") << words("flow --model ising2d --size 16 --beta-range 0.5:0.4:3 --samples 10 --out d")
                                    << "HIGH must exceed LOW";
    QTest::addRow("flow bad beta") << words("flow --model ising2d --size 16 --betas 0.4,warm --samples 10 --out d")
                                   << "'warm' is not a number";
    QTest::addRow("flow window too large") << words("flow --model ising2d --size 4 --betas 0.4,0.5 --samples 10 --out d")
                                           << "larger than the lattice";
    QTest::addRow("flow out is a file") << words("flow --model ising2d --size 16 --betas 0.4,0.5 --samples 10 --out notes.npy")
                                        << "not a folder";
    QTest::addRow("train no samples") << words("train --out f.json") << "--samples";
    QTest::addRow("train missing file") << words("train --samples absent.npy --out f.json") << "'absent.npy' does not exist";
    QTest::addRow("train block not tiling") << words("train --samples existing.npy --out f.json --block 3x3")
                                             << "does not tile";
    QTest::addRow("train window too large") << words("train --samples existing.npy --out f.json")
                                             << "larger than the lattice";
    QTest::addRow("train bad block") << words("train --samples existing.npy --out f.json --block 2by2")
                                      << "is not a block size";
    QTest::addRow("train unknown estimator") << words("train --samples existing.npy --out f.json --estimator mine")
                                              << "unknown estimator 'mine'";
    QTest::addRow("train too many hiddens") << words("train --samples existing.npy --out f.json --hidden 9")
                                             << "--hidden";
    QTest::addRow("train existing output") << words("train --samples existing.npy --out notes.npy --block 1x1 --buffer 0")
                                            << "exists";
  }
  void badArguments() {
    QFETCH(QStringList, args);
    QFETCH(QString, fragment);
    const auto before = snapshot(dir_.path());
    const Run r = runRsmi(args, dir_.path());
    QCOMPARE(r.code, 2);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith("rsmi: error: "), qPrintable(err));
    QVERIFY2(err.contains(fragment), qPrintable(err));
    QCOMPARE(err.count('\n'), 1);  // one message, one line
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QCOMPARE(snapshot(dir_.path()), before);  // nothing written, nothing overwritten
  }

  void sampleObserveRoundTrip() {
    QTemporaryDir dir;
    const QStringList args =
        words("sample --model ising2d --size 8 --beta 0.3 --samples 2000 --seed 11 --out rt.npy --json --quiet");
    const Run r = runRsmi(args, dir.path());
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = parseJson(r.out);
    QCOMPARE(o["out"].toString(), QStringLiteral("rt.npy"));
    QCOMPARE(o["manifest"].toString(), QStringLiteral("rt.json"));
    QCOMPARE(o["shape"].toArray(), (QJsonArray{2000, 8, 8}));
    QVERIFY(o["seconds"].toDouble() >= 0);
    QVERIFY(o["samples_per_second"].toDouble() > 0);
    QCOMPARE(o["spec"].toObject()["model"].toString(), QStringLiteral("ising2d"));
    QCOMPARE(o["spec"].toObject()["sampler"].toString(), QStringLiteral("wolff"));  // auto, resolved
    QVERIFY(o["spec"].toObject()["thermalization"].toInt() >= 0);
    QVERIFY(o["spec"].toObject()["spacing"].toInt() >= 1);

    // The manifest beside the file describes it exactly.
    const rsmi::io::SampleManifest m = rsmi::io::readManifest(dir.filePath("rt.json"));
    QCOMPARE(m.sha256, QString::fromLatin1(fileHash(dir.filePath("rt.npy"))));
    QCOMPARE(m.sha256, o["sha256"].toString());
    QCOMPARE(m.spec.samples, 2000);
    QCOMPARE(m.spec.seed, 11u);
    QVERIFY(m.command.startsWith("rsmi sample --model ising2d"));

    // The same spec on one thread gives the same bytes.
    const Run again = runRsmi(words("sample --model ising2d --size 8 --beta 0.3 --samples 2000 --seed 11 --out one.npy "
                                 "--threads 1 --quiet"),
                           dir.path());
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(fileHash(dir.filePath("one.npy")), fileHash(dir.filePath("rt.npy")));

    const Run obs = runRsmi({"observe", "rt.npy", "--json"}, dir.path());
    QVERIFY2(obs.code == 0, obs.err.constData());
    const QJsonObject v = parseJson(obs.out);
    QCOMPARE(v["samples"].toInt(), 2000);
    for (const char* key : {"energy_per_site", "abs_magnetization", "magnetization_squared", "binder_cumulant",
                            "nn_correlation", "nnn_correlation"}) {
      const QString k = QString::fromLatin1(key);
      QVERIFY2(v[k].isDouble() && v[k + "_err"].isDouble() && v[k + "_tau"].isDouble(), key);
      QVERIFY2(v[k + "_err"].toDouble() >= 0 && v[k + "_tau"].toDouble() > 0, key);
    }
    // Energy agrees with Kaufman's exact value within 5 standard errors.
    const double exact = rsmi::exact::kaufmanTorus(8, 0.3).energyPerSite;
    const double z = (v["energy_per_site"].toDouble() - exact) / v["energy_per_site_err"].toDouble();
    QVERIFY2(std::fabs(z) < 5, qPrintable(QString("z = %1").arg(z)));

    // Text output: an aligned table that names every observable.
    const Run text = runRsmi({"observe", "rt.npy"}, dir.path());
    QCOMPARE(text.code, 0);
    QVERIFY(text.out.contains("binder_cumulant"));
  }

  void trainJson() {
    // A small end-to-end learning run: the documented keys, a learned filter of the block's size,
    // MI between 0 and one bit, and the three baselines.
    QTemporaryDir dir;
    Run r = runRsmi(words("sample --model ising2d --size 16 --beta 0.44 --samples 200 --seed 5 --out s.npy --quiet"),
                    dir.path());
    QVERIFY2(r.code == 0, r.err.constData());
    r = runRsmi(words("train --samples s.npy --out f.json --epochs 5 --json --quiet"), dir.path());
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = parseJson(r.out);
    QVERIFY(o["mi_bits"].toDouble() > 0 && o["mi_bits"].toDouble() < 1);
    QVERIFY(std::fabs(o["mi_nats"].toDouble() - o["mi_bits"].toDouble() * std::log(2.0)) < 1e-12);
    QCOMPARE(o["block"].toArray(), (QJsonArray{2, 2}));
    QCOMPARE(o["weights"].toArray().size(), 1);
    QCOMPARE(o["weights"].toArray()[0].toArray().size(), 4);
    for (const char* rule : {"majority", "decimation", "boundary"}) QVERIFY2(o["baselines"].toObject()[rule].isDouble(), rule);
    QVERIFY(o["epochs"].toInt() >= 1 && o["epochs"].toInt() <= 5);
    QVERIFY(o["seconds"].toDouble() >= 0);
    QFile written(dir.filePath("f.json"));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(written.readAll()).object()["weights"], o["weights"]);
  }

  void flowJson() {
    QTemporaryDir dir;
    const Run r = runRsmi(words("flow --model ising2d --size 16 --beta-range 0.38:0.50:4 --samples 60 --steps 1 "
                                "--epochs 5 --out out --json --quiet"),
                          dir.path());
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = parseJson(r.out);
    for (const char* key : {"beta_c", "beta_c_err", "nu", "nu_err", "flow", "seconds"}) QVERIFY2(o.contains(key), key);
    const QJsonArray flow = o["flow"].toArray();
    QCOMPARE(flow.size(), 4 * 2);
    for (const char* key : {"beta0", "step", "size", "mi_bits", "beta_eff", "beta_eff_err"})
      QVERIFY2(flow[1].toObject().contains(key), key);
    QCOMPARE(flow[1].toObject()["size"].toInt(), 8);
    QVERIFY(QFileInfo::exists(dir.filePath("out/flow.json")));
    QFile csv(dir.filePath("out/flow.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), 1 + 4 * 2);
    // Without --force the results are not replaced.
    const Run again = runRsmi(words("flow --model ising2d --size 16 --beta-range 0.38:0.50:4 --samples 60 --steps 1 "
                                    "--epochs 5 --out out --quiet"),
                              dir.path());
    QCOMPARE(again.code, 2);
    QVERIFY(again.err.contains("exists"));
  }

  // run.json (or flow.json) repeats an experiment bit for bit, with any thread count; --resume reuses
  // finished temperatures and gives the same results; a bad spec is refused with its key named.
  void runReproducesAndResumes() {
    QTemporaryDir dir;
    const Run first = runRsmi(words("flow --model ising2d --size 16 --beta-range 0.38:0.50:4 --samples 60 --steps 1 "
                                    "--epochs 5 --compare-majority --out a --quiet --threads 2"),
                              dir.path());
    QVERIFY2(first.code == 0, first.err.constData());
    auto read = [&](const QString& name) {
      QFile f(dir.filePath(name));
      return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray csv = read("a/flow.csv");
    QCOMPARE(csv.count('\n'), 1 + 2 * 4 * 2);  // learned and majority, 4 temperatures, 2 levels
    QCOMPARE(QDir(dir.filePath("a/runs")).entryList(QDir::Files).size(), 8);

    const Run again = runRsmi(words("run a/run.json --out b --threads 1 --quiet"), dir.path());
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(read("b/flow.csv"), csv);
    const Run fromResult = runRsmi(words("run a/flow.json --out c --quiet"), dir.path());
    QVERIFY2(fromResult.code == 0, fromResult.err.constData());
    QCOMPARE(read("c/flow.csv"), csv);

    // An interrupted experiment: two temperatures lost; --resume computes only those.
    QVERIFY(QFile::remove(dir.filePath("b/runs/r0-learned-b1.json")));
    QVERIFY(QFile::remove(dir.filePath("b/runs/r0-majority-b3.json")));
    const Run refused = runRsmi(words("run a/run.json --out b --quiet"), dir.path());
    QCOMPARE(refused.code, 2);
    const Run resumed = runRsmi(words("run a/run.json --out b --resume"), dir.path());
    QVERIFY2(resumed.code == 0, resumed.err.constData());
    QVERIFY2(resumed.err.contains("6 of 8"), resumed.err.constData());
    QCOMPARE(read("b/flow.csv"), csv);

    // A job array: three parts into one folder (each only its own runs, no results), then the merge.
    for (const char* part : {"0/3", "1/3", "2/3"}) {
      const Run r = runRsmi(words("run a/run.json --out parts --quiet --part ") + QStringList{part}, dir.path());
      QVERIFY2(r.code == 0, r.err.constData());
      QVERIFY2(r.out.contains("rsmi run"), r.out.constData());  // says how to merge
      QVERIFY(!QFileInfo::exists(dir.filePath("parts/flow.csv")));
    }
    QCOMPARE(QDir(dir.filePath("parts/runs")).entryList(QDir::Files).size(), 8);
    const Run merged = runRsmi(words("run parts/run.json --out parts --resume"), dir.path());
    QVERIFY2(merged.code == 0, merged.err.constData());
    QVERIFY2(merged.err.contains("8 of 8"), merged.err.constData());
    QCOMPARE(read("parts/flow.csv"), csv);
    for (const char* part : {"3/3", "-1/3", "1", "a/b", "0/0"}) {
      const Run r = runRsmi(words("run a/run.json --out parts2 --part ") + QStringList{part}, dir.path());
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains("--part"), r.err.constData());
    }
    // A part of another experiment into the same folder is refused.
    const Run other = runRsmi(words("flow --model ising2d --size 16 --betas 0.4,0.5 --samples 20 --steps 1 --out parts "
                                    "--part 0/2"),
                              dir.path());
    QCOMPARE(other.code, 2);
    QVERIFY2(other.err.contains("spec of another experiment"), other.err.constData());

    QFile bad(dir.filePath("bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"sampling\": {\"model\": \"ising2d\", \"size\": 16, \"samples\": 10}, \"betas\": [0.4], \"stpes\": 2}");
    bad.close();
    const Run badRun = runRsmi(words("run bad.json --out d"), dir.path());
    QCOMPARE(badRun.code, 2);
    QVERIFY2(badRun.err.contains("unknown key 'stpes'"), badRun.err.constData());
    QVERIFY(!QFileInfo::exists(dir.filePath("d/flow.json")));
  }

  // A dimer experiment (one RSMI step, no temperature): rsmi flow --model dimer and rsmi run of its
  // run.json give the same files on 1 and 2 threads; flow.json has no beta_c, nu or beta_eff keys and
  // flow.csv no temperature columns (docs/cli.md).
  void dimerRun() {
    QTemporaryDir dir;
    const Run first = runRsmi(words("flow --model dimer --size 16 --samples 60 --noise 1 --block 8x8 --buffer 4 --env 4 "
                                    "--hidden 2 --estimator variational --epochs 3 --out a --threads 2 --json --quiet"),
                              dir.path());
    QVERIFY2(first.code == 0, first.err.constData());
    const QJsonObject o = parseJson(first.out);
    for (const char* key : {"spec", "flow", "flows", "filters", "stage_seconds", "seconds"}) QVERIFY2(o.contains(key), key);
    for (const char* key : {"beta_c", "nu", "fixed_point", "collapse", "thermometer"}) QVERIFY2(!o.contains(key), key);
    QVERIFY(!o["spec"].toObject().contains("betas"));
    QCOMPARE(o["spec"].toObject()["rg"].toObject()["steps"].toInt(), 1);
    const QJsonArray flow = o["flow"].toArray();
    QCOMPARE(flow.size(), 2);
    QVERIFY(!flow[0].toObject().contains("beta_eff"));
    QVERIFY(flow[0].toObject()["mi_bits"].isDouble());
    QCOMPARE(o["filters"].toArray()[0].toObject()["weights"].toArray().size(), 2);
    auto read = [&](const QString& name) {
      QFile f(dir.filePath(name));
      return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray csv = read("a/flow.csv");
    QVERIFY2(csv.startsWith("replica,rule,step,size,mi_bits,mi_bits_err,nn,"), csv.constData());
    QCOMPARE(csv.count('\n'), 1 + 2);
    const Run again = runRsmi(words("run a/run.json --out b --threads 1"), dir.path());
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(read("b/flow.csv"), csv);
    QVERIFY2(again.out.contains("no thermometer and no RG flow"), again.out.constData());
  }

  // Samples from elsewhere: `rsmi sample`'s file learned on with --import gives the levels a drawn
  // run gives; run.json repeats it bit for bit (from another folder, on another thread count); the
  // options of a model are refused, and so is a file replaced since, with nothing written.
  void importedSamples() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("data"));
    const Run sampled = runRsmi(words("sample --model ising2d --size 16 --beta 0.44 --samples 120 --seed 3 "
                                      "--out data/s.npy --quiet"),
                                dir.path());
    QVERIFY2(sampled.code == 0, sampled.err.constData());
    const Run first = runRsmi(words("flow --import data/s.npy --steps 2 --epochs 4 --out a --threads 2 --json --quiet"),
                              dir.path());
    QVERIFY2(first.code == 0, first.err.constData());
    const QJsonObject o = parseJson(first.out);
    for (const char* key : {"beta_c", "nu", "fixed_point", "thermometer"}) QVERIFY2(!o.contains(key), key);
    const QJsonObject sampling = o["spec"].toObject()["sampling"].toObject();
    QCOMPARE(sampling["file"].toString(), QDir(dir.path()).absoluteFilePath("data/s.npy"));
    QCOMPARE(sampling["file_sha256"].toString(), QString::fromLatin1(fileHash(dir.filePath("data/s.npy"))));
    QCOMPARE(sampling["size"].toInt(), 16);
    QCOMPARE(sampling["samples"].toInt(), 120);
    QCOMPARE(o["flow"].toArray().size(), 3);
    QVERIFY(o["flow"].toArray()[0].toObject()["mi_bits"].toDouble() > 0.1);

    const Run again = runRsmi(words("run ../a/run.json --out ../b --threads 1"), dir.filePath("data"));
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(rsmi::testing::readAll(dir.filePath("b/flow.csv")), rsmi::testing::readAll(dir.filePath("a/flow.csv")));
    QVERIFY2(again.out.contains("imported samples: no known temperature"), again.out.constData());

    const Run withModel = runRsmi(words("flow --import data/s.npy --model ising2d --out c"), dir.path());
    QCOMPARE(withModel.code, 2);
    QVERIFY2(withModel.err.contains("--model: not with --import"), withModel.err.constData());
    const Run missing = runRsmi(words("flow --import data/none.npy --out c"), dir.path());
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains("none.npy"), missing.err.constData());

    const Run other = runRsmi(words("sample --model ising2d --size 16 --beta 0.44 --samples 120 --seed 4 "
                                    "--out data/s.npy --force --quiet"),
                              dir.path());
    QVERIFY2(other.code == 0, other.err.constData());
    const auto before = snapshot(dir.path());
    const Run replaced = runRsmi(words("run a/run.json --out d"), dir.path());
    QVERIFY(replaced.code != 0);
    QVERIFY2(replaced.err.contains("sha256 differs"), replaced.err.constData());
    QCOMPARE(snapshot(dir.path()), before);
  }

  void exactIsing2d() {
    const Run r = runRsmi(words("exact ising2d --size 16 --beta 0.44 --json"), dir_.path());
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = parseJson(r.out);
    for (const char* key : {"ln_z", "energy_per_site", "specific_heat_per_site", "onsager_energy_per_site",
                            "onsager_magnetization", "beta_c"})
      QVERIFY2(o[QString::fromLatin1(key)].isDouble(), key);
    const auto torus = rsmi::exact::kaufmanTorus(16, 0.44);
    QCOMPARE(o["energy_per_site"].toDouble(), torus.energyPerSite);
    QCOMPARE(o["ln_z"].toDouble(), torus.lnZ);
    QCOMPARE(o["beta_c"].toDouble(), rsmi::exact::kIsing2DCriticalBeta);
    // --temperature is 1/--beta.
    const Run t = runRsmi(words("exact ising2d --size 16 --temperature 2.5 --json"), dir_.path());
    QCOMPARE(parseJson(t.out)["beta"].toDouble(), 1 / 2.5);
  }

  void exactDimer_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<double>("coverings");
    QTest::addRow("4x4") << 4 << 272.0;
    QTest::addRow("6x6") << 6 << 90176.0;
  }
  void exactDimer() {
    QFETCH(int, size);
    QFETCH(double, coverings);
    const Run r = runRsmi({"exact", "dimer", "--size", QString::number(size), "--json"}, dir_.path());
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = parseJson(r.out);
    QCOMPARE(o["coverings"].toDouble(), coverings);
    QCOMPARE(o["coverings_exact"].toBool(), true);
    QVERIFY(std::fabs(o["ln_coverings"].toDouble() - std::log(coverings)) < 1e-9);
    const Run text = runRsmi({"exact", "dimer", "--size", QString::number(size)}, dir_.path());
    QVERIFY(text.out.contains(QByteArray::number(qint64(coverings))));
  }

  void force() {
    QTemporaryDir dir;
    const QStringList base = words(kSample) << "--out" << "f.npy";
    QCOMPARE(runRsmi(base, dir.path()).code, 0);
    const QByteArray npy = fileHash(dir.filePath("f.npy")), json = fileHash(dir.filePath("f.json"));
    const Run again = runRsmi(QStringList(base) << "--seed" << "2", dir.path());
    QCOMPARE(again.code, 2);  // --seed twice
    QStringList other = base;
    other[other.indexOf("--seed") + 1] = "2";
    const Run refused = runRsmi(other, dir.path());
    QCOMPARE(refused.code, 2);
    QVERIFY(refused.err.contains("already exists"));
    QCOMPARE(fileHash(dir.filePath("f.npy")), npy);
    QCOMPARE(fileHash(dir.filePath("f.json")), json);
    // The manifest alone in the way also stops the run.
    QVERIFY(QFile::remove(dir.filePath("f.npy")));
    QCOMPARE(runRsmi(other, dir.path()).code, 2);
    QVERIFY(!QFile::exists(dir.filePath("f.npy")));
    const Run forced = runRsmi(QStringList(other) << "--force", dir.path());
    QVERIFY2(forced.code == 0, forced.err.constData());
    QVERIFY(fileHash(dir.filePath("f.json")) != json);
    QCOMPARE(rsmi::io::readManifest(dir.filePath("f.json")).spec.seed, 2u);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList{"f.json", "f.npy"}));  // no temporaries
  }

  void interruptLeavesNoFile() {
    QTemporaryDir dir;
    QProcess p;
    p.setWorkingDirectory(dir.path());
    // Effectively endless: Ctrl+C must stop it inside a chain's spacing, not after it.
    p.start(QStringLiteral(RSMI_CLI_PATH), words("sample --model ising2d --size 64 --beta 0.44 --sampler metropolis "
                                                  "--samples 100 --spacing 100000000 --seed 1 --out long.npy"));
    QVERIFY(p.waitForStarted());
    QTest::qWait(400);
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    QVERIFY(p.readAllStandardError().contains("interrupted"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
  }

  void bench() {
    const Run r = runRsmi(words("bench mc --sizes 8 --threads 1,2 --seconds 0.02 --kernels wolff,worm --draw-samples 20 --json"),
                       dir_.path());
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = parseJson(r.out);
    const QJsonArray kernels = o["kernels"].toArray();
    QCOMPARE(kernels.size(), 4);
    QVERIFY(kernels[0].toObject()["ns_per_cluster_spin"].toDouble() > 0);
    QVERIFY(kernels[0].toObject()["ns_per_spin_update"].toDouble() > 0);
    QCOMPARE(kernels[0].toObject()["speedup"].toDouble(), 1.0);
    QVERIFY(kernels[3].toObject()["ns_per_worm_move"].toDouble() > 0);
    QCOMPARE(kernels[3].toObject()["threads"].toInt(), 2);
    QCOMPARE(o["draw_samples"].toArray().size(), 2);
    QCOMPARE(o["draw_samples_identical"].toBool(), true);
  }

  void versionAndHelp_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("fragment");
    QTest::addRow("--version") << words("--version") << "rsmi (RSMI Studio) " RSMI_VERSION;
    QTest::addRow("--help") << words("--help") << "Usage: rsmi COMMAND";
    QTest::addRow("-h") << words("-h") << "Commands:";
    QTest::addRow("help") << words("help") << "Commands:";
    QTest::addRow("help sample") << words("help sample") << "--samples N";
    QTest::addRow("sample --help") << words("sample --help") << "--thermalization n";
    QTest::addRow("sample -h with other options") << words("sample --model potts -h") << "Usage: rsmi sample";
    QTest::addRow("observe --help") << words("observe --help") << "Usage: rsmi observe FILE.npy";
    QTest::addRow("exact --help") << words("exact --help") << "exact dimer --size L";
    QTest::addRow("exact ising2d --help") << words("exact ising2d --help") << "Kaufman";
    QTest::addRow("help exact dimer") << words("help exact dimer") << "Kasteleyn";
    QTest::addRow("bench mc --help") << words("bench mc --help") << "--draw-samples N";
    QTest::addRow("bench learn --help") << words("bench learn --help") << "--cases LIST";
  }
  void versionAndHelp() {
    QFETCH(QStringList, args);
    QFETCH(QString, fragment);
    const Run r = runRsmi(args, dir_.path());
    QCOMPARE(r.code, 0);
    QVERIFY2(QString::fromUtf8(r.out).contains(fragment), r.out.constData());
    QVERIFY(r.err.isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
