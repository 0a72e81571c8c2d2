# The package tests' steps (cmake/LaplacePackageTests.cmake registers them):
#
#   cmake -DSETTINGS=<build>/package-tests/settings.cmake -DCONFIG=Release -DSTEP=<step> -P this
#
#   install    cmake --install the build into <build>/package-tests/prefix (removed first) and
#              check the tree: headers, module file, libraries and their SONAME links, package
#              files free of build-tree paths, laplace-bench runs from the prefix.
#   cmake      examples/consumer/ configured against that prefix only, built, its programs run.
#   pkgconfig  examples/pkgconfig/Makefile built with pkg-config seeing that prefix only, run.
#   static     the library configured again with BUILD_SHARED_LIBS=OFF, built, installed into
#              <build>/package-tests/static/prefix, then the consumers linked statically: the
#              CMake one as a C/C++/Fortran, a C++-only (it must get libgfortran from the
#              package), a Fortran-only (libstdc++) and a C-only project; the Makefile with
#              STATIC=1.
cmake_minimum_required(VERSION 3.24)
include("${SETTINGS}")

function(fail)
  string(JOIN "" message ${ARGN})
  message(FATAL_ERROR "package test (${STEP}): ${message}")
endfunction()

# run(<what> COMMAND ...): runs a command, echoes its output, fails if it fails.
function(run what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "WORKING_DIRECTORY;OUTPUT" "COMMAND")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${TEST_DIR}")
  endif()
  string(JOIN " " shown ${arg_COMMAND})
  message(STATUS "${what}: ${shown}")
  execute_process(COMMAND ${arg_COMMAND} WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(NOT status EQUAL 0)
    fail("${what} failed (${status}): ${shown}")
  endif()
  if(arg_OUTPUT)
    set(${arg_OUTPUT} "${out}" PARENT_SCOPE)
  endif()
endfunction()

# Compiler and link flags a consumer of a sanitized build needs: the sanitizer runtime must be
# in the program, not only in the library.
set(make_flags)
if(SANITIZE)
  set(make_flags "LDFLAGS=-fsanitize=${SANITIZE}")
endif()

# The installed tree, checked file by file.
function(check_install prefix shared)
  set(expected
    "${INCLUDEDIR}/laplace/laplace.h" "${INCLUDEDIR}/laplace/laplace.hpp"
    "${INCLUDEDIR}/laplace/version.h" "${FORTRAN_MODULEDIR}/laplace.mod"
    "${CMAKEDIR}/laplaceConfig.cmake" "${CMAKEDIR}/laplaceConfigVersion.cmake"
    "${CMAKEDIR}/laplaceTargets.cmake"
    "${PKGCONFIGDIR}/laplace.pc" "${PKGCONFIGDIR}/laplace-fortran.pc"
    share/doc/laplace/LICENSE share/doc/laplace/CHANGELOG.md)
  foreach(lib laplace laplace_fortran)
    if(shared)
      # liblaplace.so -> liblaplace.so.<SOVERSION> -> liblaplace.so.<VERSION>
      list(APPEND expected "${LIBDIR}/lib${lib}.so" "${LIBDIR}/lib${lib}.so.${SOVERSION}"
        "${LIBDIR}/lib${lib}.so.${VERSION}")
    else()
      list(APPEND expected "${LIBDIR}/lib${lib}.a")
    endif()
  endforeach()
  foreach(file IN LISTS expected)
    if(NOT EXISTS "${prefix}/${file}")
      fail("not installed: ${prefix}/${file}")
    endif()
  endforeach()
  if(shared)
    file(READ_SYMLINK "${prefix}/${LIBDIR}/liblaplace.so" link)
    if(NOT link STREQUAL "liblaplace.so.${SOVERSION}")
      fail("liblaplace.so points to ${link}, not to liblaplace.so.${SOVERSION}")
    endif()
  endif()
  # A package file naming the build or source tree works here and breaks on any other machine.
  file(GLOB package_files "${prefix}/${CMAKEDIR}/*.cmake" "${prefix}/${PKGCONFIGDIR}/*.pc")
  foreach(file IN LISTS package_files)
    file(READ "${file}" text)
    foreach(tree "${BUILD_DIR}" "${SOURCE_DIR}")
      string(FIND "${text}" "${tree}" at)
      if(NOT at EQUAL -1)
        fail("${file} names ${tree}: the installed package must not point into a build")
      endif()
    endforeach()
  endforeach()
endfunction()

# consume_cmake(<prefix> <work dir> <languages>): examples/consumer against <prefix> only, as a
# project enabling <languages> (C, CXX, Fortran): the program in each is built and run.
function(consume_cmake prefix work languages)
  file(REMOVE_RECURSE "${work}")
  set(options)
  set(programs)
  set(link_flags)
  if(SANITIZE)
    set(link_flags "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE}")
  endif()
  foreach(lang C CXX Fortran)
    string(TOUPPER "${lang}" option)
    if(lang IN_LIST languages)
      list(APPEND options "-DCONSUMER_WITH_${option}=ON" "-DCMAKE_${lang}_COMPILER=${${lang}_COMPILER}")
      if(SANITIZE)
        list(APPEND options "-DCMAKE_${lang}_FLAGS=-fsanitize=${SANITIZE}")
      endif()
    else()
      list(APPEND options "-DCONSUMER_WITH_${option}=OFF")
    endif()
  endforeach()
  set(program_C consumer_c)
  set(program_CXX consumer_cpp)
  set(program_Fortran consumer_fortran)
  foreach(lang IN LISTS languages)
    list(APPEND programs ${program_${lang}})
  endforeach()
  run("configure examples/consumer (${languages})" OUTPUT out COMMAND "${CMAKE_COMMAND}"
    -S "${SOURCE_DIR}/examples/consumer" -B "${work}" -G "${GENERATOR}"
    "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_BUILD_TYPE=${CONFIG}" ${options}
    "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
    ${link_flags})
  if(out MATCHES "CMake (Warning|Deprecation)")
    fail("configuring the consumer against the package warns")
  endif()
  file(STRINGS "${work}/CMakeCache.txt" found REGEX "^laplace_DIR:")
  if(NOT found STREQUAL "laplace_DIR:PATH=${prefix}/${CMAKEDIR}")
    fail("the consumer found another laplace: ${found}, not ${prefix}/${CMAKEDIR}")
  endif()
  run("build examples/consumer" COMMAND "${CMAKE_COMMAND}" --build "${work}")
  foreach(program IN LISTS programs)
    run("run ${program}" COMMAND "${work}/${program}")
  endforeach()
endfunction()

# consume_pkgconfig(<prefix> <work dir> <static>): examples/pkgconfig/Makefile, pkg-config
# seeing <prefix> only.
function(consume_pkgconfig prefix work static)
  file(REMOVE_RECURSE "${work}")
  file(MAKE_DIRECTORY "${work}")
  set(static_flag)
  if(static)
    set(static_flag STATIC=1)
  endif()
  run("make examples/pkgconfig/Makefile" COMMAND "${CMAKE_COMMAND}" -E env
    "PKG_CONFIG_PATH=${prefix}/${PKGCONFIGDIR}" "PKG_CONFIG_LIBDIR=${prefix}/${PKGCONFIGDIR}"
    "${GNU_MAKE}" -f "${SOURCE_DIR}/examples/pkgconfig/Makefile" -C "${work}"
    "PKG_CONFIG=${PKG_CONFIG}" "CXX=${CXX_COMPILER}" "FC=${Fortran_COMPILER}" ${static_flag}
    ${make_flags})
  # Run without LD_LIBRARY_PATH: a shared build is found through the rpath the Makefile sets.
  run("run the C++ consumer" COMMAND "${work}/consumer_cpp")
  run("run the Fortran consumer" COMMAND "${work}/consumer_fortran")
endfunction()

set(prefix "${TEST_DIR}/prefix")
if(STEP STREQUAL "install")
  file(REMOVE_RECURSE "${prefix}")
  run("install" COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --config "${CONFIG}"
    --prefix "${prefix}")
  check_install("${prefix}" "${SHARED}")
  if(BENCH)
    # From the prefix, with nothing in LD_LIBRARY_PATH: the install RPATH finds liblaplace.
    run("run the installed laplace-bench" COMMAND "${prefix}/${BINDIR}/laplace-bench" --list)
    # Its output names the version, read from the library (one number, project()'s).
    run("run the installed laplace-bench" OUTPUT out COMMAND "${prefix}/${BINDIR}/laplace-bench"
      --nx 20 --ny 20 --sweeps 1 --repeat 1)
    string(REPLACE "." "[.]" version_regex "${VERSION}")
    if(NOT out MATCHES "(^|\n)laplace ${version_regex}\n")
      fail("laplace-bench does not print 'laplace ${VERSION}'")
    endif()
  endif()
elseif(STEP STREQUAL "cmake")
  consume_cmake("${prefix}" "${TEST_DIR}/consumer-cmake" "C;CXX;Fortran")
elseif(STEP STREQUAL "pkgconfig")
  consume_pkgconfig("${prefix}" "${TEST_DIR}/consumer-make" OFF)
elseif(STEP STREQUAL "static")
  set(dir "${TEST_DIR}/static")
  file(REMOVE_RECURSE "${dir}")
  run("configure laplace with BUILD_SHARED_LIBS=OFF" COMMAND "${CMAKE_COMMAND}"
    -S "${SOURCE_DIR}" -B "${dir}/build" -G "${GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}"
    "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_Fortran_COMPILER=${Fortran_COMPILER}" ${FORWARD_ARGS}
    -DBUILD_SHARED_LIBS=OFF -DLAPLACE_BUILD_TESTS=OFF -DLAPLACE_BUILD_BENCH=OFF
    -DLAPLACE_BUILD_EXAMPLES=OFF -DLAPLACE_WITH_PYTHON=OFF)
  run("build" COMMAND "${CMAKE_COMMAND}" --build "${dir}/build" --config "${CONFIG}")
  run("install" COMMAND "${CMAKE_COMMAND}" --install "${dir}/build" --config "${CONFIG}"
    --prefix "${dir}/prefix")
  set(BUILD_DIR "${dir}/build")
  check_install("${dir}/prefix" OFF)
  # Each language's program linked by its own driver, with the other runtimes from the package.
  consume_cmake("${dir}/prefix" "${dir}/consumer-cmake" "C;CXX;Fortran")
  consume_cmake("${dir}/prefix" "${dir}/consumer-cmake-cxx" "CXX")
  consume_cmake("${dir}/prefix" "${dir}/consumer-cmake-fortran" "Fortran")
  consume_cmake("${dir}/prefix" "${dir}/consumer-cmake-c" "C")
  if(GNU_MAKE AND PKG_CONFIG)
    consume_pkgconfig("${dir}/prefix" "${dir}/consumer-make" ON)
  else()
    message(STATUS "no make or pkg-config: the static pkg-config consumer is not tried")
  endif()
  file(REMOVE_RECURSE "${dir}/build") # the biggest part; the prefix stays for inspection
else()
  fail("unknown STEP '${STEP}'")
endif()
