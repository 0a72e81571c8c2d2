# laplace_enable_warnings(<target>): the project's warning flags, per language.
#   C/C++:   -Wall -Wextra
#   Fortran: -Wall -Wextra -fimplicit-none -std=f2018 (a source can opt out of -std=f2018 by
#            setting its LAPLACE_FORTRAN_STD property, e.g. the fixed-form Fortran 77 kernel)
function(laplace_enable_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:C,CXX>:-Wall -Wextra>
    $<$<COMPILE_LANGUAGE:Fortran>:-Wall -Wextra -fimplicit-none>)
endfunction()

# laplace_fortran_standard(<std> <source>...): the -std= flag for Fortran sources.
function(laplace_fortran_standard std)
  set_source_files_properties(${ARGN} PROPERTIES COMPILE_OPTIONS "-std=${std}")
endfunction()
