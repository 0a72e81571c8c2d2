!> Tests module laplace_mpi from a Fortran program under mpiexec, with the communicator as an
!> integer (MPI_Fint) from `use mpi`:
!>  - u(nx, ny) scattered, swept k times by a Jacobi kernel, gathered, is bitwise u after k
!>    single-process sweeps of module laplace;
!>  - a red-black SOR solve from each rank's own fill converges to x^2 - y^2 on every rank's
!>    points;
!>  - a NaN in one rank's block comes back through stat/errmsg on every rank, naming u(i, j);
!>  - Poisson: f scattered from root or set by a function on each rank, k Jacobi sweeps by
!>    laplace_mpi_solve_rules are bitwise a single-process solver's (module laplace) with the same
!>    f, with the same result; the residual is module laplace's; clearing f goes back to Laplace;
!>  - red-black with the residual rule reaches the exact discrete solution x^2*y + y^3 of
!>    f = 8y, within the bound ||r||/lambda_min, with the same result on every rank;
!>  - bad rules and a NaN in f come back on every rank;
!>  - a kernel name with a NUL inside, on one rank or on all, is LAPLACE_ERROR_UNKNOWN_KERNEL on
!>    every rank through laplace_mpi_sweep, _solve and _solve_rules, with u untouched.
!> nx /= ny and dx /= dy, so an axis mix-up cannot pass.
program test_mpi_fortran
   use, intrinsic :: iso_c_binding, only: c_double
   use, intrinsic :: iso_fortran_env, only: int64
   use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan
   use mpi, only: mpi_init, mpi_finalize, mpi_comm_rank, mpi_comm_size, mpi_allreduce, &
                  MPI_COMM_WORLD, MPI_INTEGER, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_MIN, MPI_MAX
   use laplace, only: laplace_sweep, laplace_residual, laplace_solver_t, laplace_result_t, &
                      LAPLACE_OK, LAPLACE_ERROR_NONFINITE_INPUT, LAPLACE_ERROR_BAD_TOLERANCE, &
                      LAPLACE_ERROR_UNKNOWN_KERNEL, &
                      LAPLACE_STOP_NONE, LAPLACE_STOP_RTOL, LAPLACE_STOP_MAX_ITER, &
                      LAPLACE_NO_LIMIT
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
   call check_jacobi_rhs("f90-arrays")
   call check_jacobi_rhs("cpp-expression")
   call check_poisson_rules()
   call check_rule_errors()
   call check_nul_in_kernel_name()

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

   !> x**2*y + y**3, the exact discrete solution of f = 8y (the 5-point scheme is exact on
   !> cubics).
   !>   x, y  in  the point
   pure function cubic(x, y) result(v)
      real(c_double), intent(in) :: x, y
      real(c_double) :: v
      v = x**2*y + y**3
   end function cubic

   !> The right-hand side 8y of cubic.
   !>   x, y  in  the point
   pure function eight_y(x, y) result(v)
      real(c_double), intent(in) :: x, y
      real(c_double) :: v
      v = 8*y + 0*x
   end function eight_y

   !> A right-hand side neither symmetric nor antisymmetric.
   !>   x, y  in  the point
   pure function skewed(x, y) result(v)
      real(c_double), intent(in) :: x, y
      real(c_double) :: v
      v = sin(3*x) + 2*y**2
   end function skewed

   !> The whole array of a function on the grid, point u(1, 1) at (xmin, ymin).
   !>   f  in   the function
   !>   a  out  a(i, j) = f(x_i, y_j)
   subroutine sample(f, a)
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(out) :: a(nx, ny)
      integer :: i, j
      do j = 1, ny
         do i = 1, nx
            a(i, j) = f(xmin + (i - 1)*dx, ymin + (j - 1)*dy)
         end do
      end do
   end subroutine sample

   !> True if a and b hold the same bits.
   !>   a, b  in  the arrays
   logical function same_bytes(a, b)
      real(c_double), intent(in) :: a(:, :), b(:, :)
      same_bytes = all(transfer(a, [0_int64]) == transfer(b, [0_int64]))
   end function same_bytes

   !> Poisson by distributed Jacobi sweeps through laplace_mpi_solve_rules: bitwise the
   !> single-process solver's iterates with the same f, from f scattered and from f set by a
   !> function; the residual, with f and after clearing it, is module laplace's.
   !>   kernel  in  a Jacobi kernel of the registry
   subroutine check_jacobi_rhs(kernel)
      character(len=*), intent(in) :: kernel
      type(laplace_mpi_grid) :: grid
      type(laplace_solver_t) :: solver
      type(laplace_result_t) :: r, by_function, serial_r
      real(c_double) :: u(nx, ny), f(nx, ny), start(nx, ny), serial(nx, ny), from_function(nx, ny)
      real(c_double) :: norm2, norm_max, laplace2, serial2, serial_max, serial_laplace2
      integer :: stat
      character(len=256) :: errmsg

      call layout_probe(start)
      call sample(skewed, f)
      errmsg = ""

      ! f scattered from root.
      u = start
      call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy)
      call laplace_mpi_scatter(grid, u, root)
      call laplace_mpi_scatter_rhs(grid, f, root, stat, errmsg)
      call expect(stat == LAPLACE_OK, kernel//": scatter_rhs: "//trim(errmsg))
      call laplace_mpi_solve_rules(grid, sweeps, kernel=kernel, result=r, stat=stat, errmsg=errmsg)
      call expect(stat == LAPLACE_OK, kernel//": solve_rules: "//trim(errmsg))
      call expect(r%iterations == sweeps .and. r%stop_reason == LAPLACE_STOP_MAX_ITER .and. &
                  .not. r%converged, kernel//": max_iter sweeps, stop reason max_iter")
      call laplace_mpi_residual(grid, norm2, norm_max, stat, errmsg)
      call expect(stat == LAPLACE_OK, kernel//": residual: "//trim(errmsg))
      u = 0
      call laplace_mpi_gather(grid, u, root)

      ! f set by each rank from the function.
      call laplace_mpi_clear_rhs(grid, stat, errmsg)
      call expect(stat == LAPLACE_OK, kernel//": clear_rhs: "//trim(errmsg))
      from_function = start
      call laplace_mpi_scatter(grid, from_function, root)
      call laplace_mpi_set_rhs(grid, skewed, xmin, ymin, stat, errmsg)
      call expect(stat == LAPLACE_OK, kernel//": set_rhs: "//trim(errmsg))
      call laplace_mpi_solve_rules(grid, sweeps, kernel=kernel, result=by_function)
      call expect(by_function%iterations == r%iterations .and. &
                  transfer(by_function%change, 0_int64) == transfer(r%change, 0_int64), &
                  kernel//": f set by a function: the same result as f scattered")
      from_function = 0
      call laplace_mpi_gather(grid, from_function, root)

      ! Without f again: the residual of Laplace's equation.
      call laplace_mpi_clear_rhs(grid)
      call laplace_mpi_scatter(grid, start, root)
      call laplace_mpi_residual(grid, norm2=laplace2)
      call laplace_mpi_free(grid)
      if (rank /= root) return

      ! The single-process solver, the same kernel and f.
      serial = start
      call solver%create("iterate", kernel=kernel, rtol=0.0_c_double, max_iter=sweeps)
      call solver%solve(serial, dx, dy, f=f)
      serial_r = solver%result()
      call expect(same_bytes(u, serial), kernel//": with f, bitwise the single-process iterates")
      call expect(same_bytes(from_function, serial), &
                  kernel//": f set by a function: bitwise the single-process iterates")
      call expect(r%iterations == serial_r%iterations .and. &
                  r%stop_reason == serial_r%stop_reason, kernel//": the same iterations")
      call expect(abs(r%change - serial_r%change) <= 1.0e-13_c_double*serial_r%change, &
                  kernel//": the same change norm")
      call expect(abs(r%residual - serial_r%residual) <= 1.0e-12_c_double*serial_r%residual .and. &
                  abs(r%residual_initial - serial_r%residual_initial) <= &
                  1.0e-12_c_double*serial_r%residual_initial, kernel//": the same residual norms")
      call laplace_residual(serial, dx, dy, f=f, norm2=serial2, norm_max=serial_max)
      call expect(abs(norm2 - serial2) <= 1.0e-12_c_double*serial2 .and. &
                  abs(norm_max - serial_max) <= 1.0e-12_c_double*serial_max, &
                  kernel//": laplace_mpi_residual is laplace_residual")
      call laplace_residual(start, dx, dy, norm2=serial_laplace2)
      call expect(abs(laplace2 - serial_laplace2) <= 1.0e-12_c_double*serial_laplace2, &
                  kernel//": after clear_rhs, the residual of Laplace's equation")
   end subroutine check_jacobi_rhs

   !> Each rank sets its own boundary and f = 8y; red-black sweeps with the relative residual
   !> rule reach x^2*y + y^3 on every rank's points, with the same result on every rank.
   subroutine check_poisson_rules()
      real(c_double), parameter :: rtol = 1.0e-10_c_double, pi = acos(-1.0_c_double)
      type(laplace_mpi_grid) :: grid
      type(laplace_result_t) :: r
      real(c_double), pointer :: u(:, :)
      real(c_double) :: error, global_error, bound, lambda_min, scale, norm2
      integer :: i, j, i1, i2, j1, j2, stat, least, most
      character(len=256) :: errmsg

      call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy)
      call laplace_mpi_fill(grid, zero, xmin, ymin)
      call laplace_mpi_set_boundary(grid, cubic, xmin, ymin)
      call laplace_mpi_set_rhs(grid, eight_y, xmin, ymin)
      errmsg = ""
      call laplace_mpi_solve_rules(grid, 100000, rtol=rtol, result=r, stat=stat, errmsg=errmsg)
      call expect(stat == LAPLACE_OK, "red-black, rtol: solves "//trim(errmsg))
      call expect(r%stop_reason == LAPLACE_STOP_RTOL .and. r%converged .and. &
                  r%residual <= rtol*r%residual_initial, "red-black, rtol: stops on rtol")
      call mpi_allreduce(r%iterations, least, 1, MPI_INTEGER, MPI_MIN, MPI_COMM_WORLD, ierr)
      call mpi_allreduce(r%iterations, most, 1, MPI_INTEGER, MPI_MAX, MPI_COMM_WORLD, ierr)
      call expect(least == most .and. least > 0, &
                  "red-black, rtol: the same iterations on every rank")
      call laplace_mpi_residual(grid, norm2=norm2)
      call expect(abs(norm2 - r%residual) <= 1.0e-12_c_double*r%residual_initial, &
                  "red-black, rtol: laplace_mpi_residual gives the reported residual")

      ! max|u - u_exact| <= ||r||/lambda_min, lambda_min the smallest eigenvalue of -A.
      lambda_min = 4/dx**2*sin(pi/(2*(nx - 1)))**2 + 4/dy**2*sin(pi/(2*(ny - 1)))**2
      scale = abs(cubic(xmax, ymax))
      bound = r%residual/lambda_min + 64*epsilon(bound)*scale
      call laplace_mpi_local(grid, u, i1, i2, j1, j2)
      error = 0
      do j = j1, j2
         do i = i1, i2
            error = max(error, abs(u(i, j) - cubic(xmin + (i - 1)*dx, ymin + (j - 1)*dy)))
         end do
      end do
      call mpi_allreduce(error, global_error, 1, MPI_DOUBLE_PRECISION, MPI_MAX, MPI_COMM_WORLD, &
                         ierr)
      call expect(global_error <= bound, "red-black, rtol: reaches x**2*y + y**3")
      call expect(abs(cubic(xmin + dx, ymin + dy)) > bound, &
                  "red-black, rtol: the initial guess 0 does not (the check can fail)")
      call laplace_mpi_free(grid)
   end subroutine check_poisson_rules

   !> Rules that would never stop, and a NaN in f, are reported on every rank.
   subroutine check_rule_errors()
      type(laplace_mpi_grid) :: grid
      type(laplace_result_t) :: r
      real(c_double) :: u(nx, ny), f(nx, ny), norm2
      integer :: stat
      character(len=256) :: errmsg

      call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy)
      call layout_probe(u)
      call laplace_mpi_scatter(grid, u, root)
      errmsg = ""
      call laplace_mpi_solve_rules(grid, LAPLACE_NO_LIMIT, kernel="f90-arrays", result=r, &
                                   stat=stat, errmsg=errmsg)
      call expect(stat == LAPLACE_ERROR_BAD_TOLERANCE, &
                  "no tolerance, no limit: LAPLACE_ERROR_BAD_TOLERANCE on every rank")
      call expect(r%stop_reason == LAPLACE_STOP_NONE .and. r%iterations == 0, &
                  "no tolerance, no limit: the result of no solve")
      call expect(index(errmsg, "never stop") > 0, "no tolerance, no limit: "//trim(errmsg))

      call sample(eight_y, f)
      f(3, 4) = ieee_value(f(3, 4), ieee_quiet_nan)
      call laplace_mpi_scatter_rhs(grid, f, root)
      errmsg = ""
      call laplace_mpi_residual(grid, norm2=norm2, stat=stat, errmsg=errmsg)
      call expect(stat == LAPLACE_ERROR_NONFINITE_INPUT, "f NaN: LAPLACE_ERROR_NONFINITE_INPUT")
      call expect(index(errmsg, "f(3, 4)") > 0, "f NaN: the message names f(3, 4): "//trim(errmsg))
      call expect(transfer(norm2, 0_int64) == transfer(huge(norm2), 0_int64), &
                  "f NaN: norm2 is huge()")
      call laplace_mpi_free(grid)
   end subroutine check_rule_errors

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

   !> A kernel name with a NUL inside ("f90-arrays"//NUL//"x", which a C string would cut to
   !> f90-arrays), on the last rank only and then on every rank: every call that takes a name
   !> fails on every rank with LAPLACE_ERROR_UNKNOWN_KERNEL naming the NUL, as module laplace's
   !> calls do, and no rank's block changes.
   subroutine check_nul_in_kernel_name()
      type(laplace_mpi_grid) :: grid
      type(laplace_result_t) :: r
      real(c_double), pointer :: u(:, :)
      real(c_double), allocatable :: before(:, :)
      real(c_double) :: change
      integer :: stat, sweeps, call_kind, everywhere
      character(len=256) :: errmsg
      character(len=:), allocatable :: name
      character(len=12) :: what

      call laplace_mpi_create(grid, MPI_COMM_WORLD, nx, ny, dx, dy)
      call laplace_mpi_fill(grid, harmonic, xmin, ymin)
      call laplace_mpi_local(grid, u)
      allocate (before, source=u)
      do everywhere = 0, 1
         do call_kind = 1, 3
            name = "f90-arrays"
            if (everywhere == 1 .or. rank == ranks - 1) name = "f90-arrays"//achar(0)//"x"
            errmsg = ""
            stat = LAPLACE_OK
            select case (call_kind)
            case (1)
               what = "sweep"
               call laplace_mpi_sweep(grid, name, change, stat, errmsg)
            case (2)
               what = "solve"
               call laplace_mpi_solve(grid, name, 3, 0.0_c_double, sweeps, change, stat, errmsg)
            case default
               what = "solve_rules"
               call laplace_mpi_solve_rules(grid, 3, kernel=name, result=r, stat=stat, &
                                            errmsg=errmsg)
            end select
            call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL, "NUL in the kernel name, "// &
                        trim(what)//": LAPLACE_ERROR_UNKNOWN_KERNEL on every rank")
            call expect(index(errmsg, "holds a NUL byte at offset 10") > 0, &
                        "NUL in the kernel name, "//trim(what)//": "//trim(errmsg))
         end do
      end do
      call expect(all(transfer(u, 0_int64, size(u)) == transfer(before, 0_int64, size(u))), &
                  "NUL in the kernel name: no rank wrote its block")
      call laplace_mpi_free(grid)
   end subroutine check_nul_in_kernel_name

end program test_mpi_fortran
