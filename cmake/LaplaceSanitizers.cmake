# LAPLACE_SANITIZE: build everything (library, Fortran kernels, tests, examples, bench) under
# the compilers' sanitizers. A comma-separated list handed to -fsanitize=, empty for none:
#   -DLAPLACE_SANITIZE=address,undefined   AddressSanitizer + UndefinedBehaviorSanitizer
#   -DLAPLACE_SANITIZE=thread              ThreadSanitizer (cannot be combined with address)
# C and C++ get -fsanitize=<list>; so does Fortran (gfortran instruments its own code for
# address, undefined and thread), which also gets -fcheck=all,no-recursion (bounds, pointers,
# array temporaries, ...). Not the recursion check: it keeps one static "is_recursive" flag per
# procedure, set on entry, so two threads running a kernel at once race on it (ThreadSanitizer
# reported exactly that) and may stop with a false "recursive call" error; the kernels are
# reentrant and the library is documented thread-safe. Every language gets -g
# -fno-omit-frame-pointer for readable reports, and -fno-sanitize-recover=all so that the first
# finding stops the program and fails its test.
# The optimisation level stays the build type's: the code under test is the code that ships.
# scripts/sanitize configures build-sanitize with address,undefined and runs the whole suite.
set(LAPLACE_SANITIZE "" CACHE STRING
  "Sanitizers for every target, a list for -fsanitize= (e.g. address,undefined or thread); empty: none")

if(LAPLACE_SANITIZE)
  string(REPLACE ";" "," _laplace_sanitize "${LAPLACE_SANITIZE}")
  string(REPLACE "," ";" _laplace_sanitize_list "${_laplace_sanitize}")
  foreach(_s IN LISTS _laplace_sanitize_list)
    if(NOT _s MATCHES "^(address|undefined|thread|leak)$")
      message(FATAL_ERROR "LAPLACE_SANITIZE: '${_s}' is not one of address, undefined, thread, leak")
    endif()
  endforeach()
  if("thread" IN_LIST _laplace_sanitize_list AND "address" IN_LIST _laplace_sanitize_list)
    message(FATAL_ERROR "LAPLACE_SANITIZE: thread and address cannot be combined")
  endif()
  message(STATUS "laplace: sanitizers: ${_laplace_sanitize}")

  add_compile_options(
    -fsanitize=${_laplace_sanitize} -fno-sanitize-recover=all -fno-omit-frame-pointer -g
    $<$<COMPILE_LANGUAGE:Fortran>:-fcheck=all,no-recursion>)
  add_link_options(-fsanitize=${_laplace_sanitize})
  # GCC's sanitizer instrumentation makes -Wmaybe-uninitialized report false positives inside
  # libstdc++ (std::function in <regex>, pulled in by catch.hpp); the GCC manual warns that
  # sanitizers can cause such false warnings. The normal build keeps the warning.
  add_compile_options($<$<COMPILE_LANG_AND_ID:CXX,GNU>:-Wno-maybe-uninitialized>)
  # Clang reports every `#pragma omp simd` loop its sanitizer instrumentation keeps from
  # vectorising ("loop not vectorized", -Wpass-failed: openmp_redblack.cpp, openmp_wavefront.cpp
  # in the fuzz build). That says nothing about the build that ships, which vectorises them
  # without a warning (checked with clang++ -O3 -fopenmp -Wall -Wextra); only here it is off.
  add_compile_options($<$<COMPILE_LANG_AND_ID:CXX,Clang>:-Wno-pass-failed>)
endif()
