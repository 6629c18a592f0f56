#pragma once
// Atomic writes (DESIGN.md, "Files users exchange"): the bytes go to a temporary file beside the
// target and are renamed over it only on commit(), so a crash, an error or a Ctrl+C never leaves a
// half-written file in place of a good one. Destroying an uncommitted AtomicFile discards it.
#include <QByteArray>
#include <QString>
#include <memory>

class QSaveFile;

namespace rsmi::io {

class AtomicFile {
public:
  // Throws IoError(Exists) when `path` exists and `force` is false, IoError(NotFound) when the
  // path is a directory or its folder is missing, IoError(System) when the temporary can't be made.
  AtomicFile(const QString& path, bool force);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const QByteArray& bytes);
  // Renames the temporary over the target. Re-checks `force`, since the target may have appeared
  // while we were writing. A failed write, flush or rename throws IoError(System) "cannot write
  // 'path': REASON" and leaves the target as it was (the temporary is removed).
  void commit();
  const QString& path() const { return path_; }

private:
  QString path_;
  bool force_;
  std::unique_ptr<QSaveFile> file_;
};

// Throws IoError(Exists) when `path` exists and `force` is false, IoError(NotFound) when `path` is
// a directory or its folder does not exist, IoError(System) "cannot write 'path': Permission
// denied" (or the system's reason) when the folder may not be written. Lets callers refuse early,
// before minutes of work.
void checkWritable(const QString& path, bool force);

// Write-then-rename in one call.
void writeFileAtomically(const QString& path, const QByteArray& bytes, bool force);

// The whole file, or IoError naming why not (missing, a directory, unreadable, larger than maxBytes).
QByteArray readWholeFile(const QString& path, qint64 maxBytes = qint64(1) << 40);

} // namespace rsmi::io
