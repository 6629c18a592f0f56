// The catalogue of bad files (docs/robustness.md), reader by reader: .npy sample files, sample
// manifests and RunSpecs. Every bad input is refused with an IoError of the right kind whose message
// names the file and the problem; the odd-but-valid inputs are read exactly. The fuzzers' seed
// corpus (fuzz/corpus) is checked here too: its valid-* files are read, its bad-* files refused.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <bit>
#include <cstring>

#include "io/manifest.h"
#include "io/npy.h"
#include "io/run_spec_json.h"

using rsmi::io::IoError;

namespace {

// A .npy file with a hand-written header dict.
QByteArray npy(const QByteArray& dict, const QByteArray& data, int major = 1, int minor = 0) {
  const QByteArray header = dict + "\n";
  QByteArray out("\x93NUMPY", 6);
  out.append(static_cast<char>(major)).append(static_cast<char>(minor));
  const int lengthBytes = major == 1 ? 2 : 4;
  for (int i = 0; i < lengthBytes; ++i) out.append(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  return out + header + data;
}

QByteArray dict(const QByteArray& descr, const QByteArray& shape, bool fortran = false) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
}

// n little-endian elements of `size` bytes holding `raw`.
QByteArray repeated(std::uint64_t raw, int size, int n, bool bigEndian = false) {
  QByteArray one(size, '\0');
  for (int i = 0; i < size; ++i) one[bigEndian ? size - 1 - i : i] = static_cast<char>((raw >> (8 * i)) & 0xff);
  return one.repeated(n);
}

QByteArray doubles(double v, int n) { return repeated(std::bit_cast<std::uint64_t>(v), 8, n); }

// JSON written with single quotes, for readability here (a raw string literal would confuse moc).
QByteArray json(const char* text) { return QByteArray(text).replace('\'', '"'); }

// The body of a valid RunSpec, to which a row adds or changes one thing.
QByteArray spec(const char* extra, const char* sampling = "'model': 'ising2d', 'size': 16, 'samples': 50") {
  return json((std::string("{'sampling': {") + sampling + "}" + (*extra ? ", " : "") + extra + "}").c_str());
}

QByteArray manifest(const char* specKeys, const char* extra = "") {
  return json((std::string("{'format': 'rsmi-sample-manifest', 'format_version': 1, 'spec': {") + specKeys + "}" +
               (*extra ? ", " : "") + extra + "}")
                  .c_str());
}

} // namespace

