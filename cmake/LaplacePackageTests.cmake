# LaplacePackageTests.cmake: the package as users get it, tested (included by LaplacePackage).
#
#   package: version                 laplace_version() == LAPLACE_VERSION_STRING == project()'s
#   package: lib*.so exports its API only   tests/package/exports.cmake
#   package: install                 cmake --install into a fresh prefix, which is then moved;
#                                    checks the tree (files, SONAMEs, RUNPATHs, package files)
#   package: consumer (find_package) examples/consumer/ configured, built and run against it
#                                    (C, C++, Fortran; with MPI their MPI programs on 2 ranks)
#   package: consumer (pkg-config)   examples/pkgconfig/Makefile built and run against it
#   package: find_package components COMPONENTS found, or failing with the reason
#   package: configure defaults ...  as a subproject: libraries only, no cache forced, portable;
#                                    at the top level: Release, native unless packaged
#   package: static                  the library rebuilt with BUILD_SHARED_LIBS=OFF, installed,
#                                    and both consumers (and a C++-only one) linked statically
#   package: the README's snippets   every marked block of README.md built the way it says and
#                                    run against the install (tests/package/readme_snippets.py)
#
# The steps live in tests/package/package_test.cmake (a cmake -P script); the settings it needs
# are written here to package-tests/settings.cmake. No network: everything is local.

set(_dir "${PROJECT_BINARY_DIR}/package-tests")
find_program(LAPLACE_GNU_MAKE NAMES gmake make DOC "GNU make, for examples/pkgconfig/Makefile")
find_program(LAPLACE_PKG_CONFIG NAMES pkg-config pkgconf DOC "pkg-config, for the consumer test")
find_program(LAPLACE_READELF NAMES readelf DOC "readelf, for the SONAME and RUNPATH checks")

# Settings the static rebuild passes on, so that it is built as this tree is.
set(_forward CMAKE_BUILD_TYPE LAPLACE_NATIVE LAPLACE_WITH_OPENMP LAPLACE_WITH_BLAS LAPLACE_WITH_FFTW
  LAPLACE_WITH_MPI
  LAPLACE_SANITIZE
  CMAKE_C_FLAGS CMAKE_CXX_FLAGS CMAKE_Fortran_FLAGS CMAKE_EXE_LINKER_FLAGS)
if(CMAKE_BUILD_TYPE)
  string(TOUPPER "${CMAKE_BUILD_TYPE}" _config)
  list(APPEND _forward CMAKE_C_FLAGS_${_config} CMAKE_CXX_FLAGS_${_config}
    CMAKE_Fortran_FLAGS_${_config})
endif()
set(_forward_args)
foreach(_var IN LISTS _forward)
  if(DEFINED ${_var})
    list(APPEND _forward_args "-D${_var}=${${_var}}")
  endif()
endforeach()

set(_settings "# Written by cmake/LaplacePackageTests.cmake: what tests/package/package_test.cmake needs.\n")
foreach(_pair
    "SOURCE_DIR;${PROJECT_SOURCE_DIR}"
    "BUILD_DIR;${PROJECT_BINARY_DIR}"
    "TEST_DIR;${_dir}"
    "VERSION;${PROJECT_VERSION}"
    "SOVERSION;${LAPLACE_SOVERSION}"
    "SHARED;${LAPLACE_SHARED}"
    "GENERATOR;${CMAKE_GENERATOR}"
    "MAKE_PROGRAM;${CMAKE_MAKE_PROGRAM}"
    "C_COMPILER;${CMAKE_C_COMPILER}"
    "CXX_COMPILER;${CMAKE_CXX_COMPILER}"
    "Fortran_COMPILER;${CMAKE_Fortran_COMPILER}"
    "GNU_MAKE;${LAPLACE_GNU_MAKE}"
    "PKG_CONFIG;${LAPLACE_PKG_CONFIG}"
    "SANITIZE;${LAPLACE_SANITIZE}"
    "BENCH;$<TARGET_EXISTS:laplace-bench>"
    "INCLUDEDIR;${CMAKE_INSTALL_INCLUDEDIR}"
    "LIBDIR;${CMAKE_INSTALL_LIBDIR}"
    "BINDIR;${CMAKE_INSTALL_BINDIR}"
    "DATADIR;${CMAKE_INSTALL_DATADIR}"
    "FORTRAN_MODULEDIR;${LAPLACE_INSTALL_FORTRAN_MODULEDIR}"
    "CMAKEDIR;${LAPLACE_INSTALL_CMAKEDIR}"
    "PKGCONFIGDIR;${LAPLACE_INSTALL_PKGCONFIGDIR}"
    "READELF;${LAPLACE_READELF}"
    "MPI;$<TARGET_EXISTS:laplace_mpi>"
    "MPIEXEC;${MPIEXEC_EXECUTABLE}"
    "MPI_Fortran_COMPILER;${MPI_Fortran_COMPILER}"
    "MPIEXEC_NUMPROC_FLAG;${MPIEXEC_NUMPROC_FLAG}"
    "PYTHON;${Python_EXECUTABLE}"
    "PYTHON_PACKAGE;$<TARGET_EXISTS:laplace_python>")
  list(POP_FRONT _pair _name)
  string(APPEND _settings "set(${_name} [==[${_pair}]==])\n")
