#include "io/imported_samples.h"

#include <QFileInfo>
#include <stdexcept>

#include "core/pipeline/imported_samples.h"
#include "io/atomic_file.h"
#include "io/io_error.h"
#include "io/manifest.h"
#include "io/npy.h"

namespace rsmi::io {

namespace {

struct FileRead {
  QByteArray bytes;
  SampleSet samples;
};

FileRead readSampleFile(const QString& path) {
  FileRead read;
  read.bytes = readWholeFile(path);
  read.samples = decodeNpy(read.bytes, {}, "'" + path.toStdString() + "'");
  return read;
}

}  // namespace

ImportedSamples importSamples(const QString& path) {
  const QString absolute = QFileInfo(path).absoluteFilePath();
  FileRead read = readSampleFile(absolute);
  ImportedSamples imported;
  try {
    imported.sampling = describeImported(read.samples, absolute.toStdString());
  } catch (const std::invalid_argument& e) {
    throw IoError(IoError::Kind::BadInput, e.what());
  }
  imported.sampling.samplesSha256 = sha256Hex(read.bytes).toStdString();
  imported.samples = std::make_shared<const SampleSet>(std::move(read.samples));
  return imported;
}

std::shared_ptr<const SampleSet> readImportedSamples(const SamplingSpec& sampling) {
  const QString path = QString::fromStdString(sampling.samplesFile);
  FileRead read = readSampleFile(path);
  if (!sampling.samplesSha256.empty() && sha256Hex(read.bytes).toStdString() != sampling.samplesSha256)
    throw IoError(IoError::Kind::BadInput, "'" + sampling.samplesFile +
                                               "' is not the file the spec was made with (its sha256 differs)");
  if (std::string problem = checkImported(read.samples, sampling); !problem.empty())
    throw IoError(IoError::Kind::BadInput, problem);
  return std::make_shared<const SampleSet>(std::move(read.samples));
}

}  // namespace rsmi::io
