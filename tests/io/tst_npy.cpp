// rsmi::io .npy files: the bytes we write, what we read from others, and what we refuse.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <bit>
#include <cmath>
#include <cstring>
#include <unistd.h>

#include "io/npy.h"
#include "io/npy_header.h"

using rsmi::SampleSet;
using rsmi::io::IoError;

namespace {

// A sample set of `count` samples of `shape` with a deterministic ±1 pattern.
SampleSet pattern(std::vector<int> shape, int count) {
  SampleSet s;
  s.shape = std::move(shape);
  s.values.resize(s.sitesPerSample() * static_cast<std::size_t>(count));
  for (std::size_t k = 0; k < s.values.size(); ++k) s.values[k] = (k * 7 + k / 3) % 5 < 2 ? -1 : 1;
  return s;
}

// One element of `kind`/`size` holding `value`, in the requested byte order.
QByteArray element(double value, char kind, int size, bool bigEndian) {
  std::uint64_t raw = 0;
  if (kind == 'f') {
    if (size == 2) raw = std::isnan(value) ? 0x7e00 : value == 1 ? 0x3c00 : value == -1 ? 0xbc00 : value == 0 ? 0 : 0x3800;
    else if (size == 4) raw = std::bit_cast<std::uint32_t>(static_cast<float>(value));
    else raw = std::bit_cast<std::uint64_t>(value);
  } else if (kind == 'b') {
    raw = value > 0 ? 1 : value < 0 ? 0 : static_cast<std::uint64_t>(-value);
  } else {
    raw = static_cast<std::uint64_t>(static_cast<std::int64_t>(value));
  }
  QByteArray out(size, '\0');
  for (int i = 0; i < size; ++i) out[bigEndian ? size - 1 - i : i] = static_cast<char>((raw >> (8 * i)) & 0xff);
  return out;
}

// A complete .npy file with a hand-written header (not necessarily aligned, as some writers do).
QByteArray craft(const QByteArray& dict, const QByteArray& data, int major = 1) {
  QByteArray header = dict + "\n";
  QByteArray out("\x93NUMPY", 6);
  out.append(static_cast<char>(major)).append('\0');
  const int lengthBytes = major == 1 ? 2 : 4;
  for (int i = 0; i < lengthBytes; ++i) out.append(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  return out + header + data;
}

QByteArray dictFor(const QByteArray& descr, bool fortran, const QByteArray& shape) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
}

// The values of `expected` (C order, shape dims) laid out as a file of the given dtype and order.
QByteArray layout(const SampleSet& expected, const std::vector<int>& dims, char kind, int size, bool bigEndian,
                  bool fortran) {
  QByteArray data;
  const int n = static_cast<int>(expected.values.size());
  for (int f = 0; f < n; ++f) {
    int c = f;
    if (fortran) {  // element f of a Fortran-order file is C index (i0, i1, …) with i0 fastest
      int rest = f;
      c = 0;
      std::vector<int> cStride(dims.size(), 1);
      for (int d = static_cast<int>(dims.size()) - 2; d >= 0; --d) cStride[d] = cStride[d + 1] * dims[d + 1];
      for (std::size_t d = 0; d < dims.size(); ++d) {
        c += (rest % dims[d]) * cStride[d];
        rest /= dims[d];
      }
    }
    data += element(expected.values[c], kind, size, bigEndian);
  }
  return data;
}

QString pythonWithNumpy() {
  for (const QString& candidate : {QStringLiteral("python3"), QStringLiteral("/usr/bin/python3")}) {
    QProcess p;
    p.start(candidate, {"-c", "import numpy"});
    if (p.waitForFinished(20000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0) return candidate;
  }
  return {};
}

} // namespace

class TestNpy : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void roundTrip_data() {
    QTest::addColumn<std::vector<int>>("shape");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("withZeros");
    QTest::addRow("1d") << std::vector<int>{17} << 5 << false;
    QTest::addRow("2d") << std::vector<int>{4, 6} << 3 << false;
    QTest::addRow("2d one sample") << std::vector<int>{8, 8} << 1 << false;
    QTest::addRow("2d zero samples") << std::vector<int>{3, 3} << 0 << false;
    QTest::addRow("dimer with zero noise entries") << std::vector<int>{4, 4} << 2 << true;
  }
  void roundTrip() {
    QFETCH(std::vector<int>, shape);
    QFETCH(int, count);
    QFETCH(bool, withZeros);
    SampleSet s = pattern(shape, count);
    if (withZeros)
      for (std::size_t k = 0; k < s.values.size(); k += 3) s.values[k] = 0;
    QTemporaryDir dir;
    const QString path = dir.filePath("s.npy");
    rsmi::io::writeNpy(path, s);
    const SampleSet back = rsmi::io::readNpy(path, {.allowZero = withZeros});
    QCOMPARE(back.shape, s.shape);
    QCOMPARE(back.count(), static_cast<std::size_t>(count));
    QVERIFY(back.values == s.values);
  }

