// The file dialogs' starting points: the last folder used (home at first, and again when that
// folder is gone), a suggested file name in it, and the last figure format, kept in the settings.
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/file_locations.h"

using namespace rsmi::ui;

class TestFileLocations : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // settings in a test folder, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("rsmi-test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_file_locations"));
    QSettings().clear();
  }

  void homeAtFirst() {
    QCOMPARE(file_locations::lastFolder(), QDir::homePath());
    QCOMPARE(file_locations::figureFormat(), QStringLiteral("png"));
  }

  void remembersTheFolderOfAFileOrAFolder() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
    file_locations::remember(dir.filePath(QStringLiteral("sub/flow.png")));  // need not exist yet
    QCOMPARE(file_locations::lastFolder(), QDir(dir.filePath(QStringLiteral("sub"))).absolutePath());
    file_locations::remember(dir.path());
    QCOMPARE(file_locations::lastFolder(), QDir(dir.path()).absolutePath());
    QCOMPARE(file_locations::suggested(QStringLiteral("samples.npy")), QDir(dir.path()).absoluteFilePath("samples.npy"));
    file_locations::remember(QString());  // a cancelled dialog changes nothing
    QCOMPARE(file_locations::lastFolder(), QDir(dir.path()).absolutePath());
  }

  void aFolderThatIsGoneFallsBackToHome() {
    QString gone;
    {
      QTemporaryDir dir;
      gone = dir.path();
      file_locations::remember(gone);
      QCOMPARE(file_locations::lastFolder(), QDir(gone).absolutePath());
    }
    QCOMPARE(file_locations::lastFolder(), QDir::homePath());
  }

  void remembersTheFigureFormat() {
    file_locations::rememberFigureFormat(QStringLiteral("/x/flow.SVG"));
    QCOMPARE(file_locations::figureFormat(), QStringLiteral("svg"));
    file_locations::rememberFigureFormat(QStringLiteral("/x/flow.jpg"));  // not a format we write
    QCOMPARE(file_locations::figureFormat(), QStringLiteral("svg"));
    file_locations::rememberFigureFormat(QStringLiteral("/x/flow.pdf"));
    QCOMPARE(file_locations::figureFormat(), QStringLiteral("pdf"));
  }

  void cleanupTestCase() { QSettings().clear(); }
};

QTEST_GUILESS_MAIN(TestFileLocations)
#include "tst_file_locations.moc"
