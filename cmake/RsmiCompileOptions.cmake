# Shared compile options for every rsmi target, applied through an interface target.
add_library(rsmi_options INTERFACE)
add_library(rsmi::options ALIAS rsmi_options)
target_compile_features(rsmi_options INTERFACE cxx_std_20)
target_compile_options(rsmi_options INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers
  # GCC 12 reports false positives inside Eigen's AVX-512 kernels (avx512fintrin.h '__Y').
  -Wno-maybe-uninitialized
  # GCC 12 false positive on std::string concatenation at -O3 (GCC PR 105651).
  -Wno-restrict
  # Without AVX-512 GCC notes that 64-byte vector arguments are passed differently from GCC < 4.x;
  # the lane generators are internal (inline, never across a library boundary), so the note is moot.
  -Wno-psabi)
if(RSMI_NATIVE)
  # With AVX-512 enabled, GCC 12 also reports '__Y is used uninitialized' inside its own intrinsics
  # headers when Eigen inlines them; the portable and sanitizer builds keep the warning on.
  target_compile_options(rsmi_options INTERFACE -march=native -Wno-uninitialized)
endif()
if(RSMI_SANITIZE)
  target_compile_options(rsmi_options INTERFACE -fsanitize=${RSMI_SANITIZE} -fno-omit-frame-pointer -g)
  target_link_options(rsmi_options INTERFACE -fsanitize=${RSMI_SANITIZE})
endif()
# Qt's emit/signals/slots macros clash with oneTBB headers.
target_compile_definitions(rsmi_options INTERFACE QT_NO_KEYWORDS
                           RSMI_VERSION="${PROJECT_VERSION}")
