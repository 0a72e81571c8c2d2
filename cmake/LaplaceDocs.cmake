# The API reference: target laplace-docs runs Doxygen (Debian: doxygen) over the public headers
# and the Fortran modules into <build>/docs/api/html, every warning an error (CI builds it).
# Not part of `all`; once built, `cmake --install` puts it in share/doc/laplace/api.
find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
  message(STATUS "No doxygen (Debian: doxygen): target laplace-docs not available")
  return()
endif()
set(LAPLACE_DOCS_OUTPUT "${PROJECT_BINARY_DIR}/docs/api")
set(_laplace_docs_sources
  "${PROJECT_SOURCE_DIR}/include/laplace/laplace.h"
  "${PROJECT_SOURCE_DIR}/include/laplace/laplace.hpp"
  "${PROJECT_SOURCE_DIR}/include/laplace/laplace_mpi.h"
  "${PROJECT_SOURCE_DIR}/include/laplace/laplace_mpi.hpp"
  "${LAPLACE_GENERATED_INCLUDE_DIR}/laplace/version.h"
  "${PROJECT_SOURCE_DIR}/fortran/laplace.f90"
  "${PROJECT_SOURCE_DIR}/fortran/laplace_mpi.f90")
list(JOIN _laplace_docs_sources " " LAPLACE_DOCS_INPUT)
set(LAPLACE_DOCS_FILTER "${PROJECT_SOURCE_DIR}/docs/api/doxygen-filter.sh")
configure_file("${PROJECT_SOURCE_DIR}/docs/api/Doxyfile.in" "${LAPLACE_DOCS_OUTPUT}/Doxyfile" @ONLY)
add_custom_command(OUTPUT "${LAPLACE_DOCS_OUTPUT}/html/index.html"
  COMMAND "${CMAKE_COMMAND}" -E remove_directory "${LAPLACE_DOCS_OUTPUT}/html"
  COMMAND Doxygen::doxygen "${LAPLACE_DOCS_OUTPUT}/Doxyfile"
  DEPENDS ${_laplace_docs_sources} "${LAPLACE_DOCS_OUTPUT}/Doxyfile" "${LAPLACE_DOCS_FILTER}"
  WORKING_DIRECTORY "${LAPLACE_DOCS_OUTPUT}"
  COMMENT "Doxygen: the API reference in ${LAPLACE_DOCS_OUTPUT}/html"
  VERBATIM)
add_custom_target(laplace-docs DEPENDS "${LAPLACE_DOCS_OUTPUT}/html/index.html")
install(DIRECTORY "${LAPLACE_DOCS_OUTPUT}/html/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/api"
  OPTIONAL)
