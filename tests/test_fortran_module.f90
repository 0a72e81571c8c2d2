!> Tests module laplace from a Fortran program, for every kernel of the registry:
!>  - the module's result equals the C ABI's on the same bytes (the C ABI sees the array as the
!>    C-layout grid (ny, nx, dy, dx): the grid convention), bitwise;
!>  - it matches a plain Fortran sweep of the kernel's scheme written here on u(nx, ny); for a
!>    direct method (scheme "direct": one sweep is one complete solve) the result must be a
!>    fixed point of the plain Jacobi sweep, which only the discrete solution is;
!>  - the BLAS thread control and queries of the module work (when the build has a BLAS);
!>  - a solve converges to the exact discrete solution x^2 - y^2;
!>  - bad input comes back through stat/errmsg, naming the problem in the caller's terms, with
!>    u untouched.
!> nx /= ny and dx /= dy throughout, so an axis mix-up cannot pass.
program test_fortran_module
   use, intrinsic :: iso_c_binding, only: c_int, c_double, c_char, c_null_char
   use, intrinsic :: iso_fortran_env, only: int64
   use, intrinsic :: ieee_arithmetic, only: ieee_value, ieee_quiet_nan
   use laplace
   implicit none

   integer, parameter :: nx = 19, ny = 13, sweeps = 3
   real(c_double), parameter :: xmin = -0.3_c_double, xmax = 1.1_c_double
   real(c_double), parameter :: ymin = 0.2_c_double, ymax = 0.8_c_double
   !> Same-scheme agreement after a few sweeps, relative to the data's scale.
   real(c_double), parameter :: same_scheme_tol = 1.0e-13_c_double

   interface
      function c_laplace_sweep(kernel, u, nx, ny, dx, dy, change) &
         bind(C, name="laplace_sweep") result(status)
         import :: c_int, c_double, c_char
         character(kind=c_char), intent(in) :: kernel(*)
         real(c_double), intent(inout) :: u(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_laplace_sweep
   end interface

   real(c_double) :: dx, dy
   integer :: passed = 0, failed = 0, k

   dx = (xmax - xmin)/(nx - 1)
   dy = (ymax - ymin)/(ny - 1)

   call expect(laplace_kernel_count() > 0, "the registry has kernels")
   do k = 1, laplace_kernel_count()
      call check_kernel(laplace_kernel_name(k), laplace_kernel_scheme(k))
   end do
   call check_errors()
   call check_blas()
   call expect(laplace_kernel_name(0) == "", "a bad index gives an empty name")

   print '(i0, a, i0, a)', passed, " passed, ", failed, " failed"
   if (failed > 0) error stop 1

contains

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

   real(c_double) function x(i)
      integer, intent(in) :: i
      x = xmin + (i - 1)*dx
   end function x

   real(c_double) function y(j)
      integer, intent(in) :: j
      y = ymin + (j - 1)*dy
   end function y

   !> A boundary neither symmetric nor antisymmetric, and a non-constant interior.
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
               u(i, j) = ((old(i - 1, j) + old(i + 1, j))*dy**2 + (old(i, j - 1) + old(i, j + 1))*dx**2) &
                         /(2*(dx**2 + dy**2))
            end do
         end do
      end if
   end subroutine oracle_sweep

   logical function same_bytes(a, b)
      real(c_double), intent(in) :: a(:, :), b(:, :)
      same_bytes = all(transfer(a, [0_int64]) == transfer(b, [0_int64]))
   end function same_bytes

   real(c_double) function relative_distance(a, b)
      real(c_double), intent(in) :: a(:, :), b(:, :)
      relative_distance = maxval(abs(a - b))/maxval(abs(b))
   end function relative_distance

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
         c_stat = c_laplace_sweep(name//c_null_char, same, int(ny, c_int), int(nx, c_int), &
                                  dy, dx, c_change)
         call expect(c_stat == LAPLACE_OK, name//": C ABI sweep succeeds")
      end do
      call expect(same_bytes(u, same), name//": module result equals the C ABI's on the same bytes")
      call expect(abs(change - c_change) <= same_scheme_tol*c_change, name//": same change norm")

      ! Against a plain Fortran sweep of the same scheme on u(nx, ny).
      oracle_known = scheme == "gauss-seidel" .or. scheme == "jacobi" .or. &
                     scheme == "red-black" .or. scheme == "red-black-sor" .or. scheme == "direct"
      call expect(oracle_known, name//": the test has an oracle for scheme "//scheme)
      if (scheme == "direct") then
         ! One sweep solves: a plain Jacobi sweep of the result changes it only by rounding.
         call layout_probe(u)
         call laplace_sweep(name, u, dx, dy)
         ref = u
         call oracle_sweep("jacobi", ref)
         call expect(relative_distance(u, ref) <= same_scheme_tol, &
                     name//": the direct solution is a fixed point of the Jacobi sweep")
      else if (oracle_known) then
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
   end subroutine check_kernel

   !> The BLAS section through the module: thread control, and the queries.
   subroutine check_blas()
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

      call layout_probe(ref)
      call laplace_sweep("blas-fdm", ref, dx, dy)
      call laplace_blas_set_threads(1, stat=stat)
      call expect(stat == LAPLACE_OK, "laplace_blas_set_threads(1) succeeds")
      call expect(laplace_blas_threads() == 1, "one BLAS thread")
      call layout_probe(u)
      call laplace_sweep("blas-fdm", u, dx, dy)
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

   !> Bad input through stat/errmsg; u is left untouched. Messages use the caller's names.
   subroutine check_errors()
      real(c_double) :: u(nx, ny), before(nx, ny), small(2, ny), nan
      character(len=200) :: msg
      integer :: stat

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
      call laplace_sweep("no-such-kernel", u, dx, dy, stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_UNKNOWN_KERNEL, "unknown kernel: status")
      call expect(index(msg, "unknown kernel 'no-such-kernel'") > 0, "unknown kernel: "//trim(msg))

      call laplace_solve("cpp-loop", u, dx, dy, max_iter=-1, tol=1.0e-8_c_double, &
                         stat=stat, errmsg=msg)
      call expect(stat == LAPLACE_ERROR_BAD_MAX_ITER, "max_iter = -1: status")
      call expect(index(msg, "max_iter = -1") > 0, "max_iter = -1: "//trim(msg))

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
      call expect(laplace_status_name(LAPLACE_ERROR_BAD_SPACING) == "LAPLACE_ERROR_BAD_SPACING", &
                  "status names")
   end subroutine check_errors

end program test_fortran_module
