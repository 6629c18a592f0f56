// The presets that ship with the studio (resources/presets): every one is a valid RunSpec with a
// title and a teaching note, all are embedded in the studio's resources, and the studio opens each
// by name (--preset) without complaint.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include "io/run_spec_json.h"

class TestPresets : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void everyPresetIsAValidRunSpec() {
    const QDir dir(QStringLiteral(RSMI_SOURCE_DIR "/resources/presets"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 5);
    QFile qrc(QStringLiteral(RSMI_SOURCE_DIR "/resources/resources.qrc"));
    QVERIFY(qrc.open(QIODevice::ReadOnly));
    const QByteArray resources = qrc.readAll();
    for (const QString& name : files) {
      const rsmi::RunSpec spec = rsmi::io::readRunSpec(dir.filePath(name));  // throws on any problem
      QVERIFY2(!spec.title.empty(), qPrintable(name));
      QVERIFY2(spec.description.size() > 40, qPrintable(name));
      QVERIFY2(resources.contains(("presets/" + name).toUtf8()), qPrintable(name + " is not in resources.qrc"));
    }
  }

  void theStudioOpensAPresetByName() {
    QTemporaryDir dir;
    QProcess studio;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    studio.setProcessEnvironment(environment);
    const QString shot = dir.filePath(QStringLiteral("preset.png"));
    studio.start(QStringLiteral(RSMI_STUDIO_PATH),
                 {QStringLiteral("--preset"), QStringLiteral("02-rg-flow-near-tc"), QStringLiteral("--screenshot"), shot,
                  QStringLiteral("--run-for"), QStringLiteral("0.2")});
    QVERIFY(studio.waitForFinished(60000));
    QCOMPARE(studio.exitCode(), 0);
    QVERIFY(QFile::exists(shot));
    studio.start(QStringLiteral(RSMI_STUDIO_PATH), {QStringLiteral("--preset"), QStringLiteral("no-such-preset")});
    QVERIFY(studio.waitForFinished(60000));
    QCOMPARE(studio.exitCode(), 2);
    QVERIFY(studio.readAllStandardError().contains("no-such-preset"));
  }
};

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
