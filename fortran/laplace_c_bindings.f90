!> module laplace_c_bindings: internal to the library's Fortran modules (module laplace and module
!> laplace_mpi use it; programs use those two). It holds, once:
!>  - the bind(C) interfaces to the C ABI, include/laplace/laplace.h and laplace_mpi.h, each named
!>    c_ and the C name without "laplace_" (laplace_solver_solve_colmajor: c_solver_solve_colmajor);
!>    an argument a C function allows to be NULL is `optional` here (absent: NULL);
!>  - the status codes, stop reasons and LAPLACE_NO_LIMIT of laplace.h, and the result of a solve
!>    (laplace_result_t), which module laplace makes public;
!>  - the helpers: C strings, the stat/errmsg-or-error-stop convention, the norms a rejected call
!>    reports.
!> The interfaces to laplace_mpi.h are declarations only: a build without MPI never calls them.
module laplace_c_bindings
   use, intrinsic :: iso_c_binding, only: c_int, c_long_long, c_size_t, c_double, c_char, c_ptr, &
                                          c_funptr, c_null_char, c_associated, c_f_pointer, &
                                          c_sizeof
   implicit none
   private

   ! ---- Constants of laplace.h ---------------------------------------------------------------

   !> Status codes (enum laplace_status). Values are stable.
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
   integer, parameter, public :: LAPLACE_ERROR_UNKNOWN_METHOD = 15
   integer, parameter, public :: LAPLACE_ERROR_BAD_KERNEL = 16
   integer, parameter, public :: LAPLACE_ERROR_SETUP_MISMATCH = 17
   integer, parameter, public :: LAPLACE_ERROR_ALIASED_INPUT = 18
   integer, parameter, public :: LAPLACE_ERROR_BAD_PLANNING = 19
   integer, parameter, public :: LAPLACE_ERROR_FILE = 20
   integer, parameter, public :: LAPLACE_ERROR_BAD_CYCLE = 21
   integer, parameter, public :: LAPLACE_ERROR_INTERNAL = 99

   !> Why a solve stopped (enum laplace_stop_reason).
   integer, parameter, public :: LAPLACE_STOP_NONE = 0     !< no solve yet, or it was rejected
   integer, parameter, public :: LAPLACE_STOP_CHANGE = 1   !< change norm <= change_tol
   integer, parameter, public :: LAPLACE_STOP_ATOL = 2     !< ||r|| <= atol
   integer, parameter, public :: LAPLACE_STOP_RTOL = 3     !< ||r|| <= rtol ||r0||
   integer, parameter, public :: LAPLACE_STOP_MAX_ITER = 4 !< max_iter iterations: not converged
   integer, parameter, public :: LAPLACE_STOP_DIRECT = 5   !< a direct method solved

   !> max_iter without a limit (LAPLACE_NO_LIMIT).
   integer, parameter, public :: LAPLACE_NO_LIMIT = -1

   !> FFTW's planning effort for "fft-dst" (enum laplace_fftw_planning).
   integer, parameter, public :: LAPLACE_FFTW_ESTIMATE = 0   !< heuristics, no timing: default
   integer, parameter, public :: LAPLACE_FFTW_MEASURE = 1    !< times a few candidates
   integer, parameter, public :: LAPLACE_FFTW_PATIENT = 2    !< times many more
   integer, parameter, public :: LAPLACE_FFTW_EXHAUSTIVE = 3 !< times all of them

   !> Multigrid cycles (enum laplace_cycle).
   integer, parameter, public :: LAPLACE_CYCLE_V = 1   !< one coarse correction per level
   integer, parameter, public :: LAPLACE_CYCLE_W = 2   !< two per level
   integer, parameter, public :: LAPLACE_CYCLE_F = 3   !< an F cycle below, then a V cycle
   integer, parameter, public :: LAPLACE_CYCLE_FMG = 4 !< full multigrid first, then V cycles

   ! ---- Types ---------------------------------------------------------------------------------

   !> laplace_options of laplace.h.
   type, bind(C), public :: c_options
      integer(c_int) :: num_threads = 0_c_int
      real(c_double) :: omega = 0.0_c_double
   end type c_options

   !> laplace_result of laplace.h; make one with new_c_result (it sets `size`).
   type, bind(C), public :: c_result
      integer(c_size_t) :: size = 0_c_size_t
      integer(c_int) :: iterations = 0_c_int
      integer(c_int) :: stop_reason = 0_c_int
      integer(c_int) :: converged = 0_c_int
      real(c_double) :: change = 0.0_c_double
      real(c_double) :: residual_initial = 0.0_c_double
      real(c_double) :: residual = 0.0_c_double
      real(c_double) :: residual_max = 0.0_c_double
      real(c_double) :: relative_residual = 0.0_c_double
      integer(c_int) :: threads = 0_c_int
   end type c_result

   !> What a solve did (laplace.h, laplace_result), as module laplace and module laplace_mpi
   !> report it. The default value is that of no solve: stop_reason LAPLACE_STOP_NONE, zeros.
   type, public :: laplace_result_t
      !> Iterations done: sweeps, cycles; 1 for a direct solve.
      integer :: iterations = 0
      !> One of LAPLACE_STOP_NONE, _CHANGE, _ATOL, _RTOL, _MAX_ITER, _DIRECT.
      integer :: stop_reason = LAPLACE_STOP_NONE
      !> True if a rule other than max_iter stopped the solve (or a direct method solved).
      logical :: converged = .false.
      !> Change norm sqrt(sum((u_new - u_old)**2)) of the last iteration; +Inf if none was done,
      !> NaN when it was not computed (no change rule, and a residual rule stopped the solve).
      real(c_double) :: change = 0.0_c_double
      !> ||r0||, the 2-norm of the residual f - A u of the initial u over the interior.
      real(c_double) :: residual_initial = 0.0_c_double
      !> ||r|| after the last iteration.
      real(c_double) :: residual = 0.0_c_double
      !> max |r| after the last iteration.
      real(c_double) :: residual_max = 0.0_c_double
      !> ||r|| / ||r0|| (0 when ||r0|| = 0).
      real(c_double) :: relative_residual = 0.0_c_double
      !> OpenMP threads the last iteration ran on, after the library's limit (0 if none ran).
      integer :: threads = 0
   end type laplace_result_t

   !> laplace_mpi_block of laplace_mpi.h (indices 0-based there).
   type, bind(C), public :: c_mpi_block
      integer(c_int) :: nx, ny
      real(c_double) :: dx, dy
      integer(c_int) :: ranks, rank
      integer(c_int) :: dims(2), coords(2)
      integer(c_int) :: i_begin, i_end, j_begin, j_end
      integer(c_int) :: local_nx, local_ny
      integer(c_int) :: i_offset, j_offset
      type(c_ptr) :: u
   end type c_mpi_block

   public :: to_c_string, check_name, from_c_string, report, reported_norm, new_c_result
   public :: to_result, or_zero, or_default

   ! ---- The C ABI: laplace.h -----------------------------------------------------------------

   public :: c_version, c_status_name, c_last_error
   public :: c_kernel_count, c_kernel_name, c_kernel_scheme, c_kernel_language
   public :: c_kernel_threading, c_kernel_description, c_kernel_index
   public :: c_sweep, c_sweep_colmajor_ex, c_solve_colmajor_ex
   public :: c_residual, c_residual_colmajor
   public :: c_method_count, c_method_name, c_method_kind, c_method_description
   public :: c_method_takes_kernel, c_method_takes_cycle, c_method_index, c_solver_set_cycle
   public :: c_solver_create, c_solver_destroy, c_solver_set_kernel, c_solver_set_weight
   public :: c_solver_set_threads, c_solver_set_tolerances, c_solver_set_max_iter
   public :: c_solver_setup, c_solver_setup_colmajor, c_solver_solve, c_solver_solve_colmajor
   public :: c_solver_get_result, c_solver_memory_bytes
   public :: c_blas_available, c_blas_info, c_blas_threads, c_blas_set_threads
   public :: c_blas_last_solve_threads, c_blas_plan_bytes, c_blas_clear_plans
   public :: c_solver_set_fftw_planning, c_fftw_available, c_fftw_info, c_fftw_import_wisdom
   public :: c_fftw_export_wisdom, c_fftw_forget_wisdom

   interface
      function c_version() bind(C, name="laplace_version") result(p)
         import :: c_ptr
         type(c_ptr) :: p
      end function c_version

      function c_status_name(status) bind(C, name="laplace_status_name") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: status
         type(c_ptr) :: p
      end function c_status_name

      function c_last_error() bind(C, name="laplace_last_error") result(p)
         import :: c_ptr
         type(c_ptr) :: p
      end function c_last_error

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

      function c_kernel_description(index) bind(C, name="laplace_kernel_description") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_kernel_description

      function c_kernel_index(name) bind(C, name="laplace_kernel_index") result(index)
         import :: c_int, c_char
         character(kind=c_char), intent(in) :: name(*)
         integer(c_int) :: index
      end function c_kernel_index

      function c_sweep(kernel, u, nx, ny, dx, dy, change) bind(C, name="laplace_sweep") &
         result(status)
         import :: c_int, c_double, c_char
         character(kind=c_char), intent(in) :: kernel(*)
         real(c_double), intent(inout) :: u(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_sweep

      function c_sweep_colmajor_ex(kernel, u, nx, ny, dx, dy, options, change) &
         bind(C, name="laplace_sweep_colmajor_ex") result(status)
         import :: c_int, c_double, c_char, c_options
         character(kind=c_char), intent(in) :: kernel(*)
         real(c_double), intent(inout) :: u(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         type(c_options), intent(in) :: options
         real(c_double), intent(inout) :: change
         integer(c_int) :: status
      end function c_sweep_colmajor_ex

      function c_solve_colmajor_ex(kernel, u, nx, ny, dx, dy, max_iter, tol, options, &
                                   iterations, change) &
         bind(C, name="laplace_solve_colmajor_ex") result(status)
         import :: c_int, c_double, c_char, c_options
         character(kind=c_char), intent(in) :: kernel(*)
         real(c_double), intent(inout) :: u(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         integer(c_int), value, intent(in) :: max_iter
         real(c_double), value, intent(in) :: tol
         type(c_options), intent(in) :: options
         integer(c_int), intent(inout) :: iterations
         real(c_double), intent(inout) :: change
         integer(c_int) :: status
      end function c_solve_colmajor_ex

      function c_residual(u, f, nx, ny, dx, dy, options, norm2, norm_max) &
         bind(C, name="laplace_residual") result(status)
         import :: c_int, c_double, c_options
         real(c_double), intent(in) :: u(*)
         real(c_double), intent(in), optional :: f(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         type(c_options), intent(in), optional :: options
         real(c_double), intent(inout), optional :: norm2, norm_max
         integer(c_int) :: status
      end function c_residual

      function c_residual_colmajor(u, f, nx, ny, dx, dy, options, norm2, norm_max) &
         bind(C, name="laplace_residual_colmajor") result(status)
         import :: c_int, c_double, c_options
         real(c_double), intent(in) :: u(*)
         real(c_double), intent(in), optional :: f(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         type(c_options), intent(in), optional :: options
         real(c_double), intent(inout), optional :: norm2, norm_max
         integer(c_int) :: status
      end function c_residual_colmajor

      function c_method_count() bind(C, name="laplace_method_count") result(n)
         import :: c_int
         integer(c_int) :: n
      end function c_method_count

      function c_method_name(index) bind(C, name="laplace_method_name") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_method_name

      function c_method_kind(index) bind(C, name="laplace_method_kind") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_method_kind

      function c_method_description(index) bind(C, name="laplace_method_description") result(p)
         import :: c_int, c_ptr
         integer(c_int), value, intent(in) :: index
         type(c_ptr) :: p
      end function c_method_description

      function c_method_takes_kernel(index) bind(C, name="laplace_method_takes_kernel") &
         result(takes)
         import :: c_int
         integer(c_int), value, intent(in) :: index
         integer(c_int) :: takes
      end function c_method_takes_kernel

      function c_method_takes_cycle(index) bind(C, name="laplace_method_takes_cycle") &
         result(takes)
         import :: c_int
         integer(c_int), value, intent(in) :: index
         integer(c_int) :: takes
      end function c_method_takes_cycle

      function c_solver_set_cycle(solver, cycle, pre_smooth, post_smooth) &
         bind(C, name="laplace_solver_set_cycle") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: solver
         integer(c_int), value, intent(in) :: cycle, pre_smooth, post_smooth
         integer(c_int) :: status
      end function c_solver_set_cycle

      function c_method_index(name) bind(C, name="laplace_method_index") result(index)
         import :: c_int, c_char
         character(kind=c_char), intent(in) :: name(*)
         integer(c_int) :: index
      end function c_method_index

      function c_solver_create(method, solver) bind(C, name="laplace_solver_create") &
         result(status)
         import :: c_int, c_char, c_ptr
         character(kind=c_char), intent(in) :: method(*)
         type(c_ptr), intent(out) :: solver
         integer(c_int) :: status
      end function c_solver_create

      subroutine c_solver_destroy(solver) bind(C, name="laplace_solver_destroy")
         import :: c_ptr
         type(c_ptr), value, intent(in) :: solver
      end subroutine c_solver_destroy

      function c_solver_set_kernel(solver, kernel) bind(C, name="laplace_solver_set_kernel") &
         result(status)
         import :: c_int, c_char, c_ptr
         type(c_ptr), value, intent(in) :: solver
         character(kind=c_char), intent(in), optional :: kernel(*)
         integer(c_int) :: status
      end function c_solver_set_kernel

      function c_solver_set_weight(solver, weight) bind(C, name="laplace_solver_set_weight") &
         result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: solver
         real(c_double), value, intent(in) :: weight
         integer(c_int) :: status
      end function c_solver_set_weight

      function c_solver_set_threads(solver, num_threads) &
         bind(C, name="laplace_solver_set_threads") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: solver
         integer(c_int), value, intent(in) :: num_threads
         integer(c_int) :: status
      end function c_solver_set_threads

      function c_solver_set_tolerances(solver, rtol, atol, change_tol) &
         bind(C, name="laplace_solver_set_tolerances") result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: solver
         real(c_double), value, intent(in) :: rtol, atol, change_tol
         integer(c_int) :: status
      end function c_solver_set_tolerances

      function c_solver_set_max_iter(solver, max_iter) &
         bind(C, name="laplace_solver_set_max_iter") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: solver
         integer(c_int), value, intent(in) :: max_iter
         integer(c_int) :: status
      end function c_solver_set_max_iter

      function c_solver_setup(solver, nx, ny, dx, dy) bind(C, name="laplace_solver_setup") &
         result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: solver
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         integer(c_int) :: status
      end function c_solver_setup

      function c_solver_setup_colmajor(solver, nx, ny, dx, dy) &
         bind(C, name="laplace_solver_setup_colmajor") result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: solver
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         integer(c_int) :: status
      end function c_solver_setup_colmajor

      function c_solver_solve(solver, u, f, nx, ny, dx, dy) bind(C, name="laplace_solver_solve") &
         result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: solver
         real(c_double), intent(inout) :: u(*)
         real(c_double), intent(in), optional :: f(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         integer(c_int) :: status
      end function c_solver_solve

      function c_solver_solve_colmajor(solver, u, f, nx, ny, dx, dy) &
         bind(C, name="laplace_solver_solve_colmajor") result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: solver
         real(c_double), intent(inout) :: u(*)
         real(c_double), intent(in), optional :: f(*)
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         integer(c_int) :: status
      end function c_solver_solve_colmajor

      function c_solver_get_result(solver, result) bind(C, name="laplace_solver_get_result") &
         result(status)
         import :: c_int, c_ptr, c_result
         type(c_ptr), value, intent(in) :: solver
         type(c_result), intent(inout) :: result
         integer(c_int) :: status
      end function c_solver_get_result

      function c_solver_memory_bytes(solver) bind(C, name="laplace_solver_memory_bytes") &
         result(bytes)
         import :: c_long_long, c_ptr
         type(c_ptr), value, intent(in) :: solver
         integer(c_long_long) :: bytes
      end function c_solver_memory_bytes

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

      function c_solver_set_fftw_planning(solver, planning) &
         bind(C, name="laplace_solver_set_fftw_planning") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: solver
         integer(c_int), value, intent(in) :: planning
         integer(c_int) :: status
      end function c_solver_set_fftw_planning

      function c_fftw_available() bind(C, name="laplace_fftw_available") result(available)
         import :: c_int
         integer(c_int) :: available
      end function c_fftw_available

      function c_fftw_info() bind(C, name="laplace_fftw_info") result(p)
         import :: c_ptr
         type(c_ptr) :: p
      end function c_fftw_info

      function c_fftw_import_wisdom(filename) bind(C, name="laplace_fftw_import_wisdom") &
         result(status)
         import :: c_int, c_char
         character(kind=c_char), intent(in) :: filename(*)
         integer(c_int) :: status
      end function c_fftw_import_wisdom

      function c_fftw_export_wisdom(filename) bind(C, name="laplace_fftw_export_wisdom") &
         result(status)
         import :: c_int, c_char
         character(kind=c_char), intent(in) :: filename(*)
         integer(c_int) :: status
      end function c_fftw_export_wisdom

      subroutine c_fftw_forget_wisdom() bind(C, name="laplace_fftw_forget_wisdom")
      end subroutine c_fftw_forget_wisdom
   end interface

   ! ---- The C ABI: laplace_mpi.h -------------------------------------------------------------
   ! A grid is its C handle (type(c_ptr)); a communicator an MPI_Fint; a function the C pointer
   ! of a bind(C) double f(double x, double y, void *ctx).

   public :: c_mpi_grid_create_colmajor_f, c_mpi_grid_free, c_mpi_grid_block
   public :: c_mpi_fill, c_mpi_set_boundary, c_mpi_scatter, c_mpi_gather
   public :: c_mpi_sweep, c_mpi_solve, c_mpi_sweep_redblack, c_mpi_solve_redblack
   public :: c_mpi_set_rhs, c_mpi_scatter_rhs, c_mpi_clear_rhs, c_mpi_residual
   public :: c_mpi_solve_rules

   interface
      function c_mpi_grid_create_colmajor_f(comm, nx, ny, dx, dy, grid) &
         bind(C, name="laplace_mpi_grid_create_colmajor_f") result(status)
         import :: c_int, c_double, c_ptr
         integer(c_int), value, intent(in) :: comm
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         type(c_ptr), intent(out) :: grid
         integer(c_int) :: status
      end function c_mpi_grid_create_colmajor_f

      subroutine c_mpi_grid_free(grid) bind(C, name="laplace_mpi_grid_free")
         import :: c_ptr
         type(c_ptr), value, intent(in) :: grid
      end subroutine c_mpi_grid_free

      function c_mpi_grid_block(grid, block) bind(C, name="laplace_mpi_grid_block") &
         result(status)
         import :: c_int, c_ptr, c_mpi_block
         type(c_ptr), value, intent(in) :: grid
         type(c_mpi_block), intent(out) :: block
         integer(c_int) :: status
      end function c_mpi_grid_block

      function c_mpi_fill(grid, x0, y0, f, ctx) bind(C, name="laplace_mpi_fill") result(status)
         import :: c_int, c_double, c_ptr, c_funptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), value, intent(in) :: x0, y0
         type(c_funptr), value, intent(in) :: f
         type(c_ptr), value, intent(in) :: ctx
         integer(c_int) :: status
      end function c_mpi_fill

      function c_mpi_set_boundary(grid, x0, y0, f, ctx) &
         bind(C, name="laplace_mpi_set_boundary") result(status)
         import :: c_int, c_double, c_ptr, c_funptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), value, intent(in) :: x0, y0
         type(c_funptr), value, intent(in) :: f
         type(c_ptr), value, intent(in) :: ctx
         integer(c_int) :: status
      end function c_mpi_set_boundary

      function c_mpi_scatter(grid, root, u) bind(C, name="laplace_mpi_scatter") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: grid
         integer(c_int), value, intent(in) :: root
         type(c_ptr), value, intent(in) :: u
         integer(c_int) :: status
      end function c_mpi_scatter

      function c_mpi_gather(grid, root, u) bind(C, name="laplace_mpi_gather") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: grid
         integer(c_int), value, intent(in) :: root
         type(c_ptr), value, intent(in) :: u
         integer(c_int) :: status
      end function c_mpi_gather

      ! The kernel name crosses with its length (laplace_mpi_sweep_n ...), so that the C side
      ! rejects one holding a NUL on every rank: a rank rejecting it alone would leave the others
      ! waiting in the collective call.
      function c_mpi_sweep(grid, kernel, length, change) bind(C, name="laplace_mpi_sweep_n") &
         result(status)
         import :: c_int, c_double, c_char, c_ptr, c_size_t
         type(c_ptr), value, intent(in) :: grid
         character(kind=c_char), intent(in) :: kernel(*)
         integer(c_size_t), value, intent(in) :: length
         real(c_double), intent(inout) :: change
         integer(c_int) :: status
      end function c_mpi_sweep

      function c_mpi_solve(grid, kernel, length, max_iter, tol, iterations, change) &
         bind(C, name="laplace_mpi_solve_n") result(status)
         import :: c_int, c_double, c_char, c_ptr, c_size_t
         type(c_ptr), value, intent(in) :: grid
         character(kind=c_char), intent(in) :: kernel(*)
         integer(c_size_t), value, intent(in) :: length
         integer(c_int), value, intent(in) :: max_iter
         real(c_double), value, intent(in) :: tol
         integer(c_int), intent(inout) :: iterations
         real(c_double), intent(inout) :: change
         integer(c_int) :: status
      end function c_mpi_solve

      function c_mpi_sweep_redblack(grid, omega, change) &
         bind(C, name="laplace_mpi_sweep_redblack") result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), value, intent(in) :: omega
         real(c_double), intent(inout) :: change
         integer(c_int) :: status
      end function c_mpi_sweep_redblack

      function c_mpi_solve_redblack(grid, omega, max_iter, tol, iterations, change) &
         bind(C, name="laplace_mpi_solve_redblack") result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), value, intent(in) :: omega
         integer(c_int), value, intent(in) :: max_iter
         real(c_double), value, intent(in) :: tol
         integer(c_int), intent(inout) :: iterations
         real(c_double), intent(inout) :: change
         integer(c_int) :: status
      end function c_mpi_solve_redblack

      function c_mpi_set_rhs(grid, x0, y0, f, ctx) bind(C, name="laplace_mpi_set_rhs") &
         result(status)
         import :: c_int, c_double, c_ptr, c_funptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), value, intent(in) :: x0, y0
         type(c_funptr), value, intent(in) :: f
         type(c_ptr), value, intent(in) :: ctx
         integer(c_int) :: status
      end function c_mpi_set_rhs

      function c_mpi_scatter_rhs(grid, root, f) bind(C, name="laplace_mpi_scatter_rhs") &
         result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: grid
         integer(c_int), value, intent(in) :: root
         type(c_ptr), value, intent(in) :: f
         integer(c_int) :: status
      end function c_mpi_scatter_rhs

      function c_mpi_clear_rhs(grid) bind(C, name="laplace_mpi_clear_rhs") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: grid
         integer(c_int) :: status
      end function c_mpi_clear_rhs

      function c_mpi_residual(grid, norm2, norm_max) bind(C, name="laplace_mpi_residual") &
         result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), intent(inout), optional :: norm2, norm_max
         integer(c_int) :: status
      end function c_mpi_residual

      function c_mpi_solve_rules(grid, kernel, length, omega, max_iter, rtol, atol, change_tol, &
                                 result) bind(C, name="laplace_mpi_solve_rules_n") result(status)
         import :: c_int, c_double, c_char, c_ptr, c_size_t, c_result
         type(c_ptr), value, intent(in) :: grid
         character(kind=c_char), intent(in), optional :: kernel(*)
         integer(c_size_t), value, intent(in) :: length
         real(c_double), value, intent(in) :: omega
         integer(c_int), value, intent(in) :: max_iter
         real(c_double), value, intent(in) :: rtol, atol, change_tol
         type(c_result), intent(inout) :: result
         integer(c_int) :: status
      end function c_mpi_solve_rules
   end interface

