# Fails if an object file of a kernel, or of the residual (both run inside parallel regions),
# refers to an allocator: malloc and its kin, or operator new. Kernels take all their memory from
# the workspace their caller allocates at setup, where running out of memory is reported
# (LAPLACE_ERROR_TOO_LARGE); inside a parallel region it could only abort the process.
#   cmake -DNM=<nm> "-DOBJECTS=<object|object|...>" -P kernels_allocate_nothing.cmake
string(REPLACE "|" ";" objects "${OBJECTS}")
set(checked 0)
set(allocating "")
foreach(object IN LISTS objects)
  if(NOT object MATCHES "/kernels/|/sweep_|/residual")
    continue()
  endif()
  math(EXPR checked "${checked} + 1")
  execute_process(COMMAND "${NM}" --undefined-only "${object}"
    OUTPUT_VARIABLE symbols RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "nm failed on ${object}")
  endif()
  string(REGEX MATCHALL
    "[ \t](malloc|calloc|realloc|posix_memalign|aligned_alloc|memalign|valloc|_Znwm[A-Za-z0-9_]*|_Znam[A-Za-z0-9_]*)\n"
    found "${symbols}")
  if(found)
    string(REGEX REPLACE "[ \t\n]+" " " found "${found}")
    string(APPEND allocating "  ${object}:${found}\n")
  endif()
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no kernel object among: ${OBJECTS}")
endif()
if(allocating)
  message(FATAL_ERROR "kernels that allocate:\n${allocating}")
endif()
message(STATUS "${checked} kernel object files, no allocator among their symbols")
