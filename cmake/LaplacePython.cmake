# The Python package (python/): module laplace over the C ABI, built with pybind11.
# LAPLACE_WITH_PYTHON is ON when Python 3's development files and pybind11 are found (Debian:
# python3-dev, pybind11-dev, python3-pybind11), except in sanitizer builds: an extension module
# loaded into an interpreter built without the sanitizer needs its runtime preloaded.
#
# Sets LAPLACE_PYTHON_BUILD_DIR (where `import laplace` works from the build tree) and the cache
# variable LAPLACE_INSTALL_PYTHONDIR (the prefix's site-packages path, relative to the prefix).
# Debian's interpreter first (where python3-numpy and python3-pytest install), before any other
# python3 on PATH; -DPython_EXECUTABLE=... chooses another.
if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The Python the package is built for")
endif()
find_package(Python 3 QUIET COMPONENTS Interpreter Development.Module)
set(_laplace_python_found OFF)
if(Python_FOUND)
  set(PYBIND11_FINDPYTHON ON) # pybind11 uses the Python found above
  find_package(pybind11 2.6 CONFIG QUIET)
  if(pybind11_FOUND)
    set(_laplace_python_found ON)
  endif()
endif()
set(_laplace_python_default ${_laplace_python_found})
if(LAPLACE_SANITIZE)
  set(_laplace_python_default OFF)
endif()

option(LAPLACE_WITH_PYTHON "Build the Python package (module laplace, with pybind11)"
  ${_laplace_python_default})
if(NOT LAPLACE_WITH_PYTHON)
  if(_laplace_python_found AND LAPLACE_SANITIZE)
    message(STATUS "laplace: LAPLACE_WITH_PYTHON is OFF in a sanitizer build: the Python "
                   "package is not built")
  elseif(_laplace_python_found)
    message(STATUS "laplace: LAPLACE_WITH_PYTHON is OFF: the Python package is not built")
  else()
    message(STATUS "laplace: Python 3 development files or pybind11 not found (Debian: "
                   "python3-dev pybind11-dev python3-pybind11): the Python package is not built")
  endif()
  return()
endif()
if(NOT _laplace_python_found)
  message(FATAL_ERROR "LAPLACE_WITH_PYTHON is ON but Python 3 (interpreter and development "
                      "files: ${Python_EXECUTABLE}) or pybind11 was not found. Install them "
                      "(Debian: python3-dev pybind11-dev python3-pybind11) or configure with "
                      "-DLAPLACE_WITH_PYTHON=OFF.")
endif()

include(GNUInstallDirs)
# The interpreter's own site-packages path for a prefix (its "posix_prefix" scheme, e.g.
# lib/python3.11/site-packages), so that PYTHONPATH=<prefix>/<this> imports the installed package.
execute_process(
  COMMAND "${Python_EXECUTABLE}" -c
    "import sysconfig; print(sysconfig.get_path('platlib', 'posix_prefix', vars={'platbase': '.', 'base': '.'}))"
  OUTPUT_VARIABLE _laplace_python_platlib OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE _laplace_python_rc)
if(NOT _laplace_python_rc EQUAL 0 OR _laplace_python_platlib STREQUAL "")
  set(_laplace_python_platlib
    "${CMAKE_INSTALL_LIBDIR}/python${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}/site-packages")
endif()
string(REGEX REPLACE "^\\./" "" _laplace_python_platlib "${_laplace_python_platlib}")
set(LAPLACE_INSTALL_PYTHONDIR "${_laplace_python_platlib}"
  CACHE STRING "Where the Python package laplace is installed (relative to the prefix)")
set(LAPLACE_PYTHON_BUILD_DIR "${PROJECT_BINARY_DIR}/python")

add_subdirectory(python)
