# LaplacePackage.cmake: laplace as an installable package. Included once, at the end of the
# top-level CMakeLists.txt, after every target and option exists.
#
#   version     project(laplace VERSION x.y.z) is the one place the number lives: it becomes
#               laplace/version.h (LAPLACE_VERSION_*), laplace_version() in the C ABI, the
#               shared libraries' VERSION/SOVERSION, the package version file and the .pc files.
#   install     headers -> include/laplace/, module laplace's .mod -> a compiler-specific folder,
#               liblaplace + liblaplace_fortran -> lib/, laplace-bench -> bin/.
#   CMake       find_package(laplace) gives laplace::laplace (C, C++) and
#               laplace::laplace_fortran (Fortran, `use laplace`).
#   pkg-config  laplace.pc (C, C++) and laplace-fortran.pc (Fortran: its --cflags are the -I of
#               the module folder, for FFLAGS).
#   tests       install into a fresh prefix, build examples/consumer/ (CMake) and
#               examples/pkgconfig/Makefile (pkg-config) against it, run what they built.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Shared or static: BUILD_SHARED_LIBS at the top level, the parent's choice for a subproject.
get_target_property(_laplace_type laplace TYPE)
if(_laplace_type STREQUAL "SHARED_LIBRARY")
  set(LAPLACE_SHARED ON)
else()
  set(LAPLACE_SHARED OFF) # also a subproject's default, without BUILD_SHARED_LIBS
endif()

# ---- Version ----------------------------------------------------------------------------------
set(LAPLACE_GENERATED_INCLUDE_DIR "${PROJECT_BINARY_DIR}/generated/include")
configure_file("${PROJECT_SOURCE_DIR}/include/laplace/version.h.in"
  "${LAPLACE_GENERATED_INCLUDE_DIR}/laplace/version.h" @ONLY)
target_include_directories(laplace PUBLIC $<BUILD_INTERFACE:${LAPLACE_GENERATED_INCLUDE_DIR}>)

# ABI promise. Before 1.0 every minor release may change the ABI: SOVERSION is major.minor
# (liblaplace.so.0.1) and find_package accepts the same minor version only (0.1.x satisfies
# `find_package(laplace 0.1)`, 0.2 does not). From 1.0 on, the usual promise: SOVERSION is the
# major version and any later release of the same major version is accepted.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(LAPLACE_SOVERSION "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}")
  set(LAPLACE_VERSION_COMPATIBILITY SameMinorVersion)
else()
  set(LAPLACE_SOVERSION "${PROJECT_VERSION_MAJOR}")
  set(LAPLACE_VERSION_COMPATIBILITY SameMajorVersion)
endif()
# Every installed library (the MPI layer's too, when built) carries the version and the SONAME:
# a program records liblaplace_mpi.so.0.1, not a path, and finds it wherever the prefix is.
set(LAPLACE_LIBRARIES laplace laplace_fortran)
if(TARGET laplace_mpi)
  list(APPEND LAPLACE_LIBRARIES laplace_mpi laplace_mpi_fortran)
endif()
set_target_properties(${LAPLACE_LIBRARIES} PROPERTIES
  VERSION "${PROJECT_VERSION}"
  SOVERSION "${LAPLACE_SOVERSION}")

# laplace.hpp uses std::string_view: C++ users need C++17 at least (the library builds as C++20).
target_compile_features(laplace PUBLIC cxx_std_17)

# ---- Where things go --------------------------------------------------------------------------
# A .mod file is a compiler's private, versioned format: gfortran cannot read ifx's, and gfortran
# 12 refuses modules written by a gfortran with another module format. So the module goes to a
# folder named after the compiler that wrote it, and a program must be compiled by that compiler.
# A distribution's own folder for modules wins when given as CMAKE_INSTALL_MODULEDIR (the name
# fortran-lang/stdlib and other Fortran projects use; e.g. Fedora's %{_fmoddir}), relative to
# the prefix or absolute; LAPLACE_INSTALL_FORTRAN_MODULEDIR sets it for laplace alone.
if(DEFINED CMAKE_INSTALL_MODULEDIR)
  set(_laplace_moddir "${CMAKE_INSTALL_MODULEDIR}")
else()
  set(_laplace_moddir
    "${CMAKE_INSTALL_INCLUDEDIR}/laplace/fortran/${CMAKE_Fortran_COMPILER_ID}-${CMAKE_Fortran_COMPILER_VERSION}")
