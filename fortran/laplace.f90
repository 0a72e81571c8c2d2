!> module laplace: the Fortran user's API of the laplace library, over its C ABI
!> (include/laplace/laplace.h). A program writes `use laplace` and calls any kernel of the
!> registry, the C++ ones too, or any method of the method table, on its own u(nx, ny) array,
!> without copies.
!>
!> Grid convention: u(i, j) = u(x_i, y_j), i = 1..nx along x, j = 1..ny along y, spacings dx
!> and dy. The module hands the array to the C ABI's column-major entry points, which apply
!> the one layout rule of the library (laplace.h, "GRID CONVENTION") and report errors in these
!> same names. The problem is Poisson's equation u_xx + u_yy = f with the Dirichlet boundary
!> values held in u; f, where a procedure takes one, is an array f(nx, ny) of u's shape (only
!> its interior values enter the equation), and absent means f = 0 (Laplace's equation).
!>
!> Two ways to solve:
!>  - laplace_sweep and laplace_solve: sweeps of a kernel until the change norm is small (the
!>    study's calls);
!>  - a solver, type(laplace_solver_t): any method ("iterate" over a kernel, "blas-fdm", ...),
!>    with f, the residual stopping rules, and a setup reused across solves:
!>        type(laplace_solver_t) :: solver
!>        type(laplace_result_t) :: result
!>        call solver%create("iterate", kernel="f77-loop", rtol=1.0e-10_real64)
!>        call solver%solve(u, dx, dy, f=f)
!>        result = solver%result()
!>    The solver frees its C object when it goes out of scope (a final procedure).
!>
!> Errors: every procedure that can fail has optional `stat` and `errmsg` arguments. With `stat`
!> present, it is set to LAPLACE_OK (0) or a nonzero status and `errmsg` (if present) receives
!> the message; the array is left untouched on a validation error, and a norm output is
!> huge(1.0_c_double). With `stat` absent, an error stops the program with the message, as an
!> intrinsic statement would. A kernel or method name with a NUL character inside is an unknown
!> one (a C string would end at the NUL); trailing blanks are ignored.
module laplace
   use, intrinsic :: iso_c_binding, only: c_int, c_long_long, c_double, c_ptr, c_null_ptr, &
                                          c_associated
   use laplace_c_bindings
   implicit none
   private

   public :: laplace_version, laplace_status_name
   public :: laplace_kernel_count, laplace_kernel_name, laplace_kernel_scheme
   public :: laplace_kernel_language, laplace_kernel_threading, laplace_kernel_description
   public :: laplace_kernel_index
   public :: laplace_sweep, laplace_solve, laplace_residual
   public :: laplace_method_count, laplace_method_name, laplace_method_kind
   public :: laplace_method_description, laplace_method_takes_kernel, laplace_method_index
   public :: laplace_method_takes_cycle
   public :: laplace_solver_t, laplace_result_t
   public :: laplace_blas_available, laplace_blas_info, laplace_blas_threads
   public :: laplace_blas_set_threads, laplace_blas_last_solve_threads
   public :: laplace_blas_plan_bytes, laplace_blas_clear_plans
   public :: laplace_fftw_available, laplace_fftw_info, laplace_fftw_import_wisdom
   public :: laplace_fftw_export_wisdom, laplace_fftw_forget_wisdom

   !> Status codes, as in laplace.h (values stable): LAPLACE_OK is 0, an error is nonzero.
   public :: LAPLACE_OK, LAPLACE_ERROR_NULL_POINTER, LAPLACE_ERROR_BAD_EXTENT
   public :: LAPLACE_ERROR_BAD_SPACING, LAPLACE_ERROR_NONFINITE_INPUT
   public :: LAPLACE_ERROR_UNKNOWN_KERNEL, LAPLACE_ERROR_BAD_MAX_ITER
   public :: LAPLACE_ERROR_BAD_TOLERANCE, LAPLACE_ERROR_TOO_LARGE
   public :: LAPLACE_ERROR_NONFINITE_RESULT, LAPLACE_ERROR_BAD_INDEX, LAPLACE_ERROR_BAD_OMEGA
   public :: LAPLACE_ERROR_BAD_THREADS, LAPLACE_ERROR_UNAVAILABLE, LAPLACE_ERROR_ALIASED_OUTPUT
   public :: LAPLACE_ERROR_UNKNOWN_METHOD, LAPLACE_ERROR_BAD_KERNEL
   public :: LAPLACE_ERROR_SETUP_MISMATCH, LAPLACE_ERROR_ALIASED_INPUT, LAPLACE_ERROR_INTERNAL
   public :: LAPLACE_ERROR_BAD_PLANNING, LAPLACE_ERROR_FILE, LAPLACE_ERROR_BAD_CYCLE
   !> Why a solve stopped (laplace_result_t%stop_reason), and max_iter without a limit.
   public :: LAPLACE_STOP_NONE, LAPLACE_STOP_CHANGE, LAPLACE_STOP_ATOL, LAPLACE_STOP_RTOL
   public :: LAPLACE_STOP_MAX_ITER, LAPLACE_STOP_DIRECT, LAPLACE_NO_LIMIT
   !> FFTW's planning effort for "fft-dst" (solver%create's fftw_planning).
   public :: LAPLACE_FFTW_ESTIMATE, LAPLACE_FFTW_MEASURE, LAPLACE_FFTW_PATIENT
   public :: LAPLACE_FFTW_EXHAUSTIVE
   !> Multigrid cycles (solver%create's cycle).
   public :: LAPLACE_CYCLE_V, LAPLACE_CYCLE_W, LAPLACE_CYCLE_F, LAPLACE_CYCLE_FMG

   !> A solver: one method of the method table with its settings, its setup (workspace, plans)
   !> and the result of its last solve; it owns a C laplace_solver (laplace.h, "Solvers").
   !>   call solver%create(method, kernel=, weight=, threads=, rtol=, atol=, change_tol=,
   !>                      max_iter=, fftw_planning=, cycle=, pre_smooth=, post_smooth=,
   !>                      stat=, errmsg=)
   !>   call solver%set_kernel / set_weight / set_threads / set_tolerances / set_max_iter
   !>   call solver%setup(nx, ny, dx, dy)            optional: done by the first solve otherwise
   !>   call solver%solve(u, dx, dy, f=, stat=, errmsg=)   as many times as wanted
   !>   result = solver%result()
   !>   call solver%destroy()                        optional: done when it goes out of scope
   !> Used by one thread at a time; different solvers may solve at once on different threads.
   !> Copying: a solver cannot be duplicated (its C object has one owner), so `b = a` leaves b
   !> without a solver (b%created() is false; whatever b held is destroyed) and a unchanged;
   !> a derived type with a laplace_solver_t component copies the same way. Arrays of solvers
   !> are finalized element by element.
   type :: laplace_solver_t
      private
      type(c_ptr) :: handle = c_null_ptr
      !> The last solve was rejected by this module (f's shape): result() is that of no solve.
      logical :: rejected = .false.
   contains
      procedure :: create => solver_create
      procedure :: destroy => solver_destroy
      procedure :: created => solver_created
      procedure :: set_kernel => solver_set_kernel
      procedure :: set_weight => solver_set_weight
      procedure :: set_threads => solver_set_threads
      procedure :: set_tolerances => solver_set_tolerances
      procedure :: set_max_iter => solver_set_max_iter
      procedure :: setup => solver_setup
      procedure :: solve => solver_solve
      procedure :: result => solver_result
      procedure :: memory_bytes => solver_memory_bytes
      procedure, private :: solver_assign
      generic :: assignment(=) => solver_assign
      final :: solver_final
   end type laplace_solver_t

contains

   ! ---- Library and status --------------------------------------------------------------------

   !> Version of the library the program runs with, e.g. "0.1.0".
   function laplace_version() result(version)
      character(len=:), allocatable :: version
      version = from_c_string(c_version())
   end function laplace_version

   !> Name of a status code, e.g. "LAPLACE_ERROR_BAD_EXTENT"; "unknown status" otherwise.
   !>   status  in  a status code
   function laplace_status_name(status) result(name)
      integer, intent(in) :: status
      character(len=:), allocatable :: name
      name = from_c_string(c_status_name(int(status, c_int)))
   end function laplace_status_name

   ! ---- The kernel registry -------------------------------------------------------------------

   !> Number of kernels in this build.
   integer function laplace_kernel_count()
      laplace_kernel_count = int(c_kernel_count())
   end function laplace_kernel_count

   !> Name of a kernel, e.g. "f77-loop"; "" for a bad index.
   !>   index  in  1..laplace_kernel_count()
   function laplace_kernel_name(index) result(name)
      integer, intent(in) :: index
      character(len=:), allocatable :: name
      name = from_c_string(c_kernel_name(int(index - 1, c_int)))
   end function laplace_kernel_name

   !> Scheme of a kernel ("gauss-seidel", "jacobi", "red-black", "red-black-sor"); "" for a bad
   !> index.
   !>   index  in  1..laplace_kernel_count()
   function laplace_kernel_scheme(index) result(scheme)
      integer, intent(in) :: index
      character(len=:), allocatable :: scheme
      scheme = from_c_string(c_kernel_scheme(int(index - 1, c_int)))
   end function laplace_kernel_scheme

   !> Language of a kernel ("Fortran 77", "C++", ...); "" for a bad index.
   !>   index  in  1..laplace_kernel_count()
   function laplace_kernel_language(index) result(language)
      integer, intent(in) :: index
      character(len=:), allocatable :: language
      language = from_c_string(c_kernel_language(int(index - 1, c_int)))
   end function laplace_kernel_language

   !> Threading of a kernel ("serial" or "openmp"); "" for a bad index.
   !>   index  in  1..laplace_kernel_count()
   function laplace_kernel_threading(index) result(threading)
      integer, intent(in) :: index
      character(len=:), allocatable :: threading
      threading = from_c_string(c_kernel_threading(int(index - 1, c_int)))
   end function laplace_kernel_threading

   !> One-line description of a kernel; "" for a bad index.
   !>   index  in  1..laplace_kernel_count()
   function laplace_kernel_description(index) result(description)
      integer, intent(in) :: index
      character(len=:), allocatable :: description
      description = from_c_string(c_kernel_description(int(index - 1, c_int)))
   end function laplace_kernel_description

   !> Index (1-based) of the kernel called `name`, or 0 if this build has none.
   !>   name  in  kernel name (trailing blanks ignored)
   integer function laplace_kernel_index(name)
      character(len=*), intent(in) :: name
      character(len=:), allocatable :: message
      laplace_kernel_index = 0
      if (check_name("kernel", name, LAPLACE_ERROR_UNKNOWN_KERNEL, message) /= LAPLACE_OK) return
      laplace_kernel_index = int(c_kernel_index(to_c_string(name))) + 1
   end function laplace_kernel_index

   ! ---- The method table ----------------------------------------------------------------------

   !> Number of methods in this build.
   integer function laplace_method_count()
      laplace_method_count = int(c_method_count())
   end function laplace_method_count

   !> Name of a method ("iterate", "blas-fdm", ...); "" for a bad index.
   !>   index  in  1..laplace_method_count()
   function laplace_method_name(index) result(name)
      integer, intent(in) :: index
      character(len=:), allocatable :: name
      name = from_c_string(c_method_name(int(index - 1, c_int)))
   end function laplace_method_name

   !> Kind of a method: "iterative", or "direct" (one iteration is the exact discrete solution,
   !> whatever u's interior held); "" for a bad index.
   !>   index  in  1..laplace_method_count()
   function laplace_method_kind(index) result(kind)
      integer, intent(in) :: index
      character(len=:), allocatable :: kind
      kind = from_c_string(c_method_kind(int(index - 1, c_int)))
   end function laplace_method_kind

   !> One-line description of a method; "" for a bad index.
   !>   index  in  1..laplace_method_count()
   function laplace_method_description(index) result(description)
      integer, intent(in) :: index
      character(len=:), allocatable :: description
      description = from_c_string(c_method_description(int(index - 1, c_int)))
   end function laplace_method_description

   !> True if a kernel and a weight can be set for the method (false for a bad index).
   !>   index  in  1..laplace_method_count()
   logical function laplace_method_takes_kernel(index)
      integer, intent(in) :: index
      laplace_method_takes_kernel = c_method_takes_kernel(int(index - 1, c_int)) > 0
   end function laplace_method_takes_kernel

   !> Whether the method (1-based index) takes a multigrid cycle (solver%create's cycle=).
   !>   index  in  1 .. laplace_method_count()
   logical function laplace_method_takes_cycle(index)
      integer, intent(in) :: index
      laplace_method_takes_cycle = c_method_takes_cycle(int(index - 1, c_int)) > 0
   end function laplace_method_takes_cycle

   !> Index (1-based) of the method called `name`, or 0 if this build has none.
   !>   name  in  method name (trailing blanks ignored)
   integer function laplace_method_index(name)
      character(len=*), intent(in) :: name
      character(len=:), allocatable :: message
      laplace_method_index = 0
      if (check_name("method", name, LAPLACE_ERROR_UNKNOWN_METHOD, message) /= LAPLACE_OK) return
      laplace_method_index = int(c_method_index(to_c_string(name))) + 1
   end function laplace_method_index

   ! ---- Sweeps and solves of a kernel ---------------------------------------------------------

   !> One sweep of `kernel` over the interior of u, in place (f = 0).
   !>   kernel  in     kernel name, e.g. "f77-loop" (trailing blanks ignored)
   !>   u       inout  u(nx, ny), contiguous; boundary values are read, never written
   !>   dx, dy  in     spacings along x (index 1) and y (index 2)
   !>   change  out    change norm sqrt(sum((u_new - u_old)**2)); huge() if the call was
   !>                  rejected (optional)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   !>   threads in     OpenMP threads for "openmp" kernels, >= 0 (optional: absent or 0 means
   !>                  OMP_NUM_THREADS / the OpenMP default; a count beyond the processors, or
   !>                  beyond the OpenMP default if larger, runs on that many)
   !>   omega   in     SOR relaxation factor in (0, 2) (optional: absent or 0 means the optimal
   !>                  factor for the grid)
   subroutine laplace_sweep(kernel, u, dx, dy, change, stat, errmsg, threads, omega)
      character(len=*), intent(in) :: kernel
      real(c_double), intent(inout), contiguous :: u(:, :)
      real(c_double), intent(in) :: dx, dy
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      integer, intent(in), optional :: threads
      real(c_double), intent(in), optional :: omega
      real(c_double) :: norm
      integer(c_int) :: status
      character(len=:), allocatable :: message

      norm = huge(norm)
      status = check_name("kernel", kernel, LAPLACE_ERROR_UNKNOWN_KERNEL, message)
      if (status == LAPLACE_OK) then
         status = c_sweep_colmajor_ex(to_c_string(kernel), u, int(size(u, 1), c_int), &
                                      int(size(u, 2), c_int), dx, dy, &
                                      make_options(threads, omega), norm)
      end if
      if (present(change)) change = reported_norm(status, norm)
      call report("laplace", status, stat, errmsg, message)
   end subroutine laplace_sweep

   !> Sweeps of `kernel` until the change norm is <= tol or max_iter sweeps were done (f = 0).
   !>   kernel      in     kernel name
   !>   u           inout  u(nx, ny), contiguous; holds the initial guess and the boundary
   !>   dx, dy      in     spacings along x and y
   !>   max_iter    in     at most this many sweeps, >= 0
   !>   tol         in     tolerance on the change norm, >= 0
   !>   iterations  out    sweeps done; 0 if the call was rejected (optional)
   !>   change      out    change norm of the last sweep; huge() if none was done or the call
   !>                      was rejected (optional)
   !>   stat        out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg      inout  the error message, set only on error (optional)
   !>   threads     in     OpenMP threads, as in laplace_sweep (optional)
   !>   omega       in     SOR relaxation factor, as in laplace_sweep (optional)
   !> Reaching max_iter without convergence is not an error: compare change with tol.
   subroutine laplace_solve(kernel, u, dx, dy, max_iter, tol, iterations, change, stat, errmsg, &
                            threads, omega)
      character(len=*), intent(in) :: kernel
      real(c_double), intent(inout), contiguous :: u(:, :)
      real(c_double), intent(in) :: dx, dy
      integer, intent(in) :: max_iter
      real(c_double), intent(in) :: tol
      integer, intent(out), optional :: iterations
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      integer, intent(in), optional :: threads
      real(c_double), intent(in), optional :: omega
      real(c_double) :: norm
      integer(c_int) :: status, sweeps
      character(len=:), allocatable :: message

      sweeps = 0
      norm = huge(norm)
      status = check_name("kernel", kernel, LAPLACE_ERROR_UNKNOWN_KERNEL, message)
      if (status == LAPLACE_OK) then
         status = c_solve_colmajor_ex(to_c_string(kernel), u, int(size(u, 1), c_int), &
                                      int(size(u, 2), c_int), dx, dy, int(max_iter, c_int), tol, &
                                      make_options(threads, omega), sweeps, norm)
      end if
      if (present(iterations)) iterations = int(sweeps)
      if (present(change)) change = reported_norm(status, norm)
      call report("laplace", status, stat, errmsg, message)
   end subroutine laplace_solve

   ! ---- The residual --------------------------------------------------------------------------

   !> Norms of the residual r = f - A u over the interior, A the 5-point operator:
   !> (u(i-1,j) - 2u(i,j) + u(i+1,j))/dx**2 + (u(i,j-1) - 2u(i,j) + u(i,j+1))/dy**2. Computed
   !> scaled, so they are right from the subnormal range up to near overflow.
   !>   u         in     u(nx, ny), contiguous
   !>   dx, dy    in     spacings along x and y
   !>   f         in     f(nx, ny), contiguous, u's shape (optional: absent means f = 0)
   !>   norm2     out    sqrt(sum(r**2)); huge() if the call was rejected (optional)
   !>   norm_max  out    maxval(abs(r)); huge() if the call was rejected (optional)
   !>   threads   in     OpenMP threads, >= 0, as in laplace_sweep (optional)
   !>   stat      out    LAPLACE_OK or a status: bad extents or spacings, NaN/Inf in u or f,
   !>                    f of another shape than u (LAPLACE_ERROR_BAD_EXTENT) (optional: absent
   !>                    means stop on error)
   !>   errmsg    inout  the error message, set only on error (optional)
   subroutine laplace_residual(u, dx, dy, f, norm2, norm_max, threads, stat, errmsg)
      real(c_double), intent(in), contiguous :: u(:, :)
      real(c_double), intent(in) :: dx, dy
      real(c_double), intent(in), contiguous, optional :: f(:, :)
      real(c_double), intent(out), optional :: norm2, norm_max
      integer, intent(in), optional :: threads
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: two, largest
      integer(c_int) :: status

      two = huge(two)
      largest = huge(largest)
      if (present(f)) then
         if (any(shape(f) /= shape(u))) then
            status = LAPLACE_ERROR_BAD_EXTENT
            if (present(norm2)) norm2 = reported_norm(status, two)
            if (present(norm_max)) norm_max = reported_norm(status, largest)
            call report("laplace", status, stat, errmsg, shape_mismatch(f, u))
            return
         end if
      end if
      ! f goes to C by address when present, as NULL when absent: spelled out, as passing an
      ! absent assumed-shape array on to an assumed-size one reads its descriptor.
      if (present(f)) then
         status = c_residual_colmajor(u, f, int(size(u, 1), c_int), int(size(u, 2), c_int), &
                                      dx, dy, make_options(threads), two, largest)
      else
         status = c_residual_colmajor(u, nx=int(size(u, 1), c_int), ny=int(size(u, 2), c_int), &
                                      dx=dx, dy=dy, options=make_options(threads), norm2=two, &
                                      norm_max=largest)
      end if
      if (present(norm2)) norm2 = reported_norm(status, two)
      if (present(norm_max)) norm_max = reported_norm(status, largest)
      call report("laplace", status, stat, errmsg)
   end subroutine laplace_residual

   ! ---- Solvers -------------------------------------------------------------------------------

   !> Creates the solver for a method, with the default settings (laplace.h: the default kernel
   !> of "iterate", rtol 1e-8, at most 10000 iterations) changed by the arguments given. Any
   !> solver the object held is destroyed first; on error the object holds none.
   !>   this        inout  the solver
   !>   method      in     method name, e.g. "iterate", "blas-fdm" (laplace_method_name)
   !>   kernel      in     the kernel "iterate" sweeps (optional; LAPLACE_ERROR_BAD_KERNEL for a
   !>                      method that takes none)
   !>   weight      in     the kernel's weight: SOR factor or Jacobi damping in (0, 2); 0: the
   !>                      optimal SOR factor or 1 (optional)
   !>   threads     in     OpenMP threads, >= 0; 0: the OpenMP default (optional)
   !>   rtol        in     stop when ||r|| <= rtol*||r0||, r = f - A u (optional)
   !>   atol        in     stop when ||r|| <= atol (optional)
   !>   change_tol  in     stop when the change norm of an iteration <= change_tol (optional)
   !>                      Each tolerance is >= 0, 0 turning its rule off. Given any of the three,
   !>                      the stopping rules are those given: the ones absent are 0 (off).
   !>                      Given none, the default rule (rtol 1e-8) holds.
   !>   max_iter    in     at most this many iterations, >= 0, or LAPLACE_NO_LIMIT (optional)
   !>   fftw_planning  in  FFTW's planning effort, LAPLACE_FFTW_ESTIMATE (the default) ..
   !>                      LAPLACE_FFTW_EXHAUSTIVE; "fft-dst" only (optional)
   !>   cycle       in     LAPLACE_CYCLE_V (the default), _W, _F or _FMG; "multigrid" only
   !>                      (optional)
   !>   pre_smooth  in     smoothing sweeps before each coarse correction, 0..64, default 2
   !>   post_smooth in     and after it, 0..64, default 1; not both 0 ("multigrid" only, optional)
   !>   stat        out    LAPLACE_OK or a status: LAPLACE_ERROR_UNKNOWN_METHOD, _BAD_KERNEL,
   !>                      _UNKNOWN_KERNEL, _BAD_OMEGA, _BAD_THREADS, _BAD_TOLERANCE (also for all
   !>                      tolerances 0 with LAPLACE_NO_LIMIT), _BAD_MAX_ITER, _BAD_PLANNING,
   !>                      _BAD_CYCLE
   !>                      (optional: absent means stop on error)
   !>   errmsg      inout  the error message, set only on error (optional)
   subroutine solver_create(this, method, kernel, weight, threads, rtol, atol, change_tol, &
                            max_iter, fftw_planning, cycle, pre_smooth, post_smooth, stat, &
                            errmsg)
      class(laplace_solver_t), intent(inout) :: this
      character(len=*), intent(in) :: method
      character(len=*), intent(in), optional :: kernel
      real(c_double), intent(in), optional :: weight
      integer, intent(in), optional :: threads
      real(c_double), intent(in), optional :: rtol, atol, change_tol
      integer, intent(in), optional :: max_iter
      integer, intent(in), optional :: fftw_planning
      integer, intent(in), optional :: cycle, pre_smooth, post_smooth
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      type(c_ptr) :: handle
      integer(c_int) :: status
      character(len=:), allocatable :: message

      call this%destroy()
      handle = c_null_ptr
      status = check_name("method", method, LAPLACE_ERROR_UNKNOWN_METHOD, message)
      if (status == LAPLACE_OK) status = c_solver_create(to_c_string(method), handle)
      if (status == LAPLACE_OK .and. present(kernel)) then
         status = check_name("kernel", kernel, LAPLACE_ERROR_UNKNOWN_KERNEL, message)
         if (status == LAPLACE_OK) status = c_solver_set_kernel(handle, to_c_string(kernel))
      end if
      if (status == LAPLACE_OK .and. present(weight)) then
         status = c_solver_set_weight(handle, weight)
      end if
      if (status == LAPLACE_OK .and. present(threads)) then
         status = c_solver_set_threads(handle, int(threads, c_int))
      end if
      if (status == LAPLACE_OK .and. &
          (present(rtol) .or. present(atol) .or. present(change_tol))) then
         status = c_solver_set_tolerances(handle, or_zero(rtol), or_zero(atol), &
                                          or_zero(change_tol))
      end if
      if (status == LAPLACE_OK .and. present(max_iter)) then
         status = c_solver_set_max_iter(handle, int(max_iter, c_int))
      end if
      if (status == LAPLACE_OK .and. present(fftw_planning)) then
         status = c_solver_set_fftw_planning(handle, int(fftw_planning, c_int))
      end if
      if (status == LAPLACE_OK .and. &
          (present(cycle) .or. present(pre_smooth) .or. present(post_smooth))) then
         status = c_solver_set_cycle(handle, int(or_default(cycle, LAPLACE_CYCLE_V), c_int), &
                                     int(or_default(pre_smooth, 2), c_int), &
                                     int(or_default(post_smooth, 1), c_int))
      end if
      if (status == LAPLACE_OK) this%handle = handle
      call report("laplace", status, stat, errmsg, message)
      if (status /= LAPLACE_OK) call c_solver_destroy(handle) ! NULL if not created: no-op
   end subroutine solver_create

   !> Destroys the C solver (its setup, workspace, result); the object is then not created.
   !> Harmless on a solver never created or already destroyed.
   !>   this  inout  the solver
   subroutine solver_destroy(this)
      class(laplace_solver_t), intent(inout) :: this
      call c_solver_destroy(this%handle)
      this%handle = c_null_ptr
      this%rejected = .false.
   end subroutine solver_destroy

   !> The final procedure: a solver going out of scope, deallocated or overwritten by
   !> intent(out) frees its C object.
   !>   this  inout  the solver
   impure elemental subroutine solver_final(this)
      type(laplace_solver_t), intent(inout) :: this
      call this%destroy()
   end subroutine solver_final

   !> Defined assignment `lhs = rhs`: a C solver has one owner, so lhs gets none (its own is
   !> destroyed) and rhs keeps its own; lhs%created() is then false. `a = a` changes nothing.
   !>   lhs  inout  the solver assigned to
   !>   rhs  in     the solver assigned
   impure elemental subroutine solver_assign(lhs, rhs)
      class(laplace_solver_t), intent(inout) :: lhs
      class(laplace_solver_t), intent(in) :: rhs
      if (c_associated(lhs%handle) .and. c_associated(lhs%handle, rhs%handle)) return
      call lhs%destroy()
   end subroutine solver_assign

   !> True if the object holds a C solver (created, not destroyed).
   !>   this  in  the solver
   logical function solver_created(this)
      class(laplace_solver_t), intent(in) :: this
      solver_created = c_associated(this%handle)
   end function solver_created

   !> Sets the kernel "iterate" sweeps; discards the setup.
   !>   this    inout  the solver
   !>   kernel  in     kernel name
   !>   stat    out    LAPLACE_OK or a status: _BAD_KERNEL (a method that takes no kernel),
   !>                  _UNKNOWN_KERNEL, _BAD_OMEGA (the weight set does not apply to it), or
   !>                  _NULL_POINTER (not created) (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine solver_set_kernel(this, kernel, stat, errmsg)
      class(laplace_solver_t), intent(inout) :: this
      character(len=*), intent(in) :: kernel
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      integer(c_int) :: status
      character(len=:), allocatable :: message

      if (.not. created_or_report(this, stat, errmsg)) return
      status = check_name("kernel", kernel, LAPLACE_ERROR_UNKNOWN_KERNEL, message)
      if (status == LAPLACE_OK) status = c_solver_set_kernel(this%handle, to_c_string(kernel))
      call report("laplace", status, stat, errmsg, message)
   end subroutine solver_set_kernel

   !> Sets the kernel's weight (SOR factor or Jacobi damping, in (0, 2); 0: the optimal SOR
   !> factor or 1); discards the setup.
   !>   this    inout  the solver
   !>   weight  in     the weight
   !>   stat    out    LAPLACE_OK or a status: _BAD_OMEGA, _BAD_KERNEL, _NULL_POINTER (optional:
   !>                  absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine solver_set_weight(this, weight, stat, errmsg)
      class(laplace_solver_t), intent(inout) :: this
      real(c_double), intent(in) :: weight
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      if (.not. created_or_report(this, stat, errmsg)) return
      call report("laplace", c_solver_set_weight(this%handle, weight), stat, errmsg)
   end subroutine solver_set_weight

   !> Sets the OpenMP threads (>= 0; 0: the OpenMP default); discards the setup.
   !>   this     inout  the solver
   !>   threads  in     the thread count
   !>   stat     out    LAPLACE_OK or a status: _BAD_THREADS, _NULL_POINTER (optional: absent
   !>                   means stop on error)
   !>   errmsg   inout  the error message, set only on error (optional)
   subroutine solver_set_threads(this, threads, stat, errmsg)
      class(laplace_solver_t), intent(inout) :: this
      integer, intent(in) :: threads
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      if (.not. created_or_report(this, stat, errmsg)) return
      call report("laplace", c_solver_set_threads(this%handle, int(threads, c_int)), stat, errmsg)
   end subroutine solver_set_threads

   !> Sets the stopping rules on the residual and the change: the ones given, the others off.
   !> On error nothing is changed.
   !>   this        inout  the solver
   !>   rtol        in     ||r|| <= rtol*||r0|| (optional: absent means 0, off)
   !>   atol        in     ||r|| <= atol (optional: absent means 0, off)
   !>   change_tol  in     change norm <= change_tol (optional: absent means 0, off)
   !>   stat        out    LAPLACE_OK or a status: _BAD_TOLERANCE (a tolerance < 0 or NaN, or all
   !>                      0 with max_iter LAPLACE_NO_LIMIT), _NULL_POINTER (optional: absent
   !>                      means stop on error)
   !>   errmsg      inout  the error message, set only on error (optional)
   subroutine solver_set_tolerances(this, rtol, atol, change_tol, stat, errmsg)
      class(laplace_solver_t), intent(inout) :: this
      real(c_double), intent(in), optional :: rtol, atol, change_tol
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      if (.not. created_or_report(this, stat, errmsg)) return
      call report("laplace", c_solver_set_tolerances(this%handle, or_zero(rtol), or_zero(atol), &
                                                     or_zero(change_tol)), stat, errmsg)
   end subroutine solver_set_tolerances

   !> Sets the iteration limit. On error nothing is changed.
   !>   this      inout  the solver
   !>   max_iter  in     >= 0, or LAPLACE_NO_LIMIT
   !>   stat      out    LAPLACE_OK or a status: _BAD_MAX_ITER, _BAD_TOLERANCE (LAPLACE_NO_LIMIT
   !>                    with all tolerances 0), _NULL_POINTER (optional: absent means stop on
   !>                    error)
   !>   errmsg    inout  the error message, set only on error (optional)
   subroutine solver_set_max_iter(this, max_iter, stat, errmsg)
      class(laplace_solver_t), intent(inout) :: this
      integer, intent(in) :: max_iter
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      if (.not. created_or_report(this, stat, errmsg)) return
      call report("laplace", c_solver_set_max_iter(this%handle, int(max_iter, c_int)), stat, errmsg)
   end subroutine solver_set_max_iter

   !> Sets the solver up for u(nx, ny) grids with spacings dx, dy (workspace, plans), replacing
   !> any earlier setup. Optional: the first solve sets up otherwise.
   !>   this    inout  the solver
   !>   nx, ny  in     extents along x and y, each >= 3
   !>   dx, dy  in     spacings, finite and > 0
   !>   stat    out    LAPLACE_OK or a status: _BAD_EXTENT, _BAD_SPACING, _TOO_LARGE (the solver
   !>                  then has no setup), _NULL_POINTER (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine solver_setup(this, nx, ny, dx, dy, stat, errmsg)
      class(laplace_solver_t), intent(inout) :: this
      integer, intent(in) :: nx, ny
      real(c_double), intent(in) :: dx, dy
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      if (.not. created_or_report(this, stat, errmsg)) return
      call report("laplace", c_solver_setup_colmajor(this%handle, int(nx, c_int), &
                                                     int(ny, c_int), dx, dy), stat, errmsg)
   end subroutine solver_setup

   !> Solves u_xx + u_yy = f for u in place, by the solver's method and stopping rules. The
   !> interior of u is the initial guess (ignored by direct methods); its boundary holds the
   !> Dirichlet values and is never written. u and f are passed to the C ABI without copies.
   !>   this    inout  the solver
   !>   u       inout  u(nx, ny), contiguous
   !>   dx, dy  in     spacings along x and y; with a setup, nx, ny, dx, dy must be the setup's
   !>   f       in     f(nx, ny), contiguous, finite, u's shape, not overlapping u (optional:
   !>                  absent means f = 0)
   !>   stat    out    LAPLACE_OK (converged or not: see result()) or a status. Rejected before
   !>                  anything is written (result() is then that of no solve): not created
   !>                  (_NULL_POINTER), f of another shape than u (_BAD_EXTENT), bad grid,
   !>                  another grid than the setup's (_SETUP_MISMATCH), NaN/Inf in u or f
   !>                  (_NONFINITE_INPUT), f overlapping u (_ALIASED_INPUT), no memory
   !>                  (_TOO_LARGE). _NONFINITE_RESULT: an iteration overflowed, u holds it.
   !>                  (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine solver_solve(this, u, dx, dy, f, stat, errmsg)
      class(laplace_solver_t), intent(inout) :: this
      real(c_double), intent(inout), contiguous :: u(:, :)
      real(c_double), intent(in) :: dx, dy
      real(c_double), intent(in), contiguous, optional :: f(:, :)
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      integer(c_int) :: status

      this%rejected = .false.
      if (.not. created_or_report(this, stat, errmsg)) return
      if (present(f)) then
         if (any(shape(f) /= shape(u))) then
            this%rejected = .true.
            call report("laplace", LAPLACE_ERROR_BAD_EXTENT, stat, errmsg, shape_mismatch(f, u))
            return
         end if
      end if
      ! f by address, or NULL (as in laplace_residual)
      if (present(f)) then
         status = c_solver_solve_colmajor(this%handle, u, f, int(size(u, 1), c_int), &
                                          int(size(u, 2), c_int), dx, dy)
      else
         status = c_solver_solve_colmajor(this%handle, u, nx=int(size(u, 1), c_int), &
                                          ny=int(size(u, 2), c_int), dx=dx, dy=dy)
      end if
      call report("laplace", status, stat, errmsg)
   end subroutine solver_solve

   !> What the last solve did; that of no solve (stop_reason LAPLACE_STOP_NONE) before the
   !> first solve, after a rejected one, and for a solver not created.
   !>   this  in  the solver
   function solver_result(this) result(r)
      class(laplace_solver_t), intent(in) :: this
      type(laplace_result_t) :: r
      type(c_result) :: c

      if (.not. c_associated(this%handle) .or. this%rejected) return
      c = new_c_result()
      if (c_solver_get_result(this%handle, c) == LAPLACE_OK) r = to_result(c)
   end function solver_result

   !> Bytes the solver's setup holds (workspace, and the plans it shares); 0 without setup.
   !>   this  in  the solver
   function solver_memory_bytes(this) result(bytes)
      class(laplace_solver_t), intent(in) :: this
      integer(c_long_long) :: bytes
      bytes = c_solver_memory_bytes(this%handle)
   end function solver_memory_bytes

   !> True if the solver was created; else reports LAPLACE_ERROR_NULL_POINTER (through stat and
   !> errmsg, or by stopping) and returns false.
   !>   this    in     the solver
   !>   stat    out    LAPLACE_OK or LAPLACE_ERROR_NULL_POINTER (optional)
   !>   errmsg  inout  the message, set only on error (optional)
   logical function created_or_report(this, stat, errmsg)
      class(laplace_solver_t), intent(in) :: this
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg

      created_or_report = c_associated(this%handle)
      if (created_or_report) return
      call report("laplace", LAPLACE_ERROR_NULL_POINTER, stat, errmsg, &
                  "the solver was not created: call solver%create(method) first (a copy "// &
                  "of a solver has none)")
   end function created_or_report

   ! ---- The BLAS section ----------------------------------------------------------------------

   !> True if this build has a BLAS, and so the direct method "blas-fdm" (laplace.h, "The BLAS
   !> section").
   logical function laplace_blas_available()
      laplace_blas_available = c_blas_available() /= 0
   end function laplace_blas_available

   !> Which BLAS: OpenBLAS's configuration string, or a description; "none" without BLAS.
   function laplace_blas_info() result(info)
      character(len=:), allocatable :: info
      info = from_c_string(c_blas_info())
   end function laplace_blas_info

   !> Threads a BLAS solve that runs alone uses (one per solve when solves overlap or run
   !> inside an OpenMP parallel region); 0 without BLAS thread control.
   integer function laplace_blas_threads()
      laplace_blas_threads = int(c_blas_threads())
   end function laplace_blas_threads

   !> Threads the calling thread's last BLAS solve ran with; 0 if none.
   integer function laplace_blas_last_solve_threads()
      laplace_blas_last_solve_threads = int(c_blas_last_solve_threads())
   end function laplace_blas_last_solve_threads

   !> Sets the threads a BLAS solve that runs alone uses.
   !>   num_threads  in     >= 1, or 0 for the default (all cores)
   !>   stat         out    LAPLACE_OK, LAPLACE_ERROR_BAD_THREADS (num_threads < 0) or
   !>                       LAPLACE_ERROR_UNAVAILABLE (no BLAS thread control in this build)
   !>                       (optional: absent means stop on error)
   !>   errmsg       inout  the error message, set only on error (optional)
   subroutine laplace_blas_set_threads(num_threads, stat, errmsg)
      integer, intent(in) :: num_threads
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call report("laplace", c_blas_set_threads(int(num_threads, c_int)), stat, errmsg)
   end subroutine laplace_blas_set_threads

   !> Bytes the eigenvector plan cache of "blas-fdm" holds: 8*(m**2 + m) per distinct axis
   !> length m = n - 2 set up so far (laplace.h, "Plans").
   function laplace_blas_plan_bytes() result(bytes)
      integer(c_long_long) :: bytes
      bytes = c_blas_plan_bytes()
   end function laplace_blas_plan_bytes

   !> Frees the plan cache of "blas-fdm" (solvers keep the plans they hold).
   subroutine laplace_blas_clear_plans()
      call c_blas_clear_plans()
   end subroutine laplace_blas_clear_plans

   ! ---- The FFTW section ----------------------------------------------------------------------

   !> True if this build has FFTW, and so the direct method "fft-dst" (laplace.h, "The FFTW
   !> section").
   logical function laplace_fftw_available()
      laplace_fftw_available = c_fftw_available() /= 0
   end function laplace_fftw_available

   !> Which FFTW: its version and threading; "none" without FFTW.
   function laplace_fftw_info() result(info)
      character(len=:), allocatable :: info
      info = from_c_string(c_fftw_info())
   end function laplace_fftw_info

   !> FFTW's wisdom (the plans its planner found) from a file: later setups of the same shapes
   !> find their plans at once.
   !>   filename  in     path of the file
   !>   stat      out    LAPLACE_OK, LAPLACE_ERROR_FILE (cannot be opened or read, or holds no
   !>                    wisdom of this FFTW: the wisdom held is then unchanged) or
   !>                    LAPLACE_ERROR_UNAVAILABLE (no FFTW) (optional: absent means stop on error)
   !>   errmsg    inout  the error message, set only on error (optional)
   subroutine laplace_fftw_import_wisdom(filename, stat, errmsg)
      character(len=*), intent(in) :: filename
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call report("laplace", c_fftw_import_wisdom(to_c_string(filename)), stat, errmsg)
   end subroutine laplace_fftw_import_wisdom

   !> All of FFTW's wisdom to a file.
   !>   filename  in     path of the file
   !>   stat      out    LAPLACE_OK, LAPLACE_ERROR_FILE (cannot be opened or written) or
   !>                    LAPLACE_ERROR_UNAVAILABLE (no FFTW) (optional: absent means stop on error)
   !>   errmsg    inout  the error message, set only on error (optional)
   subroutine laplace_fftw_export_wisdom(filename, stat, errmsg)
      character(len=*), intent(in) :: filename
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call report("laplace", c_fftw_export_wisdom(to_c_string(filename)), stat, errmsg)
   end subroutine laplace_fftw_export_wisdom

   !> Forgets all of FFTW's wisdom; plans already made are kept.
   subroutine laplace_fftw_forget_wisdom()
      call c_fftw_forget_wisdom()
   end subroutine laplace_fftw_forget_wisdom

   ! ---- Helpers -------------------------------------------------------------------------------

   !> The C ABI's options from the optional arguments (absent: the defaults, 0 and 0).
   !>   threads  in  OpenMP threads (optional)
   !>   omega    in  SOR relaxation factor (optional)
   function make_options(threads, omega) result(options)
      integer, intent(in), optional :: threads
      real(c_double), intent(in), optional :: omega
      type(c_options) :: options
      if (present(threads)) options%num_threads = int(threads, c_int)
      if (present(omega)) options%omega = omega
   end function make_options

   !> The message for an f whose shape is not u's, naming both, e.g.
   !> "f(19, 12) has another shape than u(19, 13): f must have u's shape".
   !>   f  in  the right-hand side
   !>   u  in  the grid
   function shape_mismatch(f, u) result(message)
      real(c_double), intent(in) :: f(:, :), u(:, :)
      character(len=:), allocatable :: message
      message = "f"//extents(f)//" has another shape than u"//extents(u)// &
                ": f must have u's shape"
   end function shape_mismatch

   !> "(n1, n2)": the extents of a 2D array.
   !>   a  in  the array
   function extents(a) result(s)
      real(c_double), intent(in) :: a(:, :)
      character(len=:), allocatable :: s
      character(len=32) :: buffer
      write (buffer, '("(", i0, ", ", i0, ")")') size(a, 1), size(a, 2)
      s = trim(buffer)
   end function extents

end module laplace
