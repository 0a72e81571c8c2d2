# FFTW 3 for the direct method fft-dst (cpp/direct/). LAPLACE_WITH_FFTW is ON when FFTW is
# found (pkg-config's fftw3 for the hints, then find_path/find_library); the rest of the library
# builds the same without it.
#
# Sets:
#   LAPLACE_FFTW_THREADS         ON when FFTW's OpenMP threads (libfftw3_omp) are linked: in
#                                builds with OpenMP, when the library is there
#   LAPLACE_FFTW_LIBRARY_NAMES   the libraries' names, threaded one first (fftw3_omp;fftw3), for
#                                the package config of a static build
# and the imported target laplace::fftw (header and libraries), which the package config file
# makes again for the consumers of a static build.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(LAPLACE_FFTW3_PC QUIET fftw3)
endif()
find_path(LAPLACE_FFTW_INCLUDE_DIR fftw3.h HINTS ${LAPLACE_FFTW3_PC_INCLUDE_DIRS})
find_library(LAPLACE_FFTW_LIBRARY fftw3 HINTS ${LAPLACE_FFTW3_PC_LIBRARY_DIRS})
set(_laplace_fftw_found OFF)
if(LAPLACE_FFTW_INCLUDE_DIR AND LAPLACE_FFTW_LIBRARY)
  set(_laplace_fftw_found ON)
endif()

option(LAPLACE_WITH_FFTW "Build the direct method fft-dst with FFTW 3" ${_laplace_fftw_found})
if(NOT LAPLACE_WITH_FFTW)
  if(_laplace_fftw_found)
    message(STATUS "laplace: LAPLACE_WITH_FFTW is OFF: the method fft-dst is not built")
  else()
    message(STATUS "laplace: FFTW 3 not found (Debian: libfftw3-dev): the method fft-dst is "
                   "not built")
  endif()
  return()
endif()
if(NOT _laplace_fftw_found)
  message(FATAL_ERROR "LAPLACE_WITH_FFTW is ON but FFTW 3 was not found (fftw3.h: "
                      "${LAPLACE_FFTW_INCLUDE_DIR}, libfftw3: ${LAPLACE_FFTW_LIBRARY}). Install "
                      "it (Debian: libfftw3-dev) or configure with -DLAPLACE_WITH_FFTW=OFF.")
endif()

set(_laplace_fftw_libraries "${LAPLACE_FFTW_LIBRARY}")
set(LAPLACE_FFTW_LIBRARY_NAMES fftw3)
set(LAPLACE_FFTW_THREADS OFF)
if(LAPLACE_WITH_OPENMP)
  get_filename_component(_laplace_fftw_dir "${LAPLACE_FFTW_LIBRARY}" DIRECTORY)
  find_library(LAPLACE_FFTW_OMP_LIBRARY fftw3_omp HINTS "${_laplace_fftw_dir}")
  if(LAPLACE_FFTW_OMP_LIBRARY)
    set(LAPLACE_FFTW_THREADS ON)
    list(PREPEND _laplace_fftw_libraries "${LAPLACE_FFTW_OMP_LIBRARY}")
    list(PREPEND LAPLACE_FFTW_LIBRARY_NAMES fftw3_omp)
  endif()
endif()

add_library(laplace::fftw INTERFACE IMPORTED)
set_target_properties(laplace::fftw PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LAPLACE_FFTW_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${_laplace_fftw_libraries}")
if(LAPLACE_FFTW_THREADS)
  message(STATUS "laplace: FFTW ${_laplace_fftw_libraries}, threads through libfftw3_omp")
else()
  message(STATUS "laplace: FFTW ${_laplace_fftw_libraries}, no FFTW threads (needs "
                 "LAPLACE_WITH_OPENMP and libfftw3_omp): fft-dst plans run on one thread")
endif()
