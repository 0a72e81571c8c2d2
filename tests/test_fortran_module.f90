!> A solver type whose own final procedure counts its calls, for the test below: a solver going
!> out of scope is finalized, and the standard then finalizes its parent part, type
!> laplace_solver_t, whose final procedure destroys the C solver (that it leaks nothing and frees
!> nothing twice is what valgrind and the sanitizers check on this program).
module counted_solver
   use laplace, only: laplace_solver_t
   implicit none
   private
   public :: counted_solver_t, finalized, created_when_finalized

   !> Calls of the final procedure of counted_solver_t so far.
   integer :: finalized = 0
   !> Whether the last solver finalized still held its C solver at that moment.
   logical :: created_when_finalized = .false.

   type, extends(laplace_solver_t) :: counted_solver_t
   contains
      final :: count_final
   end type counted_solver_t

contains

   !> Counts the call, and records whether the C solver was still there.
   !>   this  inout  the solver being finalized
   impure elemental subroutine count_final(this)
      type(counted_solver_t), intent(inout) :: this
      finalized = finalized + 1
      created_when_finalized = this%created()
   end subroutine count_final

end module counted_solver

!> Tests module laplace from a Fortran program:
!>  - for every kernel of the registry: the module's sweep equals the C ABI's on the same bytes
!>    (the C ABI sees the array as the C-layout grid (ny, nx, dy, dx): the grid convention),
!>    bitwise; it matches a plain Fortran sweep of the kernel's scheme written here on u(nx, ny);
!>    a solve converges to the exact discrete solution x^2 - y^2;
!>  - Poisson through the solver type: the methods "iterate" (kernel f77-loop and the default)
!>    and "blas-fdm" and "fft-dst" (when built) reach the exact discrete solution x^2*y + y^3 of f = 8y, within
!>    the bound ||r||/lambda_min the final residual gives; every stop reason; results equal, bit
!>    for bit, to the C ABI's solver on the same bytes;
!>  - laplace_residual against a residual computed here by a plain loop, and the C ABI's;
!>  - the method table queries; every status constant equals the C one (by its name);
!>  - the solver's life: setup reuse, copies, the final procedure of a solver leaving a block;
!>  - the BLAS thread control and queries (when the build has a BLAS);
!>  - the FFTW section: fft-dst with a planning effort, wisdom to a file and back, its errors;
!>  - bad input comes back through stat/errmsg, naming the problem in the caller's terms, with
!>    u untouched.
!> nx /= ny and dx /= dy throughout, so an axis mix-up cannot pass.
program test_fortran_module
   use, intrinsic :: iso_c_binding, only: c_int, c_double, c_ptr, c_null_char
   use, intrinsic :: iso_fortran_env, only: int64
   use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan, ieee_is_nan
   use laplace
   use laplace_c_bindings, only: c_result, new_c_result, c_sweep, c_residual, c_solver_create, &
                                 c_solver_set_kernel, c_solver_set_tolerances, c_solver_solve, &
                                 c_solver_get_result, c_solver_destroy
   use counted_solver, only: counted_solver_t, finalized, created_when_finalized
   implicit none

   integer, parameter :: nx = 19, ny = 13, sweeps = 3
   real(c_double), parameter :: xmin = -0.3_c_double, xmax = 1.1_c_double
   real(c_double), parameter :: ymin = 0.2_c_double, ymax = 0.8_c_double
   !> Same-scheme agreement after a few sweeps, relative to the data's scale.
   real(c_double), parameter :: same_scheme_tol = 1.0e-13_c_double
   !> The relative residual the Poisson solves stop at.
   real(c_double), parameter :: poisson_rtol = 1.0e-10_c_double
   !> Two computations of one residual norm in different orders, relative to the norm.
   real(c_double), parameter :: residual_tol = 1.0e-12_c_double

   real(c_double) :: dx, dy
   integer :: passed = 0, failed = 0, k

   dx = (xmax - xmin)/(nx - 1)
   dy = (ymax - ymin)/(ny - 1)

   call expect(laplace_kernel_count() > 0, "the registry has kernels")
   do k = 1, laplace_kernel_count()
      call check_kernel(laplace_kernel_name(k), laplace_kernel_scheme(k))
   end do
   call check_errors()
   call check_nul_names()
   call check_status_constants()
   call check_tables()
   call check_residual()
   call check_poisson("iterate", "f77-loop")
   call check_poisson("iterate")
   call check_poisson("multigrid")
   call check_poisson("multigrid", "f77-loop")
   call check_multigrid_cycles()
   if (laplace_method_index("blas-fdm") > 0) call check_poisson("blas-fdm")
   if (laplace_method_index("fft-dst") > 0) call check_poisson("fft-dst")
   call check_same_as_c_abi("f77-loop")
   call check_same_as_c_abi("")
   call check_stop_reasons()
   call check_solver_errors()
   call check_solver_life()
   call check_blas()
   call check_fftw()

   print '(i0, a, i0, a)', passed, " passed, ", failed, " failed"
   if (failed > 0) error stop 1

