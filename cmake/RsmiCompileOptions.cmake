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
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # The fuzz build uses clang, to which the GCC-only -Wno-… options above mean nothing.
  target_compile_options(rsmi_options INTERFACE -Wno-unknown-warning-option)
endif()
if(RSMI_SANITIZE)
  # -fno-sanitize-recover: undefined behaviour aborts the program like an ASan report does, so a test
  # that hits it fails instead of printing a line nobody reads. -O1 and line tables only (-g1), placed
  # after the build type's -O3 -g so that they win, halve the compile time of the instrumented builds
  # and still give every report its file:line stack.
  set(rsmi_sanitizers ${RSMI_SANITIZE})
  if(RSMI_SANITIZE MATCHES "undefined")
    # A double converted to an integer it does not fit (e.g. a JSON number 1e300 read as a size) is
    # undefined; GCC's -fsanitize=undefined leaves this check out, clang's includes it.
    string(APPEND rsmi_sanitizers ",float-cast-overflow")
  endif()
  set(RSMI_SANITIZE_OPTIMIZE -O1 CACHE STRING "Optimisation of the sanitizer builds")
  target_compile_options(rsmi_options INTERFACE -fsanitize=${rsmi_sanitizers} -fno-sanitize-recover=all
                         -fno-omit-frame-pointer -g1 ${RSMI_SANITIZE_OPTIMIZE})
  target_link_options(rsmi_options INTERFACE -fsanitize=${rsmi_sanitizers} -fno-sanitize-recover=all)
endif()
# libFuzzer targets (fuzz/, scripts/fuzz.sh): every rsmi target gets the fuzzer's coverage
# instrumentation, the fuzz executables link libFuzzer's main. Needs clang.
option(RSMI_FUZZ "Build the libFuzzer targets in fuzz/ (clang only)" OFF)
if(RSMI_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RSMI_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  target_compile_options(rsmi_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
# Qt's emit/signals/slots macros clash with oneTBB headers.
target_compile_definitions(rsmi_options INTERFACE QT_NO_KEYWORDS
                           RSMI_VERSION="${PROJECT_VERSION}")
