# The package tests' steps (cmake/LaplacePackageTests.cmake registers them):
#
#   cmake -DSETTINGS=<build>/package-tests/settings.cmake -DCONFIG=Release -DSTEP=<step> -P this
#
#   install    cmake --install the build into <build>/package-tests/installed-here (removed
#              first), then move it to <build>/package-tests/prefix, where every later step
#              uses it (an installed tree works wherever it is moved), and check the tree:
#              headers, module files, libraries with their SONAME, SONAME links and RUNPATH,
#              package files free of build-tree paths, laplace-bench runs from the prefix.
#   cmake      examples/consumer/ configured against that prefix only, built, its programs run
#              (the MPI ones on 2 ranks).
#   pkgconfig  examples/pkgconfig/Makefile built with pkg-config seeing that prefix, given as
#              `make PKG_CONFIG_PATH=...` as the README says, run.
#   components find_package(laplace COMPONENTS ...) in small projects: found, or the reason.
#   defaults   what configure chooses: as a subproject (libraries only, nothing forced,
#              portable), at the top level (Release; native unless an install prefix is given).
#   readme     the README's marked snippets built as it says and run against that prefix
#              (readme_snippets.py): C++, Fortran, Python, MPI; CMake, pkg-config, make.
#   static     the library configured again with BUILD_SHARED_LIBS=OFF, built, installed into
#              <build>/package-tests/static/prefix, then the consumers linked statically: the
#              CMake one as a C/C++/Fortran, a C++-only (it must get libgfortran from the
#              package), a Fortran-only (libstdc++) and a C-only project; the Makefile with
#              STATIC=1. It is installed with CMAKE_INSTALL_MODULEDIR=lib/fortran/modules: the
#              modules must be there, and the consumers find them.
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
  set(libraries laplace laplace_fortran)
  if(MPI)
    list(APPEND expected "${INCLUDEDIR}/laplace/laplace_mpi.h" "${INCLUDEDIR}/laplace/laplace_mpi.hpp"
      "${FORTRAN_MODULEDIR}/laplace_mpi.mod" "${CMAKEDIR}/laplaceMpiTargets.cmake"
      "${PKGCONFIGDIR}/laplace-mpi.pc" "${PKGCONFIGDIR}/laplace-mpi-fortran.pc")
    list(APPEND libraries laplace_mpi laplace_mpi_fortran)
  endif()
  foreach(lib IN LISTS libraries)
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
    # A program records each library's SONAME, and the library finds its siblings through its
    # RUNPATH ($ORIGIN): without them a program linking laplace::laplace_mpi builds and does
    # not start.
    foreach(lib IN LISTS libraries)
      file(READ_SYMLINK "${prefix}/${LIBDIR}/lib${lib}.so" link)
      if(NOT link STREQUAL "lib${lib}.so.${SOVERSION}")
        fail("lib${lib}.so points to ${link}, not to lib${lib}.so.${SOVERSION}")
      endif()
      execute_process(COMMAND "${READELF}" -d "${prefix}/${LIBDIR}/lib${lib}.so.${VERSION}"
        OUTPUT_VARIABLE dynamic RESULT_VARIABLE status)
      if(NOT status EQUAL 0)
        fail("readelf -d lib${lib}.so.${VERSION} failed")
      endif()
      if(NOT dynamic MATCHES "Library soname: \\[lib${lib}\\.so\\.${SOVERSION}\\]")
        fail("lib${lib}.so.${VERSION} has no SONAME lib${lib}.so.${SOVERSION}")
      endif()
      if(NOT dynamic MATCHES "Library runpath: \\[\\$ORIGIN\\]")
        fail("lib${lib}.so.${VERSION} has no RUNPATH $ORIGIN (finds no sibling library)")
      endif()
    endforeach()
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

