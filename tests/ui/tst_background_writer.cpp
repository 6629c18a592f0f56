// BackgroundWriter: jobs run off the GUI thread, in the order posted; each outcome comes back on
// the GUI thread; an exception is a problem, not a crash; cancel reaches queued jobs too; and
// destroying the writer finishes what is queued instead of dropping it.
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "ui/background_writer.h"

using rsmi::ui::BackgroundWriter;

class TestBackgroundWriter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void runsInOrderOffTheGuiThread() {
    BackgroundWriter writer;
    QSignalSpy idle(&writer, &BackgroundWriter::idle);
    QStringList order, outcomes;
    auto workers = std::make_shared<std::atomic_int>(0);
    QThread* gui = QThread::currentThread();
    for (int i = 0; i < 5; ++i)
      writer.post(
          [i, workers, gui](std::stop_token) {
            if (QThread::currentThread() != gui) ++*workers;
            return i == 3 ? QStringLiteral("problem 3") : QString();
          },
          [&, i](const QString& problem) {
            QCOMPARE(QThread::currentThread(), gui);
            order << QString::number(i);
            outcomes << problem;
          });
    QCOMPARE(writer.pending(), 5);
    QVERIFY(idle.wait(10000));
    QCOMPARE(order, (QStringList{"0", "1", "2", "3", "4"}));
    QCOMPARE(outcomes, (QStringList{"", "", "", "problem 3", ""}));
    QCOMPARE(workers->load(), 5);
    QCOMPARE(writer.pending(), 0);
  }

  void anExceptionIsAProblem() {
    BackgroundWriter writer;
    QString outcome;
    writer.post(
        [](std::stop_token) -> QString { throw std::runtime_error("cannot write 'x': Permission denied"); },
        [&](const QString& problem) { outcome = problem; });
    QTRY_COMPARE(outcome, QStringLiteral("cannot write 'x': Permission denied"));
  }

  void cancelReachesRunningAndQueuedJobs() {
    BackgroundWriter writer;
    auto started = std::make_shared<std::atomic_bool>(false);
    QStringList outcomes;
    const auto work = [started](std::stop_token stop) {
      started->store(true);
      for (int i = 0; i < 10000 && !stop.stop_requested(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return stop.stop_requested() ? QStringLiteral("stopped") : QStringLiteral("ran to the end");
    };
    writer.post(work, [&](const QString& p) { outcomes << p; });
    writer.post(work, [&](const QString& p) { outcomes << p; });
    QTRY_VERIFY(started->load());
    writer.cancel();
    QTRY_COMPARE(outcomes.size(), 2);
    QCOMPARE(outcomes, (QStringList{"stopped", "stopped"}));
  }

  void destroyingFinishesWhatIsQueued() {
    auto done = std::make_shared<std::atomic_int>(0);
    {
      BackgroundWriter writer;
      for (int i = 0; i < 3; ++i)
        writer.post(
            [done](std::stop_token) {
              std::this_thread::sleep_for(std::chrono::milliseconds(20));
              ++*done;
              return QString();
            },
            {});
    }
    QCOMPARE(done->load(), 3);
  }
};

QTEST_GUILESS_MAIN(TestBackgroundWriter)
#include "tst_background_writer.moc"
