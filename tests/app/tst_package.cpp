// Installation and packaging end to end: the desktop entry and the AppStream metadata pass their
// validators; `cmake --install` lays out the programs and data files and the installed programs
// run; CPack's Debian package holds the same files and depends on the Qt plugins that no ELF
// dependency names (without qt6-qpa-plugins no window opens). Missing tools skip, never fail.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>

#include "io/resource_paths.h"

namespace {

const QString kAppId = QStringLiteral("io.github.rsmi_studio.RsmiStudio");
const QList<int> kIconSizes = {16, 32, 48, 64, 128, 256};

struct Run {
  int code = -1;
  QString out;  // stdout and stderr together: what a failure message should show
};

Run run(const QString& program, const QStringList& args, int timeoutMs = 120000) {
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  // The installed studio is started too: it must not need a display, whoever runs the test.
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  p.setProcessEnvironment(environment);
  p.start(program, args);
  Run r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    r.out = QStringLiteral("timed out: ") + program + QLatin1Char(' ') + args.join(QLatin1Char(' '));
    return r;
  }
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAll());
  return r;
}

// The build tree that made the rsmi under test: the first folder above it holding CMakeCache.txt
// (app/ with single-config generators, app/<Config>/ with multi-config ones).
QString buildDirectory() {
  QDir dir = QFileInfo(QStringLiteral(RSMI_CLI_PATH)).absoluteDir();
  for (int up = 0; up < 4; ++up) {
    if (dir.exists(QStringLiteral("CMakeCache.txt"))) return dir.absolutePath();
    if (!dir.cdUp()) break;
  }
  return {};
}

// A path recorded in CMakeCache.txt (e.g. CMAKE_COMMAND), so the test drives the same CMake that
// configured the build; falls back to the program of that name on PATH.
QString cachedTool(const QString& buildDir, const QString& key, const QString& fallback) {
  QFile cache(buildDir + QStringLiteral("/CMakeCache.txt"));
  if (cache.open(QIODevice::ReadOnly | QIODevice::Text)) {
    const QRegularExpression line(QStringLiteral("^%1:[A-Z]+=(.+)$").arg(key),
                                  QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = line.match(QString::fromUtf8(cache.readAll()));
    if (m.hasMatch() && QFileInfo(m.captured(1)).isExecutable()) return m.captured(1);
  }
  return QStandardPaths::findExecutable(fallback);
}

// Paths, relative to the installation prefix, that the install and the package must both hold.
QStringList expectedFiles() {
  QStringList files = {
      QStringLiteral("bin/rsmi"),
      QStringLiteral("bin/rsmi-studio"),
      QStringLiteral("share/applications/%1.desktop").arg(kAppId),
      QStringLiteral("share/metainfo/%1.metainfo.xml").arg(kAppId),
      QStringLiteral("share/icons/hicolor/scalable/apps/%1.svg").arg(kAppId),
      QStringLiteral("share/doc/rsmi-studio/copyright"),
  };
  for (int size : kIconSizes)
    files << QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId);
  const QStringList presets = QDir(QStringLiteral(RSMI_SOURCE_DIR "/resources/presets"))
                                  .entryList({QStringLiteral("*.json")}, QDir::Files);
  for (const QString& preset : presets) files << QStringLiteral("share/rsmi-studio/presets/") + preset;
  return files;
}

// The man page is gzip-compressed when the build machine has gzip, as Debian policy asks.
bool hasManPage(const std::function<bool(const QString&)>& exists) {
  return exists(QStringLiteral("share/man/man1/rsmi.1.gz")) ||
         exists(QStringLiteral("share/man/man1/rsmi.1"));
}

} // namespace

class TestPackage : public QObject {
  Q_OBJECT

  QString buildDir_;

private Q_SLOTS:
  void initTestCase() {
    buildDir_ = buildDirectory();
    QVERIFY2(!buildDir_.isEmpty(), "no CMakeCache.txt above " RSMI_CLI_PATH);
  }