# run_mpi(<work dir> <program>): the program on 2 ranks, with nothing in LD_LIBRARY_PATH. Its
# own TMPDIR: two Open MPI 4.1 mpiexec started at once collide on a shared one (tests/mpi).
# Under AddressSanitizer without leak checks: Open MPI's own allocations outlive MPI_Finalize
# (scripts/sanitize runs tests/mpi so too).
function(run_mpi work program)
  file(MAKE_DIRECTORY "${work}/tmp")
  set(asan)
  if(SANITIZE)
    set(options "$ENV{ASAN_OPTIONS}")
    string(REPLACE "detect_leaks=1" "detect_leaks=0" options "${options}")
    if(NOT options MATCHES "detect_leaks")
      string(APPEND options ":detect_leaks=0")
    endif()
    set(asan "ASAN_OPTIONS=${options}")
  endif()
  run("run ${program} on 2 ranks" COMMAND "${CMAKE_COMMAND}" -E env ${MPIEXEC_ENVIRONMENT}
    "TMPDIR=${work}/tmp" ${asan} --unset=LD_LIBRARY_PATH
    "${MPIEXEC}" ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIEXEC_FLAGS} "${program}")
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
  set(mpi_programs)
  if(MPI)
    list(APPEND options -DCONSUMER_WITH_MPI=ON)
    list(TRANSFORM programs REPLACE "^consumer_" "consumer_mpi_" OUTPUT_VARIABLE mpi_programs)
  else()
    list(APPEND options -DCONSUMER_WITH_MPI=OFF)
  endif()
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
  foreach(program IN LISTS mpi_programs)
    run_mpi("${work}" "${work}/${program}")
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
  set(mpi_flag)
  if(MPI)
    set(mpi_flag MPI=1)
  endif()
  # PKG_CONFIG_PATH on make's command line, the README's form (GNU make 4.3 passes it to no
  # $(shell) by itself: the Makefile hands it on); none in the environment. pkg-config keeps
  # its system folders, where MPI's own .pc files are.
  execute_process(COMMAND "${CMAKE_COMMAND}" -E env --unset=PKG_CONFIG_PATH
    --unset=PKG_CONFIG_LIBDIR "${PKG_CONFIG}" --exists laplace RESULT_VARIABLE missing)
  if(missing EQUAL 0)
    fail("pkg-config finds a laplace of the system's: it would hide the one under test")
  endif()
  run("make examples/pkgconfig/Makefile" COMMAND "${CMAKE_COMMAND}" -E env
    --unset=PKG_CONFIG_PATH --unset=PKG_CONFIG_LIBDIR
    "${GNU_MAKE}" -f "${SOURCE_DIR}/examples/pkgconfig/Makefile" -C "${work}"
    "PKG_CONFIG_PATH=${prefix}/${PKGCONFIGDIR}"
    "PKG_CONFIG=${PKG_CONFIG}" "CC=${C_COMPILER}" "CXX=${CXX_COMPILER}" "FC=${Fortran_COMPILER}"
    "MPIFC=${MPI_Fortran_COMPILER}"
    ${static_flag} ${mpi_flag} ${make_flags})
  # Run without LD_LIBRARY_PATH: a shared build is found through the rpath the Makefile sets.
  run("run the C++ consumer" COMMAND "${CMAKE_COMMAND}" -E env --unset=LD_LIBRARY_PATH
    "${work}/consumer_cpp")
  run("run the Fortran consumer" COMMAND "${CMAKE_COMMAND}" -E env --unset=LD_LIBRARY_PATH
    "${work}/consumer_fortran")
  if(MPI)
    foreach(program consumer_mpi_c consumer_mpi_cpp consumer_mpi_fortran)
      run_mpi("${work}" "${work}/${program}")
    endforeach()
  endif()
endfunction()

# install_moved(<build> <prefix>): installs <build> into <prefix>-installed-here, then moves that
# tree to <prefix>: every consumer then uses a prefix that is not the one it was installed to.
function(install_moved build prefix)
  set(first "${prefix}-installed-here")
  file(REMOVE_RECURSE "${first}" "${prefix}")
  run("install" COMMAND "${CMAKE_COMMAND}" --install "${build}" --config "${CONFIG}"
    --prefix "${first}")
  file(RENAME "${first}" "${prefix}")
  message(STATUS "moved the installed tree ${first} to ${prefix}")
endfunction()

set(prefix "${TEST_DIR}/prefix")
if(STEP STREQUAL "install")
  install_moved("${BUILD_DIR}" "${prefix}")
  check_install("${prefix}" "${SHARED}")
  if(BENCH)
    # From the prefix, with nothing in LD_LIBRARY_PATH: the install RPATH finds liblaplace.
    run("run the installed laplace-bench" COMMAND "${prefix}/${BINDIR}/laplace-bench" --list)
    # Its output names the version, read from the library (one number, project()'s), and its
    # reference rows run the installed scripts (f2py's build cache in the test's folder).
    foreach(file laplace_ref.py laplace_ref.m sweep_f77.f)
      if(NOT EXISTS "${prefix}/${DATADIR}/laplace/${file}")
        fail("not installed: ${prefix}/${DATADIR}/laplace/${file} (laplace-bench's reference rows)")
      endif()
    endforeach()
    run("run the installed laplace-bench" OUTPUT out COMMAND "${CMAKE_COMMAND}" -E env
      "XDG_CACHE_HOME=${TEST_DIR}/cache" "${prefix}/${BINDIR}/laplace-bench"
      --nx 20 --ny 20 --sweeps 1 --repeat 1)
    if(NOT out MATCHES "reference scripts in ${prefix}/${DATADIR}/laplace\n")
      fail("the installed laplace-bench does not use the installed reference scripts")
    endif()
    string(REPLACE "." "[.]" version_regex "${VERSION}")
    if(NOT out MATCHES "(^|\n)laplace ${version_regex}\n")
      fail("laplace-bench does not print 'laplace ${VERSION}'")
    endif()
  endif()