endif()
set(LAPLACE_INSTALL_FORTRAN_MODULEDIR "${_laplace_moddir}"
  CACHE STRING "Where the .mod files of modules laplace and laplace_mpi go (relative to the prefix, or absolute)")
set(LAPLACE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/laplace"
  CACHE STRING "Where laplaceConfig.cmake is installed (relative to the prefix)")
set(LAPLACE_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
  CACHE STRING "Where laplace.pc and laplace-fortran.pc are installed (relative to the prefix)")
target_include_directories(laplace_fortran PUBLIC
  $<INSTALL_INTERFACE:${LAPLACE_INSTALL_FORTRAN_MODULEDIR}>)

# Installed programs and libraries find the libraries next to them wherever the prefix is moved.
file(RELATIVE_PATH _laplace_bin_to_lib "/prefix/${CMAKE_INSTALL_BINDIR}" "/prefix/${CMAKE_INSTALL_LIBDIR}")
# Export the API only: the C ABI and the C++ facade of include/laplace (whose headers mark their
# declarations visible), not laplace::detail, the Fortran kernels' C names or the Eigen and
# standard-library templates the library instantiates. The few detail functions the MPI layer
# and the workspace test call across the boundary say so (cpp/internal_api.hpp). The Fortran
# libraries keep every symbol: their module procedures are the Fortran API.
set(_laplace_hidden laplace)
if(TARGET laplace_mpi)
  list(APPEND _laplace_hidden laplace_mpi)