class TestBadFiles : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void npyRefused_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("fragment");
    const QByteArray six = QByteArray(6, 1);
    QTest::addRow("strings <U1") << npy(dict("<U1", "(2, 3)"), QByteArray(24, 0)) << "unsupported dtype '<U1'";
    QTest::addRow("pickled objects |O") << npy(dict("|O", "(2, 3)"), QByteArray(48, 0)) << "unsupported dtype '|O'";
    QTest::addRow("datetime <M8[ns]") << npy(dict("<M8[ns]", "(2, 3)"), QByteArray(48, 0)) << "unsupported dtype '<M8[ns]'";
    QTest::addRow("float128 <f16") << npy(dict("<f16", "(2, 3)"), QByteArray(96, 0)) << "unsupported dtype '<f16'";
    QTest::addRow("int128 <i16") << npy(dict("<i16", "(2, 3)"), QByteArray(96, 0)) << "unsupported dtype '<i16'";
    QTest::addRow("float +inf") << npy(dict("<f8", "(2, 3)"), doubles(1, 2) + doubles(HUGE_VAL, 4)) << "entry [0, 2] (sample 0) is inf";
    QTest::addRow("float -0.0") << npy(dict("<f8", "(2, 3)"), doubles(-0.0, 6)) << "entry [0, 0] (sample 0) is -0";
    QTest::addRow("float 1 + 1 ulp") << npy(dict("<f8", "(1, 2)"), doubles(std::nextafter(1.0, 2.0), 2))
                                     << "is 1.0000000000000002";
    QTest::addRow("int64 2^40") << npy(dict("<i8", "(1, 2)"), repeated(std::uint64_t{1} << 40, 8, 2)) << "is 1099511627776";
    QTest::addRow("int16 1 read in the wrong byte order") << npy(dict("<i2", "(1, 2)"), repeated(1, 2, 2, true)) << "is 256";
    QTest::addRow("bool byte 255") << npy(dict("|b1", "(2, 3)"), QByteArray(6, '\xff')) << "boolean byte 255";
    QTest::addRow("version 1.1") << npy(dict("|i1", "(2, 3)"), six, 1, 1) << "unsupported .npy format version 1.1";
    QTest::addRow("header of length 0") << QByteArray("\x93NUMPY\x01\x00\x00\x00", 10) + six
                                        << "expected '{' at the start of the header dict";
    QTest::addRow("unterminated string") << npy("{'descr': '|i1", six) << "unterminated string";
    QTest::addRow("unknown header key") << npy("{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", six)
                                        << "unexpected key 'x'";
    QTest::addRow("fortran_order 'yes'") << npy("{'descr': '|i1', 'fortran_order': 'yes', 'shape': (2, 3)}", six)
                                         << "fortran_order must be True or False";
    QTest::addRow("negative dimension") << npy(dict("|i1", "(-2, 3)"), six) << "shape must be a tuple of non-negative integers";
    QTest::addRow("fractional dimension") << npy(dict("|i1", "(2.5, 3)"), six) << "expected ',' between shape dimensions";
    QTest::addRow("dimension of 20 digits") << npy(dict("|i1", "(99999999999999999999, 3)"), six) << "shape dimension is too large";
    QTest::addRow("zero sites per sample") << npy(dict("|i1", "(3, 0, 4)"), QByteArray()) << "per-sample dimension 0";
    QTest::addRow("side beyond 2^31") << npy(dict("|i1", "(1, 3000000000)"), six) << "per-sample dimension 3000000000";
    QTest::addRow("header length beyond the file (v2)")
        << QByteArray("\x93NUMPY\x02\x00\xff\xff\xff\x7f{", 13) << "truncated .npy file (it ends inside the header)";
    QTest::addRow("shape claims 10^12 bytes") << npy(dict("|i1", "(1000000000000, 1)"), six)
                                              << "needs 1000000000000 bytes of data, but only 6 follow the header";
  }
  void npyRefused() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, fragment);
    try {
      rsmi::io::decodeNpy(bytes, {}, "'x.npy'");
      QFAIL("accepted");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::BadInput);
      QVERIFY2(QString(e.what()).startsWith("'x.npy': "), e.what());
      QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
  }

  // Odd but valid: each is read, and to the values it holds (first sample, first entries).
  void npyAccepted_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("samples");
    QTest::addColumn<QList<int>>("first");  // the first values in C order
    QTest::addRow("big-endian int16") << npy(dict(">i2", "(1, 2)"), repeated(1, 2, 1, true) + repeated(0xffff, 2, 1, true))
                                      << 1 << QList<int>{1, -1};
    QTest::addRow("native order =i4") << npy(dict("=i4", "(1, 2)"), repeated(0xffffffff, 4, 1) + repeated(1, 4, 1)) << 1
                                      << QList<int>{-1, 1};
    QTest::addRow("Fortran order (2, 2, 2)")  // file order: [0,0,0] [1,0,0] [0,1,0] [1,1,0] ...
        << npy(dict("|i1", "(2, 2, 2)", true), QByteArray("\x01\xff\x01\x01\xff\xff\xff\x01", 8)) << 2
        << QList<int>{1, -1, 1, -1, -1, -1, 1, 1};
    QTest::addRow("bool: False is -1") << npy(dict("|b1", "(1, 3)"), QByteArray("\x00\x01\x00", 3)) << 1 << QList<int>{-1, 1, -1};
    QTest::addRow("float -1.0 and 1.0") << npy(dict("<f8", "(1, 2)"), doubles(-1, 1) + doubles(1, 1)) << 1 << QList<int>{-1, 1};
    QTest::addRow("zero samples") << npy(dict("|i1", "(0, 4, 4)"), QByteArray()) << 0 << QList<int>{};
    QTest::addRow("Python 2 long dimensions") << npy(dict("|i1", "(1L, 2L)"), QByteArray("\x01\x01", 2)) << 1 << QList<int>{1, 1};
  }
  void npyAccepted() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, samples);
    QFETCH(QList<int>, first);
    const rsmi::SampleSet set = rsmi::io::decodeNpy(bytes);
    QCOMPARE(int(set.count()), samples);
    for (int i = 0; i < first.size(); ++i) QCOMPARE(int(set.values[static_cast<std::size_t>(i)]), first[i]);
  }

  void manifestRefused_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("fragment");
    QTest::addRow("empty file") << QByteArray() << "not valid JSON";
    QTest::addRow("garbage after the object") << json("{'spec': {}} x") << "garbage at the end of the document";
    QTest::addRow("number beyond a double") << manifest("'beta': 1e999") << "illegal number";
    QTest::addRow("invalid UTF-8") << manifest("'model': '\xff'") << "invalid UTF8 string";
    QTest::addRow("shape 1e300") << manifest("'model': 'ising2d'", "'shape': [1e300, 8, 8]")
                                 << "'shape' must be an array of non-negative integers";
    QTest::addRow("size 1e300") << manifest("'size': 1e300") << "'size' must be an integer";
    QTest::addRow("size 2^31") << manifest("'size': 2147483648") << "'size' = 2147483648 is out of range";
    QTest::addRow("bytes 2^62") << manifest("'size': 8", "'bytes': 4611686018427387904") << "'bytes' must be an integer";
    QTest::addRow("beta as a string") << manifest("'beta': '0.4'") << "'beta' must be a number, got a string";
    QTest::addRow("temperature 0") << manifest("'temperature': 0") << "'temperature' must not be 0";
    QTest::addRow("seed 1.5") << manifest("'seed': 1.5") << "'seed' must be a non-negative integer";
    QTest::addRow("seed 2^64") << manifest("'seed': '18446744073709551616'") << "'seed' must be an integer from 0 to 2^64-1";
    QTest::addRow("seed null") << manifest("'seed': null") << "'seed' must be an integer (or a decimal string), got null";
    QTest::addRow("format_version as a string") << manifest("", "'dtype': '|i1', 'format_version': '1'")
                                                << "'format_version' must be an integer, got a string";
    QTest::addRow("spec of a RunSpec") << json("{'sampling': {'size': 8}, 'betas': [0.4]}") << "missing key 'spec'";
  }
  void manifestRefused() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, fragment);
    try {
      rsmi::io::manifestFromJson(bytes, "'x.json'");
      QFAIL("accepted");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::BadInput);
      QVERIFY2(QString(e.what()).startsWith("'x.json'"), e.what());
      QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
  }

  // JSON oddities that are accepted, as documented: the last of two equal keys wins; a UTF-8 byte
  // order mark is skipped.
  void manifestAccepted() {
    QCOMPARE(rsmi::io::manifestFromJson(manifest("'size': 8, 'size': 12")).spec.size, 12);
    QCOMPARE(rsmi::io::manifestFromJson("\xef\xbb\xbf" + manifest("'size': 8")).spec.size, 8);
  }

  void runSpecRefused_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("fragment");
    QTest::addRow("L = 0") << spec("'betas': [0.4]", "'size': 0, 'samples': 50") << "lattice size 0 is out of range (2 to 16384)";
    QTest::addRow("L = 16386") << spec("'betas': [0.4]", "'size': 16386, 'samples': 50")
                               << "lattice size 16386 is out of range (2 to 16384)";
    QTest::addRow("L = 2^31") << spec("'betas': [0.4]", "'size': 2147483648") << "'size' = 2147483648 is out of range";
    QTest::addRow("one sample") << spec("'betas': [0.4]", "'size': 16, 'samples': 1") << "at least two samples are needed";
    QTest::addRow("odd dimer size") << spec("'betas': [0.4]", "'model': 'dimer', 'size': 9, 'samples': 50")
                                    << "dimer lattices need an even size L";
    QTest::addRow("no temperatures") << spec("'betas': []") << "a flow needs at least two temperatures";
    QTest::addRow("temperature 0") << spec("'temperatures': [0]") << "'temperatures' must be an array of positive numbers";
    QTest::addRow("beta as a string") << spec("'betas': ['0.4']") << "'betas' must be an array of positive numbers";
    QTest::addRow("beta 1e999") << spec("'betas': [1e999]") << "illegal number";
    QTest::addRow("window larger than the lattice") << spec("'betas': [0.4], 'window': {'environment': 8}")
                                                    << "is larger than the lattice";
    QTest::addRow("block not tiling (1D)") << spec("'betas': [0.4], 'window': {'block': [3, 1]}",
                                                   "'model': 'ising1d', 'size': 64, 'samples': 50")
                                           << "a 3x1 block does not tile a 64 lattice";
    QTest::addRow("2D block on a 1D lattice") << spec("'betas': [0.4], 'window': {'block': [2, 2]}",
                                                      "'model': 'ising1d', 'size': 64, 'samples': 50")
                                              << "a 1D lattice takes a segment as visible block";
    QTest::addRow("block of 1.5") << spec("'betas': [0.4], 'window': {'block': [1.5, 2]}")
                                  << "'block' must hold two integers from 1 to 64";
    QTest::addRow("environment 0") << spec("'betas': [0.4], 'window': {'environment': 0}") << "'environment' = 0 is out of range (1 to 64)";
    QTest::addRow("n_h = 9") << spec("'betas': [0.4], 'training': {'hidden': 9}") << "'hidden' = 9 is out of range (1 to 8)";
    QTest::addRow("exact estimator, 5x5 block") << spec("'betas': [0.4], 'window': {'block': [5, 5], 'buffer': 0}",
                                                        "'model': 'ising2d', 'size': 20, 'samples': 50")
                                                << "limited to 16 visible spins; this block has 25";
    QTest::addRow("learning rate 0") << spec("'betas': [0.4], 'training': {'learning_rate': 0}")
                                     << "the learning rate must be a positive number";
    QTest::addRow("held-out fraction 1") << spec("'betas': [0.4], 'held_out_fraction': 1")
                                         << "the held-out fraction must lie strictly between 0 and 1";
    QTest::addRow("replicas 0") << spec("'betas': [0.4], 'replicas': 0") << "'replicas' = 0 is out of range (1 to 1000)";
    QTest::addRow("rg threads -1") << spec("'betas': [0.4], 'rg': {'threads': -1}") << "'threads' = -1 is out of range";
    QTest::addRow("unknown thermometer") << spec("'betas': [0.4], 'thermometer': {'kind': 'xyz'}") << "unknown kind 'xyz'";
    QTest::addRow("title as a number") << spec("'betas': [0.4], 'title': 5") << "'title' must be a string, got a number";
    QTest::addRow("seed 1.5") << spec("'betas': [0.4], 'rg': {'seed': 1.5}") << "'seed' must be a non-negative integer";
    QTest::addRow("a sample manifest") << json("{'format': 'rsmi-sample-manifest', 'spec': {'size': 8}}")
                                       << "'format' is 'rsmi-sample-manifest', expected 'rsmi-run-spec'";
    QTest::addRow("a result file without spec") << json("{'format': 'rsmi-flow-result', 'beta_c': 0.44}")
                                                << "the result file has no 'spec' object";
  }
  void runSpecRefused() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, fragment);
    try {
      rsmi::io::runSpecFromDocument(bytes, "'run.json'");
      QFAIL("accepted");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::BadInput);
      QVERIFY2(QString(e.what()).startsWith("'run.json'"), e.what());
      QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
  }

  // Missing, a directory, empty, too large: the same answers from every reader.
  void fileErrors_data() {
    QTest::addColumn<QString>("reader");
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("fragment");
    for (const char* reader : {"npy", "manifest", "run spec"}) {
      QTest::addRow("%s: missing", reader) << reader << "absent" << int(IoError::Kind::NotFound) << "does not exist";
      QTest::addRow("%s: a directory", reader) << reader << "folder" << int(IoError::Kind::NotFound)
                                               << "is a directory, not a file";
      QTest::addRow("%s: empty", reader) << reader << "empty" << int(IoError::Kind::BadInput)
                                         << (QString(reader) == "npy" ? "the file is empty" : "not valid JSON");
    }
    QTest::addRow("manifest: 65 MiB") << "manifest" << "huge" << int(IoError::Kind::BadInput) << "is too large (68157440 bytes";
    QTest::addRow("run spec: 65 MiB") << "run spec" << "huge" << int(IoError::Kind::BadInput) << "is too large (68157440 bytes";
  }
  void fileErrors() {
    QFETCH(QString, reader);
    QFETCH(QString, file);
    QFETCH(int, kind);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("folder"));
    QFile empty(dir.filePath("empty"));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    QFile huge(dir.filePath("huge"));  // sparse: takes no disk space
    QVERIFY(huge.open(QIODevice::WriteOnly) && huge.resize(65 << 20));
    huge.close();
    const QString path = dir.filePath(file);
    try {
      if (reader == "npy") rsmi::io::readNpy(path);
      else if (reader == "manifest") rsmi::io::readManifest(path);
      else rsmi::io::readRunSpec(path);
      QFAIL("accepted");
    } catch (const IoError& e) {
      QCOMPARE(int(e.kind()), kind);
      QVERIFY2(QString(e.what()).contains(path), e.what());
      QVERIFY2(QString(e.what()).contains(fragment), e.what());
    }
  }

  // The fuzzers' seed corpus holds real files, valid and broken: the valid ones read, the broken
  // ones are refused (the dimer file holds the zero noise entries that only dimer readers allow).
  void fuzzSeedCorpus() {
    const QDir corpus(QStringLiteral(RSMI_SOURCE_DIR "/fuzz/corpus"));
    int files = 0;
    for (const QString& reader : {QStringLiteral("npy"), QStringLiteral("manifest"), QStringLiteral("run_spec")}) {
      const QDir folder(corpus.filePath(reader));
      for (const QFileInfo& info : folder.entryInfoList(QDir::Files)) {
        QFile f(info.filePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const bool valid = info.fileName().startsWith("valid-");
        QVERIFY2(valid || info.fileName().startsWith("bad-"), qPrintable(info.filePath()));
        ++files;
        try {
          if (reader == "npy") rsmi::io::decodeNpy(bytes, {info.fileName().contains("dimer")});
          else if (reader == "manifest") rsmi::io::manifestFromJson(bytes);
          else rsmi::io::runSpecFromDocument(bytes, "spec");
          QVERIFY2(valid, qPrintable(info.filePath() + " was accepted"));
        } catch (const IoError& e) {
          QVERIFY2(!valid, qPrintable(info.filePath() + ": " + e.what()));
          QCOMPARE(e.kind(), IoError::Kind::BadInput);
        }
      }
    }
    QVERIFY(files >= 30);
  }
};

QTEST_APPLESS_MAIN(TestBadFiles)
#include "tst_bad_files.moc"