elseif(STEP STREQUAL "cmake")
  consume_cmake("${prefix}" "${TEST_DIR}/consumer-cmake" "C;CXX;Fortran")
elseif(STEP STREQUAL "components")
  # find_package(laplace COMPONENTS ...): present components are found, a missing required one
  # fails with its reason, in a project written here.
  set(work "${TEST_DIR}/components")
  function(try_components languages components expect_success expect_output)
    file(REMOVE_RECURSE "${work}")
    file(WRITE "${work}/src/CMakeLists.txt" "cmake_minimum_required(VERSION 3.18)\n"
      "project(components LANGUAGES ${languages})\n"
      "find_package(laplace 0.1 REQUIRED COMPONENTS ${components})\n"
      "message(STATUS \"laplace_MPI_FOUND=\${laplace_MPI_FOUND} "
      "laplace_Fortran_FOUND=\${laplace_Fortran_FOUND}\")\n")
    set(c_compilers)
    foreach(lang IN LISTS languages)
      list(APPEND c_compilers "-DCMAKE_${lang}_COMPILER=${${lang}_COMPILER}")
    endforeach()
    execute_process(COMMAND "${CMAKE_COMMAND}" -S "${work}/src" -B "${work}/build"
      -G "${GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" ${c_compilers}
      "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
      RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
    string(REGEX REPLACE "[ \t\r\n]+" " " flat "${out}")
    message("languages ${languages}, COMPONENTS ${components}: status ${status}\n${out}")
    if(expect_success AND NOT status EQUAL 0)
      fail("COMPONENTS ${components} in a ${languages} project failed")
    elseif(NOT expect_success AND status EQUAL 0)
      fail("COMPONENTS ${components} in a ${languages} project succeeded")
    endif()
    if(NOT flat MATCHES "${expect_output}")
      fail("COMPONENTS ${components} in a ${languages} project: no '${expect_output}' in its output")
    endif()
  endfunction()
  if(MPI)
    try_components("C;Fortran" "MPI;Fortran" TRUE "laplace_MPI_FOUND=TRUE laplace_Fortran_FOUND=TRUE")
    try_components("CXX" "MPI" TRUE "laplace_MPI_FOUND=TRUE")
  endif()
  try_components("C" "Fortran" FALSE "component Fortran: this project has not enabled Fortran")
  try_components("C" "Nope" FALSE "laplace has no component 'Nope'; its components: MPI, Fortran, OpenMP, BLAS, FFTW")
elseif(STEP STREQUAL "defaults")
  # What a configure chooses by itself. (1) laplace added with add_subdirectory to a project
  # that chose no build type: no build type forced on it, no BUILD_SHARED_LIBS entry of ours,
  # no tests, benches or examples, portable code. (2) laplace at the top level: Release and
  # -march=native without an install prefix (a build of one's own), portable with one (a
  # package's build).
  set(work "${TEST_DIR}/defaults")
  file(REMOVE_RECURSE "${work}")
  file(WRITE "${work}/parent/CMakeLists.txt" "cmake_minimum_required(VERSION 3.24)\n"
    "project(parent LANGUAGES C CXX Fortran)\n"
    "add_subdirectory([==[${SOURCE_DIR}]==] laplace)\n"
    "add_executable(parent_program main.c)\n"
    "target_link_libraries(parent_program PRIVATE laplace::laplace)\n")
  file(WRITE "${work}/parent/main.c" "#include <laplace/laplace.h>\n"
    "int main(void) { return laplace_kernel_count() > 0 ? 0 : 1; }\n")
  set(compilers "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_Fortran_COMPILER=${Fortran_COMPILER}")
  # cache(<build> <variable> <out>): the variable's cache value, or <unset>.
  function(cache build variable out)
    file(STRINGS "${build}/CMakeCache.txt" line REGEX "^${variable}:[A-Z]+=")
    if(line)
      string(REGEX REPLACE "^[^=]*=" "" line "${line}")
    else()
      set(line "<unset>")
    endif()
    set(${out} "${line}" PARENT_SCOPE)
  endfunction()
  run("configure a project that adds laplace with add_subdirectory" COMMAND "${CMAKE_COMMAND}"
    -S "${work}/parent" -B "${work}/parent-build" -G "${GENERATOR}"
    "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" ${compilers})
  foreach(pair "CMAKE_BUILD_TYPE;" "BUILD_SHARED_LIBS;<unset>" "LAPLACE_BUILD_TESTS;OFF"
      "LAPLACE_BUILD_BENCH;OFF" "LAPLACE_BUILD_EXAMPLES;OFF" "LAPLACE_NATIVE;OFF")
    list(POP_FRONT pair variable)
    cache("${work}/parent-build" ${variable} value)
    if(NOT value STREQUAL "${pair}")
      fail("as a subproject, ${variable} is '${value}', not '${pair}'")
    endif()
  endforeach()
  file(READ "${work}/parent-build/CMakeFiles/TargetDirectories.txt" targets)
  foreach(target laplace_tests laplace-bench laplace-example-solve)
    if(targets MATCHES "/${target}\\.dir")
      fail("as a subproject, laplace adds target ${target}")
    endif()
  endforeach()
  if(NOT targets MATCHES "/laplace\\.dir")
    fail("CMakeFiles/TargetDirectories.txt does not list laplace's library: the check is blind")
  endif()
  run("build the parent's program and laplace's libraries" COMMAND "${CMAKE_COMMAND}"
    --build "${work}/parent-build" --target parent_program)
  run("run the parent's program" COMMAND "${work}/parent-build/parent_program")
  foreach(case "own;;Release;ON" "package;-DCMAKE_INSTALL_PREFIX=/usr;Release;OFF")
    list(POP_FRONT case name prefix_option build_type native)
    run("configure laplace at the top level (${name} build)" COMMAND "${CMAKE_COMMAND}"
      -S "${SOURCE_DIR}" -B "${work}/top-${name}" -G "${GENERATOR}"
      "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" ${compilers} ${prefix_option}
      -DLAPLACE_BUILD_TESTS=OFF -DLAPLACE_BUILD_BENCH=OFF -DLAPLACE_BUILD_EXAMPLES=OFF)
    cache("${work}/top-${name}" CMAKE_BUILD_TYPE value)
    if(NOT value STREQUAL build_type)
      fail("at the top level (${name} build), CMAKE_BUILD_TYPE is '${value}', not ${build_type}")
    endif()
    cache("${work}/top-${name}" LAPLACE_NATIVE value)
    if(NOT value STREQUAL native)
      fail("at the top level (${name} build), LAPLACE_NATIVE is ${value}, not ${native}")
    endif()
  endforeach()
  file(REMOVE_RECURSE "${work}")
elseif(STEP STREQUAL "pkgconfig")
  consume_pkgconfig("${prefix}" "${TEST_DIR}/consumer-make" OFF)
elseif(STEP STREQUAL "readme")
  set(work "${TEST_DIR}/readme")
  file(REMOVE_RECURSE "${work}")
  file(MAKE_DIRECTORY "${work}/tmp")
  set(args --readme "${SOURCE_DIR}/README.md" --prefix "${prefix}" --work "${work}")
  if(PYTHON_PACKAGE)
    list(APPEND args --python "${PYTHON}")
  endif()
  if(MPI)
    string(JOIN " " mpiexec "${MPIEXEC}" ${MPIEXEC_NUMPROC_FLAG} 2 ${MPIEXEC_FLAGS})
    list(APPEND args --mpiexec "${mpiexec}")
    foreach(variable IN LISTS MPIEXEC_ENVIRONMENT ITEMS "TMPDIR=${work}/tmp")
      list(APPEND args --mpiexec-env "${variable}")
    endforeach()
  endif()
  run("the README's snippets" COMMAND "${PYTHON}" "${SOURCE_DIR}/tests/package/readme_snippets.py"
    ${args})
elseif(STEP STREQUAL "static")
  set(dir "${TEST_DIR}/static")
  # A distribution's module folder (CMAKE_INSTALL_MODULEDIR) is honoured, and the consumers
  # below find the modules there.
  set(static_moddir "lib/fortran/modules")
  file(REMOVE_RECURSE "${dir}")
  run("configure laplace with BUILD_SHARED_LIBS=OFF" COMMAND "${CMAKE_COMMAND}"
    -S "${SOURCE_DIR}" -B "${dir}/build" -G "${GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}"
    "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_Fortran_COMPILER=${Fortran_COMPILER}" ${FORWARD_ARGS}
    -DBUILD_SHARED_LIBS=OFF -DLAPLACE_BUILD_TESTS=OFF -DLAPLACE_BUILD_BENCH=OFF
    -DLAPLACE_BUILD_EXAMPLES=OFF -DLAPLACE_WITH_PYTHON=OFF "-DCMAKE_INSTALL_MODULEDIR=${static_moddir}")
  run("build" COMMAND "${CMAKE_COMMAND}" --build "${dir}/build" --config "${CONFIG}")
  install_moved("${dir}/build" "${dir}/prefix")
  set(BUILD_DIR "${dir}/build")
  set(FORTRAN_MODULEDIR "${static_moddir}")
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
