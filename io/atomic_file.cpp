#include "io/atomic_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

#include "io/io_error.h"

namespace rsmi::io {

namespace {

std::string quoted(const QString& path) { return "'" + path.toStdString() + "'"; }

} // namespace

void checkWritable(const QString& path, bool force) {
  const QFileInfo info(path);
  if (info.isDir())
    throw IoError(IoError::Kind::NotFound, quoted(path) + " is a directory, not a file");
  if (info.exists() && !force)
    throw IoError(IoError::Kind::Exists, quoted(path) + " already exists (refusing to overwrite it)");
  const QFileInfo folder(info.absolutePath());
  if (!folder.isDir())
    throw IoError(IoError::Kind::NotFound,
                  "the folder " + quoted(QDir::toNativeSeparators(info.absolutePath())) + " of " + quoted(path) +
                      " does not exist");
#ifdef Q_OS_UNIX
  // A folder we may not write into is refused now, before minutes of sampling or training, with
  // the reason the write would fail with later (the temporary beside the target could not be made).
  // AT_EACCESS: asked with the identity that will write (effective, filesystem ids), not the real one.
  if (::faccessat(AT_FDCWD, QFile::encodeName(info.absolutePath()).constData(), W_OK | X_OK, AT_EACCESS) != 0)
    throw IoError(IoError::Kind::System, "cannot write " + quoted(path) + ": " + std::strerror(errno));
#endif
}

AtomicFile::AtomicFile(const QString& path, bool force) : path_(path), force_(force) {
  checkWritable(path, force);
  file_ = std::make_unique<QSaveFile>(path);
  // Never fall back to writing the target in place: that would defeat the point.
  file_->setDirectWriteFallback(false);
  // Unbuffered: every write reaches the system at once, so that a full disk is reported by the
  // write it stops, with the system's reason (a short write into Qt's buffer would only surface as
  // "Unknown error" at the final flush).
  if (!file_->open(QIODevice::WriteOnly | QIODevice::Unbuffered))
    throw IoError(IoError::Kind::System,
                  "cannot write " + quoted(path) + ": " + file_->errorString().toStdString());
}

AtomicFile::~AtomicFile() {
  if (file_ && file_->isOpen()) file_->cancelWriting();  // removes the temporary
}

void AtomicFile::write(const QByteArray& bytes) {
  if (!file_ || !file_->isOpen())
    throw IoError(IoError::Kind::System, "write to " + quoted(path_) + " after it was closed");
  const char* data = bytes.constData();
  qint64 left = bytes.size();
  while (left > 0) {
    const qint64 n = file_->write(data, left);
    if (n <= 0)
      throw IoError(IoError::Kind::System,
                    "cannot write " + quoted(path_) + ": " + file_->errorString().toStdString());
    data += n;
    left -= n;
  }
}

void AtomicFile::commit() {
  if (!file_ || !file_->isOpen())
    throw IoError(IoError::Kind::System, "commit of " + quoted(path_) + " after it was closed");
  if (!force_ && QFileInfo::exists(path_)) {
    file_->cancelWriting();
    throw IoError(IoError::Kind::Exists,
                  quoted(path_) + " appeared while it was being written (refusing to overwrite it)");
  }
  // Flush first and check: QSaveFile::commit() flushes too, but ignores a failure of that last
  // flush (a full disk, a file-size limit) and would rename a truncated file over the good one.
  if (!file_->flush()) {
    const std::string reason = file_->errorString().toStdString();
    file_->cancelWriting();
    throw IoError(IoError::Kind::System, "cannot write " + quoted(path_) + ": " + reason);
  }
  if (!file_->commit())
    throw IoError(IoError::Kind::System,
                  "cannot write " + quoted(path_) + ": " + file_->errorString().toStdString());
}

void writeFileAtomically(const QString& path, const QByteArray& bytes, bool force) {
  AtomicFile file(path, force);
  file.write(bytes);
  file.commit();
}

QByteArray readWholeFile(const QString& path, qint64 maxBytes) {
  const QFileInfo info(path);
  if (!info.exists()) throw IoError(IoError::Kind::NotFound, quoted(path) + " does not exist");
  if (info.isDir()) throw IoError(IoError::Kind::NotFound, quoted(path) + " is a directory, not a file");
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    throw IoError(IoError::Kind::System, "cannot read " + quoted(path) + ": " + file.errorString().toStdString());
  // size() is 0 for pipes and some special files; readAll() then still gets what there is.
  if (file.size() > maxBytes)
    throw IoError(IoError::Kind::BadInput, quoted(path) + " is too large (" + std::to_string(file.size()) +
                                               " bytes; the limit is " + std::to_string(maxBytes) + ")");
  QByteArray bytes = file.readAll();
  if (file.error() != QFileDevice::NoError)
    throw IoError(IoError::Kind::System, "cannot read " + quoted(path) + ": " + file.errorString().toStdString());
  return bytes;
}

} // namespace rsmi::io
