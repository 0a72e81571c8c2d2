// OpenBLAS (a DYNAMIC_ARCH build, as Debian's) picks its kernels for the CPU when it loads. A
// release older than the CPU does not know the model and falls back to its generic SSE3 kernels,
// which it calls "Prescott": Debian 12's OpenBLAS 0.3.21 on a Xeon of family 6 model 207 ran
// dgemm n = 1000 at 10 GFLOP/s on one core with them, against 50 with its SkylakeX kernels. The
// benches measure the machine, so when OpenBLAS reports that fallback on a CPU with AVX-512 (or
// AVX2 and FMA) and OPENBLAS_CORETYPE is not set, they run themselves again with the matching
// core type and say so in their report. The library leaves that choice to its user (README, "The
// BLAS section").
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace bench {

// A function the process has loaded, found by name (the benches link no BLAS of their own; the
// library's BLAS-backed kernel brings it in), or nullptr.
template <class Function>
Function loaded_function(const char *name) {
    void *symbol = dlsym(RTLD_DEFAULT, name);
    Function f = nullptr;
    static_assert(sizeof f == sizeof symbol);
    if (symbol != nullptr) {
        std::memcpy(&f, &symbol, sizeof f);
    }
    return f;
}

// The core type OpenBLAS chose (openblas_get_corename), or "" without OpenBLAS in the process.
inline std::string openblas_core() {
    const auto get = loaded_function<char *(*)()>("openblas_get_corename");
    return get != nullptr ? get() : "";
}

// "family F model M" of an x86 CPU (CPUID leaf 1, extended fields included), else "".
inline std::string cpu_family_model() {
#if defined(__x86_64__) || defined(__i386__)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0) {
        const unsigned base_family = (eax >> 8) & 0xf;
        const unsigned family =
            base_family == 0xf ? base_family + ((eax >> 20) & 0xff) : base_family;
        const unsigned model = base_family == 0x6 || base_family == 0xf
                                   ? ((eax >> 4) & 0xf) | (((eax >> 16) & 0xf) << 4)
                                   : (eax >> 4) & 0xf;
        return "family " + std::to_string(family) + " model " + std::to_string(model);
    }
#endif
    return "";
}

// The OpenBLAS core type this CPU's features call for when OpenBLAS fell back to "Prescott":
// SkylakeX with AVX-512 F/BW/DQ/VL, Haswell with AVX2 and FMA, else "" (nothing better known).
inline const char *openblas_core_for_this_cpu() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
        return "SkylakeX";
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        return "Haswell";
    }
#endif
    return "";
}

// Set by the first run for the second: the core OpenBLAS had chosen.
inline constexpr const char *fallback_marker = "LAPLACE_BENCH_OPENBLAS_FALLBACK";

// Call first in main: if OpenBLAS fell back to its generic kernels on a CPU that has better
// ones and the user did not choose, runs this program again (same arguments) with
// OPENBLAS_CORETYPE set; returns only when nothing is to be done or the re-run failed to start.
inline void rerun_with_openblas_core_for_this_cpu(char **argv) {
    if (std::getenv("OPENBLAS_CORETYPE") != nullptr || std::getenv(fallback_marker) != nullptr) {
        return;
    }
    const std::string core = openblas_core();
    const char *better = openblas_core_for_this_cpu();
    if (core != "Prescott" || *better == '\0') {
        return;
    }
    setenv("OPENBLAS_CORETYPE", better, 1);
    setenv(fallback_marker, core.c_str(), 1);
    execv("/proc/self/exe", argv);
    std::fprintf(stderr,
                 "note: could not run again with OPENBLAS_CORETYPE=%s (%s); OpenBLAS "
                 "keeps its generic %s kernels\n",
                 better, std::strerror(errno), core.c_str());
    unsetenv("OPENBLAS_CORETYPE");
}

// For the report: what the re-run changed, or "".
inline std::string openblas_core_note() {
    const char *fallback = std::getenv(fallback_marker);
    const char *chosen = std::getenv("OPENBLAS_CORETYPE");
    if (fallback == nullptr || chosen == nullptr) {
        return "";
    }
    return std::string("OPENBLAS_CORETYPE=") + chosen +
           " set by the bench: OpenBLAS did not know this CPU (" + cpu_family_model() +
           ") and chose its generic " + fallback + " kernels";
}

} // namespace bench
