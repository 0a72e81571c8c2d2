!> Without stat=, an error stops the program with the library's message (the test passes when
!> the output shows "laplace: unknown kernel 'no-such-kernel'").
program test_fortran_error_stop
   use, intrinsic :: iso_c_binding, only: c_double
   use laplace, only: laplace_sweep
   implicit none
   real(c_double) :: u(5, 4)

   u = 0
   call laplace_sweep("no-such-kernel", u, 0.25_c_double, 0.5_c_double)
   print '(a)', "not reached: the call above must stop the program"
end program test_fortran_error_stop
