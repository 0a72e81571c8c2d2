#!/bin/sh
# Doxygen's input filter for laplace's headers and Fortran modules (docs/api/Doxyfile.in): the
# headers are written with plain comments, which this makes Doxygen's own as it reads them, so
# the reference is generated from the headers as they are.
#   /* ...        at the start of a line (a C comment before a declaration)   -> /** ...
#   // ...        a C++ line comment                                           -> /// ...
# and inside those comments a backslash is doubled (laplace.h writes "cpp-loop\0x" and "\xNN",
# which Doxygen would read as commands). Fortran's "!>" comments are Doxygen's already.
exec sed -e '/^[[:space:]]*\/\*/,/\*\//s/\\/\\\\/g' \
         -e '/^[[:space:]]*\/\//s/\\/\\\\/g' \
         -e 's,^/\* ,/** ,' \
         -e 's,^\([[:space:]]*\)// ,\1/// ,' \
         "$1"
