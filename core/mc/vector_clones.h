#pragma once
// Without -march=native (distribution packages), let the loader pick an AVX-512 or AVX2 clone of a
// hot kernel: the kernels are plain integer C++, so every clone gives the same bytes. Not under the
// sanitizers: their runtimes are not initialised yet when the loader runs the clones' ifunc
// resolvers, and ThreadSanitizer builds then crash at startup.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__AVX2__) && \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define RSMI_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define RSMI_VECTOR_CLONES
#endif
