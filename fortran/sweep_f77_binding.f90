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

!> C entry point of the Fortran 77 loop kernel with a right-hand side (F77SWEEPF, sweep_f77.f):
!> one Gauss-Seidel sweep, in place, in memory order, of
!>   u(i, j) = ((u(i-1, j) + u(i+1, j))*h2**2 + ((u(i, j-1) + u(i, j+1))*h1**2 - f(i, j)*fk))
!>             * 0.5/(h1**2 + h2**2)
!> (f enters with the neighbours across the sweep, off the chain through u(i-1, j)).
!> With f NULL, u itself is passed as F77SWEEPF's F with HASF = 0, which never references it:
!> the loop is then F77SWEEP's, and u bitwise the same as laplace_f77_loop_sweep's.
!>
!>   u            inout  u(n1, n2), index 1 contiguous; boundary values are never written
!>   f            in     C pointer to f(n1, n2), in u's layout, or NULL for f = 0
!>   n1, n2       in     extents (>= 3, validated by the C ABI)
!>   h1, h2       in     spacings along index 1 and index 2
!>   fk           in     factor of f in the update
!>   want_change  in     0: change is set to 0 (the sum, fused in the loop, is then discarded)
!>   change       out    sum of squared changes sum((u_new - u_old)**2), no square root; or 0
subroutine laplace_f77_loop_sweep_general(u, f, n1, n2, h1, h2, fk, want_change, change) &
   bind(C, name="laplace_f77_loop_sweep_general")
   use, intrinsic :: iso_c_binding, only: c_int, c_double, c_ptr, c_associated, c_f_pointer
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   type(c_ptr), value, intent(in) :: f
   real(c_double), value, intent(in) :: h1, h2, fk
   integer(c_int), value, intent(in) :: want_change
   real(c_double), intent(out) :: change
   real(c_double), pointer, contiguous :: fa(:, :)

   interface
      subroutine f77sweepf(u, f, hasf, n1, n2, h1, h2, fk, change)
         use, intrinsic :: iso_c_binding, only: c_int, c_double
         implicit none
         integer(c_int), intent(in) :: hasf, n1, n2
         real(c_double), intent(inout) :: u(n1, n2)
         real(c_double), intent(in) :: f(n1, n2)
         real(c_double), intent(in) :: h1, h2, fk
         real(c_double), intent(out) :: change
      end subroutine f77sweepf
   end interface

   if (c_associated(f)) then
      call c_f_pointer(f, fa, [n1, n2])
      call f77sweepf(u, fa, 1_c_int, n1, n2, h1, h2, fk, change)
   else
      call f77sweepf(u, u, 0_c_int, n1, n2, h1, h2, fk, change)
   end if
   if (want_change == 0) change = 0.0_c_double
end subroutine laplace_f77_loop_sweep_general
