// The atomic writer every file goes through (io/atomic_file.h): a write that fails part-way — here a
// file-size limit, which stands in for a full disk and binds root too — throws IoError(System)
// naming the file and the reason, leaves the earlier file byte for byte, and leaves no temporary.
// Small writes sit in the file's buffer until the final flush; that flush is checked as well.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>
#include <optional>
#include <sys/resource.h>

#include "core/lattice/sample_set.h"
#include "io/atomic_file.h"
#include "io/io_error.h"
#include "io/npy.h"

using namespace rsmi::io;

namespace {

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs `write` with the process's file-size limit at `bytes` and SIGXFSZ ignored (as rsmi and the
// studio run), and returns the IoError it threw (kind, message), or nothing.
std::optional<std::pair<IoError::Kind, QString>> underFileSizeLimit(rlim_t bytes, const std::function<void()>& write) {
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  rlimit small = saved;
  small.rlim_cur = bytes;
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  setrlimit(RLIMIT_FSIZE, &small);
  std::optional<std::pair<IoError::Kind, QString>> thrown;
  try {
    write();
  } catch (const IoError& e) {
    thrown = std::make_pair(e.kind(), QString::fromUtf8(e.what()));
  }
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  return thrown;
}

} // namespace

class TestAtomicFile : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void failedWriteKeepsTheEarlierFile_data() {
    QTest::addColumn<int>("size");
    QTest::addRow("300 bytes (buffered until the final flush)") << 300;
    QTest::addRow("1 MB (written through)") << (1 << 20);
  }
  void failedWriteKeepsTheEarlierFile() {
    QFETCH(int, size);
    QTemporaryDir dir;
    const QString path = dir.filePath("keep.json");
    writeFileAtomically(path, "the good file", false);
    const auto thrown = underFileSizeLimit(100, [&] { writeFileAtomically(path, QByteArray(size, 'x'), true); });
    QVERIFY(thrown);
    QCOMPARE(thrown->first, IoError::Kind::System);
    QCOMPARE(thrown->second, "cannot write '" + path + "': File too large");
    QCOMPARE(readAll(path), QByteArray("the good file"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"keep.json"});
  }

  // The sample writer goes through it: a failed .npy leaves the earlier samples readable.
  void failedNpyKeepsTheEarlierSamples() {
    QTemporaryDir dir;
    const QString path = dir.filePath("s.npy");
    rsmi::SampleSet small;
    small.shape = {2, 2};
    small.values.assign(2 * 4, 1);
    writeNpy(path, small);
    const QByteArray good = readAll(path);
    rsmi::SampleSet big;
    big.shape = {64, 64};
    big.values.assign(100 * 64 * 64, -1);
    const auto thrown = underFileSizeLimit(4096, [&] { writeNpy(path, big, true); });
    QVERIFY(thrown);
    QVERIFY2(thrown->second.endsWith("File too large"), qPrintable(thrown->second));
    QCOMPARE(readAll(path), good);
    QCOMPARE(readNpy(path).count(), std::size_t(2));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"s.npy"});
  }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"
