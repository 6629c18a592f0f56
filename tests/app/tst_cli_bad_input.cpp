// The catalogue of bad inputs (docs/robustness.md) through the rsmi program: numbers that are not
// numbers, out of range, NaN or infinite; lattices too small, too large or not tiled by the block;
// sample files of the wrong dtype, rank or values; specs with the wrong keys; outputs that exist.
// Each is refused with exit status 2 and one line "rsmi: error: MESSAGE" naming the problem, and
// nothing is written. (tst_cli holds the first rows of this catalogue; these are the rest.)
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

#include "io/manifest.h"
#include "io/npy.h"
#include "cli_test_runs.h"

namespace {

using rsmi::testing::Run;
using rsmi::testing::words;

// Runs rsmi in `cwd`; as `nobody` when asked and we are root (root reads files of mode 000).
Run runRsmi(const QStringList& args, const QString& cwd, bool asNobody = false) {
  return rsmi::testing::runRsmi(args, cwd, asNobody ? rsmi::testing::asNobodyIfRoot() : QStringList{});
}

// Files and folders: a refused command creates neither.
QMap<QString, QByteArray> snapshot(const QString& dir) { return rsmi::testing::snapshot(dir, true); }

void write(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
}

QByteArray npy(const QByteArray& descr, const QByteArray& shape, const QByteArray& data) {
  const QByteArray header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
  QByteArray out("\x93NUMPY\x01\x00", 8);
  out.append(static_cast<char>(header.size() & 0xff)).append(static_cast<char>(header.size() >> 8));
  return out + header + data;
}

// JSON with single quotes, for readability here (moc does not like raw string literals).
QByteArray json(const char* text) { return QByteArray(text).replace('\'', '"'); }

const char* const kSample = "sample --model ising2d --beta 0.4 --samples 3 --seed 1 --out x.npy ";
const char* const kFlow = "flow --model ising2d --betas 0.4,0.5 --samples 10 --out d ";

} // namespace