  void headerLayout_data() {
    QTest::addColumn<std::vector<int>>("shape");
    QTest::addColumn<int>("count");
    QTest::addColumn<QByteArray>("dict");
    QTest::addRow("2d") << std::vector<int>{4, 5} << 3
                        << QByteArray("{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4, 5), }");
    QTest::addRow("1d") << std::vector<int>{100} << 12
                        << QByteArray("{'descr': '|i1', 'fortran_order': False, 'shape': (12, 100), }");
    QTest::addRow("large") << std::vector<int>{1024, 2048} << 100000
                           << QByteArray("{'descr': '|i1', 'fortran_order': False, 'shape': (100000, 1024, 2048), }");
  }
  void headerLayout() {
    QFETCH(std::vector<int>, shape);
    QFETCH(int, count);
    QFETCH(QByteArray, dict);
    std::vector<std::int64_t> fullShape{count};
    for (int d : shape) fullShape.push_back(d);
    // Format the header alone for the large row (no need for 200 GB of values).
    const QByteArray bytes = count > 1000 ? rsmi::io::formatNpyHeader("|i1", fullShape)
                                          : rsmi::io::encodeNpy(pattern(shape, count));
    QCOMPARE(bytes.left(8), QByteArray("\x93NUMPY\x01\x00", 8));
    const int headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    const int dataOffset = 10 + headerLength;
    QCOMPARE(dataOffset % 64, 0);
    const QByteArray header = bytes.mid(10, headerLength);
    QVERIFY(header.startsWith(dict));
    QCOMPARE(header.back(), '\n');
    const QByteArray padding = header.mid(dict.size(), header.size() - dict.size() - 1);
    QVERIFY(!padding.isEmpty() && padding.size() <= 64);  // numpy pads with 1 to 64 spaces
    QCOMPARE(padding, QByteArray(padding.size(), ' '));
    if (count <= 1000) {
      const SampleSet s2 = pattern(shape, count);
      QCOMPARE(bytes.size(), dataOffset + static_cast<qsizetype>(s2.values.size()));
      QVERIFY(std::memcmp(bytes.constData() + dataOffset, s2.values.data(), s2.values.size()) == 0);
    }
  }

