!> f90-openmp without f or damping: one Jacobi sweep in Fortran 90 DO loops under OpenMP
!> directives, the form the comparison measures. The threads copy the previous iterate into
!> `old`, then split the columns (index 2) of the update, with SIMD along the contiguous index 1.
!> Every new value comes from `old` alone, so u is bitwise the same for any number of threads;
!> the sum of squared changes is summed per column, then over columns in order, so it is too.
!>
!>   u            inout  u(n1, n2), index 1 contiguous; boundary values are never written
!>   old          out    workspace, n1*n2 values; holds the previous iterate on return
!>   column_sums  out    workspace, n2 values: the columns' sums of squared changes
!>   n1, n2       in     extents (>= 3, validated by the C ABI)
!>   h1, h2       in     spacings along index 1 and index 2
!>   num_threads  in     team size (>= 1), resolved by the caller (cpp/kernels/openmp_threads.hpp)
!>   change       out    sum of squared changes sum((u_new - u_old)**2), no square root
subroutine laplace_f90_openmp_sweep(u, old, column_sums, n1, n2, h1, h2, num_threads, change) &
   bind(C, name="laplace_f90_openmp_sweep")
   use, intrinsic :: iso_c_binding, only: c_int, c_double
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   real(c_double), intent(out) :: old(n1, n2)
   real(c_double), intent(out) :: column_sums(n2)
   real(c_double), value, intent(in) :: h1, h2
   integer(c_int), value, intent(in) :: num_threads
   real(c_double), intent(out) :: change
   real(c_double) :: h1sq, h2sq, dnr_inv, s, d
   integer :: i, j

   h1sq = h1*h1
   h2sq = h2*h2
   dnr_inv = 0.5_c_double/(h1sq + h2sq)

   !$omp parallel num_threads(num_threads) default(none) &
   !$omp shared(u, old, n1, n2, h1sq, h2sq, dnr_inv, column_sums) private(i, j, s, d)
   !$omp do schedule(static)
   do j = 1, n2
      old(:, j) = u(:, j)
   end do
   !$omp end do
   !$omp do schedule(static)
   do j = 2, n2 - 1
      s = 0.0_c_double
      !$omp simd reduction(+:s) private(d)
      do i = 2, n1 - 1
         u(i, j) = ((old(i - 1, j) + old(i + 1, j))*h2sq + (old(i, j - 1) + old(i, j + 1))*h1sq) &
                   *dnr_inv
         d = u(i, j) - old(i, j)
         s = s + d*d
      end do
      column_sums(j) = s
   end do
   !$omp end do
   !$omp end parallel

   change = sum(column_sums(2:n2 - 1))
end subroutine laplace_f90_openmp_sweep

