// The core must stay free of Qt (DESIGN.md): fails if any file under core/ includes a Qt header,
// or if core's CMake links a Qt target.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

class CoreHasNoQt : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void noQtIncludes() {
    const QRegularExpression qtInclude(QStringLiteral("^\\s*#\\s*include\\s*[<\"](Q[A-Za-z]*|Qt[A-Za-z]*/)"),
                                       QRegularExpression::MultilineOption);
    int files = 0;
    QStringList offenders;
    QDirIterator it(QStringLiteral(RSMI_SOURCE_DIR "/core"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString path = it.next();
      QFile f(path);
      QVERIFY(f.open(QIODevice::ReadOnly));
      ++files;
      if (qtInclude.match(QString::fromUtf8(f.readAll())).hasMatch()) offenders << path;
    }
    QVERIFY2(files > 5, "core/ sources not found");
    QVERIFY2(offenders.isEmpty(), qPrintable("Qt headers included in core: " + offenders.join(", ")));
  }
  void noQtInCoreCMake() {
    QFile f(QStringLiteral(RSMI_SOURCE_DIR "/core/CMakeLists.txt"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY2(!text.contains(QRegularExpression(QStringLiteral("Qt6?::"))), "core/CMakeLists.txt links a Qt target");
  }
};

QTEST_GUILESS_MAIN(CoreHasNoQt)
#include "tst_core_has_no_qt.moc"
