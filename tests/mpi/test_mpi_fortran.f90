!> Tests module laplace_mpi from a Fortran program under mpiexec, with the communicator as an
!> integer (MPI_Fint) from `use mpi`:
!>  - u(nx, ny) scattered, swept k times by a Jacobi kernel, gathered, is bitwise u after k
!>    single-process sweeps of module laplace;
!>  - a red-black SOR solve from each rank's own fill converges to x^2 - y^2 on every rank's
!>    points;
!>  - a NaN in one rank's block comes back through stat/errmsg on every rank, naming u(i, j).
!> nx /= ny and dx /= dy, so an axis mix-up cannot pass.
program test_mpi_fortran
   use, intrinsic :: iso_c_binding, only: c_double
   use, intrinsic :: iso_fortran_env, only: int64
   use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan
   use mpi, only: mpi_init, mpi_finalize, mpi_comm_rank, mpi_comm_size, mpi_allreduce, &
                  MPI_COMM_WORLD, MPI_INTEGER, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_MAX
   use laplace, only: laplace_sweep, LAPLACE_OK, LAPLACE_ERROR_NONFINITE_INPUT
   use laplace_mpi
   implicit none

   integer, parameter :: nx = 19, ny = 14, sweeps = 5, root = 0
   real(c_double), parameter :: xmin = -0.3_c_double, xmax = 1.1_c_double
   real(c_double), parameter :: ymin = 0.2_c_double, ymax = 0.8_c_double
   real(c_double) :: dx, dy
   integer :: rank, ranks, ierr, failed, total_failed

   call mpi_init(ierr)
   call mpi_comm_rank(MPI_COMM_WORLD, rank, ierr)
   call mpi_comm_size(MPI_COMM_WORLD, ranks, ierr)
   dx = (xmax - xmin)/(nx - 1)
   dy = (ymax - ymin)/(ny - 1)
   failed = 0

   call check_jacobi("f90-arrays")
   call check_jacobi("cpp-expression")
   call check_solve()
   call check_nan_on_one_rank()

   call mpi_allreduce(failed, total_failed, 1, MPI_INTEGER, MPI_SUM, MPI_COMM_WORLD, ierr)
   if (rank == 0) print '(i0, a, i0, a)', ranks, " ranks: ", total_failed, " failures"
   call mpi_finalize(ierr)
   if (total_failed > 0) error stop 1

