# The shared libraries export their API only (cmake -DNM=... -DLIBRARY=... -DSOURCE_DIR=... -P):
# every defined dynamic symbol of LIBRARY must be
#   - a C function or object named in a public header (include/laplace/*.h), or
#   - in namespace laplace (functions, and the typeinfo and vtable of its classes) but not in
#     laplace::detail, or
#   - a laplace::detail function declared LAPLACE_INTERNAL_API in cpp/ (the interface between
#     laplace's own libraries),
# and nothing else: no other laplace::detail function, no Fortran kernel's C name, no Eigen or
# standard-library template the library instantiates.
cmake_minimum_required(VERSION 3.24)
execute_process(COMMAND "${NM}" -D --defined-only -C "${LIBRARY}"
  OUTPUT_VARIABLE symbols RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} -D ${LIBRARY} failed")
endif()
file(GLOB headers "${SOURCE_DIR}/include/laplace/*.h" "${SOURCE_DIR}/include/laplace/*.h.in")
set(header_text "")
foreach(header IN LISTS headers)
  file(READ "${header}" text)
  string(APPEND header_text "${text}")
endforeach()
file(GLOB_RECURSE internal_headers "${SOURCE_DIR}/cpp/*.hpp")
set(internal "")
foreach(header IN LISTS internal_headers)
  file(STRINGS "${header}" lines REGEX "^LAPLACE_INTERNAL_API ")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "([A-Za-z_][A-Za-z0-9_]*)\\(" name "${line}")
    list(APPEND internal "${CMAKE_MATCH_1}")
  endforeach()
endforeach()
string(REPLACE "\n" ";" symbols "${symbols}")
set(bad "")
set(count 0)
foreach(line IN LISTS symbols)
  if(NOT line MATCHES "^[0-9a-f]+ [A-Za-z] (.*)$")
    continue()
  endif()
  set(symbol "${CMAKE_MATCH_1}")
  math(EXPR count "${count} + 1")
  if(symbol MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    # A C name: the public headers must declare it ("name(" or a variable).
    string(FIND "${header_text}" "${symbol}(" at)
    if(at EQUAL -1 OR NOT symbol MATCHES "^laplace_")
      list(APPEND bad "${symbol} (a C name no public header declares)")
    endif()
  elseif(symbol MATCHES "^laplace::detail::([A-Za-z_0-9]+)")
    if(NOT CMAKE_MATCH_1 IN_LIST internal)
      list(APPEND bad "${symbol} (laplace::detail, not LAPLACE_INTERNAL_API)")
    endif()
  elseif(NOT symbol MATCHES "^((typeinfo|typeinfo name|vtable) for )?laplace::")
    list(APPEND bad "${symbol}")
  endif()
endforeach()
list(LENGTH bad nbad)
message(STATUS "${LIBRARY}: ${count} exported symbols, ${nbad} outside the API; "
  "internal interface: ${internal}")
if(count EQUAL 0)
  message(FATAL_ERROR "no symbols read from ${LIBRARY}: the check is blind")
endif()
if(nbad GREATER 0)
  list(JOIN bad "\n  " bad)
  message(FATAL_ERROR "${LIBRARY} exports what is not its API:\n  ${bad}")
endif()