contains

   !> Records a check.
   !>   ok    in  the check passed
   !>   what  in  what was checked
   subroutine expect(ok, what)
      logical, intent(in) :: ok
      character(len=*), intent(in) :: what
      if (ok) then
         passed = passed + 1
      else
         failed = failed + 1
         print '(a, a)', "FAILED: ", what
      end if
   end subroutine expect

   !> x of grid index i.
   !>   i  in  index along x, 1..nx
   real(c_double) function x(i)
      integer, intent(in) :: i
      x = xmin + (i - 1)*dx
   end function x

   !> y of grid index j.
   !>   j  in  index along y, 1..ny
   real(c_double) function y(j)
      integer, intent(in) :: j
      y = ymin + (j - 1)*dy
   end function y

   !> A boundary neither symmetric nor antisymmetric, and a non-constant interior.
   !>   u  out  the grid
   subroutine layout_probe(u)
      real(c_double), intent(out) :: u(nx, ny)
      integer :: i, j
      do j = 1, ny
         do i = 1, nx
            if (i == 1 .or. i == nx .or. j == 1 .or. j == ny) then
               u(i, j) = exp(x(i))*sin(2*y(j) + 0.3_c_double) + 0.5_c_double*x(i)*y(j)**2 + x(i)**3
            else
               u(i, j) = 0.1_c_double*cos(7*x(i) + 3*y(j))
            end if
         end do
      end do
   end subroutine layout_probe

   !> The Poisson problem u_xx + u_yy = f = 8y with the exact discrete solution x^2*y + y^3
   !> (the 5-point scheme is exact on cubics, for any dx, dy).
   !>   u      out  the exact values on the boundary, 0 inside
   !>   f      out  8y everywhere
   !>   exact  out  x^2*y + y^3 everywhere
   subroutine cubic_problem(u, f, exact)
      real(c_double), intent(out) :: u(nx, ny), f(nx, ny), exact(nx, ny)
      integer :: i, j
      do j = 1, ny
         do i = 1, nx
            exact(i, j) = x(i)**2*y(j) + y(j)**3
            f(i, j) = 8*y(j)
            u(i, j) = 0
            if (i == 1 .or. i == nx .or. j == 1 .or. j == ny) u(i, j) = exact(i, j)
         end do
      end do
   end subroutine cubic_problem

   !> The smallest eigenvalue of -A, A the 5-point operator on the interior: ||A^-1||_2 is its
   !> inverse, so max|u - u_exact| <= ||u - u_exact||_2 <= ||r||_2/lambda_min.
   real(c_double) function lambda_min()
      real(c_double), parameter :: pi = acos(-1.0_c_double)
      lambda_min = 4/dx**2*sin(pi/(2*(nx - 1)))**2 + 4/dy**2*sin(pi/(2*(ny - 1)))**2
   end function lambda_min

   !> The optimal SOR factor for the u(nx, ny) grid, from the Jacobi spectral radius on a
   !> rectangle with dx /= dy (written out here, independently of the library).
   real(c_double) function optimal_omega()
      real(c_double), parameter :: pi = acos(-1.0_c_double)
      real(c_double) :: rho
      rho = (dy**2*cos(pi/(nx - 1)) + dx**2*cos(pi/(ny - 1)))/(dx**2 + dy**2)
      optimal_omega = 2/(1 + sqrt(1 - rho**2))
   end function optimal_omega

   !> One textbook sweep of `scheme` on u(nx, ny), i (x) innermost: memory order. Red-black:
   !> the points with i + j even, then those with i + j odd (the parity of the 0-based C indices
   !> is the same), relaxed for "red-black-sor" with `omega_given`, else the optimal factor.
   !>   scheme       in     the kernel's scheme
   !>   u            inout  the grid
   !>   omega_given  in     SOR relaxation factor (optional)
   subroutine oracle_sweep(scheme, u, omega_given)
      character(len=*), intent(in) :: scheme
      real(c_double), intent(inout) :: u(nx, ny)
      real(c_double), intent(in), optional :: omega_given
      real(c_double) :: old(nx, ny), gs, omega
      integer :: i, j, colour
      if (scheme == "red-black" .or. scheme == "red-black-sor") then
         omega = optimal_omega()
         if (present(omega_given)) omega = omega_given
         do colour = 0, 1
            do j = 2, ny - 1
               do i = 2, nx - 1
                  if (mod(i + j, 2) /= colour) cycle
                  gs = ((u(i - 1, j) + u(i + 1, j))*dy**2 + (u(i, j - 1) + u(i, j + 1))*dx**2) &
                       /(2*(dx**2 + dy**2))
                  if (scheme == "red-black") then
                     u(i, j) = gs
                  else
                     u(i, j) = u(i, j) + omega*(gs - u(i, j))
                  end if
               end do
            end do
         end do
      else if (scheme == "gauss-seidel") then
         do j = 2, ny - 1
            do i = 2, nx - 1
               u(i, j) = ((u(i - 1, j) + u(i + 1, j))*dy**2 + (u(i, j - 1) + u(i, j + 1))*dx**2) &
                         /(2*(dx**2 + dy**2))
            end do
         end do
      else
         old = u
         do j = 2, ny - 1
            do i = 2, nx - 1
               u(i, j) = ((old(i - 1, j) + old(i + 1, j))*dy**2 + &
                          (old(i, j - 1) + old(i, j + 1))*dx**2)/(2*(dx**2 + dy**2))
            end do
         end do
      end if
   end subroutine oracle_sweep

   !> The residual r = f - A u over the interior, by a plain loop.
   !>   u         in   the grid
   !>   f         in   the right-hand side
   !>   norm2     out  sqrt(sum(r**2))
   !>   norm_max  out  maxval(abs(r))
   subroutine plain_residual(u, f, norm2, norm_max)
      real(c_double), intent(in) :: u(nx, ny), f(nx, ny)
      real(c_double), intent(out) :: norm2, norm_max
      real(c_double) :: r
      integer :: i, j
      norm2 = 0
      norm_max = 0
      do j = 2, ny - 1
         do i = 2, nx - 1
            r = f(i, j) - ((u(i - 1, j) - 2*u(i, j) + u(i + 1, j))/dx**2 + &
                           (u(i, j - 1) - 2*u(i, j) + u(i, j + 1))/dy**2)
            norm2 = norm2 + r**2
            norm_max = max(norm_max, abs(r))
         end do
      end do
      norm2 = sqrt(norm2)
   end subroutine plain_residual

   !> The stop reason of a solver's last solve.
   !>   solver  in  the solver
   integer function last_stop_reason(solver)
      class(laplace_solver_t), intent(in) :: solver
      type(laplace_result_t) :: r
      r = solver%result()
      last_stop_reason = r%stop_reason
   end function last_stop_reason

   !> True if a and b hold the same bits.
   !>   a, b  in  the arrays
   logical function same_bytes(a, b)
      real(c_double), intent(in) :: a(:, :), b(:, :)
      same_bytes = all(transfer(a, [0_int64]) == transfer(b, [0_int64]))
   end function same_bytes

   !> True if a and b hold the same bits (NaN included).
   !>   a, b  in  the numbers
   logical function same_bits(a, b)
      real(c_double), intent(in) :: a, b
      same_bits = transfer(a, 0_int64) == transfer(b, 0_int64)
   end function same_bits

   !> max|a - b| relative to max|b|.
   !>   a, b  in  the arrays
   real(c_double) function relative_distance(a, b)
      real(c_double), intent(in) :: a(:, :), b(:, :)
      relative_distance = maxval(abs(a - b))/maxval(abs(b))
   end function relative_distance

   !> "(n1, n2)".
   !>   n1, n2  in  extents
   function extents(n1, n2) result(s)
      integer, intent(in) :: n1, n2
      character(len=:), allocatable :: s
      character(len=32) :: buffer
      write (buffer, '("(", i0, ", ", i0, ")")') n1, n2
      s = trim(buffer)
   end function extents

   !> One kernel through laplace_sweep and laplace_solve.
   !>   name    in  kernel name
   !>   scheme  in  its scheme
   subroutine check_kernel(name, scheme)
      character(len=*), intent(in) :: name, scheme
      real(c_double) :: u(nx, ny), same(nx, ny), ref(nx, ny), change, c_change, tol, scale
      integer :: s, stat, i, j, iterations
      integer(c_int) :: c_stat
      logical :: oracle_known

      ! The module and the C ABI on the same bytes: the C side sees (ny, nx, dy, dx).
      call layout_probe(u)
      same = u
      do s = 1, sweeps
         call laplace_sweep(name, u, dx, dy, change=change, stat=stat)
         call expect(stat == LAPLACE_OK, name//": module sweep succeeds")
         c_stat = c_sweep(name//c_null_char, same, int(ny, c_int), int(nx, c_int), dy, dx, &
                          c_change)
         call expect(c_stat == LAPLACE_OK, name//": C ABI sweep succeeds")
      end do
      call expect(same_bytes(u, same), name//": module result equals the C ABI's on the same bytes")
      call expect(abs(change - c_change) <= same_scheme_tol*c_change, name//": same change norm")

      ! Against a plain Fortran sweep of the same scheme on u(nx, ny).
      oracle_known = scheme == "gauss-seidel" .or. scheme == "jacobi" .or. &
                     scheme == "red-black" .or. scheme == "red-black-sor"
      call expect(oracle_known, name//": the test has an oracle for scheme "//scheme)
      if (oracle_known) then
         call layout_probe(u)
         call layout_probe(ref)
         do s = 1, sweeps
            call laplace_sweep(name, u, dx, dy)
            call oracle_sweep(scheme, ref)
         end do
         call expect(relative_distance(u, ref) <= same_scheme_tol, &
                     name//": matches the Fortran oracle of its scheme")
      end if
      if (scheme == "red-black-sor") then ! a relaxation factor given through the module
         call layout_probe(u)
         call layout_probe(ref)
         do s = 1, sweeps
            call laplace_sweep(name, u, dx, dy, omega=1.3_c_double)
            call oracle_sweep(scheme, ref, 1.3_c_double)
         end do
         call expect(relative_distance(u, ref) <= same_scheme_tol, &
                     name//": with omega = 1.3 matches the Fortran oracle")
      end if

      ! Converges to the exact discrete solution x^2 - y^2 (see tests/test_kernels.cpp for
      ! the tolerance: the error is at most about 25*tol on a grid of this size).
      do j = 1, ny
         do i = 1, nx
            u(i, j) = 0
            if (i == 1 .or. i == nx .or. j == 1 .or. j == ny) u(i, j) = x(i)**2 - y(j)**2
         end do
      end do
      scale = maxval(abs(u))
      tol = 1.0e-13_c_double*scale
      call laplace_solve(name, u, dx, dy, max_iter=200000, tol=tol, iterations=iterations, &
                         change=change, stat=stat)
      call expect(stat == LAPLACE_OK .and. change <= tol, name//": solve converges")
      do j = 1, ny
         do i = 1, nx
            ref(i, j) = x(i)**2 - y(j)**2
         end do
      end do
      call expect(maxval(abs(u - ref)) <= 100*tol, name//": converges to x^2 - y^2")

      ! The thread count does not change u: 1 and 2 threads, bitwise.
      call layout_probe(u)
      call layout_probe(same)
      do s = 1, sweeps
         call laplace_sweep(name, u, dx, dy, threads=1)
         call laplace_sweep(name, same, dx, dy, threads=2)
      end do
      call expect(same_bytes(u, same), name//": the same u with 1 and 2 threads")
      call layout_probe(u)
      call layout_probe(same)
      call laplace_solve(name, u, dx, dy, max_iter=sweeps, tol=0.0_c_double, threads=1)
      call laplace_solve(name, same, dx, dy, max_iter=sweeps, tol=0.0_c_double, threads=2)
      call expect(same_bytes(u, same), name//": solve: the same u with 1 and 2 threads")
      ! A count far beyond the processors runs on the library's limit.
      call layout_probe(same)
      call laplace_solve(name, same, dx, dy, max_iter=sweeps, tol=0.0_c_double, threads=huge(0), &
                         stat=stat)
      call expect(stat == LAPLACE_OK .and. same_bytes(u, same), &
                  name//": solve: the same u with threads=huge(0)")
   end subroutine check_kernel

   !> Every status constant of the module is the C ABI's: laplace_status_name (the C function)
   !> gives the constant's own name for it.
   subroutine check_status_constants()
      call expect_status_name(LAPLACE_OK, "LAPLACE_OK")
      call expect_status_name(LAPLACE_ERROR_NULL_POINTER, "LAPLACE_ERROR_NULL_POINTER")
      call expect_status_name(LAPLACE_ERROR_BAD_EXTENT, "LAPLACE_ERROR_BAD_EXTENT")
      call expect_status_name(LAPLACE_ERROR_BAD_SPACING, "LAPLACE_ERROR_BAD_SPACING")
      call expect_status_name(LAPLACE_ERROR_NONFINITE_INPUT, "LAPLACE_ERROR_NONFINITE_INPUT")
      call expect_status_name(LAPLACE_ERROR_UNKNOWN_KERNEL, "LAPLACE_ERROR_UNKNOWN_KERNEL")
      call expect_status_name(LAPLACE_ERROR_BAD_MAX_ITER, "LAPLACE_ERROR_BAD_MAX_ITER")
      call expect_status_name(LAPLACE_ERROR_BAD_TOLERANCE, "LAPLACE_ERROR_BAD_TOLERANCE")
      call expect_status_name(LAPLACE_ERROR_TOO_LARGE, "LAPLACE_ERROR_TOO_LARGE")
      call expect_status_name(LAPLACE_ERROR_NONFINITE_RESULT, "LAPLACE_ERROR_NONFINITE_RESULT")
      call expect_status_name(LAPLACE_ERROR_BAD_INDEX, "LAPLACE_ERROR_BAD_INDEX")
      call expect_status_name(LAPLACE_ERROR_BAD_OMEGA, "LAPLACE_ERROR_BAD_OMEGA")
      call expect_status_name(LAPLACE_ERROR_BAD_THREADS, "LAPLACE_ERROR_BAD_THREADS")
      call expect_status_name(LAPLACE_ERROR_UNAVAILABLE, "LAPLACE_ERROR_UNAVAILABLE")
      call expect_status_name(LAPLACE_ERROR_ALIASED_OUTPUT, "LAPLACE_ERROR_ALIASED_OUTPUT")
      call expect_status_name(LAPLACE_ERROR_UNKNOWN_METHOD, "LAPLACE_ERROR_UNKNOWN_METHOD")
      call expect_status_name(LAPLACE_ERROR_BAD_KERNEL, "LAPLACE_ERROR_BAD_KERNEL")
      call expect_status_name(LAPLACE_ERROR_SETUP_MISMATCH, "LAPLACE_ERROR_SETUP_MISMATCH")
      call expect_status_name(LAPLACE_ERROR_ALIASED_INPUT, "LAPLACE_ERROR_ALIASED_INPUT")
      call expect_status_name(LAPLACE_ERROR_BAD_PLANNING, "LAPLACE_ERROR_BAD_PLANNING")
      call expect_status_name(LAPLACE_ERROR_FILE, "LAPLACE_ERROR_FILE")
      call expect_status_name(LAPLACE_ERROR_BAD_CYCLE, "LAPLACE_ERROR_BAD_CYCLE")
      call expect_status_name(LAPLACE_ERROR_INTERNAL, "LAPLACE_ERROR_INTERNAL")
      call expect_status_name(12345, "unknown status") ! the check can fail
   end subroutine check_status_constants

   !> laplace_status_name(status) is `name`.
   !>   status  in  a status constant
   !>   name    in  its name in laplace.h
   subroutine expect_status_name(status, name)
      integer, intent(in) :: status
      character(len=*), intent(in) :: name
      call expect(laplace_status_name(status) == name, &
                  name//" is the C ABI's (laplace_status_name: "//laplace_status_name(status)//")")
   end subroutine expect_status_name

   !> The kernel and method queries.
   subroutine check_tables()
      integer :: m, n, iterate, fdm
      character(len=:), allocatable :: kind

      n = laplace_method_count()
      call expect(n >= 1, "the method table has methods")
      do m = 1, n
         call expect(len(laplace_method_name(m)) > 0, "method names are not empty")
         call expect(laplace_method_index(laplace_method_name(m)) == m, &
                     laplace_method_name(m)//": laplace_method_index finds it at its index")
         kind = laplace_method_kind(m)
         call expect(kind == "iterative" .or. kind == "direct", &
                     laplace_method_name(m)//": kind "//kind)
         call expect(len(laplace_method_description(m)) > 0, &
                     laplace_method_name(m)//": has a description")
      end do
      iterate = laplace_method_index("iterate")
      call expect(iterate > 0, "the method 'iterate' is built")
      call expect(laplace_method_kind(iterate) == "iterative", "'iterate' is iterative")
      call expect(laplace_method_takes_kernel(iterate), "'iterate' takes a kernel")
      fdm = laplace_method_index("blas-fdm")
      call expect((fdm > 0) .eqv. laplace_blas_available(), "'blas-fdm' is built iff a BLAS is")
      if (fdm > 0) then
         call expect(laplace_method_kind(fdm) == "direct", "'blas-fdm' is direct")
         call expect(.not. laplace_method_takes_kernel(fdm), "'blas-fdm' takes no kernel")
      end if
      call expect(laplace_method_index("no-such-method") == 0, "an unknown method's index is 0")
      call expect(laplace_method_name(0) == "", "method index 0: no name")
      call expect(laplace_method_name(n + 1) == "", "method index count + 1: no name")
      call expect(laplace_method_kind(0) == "", "method index 0: no kind")
      call expect(laplace_method_description(n + 1) == "", "method index count + 1: no description")
      call expect(.not. laplace_method_takes_kernel(0), "method index 0: takes no kernel")

      call expect(laplace_kernel_index("f77-loop") > 0, "the kernel 'f77-loop' is built")
      do m = 1, laplace_kernel_count()
         call expect(laplace_kernel_index(laplace_kernel_name(m)) == m, &
                     laplace_kernel_name(m)//": laplace_kernel_index finds it at its index")
         call expect(len(laplace_kernel_description(m)) > 0, &
                     laplace_kernel_name(m)//": has a description")
      end do
      call expect(laplace_kernel_index("no-such-kernel") == 0, "an unknown kernel's index is 0")
      call expect(laplace_kernel_name(0) == "", "a bad kernel index gives an empty name")
   end subroutine check_tables

   !> laplace_residual against the plain loop and the C ABI on the same bytes; and the cubic
   !> is the exact discrete solution.
   subroutine check_residual()
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny), zero(nx, ny)
      real(c_double) :: norm2, norm_max, ref2, ref_max, c2, c_max, bound
      integer :: stat, i, j
      integer(c_int) :: c_stat

      call layout_probe(u)
      do j = 1, ny
         do i = 1, nx
            f(i, j) = sin(3*x(i)) + 2*y(j)**2 ! neither symmetric nor antisymmetric
         end do
      end do
      call laplace_residual(u, dx, dy, f=f, norm2=norm2, norm_max=norm_max, stat=stat)
      call plain_residual(u, f, ref2, ref_max)
      call expect(stat == LAPLACE_OK, "residual with f: succeeds")
      call expect(abs(norm2 - ref2) <= residual_tol*ref2, &
                  "residual with f: the plain loop's 2-norm")
      call expect(abs(norm_max - ref_max) <= residual_tol*ref_max, &
                  "residual with f: the plain loop's max norm")
      c_stat = c_residual(u, f, int(ny, c_int), int(nx, c_int), dy, dx, norm2=c2, norm_max=c_max)
      call expect(c_stat == LAPLACE_OK .and. same_bits(norm2, c2) .and. &
                  same_bits(norm_max, c_max), &
                  "residual with f: the C ABI's on the same bytes, bitwise")

      zero = 0
      call laplace_residual(u, dx, dy, norm2=norm2, norm_max=norm_max, threads=1)
      call plain_residual(u, zero, ref2, ref_max)
      call expect(abs(norm2 - ref2) <= residual_tol*ref2 .and. &
                  abs(norm_max - ref_max) <= residual_tol*ref_max, &
                  "residual without f: the plain loop's norms")

      ! x^2*y + y^3 solves the discrete problem of f = 8y: its residual is rounding only (each
      ! point's operator rounds at about eps*max|u|/h^2), while f = 0 leaves ||8y|| ~ 50.
      call cubic_problem(u, f, exact)
      bound = 64*epsilon(bound)*maxval(abs(exact))/min(dx, dy)**2*sqrt(real(nx*ny, c_double))
      call laplace_residual(exact, dx, dy, f=f, norm2=norm2)
      call expect(norm2 <= bound, "x^2*y + y^3 is the discrete solution of f = 8y")
      call laplace_residual(exact, dx, dy, norm2=norm2)
      call expect(norm2 > bound, "... and not of f = 0 (the check can fail)")
   end subroutine check_residual

   !> A Poisson solve through the solver type reaches the exact discrete solution x^2*y + y^3,
   !> stopping on the relative residual.
   !>   method  in  method name
   !>   kernel  in  kernel name for "iterate" (optional: absent means the default kernel)
   subroutine check_poisson(method, kernel)
      character(len=*), intent(in) :: method
      character(len=*), intent(in), optional :: kernel
      type(laplace_solver_t) :: solver
      type(laplace_result_t) :: r, second
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny), first(nx, ny), bound, initial_error
      character(len=:), allocatable :: label
      character(len=300) :: msg
      integer :: stat

      label = method
      if (present(kernel)) label = method//" ("//kernel//")"
      msg = ""
      call solver%create(method, kernel=kernel, rtol=poisson_rtol, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_OK .and. solver%created(), label//": created "//trim(msg))
      call solver%setup(nx, ny, dx, dy, stat=stat)
      call expect(stat == LAPLACE_OK, label//": set up")
      call expect(solver%memory_bytes() > 0, label//": the setup holds memory")

      call cubic_problem(u, f, exact)
      initial_error = maxval(abs(u - exact))
      call solver%solve(u, dx, dy, f=f, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_OK, label//": solves "//trim(msg))
      r = solver%result()
      call expect(r%stop_reason == LAPLACE_STOP_RTOL .and. r%converged, &
                  label//": stops on the relative residual")
      call expect(r%relative_residual <= poisson_rtol .and. &
                  r%residual <= poisson_rtol*r%residual_initial, label//": ||r|| <= rtol ||r0||")
      call expect(r%iterations >= 1, label//": iterated")
      if (method == "blas-fdm") call expect(r%iterations == 1, label//": one direct solve")

      ! The error is bounded by ||r||/lambda_min, plus rounding in computing r.
      bound = r%residual/lambda_min() + 64*epsilon(bound)*maxval(abs(exact))
      call expect(maxval(abs(u - exact)) <= bound, label//": reaches x^2*y + y^3")
      call expect(initial_error > bound, label//": the initial guess does not (the check can fail)")

      ! The setup is reused: a second solve from the same start gives the same bits.
      first = u
      call cubic_problem(u, f, exact)
      call solver%solve(u, dx, dy, f=f, stat=stat)
      second = solver%result()
      call expect(stat == LAPLACE_OK .and. same_bytes(u, first) .and. &
                  second%iterations == r%iterations, &
                  label//": a second solve with the same setup gives the same u")
   end subroutine check_poisson

   !> Multigrid's cycles from Fortran: full multigrid with other smoothing counts reaches the
   !> cubic; a bad cycle, and a cycle for a method without one, are errors with a message.
   subroutine check_multigrid_cycles()
      type(laplace_solver_t) :: solver
      type(laplace_result_t) :: r
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny)
      character(len=300) :: msg
      integer :: stat

      call solver%create("multigrid", cycle=LAPLACE_CYCLE_FMG, pre_smooth=1, post_smooth=1, &
                         rtol=poisson_rtol, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_OK, "multigrid FMG(1,1): created "//trim(msg))
      call cubic_problem(u, f, exact)
      call solver%solve(u, dx, dy, f=f, stat=stat)
      r = solver%result()
      call expect(stat == LAPLACE_OK .and. r%converged .and. &
                  maxval(abs(u - exact)) <= 1e-8_c_double*maxval(abs(exact)), &
                  "multigrid FMG(1,1): reaches x^2*y + y^3")
      msg = ""
      call solver%create("multigrid", cycle=7, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_CYCLE .and. .not. solver%created() .and. &
                  index(msg, "cycle = 7") > 0, "multigrid: cycle 7 is rejected: "//trim(msg))
      msg = ""
      call solver%create("multigrid", pre_smooth=0, post_smooth=0, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_CYCLE .and. index(msg, "does not converge") > 0, &
                  "multigrid: no smoothing is rejected: "//trim(msg))
      msg = ""
      call solver%create("iterate", cycle=LAPLACE_CYCLE_V, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_CYCLE .and. index(msg, "has no cycle") > 0, &
                  "iterate: a cycle is rejected: "//trim(msg))
   end subroutine check_multigrid_cycles

   !> The module's solver and the C ABI's (row-major, on the same bytes: (ny, nx, dy, dx)) give
   !> the same u and the same result, bit for bit.
   !>   kernel  in  the kernel of "iterate"; "" for the default one
   subroutine check_same_as_c_abi(kernel)
      character(len=*), intent(in) :: kernel
      type(laplace_solver_t) :: solver
      type(laplace_result_t) :: r, c
      type(c_ptr) :: handle
      type(c_result) :: from_c
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny), v(nx, ny)
      integer(c_int) :: c_stat
      integer :: stat
      character(len=:), allocatable :: label

      label = "the C ABI's solver, kernel '"//kernel//"'"
      call cubic_problem(u, f, exact)
      v = u
      if (len(kernel) > 0) then
         call solver%create("iterate", kernel=kernel, rtol=poisson_rtol, stat=stat)
      else
         call solver%create("iterate", rtol=poisson_rtol, stat=stat)
      end if
      call solver%solve(u, dx, dy, f=f, stat=stat)
      call expect(stat == LAPLACE_OK, label//": the module solves")
      r = solver%result()

      c_stat = c_solver_create("iterate"//c_null_char, handle)
      if (len(kernel) > 0 .and. c_stat == LAPLACE_OK) then
         c_stat = c_solver_set_kernel(handle, kernel//c_null_char)
      end if
      if (c_stat == LAPLACE_OK) then
         c_stat = c_solver_set_tolerances(handle, poisson_rtol, 0.0_c_double, 0.0_c_double)
      end if
      if (c_stat == LAPLACE_OK) then
         c_stat = c_solver_solve(handle, v, f, int(ny, c_int), int(nx, c_int), dy, dx)
      end if
      from_c = new_c_result()
      if (c_stat == LAPLACE_OK) c_stat = c_solver_get_result(handle, from_c)
      call c_solver_destroy(handle)
      call expect(c_stat == LAPLACE_OK, label//": the C ABI solves")
      c = laplace_result_t(iterations=int(from_c%iterations), stop_reason=int(from_c%stop_reason), &
                           converged=from_c%converged /= 0, change=from_c%change, &
                           residual_initial=from_c%residual_initial, &
                           residual=from_c%residual, residual_max=from_c%residual_max, &
                           relative_residual=from_c%relative_residual)
      call expect(same_bytes(u, v), label//": the same u")
      call expect(r%iterations == c%iterations .and. r%stop_reason == c%stop_reason .and. &
                  (r%converged .eqv. c%converged), label//": the same iterations and stop reason")
      call expect(same_bits(r%change, c%change) .and. &
                  same_bits(r%residual_initial, c%residual_initial) .and. &
                  same_bits(r%residual, c%residual) .and. &
                  same_bits(r%residual_max, c%residual_max) .and. &
                  same_bits(r%relative_residual, c%relative_residual), label//": the same norms")
      call expect(r%iterations > 1 .and. r%residual > 0, label//": a real solve was compared")
   end subroutine check_same_as_c_abi

   !> Every stop reason, each from the rule that makes it.
   subroutine check_stop_reasons()
      type(laplace_solver_t) :: solver
      type(laplace_result_t) :: r
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny), tol
      integer :: stat

      call cubic_problem(u, f, exact)
      tol = 1.0e-12_c_double*maxval(abs(exact))
      call solver%create("iterate", kernel="f77-loop", change_tol=tol, stat=stat)
      call solver%solve(u, dx, dy, f=f, stat=stat)
      r = solver%result()
      call expect(stat == LAPLACE_OK .and. r%stop_reason == LAPLACE_STOP_CHANGE .and. &
                  r%converged .and. r%change <= tol, "change_tol: stop reason LAPLACE_STOP_CHANGE")
      call expect(.not. ieee_is_nan(r%residual_initial), &
                  "change_tol: the residual is reported all the same")

      call cubic_problem(u, f, exact)
      call solver%create("iterate", kernel="f77-loop", atol=1.0e-8_c_double, stat=stat)
      call solver%solve(u, dx, dy, f=f, stat=stat)
      r = solver%result()
      call expect(stat == LAPLACE_OK .and. r%stop_reason == LAPLACE_STOP_ATOL .and. &
                  r%converged .and. r%residual <= 1.0e-8_c_double, &
                  "atol: stop reason LAPLACE_STOP_ATOL")
      ! From the solution itself, the rule holds before any iteration.
      u = exact
      call solver%solve(u, dx, dy, f=f, stat=stat)
      r = solver%result()
      call expect(stat == LAPLACE_OK .and. r%stop_reason == LAPLACE_STOP_ATOL .and. &
                  r%iterations == 0 .and. same_bytes(u, exact), &
                  "atol: an initial u that satisfies it takes 0 iterations")

      call cubic_problem(u, f, exact)
      call solver%create("iterate", kernel="f77-loop", max_iter=5, stat=stat)
      call solver%solve(u, dx, dy, f=f, stat=stat)
      r = solver%result()
      call expect(stat == LAPLACE_OK .and. r%stop_reason == LAPLACE_STOP_MAX_ITER .and. &
                  .not. r%converged .and. r%iterations == 5, &
                  "max_iter = 5: stop reason LAPLACE_STOP_MAX_ITER, not converged")

      call cubic_problem(u, f, exact)
      call solver%create("iterate", kernel="f77-loop", max_iter=LAPLACE_NO_LIMIT, stat=stat)
      call solver%solve(u, dx, dy, f=f, stat=stat)
      r = solver%result()
      call expect(stat == LAPLACE_OK .and. r%stop_reason == LAPLACE_STOP_RTOL, &
                  "LAPLACE_NO_LIMIT with the default rtol: stops on it")

      if (laplace_method_index("blas-fdm") > 0) then
         call cubic_problem(u, f, exact)
         call solver%create("blas-fdm", rtol=0.0_c_double, stat=stat)
         call solver%solve(u, dx, dy, f=f, stat=stat)
         r = solver%result()
         call expect(stat == LAPLACE_OK .and. r%stop_reason == LAPLACE_STOP_DIRECT .and. &
                     r%converged .and. r%iterations == 1, &
                     "blas-fdm without tolerances: stop reason LAPLACE_STOP_DIRECT")
      end if
      call solver%destroy()
      call expect(last_stop_reason(solver) == LAPLACE_STOP_NONE, &
                  "a destroyed solver: stop reason LAPLACE_STOP_NONE")
   end subroutine check_stop_reasons

   !> Bad input to the solver and to laplace_residual comes back through stat/errmsg, u untouched.
   subroutine check_solver_errors()
      type(laplace_solver_t) :: solver, never_created
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny), before(nx, ny), narrow(nx, ny - 1)
      real(c_double) :: small(nx - 1, ny), small_before(nx - 1, ny), nan, norm2, norm_max
      character(len=300) :: msg
      integer :: stat

      nan = ieee_value(nan, ieee_quiet_nan)
      call cubic_problem(u, f, exact)
      before = u

      call solver%create("iterate", kernel="cpp-loop", stat=stat)
      call expect(stat == LAPLACE_OK, "a solver for the error checks")
      call solver%solve(u, dx, dy, f=f, stat=stat) ! so that a rejection must reset the result
      u = before

      f(3, 4) = nan
      msg = ""
      call solver%solve(u, dx, dy, f=f, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_NONFINITE_INPUT, "f NaN: LAPLACE_ERROR_NONFINITE_INPUT")
      call expect(index(msg, "f(3, 4)") > 0, "f NaN: the message names f(3, 4): "//trim(msg))
      call expect(same_bytes(u, before), "f NaN: u untouched")
      call expect(last_stop_reason(solver) == LAPLACE_STOP_NONE, &
                  "f NaN: the result is that of no solve")
      call cubic_problem(u, f, exact)

      call solver%solve(u, dx, dy, f=f, stat=stat) ! a result again
      u = before
      narrow = 1
      msg = ""
      call solver%solve(u, dx, dy, f=narrow, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_EXTENT, "f of another shape: LAPLACE_ERROR_BAD_EXTENT")
      call expect(index(msg, "f"//extents(nx, ny - 1)) > 0 .and. &
                  index(msg, "u"//extents(nx, ny)) > 0, &
                  "f of another shape: the message names both shapes: "//trim(msg))
      call expect(same_bytes(u, before), "f of another shape: u untouched")
      call expect(last_stop_reason(solver) == LAPLACE_STOP_NONE, &
                  "f of another shape: the result is that of no solve")

      ! f is handed over without a copy: an f that is u itself is seen to overlap it. (A
      ! conforming call, as the rejected solve modifies nothing. A pointer to u would not do:
      ! gfortran copies a pointer actual argument that may alias another argument.)
      msg = ""
      call solver%solve(u, dx, dy, f=u, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_ALIASED_INPUT, &
                  "f = u: LAPLACE_ERROR_ALIASED_INPUT (f and u passed without copies)")
      call expect(same_bytes(u, before), "f = u: u untouched")

      ! Another grid than the setup's.
      call solver%setup(nx, ny, dx, dy, stat=stat)
      small = 1
      small_before = small
      msg = ""
      call solver%solve(small, dx, dy, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_SETUP_MISMATCH, &
                  "another grid than the setup's: LAPLACE_ERROR_SETUP_MISMATCH")
      call expect(index(msg, "19 x 13") > 0 .and. index(msg, "18 x 13") > 0, &
                  "another grid: the message names both: "//trim(msg))
      call expect(same_bytes(small, small_before), "another grid: u untouched")
      call solver%solve(u, 2*dx, dy, f=f, stat=stat)
      call expect(stat == LAPLACE_ERROR_SETUP_MISMATCH .and. same_bytes(u, before), &
                  "another spacing than the setup's: LAPLACE_ERROR_SETUP_MISMATCH, u untouched")

      msg = ""
      call solver%create("no-such-method", stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_METHOD, &
                  "unknown method: LAPLACE_ERROR_UNKNOWN_METHOD")
      call expect(index(msg, "unknown method 'no-such-method'") > 0, "unknown method: "//trim(msg))
      call expect(.not. solver%created(), "unknown method: no solver")

      msg = ""
      call solver%solve(u, dx, dy, f=f, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_NULL_POINTER .and. index(msg, "not created") > 0, &
                  "solve without a solver: LAPLACE_ERROR_NULL_POINTER: "//trim(msg))
      call never_created%set_max_iter(3, stat=stat)
      call expect(stat == LAPLACE_ERROR_NULL_POINTER, "a setter without a solver: an error")
      call expect(same_bytes(u, before), "without a solver: u untouched")

      if (laplace_method_index("blas-fdm") > 0) then
         msg = ""
         call solver%create("blas-fdm", kernel="cpp-loop", stat=stat, errmsg=msg)
         call expect(stat == LAPLACE_ERROR_BAD_KERNEL, &
                     "a kernel for blas-fdm: LAPLACE_ERROR_BAD_KERNEL")
         call expect(index(msg, "takes no kernel") > 0, "a kernel for blas-fdm: "//trim(msg))
         call expect(.not. solver%created(), "a kernel for blas-fdm: no solver")
      end if

      msg = ""
      call solver%create("iterate", kernel="no-such-kernel", stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL, &
                  "unknown kernel: LAPLACE_ERROR_UNKNOWN_KERNEL")

      msg = ""
      call solver%create("iterate", kernel="cpp-loop", weight=1.5_c_double, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_OMEGA, &
                  "weight 1.5 for a Gauss-Seidel kernel: LAPLACE_ERROR_BAD_OMEGA: "//trim(msg))

      msg = ""
      call solver%create("iterate", rtol=-1.0_c_double, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_TOLERANCE, "rtol = -1: LAPLACE_ERROR_BAD_TOLERANCE")
      call expect(index(msg, "rtol = -1") > 0, "rtol = -1: "//trim(msg))

      msg = ""
      call solver%create("iterate", max_iter=-5, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_MAX_ITER .and. index(msg, "max_iter = -5") > 0, &
                  "max_iter = -5: LAPLACE_ERROR_BAD_MAX_ITER: "//trim(msg))

      msg = ""
      call solver%create("iterate", rtol=0.0_c_double, atol=0.0_c_double, &
                         change_tol=0.0_c_double, max_iter=LAPLACE_NO_LIMIT, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_TOLERANCE, &
                  "all tolerances 0 with LAPLACE_NO_LIMIT: LAPLACE_ERROR_BAD_TOLERANCE")
      call expect(index(msg, "never stop") > 0, "all tolerances 0, no limit: "//trim(msg))
      call expect(.not. solver%created(), "all tolerances 0, no limit: no solver")

      ! The same through the setters: the rejected call changes nothing.
      call solver%create("iterate", kernel="cpp-loop", max_iter=LAPLACE_NO_LIMIT, stat=stat)
      call solver%set_tolerances(stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_TOLERANCE, "set_tolerances() with no limit: an error")
      call solver%solve(u, dx, dy, f=f, stat=stat)
      call expect(stat == LAPLACE_OK, "after the rejected setter, the solver solves")
      call expect(last_stop_reason(solver) == LAPLACE_STOP_RTOL, &
                  "after the rejected setter, the default rtol still stops the solve")
      u = before

      ! laplace_residual.
      msg = ""
      call laplace_residual(u, dx, dy, f=narrow, norm2=norm2, norm_max=norm_max, stat=stat, &
                            errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_EXTENT .and. index(msg, "f"//extents(nx, ny - 1)) > 0, &
                  "residual, f of another shape: LAPLACE_ERROR_BAD_EXTENT: "//trim(msg))
      call expect(same_bits(norm2, huge(norm2)) .and. same_bits(norm_max, huge(norm_max)), &
                  "residual, rejected: the norms are huge()")
      u(5, 2) = nan
      msg = ""
      call laplace_residual(u, dx, dy, f=f, norm2=norm2, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_NONFINITE_INPUT .and. index(msg, "u(5, 2)") > 0, &
                  "residual, u NaN: LAPLACE_ERROR_NONFINITE_INPUT: "//trim(msg))
      call expect(same_bits(norm2, huge(norm2)), "residual, u NaN: norm2 is huge()")
   end subroutine check_solver_errors

   !> Copies, destroy, the final procedure.
   subroutine check_solver_life()
      type(laplace_solver_t) :: a, b
      type(counted_solver_t), allocatable :: many(:)
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny), before(nx, ny)
      character(len=300) :: msg
      integer :: stat, i

      call cubic_problem(u, f, exact)
      before = u
      call a%create("iterate", kernel="cpp-loop")
      b = a
      call expect(a%created() .and. .not. b%created(), "b = a: b holds no solver, a keeps its own")
      msg = ""
      call b%solve(u, dx, dy, f=f, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_NULL_POINTER .and. same_bytes(u, before), &
                  "b = a: solving with b is an error: "//trim(msg))
      call a%solve(u, dx, dy, f=f, stat=stat)
      call expect(stat == LAPLACE_OK, "b = a: a still solves")
      call expect(last_stop_reason(a) == LAPLACE_STOP_RTOL, "b = a: a's solve converged")
      call b%create("iterate")
      b = a
      call expect(a%created() .and. .not. b%created(), "b = a destroys what b held")

      call a%destroy()
      call expect(.not. a%created(), "destroy: no solver afterwards")
      call a%destroy()
      call expect(.not. a%created(), "destroy twice: harmless")

      finalized = 0
      block
         type(counted_solver_t) :: scoped
         call scoped%create("iterate", kernel="cpp-loop")
         u = before
         call scoped%solve(u, dx, dy, f=f, stat=stat)
         call expect(stat == LAPLACE_OK, "a solver of a type extending laplace_solver_t solves")
      end block
      call expect(finalized == 1, "a solver going out of scope in a block is finalized")
      call expect(created_when_finalized, &
                  "... holding its C solver then (laplace_solver_t's final procedure frees it)")

      allocate (many(3))
      do i = 1, size(many)
         call many(i)%create("iterate")
      end do
      deallocate (many)
      call expect(finalized == 4, "an array of solvers is finalized element by element")
   end subroutine check_solver_life

   !> The BLAS section through the module: thread control, and the queries.
   subroutine check_blas()
      type(laplace_solver_t) :: direct
      real(c_double) :: u(nx, ny), ref(nx, ny)
      character(len=200) :: msg
      integer :: stat, by_default

      if (.not. laplace_blas_available()) then
         call expect(laplace_blas_info() == "none", "without BLAS: info is none")
         call laplace_blas_set_threads(1, stat=stat, errmsg=msg)
         call expect(stat == LAPLACE_ERROR_UNAVAILABLE, "without BLAS: no thread control")
         return
      end if
      call expect(len(laplace_blas_info()) > 0, "BLAS info: "//laplace_blas_info())
      if (laplace_blas_threads() == 0) return ! a BLAS other than OpenBLAS: no thread control
      by_default = laplace_blas_threads()

      msg = ""
      call laplace_blas_set_threads(-2, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_THREADS, "num_threads = -2: status")
      call expect(index(msg, "num_threads = -2") > 0, "num_threads = -2: "//trim(msg))
      call expect(laplace_blas_threads() == by_default, "a rejected call changes nothing")

      call direct%create("blas-fdm")
      call layout_probe(ref)
      call direct%solve(ref, dx, dy)
      call laplace_blas_set_threads(1, stat=stat)
      call expect(stat == LAPLACE_OK, "laplace_blas_set_threads(1) succeeds")
      call expect(laplace_blas_threads() == 1, "one BLAS thread")
      call layout_probe(u)
      call direct%solve(u, dx, dy)
      call expect(laplace_blas_last_solve_threads() == 1, "the solve ran on one BLAS thread")
      call expect(relative_distance(u, ref) <= same_scheme_tol, &
                  "blas-fdm: the same solution on one BLAS thread")
      call laplace_blas_set_threads(0)
      call expect(laplace_blas_threads() == by_default, "0 restores the default")

      ! The plans of the (nx-2) and (ny-2) axes are cached; clearing frees them.
      call expect(laplace_blas_plan_bytes() >= 8*((nx - 2)**2 + (ny - 2)**2), "plans are cached")
      call laplace_blas_clear_plans()
      call expect(laplace_blas_plan_bytes() == 0, "plans cleared")
   end subroutine check_blas

   !> fft-dst planned with FFTW_MEASURE; its wisdom exported, forgotten and imported giving the
   !> same plans, so the same bits; a missing wisdom file, a bad planning effort and one given
   !> to a method that makes no plans through stat/errmsg.
   subroutine check_fftw()
      character(len=*), parameter :: wisdom = "laplace-test-fortran.wisdom"
      type(laplace_solver_t) :: solver
      real(c_double) :: u(nx, ny), f(nx, ny), exact(nx, ny), first(nx, ny)
      character(len=300) :: msg
      integer :: stat, unit

      if (.not. laplace_fftw_available()) then
         call expect(laplace_fftw_info() == "none", "without FFTW: info is none")
         call laplace_fftw_export_wisdom(wisdom, stat=stat)
         call expect(stat == LAPLACE_ERROR_UNAVAILABLE, "without FFTW: no wisdom")
         return
      end if
      call expect(index(laplace_fftw_info(), "fftw-3") == 1, "FFTW info: "//laplace_fftw_info())
      call laplace_fftw_forget_wisdom()
      call cubic_problem(u, f, exact)
      call solver%create("fft-dst", fftw_planning=LAPLACE_FFTW_MEASURE, stat=stat)
      call solver%solve(u, dx, dy, f=f, stat=stat)
      call expect(stat == LAPLACE_OK .and. relative_distance(u, exact) <= 1.0e-12_c_double, &
                  "fft-dst planned with LAPLACE_FFTW_MEASURE: the exact cubic")
      first = u
      call laplace_fftw_export_wisdom(wisdom, stat=stat)
      call expect(stat == LAPLACE_OK, "wisdom exported")
      call laplace_fftw_forget_wisdom()
      call laplace_fftw_import_wisdom(wisdom, stat=stat)
      call expect(stat == LAPLACE_OK, "wisdom imported")
      open (newunit=unit, file=wisdom)
      close (unit, status="delete")
      call cubic_problem(u, f, exact)
      call solver%create("fft-dst", fftw_planning=LAPLACE_FFTW_MEASURE)
      call solver%solve(u, dx, dy, f=f)
      call expect(same_bytes(u, first), "with the wisdom back, the same plans: the same bits")
      call laplace_fftw_forget_wisdom()

      msg = ""
      call laplace_fftw_import_wisdom("/nonexistent/laplace.wisdom", stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_FILE .and. index(msg, "cannot open it to read") > 0, &
                  "a missing wisdom file: "//trim(msg))
      msg = ""
      call solver%create("fft-dst", fftw_planning=7, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_PLANNING .and. index(msg, "planning = 7") > 0, &
                  "fftw_planning = 7: "//trim(msg))
      call expect(.not. solver%created(), "fftw_planning = 7: no solver")
      msg = ""
      call solver%create("iterate", fftw_planning=LAPLACE_FFTW_MEASURE, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_PLANNING .and. &
                  index(msg, "method 'iterate' makes no FFTW plans") > 0, &
                  "planning for iterate: "//trim(msg))
   end subroutine check_fftw

   !> Bad input to the study's calls through stat/errmsg; u is left untouched and the change is
   !> huge(). Messages use the caller's names.
   subroutine check_errors()
      real(c_double) :: u(nx, ny), before(nx, ny), small(2, ny), nan, change
      character(len=200) :: msg
      integer :: stat, iterations

      nan = ieee_value(nan, ieee_quiet_nan)
      call layout_probe(u)
      before = u

      msg = ""
      call laplace_sweep("cpp-loop", small, dx, dy, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_EXTENT, "u(2, ny): LAPLACE_ERROR_BAD_EXTENT")
      call expect(index(msg, "nx = 2") > 0, "u(2, ny): message names nx: "//trim(msg))

      call laplace_sweep("f77-loop", u, -1.0_c_double, dy, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_SPACING, "dx = -1: LAPLACE_ERROR_BAD_SPACING")
      call expect(index(msg, "dx = -1") > 0, "dx = -1: message names dx: "//trim(msg))

      call laplace_sweep("f77-loop", u, dx, 0.0_c_double, stat=stat, errmsg=msg)
      call expect(index(msg, "dy = 0") > 0, "dy = 0: message names dy: "//trim(msg))

      u(3, 4) = nan
      before = u
      call laplace_sweep("f90-arrays", u, dx, dy, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_NONFINITE_INPUT, "NaN: LAPLACE_ERROR_NONFINITE_INPUT")
      call expect(index(msg, "u(3, 4) = nan") > 0, "NaN: message names u(3, 4): "//trim(msg))
      call expect(same_bytes(u, before), "NaN: u untouched")

      call layout_probe(u)
      before = u
      change = 0
      call laplace_sweep("no-such-kernel", u, dx, dy, change=change, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL, "unknown kernel: status")
      call expect(index(msg, "unknown kernel 'no-such-kernel'") > 0, "unknown kernel: "//trim(msg))
      call expect(same_bits(change, huge(change)), "sweep, rejected: change is huge()")

      change = 0
      iterations = -1
      call laplace_solve("cpp-loop", u, dx, dy, max_iter=-1, tol=1.0e-8_c_double, &
                         iterations=iterations, change=change, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_MAX_ITER, "max_iter = -1: status")
      call expect(index(msg, "max_iter = -1") > 0, "max_iter = -1: "//trim(msg))
      call expect(same_bits(change, huge(change)) .and. iterations == 0, &
                  "solve, rejected: change is huge(), iterations 0")

      call laplace_solve("cpp-loop", u, dx, dy, max_iter=10, tol=nan, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_TOLERANCE, "tol = NaN: status")
      call expect(index(msg, "tol = nan") > 0, "tol = NaN: "//trim(msg))
      call expect(same_bytes(u, before), "rejected calls leave u untouched")

      call laplace_sweep("cpp-loop", u, dx, dy, stat=stat, errmsg=msg, omega=2.0_c_double)
      call expect(stat == LAPLACE_ERROR_BAD_OMEGA, "omega = 2: LAPLACE_ERROR_BAD_OMEGA")
      call expect(index(msg, "omega = 2:") > 0, "omega = 2: "//trim(msg))
      call laplace_solve("cpp-loop", u, dx, dy, max_iter=10, tol=0.0_c_double, stat=stat, &
                         errmsg=msg, omega=-1.0_c_double)
      call expect(stat == LAPLACE_ERROR_BAD_OMEGA, "solve, omega = -1: LAPLACE_ERROR_BAD_OMEGA")
      call expect(index(msg, "omega = -1:") > 0, "solve, omega = -1: "//trim(msg))
      call laplace_sweep("cpp-loop", u, dx, dy, stat=stat, errmsg=msg, threads=-2)
      call expect(stat == LAPLACE_ERROR_BAD_THREADS, "threads = -2: LAPLACE_ERROR_BAD_THREADS")
      call expect(index(msg, "num_threads = -2") > 0, "threads = -2: "//trim(msg))
      call expect(same_bytes(u, before), "rejected options leave u untouched")

      msg = "unchanged"
      call laplace_sweep("cpp-loop", u, dx, dy, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_OK .and. msg == "unchanged", "success leaves errmsg alone")
   end subroutine check_errors

   !> A name with a NUL inside would reach the C ABI cut short at the NUL ("cpp-loop"//NUL//"x"
   !> would run cpp-loop): the module rejects it, with u untouched.
   subroutine check_nul_names()
      type(laplace_solver_t) :: solver
      real(c_double) :: u(nx, ny), before(nx, ny), change
      character(len=200) :: msg
      character(len=*), parameter :: kernel = "cpp-loop"//achar(0)//"x"
      character(len=*), parameter :: method = "iterate"//achar(0)
      integer :: stat, iterations

      call layout_probe(u)
      before = u
      msg = ""
      change = 0
      call laplace_sweep(kernel, u, dx, dy, change=change, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL .and. index(msg, "NUL") > 0, &
                  "sweep, NUL in the kernel name: LAPLACE_ERROR_UNKNOWN_KERNEL: "//trim(msg))
      call expect(same_bits(change, huge(change)), "sweep, NUL in the name: change is huge()")
      iterations = -1
      call laplace_solve(kernel, u, dx, dy, max_iter=5, tol=0.0_c_double, &
                         iterations=iterations, stat=stat)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL .and. iterations == 0, &
                  "solve, NUL in the kernel name: LAPLACE_ERROR_UNKNOWN_KERNEL, no sweep")
      call expect(same_bytes(u, before), "NUL in the kernel name: u untouched")
      call expect(laplace_kernel_index(kernel) == 0, "NUL in the kernel name: index 0")
      call expect(laplace_method_index(method) == 0, "NUL in the method name: index 0")

      msg = ""
      call solver%create(method, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_METHOD .and. index(msg, "NUL") > 0, &
                  "create, NUL in the method name: LAPLACE_ERROR_UNKNOWN_METHOD: "//trim(msg))
      call expect(.not. solver%created(), "NUL in the method name: no solver")
      call solver%create("iterate", kernel=kernel, stat=stat)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL .and. .not. solver%created(), &
                  "create, NUL in the kernel name: LAPLACE_ERROR_UNKNOWN_KERNEL, no solver")
      call solver%create("iterate", kernel="f77-loop", stat=stat)
      call solver%set_kernel(kernel, stat=stat)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL, &
                  "set_kernel, NUL in the name: LAPLACE_ERROR_UNKNOWN_KERNEL")
   end subroutine check_nul_names

end program test_fortran_module
