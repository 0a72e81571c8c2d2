!> module laplace: the Fortran user's API of the laplace library, over its C ABI
!> (include/laplace/laplace.h). A program writes `use laplace` and calls any kernel of the
!> registry, the C++ ones too, on its own u(nx, ny) array, without copies.
!>
!> Grid convention: u(i, j) = u(x_i, y_j), i = 1..nx along x, j = 1..ny along y, spacings dx
!> and dy. The module hands the array to the C ABI's column-major entry points, which apply
!> the one layout rule of the library (laplace.h, "GRID CONVENTION") and report errors in these
!> same names.
!>
!> Errors: every procedure that can fail has optional `stat` and `errmsg` arguments. With `stat`
!> present, it is set to LAPLACE_OK (0) or a nonzero status and `errmsg` (if present) receives
!> the message; the array is left untouched on a validation error. With `stat` absent, an error
!> stops the program with the message, as an intrinsic statement would.
module laplace
   use, intrinsic :: iso_c_binding, only: c_int, c_long_long, c_double, c_char, c_ptr, &
                                          c_null_char, c_associated, c_f_pointer
   implicit none
   private

   public :: laplace_kernel_count, laplace_kernel_name, laplace_kernel_scheme
   public :: laplace_kernel_language, laplace_kernel_threading
   public :: laplace_sweep, laplace_solve, laplace_status_name
   public :: laplace_blas_available, laplace_blas_info, laplace_blas_threads
   public :: laplace_blas_set_threads, laplace_blas_last_solve_threads
   public :: laplace_version
   public :: laplace_blas_plan_bytes, laplace_blas_clear_plans

   !> Status codes, as in laplace.h.
   integer, parameter, public :: LAPLACE_OK = 0
   integer, parameter, public :: LAPLACE_ERROR_NULL_POINTER = 1
   integer, parameter, public :: LAPLACE_ERROR_BAD_EXTENT = 2
   integer, parameter, public :: LAPLACE_ERROR_BAD_SPACING = 3
   integer, parameter, public :: LAPLACE_ERROR_NONFINITE_INPUT = 4
   integer, parameter, public :: LAPLACE_ERROR_UNKNOWN_KERNEL = 5
   integer, parameter, public :: LAPLACE_ERROR_BAD_MAX_ITER = 6
   integer, parameter, public :: LAPLACE_ERROR_BAD_TOLERANCE = 7
   integer, parameter, public :: LAPLACE_ERROR_TOO_LARGE = 8
   integer, parameter, public :: LAPLACE_ERROR_NONFINITE_RESULT = 9
   integer, parameter, public :: LAPLACE_ERROR_BAD_INDEX = 10
   integer, parameter, public :: LAPLACE_ERROR_BAD_OMEGA = 11
   integer, parameter, public :: LAPLACE_ERROR_BAD_THREADS = 12
   integer, parameter, public :: LAPLACE_ERROR_UNAVAILABLE = 13
   integer, parameter, public :: LAPLACE_ERROR_ALIASED_OUTPUT = 14
   integer, parameter, public :: LAPLACE_ERROR_INTERNAL = 99

   !> laplace_options of laplace.h.
   type, bind(C) :: c_options
      integer(c_int) :: num_threads = 0_c_int
      real(c_double) :: omega = 0.0_c_double
   end type c_options

   interface
      function c_kernel_count() bind(C, name="laplace_kernel_count") result(n)
         import :: c_int
         integer(c_int) :: n
      end function c_kernel_count

      function c_kernel_name(index) bind(C, name="laplace_kernel_name") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_kernel_name

      function c_kernel_scheme(index) bind(C, name="laplace_kernel_scheme") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_kernel_scheme

      function c_kernel_language(index) bind(C, name="laplace_kernel_language") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_kernel_language

      function c_kernel_threading(index) bind(C, name="laplace_kernel_threading") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_kernel_threading

      function c_version() bind(C, name="laplace_version") result(p)
         import :: c_ptr
         type(c_ptr) :: p
      end function c_version

      function c_last_error() bind(C, name="laplace_last_error") result(p)
         import :: c_ptr
         type(c_ptr) :: p
      end function c_last_error

      function c_status_name(status) bind(C, name="laplace_status_name") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: status
         type(c_ptr) :: p
      end function c_status_name

      function c_sweep_colmajor(kernel, u, nx, ny, dx, dy, options, change) &
         bind(C, name="laplace_sweep_colmajor_ex") result(status)
         import :: c_int, c_double, c_char, c_options
         character(kind=c_char), intent(in) :: kernel(*)
         real(c_double), intent(inout) :: u(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         type(c_options), intent(in) :: options
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_sweep_colmajor

      function c_solve_colmajor(kernel, u, nx, ny, dx, dy, max_iter, tol, options, iterations, &
                                change) bind(C, name="laplace_solve_colmajor_ex") result(status)
         import :: c_int, c_double, c_char, c_options
         character(kind=c_char), intent(in) :: kernel(*)
         real(c_double), intent(inout) :: u(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         integer(c_int), value, intent(in) :: max_iter
         real(c_double), value, intent(in) :: tol
         type(c_options), intent(in) :: options
         integer(c_int), intent(out) :: iterations
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_solve_colmajor

      function c_blas_available() bind(C, name="laplace_blas_available") result(available)
         import :: c_int
         integer(c_int) :: available
      end function c_blas_available

      function c_blas_info() bind(C, name="laplace_blas_info") result(p)
         import :: c_ptr
         type(c_ptr) :: p
      end function c_blas_info

      function c_blas_threads() bind(C, name="laplace_blas_threads") result(n)
         import :: c_int
         integer(c_int) :: n
      end function c_blas_threads

      function c_blas_set_threads(num_threads) bind(C, name="laplace_blas_set_threads") &
         result(status)
         import :: c_int
         integer(c_int), value, intent(in) :: num_threads
         integer(c_int) :: status
      end function c_blas_set_threads

      function c_blas_last_solve_threads() bind(C, name="laplace_blas_last_solve_threads") &
         result(n)
         import :: c_int
         integer(c_int) :: n
      end function c_blas_last_solve_threads

      function c_blas_plan_bytes() bind(C, name="laplace_blas_plan_bytes") result(bytes)
         import :: c_long_long
         integer(c_long_long) :: bytes
      end function c_blas_plan_bytes

      subroutine c_blas_clear_plans() bind(C, name="laplace_blas_clear_plans")
      end subroutine c_blas_clear_plans
   end interface

contains

   !> Number of kernels in this build.
   integer function laplace_kernel_count()
      laplace_kernel_count = int(c_kernel_count())
   end function laplace_kernel_count

   !> Name of kernel `index`, 1-based (1..laplace_kernel_count()); "" for a bad index.
   function laplace_kernel_name(index) result(name)
      integer, intent(in) :: index
      character(len=:), allocatable :: name
      name = from_c_string(c_kernel_name(int(index - 1, c_int)))
   end function laplace_kernel_name

   !> Scheme of kernel `index` ("gauss-seidel", "jacobi", ...), 1-based.
   function laplace_kernel_scheme(index) result(scheme)
      integer, intent(in) :: index
      character(len=:), allocatable :: scheme
      scheme = from_c_string(c_kernel_scheme(int(index - 1, c_int)))
   end function laplace_kernel_scheme

   !> Language of kernel `index` ("Fortran 77", "C++", ...), 1-based.
   function laplace_kernel_language(index) result(language)
      integer, intent(in) :: index
      character(len=:), allocatable :: language
      language = from_c_string(c_kernel_language(int(index - 1, c_int)))
   end function laplace_kernel_language

   !> Threading of kernel `index` ("serial" or "openmp"), 1-based.
   function laplace_kernel_threading(index) result(threading)
      integer, intent(in) :: index
      character(len=:), allocatable :: threading
      threading = from_c_string(c_kernel_threading(int(index - 1, c_int)))
   end function laplace_kernel_threading

   !> Version of the library the program runs with, e.g. "0.1.0".
   function laplace_version() result(version)
      character(len=:), allocatable :: version
      version = from_c_string(c_version())
   end function laplace_version

   !> Name of a status code, e.g. "LAPLACE_ERROR_BAD_EXTENT".
   function laplace_status_name(status) result(name)
      integer, intent(in) :: status
      character(len=:), allocatable :: name
      name = from_c_string(c_status_name(int(status, c_int)))
   end function laplace_status_name

   !> One sweep of `kernel` over the interior of u, in place.
   !>   kernel  in     kernel name, e.g. "f77-loop" (trailing blanks ignored)
   !>   u       inout  u(nx, ny), contiguous; boundary values are read, never written
   !>   dx, dy  in     spacings along x (index 1) and y (index 2)
   !>   change  out    change norm sqrt(sum((u_new - u_old)**2)) (optional)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   !>   threads in     OpenMP threads for "openmp" kernels, >= 0 (optional: absent or 0 means
   !>                  OMP_NUM_THREADS / the OpenMP default)
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

      status = c_sweep_colmajor(to_c_string(kernel), u, int(size(u, 1), c_int), &
                                int(size(u, 2), c_int), dx, dy, make_options(threads, omega), &
                                norm)
      if (present(change)) change = norm
      call report(status, stat, errmsg)
   end subroutine laplace_sweep

   !> Sweeps of `kernel` until the change norm is <= tol or max_iter sweeps were done.
   !>   kernel      in     kernel name
   !>   u           inout  u(nx, ny), contiguous; holds the initial guess and the boundary
   !>   dx, dy      in     spacings along x and y
   !>   max_iter    in     at most this many sweeps, >= 0
   !>   tol         in     tolerance on the change norm, >= 0
   !>   iterations  out    sweeps done (optional)
   !>   change      out    change norm of the last sweep, huge() if none was done (optional)
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

      sweeps = 0
      norm = huge(norm)
      status = c_solve_colmajor(to_c_string(kernel), u, int(size(u, 1), c_int), &
                                int(size(u, 2), c_int), dx, dy, int(max_iter, c_int), tol, &
                                make_options(threads, omega), sweeps, norm)
      if (norm > huge(norm)) norm = huge(norm) ! +Inf from C: no sweep was done
      if (present(iterations)) iterations = int(sweeps)
      if (present(change)) change = norm
      call report(status, stat, errmsg)
   end subroutine laplace_solve

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

   !> True if this build has a BLAS, and so the direct method "blas-fdm" (scheme "direct",
   !> where one sweep is one complete solve: see laplace.h, "DIRECT METHODS").
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

      call report(c_blas_set_threads(int(num_threads, c_int)), stat, errmsg)
   end subroutine laplace_blas_set_threads

   !> Bytes the eigenvector plan cache of "blas-fdm" holds: 8*(m**2 + m) per distinct axis
   !> length m = n - 2 solved so far (laplace.h, "Plans").
   function laplace_blas_plan_bytes() result(bytes)
      integer(c_long_long) :: bytes
      bytes = c_blas_plan_bytes()
   end function laplace_blas_plan_bytes

   !> Frees the plan cache of "blas-fdm" (the next solve of each shape rebuilds its plan).
   subroutine laplace_blas_clear_plans()
      call c_blas_clear_plans()
   end subroutine laplace_blas_clear_plans

   !> Hands a status to the caller: through stat/errmsg if stat is present, else stops.
   subroutine report(status, stat, errmsg)
      integer(c_int), intent(in) :: status
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      character(len=:), allocatable :: message

      if (present(stat)) stat = int(status)
      if (status == LAPLACE_OK) return
      message = from_c_string(c_last_error())
      if (present(stat)) then
         if (present(errmsg)) errmsg = message
      else
         error stop "laplace: "//message
      end if
   end subroutine report

   pure function to_c_string(s) result(c)
      character(len=*), intent(in) :: s
      character(kind=c_char, len=len_trim(s) + 1) :: c
      c = trim(s)//c_null_char
   end function to_c_string

   !> A copy of a NUL-terminated C string; "" for a null pointer.
   function from_c_string(p) result(s)
      type(c_ptr), intent(in) :: p
      character(len=:), allocatable :: s
      character(kind=c_char), pointer :: chars(:)
      integer :: n

      if (.not. c_associated(p)) then
         s = ""
         return
      end if
      call c_f_pointer(p, chars, [huge(0)])
      n = 0
      do while (chars(n + 1) /= c_null_char)
         n = n + 1
      end do
      allocate (character(len=n) :: s)
      s = transfer(chars(1:n), s)
   end function from_c_string

end module laplace
