#pragma once
// Exact mutual information for the infinite 1D Ising chain (SCIENCE.md §7, last bullet), K = βJ,
// t = tanh K. A window holds a visible segment v of n_v spins, a buffer of L_B spins on both sides and
// an environment of L_E ≥ 1 spins on both sides. The chain is a Markov chain (s' = s with probability
// (1 + t)/2), so P(v|e) depends on e only through the two environment spins next to the buffer,
// e_l and e_r: I(H:E) = I(H:(e_l, e_r)) and I(V:E) = I(V:(e_l, e_r)), whatever L_E, with
//   P(e_l, v, e_r) = ½ T_d(e_l, v_1) Π_i T_1(v_i, v_{i+1}) T_d(v_n, e_r),
//   T_r(s, s') = (1 + s s' t^r)/2,   d = L_B + 1.
// All values are in nats. These are the references that the estimators and filters are tested against.
#include "core/learn/conditional_model.h"
#include "core/learn/filter.h"

namespace rsmi {

// P(e_l, v, e_r) as a 4 × 2^{n_v} matrix: row r = index of (e_l, e_r) (bit 0 set: e_l = +1, bit 1
// set: e_r = +1), column = block-state index (spin_states.h). Sums to one. n_v ∈ [1, 20], L_B ≥ 0.
Matrix chainJointDistribution(int visibleCount, double coupling, int buffer);

// I(V:E), the most any coarse-graining rule of this block can keep.
double chainMutualInformationVE(int visibleCount, double coupling, int buffer);

// I_Λ(H:E) = Σ_{h,e} P(h,e) log[P(h|e)/P(h)] with P(h,e) = Σ_v p(h|v) P(v,e), for any rule on n_v spins.
double chainMutualInformation(const HiddenConditional& rule, double coupling, int buffer);

// The same for a filter, with its exact gradient (SCIENCE.md §4; Σ_h ∂P(h,e) = 0 removes the
// normalisation terms):  ∂I/∂λ_ij = Σ_{h,e} [Σ_v P(v,e) p(h|v) v_i (h_j − tanh θ_j(v))] log[P(h|e)/P(h)].
double chainMutualInformationWithGradient(const Filter& filter, double coupling, int buffer,
                                          FilterGradient& gradient);

// The exact P(v|e) of the chain as a (linear) ConditionalModel for windows with environment width
// L_E (2 L_E inputs; e_l is input L_E − 1, e_r is input L_E, as WindowLayout orders them):
// s_v(e) = K Σ_i v_i v_{i+1} + K_d (e_l v_1 + v_n e_r), tanh K_d = t^{L_B+1}. For tests and overlays.
ConditionalModel chainConditionalModel(int visibleCount, double coupling, int buffer, int environment);

} // namespace rsmi
