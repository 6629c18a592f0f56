#pragma once
// The one exception type of rsmi::io: every failure to read or write a file users exchange
// (missing, unreadable, corrupt, refused overwrite …) becomes an IoError whose message names the
// file and the problem, ready to be shown as is by the CLI or in a GUI dialog.
#include <stdexcept>
#include <string>

namespace rsmi::io {

class IoError : public std::runtime_error {
public:
  enum class Kind {
    BadInput,   // the file exists but is not what we can read (format, dtype, values, shape)
    NotFound,   // missing file or a directory where a file was expected
    Exists,     // refused to overwrite an existing file without `force`
    System,     // the operating system said no (permissions, disk full, rename failed)
  };
  IoError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

private:
  Kind kind_;
};

} // namespace rsmi::io