endforeach()
# Lists: one argument per element.
string(APPEND _settings "set(FORWARD_ARGS [==[${_forward_args}]==])\n")
string(APPEND _settings "set(MPIEXEC_FLAGS [==[${LAPLACE_MPIEXEC_FLAGS}]==])\n")
string(APPEND _settings "set(MPIEXEC_ENVIRONMENT [==[${LAPLACE_MPIEXEC_ENVIRONMENT}]==])\n")
file(GENERATE OUTPUT "${_dir}/settings.cmake" CONTENT "${_settings}")

set(_step "${CMAKE_COMMAND}" "-DSETTINGS=${_dir}/settings.cmake" "-DCONFIG=$<CONFIG>")
set(_script "${PROJECT_SOURCE_DIR}/tests/package/package_test.cmake")

# The version, read back through each interface and compared with project()'s.
add_executable(laplace_test_version "${PROJECT_SOURCE_DIR}/tests/package/test_version.c")
target_link_libraries(laplace_test_version PRIVATE laplace::laplace)
target_compile_definitions(laplace_test_version PRIVATE LAPLACE_EXPECTED_VERSION="${PROJECT_VERSION}")
target_compile_options(laplace_test_version PRIVATE -pedantic)
laplace_enable_warnings(laplace_test_version)
add_test(NAME "package: version (C)" COMMAND laplace_test_version)
add_executable(laplace_test_version_fortran "${PROJECT_SOURCE_DIR}/tests/package/test_version.f90")
target_link_libraries(laplace_test_version_fortran PRIVATE laplace::laplace_fortran)
laplace_enable_warnings(laplace_test_version_fortran)
laplace_fortran_standard(f2018 "${PROJECT_SOURCE_DIR}/tests/package/test_version.f90")
add_test(NAME "package: version (Fortran)"
  COMMAND laplace_test_version_fortran "${PROJECT_VERSION}")

# The shared libraries export their API only (cmake/LaplacePackage.cmake, "Export the API only").
if(LAPLACE_SHARED AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
  foreach(_library laplace laplace_mpi)
    if(TARGET ${_library})
      add_test(NAME "package: lib${_library}.so exports its API only"
        COMMAND "${CMAKE_COMMAND}" "-DNM=${CMAKE_NM}" "-DLIBRARY=$<TARGET_FILE:${_library}>"
                "-DSOURCE_DIR=${PROJECT_SOURCE_DIR}" -P "${PROJECT_SOURCE_DIR}/tests/package/exports.cmake")
      set_tests_properties("package: lib${_library}.so exports its API only" PROPERTIES
        LABELS package)
    endif()
  endforeach()
endif()

add_test(NAME "package: install" COMMAND ${_step} -DSTEP=install -P "${_script}")
add_test(NAME "package: consumer (find_package)" COMMAND ${_step} -DSTEP=cmake -P "${_script}")
add_test(NAME "package: consumer (pkg-config)" COMMAND ${_step} -DSTEP=pkgconfig -P "${_script}")
add_test(NAME "package: find_package components" COMMAND ${_step} -DSTEP=components -P "${_script}")
add_test(NAME "package: configure defaults, top level and subproject"
  COMMAND ${_step} -DSTEP=defaults -P "${_script}")
add_test(NAME "package: static" COMMAND ${_step} -DSTEP=static -P "${_script}")
# The README's snippets, as written, against the installed prefix (tests/package/
# readme_snippets.py); not in sanitizer builds, whose programs need the sanitizer's runtime.
if(Python_EXECUTABLE AND NOT LAPLACE_SANITIZE)
  add_test(NAME "package: the README's snippets build and run" COMMAND ${_step} -DSTEP=readme
    -P "${_script}")
  set_tests_properties("package: the README's snippets build and run" PROPERTIES
    FIXTURES_REQUIRED laplace_install TIMEOUT 900 LABELS package)
endif()
set_tests_properties("package: install" PROPERTIES FIXTURES_SETUP laplace_install)
set_tests_properties("package: consumer (find_package)" "package: consumer (pkg-config)"
  "package: find_package components" PROPERTIES FIXTURES_REQUIRED laplace_install)
set_tests_properties("package: install" "package: consumer (find_package)"
  "package: consumer (pkg-config)" "package: find_package components"
  PROPERTIES TIMEOUT 900 LABELS package)
# The static test compiles the library again: minutes on a busy machine; the defaults test too.
set_tests_properties("package: static" "package: configure defaults, top level and subproject"
  PROPERTIES TIMEOUT 1800 LABELS "package;slow")
if(NOT LAPLACE_GNU_MAKE OR NOT LAPLACE_PKG_CONFIG)
  message(STATUS "No make or pkg-config (Debian: make, pkgconf): "
    "test 'package: consumer (pkg-config)' disabled")
  set_tests_properties("package: consumer (pkg-config)" PROPERTIES DISABLED TRUE)
endif()
