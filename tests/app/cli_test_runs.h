#pragma once
// The rsmi program as the command-line suites run it: through QProcess in a working folder, with its
// exit status and both streams, and the folder's contents before and after, to show that a refused
// or failed command wrote nothing and overwrote nothing. Shared by tst_cli, tst_cli_bad_input and
// tst_cli_faults.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <unistd.h>

namespace rsmi::testing {

struct Run {
  int code = -1;  // exit status; -1 when it crashed or timed out
  QByteArray out, err;
};

// Runs rsmi in `cwd`, behind `wrapper` (e.g. prlimit or setpriv with their arguments) if any. A
// command that has not finished after `timeoutMs` is killed and reported as timed out.
inline Run runRsmi(const QStringList& args, const QString& cwd, const QStringList& wrapper = {},
                   int timeoutMs = 300000) {
  QProcess p;
  p.setWorkingDirectory(cwd);
  if (wrapper.isEmpty()) p.start(QStringLiteral(RSMI_CLI_PATH), args);
  else p.start(wrapper.front(), wrapper.mid(1) + QStringList{QStringLiteral(RSMI_CLI_PATH)} + args);
  Run r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    r.err = "timed out";
    return r;
  }
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

// Wrappers: a file-size limit (a full disk, without filling one), and the unprivileged user nobody
// (root reads and writes everything, so unreadable files and folders need another user).
inline QStringList fileSizeLimit(qint64 bytes) {
  return {QStringLiteral("prlimit"), QStringLiteral("--fsize=") + QString::number(bytes), QStringLiteral("--")};
}
inline QStringList asNobody() {
  return {QStringLiteral("setpriv"), QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
          QStringLiteral("--clear-groups")};
}
// asNobody() when running as root, where permissions would not apply; otherwise nothing.
inline QStringList asNobodyIfRoot() { return ::geteuid() == 0 ? asNobody() : QStringList{}; }

inline QStringList words(const char* text) { return QString::fromUtf8(text).split(' ', Qt::SkipEmptyParts); }

inline QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every file under `dir` (recursively; with `withFolders`, every folder too), by its path relative to
// `dir`, with its bytes.
inline QMap<QString, QByteArray> snapshot(const QString& dir, bool withFolders = false) {
  QMap<QString, QByteArray> files;
  QDir::Filters filters = QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot;
  if (withFolders) filters |= QDir::Dirs;
  QDirIterator it(dir, filters, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString path = it.next();
    QFile f(path);
    files[QDir(dir).relativeFilePath(path)] =
        f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable or a folder)");
  }
  return files;
}

} // namespace rsmi::testing
