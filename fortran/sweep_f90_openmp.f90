!> f90-openmp: one Jacobi sweep in Fortran 90 DO loops under OpenMP directives. The threads
!> copy the previous iterate into `old`, then split the columns (index 2) of the update, with
!> SIMD along the contiguous index 1. Every new value comes from `old` alone, so u is bitwise
!> the same for any number of threads; the change norm is summed per column, then over columns
!> in order, so it is too.
!>
!>   u            inout  u(n1, n2), index 1 contiguous; boundary values are never written
!>   old          out    workspace, n1*n2 values; holds the previous iterate on return
!>   n1, n2       in     extents (>= 3, validated by the C ABI)
!>   h1, h2       in     spacings along index 1 and index 2
!>   num_threads  in     team size (>= 1), resolved by the caller (cpp/kernels/openmp_threads.hpp)
!>   change       out    change norm sqrt(sum((u_new - u_old)**2))
subroutine laplace_f90_openmp_sweep(u, old, n1, n2, h1, h2, num_threads, change) &
   bind(C, name="laplace_f90_openmp_sweep")
   use, intrinsic :: iso_c_binding, only: c_int, c_double
   implicit none
   integer(c_int), value, intent(in) :: n1, n2
   real(c_double), intent(inout) :: u(n1, n2)
   real(c_double), intent(out) :: old(n1, n2)
   real(c_double), value, intent(in) :: h1, h2
   integer(c_int), value, intent(in) :: num_threads
   real(c_double), intent(out) :: change
   real(c_double) :: h1sq, h2sq, dnr_inv, s, d
   real(c_double), allocatable :: column_sums(:)
   integer :: i, j

   h1sq = h1*h1
   h2sq = h2*h2
   dnr_inv = 0.5_c_double/(h1sq + h2sq)
   allocate (column_sums(2:n2 - 1))

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

   change = sqrt(sum(column_sums))
end subroutine laplace_f90_openmp_sweep
