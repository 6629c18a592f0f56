#pragma once
// Dimer coverings counted exactly: Kasteleyn's Pfaffians on the L×L torus (L even) and the
// Kasteleyn / Temperley–Fisher product on open m×n grids. SCIENCE.md §7.
namespace rsmi::exact {

double dimerTorusCoverings(int L);          // 272 for L = 4, 90,176 for L = 6
double dimerTorusLnCoverings(int L);        // stays finite for large L
double dimerGridCoverings(int m, int n);    // 12,988,816 for 8×8
inline constexpr double kDimerEntropyPerSite = 0.29156090403081878;  // G/π

} // namespace rsmi::exact
