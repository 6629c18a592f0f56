// Faults while rsmi writes (docs/robustness.md, section 11): killed in the middle of writing a large
// sample file, a full disk (a file-size limit, which binds root too), a folder it may not write
// into; and a filter training that diverges. Every earlier file stays byte for byte as it was, no
// half file appears under a final name, and the message is one line naming the file and the reason.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <csignal>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "io/npy.h"
#include "cli_test_runs.h"

extern char** environ;

namespace {

using rsmi::testing::asNobody;
using rsmi::testing::fileSizeLimit;
using rsmi::testing::readAll;
using rsmi::testing::Run;
using rsmi::testing::runRsmi;
using rsmi::testing::snapshot;
using rsmi::testing::words;

// Files in `dir` whose names start with `name` + "." : temporaries of `name`.
QStringList temporariesOf(const QDir& dir, const QString& name) {
  QStringList found;
  for (const QString& entry : dir.entryList(QDir::Files | QDir::Hidden))
    if (entry.startsWith(name + '.')) found << entry;
  return found;
}

// The size of the largest file `pid` has open in `dir` and has not yet given its final name: a
// named temporary, or (Qt's QSaveFile on Linux) an unnamed O_TMPFILE one, which /proc shows as
// "DIR/#inode (deleted)" and which would vanish with the process. -1 when there is none.
qint64 largestTemporary(pid_t pid, const QDir& dir) {
  namespace fs = std::filesystem;
  qint64 largest = -1;
  const std::string folder = QFile::encodeName(dir.path()).toStdString() + '/';
  std::error_code error;
  for (const fs::directory_entry& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
    const std::string target = fs::read_symlink(fd.path(), error).string();
    if (error || target.rfind(folder, 0) != 0) continue;
    const std::string name = target.substr(folder.size());
    if (name == "big.npy" || name == "big.json") continue;
    struct stat st {};
    if (::stat(fd.path().c_str(), &st) == 0) largest = std::max<qint64>(largest, st.st_size);
  }
  return largest;
}

pid_t spawnRsmi(const QStringList& args, const QString& cwd) {
  std::vector<QByteArray> bytes{QByteArray(RSMI_CLI_PATH)};
  for (const QString& a : args) bytes.push_back(a.toLocal8Bit());
  std::vector<char*> argv;
  for (QByteArray& b : bytes) argv.push_back(b.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const QByteArray dir = cwd.toLocal8Bit();
  posix_spawn_file_actions_addchdir_np(&actions, dir.constData());
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return failed ? -1 : pid;
}

} // namespace

class TestCliFaults : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void killedWhileWritingKeepsThePreviousFile();
  void fullDiskKeepsThePreviousFile_data();
  void fullDiskKeepsThePreviousFile();
  void unwritableFolder_data();
  void unwritableFolder();
  void flowThatCannotWriteItsResultsResumes();
  void trainWithHugeLearningRates_data();
  void trainWithHugeLearningRates();
};