contains

   !> s, trimmed, with a terminating NUL.
   !>   s  in  the Fortran string
   pure function to_c_string(s) result(c)
      character(len=*), intent(in) :: s
      character(kind=c_char, len=len_trim(s) + 1) :: c
      c = trim(s)//c_null_char
   end function to_c_string

   !> LAPLACE_OK, or `status` with its message for a name holding a NUL character: a C string
   !> ends at its first NUL, so the C ABI would see the name cut short ("cpp-loop"//NUL//"x" as
   !> "cpp-loop"). `message` is allocated on error only, so that handed on to report it is absent
   !> on success.
   !>   what     in   what the name names: "kernel" or "method"
   !>   name     in   the caller's name
   !>   status   in   the status for such a name (LAPLACE_ERROR_UNKNOWN_KERNEL or _METHOD)
   !>   message  out  the message, allocated on error only
   function check_name(what, name, status, message) result(s)
      character(len=*), intent(in) :: what, name
      integer(c_int), intent(in) :: status
      character(len=:), allocatable, intent(out) :: message
      integer(c_int) :: s
      character(len=12) :: position
      integer :: at

      s = LAPLACE_OK
      at = index(name, c_null_char)
      if (at == 0) return
      s = status
      write (position, '(i0)') at
      message = what//" name holds a NUL character at position "//trim(position)//" (after '"// &
                name(:at - 1)//"'): a name cannot contain one"
   end function check_name

   !> A copy of a NUL-terminated C string; "" for a null pointer.
   !>   p  in  the C string
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

   !> Hands a status to the caller, the convention of both modules: with stat present, stat
   !> receives the status and errmsg (if present) the message, on error only; with stat absent,
   !> an error stops the program with the message.
   !>   prefix   in     who reports, "laplace" or "laplace_mpi": the stop message starts with it
   !>   status   in     LAPLACE_OK or a status
   !>   stat     out    the status (optional)
   !>   errmsg   inout  the message, set only on error (optional)
   !>   message  in     the message (optional: absent means the C ABI's, laplace_last_error)
   subroutine report(prefix, status, stat, errmsg, message)
      character(len=*), intent(in) :: prefix
      integer(c_int), intent(in) :: status
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      character(len=*), intent(in), optional :: message
      character(len=:), allocatable :: text

      if (present(stat)) stat = int(status)
      if (status == LAPLACE_OK) return
      if (present(message)) then
         text = message
      else
         text = from_c_string(c_last_error())
      end if
      if (present(stat)) then
         if (present(errmsg)) errmsg = text
      else
         error stop prefix//": "//text
      end if
   end subroutine report

   !> A norm output (change, residual norms) as the modules hand it out: huge(1.0_c_double) for
   !> a rejected call (a status other than LAPLACE_OK and LAPLACE_ERROR_NONFINITE_RESULT: nothing
   !> was computed) and for +Inf (no sweep was done); else the value.
   !>   status  in  the call's status
   !>   value   in  what the C ABI wrote (or the initial value, if it wrote nothing)
   elemental function reported_norm(status, value) result(norm)
      integer(c_int), intent(in) :: status
      real(c_double), intent(in) :: value
      real(c_double) :: norm

      norm = value
      if (status /= LAPLACE_OK .and. status /= LAPLACE_ERROR_NONFINITE_RESULT) norm = huge(norm)
      if (norm > huge(norm)) norm = huge(norm)
   end function reported_norm

   !> A laplace_result with its `size` set, for the C functions that fill one.
   function new_c_result() result(r)
      type(c_result) :: r
      r%size = c_sizeof(r)
   end function new_c_result

   !> The Fortran form of a C result.
   !>   c  in  what the C ABI wrote
   elemental function to_result(c) result(r)
      type(c_result), intent(in) :: c
      type(laplace_result_t) :: r

      r%iterations = int(c%iterations)
      r%stop_reason = int(c%stop_reason)
      r%converged = c%converged /= 0
      r%change = c%change
      r%residual_initial = c%residual_initial
      r%residual = c%residual
      r%residual_max = c%residual_max
      r%relative_residual = c%relative_residual
      r%threads = int(c%threads)
   end function to_result

   !> x if present, else 0 (an optional tolerance or factor whose absence means 0).
   !>   x  in  the value (optional)
   pure function or_zero(x) result(v)
      real(c_double), intent(in), optional :: x
      real(c_double) :: v
      v = 0
      if (present(x)) v = x
   end function or_zero

   !> n if present, else the default d (an optional count).
   !>   n  in  the value (optional)
   !>   d  in  the default
   pure function or_default(n, d) result(v)
      integer, intent(in), optional :: n
      integer, intent(in) :: d
      integer :: v
      v = d
      if (present(n)) v = n
   end function or_default

end module laplace_c_bindings
