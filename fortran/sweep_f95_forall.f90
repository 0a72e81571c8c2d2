!> f95-forall: one Jacobi sweep written with the Fortran 95 FORALL construct, the study's
!> "f2py Fortran 95 forall" row. FORALL is obsolescent since Fortran 2018: this is a historical
!> row, kept to compare with the others. Arguments as for laplace_f90_arrays_sweep.
!>
!>   u       inout  u(n1, n2), index 1 contiguous; boundary values are never written
!>   old     out    workspace, n1*n2 values; holds the previous iterate on return
!>   n1, n2  in     extents (>= 3, validated by the C ABI)
!>   h1, h2  in     spacings along index 1 and index 2
!>   change  out    change norm sqrt(sum((u_new - u_old)**2))
subroutine laplace_f95_forall_sweep(u, old, n1, n2, h1, h2, change) &
   bind(C, name="laplace_f95_forall_sweep")
   use, intrinsic :: iso_c_binding, only: c_int, c_double
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   real(c_double), intent(out) :: old(n1, n2)
   real(c_double), value, intent(in) :: h1, h2
   real(c_double), intent(out) :: change
   real(c_double) :: h1sq, h2sq, dnr_inv
   integer :: i, j

   h1sq = h1*h1
   h2sq = h2*h2
   dnr_inv = 0.5_c_double/(h1sq + h2sq)

   old = u
   forall (j=2:n2 - 1, i=2:n1 - 1)
      u(i, j) = ((old(i - 1, j) + old(i + 1, j))*h2sq + (old(i, j - 1) + old(i, j + 1))*h1sq)*dnr_inv
   end forall
   change = sqrt(sum((u(2:n1 - 1, 2:n2 - 1) - old(2:n1 - 1, 2:n2 - 1))**2))
end subroutine laplace_f95_forall_sweep
