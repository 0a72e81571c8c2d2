!> A Fortran program using an installed laplace's MPI layer through module laplace_mpi (built by
!> examples/consumer/CMakeLists.txt or examples/pkgconfig/Makefile, run under mpiexec). The
!> ranks solve x^2 - y^2 on a 41 x 29 grid with red-black SOR, each rank checks its own points,
!> and the program stops with an error on every rank unless all of them found it.
module consumer_mpi_problem
   use, intrinsic :: iso_fortran_env, only: dp => real64
   implicit none
   private
   public :: exact

contains

   ! The boundary values and the solution. In a module, not contained in the program: an
   ! internal procedure passed as an argument needs a trampoline, and so an executable stack.
   function exact(x, y) result(v)
      real(dp), intent(in) :: x, y
      real(dp) :: v
      v = x*x - y*y
   end function exact

end module consumer_mpi_problem

program consumer_mpi
   use, intrinsic :: iso_fortran_env, only: dp => real64
   use mpi, only: mpi_init, mpi_finalize, mpi_comm_rank, mpi_allreduce, MPI_COMM_WORLD, &
                  MPI_INTEGER, MPI_MAX
   use laplace, only: laplace_version
   use consumer_mpi_problem, only: exact
   use laplace_mpi, only: laplace_mpi_grid, laplace_mpi_create, laplace_mpi_free, &
                          laplace_mpi_set_boundary, laplace_mpi_solve_redblack, laplace_mpi_local
   implicit none
   integer, parameter :: nx = 41, ny = 29
   real(dp), parameter :: dx = 2.0_dp/(nx - 1), dy = 1.0_dp/(ny - 1)
   type(laplace_mpi_grid) :: grid
   real(dp), pointer :: u(:, :)
   real(dp) :: change, error
   integer :: i, j, i_first, i_last, j_first, j_last, sweeps, rank, ierr, failed, any_failed

   call mpi_init(ierr)
   call mpi_comm_rank(MPI_COMM_WORLD, rank, ierr)
   call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy)
   call laplace_mpi_set_boundary(grid, exact, 0.0_dp, 0.0_dp)
   call laplace_mpi_solve_redblack(grid, 0.0_dp, 100000, 1.0e-12_dp, iterations=sweeps, &
                                   change=change)
   call laplace_mpi_local(grid, u, i_first, i_last, j_first, j_last)
   error = 0
   do j = j_first, j_last
      do i = i_first, i_last
         error = max(error, abs(u(i, j) - exact((i - 1)*dx, (j - 1)*dy))/4)   ! max |u| = 4
      end do
   end do
   failed = merge(0, 1, error < 1.0e-9_dp)
   print '(3a, i0, a, i0, a, es8.1)', "laplace ", laplace_version(), ", rank ", rank, ": ", &
      sweeps, " red-black SOR sweeps, relative error", error
   call mpi_allreduce(failed, any_failed, 1, MPI_INTEGER, MPI_MAX, MPI_COMM_WORLD, ierr)
   call laplace_mpi_free(grid)
   call mpi_finalize(ierr)
   if (any_failed /= 0) error stop "consumer_mpi: a rank did not find x^2 - y^2"
end program consumer_mpi
