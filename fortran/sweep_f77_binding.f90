!> C entry point of the Fortran 77 loop kernel (sweep_f77.f). The F77 source stays plain
!> Fortran 77 so that f2py can wrap it as the study did; this wrapper gives it an ISO_C_BINDING
!> name, so no caller guesses at name mangling.
!>
!>   u       inout  u(n1, n2), index 1 contiguous
!>   n1, n2  in     extents (>= 3, validated by the C ABI)
!>   h1, h2  in     spacings along index 1 and index 2
!>   change  out    change norm of the sweep
subroutine laplace_f77_loop_sweep(u, n1, n2, h1, h2, change) bind(C, name="laplace_f77_loop_sweep")
   use, intrinsic :: iso_c_binding, only: c_int, c_double
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   real(c_double), value, intent(in) :: h1, h2
   real(c_double), intent(out) :: change

   interface
      subroutine f77sweep(u, n1, n2, h1, h2, change)
         use, intrinsic :: iso_c_binding, only: c_int, c_double
         implicit none
         integer(c_int), intent(in) :: n1, n2
         real(c_double), intent(inout) :: u(n1, n2)
         real(c_double), intent(in) :: h1, h2
         real(c_double), intent(out) :: change
      end subroutine f77sweep
   end interface

   call f77sweep(u, n1, n2, h1, h2, change)
end subroutine laplace_f77_loop_sweep
