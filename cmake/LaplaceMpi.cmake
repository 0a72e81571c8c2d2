# The optional MPI layer: target laplace_mpi (C ABI laplace_mpi.h, C++ facade laplace_mpi.hpp)
# and laplace_mpi_fortran (module laplace_mpi). LAPLACE_WITH_MPI is ON when CMake finds MPI;
# the rest of the library builds the same without it.
find_package(MPI QUIET COMPONENTS C)
option(LAPLACE_WITH_MPI "Build the MPI distributed solver (laplace_mpi)" ${MPI_C_FOUND})
if(NOT LAPLACE_WITH_MPI)
  return()
endif()
find_package(MPI REQUIRED COMPONENTS C)
# The Fortran bindings of MPI are only needed by the Fortran test program (module laplace_mpi
# takes a communicator as an integer, MPI_Fint, and needs no MPI module itself).
find_package(MPI QUIET COMPONENTS Fortran)

add_library(laplace_mpi
  cpp/mpi/capi_mpi.cpp
  cpp/mpi/facade_mpi.cpp
)
add_library(laplace::laplace_mpi ALIAS laplace_mpi)
target_include_directories(laplace_mpi PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:include>)
# MPI's headers come in through the imported target, as system headers (no warnings from them).
# Only MPI's C API is used, from C++ too: skip the C++ bindings (removed in MPI-3.0) that
# Open MPI's and MPICH's mpi.h would otherwise pull into every C++ file, with their library.
target_link_libraries(laplace_mpi PUBLIC laplace MPI::MPI_C)
target_compile_definitions(laplace_mpi PUBLIC
  $<$<COMPILE_LANGUAGE:CXX>:OMPI_SKIP_MPICXX=1 MPICH_SKIP_MPICXX=1>)
laplace_enable_warnings(laplace_mpi)

add_library(laplace_mpi_fortran fortran/laplace_mpi.f90)
add_library(laplace::laplace_mpi_fortran ALIAS laplace_mpi_fortran)
set(LAPLACE_MPI_FORTRAN_MODULE_DIR "${PROJECT_BINARY_DIR}/fortran-modules/laplace_mpi")
set_target_properties(laplace_mpi_fortran PROPERTIES
  Fortran_MODULE_DIRECTORY "${LAPLACE_MPI_FORTRAN_MODULE_DIR}")
target_include_directories(laplace_mpi_fortran PUBLIC
  $<BUILD_INTERFACE:${LAPLACE_MPI_FORTRAN_MODULE_DIR}>)
target_link_libraries(laplace_mpi_fortran PUBLIC laplace_mpi laplace_fortran)
laplace_enable_warnings(laplace_mpi_fortran)
laplace_fortran_standard(f2018 fortran/laplace_mpi.f90)

# mpiexec for the tests and the bench. Open MPI needs --oversubscribe for more ranks than cores,
# and refuses to run as root unless told (CI runs as root; the tests set the two variables).
set(LAPLACE_MPIEXEC_FLAGS ${MPIEXEC_PREFLAGS})
execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version
  OUTPUT_VARIABLE _laplace_mpiexec_version ERROR_QUIET)
if(_laplace_mpiexec_version MATCHES "Open MPI|OpenRTE")
  list(APPEND LAPLACE_MPIEXEC_FLAGS --oversubscribe)
  set(LAPLACE_MPIEXEC_ENVIRONMENT OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1)
endif()