class TestCliBadInput : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    const QDir d(dir_.path());
    rsmi::SampleSet set;
    set.shape = {8, 8};
    set.values.assign(4 * 64, 1);
    rsmi::io::writeNpy(d.filePath("ok.npy"), set);
    set.shape = {4, 4};
    set.values.assign(2 * 16, 1);
    rsmi::io::writeNpy(d.filePath("small.npy"), set);
    rsmi::SampleSet twenty;
    twenty.shape = {20, 20};
    twenty.values.assign(4 * 400, -1);
    rsmi::io::writeNpy(d.filePath("twenty.npy"), twenty);
    write(d.filePath("int64-two.npy"), npy("<i8", "(2, 3)", QByteArray("\x02", 1) + QByteArray(47, 0)));
    QByteArray halves;
    for (int i = 0; i < 6; ++i) halves += QByteArray("\x00\x00\x00\x00\x00\x00\xe0\x3f", 8);  // 0.5
    write(d.filePath("float-half.npy"), npy("<f8", "(2, 3)", halves));
    write(d.filePath("zero.npy"), npy("|i1", "(0, 4, 4)", QByteArray()));
    write(d.filePath("rank1.npy"), npy("|i1", "(6,)", QByteArray(6, 1)));
    write(d.filePath("rank4.npy"), npy("|i1", "(1, 1, 2, 3)", QByteArray(6, 1)));
    write(d.filePath("complex.npy"), npy("<c8", "(2, 3)", QByteArray(48, 0)));
    write(d.filePath("empty.npy"), QByteArray());
    QVERIFY(d.mkdir("folder.npy"));
    QVERIFY(d.mkdir("folder.json"));
    // A sample file whose manifest says it holds dimers, and one whose manifest is corrupt.
    rsmi::io::writeNpy(d.filePath("dimers.npy"), set);
    rsmi::SamplingSpec dimer;
    dimer.model = rsmi::ModelKind::Dimer;
    dimer.size = 2;
    rsmi::io::writeManifest(d.filePath("dimers.json"),
                            rsmi::io::describeSamples(d.filePath("dimers.npy"), rsmi::io::encodeNpy(set), dimer, "test"));
    rsmi::io::writeNpy(d.filePath("garbled.npy"), set);
    write(d.filePath("garbled.json"), "{\"spec\": ");
    // A file nobody may read; the folder must be open to `nobody` for the unreadable-file rows.
    rsmi::io::writeNpy(d.filePath("locked.npy"), set);
    QVERIFY(QFile::setPermissions(d.filePath("locked.npy"), QFileDevice::Permissions()));
    QVERIFY(QFile::setPermissions(dir_.path(), QFileDevice::Permissions(0x7755)));
    // RunSpecs.
    write(d.filePath("spec.json"), json("{'sampling': {'model': 'ising2d', 'size': 8, 'samples': 10}, 'betas': [0.4, 0.5], "
                                        "'window': {'buffer': 0}, 'rg': {'steps': 1}, 'training': {'epochs': 2}}"));
    write(d.filePath("locked-spec.json"), json("{'sampling': {'model': 'ising2d', 'size': 8, 'samples': 10}, 'betas': [0.4]}"));
    QVERIFY(QFile::setPermissions(d.filePath("locked-spec.json"), QFileDevice::Permissions()));
    write(d.filePath("truncated.json"), json("{'sampling': {'model': 'ising2d', 'si"));
    write(d.filePath("typo.json"), json("{'sampling': {'model': 'ising2d', 'sise': 8}, 'betas': [0.4]}"));
    write(d.filePath("wrong-type.json"), json("{'sampling': {'model': 'ising2d', 'size': '8'}, 'betas': [0.4]}"));
    write(d.filePath("odd-dimer.json"), json("{'sampling': {'model': 'dimer', 'size': 7}, 'betas': [0.4]}"));
    write(d.filePath("window.json"), json("{'sampling': {'model': 'ising2d', 'size': 8}, 'betas': [0.4], "
                                          "'window': {'environment': 4}}"));
    write(d.filePath("enormous.json"),
          json("{'sampling': {'model': 'ising2d', 'size': 8192, 'samples': 100000}, 'betas': [0.4, 0.5]}"));
    write(d.filePath("tiling.json"), json("{'sampling': {'model': 'ising2d', 'size': 9}, 'betas': [0.4]}"));
    write(d.filePath("estimator.json"), json("{'sampling': {'model': 'ising2d', 'size': 20}, 'betas': [0.4], "
                                             "'window': {'block': [5, 5], 'buffer': 0}}"));
    QFile huge(d.filePath("huge.json"));  // sparse: no disk space
    QVERIFY(huge.open(QIODevice::WriteOnly) && huge.resize(65 << 20));
    huge.close();
    // Outputs that exist.
    rsmi::io::writeNpy(d.filePath("taken.npy"), set);
    QVERIFY(d.mkpath("done"));
    write(d.filePath("done/flow.json"), "{}");
    QVERIFY(d.mkpath("started/runs"));
    write(d.filePath("started/runs/r0-learned-b0.json"), "{}");
  }

  void refused_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("code");
    const auto row = [](const char* name, QStringList args, const char* fragment, int code = 2) {
      QTest::newRow(name) << args << QString::fromUtf8(fragment) << code;
    };
    const auto sample = [](const char* rest) { return words(kSample) + words(rest); };
    const auto flow = [](const char* rest) { return words(kFlow) + words(rest); };
    // Numbers.
    row("size 0", sample("--size 0"), "lattice size 0 is out of range (2 to 16384)");
    row("size 16385", sample("--size 16385"), "lattice size 16385 is out of range (2 to 16384)");
    row("size beyond int", sample("--size 99999999999"), "--size: 99999999999 is out of range");
    row("size beyond int64", sample("--size 99999999999999999999"), "--size: 99999999999999999999 is out of range");
    row("size 1e3", sample("--size 1e3"), "--size: '1e3' is not an integer");
    row("size empty", sample("--size="), "--size: '' is not an integer");
    row("ising1d 2^26 + 1", words("sample --model ising1d --size 67108865 --beta 1 --samples 1 --seed 1 --out x.npy"),
        "lattice size 67108865 is out of range (2 to 67108864)");
    row("samples beyond 8 GiB", words("sample --model ising2d --size 16384 --beta 1 --samples 40 --seed 1 --out x.npy"),
        "--samples: 40 samples of 268435456 sites need 10 GiB of memory; the limit is 8 GiB");
    row("beta 1e999", words("sample --model ising2d --size 8 --beta 1e999 --samples 3 --seed 1 --out x.npy"),
        "--beta: '1e999' is not a finite number");
    row("beta -inf", words("sample --model ising2d --size 8 --beta -inf --samples 3 --seed 1 --out x.npy"),
        "--beta: '-inf' is not a finite number");
    row("beta hexadecimal", words("sample --model ising2d --size 8 --beta 0x1p-1 --samples 3 --seed 1 --out x.npy"),
        "--beta: '0x1p-1' is not a number");
    row("temperature 0", words("sample --model ising2d --size 8 --temperature 0 --samples 3 --seed 1 --out x.npy"),
        "--temperature: must be > 0");
    row("coupling 0", sample("--size 8 --coupling 0"), "coupling J must be a non-zero finite number");
    row("seed 2^64", words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed 18446744073709551616 --out x.npy"),
        "--seed: 18446744073709551616 is out of range (0 to 18446744073709551615)");
    row("seed 1.5", words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed 1.5 --out x.npy"),
        "--seed: '1.5' is not a non-negative integer");
    row("threads -1", sample("--size 8 --threads -1"), "--threads: -1 is out of range (0 to 4096)");
    row("spacing 0", sample("--size 8 --spacing 0"), "--spacing: 0 is out of range (1 to 2147483647)");
    row("negative noise", words("sample --model dimer --size 4 --noise -1 --samples 3 --seed 1 --out x.npy"),
        "noise coupling K_noise must be a finite number >= 0");
    row("exact ising2d antiferromagnet", words("exact ising2d --size 8 --beta 1 --coupling -1"),
        "--coupling: exact ising2d needs a ferromagnetic coupling J > 0");
    row("exact ising1d size 0", words("exact ising1d --size 0 --beta 1"), "lattice size 0 is out of range");
    // Sample files.
    row("observe int64 value 2", words("observe int64-two.npy"), "entry [0, 0] (sample 0) is 2; spins must be -1 or +1");
    row("observe float 0.5", words("observe float-half.npy"), "entry [0, 0] (sample 0) is 0.5");
    row("observe complex", words("observe complex.npy"), "unsupported dtype '<c8'");
    row("observe zero samples", words("observe zero.npy"), "'zero.npy' holds no samples");
    row("observe rank 1", words("observe rank1.npy"), "holds a 1-D array of shape (6,)");
    row("observe rank 4", words("observe rank4.npy"), "holds a 4-D array of shape (1, 1, 2, 3)");
    row("observe empty file", words("observe empty.npy"), "the file is empty, not a .npy file");
    row("observe dimer samples", words("observe dimers.npy"), "holds dimer samples (says its manifest)");
    row("observe unreadable", words("observe locked.npy"), "cannot read 'locked.npy'");
    row("observe coupling inf", words("observe ok.npy --coupling inf"), "--coupling: 'inf' is not a finite number");
    row("train samples a directory", words("train --samples folder.npy --out f.json"), "is a directory, not a file");
    row("train value 2", words("train --samples int64-two.npy --out f.json"), "entry [0, 0] (sample 0) is 2");
    row("train unreadable", words("train --samples locked.npy --out f.json"), "cannot read 'locked.npy'");
    // Geometry and estimators.
    row("train block 0x2", words("train --samples ok.npy --out f.json --block 0x2"), "--block: '0x2' is not a block size");
    row("train block 65", words("train --samples ok.npy --out f.json --block 65"), "--block: '65' is not a block size");
    row("train environment 0", words("train --samples ok.npy --out f.json --env 0"), "--env: 0 is out of range (1 to 64)");
    row("train hidden 0", words("train --samples ok.npy --out f.json --hidden 0"), "--hidden: 0 is out of range (1 to 8)");
    row("train exact estimator, 5x5 block", words("train --samples twenty.npy --out f.json --block 5x5 --buffer 0"),
        "limited to 16 visible spins; this block has 25 (use the variational estimator)");
    row("train held-out 1", words("train --samples ok.npy --out f.json --held-out 1"), "--held-out must lie strictly between 0 and 1");
    row("train learning rate nan", words("train --samples ok.npy --out f.json --learning-rate nan"),
        "--learning-rate: 'nan' is not a finite number");
    row("train learning rate 0", words("train --samples ok.npy --out f.json --learning-rate 0"), "--learning-rate must be > 0");
    row("train average -1", words("train --samples ok.npy --out f.json --average -1"),
        "--average must be >= 0 (minibatch steps)");
    row("flow size 0", flow("--size 0"), "lattice size 0 is out of range (2 to 16384)");
    row("flow block not tiling", flow("--size 18 --block 4x4"), "a 4x4 block does not tile a 18x18 lattice");
    row("flow hidden 2", flow("--size 16 --hidden 2"), "--hidden: 2 is out of range (1 to 1)");
    row("flow steps 0", flow("--size 16 --steps 0"), "--steps: 0 is out of range (1 to 32)");
    row("flow one sample", words("flow --model ising2d --size 16 --betas 0.4,0.5 --samples 1 --out d"),
        "at least two samples are needed");
    row("flow repeated beta", words("flow --model ising2d --size 16 --betas 0.4,0.4 --samples 10 --out d"), "repeated beta");
    row("flow negative temperature", words("flow --model ising2d --size 16 --temperatures 2,-1 --samples 10 --out d"),
        "--temperatures: every temperature must be > 0");
    row("flow range of one", words("flow --model ising2d --size 16 --beta-range 0.4:0.5:1 --samples 10 --out d"),
        "--beta-range: COUNT must be an integer from 2 to 1000");
    row("flow replicas 0", flow("--size 16 --replicas 0"), "--replicas: 0 is out of range (1 to 1000)");
    // Beyond the machine: L = 8192 with 10^5 samples is 6.1 TiB per temperature.
    row("flow beyond memory", words("flow --model ising2d --size 8192 --betas 0.4,0.5 --samples 100000 --out d"),
        "of memory for its samples (6.1 TiB of level-0 samples per temperature");
    row("flow beyond a month", words("flow --model ising2d --size 64 --beta-range 0.3:0.5:1000 --samples 1000000 --replicas 100 --out d"),
        "this run would take about");
    // RunSpec files.
    row("run missing spec", words("run absent.json --out r"), "'absent.json' does not exist");
    row("run spec a directory", words("run folder.json --out r"), "'folder.json' is a directory, not a file");
    row("run truncated JSON", words("run truncated.json --out r"), "not valid JSON");
    row("run unknown key", words("run typo.json --out r"), "unknown key 'sise'");
    row("run wrong type", words("run wrong-type.json --out r"), "'size' must be an integer, got a string");
    row("run odd dimer size", words("run odd-dimer.json --out r"), "dimer lattices need an even size L");
    row("run window larger than the lattice", words("run window.json --out r"), "is larger than the lattice");
    row("run block not tiling", words("run tiling.json --out r"), "a 2x2 block does not tile a 9x9 lattice");
    row("run block too large for the exact estimator", words("run estimator.json --out r"),
        "limited to 16 visible spins; this block has 25");
    row("run a sample file", words("run ok.npy --out r"), "not valid JSON");
    row("run 65 MiB spec", words("run huge.json --out r"), "is too large (68157440 bytes; the limit is 67108864)");
    row("run beyond memory", words("run enormous.json --out r"), "use at most");
    row("run unreadable spec", words("run locked-spec.json --out r"), "cannot read 'locked-spec.json'");
    // Outputs.
    row("sample output exists", words("sample --model ising2d --size 8 --beta 1 --samples 3 --seed 1 --out taken.npy"),
        "'taken.npy' already exists; pass --force");
    row("train output is a directory", words("train --samples small.npy --out folder.json --block 1x1 --buffer 0"),
        "is a directory");
    row("flow results exist", words("flow --model ising2d --size 16 --betas 0.4,0.5 --samples 10 --out done"),
        "'done/flow.json' already exists (refusing to overwrite it)");
    row("flow earlier runs", words("flow --model ising2d --size 16 --betas 0.4,0.5 --samples 10 --out started"),
        "'started/runs' holds runs of an earlier experiment (use --resume to continue it, --force to replace it)");
    row("run results exist", words("run spec.json --out done"), "already exists (refusing to overwrite it)");
    row("run out is a file", words("run spec.json --out ok.npy"), "exists and is not a folder");
    // Words.
    row("operand after --", words("observe -- --ok.npy"), "'--ok.npy' does not exist");
  }
  void refused() {
    QFETCH(QStringList, args);
    QFETCH(QString, fragment);
    QFETCH(int, code);
    const bool asNobody = QByteArray(QTest::currentDataTag()).contains("unreadable");
    const auto before = snapshot(dir_.path());
    const Run r = runRsmi(args, dir_.path(), asNobody);
    QCOMPARE(r.code, code);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.startsWith("rsmi: error: "), qPrintable(err));
    QVERIFY2(err.contains(fragment), qPrintable(err));
    QCOMPARE(err.count('\n'), 1);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    QCOMPARE(snapshot(dir_.path()), before);
  }

  // Accepted with a warning: a manifest that cannot be read is ignored (it only supplies J).
  void corruptManifestIsIgnored() {
    const Run r = runRsmi(words("observe garbled.npy --json"), dir_.path());
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.startsWith("rsmi: warning: ignoring the manifest beside the file: "), r.err.constData());
    QVERIFY2(r.err.contains("not valid JSON"), r.err.constData());
  }
};

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "tst_cli_bad_input.moc"
