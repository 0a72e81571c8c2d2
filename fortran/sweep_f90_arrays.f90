!> f90-arrays: one Jacobi sweep written with Fortran 90 whole-array section syntax, the study's
!> "f2py Fortran 90 arrays" row. Every new value comes from the previous iterate, kept in `old`.
!>
!>   u       inout  u(n1, n2), index 1 contiguous; boundary values are never written
!>   old     out    workspace, n1*n2 values; holds the previous iterate on return
!>   n1, n2  in     extents (>= 3, validated by the C ABI)
!>   h1, h2  in     spacings along index 1 and index 2
!>   change  out    change norm sqrt(sum((u_new - u_old)**2))
subroutine laplace_f90_arrays_sweep(u, old, n1, n2, h1, h2, change) &
   bind(C, name="laplace_f90_arrays_sweep")
   use, intrinsic :: iso_c_binding, only: c_int, c_double
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   real(c_double), intent(out) :: old(n1, n2)
   real(c_double), value, intent(in) :: h1, h2
   real(c_double), intent(out) :: change
   real(c_double) :: h1sq, h2sq, dnr_inv

   h1sq = h1*h1
   h2sq = h2*h2
   dnr_inv = 0.5_c_double/(h1sq + h2sq)

   old = u
   u(2:n1 - 1, 2:n2 - 1) = ((old(1:n1 - 2, 2:n2 - 1) + old(3:n1, 2:n2 - 1))*h2sq &
                            + (old(2:n1 - 1, 1:n2 - 2) + old(2:n1 - 1, 3:n2))*h1sq)*dnr_inv
   change = sqrt(sum((u(2:n1 - 1, 2:n2 - 1) - old(2:n1 - 1, 2:n2 - 1))**2))
end subroutine laplace_f90_arrays_sweep