contains

   !> Records a failed check with its rank and goes on (a stop would leave the others waiting).
   !>   ok    in  the check passed
   !>   what  in  what was checked
   subroutine expect(ok, what)
      logical, intent(in) :: ok
      character(len=*), intent(in) :: what
      if (.not. ok) then
         failed = failed + 1
         print '(a, i0, a, a)', "rank ", rank, " FAILED: ", what
      end if
   end subroutine expect

   !> A boundary neither symmetric nor antisymmetric, and a non-constant interior.
   !>   u  out  the whole grid u(nx, ny)
   subroutine layout_probe(u)
      real(c_double), intent(out) :: u(nx, ny)
      integer :: i, j
      real(c_double) :: x, y
      do j = 1, ny
         do i = 1, nx
            x = xmin + (i - 1)*dx
            y = ymin + (j - 1)*dy
            if (i == 1 .or. i == nx .or. j == 1 .or. j == ny) then
               u(i, j) = exp(x)*sin(2*y + 0.3_c_double) + 0.5_c_double*x*y**2 + x**3
            else
               u(i, j) = 0.1_c_double*cos(7*x + 3*y)
            end if
         end do
      end do
   end subroutine layout_probe

   !> Distributed sweeps of `kernel` give bitwise the single-process iterates.
   !>   kernel  in  a Jacobi kernel of the registry
   subroutine check_jacobi(kernel)
      character(len=*), intent(in) :: kernel
      type(laplace_mpi_grid) :: grid
      real(c_double) :: u(nx, ny), serial(nx, ny), change, serial_change
      integer :: s, stat
      character(len=256) :: errmsg

      call layout_probe(u)
      serial = u
      call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy, stat, errmsg)
      call expect(stat == LAPLACE_OK, "create: "//trim(errmsg))
      call laplace_mpi_scatter(grid, u, root)
      u = 0
      do s = 1, sweeps
         call laplace_mpi_sweep(grid, kernel, change)
      end do
      call laplace_mpi_gather(grid, u, root)
      call laplace_mpi_free(grid)
      if (rank /= root) return
      do s = 1, sweeps
         call laplace_sweep(kernel, serial, dx, dy, serial_change)
      end do
      call expect(all(transfer(u, 0_int64, nx*ny) == transfer(serial, 0_int64, nx*ny)), &
                  kernel//": bitwise the single-process iterates")
      call expect(abs(change - serial_change) <= 1.0e-13_c_double*serial_change, &
                  kernel//": the same change norm")
   end subroutine check_jacobi

   !> x**2 - y**2, exactly harmonic for the 5-point scheme.
   !>   x, y  in  the point
   pure function harmonic(x, y) result(v)
      real(c_double), intent(in) :: x, y
      real(c_double) :: v
      v = x**2 - y**2
   end function harmonic

   !> Zero everywhere (the initial guess).
   !>   x, y  in  the point (unused)
   pure function zero(x, y) result(v)
      real(c_double), intent(in) :: x, y
      real(c_double) :: v
      v = 0*(x + y)
   end function zero

   !> Each rank fills its own block; a red-black SOR solve reaches x^2 - y^2 everywhere.
   subroutine check_solve()
      type(laplace_mpi_grid) :: grid
      real(c_double), pointer :: u(:, :)
      real(c_double) :: tol, change, error, global_error
      integer :: i, j, i1, i2, j1, j2, iterations

      ! Stopping at change <= tol leaves an error of about tol/(1 - rho); allow 100*tol.
      tol = 1.0e-13_c_double*1.21_c_double
      call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy)
      call laplace_mpi_fill(grid, zero, xmin, ymin)
      call laplace_mpi_set_boundary(grid, harmonic, xmin, ymin)
      call laplace_mpi_solve_redblack(grid, 0.0_c_double, 100000, tol, iterations, change)
      call expect(change <= tol, "red-black SOR solve converged")
      call laplace_mpi_local(grid, u, i1, i2, j1, j2)
      error = 0
      do j = j1, j2
         do i = i1, i2
            error = max(error, abs(u(i, j) - harmonic(xmin + (i - 1)*dx, ymin + (j - 1)*dy)))
         end do
      end do
      call mpi_allreduce(error, global_error, 1, MPI_DOUBLE_PRECISION, MPI_MAX, MPI_COMM_WORLD, &
                         ierr)
      call expect(global_error <= 100*tol, "the solve reaches x**2 - y**2")
      call laplace_mpi_free(grid)
   end subroutine check_solve

   !> A NaN in the last rank's block is reported on every rank, naming u(i, j).
   subroutine check_nan_on_one_rank()
      type(laplace_mpi_grid) :: grid
      real(c_double), pointer :: u(:, :)
      real(c_double) :: change
      integer :: i1, i2, j1, j2, stat
      character(len=256) :: errmsg, expected

      call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy)
      call laplace_mpi_fill(grid, harmonic, xmin, ymin)
      call laplace_mpi_local(grid, u, i1, i2, j1, j2)
      if (rank == ranks - 1) u(i2, j1) = ieee_value(u(i2, j1), ieee_quiet_nan)
      errmsg = ""
      call laplace_mpi_sweep(grid, "f90-arrays", change, stat, errmsg)
      call expect(stat == LAPLACE_ERROR_NONFINITE_INPUT, "NaN on one rank: status on every rank")
      write (expected, '(a, i0, a)') "rank ", ranks - 1, ": u("
      call expect(index(errmsg, trim(expected)) == 1, "NaN on one rank: message "//trim(errmsg))
      call laplace_mpi_free(grid)
   end subroutine check_nan_on_one_rank

end program test_mpi_fortran
