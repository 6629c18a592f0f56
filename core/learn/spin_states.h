#pragma once
// Enumerations of ±1 spin states and conversion of int8 windows to Eigen matrices.
// Convention used throughout core/learn: state index k ∈ [0, 2^n) has spin i = +1 iff bit i of k
// is set, so k = 0 is all −1 and k = 2^n − 1 is all +1.
#include <cstddef>
#include <cstdint>
#include <span>

#include <Eigen/Dense>

namespace rsmi {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

// 2^n × n matrix whose row k is the spin state with index k. n ≤ 24.
Matrix allSpinStates(int n);

// Index of a ±1 state (entry i > 0 sets bit i).
std::uint32_t stateIndex(const std::int8_t* spins, int n);

// Rows [first, first + count) of a row-major int8 array with `width` columns, as doubles.
Matrix rowsAsMatrix(std::span<const std::int8_t> values, int width, std::size_t first, std::size_t count);

} // namespace rsmi
