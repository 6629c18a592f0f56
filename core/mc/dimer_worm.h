#pragma once
// The worm (directed-loop) update for fully packed, equally weighted dimers on the L×L torus
// (SCIENCE.md §1). Private to core/mc: the MarkovChain wrapper is in dimer_worm_chain.cpp.
//
// Algorithm (one call of runWorm()): pick a uniformly random start site t (the "tail") and remove
// its dimer; its old partner becomes the "head". Repeat: the head h picks one of its 4 neighbours b
// uniformly (going back included); if b is the tail, place the dimer h–b and stop (the loop closed);
// otherwise b's dimer b–c is moved to h–b and c becomes the head.
//
// Why this samples the uniform measure: consider the extended space of full coverings Z and of
// coverings with two monomers G = {(covering minus one dimer, distinguished tail t, head h)}, with
// weights w_Z = 1 per covering and w_G = 4/N per monomer configuration (N = L² sites). Every move
// has a unique reverse: the head move h→b (displacing b–c, new head c) is undone from c by choosing
// b (displacing b–h back); the opening Z→G with tail t (probability 1/N) is undone by the closing
// move from head = old partner choosing t (probability 1/4). So detailed balance holds
// move by move — (4/N)·(1/4) = 1·(1/N) for open/close and (1/4) = (1/4) for head moves — and the
// extended chain is reversible w.r.t. the uniform measure on each of Z and G. The chain observed only
// at closings (the trace on Z) is then reversible w.r.t. the uniform measure on coverings
// (Sandvik & Moessner, PRB 73, 144504 (2006); Alet et al., PRE 74, 041124 (2006)). A loop winding
// around the torus changes the winding numbers W_x, W_y (models/dimer_covering.h), so all flux sectors
// are reached — checked against exhaustive enumeration in tests/core/tst_dimer_worm.cpp.
//
// Layout for speed (≤ ~10 ns per step at L = 128): one byte per site holds the direction of its
// dimer (bits 0–1, a DimerDirection) and four "this step wraps" flags (bits 2–5, one per direction),
// so a step needs two dependent byte loads and two lookups in a 64-entry offset table; no neighbour
// table (which would cost 16 bytes per site). Random numbers: 2 bits per step from raw 64-bit draws.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/common/random.h"

namespace rsmi {

class DimerWorm {
 public:
  // Starts from the columnar covering (horizontal dimers on links (x,y)–(x+1,y), x even).
  explicit DimerWorm(int L);

  // One closed worm; returns its number of steps (head moves, the closing one included).
  std::uint64_t runWorm(Xoshiro256pp& rng);

  int size() const { return L_; }
  // Per-site bytes; (byte & 3) is the DimerDirection of the site's dimer (encodeDimerDirections).
  std::span<const std::uint8_t> cells() const { return cell_; }

 private:
  int L_;
  std::vector<std::uint8_t> cell_;
  std::array<std::int32_t, 64> offset_{};  // [(wrap flags << 2) | direction] → site index change
  std::uint64_t bits_ = 0;                 // unused random bits, consumed 2 at a time
  int bitsLeft_ = 0;                       // pairs of bits left in bits_
};

}  // namespace rsmi
