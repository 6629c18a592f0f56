// Files the studio is handed that are wrong, and folders it cannot write (docs/robustness.md,
// section 10): opening a corrupt, foreign, unreadable or missing session, or a folder, is explained
// and the finished experiment on screen stays with its results; an export or a save into a
// read-only folder is explained and the results stay for another attempt. The message box does
// not block: the window is shown, and every call returns with the problem.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include <sys/fsuid.h>
#include <unistd.h>

#include "io/run_spec_json.h"
#include "io/session.h"
#include "ui/experiment_job.h"
#include "ui/experiment_view.h"
#include "ui/filter_heatmap.h"
#include "ui/main_window.h"
#include "studio_test_runs.h"

using namespace rsmi;
using namespace rsmi::ui;
using rsmi::ui::testing::runToEnd;
using rsmi::ui::testing::smallSpec;

namespace {

// Root reads and writes anything; permission rows run their file access as `nobody`. setfsuid acts
// on the calling thread only, which is the thread that opens and writes the files here.
class AsNobody {
public:
  AsNobody() {
    if (geteuid() == 0) {
      setfsgid(65534);
      setfsuid(65534);
    }
  }
  ~AsNobody() {
    if (geteuid() == 0) {
      setfsuid(0);
      setfsgid(0);
    }
  }
  AsNobody(const AsNobody&) = delete;
  AsNobody& operator=(const AsNobody&) = delete;
};

bool write(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestStudioBadFiles : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::unique_ptr<MainWindow> window_;
  std::shared_ptr<const ExperimentState> finished_;

  // Nothing the user sees was lost: the same state, the same form, the filters drawn, no run.
  bool unchanged() const {
    return window_->experimentJob()->state() == finished_ && !window_->isExperimentRunning() &&
           window_->experimentSpec().flow.sampling.samples == 100 && !window_->experimentView()->filters()->isEmpty();
  }

  // The non-blocking box shows `problem`; closed again for the next row.
  bool boxShows(const QString& problem) {
    auto* box = window_->findChild<QMessageBox*>(QStringLiteral("fileProblem"));
    if (!box || !box->isVisible() || box->text() != problem) return false;
    box->close();
    return true;
  }

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QFile::setPermissions(dir_.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther |
                                           QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    window_ = std::make_unique<MainWindow>();
    window_->setExperimentSpec(smallSpec(*window_));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QSignalSpy stopped(window_->experimentJob(), &ExperimentJob::stopped);
    window_->startExperiment();
    QVERIFY(stopped.wait(120000));
    finished_ = window_->experimentJob()->state();
    QCOMPARE(finished_->phase, ExperimentPhase::Finished);
  }

  void cleanupTestCase() { window_.reset(); }

  void openRefused_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");  // written to `name` unless empty
    QTest::addColumn<QString>("expected");
    QTest::addRow("not JSON") << "garbled.rsmi.json" << QByteArray("{\"format\": \"rsmi-session\", ") << "not valid JSON";
    QTest::addRow("empty file") << "empty.rsmi.json" << QByteArray(" ") << "not valid JSON";
    QTest::addRow("a sample file") << "samples.npy" << QByteArray("\x93NUMPY\x01\x00", 8) << "not valid JSON";
    QTest::addRow("another format") << "manifest.json" << QByteArray("{\"format\": \"rsmi-sample-manifest\"}")
                                    << "not an RSMI Studio session ('format' is not 'rsmi-session')";
    QTest::addRow("a RunSpec") << "run.json" << QJsonDocument(io::runSpecToJson(RunSpec{})).toJson()
                               << "not an RSMI Studio session";
    QTest::addRow("newer version") << "future.rsmi.json"
                                   << QByteArray("{\"format\": \"rsmi-session\", \"format_version\": 7}")
                                   << "session format 7 is newer than this program reads";
    QTest::addRow("spec not an object") << "bad-spec.rsmi.json"
                                        << QByteArray("{\"format\": \"rsmi-session\", \"spec\": {\"sampling\": 3}}")
                                        << "'sampling' must be an object";
    QTest::addRow("missing") << "absent.rsmi.json" << QByteArray() << "does not exist";
  }

  void openRefused() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QString path = dir_.filePath(name);
    if (!bytes.isEmpty()) QVERIFY(write(path, bytes));
    const QString problem = window_->openSession(path);
    QVERIFY2(problem.contains(expected), qPrintable(problem));
    qInfo("%s", qPrintable(problem));
    QVERIFY(boxShows(problem));
    QVERIFY(unchanged());
  }

  void openFolder() {
    QVERIFY(QDir(dir_.path()).mkpath("folder.rsmi.json"));
    const QString problem = window_->openSession(dir_.filePath("folder.rsmi.json"));
    QVERIFY2(problem.contains("is a directory, not a file"), qPrintable(problem));
    QVERIFY(boxShows(problem));
    QVERIFY(unchanged());
  }

  void openUnreadable() {
    const QString path = dir_.filePath("locked.rsmi.json");
    QVERIFY(window_->saveSession(path).isEmpty());
    QVERIFY(QFile::setPermissions(path, {}));
    QString problem;
    {
      AsNobody nobody;
      if (QFile(path).open(QIODevice::ReadOnly)) QSKIP("this process reads files of mode 000 (capabilities)");
      problem = window_->openSession(path);
    }
    QVERIFY2(problem.contains("Permission denied"), qPrintable(problem));
    qInfo("%s", qPrintable(problem));
    QVERIFY(boxShows(problem));
    QVERIFY(unchanged());
  }

  // Exports and saves into a read-only folder fail with a message; the same results then export
  // and save into a writable folder.
  void readOnlyFolder() {
    const QString locked = dir_.filePath("read-only");
    QVERIFY(QDir(dir_.path()).mkpath("read-only"));
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
    QString results, session, figure;
    {
      AsNobody nobody;
      if (QFile(locked + "/probe").open(QIODevice::WriteOnly)) QSKIP("this process writes into read-only folders");
      results = window_->exportResults(locked);
      session = window_->saveSession(locked + "/a.rsmi.json");
      figure = window_->exportView("flow", locked + "/flow.png");
    }
    for (const QString& problem : {results, session, figure}) QVERIFY2(!problem.isEmpty(), "a write into a read-only folder succeeded");
    for (const QString& problem : {results, session, figure}) {
      qInfo("%s", qPrintable(problem));
      QVERIFY2(problem.contains("Permission denied"), qPrintable(problem));
    }
    QVERIFY2(results.startsWith("cannot write"), qPrintable(results));
    QVERIFY(boxShows(figure));  // the last message; one box, its text replaced
    QVERIFY(QDir(locked).entryList(QDir::Files | QDir::Hidden).isEmpty());  // no half file left
    QVERIFY(unchanged());

    const QString writable = dir_.filePath("writable");
    QVERIFY(QDir(dir_.path()).mkpath("writable"));
    QCOMPARE(window_->exportResults(writable), QString());
    QCOMPARE(window_->saveSession(writable + "/a.rsmi.json"), QString());
    QCOMPARE(io::readSession(writable + "/a.rsmi.json").runs.size(), std::size_t(3));
  }
};

QTEST_MAIN(TestStudioBadFiles)
#include "tst_studio_bad_files.moc"
