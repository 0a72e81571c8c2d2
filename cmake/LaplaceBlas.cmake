# The BLAS of the BLAS section (cpp/blas/), found once. Included when LAPLACE_WITH_BLAS is ON.
#
# Sets:
#   LAPLACE_BLAS_TARGET          the imported target to link (BLAS::BLAS from FindBLAS)
#   LAPLACE_CBLAS_INCLUDE_DIR    directory holding the cblas.h that matches that BLAS
#   LAPLACE_BLAS_THREAD_CONTROL  ON when the BLAS is OpenBLAS with openblas_set_num_threads
#   LAPLACE_BLAS_VENDOR          "OpenBLAS", "any", or the BLA_VENDOR the user gave
#
# OpenBLAS is preferred (FindBLAS with BLA_VENDOR=OpenBLAS). Any other BLAS that FindBLAS finds
# is accepted if it provides the CBLAS interface (cblas.h and cblas_dgemm); it then has no
# thread control, and configure says so. LAPLACE_WITH_BLAS=OFF builds everything else.
include(CheckSymbolExists)
include(CMakePushCheckState)

# A BLA_VENDOR given by the user (-DBLA_VENDOR=...) is respected; otherwise OpenBLAS first.
if(BLA_VENDOR)
  find_package(BLAS)
  set(LAPLACE_BLAS_VENDOR "${BLA_VENDOR}")
else()
  set(BLA_VENDOR OpenBLAS)
  find_package(BLAS QUIET)
  set(LAPLACE_BLAS_VENDOR OpenBLAS)
  unset(BLA_VENDOR)
  if(NOT BLAS_FOUND)
    find_package(BLAS)
    set(LAPLACE_BLAS_VENDOR "any")
  endif()
endif()
if(NOT BLAS_FOUND)
  message(FATAL_ERROR "LAPLACE_WITH_BLAS is ON but no BLAS was found. Install OpenBLAS "
                      "(Debian: libopenblas-dev) or configure with -DLAPLACE_WITH_BLAS=OFF.")
endif()
set(LAPLACE_BLAS_TARGET BLAS::BLAS)

# The cblas.h of this BLAS: OpenBLAS's own header first (Debian keeps it in a per-variant
# directory), then any cblas.h on the include path.
if(LAPLACE_BLAS_VENDOR MATCHES "OpenBLAS")
  find_path(LAPLACE_CBLAS_INCLUDE_DIR NAMES cblas.h openblas_config.h
    PATH_SUFFIXES openblas-pthread openblas-openmp openblas-serial openblas
    NO_CACHE)
else()
  find_path(LAPLACE_CBLAS_INCLUDE_DIR NAMES cblas.h NO_CACHE)
endif()
if(NOT LAPLACE_CBLAS_INCLUDE_DIR)
  message(FATAL_ERROR "BLAS found (${BLAS_LIBRARIES}) but not its cblas.h. Install the BLAS's "
                      "development headers, or configure with -DLAPLACE_WITH_BLAS=OFF.")
endif()

cmake_push_check_state(RESET)
set(CMAKE_REQUIRED_INCLUDES "${LAPLACE_CBLAS_INCLUDE_DIR}")
set(CMAKE_REQUIRED_LIBRARIES ${BLAS_LIBRARIES} ${BLAS_LINKER_FLAGS})
set(CMAKE_REQUIRED_QUIET ON)
check_symbol_exists(cblas_dgemm "cblas.h" LAPLACE_HAVE_CBLAS_DGEMM)
check_symbol_exists(openblas_set_num_threads "cblas.h" LAPLACE_HAVE_OPENBLAS_SET_NUM_THREADS)
check_symbol_exists(openblas_get_config "cblas.h" LAPLACE_HAVE_OPENBLAS_GET_CONFIG)
cmake_pop_check_state()

if(NOT LAPLACE_HAVE_CBLAS_DGEMM)
  message(FATAL_ERROR "The BLAS found (${BLAS_LIBRARIES}) does not provide cblas_dgemm with "
                      "${LAPLACE_CBLAS_INCLUDE_DIR}/cblas.h. Install OpenBLAS (Debian: "
                      "libopenblas-dev) or configure with -DLAPLACE_WITH_BLAS=OFF.")
endif()

if(LAPLACE_HAVE_OPENBLAS_SET_NUM_THREADS AND LAPLACE_HAVE_OPENBLAS_GET_CONFIG)
  set(LAPLACE_BLAS_THREAD_CONTROL ON)
  message(STATUS "laplace: BLAS ${BLAS_LIBRARIES} is OpenBLAS, cblas.h from "
                 "${LAPLACE_CBLAS_INCLUDE_DIR}; thread control: openblas_set_num_threads")
else()
  set(LAPLACE_BLAS_THREAD_CONTROL OFF)
  message(STATUS "laplace: BLAS ${BLAS_LIBRARIES} is not OpenBLAS, cblas.h from "
                 "${LAPLACE_CBLAS_INCLUDE_DIR}: BLAS thread control is unavailable; "
                 "laplace_blas_set_threads() will report LAPLACE_ERROR_UNAVAILABLE and the BLAS "
                 "picks its own thread count")
endif()
