#include "io/npy_header.h"

#include <bit>
#include <cctype>
#include <optional>

#include "io/io_error.h"

namespace rsmi::io {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr int kMagicLength = 6;
constexpr int kAlign = 64;  // numpy aligns the data to 64 bytes (ARRAY_ALIGN)

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw IoError(IoError::Kind::BadInput, name + ": " + what);
}

// A tiny reader for the one Python literal a .npy header holds: a dict of string keys whose
// values are strings, True/False, or tuples of integers. Anything else (e.g. the list descr of a
// structured dtype) is reported as unsupported rather than misread.
class LiteralReader {
public:
  LiteralReader(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(char c) {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c, const char* where) {
    if (!accept(c)) fail(name_, std::string("malformed header: expected '") + c + "' " + where);
  }
  bool atEnd() {
    skipSpace();
    return pos_ >= text_.size();
  }
  char peek() {
    skipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  std::string string() {
    skipSpace();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
      fail(name_, "malformed header: expected a quoted string");
    const char quote = text_[pos_++];
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != quote) out += text_[pos_++];
    if (pos_ >= text_.size()) fail(name_, "malformed header: unterminated string");
    ++pos_;
    return out;
  }

  std::optional<bool> boolean() {
    skipSpace();
    for (auto [word, value] : {std::pair{std::string_view("True"), true}, {std::string_view("False"), false}})
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    return std::nullopt;
  }

  std::vector<std::int64_t> tuple() {
    expect('(', "to open the shape tuple");
    std::vector<std::int64_t> dims;
    while (!accept(')')) {
      skipSpace();
      std::int64_t value = 0;
      int digits = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        if (value > (INT64_MAX - 9) / 10) fail(name_, "shape dimension is too large");
        value = value * 10 + (text_[pos_++] - '0');
        ++digits;
      }
      if (digits == 0) fail(name_, "malformed header: shape must be a tuple of non-negative integers");
      if (pos_ < text_.size() && (text_[pos_] == 'L' || text_[pos_] == 'l')) ++pos_;  // Python 2 longs
      dims.push_back(value);
      if (accept(')')) break;
      expect(',', "between shape dimensions");
    }
    return dims;
  }

private:
  std::string_view text_;
  std::size_t pos_ = 0;
  const std::string& name_;
};

void parseDescr(NpyHeader& h, const std::string& name) {
  std::string d = h.descr;
  char order = '|';
  if (!d.empty() && (d[0] == '<' || d[0] == '>' || d[0] == '|' || d[0] == '=')) {
    order = d[0];
    d.erase(0, 1);
  }
  if (d == "?") d = "b1";
  const auto unsupported = [&] {
    fail(name, "unsupported dtype '" + h.descr +
                   "' (readable: signed/unsigned integers i1 to i8, u1 to u8, booleans b1, floats f2, f4, f8)");
  };
  if (d.size() < 2) unsupported();
  const char kind = d[0];
  int size = 0;
  for (std::size_t i = 1; i < d.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) unsupported();
    size = size * 10 + (d[i] - '0');
    if (size > 64) unsupported();
  }
  const bool ok = ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
                  (kind == 'b' && size == 1) || (kind == 'f' && (size == 2 || size == 4 || size == 8));
  if (!ok) unsupported();
  h.kind = kind;
  h.itemSize = size;
  h.byteOrder = order == '=' ? (std::endian::native == std::endian::little ? '<' : '>') : order;
  if (size > 1 && h.byteOrder == '|') h.byteOrder = '<';  // lenient: '|' only makes sense for bytes
}

std::uint32_t littleEndian(const QByteArray& b, int offset, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[offset + i]);
  return v;
}

} // namespace

NpyHeader parseNpyHeader(const QByteArray& bytes, const std::string& name) {
  if (bytes.size() < kMagicLength || bytes.left(kMagicLength) != QByteArray(kMagic, kMagicLength)) {
    if (bytes.isEmpty()) fail(name, "the file is empty, not a .npy file");
    fail(name, "not a .npy file (it does not start with the \\x93NUMPY magic string)");
  }
  NpyHeader h;
  if (bytes.size() < kMagicLength + 2) fail(name, "truncated .npy file (it ends inside the header)");
  h.major = static_cast<unsigned char>(bytes[6]);
  h.minor = static_cast<unsigned char>(bytes[7]);
  if (h.major < 1 || h.major > 3 || h.minor != 0)
    fail(name, "unsupported .npy format version " + std::to_string(h.major) + "." + std::to_string(h.minor) +
                   " (readable: 1.0, 2.0, 3.0)");
  const int lengthBytes = h.major == 1 ? 2 : 4;
  const int prefix = kMagicLength + 2 + lengthBytes;
  if (bytes.size() < prefix) fail(name, "truncated .npy file (it ends inside the header)");
  const std::int64_t headerLength = littleEndian(bytes, kMagicLength + 2, lengthBytes);
  if (bytes.size() < prefix + headerLength) fail(name, "truncated .npy file (it ends inside the header)");
  h.dataOffset = prefix + headerLength;

  const std::string text(bytes.constData() + prefix, static_cast<std::size_t>(headerLength));
  LiteralReader r(text, name);
  bool haveDescr = false, haveOrder = false, haveShape = false;
  r.expect('{', "at the start of the header dict");
  while (!r.accept('}')) {
    const std::string key = r.string();
    r.expect(':', "after a header key");
    if (key == "descr") {
      if (r.peek() == '[') fail(name, "structured dtypes (record arrays) are not supported; save a plain array");
      h.descr = r.string();
      parseDescr(h, name);
      haveDescr = true;
    } else if (key == "fortran_order") {
      const auto value = r.boolean();
      if (!value) fail(name, "malformed header: fortran_order must be True or False");
      h.fortranOrder = *value;
      haveOrder = true;
    } else if (key == "shape") {
      h.shape = r.tuple();
      haveShape = true;
    } else {
      fail(name, "unexpected key '" + key + "' in the .npy header");
    }
    if (r.accept('}')) break;
    r.expect(',', "between header entries");
  }
  if (!haveDescr || !haveOrder || !haveShape)
    fail(name, std::string("malformed header: missing '") + (!haveDescr ? "descr" : !haveOrder ? "fortran_order" : "shape") +
                   "'");
  return h;
}

QByteArray formatNpyHeader(const std::string& descr, const std::vector<std::int64_t>& shape) {
  std::string dims;
  for (std::size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ",";  // Python's one-element tuple
  const std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // numpy's rule (format._wrap_header): pad with 1 to 64 spaces, then '\n', to reach a multiple of 64.
  const int prefix = kMagicLength + 2 + 2;
  const int unpadded = prefix + static_cast<int>(dict.size()) + 1;
  const int pad = kAlign - unpadded % kAlign;
  const std::string text = dict + std::string(static_cast<std::size_t>(pad), ' ') + "\n";
  QByteArray out(kMagic, kMagicLength);
  out.append('\x01').append('\x00');
  out.append(static_cast<char>(text.size() & 0xff)).append(static_cast<char>((text.size() >> 8) & 0xff));
  out.append(text.data(), static_cast<qsizetype>(text.size()));
  return out;
}

} // namespace rsmi::io