!> f90-openmp with a right-hand side or damping (the caller uses laplace_f90_openmp_sweep above
!> when it has neither):
!>   J(i, j) = ((old(i-1, j) + old(i+1, j))*h2**2 + (old(i, j-1) + old(i, j+1))*h1**2
!>              - f(i, j)*fk) * 0.5/(h1**2 + h2**2)
!>   u(i, j) = old(i, j) + weight*(J(i, j) - old(i, j))     (u = J when weight is 1)
!> The threads copy the previous iterate into `old`, then split the columns (index 2) of the
!> update, with SIMD along the contiguous index 1; the choice of f or not, damped or not, is made
!> once, outside the loops. Every new value comes from `old` alone, so u is bitwise the same for
!> any number of threads; the sum of squared changes is summed per column, then over columns in
!> order, so it is too.
!>
!>   u            inout  u(n1, n2), index 1 contiguous; boundary values are never written
!>   old          out    workspace, n1*n2 values; holds the previous iterate on return
!>   column_sums  out    workspace, n2 values: the columns' sums of squared changes
!>   f            in     C pointer to f(n1, n2), in u's layout, or NULL for f = 0
!>   n1, n2       in     extents (>= 3, validated by the C ABI)
!>   h1, h2       in     spacings along index 1 and index 2
!>   fk           in     factor of f in the update
!>   weight       in     damping factor (1: plain Jacobi)
!>   want_change  in     0: change is set to 0 (the column sums, fused in the update, are then
!>                       discarded)
!>   num_threads  in     team size (>= 1), resolved by the caller (cpp/kernels/openmp_threads.hpp)
!>   change       out    sum of squared changes sum((u_new - u_old)**2), no square root; or 0
subroutine laplace_f90_openmp_sweep_general(u, old, column_sums, f, n1, n2, h1, h2, fk, weight, &
                                            want_change, &
                                            num_threads, change) &
   bind(C, name="laplace_f90_openmp_sweep_general")
   use, intrinsic :: iso_c_binding, only: c_int, c_double, c_ptr, c_associated, c_f_pointer
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   real(c_double), intent(out) :: old(n1, n2)
   real(c_double), intent(out) :: column_sums(n2)
   type(c_ptr), value, intent(in) :: f
   real(c_double), value, intent(in) :: h1, h2, fk, weight
   integer(c_int), value, intent(in) :: want_change
   integer(c_int), value, intent(in) :: num_threads
   real(c_double), intent(out) :: change
   real(c_double), pointer, contiguous :: fa(:, :)
   real(c_double) :: h1sq, h2sq, dnr_inv, s, d, v
   logical :: with_f, damped
   integer :: i, j

   h1sq = h1*h1
   h2sq = h2*h2
   dnr_inv = 0.5_c_double/(h1sq + h2sq)
   damped = weight < 1.0_c_double .or. weight > 1.0_c_double ! weight /= 1, without -Wcompare-reals
   with_f = c_associated(f)
   if (with_f) then
      call c_f_pointer(f, fa, [n1, n2])
   else
      nullify (fa)
   end if

   !$omp parallel num_threads(num_threads) default(none) &
   !$omp shared(u, old, fa, n1, n2, h1sq, h2sq, dnr_inv, fk, weight, with_f, damped, column_sums) &
   !$omp private(i, j, s, d, v)
   !$omp do schedule(static)
   do j = 1, n2
      old(:, j) = u(:, j)
   end do
   !$omp end do
   if (with_f .and. damped) then
      !$omp do schedule(static)
      do j = 2, n2 - 1
         s = 0.0_c_double
         !$omp simd reduction(+:s) private(d, v)
         do i = 2, n1 - 1
            v = (((old(i - 1, j) + old(i + 1, j))*h2sq + (old(i, j - 1) + old(i, j + 1))*h1sq) &
                 - fa(i, j)*fk)*dnr_inv
            u(i, j) = old(i, j) + weight*(v - old(i, j))
            d = u(i, j) - old(i, j)
            s = s + d*d
         end do
         column_sums(j) = s
      end do
      !$omp end do
   else if (with_f) then
      !$omp do schedule(static)
      do j = 2, n2 - 1
         s = 0.0_c_double
         !$omp simd reduction(+:s) private(d)
         do i = 2, n1 - 1
            u(i, j) = (((old(i - 1, j) + old(i + 1, j))*h2sq &
                        + (old(i, j - 1) + old(i, j + 1))*h1sq) - fa(i, j)*fk)*dnr_inv
            d = u(i, j) - old(i, j)
            s = s + d*d
         end do
         column_sums(j) = s
      end do
      !$omp end do
   else
      !$omp do schedule(static)
      do j = 2, n2 - 1
         s = 0.0_c_double
         !$omp simd reduction(+:s) private(d, v)
         do i = 2, n1 - 1
            v = ((old(i - 1, j) + old(i + 1, j))*h2sq + (old(i, j - 1) + old(i, j + 1))*h1sq) &
                *dnr_inv
            u(i, j) = old(i, j) + weight*(v - old(i, j))
            d = u(i, j) - old(i, j)
            s = s + d*d
         end do
         column_sums(j) = s
      end do
      !$omp end do
   end if
   !$omp end parallel

   if (want_change /= 0) then
      change = sum(column_sums(2:n2 - 1))
   else
      change = 0.0_c_double
   end if
end subroutine laplace_f90_openmp_sweep_general