// 2000 chains of 65536 spins: a 131 MB sample file, written over a small good one. The child is
// frozen (SIGSTOP) as soon as its temporary holds some bytes; if the temporary is then still short
// of the full size the write is under way, and SIGKILL lands in it. Should the child outrun the
// watcher (the write done before the freeze), the attempt proves nothing: the good file is put
// back and the attempt repeated — no timing is assumed.
void TestCliFaults::killedWhileWritingKeepsThePreviousFile() {
  QTemporaryDir tmp;
  const QDir dir(QFileInfo(tmp.path()).canonicalFilePath());
  QCOMPARE(runRsmi(words("sample --model ising1d --size 64 --beta 0.5 --samples 4 --seed 1 --out big.npy --quiet"),
                   dir.path())
               .code,
           0);
  const QByteArray goodSamples = readAll(dir.filePath("big.npy")), goodManifest = readAll(dir.filePath("big.json"));
  QVERIFY(!goodSamples.isEmpty() && !goodManifest.isEmpty());
  const qint64 fullSize = qint64(2000) * 65536;  // the data alone; the header adds a little

  bool caught = false;
  qint64 caughtAt = 0;
  for (int attempt = 0; attempt < 5 && !caught; ++attempt) {
    const pid_t pid = spawnRsmi(
        words("sample --model ising1d --size 65536 --beta 0.5 --samples 2000 --seed 3 --out big.npy --force --quiet"),
        dir.path());
    QVERIFY(pid > 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    bool exited = false;
    while (!caught && std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      if (largestTemporary(pid, dir) <= 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        continue;
      }
      ::kill(pid, SIGSTOP);
      // Frozen: what is seen now is what the kill will meet (the stop may take a moment to land).
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      const qint64 size = largestTemporary(pid, dir);
      if (size > 0 && size < fullSize) {
        ::kill(pid, SIGKILL);
        caught = true;
        caughtAt = size;
      } else {
        ::kill(pid, SIGCONT);
      }
    }
    if (!exited && !caught) ::kill(pid, SIGKILL);
    int status = 0;
    if (!exited) ::waitpid(pid, &status, 0);
    if (caught) QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    if (!caught) {  // put the good files back for the next attempt
      QFile::remove(dir.filePath("big.npy"));
      QFile::remove(dir.filePath("big.json"));
      QFile f(dir.filePath("big.npy")), m(dir.filePath("big.json"));
      QVERIFY(f.open(QIODevice::WriteOnly) && f.write(goodSamples) == goodSamples.size());
      QVERIFY(m.open(QIODevice::WriteOnly) && m.write(goodManifest) == goodManifest.size());
    }
  }
  QVERIFY2(caught, "the write was never caught under way in 5 attempts");
  qInfo("killed with %lld of %lld bytes written", static_cast<long long>(caughtAt), static_cast<long long>(fullSize));
  QCOMPARE(readAll(dir.filePath("big.npy")), goodSamples);
  QCOMPARE(readAll(dir.filePath("big.json")), goodManifest);
  QCOMPARE(rsmi::io::readNpy(dir.filePath("big.npy")).count(), std::size_t(4));
  // Whatever the killed child left is a temporary under another name, never a half "big.npy".
  for (const QString& entry : dir.entryList(QDir::Files | QDir::Hidden))
    QVERIFY2(entry == "big.npy" || entry == "big.json" || temporariesOf(dir, "big.npy").contains(entry) ||
                 temporariesOf(dir, "big.json").contains(entry),
             qPrintable(entry));
}

// A file-size limit stands in for a full disk: the write fails with EFBIG part-way (rsmi ignores
// SIGXFSZ so that it gets the error rather than being killed by it).
void TestCliFaults::fullDiskKeepsThePreviousFile_data() {
  QTest::addColumn<QString>("command");
  QTest::addColumn<QString>("output");
  QTest::addColumn<qint64>("limit");
  // 200 × 64 spins: 12.8 kB of samples against a 4 kB limit.
  QTest::addRow("sample") << "sample --model ising1d --size 64 --beta 0.5 --samples 200 --seed 2 --out s.npy --force --quiet"
                          << "s.npy" << qint64(4096);
  // The filter file (a few kB with its curve) against 512 bytes: a write small enough to sit in
  // the file's buffer until the final flush, which must be checked too.
  QTest::addRow("train") << "train --samples s.npy --block 2 --buffer 1 --env 1 --epochs 3 --out f.json --force --quiet"
                         << "f.json" << qint64(512);
}

void TestCliFaults::fullDiskKeepsThePreviousFile() {
  QFETCH(QString, command);
  QFETCH(QString, output);
  QFETCH(qint64, limit);
  QTemporaryDir tmp;
  const QDir dir(tmp.path());
  QCOMPARE(runRsmi(words("sample --model ising1d --size 64 --beta 0.5 --samples 4 --seed 1 --out s.npy --quiet"),
                   dir.path())
               .code,
           0);
  QFile f(dir.filePath("f.json"));
  QVERIFY(f.open(QIODevice::WriteOnly) && f.write("{\"the\": \"good file\"}") > 0);
  f.close();
  const auto before = snapshot(dir.path());

  const Run r = runRsmi(command.split(' '), dir.path(), fileSizeLimit(limit));
  QCOMPARE(r.code, 1);
  QCOMPARE(QString::fromUtf8(r.err), "rsmi: error: cannot write '" + output + "': File too large\n");
  QCOMPARE(snapshot(dir.path()), before);  // the old file whole, and no temporary left behind

  const Run again = runRsmi(command.split(' '), dir.path());  // room again: it works
  QCOMPARE(again.code, 0);
  QVERIFY(readAll(dir.filePath(output)) != before.value(output));
}

// A folder rsmi may not write into is refused before any work, with the system's reason. As root
// the child runs as `nobody`, for whom the root-owned folder is read-only.
void TestCliFaults::unwritableFolder_data() {
  QTest::addColumn<QString>("command");
  QTest::addColumn<QString>("output");
  QTest::addRow("sample") << "sample --model ising1d --size 64 --beta 0.5 --samples 4 --seed 1 --out s.npy --force"
                          << "s.npy";
  QTest::addRow("train") << "train --samples s.npy --block 2 --buffer 1 --env 1 --epochs 2 --out f.json --force"
                         << "f.json";
  QTest::addRow("flow") << "flow --model ising2d --size 8 --samples 20 --betas 0.4,0.5 --steps 1 --out . --force"
                        << "./run.json";
}

void TestCliFaults::unwritableFolder() {
  QFETCH(QString, command);
  QFETCH(QString, output);
  QTemporaryDir tmp;
  const QDir dir(tmp.path());
  QCOMPARE(runRsmi(words("sample --model ising1d --size 64 --beta 0.5 --samples 4 --seed 1 --out s.npy --quiet"),
                   dir.path())
               .code,
           0);
  const bool root = ::geteuid() == 0;
  QVERIFY(QFile::setPermissions(dir.path(), root ? QFileDevice::Permissions(0x7555) : QFileDevice::Permissions(0x5500)));
  const auto before = snapshot(dir.path());
  const Run r = runRsmi(command.split(' '), dir.path(), root ? asNobody() : QStringList{});
  QFile::setPermissions(dir.path(), QFileDevice::Permissions(0x7700));
  QCOMPARE(r.code, 1);
  QCOMPARE(QString::fromUtf8(r.err), "rsmi: error: cannot write '" + output + "': Permission denied\n");
  QCOMPARE(snapshot(dir.path()), before);
}

// The results of a flow fail to be written (a file-size limit between the size of a temperature
// run and that of flow.json): the finished runs stay in runs/, and --resume writes the results
// from them without recomputing.
void TestCliFaults::flowThatCannotWriteItsResultsResumes() {
  QTemporaryDir tmp;
  const QDir dir(tmp.path());
  const QStringList flow =
      words("flow --model ising2d --size 8 --samples 40 --betas 0.40,0.44,0.48 --steps 1 --epochs 3 --seed 4 --quiet");
  QCOMPARE(runRsmi(flow + QStringList{"--out", "probe"}, dir.path()).code, 0);
  qint64 largestRun = QFileInfo(dir.filePath("probe/run.json")).size();
  const QStringList runs = QDir(dir.filePath("probe/runs")).entryList(QDir::Files);
  QCOMPARE(runs.size(), 3);
  for (const QString& run : runs) largestRun = std::max(largestRun, QFileInfo(dir.filePath("probe/runs/" + run)).size());
  const qint64 results = QFileInfo(dir.filePath("probe/flow.json")).size();
  QVERIFY2(results > largestRun + 2, qPrintable(QString("flow.json %1, largest run %2").arg(results).arg(largestRun)));

  const Run limited = runRsmi(flow + QStringList{"--out", "out"}, dir.path(), fileSizeLimit((results + largestRun) / 2));
  QCOMPARE(limited.code, 1);
  QCOMPARE(QString::fromUtf8(limited.err), QStringLiteral("rsmi: error: cannot write 'out/flow.json': File too large\n"));
  QCOMPARE(QDir(dir.filePath("out/runs")).entryList(QDir::Files), runs);
  QVERIFY(!QFile::exists(dir.filePath("out/flow.json")));
  QVERIFY(!QFile::exists(dir.filePath("out/flow.csv")));
  QCOMPARE(QDir(dir.filePath("out")).entryList(QDir::Files), QStringList{"run.json"});  // no temporaries

  QStringList loud = flow;
  loud.removeAll("--quiet");  // the resume count is progress information
  const Run resumed = runRsmi(loud + QStringList{"--out", "out", "--resume"}, dir.path());
  QCOMPARE(resumed.code, 0);
  QVERIFY2(resumed.err.contains("rsmi: resuming: 3 of 3 temperature runs already done"), resumed.err.constData());
  QCOMPARE(readAll(dir.filePath("out/flow.csv")), readAll(dir.filePath("probe/flow.csv")));
}

// Learning rates far too large. At 100 the exact estimator's weights saturate (|λ| of a few tens,
// p(h|v) nearly a majority rule) and training goes on: nothing diverges. With SGD at 1e10 the
// weights overflow within a few epochs, and at 1e300 in the first step with either optimizer: the
// filter written is then the last good one, finite, the message is beside it in the file and the
// warning is one line on stderr.
void TestCliFaults::trainWithHugeLearningRates_data() {
  QTest::addColumn<QString>("options");
  QTest::addColumn<QString>("warning");  // the start of the warning line, or empty for none
  QTest::addRow("100") << "--learning-rate 100" << QString();
  QTest::addRow("100, sgd") << "--learning-rate 100 --optimizer sgd" << QString();
  QTest::addRow("1e10, sgd") << "--learning-rate 1e10 --optimizer sgd"
                             << "rsmi: warning: filter training diverged in epoch ";
  QTest::addRow("1e300") << "--learning-rate 1e300"
                         << "rsmi: warning: filter training diverged in epoch 1 (the weights are not finite); kept the "
                            "random start; lower the learning rate (now 1e+300)";
}

void TestCliFaults::trainWithHugeLearningRates() {
  QFETCH(QString, options);
  QFETCH(QString, warning);
  QTemporaryDir tmp;
  const QDir dir(tmp.path());
  QCOMPARE(runRsmi(words("sample --model ising2d --size 16 --beta 0.44 --samples 100 --seed 1 --out s.npy --quiet"),
                   dir.path())
               .code,
           0);
  const Run r = runRsmi(words("train --samples s.npy --epochs 20 --out f.json --quiet") + options.split(' '), dir.path());
  QCOMPARE(r.code, 0);
  const QJsonObject json = QJsonDocument::fromJson(readAll(dir.filePath("f.json"))).object();
  if (warning.isEmpty()) {
    QCOMPARE(r.err, QByteArray());
    QVERIFY(!json.contains("training_diverged"));
    QCOMPARE(json["epochs"].toInt(), 20);
  } else {
    QVERIFY2(r.err.startsWith(warning.toUtf8()), r.err.constData());
    QVERIFY2(r.err.endsWith(" (now " + options.split(' ')[1].toUtf8().replace("1e", "1e+") + ")\n"), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QCOMPARE("rsmi: warning: " + json["training_diverged"].toString() + "\n", QString::fromUtf8(r.err));
  }
  QVERIFY(json["mi_bits"].isDouble() && std::isfinite(json["mi_bits"].toDouble()));
  for (const QJsonValue& row : json["weights"].toArray())
    for (const QJsonValue& w : row.toArray()) QVERIFY(w.isDouble() && std::isfinite(w.toDouble()));
  for (const QJsonValue& e : json["curve"].toArray())
    QVERIFY(e.toObject()["held_out_bits"].isDouble());  // null would mark a non-finite value
}

QTEST_GUILESS_MAIN(TestCliFaults)
#include "tst_cli_faults.moc"