endif()
set_target_properties(${_laplace_hidden} PROPERTIES
  C_VISIBILITY_PRESET hidden
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_compile_options(laplace PRIVATE
  $<$<AND:$<COMPILE_LANGUAGE:Fortran>,$<Fortran_COMPILER_ID:GNU>>:-fvisibility=hidden>)
# gfortran exports every bind(C) procedure whatever -fvisibility says, and the standard
# library's templates keep the default visibility libstdc++ gives them: a linker version script
# keeps the names of the API (laplace_*, laplace::*) and makes the rest local, the Fortran
# kernels' C names (read from the library's Fortran sources) by name.
if(LAPLACE_SHARED AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
  get_target_property(_laplace_sources laplace SOURCES)
  set(_laplace_fortran_names)
  foreach(_source IN LISTS _laplace_sources)
    if(_source MATCHES "\\.(f|f90)$")
      file(STRINGS "${PROJECT_SOURCE_DIR}/${_source}" _binds REGEX "bind\\(C, *name=\"")
      foreach(_bind IN LISTS _binds)
        string(REGEX REPLACE ".*bind\\(C, *name=\"([A-Za-z0-9_]+)\".*" "\\1;" _name "${_bind}")
        list(APPEND _laplace_fortran_names ${_name})
      endforeach()
    endif()
  endforeach()
  list(REMOVE_DUPLICATES _laplace_fortran_names)
  list(JOIN _laplace_fortran_names ";\n    " _laplace_fortran_names)
  set(_laplace_version_script "${PROJECT_BINARY_DIR}/package/laplace.map")
  file(WRITE "${_laplace_version_script}.in" "/* Written by cmake/LaplacePackage.cmake. */\n{\n"
    "  global:\n    laplace_*;\n"
    "    extern \"C++\" {\n      laplace::*;\n      typeinfo?for?laplace::*;\n"
    "      typeinfo?name?for?laplace::*;\n      vtable?for?laplace::*;\n    };\n"
    "  local:\n    ${_laplace_fortran_names};\n    *;\n};\n")
  configure_file("${_laplace_version_script}.in" "${_laplace_version_script}" COPYONLY)
  foreach(_target IN LISTS _laplace_hidden)
    target_link_options(${_target} PRIVATE "LINKER:--version-script=${_laplace_version_script}")
    set_property(TARGET ${_target} APPEND PROPERTY LINK_DEPENDS "${_laplace_version_script}")
  endforeach()
endif()

# Each library finds its siblings (liblaplace_fortran and liblaplace_mpi need liblaplace) in its
# own folder: RUNPATH $ORIGIN.
set_target_properties(${LAPLACE_LIBRARIES} PROPERTIES INSTALL_RPATH "$ORIGIN")

# ---- Runtime libraries of a static build ------------------------------------------------------
# liblaplace.so records what it needs (libgfortran, libstdc++, libgomp); liblaplace.a cannot.
# A C++ program linking it statically needs the Fortran runtime, a Fortran program the C++ one,
# a C program both. They are the libraries each compiler driver links implicitly, less those
# the C driver links anyway (gfortran: gfortran, quadmath, m; g++: stdc++, m).
set(LAPLACE_RUNTIME_LIBS_Fortran ${CMAKE_Fortran_IMPLICIT_LINK_LIBRARIES})
set(LAPLACE_RUNTIME_LIBS_CXX ${CMAKE_CXX_IMPLICIT_LINK_LIBRARIES})
foreach(_lang Fortran CXX)
  list(REMOVE_ITEM LAPLACE_RUNTIME_LIBS_${_lang} ${CMAKE_C_IMPLICIT_LINK_LIBRARIES})
  list(REMOVE_DUPLICATES LAPLACE_RUNTIME_LIBS_${_lang})
endforeach()
if(NOT LAPLACE_SHARED)
  # Only for programs linked by another language's driver: the Fortran driver adds libgfortran
  # itself, the C++ driver libstdc++.
  foreach(_lang Fortran CXX)
    foreach(_lib IN LISTS LAPLACE_RUNTIME_LIBS_${_lang})
      target_link_libraries(laplace INTERFACE "$<$<NOT:$<LINK_LANGUAGE:${_lang}>>:${_lib}>")
    endforeach()
  endforeach()
endif()

# ---- Install ----------------------------------------------------------------------------------
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/laplace" "${LAPLACE_GENERATED_INCLUDE_DIR}/laplace"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
install(DIRECTORY "${LAPLACE_FORTRAN_MODULE_DIR}/"
  DESTINATION "${LAPLACE_INSTALL_FORTRAN_MODULEDIR}"
  FILES_MATCHING PATTERN "*.mod" PATTERN "*.smod")
install(TARGETS laplace laplace_fortran EXPORT laplaceTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
# The MPI layer, when built, is its own export set: the config file loads it only for a project
# that finds MPI, so find_package(laplace) keeps working without MPI.
if(TARGET laplace_mpi)
  target_include_directories(laplace_mpi_fortran PUBLIC
    $<INSTALL_INTERFACE:${LAPLACE_INSTALL_FORTRAN_MODULEDIR}>)
  install(DIRECTORY "${LAPLACE_MPI_FORTRAN_MODULE_DIR}/"
    DESTINATION "${LAPLACE_INSTALL_FORTRAN_MODULEDIR}"
    FILES_MATCHING PATTERN "*.mod" PATTERN "*.smod")
  install(TARGETS laplace_mpi laplace_mpi_fortran EXPORT laplaceMpiTargets
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  install(EXPORT laplaceMpiTargets
    NAMESPACE laplace::
    DESTINATION "${LAPLACE_INSTALL_CMAKEDIR}")
  set(LAPLACE_CONFIG_WITH_MPI ON)
else()
  set(LAPLACE_CONFIG_WITH_MPI OFF)
endif()
if(TARGET laplace-bench)
  set_target_properties(laplace-bench PROPERTIES INSTALL_RPATH "$ORIGIN/${_laplace_bin_to_lib}")
  install(TARGETS laplace-bench RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  # Its reference rows' scripts and the Fortran 77 file f2py wraps, where the installed program
  # looks for them (bench/reference_rows.cpp): it runs without the source tree.
  install(FILES "${PROJECT_SOURCE_DIR}/bench/reference/laplace_ref.py"
    "${PROJECT_SOURCE_DIR}/bench/reference/laplace_ref.m" "${PROJECT_SOURCE_DIR}/fortran/sweep_f77.f"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/laplace")
endif()
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/laplace")

# ---- CMake package ----------------------------------------------------------------------------
# What the config file must find again: a dependency is needed by users when it appears in the
# exported link interface (always for a static library; for a shared one only if linked PUBLIC).
# The options, recorded for users (LAPLACE_WITH_BLAS may not exist in this build: OFF then).
foreach(_option OPENMP BLAS FFTW)
  if(LAPLACE_WITH_${_option})
    set(LAPLACE_CONFIG_${_option}_OPTION ON)
  else()
    set(LAPLACE_CONFIG_${_option}_OPTION OFF)
  endif()
endforeach()
get_target_property(_laplace_interface laplace INTERFACE_LINK_LIBRARIES)
get_target_property(_laplace_fortran_interface laplace_fortran INTERFACE_LINK_LIBRARIES)
string(JOIN ";" _laplace_interface "${_laplace_interface}" "${_laplace_fortran_interface}")
string(REGEX MATCHALL "OpenMP::OpenMP_[A-Za-z]+" LAPLACE_CONFIG_OPENMP_TARGETS "${_laplace_interface}")
list(REMOVE_DUPLICATES LAPLACE_CONFIG_OPENMP_TARGETS)
set(LAPLACE_CONFIG_WITH_OPENMP OFF)
if(LAPLACE_CONFIG_OPENMP_OPTION AND LAPLACE_CONFIG_OPENMP_TARGETS)
  set(LAPLACE_CONFIG_WITH_OPENMP ON)
endif()
set(LAPLACE_CONFIG_WITH_BLAS OFF)
if(LAPLACE_CONFIG_BLAS_OPTION AND _laplace_interface MATCHES "BLAS::")
  set(LAPLACE_CONFIG_WITH_BLAS ON)
endif()
set(LAPLACE_CONFIG_WITH_FFTW OFF)
if(LAPLACE_CONFIG_FFTW_OPTION AND _laplace_interface MATCHES "laplace::fftw")
  set(LAPLACE_CONFIG_WITH_FFTW ON)
endif()

install(EXPORT laplaceTargets
  NAMESPACE laplace::
  DESTINATION "${LAPLACE_INSTALL_CMAKEDIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/laplaceConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/package/laplaceConfig.cmake"
  INSTALL_DESTINATION "${LAPLACE_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/package/laplaceConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY ${LAPLACE_VERSION_COMPATIBILITY})
install(FILES
  "${PROJECT_BINARY_DIR}/package/laplaceConfig.cmake"
  "${PROJECT_BINARY_DIR}/package/laplaceConfigVersion.cmake"
  DESTINATION "${LAPLACE_INSTALL_CMAKEDIR}")

# ---- pkg-config -------------------------------------------------------------------------------
# laplace_pkgconfig_libs(<out> <item>...): linker flags for libraries given as names, -l/-L/-W
# flags, full paths (/usr/lib/libopenblas.so -> -L/usr/lib -lopenblas) or imported targets.
function(laplace_pkgconfig_libs out)
  set(flags)
  foreach(item IN LISTS ARGN)
    if(TARGET "${item}")
      get_target_property(_libs "${item}" INTERFACE_LINK_LIBRARIES)
      if(_libs)
        laplace_pkgconfig_libs(_sub ${_libs})
        list(APPEND flags ${_sub})
      endif()
    elseif(item MATCHES "^-")
      list(APPEND flags "${item}")
    elseif(IS_ABSOLUTE "${item}")
      get_filename_component(_dir "${item}" DIRECTORY)
      get_filename_component(_name "${item}" NAME_WE)
      string(REGEX REPLACE "^lib" "" _name "${_name}")
      list(APPEND flags "-L${_dir}" "-l${_name}")
    elseif(item AND NOT item MATCHES "[$<>]")
      list(APPEND flags "-l${item}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES flags)
  set(${out} "${flags}" PARENT_SCOPE)
endfunction()

set(_laplace_private_deps ${LAPLACE_RUNTIME_LIBS_Fortran} ${LAPLACE_RUNTIME_LIBS_CXX})
if(LAPLACE_WITH_OPENMP AND OpenMP_CXX_FOUND)
  list(APPEND _laplace_private_deps ${OpenMP_CXX_LIB_NAMES}) # gomp, pthread: the driver finds them
endif()
if(LAPLACE_CONFIG_BLAS_OPTION)
  list(APPEND _laplace_private_deps ${BLAS_LIBRARIES})
endif()
if(LAPLACE_CONFIG_FFTW_OPTION)
  list(APPEND _laplace_private_deps laplace::fftw)
endif()
laplace_pkgconfig_libs(_laplace_private_flags ${_laplace_private_deps})
string(JOIN " " LAPLACE_PC_LIBS_PRIVATE ${_laplace_private_flags})
# A static-only install has no shared library to carry those: `pkg-config --libs` must give
# them too, not only `pkg-config --static --libs`.
if(LAPLACE_SHARED)
  set(LAPLACE_PC_LIBS "")
else()
  set(LAPLACE_PC_LIBS " ${LAPLACE_PC_LIBS_PRIVATE}")
endif()
# prefix relative to the .pc file (${pcfiledir}), so that the installed tree can be moved.
if(IS_ABSOLUTE "${LAPLACE_INSTALL_PKGCONFIGDIR}")
  set(LAPLACE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _pc_to_prefix "/prefix/${LAPLACE_INSTALL_PKGCONFIGDIR}" "/prefix")
  string(REGEX REPLACE "/$" "" _pc_to_prefix "${_pc_to_prefix}")
  set(LAPLACE_PC_PREFIX "\${pcfiledir}/${_pc_to_prefix}")
endif()
foreach(_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_dir}}")
    set(LAPLACE_PC_${_dir} "${CMAKE_INSTALL_${_dir}}")
  else()
    set(LAPLACE_PC_${_dir} "\${prefix}/${CMAKE_INSTALL_${_dir}}")
  endif()
endforeach()
if(IS_ABSOLUTE "${LAPLACE_INSTALL_FORTRAN_MODULEDIR}")
  set(LAPLACE_PC_FMODDIR "${LAPLACE_INSTALL_FORTRAN_MODULEDIR}")
else()
  set(LAPLACE_PC_FMODDIR "\${prefix}/${LAPLACE_INSTALL_FORTRAN_MODULEDIR}")
endif()
set(_laplace_pc_files laplace laplace-fortran)
if(TARGET laplace_mpi)
  # MPI's flags in laplace-mpi.pc: through MPI's own .pc module when pkg-config knows one
  # (Debian's mpi-c and mpi-fort follow the system's MPI; Open MPI and MPICH ship theirs), else
  # the include folders and libraries CMake's FindMPI found, written out.
  find_package(PkgConfig QUIET)
  foreach(_lang C Fortran)
    set(LAPLACE_PC_MPI_${_lang}_REQUIRES "")
    set(LAPLACE_PC_MPI_${_lang}_CFLAGS "")
    set(LAPLACE_PC_MPI_${_lang}_LIBS "")
    set(LAPLACE_PC_MPI_${_lang}_SOURCE "CMake's FindMPI")
    if(_lang STREQUAL "C")
      set(_candidates mpi-c ompi-c mpich)
    else()
      set(_candidates mpi-fort ompi-fort mpich)
    endif()
    if(PKG_CONFIG_EXECUTABLE)
      foreach(_module IN LISTS _candidates)
        execute_process(COMMAND "${PKG_CONFIG_EXECUTABLE}" --exists "${_module}"
          RESULT_VARIABLE _missing OUTPUT_QUIET ERROR_QUIET)
        if(_missing EQUAL 0)
          set(LAPLACE_PC_MPI_${_lang}_REQUIRES ", ${_module}")
          set(LAPLACE_PC_MPI_${_lang}_SOURCE "MPI's ${_module}.pc")
          break()
        endif()
      endforeach()
    endif()
  endforeach()
  if(NOT LAPLACE_PC_MPI_C_REQUIRES)
    foreach(_dir IN LISTS MPI_C_INCLUDE_DIRS)
      string(APPEND LAPLACE_PC_MPI_C_CFLAGS " -I${_dir}")
    endforeach()
    laplace_pkgconfig_libs(_laplace_mpi_flags ${MPI_C_LIBRARIES})
    list(JOIN _laplace_mpi_flags " " _laplace_mpi_flags)
    if(_laplace_mpi_flags)
      set(LAPLACE_PC_MPI_C_LIBS " ${_laplace_mpi_flags}")
    endif()
  endif()
  list(APPEND _laplace_pc_files laplace-mpi laplace-mpi-fortran)
endif()
foreach(_pc IN LISTS _laplace_pc_files)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/${_pc}.pc.in" "${PROJECT_BINARY_DIR}/package/${_pc}.pc"
    @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/package/${_pc}.pc"
    DESTINATION "${LAPLACE_INSTALL_PKGCONFIGDIR}")
endforeach()

# ---- Tests: consumers built against a fresh install -------------------------------------------
if(LAPLACE_BUILD_TESTS)
  include(LaplacePackageTests)
endif()
