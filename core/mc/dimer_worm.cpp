#include "core/mc/dimer_worm.h"

#include <stdexcept>
#include <string>

namespace rsmi {
namespace {
// Direction codes as DimerDirection: East 0, North 1 (+y, next row), West 2, South 3; opposite = ^2.
constexpr std::uint8_t kDirMask = 0x03;
constexpr std::uint8_t kFlagMask = 0x3C;
}  // namespace

DimerWorm::DimerWorm(int L) : L_(L), cell_(static_cast<std::size_t>(L) * L) {
  if (L < 2 || L % 2 != 0)
    throw std::invalid_argument("dimer worm: the torus side must be even and >= 2, got " + std::to_string(L));
  const std::int32_t step[4] = {1, L, -1, -L};
  const std::int32_t wrapStep[4] = {1 - L, L - L * L, L - 1, L * L - L};
  for (int flags = 0; flags < 16; ++flags)
    for (int k = 0; k < 4; ++k) offset_[(flags << 2) | k] = ((flags >> k) & 1) ? wrapStep[k] : step[k];
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const int flags = (x == L - 1) | (y == L - 1) << 1 | (x == 0) << 2 | (y == 0) << 3;
      const int dir = (x % 2 == 0) ? 0 : 2;  // columnar: (x even) East, (x odd) West
      cell_[static_cast<std::size_t>(y) * L + x] = static_cast<std::uint8_t>(flags << 2 | dir);
    }
}

std::uint64_t DimerWorm::runWorm(Xoshiro256pp& rng) {
  std::uint8_t* const cell = cell_.data();
  const std::int32_t* const offset = offset_.data();
  const std::uint32_t tail = static_cast<std::uint32_t>(rng.below(cell_.size()));
  // Removing the tail's dimer: its partner becomes the head; the tail's direction bits are now stale
  // and are never read before the closing move overwrites them.
  std::uint32_t head = tail + offset[cell[tail] & 0x3F];
  std::uint64_t bits = bits_;
  int bitsLeft = bitsLeft_;
  std::uint64_t steps = 0;
  for (;;) {
    if (bitsLeft == 0) {
      bits = rng.next();
      bitsLeft = 32;
    }
    const std::uint32_t k = static_cast<std::uint32_t>(bits) & kDirMask;
    bits >>= 2;
    --bitsLeft;
    ++steps;
    const std::uint8_t flagsHead = cell[head] & kFlagMask;
    const std::uint32_t b = head + offset[flagsHead | k];
    const std::uint8_t cb = cell[b];
    cell[head] = static_cast<std::uint8_t>(flagsHead | k);
    const std::uint8_t cbNew = static_cast<std::uint8_t>((cb & kFlagMask) | (k ^ 2u));
    if (b == tail) {  // the loop closes: the dimer head–tail completes the covering
      cell[b] = cbNew;
      break;
    }
    const std::uint32_t c = b + offset[cb & 0x3F];  // b's old partner, now a monomer: the new head
    cell[b] = cbNew;
    head = c;
  }
  bits_ = bits;
  bitsLeft_ = bitsLeft;
  return steps;
}

}  // namespace rsmi