  void readsForeignDtypes_data() {
    QTest::addColumn<QByteArray>("descr");
    QTest::addColumn<bool>("fortran");
    QTest::addColumn<int>("major");
    QTest::addColumn<std::vector<int>>("dims");
    QTest::addColumn<bool>("positiveOnly");  // u1 cannot hold −1
    const std::vector<int> d3{3, 2, 5}, d2{4, 7};
    for (const char* descr : {"|i1", "i1", "<i2", ">i2", "<i4", ">i4", "=i4", "<i8", ">i8", "<f2", ">f2", "<f4", ">f4",
                              "<f8", ">f8", "|b1"}) {
      QTest::addRow("%s C 3d", descr) << QByteArray(descr) << false << 1 << d3 << false;
      QTest::addRow("%s Fortran 3d", descr) << QByteArray(descr) << true << 1 << d3 << false;
      QTest::addRow("%s Fortran 2d", descr) << QByteArray(descr) << true << 1 << d2 << false;
    }
    QTest::addRow("|u1 all +1") << QByteArray("|u1") << false << 1 << d3 << true;
    QTest::addRow("<u4 all +1 Fortran") << QByteArray("<u4") << true << 1 << d2 << true;
    QTest::addRow("version 2.0") << QByteArray("<i4") << false << 2 << d3 << false;
    QTest::addRow("version 3.0 Fortran") << QByteArray(">f8") << true << 3 << d3 << false;
  }
  void readsForeignDtypes() {
    QFETCH(QByteArray, descr);
    QFETCH(bool, fortran);
    QFETCH(int, major);
    QFETCH(std::vector<int>, dims);
    QFETCH(bool, positiveOnly);
    SampleSet expected = pattern(std::vector<int>(dims.begin() + 1, dims.end()), dims[0]);
    if (positiveOnly) std::fill(expected.values.begin(), expected.values.end(), 1);
    QByteArray code = descr;
    const bool big = code.startsWith('>');
    if (code.startsWith('<') || code.startsWith('>') || code.startsWith('|') || code.startsWith('=')) code.remove(0, 1);
    const char kind = code[0];
    const int size = code.mid(1).toInt();
    QByteArray shape = "(";
    for (std::size_t d = 0; d < dims.size(); ++d) shape += (d ? ", " : "") + QByteArray::number(dims[d]);
    shape += ")";
    const QByteArray file = craft(dictFor(descr, fortran, shape), layout(expected, dims, kind, size, big, fortran), major);
    const SampleSet got = rsmi::io::decodeNpy(file);
    QCOMPARE(got.shape, expected.shape);
    QCOMPARE(got.count(), expected.count());
    QVERIFY(got.values == expected.values);
  }