  void presetDirectoriesInOrder() {
    QTemporaryDir own;
    QVERIFY(own.isValid());
    qputenv("RSMI_PRESETS_DIR", own.path().toUtf8());
    const QStringList withEnvironment = rsmi::io::presetDirectories();
    qunsetenv("RSMI_PRESETS_DIR");
    const QString installed = QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                              QStringLiteral("/../share/rsmi-studio/presets"));
    QCOMPARE(withEnvironment,
             QStringList({QDir::cleanPath(own.path()), installed, QStringLiteral(":/rsmi/presets")}));
    QCOMPARE(rsmi::io::presetDirectories(), QStringList({installed, QStringLiteral(":/rsmi/presets")}));
  }

  void desktopFileValidates() {
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (tool.isEmpty()) QSKIP("desktop-file-validate not found (Debian package desktop-file-utils)");
    const QString file = QStringLiteral(RSMI_SOURCE_DIR "/packaging/%1.desktop").arg(kAppId);
    const Run r = run(tool, {file});
    QVERIFY2(r.code == 0 && !r.out.contains(QStringLiteral("error:")), qPrintable(r.out));
  }

  void metainfoValidates() {
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
    if (tool.isEmpty()) QSKIP("appstreamcli not found (Debian package appstream)");
    const QString file = QStringLiteral(RSMI_SOURCE_DIR "/packaging/%1.metainfo.xml").arg(kAppId);
    const Run r = run(tool, {QStringLiteral("validate"), QStringLiteral("--no-net"), file});
    QVERIFY2(r.code == 0, qPrintable(r.out));
  }

  void installedTreeRuns() {
    const QString cmake = cachedTool(buildDir_, QStringLiteral("CMAKE_COMMAND"), QStringLiteral("cmake"));
    if (cmake.isEmpty()) QSKIP("cmake not found");
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    const Run install =
        run(cmake, {QStringLiteral("--install"), buildDir_, QStringLiteral("--prefix"), prefix.path()});
    QVERIFY2(install.code == 0, qPrintable(install.out));

    const QDir root(prefix.path());
    for (const QString& file : expectedFiles())
      QVERIFY2(root.exists(file), qPrintable(file + " not installed"));
    QVERIFY2(hasManPage([&root](const QString& f) { return root.exists(f); }), "man page not installed");
    // The installed metadata, desktop entry and icons agree with each other (launchable, icon name).
    if (const QString appstream = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
        !appstream.isEmpty()) {
      const Run tree =
          run(appstream, {QStringLiteral("validate-tree"), QStringLiteral("--no-net"), prefix.path()});
      QVERIFY2(tree.code == 0, qPrintable(tree.out));
    }

    const Run cli = run(root.filePath(QStringLiteral("bin/rsmi")), {QStringLiteral("--version")}, 30000);
    QCOMPARE(cli.code, 0);
    QVERIFY2(cli.out.contains(QStringLiteral(RSMI_VERSION)), qPrintable(cli.out));
    // The studio starts from the installed tree too.
    const Run studio =
        run(root.filePath(QStringLiteral("bin/rsmi-studio")), {QStringLiteral("--version")}, 30000);
    QVERIFY2(studio.code == 0 && studio.out.contains(QStringLiteral(RSMI_VERSION)), qPrintable(studio.out));
  }

  void debianPackage() {
    const QString cpack =
        cachedTool(buildDir_, QStringLiteral("CMAKE_CPACK_COMMAND"), QStringLiteral("cpack"));
    const QString dpkgDeb = QStandardPaths::findExecutable(QStringLiteral("dpkg-deb"));
    if (cpack.isEmpty() || dpkgDeb.isEmpty()) QSKIP("cpack or dpkg-deb not found");
    QTemporaryDir out;
    QVERIFY(out.isValid());
    // With a Makefile tree, cpack first makes the 'preinstall' target, which builds every target, all
    // the test suites included. What the package holds is built before this test (its dependencies),
    // so cpack is told the tree is a Ninja one, for which it runs no such step.
    const Run pack =
        run(cpack, {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                    buildDir_ + QStringLiteral("/CPackConfig.cmake"), QStringLiteral("-B"), out.path(),
                    QStringLiteral("-D"), QStringLiteral("CPACK_CMAKE_GENERATOR=Ninja")});
    QVERIFY2(pack.code == 0, qPrintable(pack.out));
    const QStringList debs = QDir(out.path()).entryList({QStringLiteral("*.deb")}, QDir::Files);
    QVERIFY2(debs.size() == 1, qPrintable(debs.join(QLatin1Char(' ')) + pack.out));
    const QString deb = QDir(out.path()).filePath(debs.first());
    QVERIFY2(debs.first().startsWith(QStringLiteral("rsmi-studio_" RSMI_VERSION "_")),
             qPrintable(debs.first()));

    const Run contents = run(dpkgDeb, {QStringLiteral("-c"), deb});
    QCOMPARE(contents.code, 0);
    // Lines end in "./usr/<path>" (symlinks add " -> target", which no expected file is).
    QSet<QString> listed;
    for (const QString& line : contents.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
      const qsizetype at = line.indexOf(QStringLiteral(" ./usr/"));
      if (at >= 0) listed.insert(line.mid(at + 7));
    }
    for (const QString& file : expectedFiles())
      QVERIFY2(listed.contains(file), qPrintable(file + " not in the package:\n" + contents.out));
    QVERIFY2(hasManPage([&listed](const QString& f) { return listed.contains(f); }),
             qPrintable(contents.out));

    const Run info = run(dpkgDeb, {QStringLiteral("-I"), deb});
    QCOMPARE(info.code, 0);
    const QRegularExpressionMatch depends =
        QRegularExpression(QStringLiteral("^ Depends: (.*)$"), QRegularExpression::MultilineOption)
            .match(info.out);
    QVERIFY2(depends.hasMatch(), qPrintable(info.out));
    for (const char* package :
         {"qt6-qpa-plugins", "libqt6svg6", "libqt6widgets6", "libqt6charts6", "libtbb12"})
      QVERIFY2(depends.captured(1).contains(QLatin1String(package)),
               qPrintable(QLatin1String(package) + " missing: " + info.out));
    QVERIFY2(info.out.contains(QStringLiteral(" Package: rsmi-studio\n")), qPrintable(info.out));
    QVERIFY2(info.out.contains(QStringLiteral(" Version: " RSMI_VERSION "\n")), qPrintable(info.out));
  }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
