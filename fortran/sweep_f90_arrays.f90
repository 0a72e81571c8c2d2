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

!> f90-arrays with a right-hand side and damping: one Jacobi sweep, in the same whole-array
!> section syntax, of
!>   J(i, j) = ((old(i-1, j) + old(i+1, j))*h2**2 + (old(i, j-1) + old(i, j+1))*h1**2
!>              - f(i, j)*fk) * 0.5/(h1**2 + h2**2)
!>   u(i, j) = old(i, j) + weight*(J(i, j) - old(i, j))     (u = J when weight is 1)
!> With f NULL and weight 1 the statement is laplace_f90_arrays_sweep's, so u is bitwise the same.
!>
!>   u            inout  u(n1, n2), index 1 contiguous; boundary values are never written
!>   old          out    workspace, n1*n2 values; holds the previous iterate on return
!>   f            in     C pointer to f(n1, n2), in u's layout, or NULL for f = 0
!>   n1, n2       in     extents (>= 3, validated by the C ABI)
!>   h1, h2       in     spacings along index 1 and index 2
!>   fk           in     factor of f in the update
!>   weight       in     damping factor (1: plain Jacobi)
!>   want_change  in     0: change is not computed and is set to 0
!>   change       out    sum of squared changes sum((u_new - u_old)**2), no square root; or 0
subroutine laplace_f90_arrays_sweep_general(u, old, f, n1, n2, h1, h2, fk, weight, want_change, &
                                            change) bind(C, name="laplace_f90_arrays_sweep_general")
   use, intrinsic :: iso_c_binding, only: c_int, c_double, c_ptr, c_associated, c_f_pointer
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   real(c_double), intent(out) :: old(n1, n2)
   type(c_ptr), value, intent(in) :: f
   real(c_double), value, intent(in) :: h1, h2, fk, weight
   integer(c_int), value, intent(in) :: want_change
   real(c_double), intent(out) :: change
   real(c_double), pointer, contiguous :: fa(:, :)
   real(c_double) :: h1sq, h2sq, dnr_inv
   logical :: damped

   h1sq = h1*h1
   h2sq = h2*h2
   dnr_inv = 0.5_c_double/(h1sq + h2sq)
   damped = weight < 1.0_c_double .or. weight > 1.0_c_double ! weight /= 1, without -Wcompare-reals

   old = u
   if (c_associated(f)) then
      call c_f_pointer(f, fa, [n1, n2])
      if (damped) then
         u(2:n1 - 1, 2:n2 - 1) = old(2:n1 - 1, 2:n2 - 1) + weight &
                                 *((((old(1:n1 - 2, 2:n2 - 1) + old(3:n1, 2:n2 - 1))*h2sq &
                                     + (old(2:n1 - 1, 1:n2 - 2) + old(2:n1 - 1, 3:n2))*h1sq) &
                                    - fa(2:n1 - 1, 2:n2 - 1)*fk)*dnr_inv - old(2:n1 - 1, 2:n2 - 1))
      else
         u(2:n1 - 1, 2:n2 - 1) = (((old(1:n1 - 2, 2:n2 - 1) + old(3:n1, 2:n2 - 1))*h2sq &
                                   + (old(2:n1 - 1, 1:n2 - 2) + old(2:n1 - 1, 3:n2))*h1sq) &
                                  - fa(2:n1 - 1, 2:n2 - 1)*fk)*dnr_inv
      end if
   else
      if (damped) then
         u(2:n1 - 1, 2:n2 - 1) = old(2:n1 - 1, 2:n2 - 1) + weight &
                                 *(((old(1:n1 - 2, 2:n2 - 1) + old(3:n1, 2:n2 - 1))*h2sq &
                                    + (old(2:n1 - 1, 1:n2 - 2) + old(2:n1 - 1, 3:n2))*h1sq) &
                                   *dnr_inv - old(2:n1 - 1, 2:n2 - 1))
      else
         u(2:n1 - 1, 2:n2 - 1) = ((old(1:n1 - 2, 2:n2 - 1) + old(3:n1, 2:n2 - 1))*h2sq &
                                  + (old(2:n1 - 1, 1:n2 - 2) + old(2:n1 - 1, 3:n2))*h1sq)*dnr_inv
      end if
   end if
   if (want_change /= 0) then
      change = sum((u(2:n1 - 1, 2:n2 - 1) - old(2:n1 - 1, 2:n2 - 1))**2)
   else
      change = 0.0_c_double
   end if
end subroutine laplace_f90_arrays_sweep_general