  void refusals_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("allowZero");
    QTest::addColumn<QString>("fragment");
    const QByteArray good = rsmi::io::encodeNpy(pattern({4, 4}, 2));
    const QByteArray i1 = dictFor("|i1", false, "(2, 3)");
    QTest::addRow("empty") << QByteArray() << false << "empty";
    QTest::addRow("bad magic") << QByteArray("PK\x03\x04 this is a zip") << false << "not a .npy file";
    QTest::addRow("text file") << QByteArray("hello, world\n") << false << "not a .npy file";
    QTest::addRow("truncated in prefix") << good.left(9) << false << "truncated";
    QTest::addRow("truncated in header") << good.left(40) << false << "truncated";
    QTest::addRow("truncated data") << good.left(good.size() - 1) << false << "truncated";
    QTest::addRow("trailing bytes") << good + "xx" << false << "unexpected bytes";
    QTest::addRow("version 4.0") << craft(i1, QByteArray(6, 1), 4) << false << "version 4.0";
    QTest::addRow("malformed dict") << craft("{'descr': '|i1' 'shape': (2, 3)}", QByteArray(6, 1)) << false << "malformed";
    QTest::addRow("missing shape") << craft("{'descr': '|i1', 'fortran_order': False}", QByteArray(6, 1)) << false
                                   << "missing 'shape'";
    QTest::addRow("rank 1") << craft(dictFor("|i1", false, "(6,)"), QByteArray(6, 1)) << false << "1-D array";
    QTest::addRow("rank 0") << craft(dictFor("|i1", false, "()"), QByteArray(1, 1)) << false << "0-D array";
    QTest::addRow("rank 4") << craft(dictFor("|i1", false, "(1, 1, 2, 3)"), QByteArray(6, 1)) << false << "4-D array";
    QTest::addRow("complex dtype") << craft(dictFor("<c16", false, "(2, 3)"), QByteArray(96, 0)) << false
                                   << "unsupported dtype '<c16'";
    QTest::addRow("structured dtype") << craft("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (2, 3), }",
                                               QByteArray(24, 0))
                                      << false << "structured";
    QByteArray twos(6, 1);
    twos[4] = 2;
    QTest::addRow("value 2") << craft(i1, twos) << false << "entry [1, 1] (sample 1) is 2";
    QByteArray zeros(6, 1);
    zeros[2] = 0;
    QTest::addRow("value 0 not allowed") << craft(i1, zeros) << false << "entry [0, 2] (sample 0) is 0";
    QByteArray halves;
    for (double v : {1.0, -1.0, 1.0, 0.5, 1.0, 1.0}) halves += element(v, 'f', 8, false);
    QTest::addRow("value 0.5") << craft(dictFor("<f8", false, "(2, 3)"), halves) << false << "entry [1, 0] (sample 1) is 0.5";
    QByteArray nans;
    for (double v : {1.0, double(NAN), 1.0, 1.0, 1.0, 1.0}) nans += element(v, 'f', 4, true);
    QTest::addRow("NaN") << craft(dictFor(">f4", false, "(2, 3)"), nans) << true << "is nan";
    QTest::addRow("u1 255 is not -1") << craft(dictFor("|u1", false, "(2, 3)"), QByteArray(6, '\xff')) << false << "is 255";
    QTest::addRow("bool byte 2") << craft(dictFor("|b1", false, "(2, 3)"), QByteArray(6, 2)) << false << "boolean byte 2";
    QTest::addRow("shape overflow") << craft(dictFor("<i8", false, "(4611686018427387904, 4, 4)"), QByteArray(8, 0))
                                    << false << "truncated";
  }
  void refusals() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, allowZero);
    QFETCH(QString, fragment);
    try {
      rsmi::io::decodeNpy(bytes, {.allowZero = allowZero}, "test.npy");
      QFAIL("accepted a bad file");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::BadInput);
      const QString message = QString::fromStdString(e.what());
      QVERIFY2(message.startsWith("test.npy: "), qPrintable(message));
      QVERIFY2(message.contains(fragment), qPrintable(message));
    }
  }

  void fileErrors() {
    QTemporaryDir dir;
    const auto expectError = [](const QString& path, IoError::Kind kind, const char* fragment) {
      try {
        rsmi::io::readNpy(path);
        QFAIL("read succeeded");
      } catch (const IoError& e) {
        QCOMPARE(e.kind(), kind);
        QVERIFY2(QString(e.what()).contains(fragment), e.what());
      }
    };
    expectError(dir.filePath("missing.npy"), IoError::Kind::NotFound, "does not exist");
    expectError(dir.path(), IoError::Kind::NotFound, "is a directory");
  }

  void unreadableFile() {
    if (::geteuid() == 0) QSKIP("running as root: chmod 000 does not stop root from reading");
    QTemporaryDir dir;
    const QString path = dir.filePath("locked.npy");
    rsmi::io::writeNpy(path, pattern({4}, 2));
    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
    try {
      rsmi::io::readNpy(path);
      QFAIL("read an unreadable file");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::System);
      QVERIFY2(QString(e.what()).contains("cannot read"), e.what());
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
  }

  void refusesOverwriteWithoutForce() {
    QTemporaryDir dir;
    const QString path = dir.filePath("s.npy");
    const SampleSet first = pattern({3, 3}, 2), second = pattern({5}, 4);
    rsmi::io::writeNpy(path, first);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();
    try {
      rsmi::io::writeNpy(path, second);
      QFAIL("overwrote without force");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::Exists);
      QVERIFY2(QString(e.what()).contains("already exists"), e.what());
    }
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    f.close();
    rsmi::io::writeNpy(path, second, /*force=*/true);
    QCOMPARE(rsmi::io::readNpy(path).shape, second.shape);
  }

  void atomicWrite() {
    QTemporaryDir dir;
    const QString path = dir.filePath("s.npy");
    rsmi::io::writeNpy(path, pattern({6, 6}, 3));
    // No temporary is left behind after a successful write …
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"s.npy"});
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();
    // … nor after a failed one, and the old file is intact.
    SampleSet broken = pattern({6, 6}, 1);
    broken.values.pop_back();
    QVERIFY_THROWS_EXCEPTION(IoError, rsmi::io::writeNpy(path, broken, true));
    SampleSet outOfRange = pattern({6, 6}, 1);
    outOfRange.values[3] = 5;
    QVERIFY_THROWS_EXCEPTION(IoError, rsmi::io::writeNpy(path, outOfRange, true));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"s.npy"});
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    f.close();
    // A missing folder is reported, and nothing is created.
    try {
      rsmi::io::writeNpy(dir.filePath("no/such/folder/s.npy"), pattern({4}, 1));
      QFAIL("wrote into a missing folder");
    } catch (const IoError& e) {
      QCOMPARE(e.kind(), IoError::Kind::NotFound);
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"s.npy"});
    // A directory in the way is refused even with force.
    QVERIFY(QDir(dir.path()).mkdir("d.npy"));
    QVERIFY_THROWS_EXCEPTION(IoError, rsmi::io::writeNpy(dir.filePath("d.npy"), pattern({4}, 1), true));
  }

  // numpy itself (when installed: packaging/debian-build-deps.txt lists python3-numpy) loads our
  // files as they are, and we load what numpy writes.
  void numpyInterop() {
    const QString python = pythonWithNumpy();
    if (python.isEmpty()) QSKIP("python3 with numpy is not installed");
    QTemporaryDir dir;
    const SampleSet s = pattern({5, 7}, 3);
    rsmi::io::writeNpy(dir.filePath("ours.npy"), s);
    const QString script = QStringLiteral(
        "import numpy as np, sys\n"
        "d = sys.argv[1]\n"
        "a = np.load(d + '/ours.npy')\n"
        "print(a.dtype, a.shape, int(a.astype(np.int64).sum()), int((a == 1).sum()))\n"
        "r = np.where(np.arange(2*3*4).reshape(2, 3, 4) % 5 < 2, -1, 1)\n"
        "np.save(d + '/c_i4.npy', r.astype('<i4'))\n"
        "np.save(d + '/f_f8be.npy', np.asfortranarray(r.astype('>f8')))\n"
        "np.save(d + '/bool.npy', r > 0)\n"
        "np.save(d + '/i8_2d.npy', r.reshape(2, 12).astype(np.int64))\n");
    QProcess p;
    p.start(python, {"-c", script, dir.path()});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    long sum = 0, plus = 0;
    for (auto v : s.values) {
      sum += v;
      plus += v == 1;
    }
    const QByteArray expected = "int8 (3, 5, 7) " + QByteArray::number(qint64(sum)) + " " + QByteArray::number(qint64(plus));
    QCOMPARE(p.readAllStandardOutput().trimmed(), expected);
    std::vector<std::int8_t> r(24);
    for (int k = 0; k < 24; ++k) r[k] = k % 5 < 2 ? -1 : 1;
    for (const char* name : {"c_i4.npy", "f_f8be.npy", "bool.npy"}) {
      const SampleSet got = rsmi::io::readNpy(dir.filePath(name));
      QCOMPARE(got.shape, (std::vector<int>{3, 4}));
      QVERIFY2(got.values == r, name);
    }
    const SampleSet flat = rsmi::io::readNpy(dir.filePath("i8_2d.npy"));
    QCOMPARE(flat.shape, std::vector<int>{12});
    QVERIFY(flat.values == r);
  }
};

QTEST_GUILESS_MAIN(TestNpy)
#include "tst_npy.moc"
