!> f95-forall: one Jacobi sweep written with the Fortran 95 FORALL construct, the study's
!> "f2py Fortran 95 forall" row. FORALL is obsolescent since Fortran 2018: this is a historical
!> row, kept to compare with the others.
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

!> f95-forall with a right-hand side and damping: one Jacobi sweep, in the same FORALL form, of
!>   J(i, j) = ((old(i-1, j) + old(i+1, j))*h2**2 + (old(i, j-1) + old(i, j+1))*h1**2
!>              - f(i, j)*fk) * 0.5/(h1**2 + h2**2)
!>   u(i, j) = old(i, j) + weight*(J(i, j) - old(i, j))     (u = J when weight is 1)
!> With f NULL and weight 1 the FORALL is laplace_f95_forall_sweep's, so u is bitwise the same.
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
subroutine laplace_f95_forall_sweep_general(u, old, f, n1, n2, h1, h2, fk, weight, want_change, &
                                            change) bind(C, name="laplace_f95_forall_sweep_general")
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
   integer :: i, j

   h1sq = h1*h1
   h2sq = h2*h2
   dnr_inv = 0.5_c_double/(h1sq + h2sq)
   damped = weight < 1.0_c_double .or. weight > 1.0_c_double ! weight /= 1, without -Wcompare-reals

   old = u
   if (c_associated(f)) then
      call c_f_pointer(f, fa, [n1, n2])
      if (damped) then
         forall (j=2:n2 - 1, i=2:n1 - 1)
            u(i, j) = old(i, j) + weight*((((old(i - 1, j) + old(i + 1, j))*h2sq &
                                            + (old(i, j - 1) + old(i, j + 1))*h1sq) &
                                           - fa(i, j)*fk)*dnr_inv - old(i, j))
         end forall
      else
         forall (j=2:n2 - 1, i=2:n1 - 1)
            u(i, j) = (((old(i - 1, j) + old(i + 1, j))*h2sq &
                        + (old(i, j - 1) + old(i, j + 1))*h1sq) - fa(i, j)*fk)*dnr_inv
         end forall
      end if
   else
      if (damped) then
         forall (j=2:n2 - 1, i=2:n1 - 1)
            u(i, j) = old(i, j) + weight*(((old(i - 1, j) + old(i + 1, j))*h2sq &
                                           + (old(i, j - 1) + old(i, j + 1))*h1sq)*dnr_inv &
                                          - old(i, j))
         end forall
      else
         forall (j=2:n2 - 1, i=2:n1 - 1)
            u(i, j) = ((old(i - 1, j) + old(i + 1, j))*h2sq + (old(i, j - 1) + old(i, j + 1))*h1sq) &
                      *dnr_inv
         end forall
      end if
   end if
   if (want_change /= 0) then
      change = sum((u(2:n1 - 1, 2:n2 - 1) - old(2:n1 - 1, 2:n2 - 1))**2)
   else
      change = 0.0_c_double
   end if
end subroutine laplace_f95_forall_sweep_general
