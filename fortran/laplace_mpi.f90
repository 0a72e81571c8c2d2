!> module laplace_mpi: the distributed solver of the laplace library for Fortran programs, over
!> the C ABI of include/laplace/laplace_mpi.h (read it for the decomposition, what each rank
!> owns, and the rules of collective calls). Status codes, stop reasons, LAPLACE_NO_LIMIT and
!> the result of a solve, type(laplace_result_t), are those of module laplace.
!>
!> A communicator is passed as an integer: MPI_COMM_WORLD of `use mpi`, or comm%mpi_val of an
!> mpi_f08 type(MPI_Comm); it crosses to C as an MPI_Fint (MPI_Comm_f2c). The grid is the
!> Fortran one, u(nx, ny) with u(i, j) = u(x_i, y_j), i along x: the module creates the
!> column-major grid of the C ABI, so whole arrays scatter and gather without copies and
!> messages name u(i, j), 1-based. A grid may hold a right-hand side f (Poisson's equation
!> u_xx + u_yy = f), set from a function or scattered from one rank; every sweep, solve and
!> residual of the grid then uses it.
!>
!> Errors: every procedure that can fail has optional `stat` and `errmsg` arguments, as in module
!> laplace; without `stat`, an error stops the program with the message. A collective call
!> reports a problem found on any rank on every rank. A norm output of a rejected call is
!> huge(1.0_c_double).
module laplace_mpi
   use, intrinsic :: iso_c_binding, only: c_int, c_double, c_ptr, c_null_ptr, c_f_pointer, &
                                          c_loc, c_funloc, c_size_t
   use laplace_c_bindings, only: c_mpi_block, c_result, laplace_result_t, report, &
                                 reported_norm, new_c_result, to_result, or_zero, &
                                 c_mpi_grid_create_colmajor_f, c_mpi_grid_free, &
                                 c_mpi_grid_block, c_mpi_fill, c_mpi_set_boundary, &
                                 c_mpi_scatter, c_mpi_gather, c_mpi_sweep, c_mpi_solve, &
                                 c_mpi_sweep_redblack, c_mpi_solve_redblack, c_mpi_set_rhs, &
                                 c_mpi_scatter_rhs, c_mpi_clear_rhs, c_mpi_residual, &
                                 c_mpi_solve_rules
   implicit none
   private

   public :: laplace_mpi_grid, laplace_mpi_function
   public :: laplace_mpi_create, laplace_mpi_free, laplace_mpi_local
   public :: laplace_mpi_fill, laplace_mpi_set_boundary
   public :: laplace_mpi_scatter, laplace_mpi_gather
   public :: laplace_mpi_sweep, laplace_mpi_solve
   public :: laplace_mpi_sweep_redblack, laplace_mpi_solve_redblack
   public :: laplace_mpi_set_rhs, laplace_mpi_scatter_rhs, laplace_mpi_clear_rhs
   public :: laplace_mpi_residual, laplace_mpi_solve_rules

   !> A distributed grid; create with laplace_mpi_create, free with laplace_mpi_free.
   type :: laplace_mpi_grid
      type(c_ptr) :: handle = c_null_ptr
   end type laplace_mpi_grid

   !> A boundary, initial-value or right-hand-side function: the value at (x, y).
   abstract interface
      function laplace_mpi_function(x, y) result(v)
         import :: c_double
         real(c_double), intent(in) :: x, y
         real(c_double) :: v
      end function laplace_mpi_function
   end interface

   !> The Fortran function a C fill calls through call_function (its ctx points to this).
   type :: function_context
      procedure(laplace_mpi_function), pointer, nopass :: f => null()
   end type function_context

   !> Which C fill fill_with runs.
   integer, parameter :: fill_all = 1, fill_boundary = 2, fill_rhs = 3

contains

   !> Collective. Splits an nx x ny grid over the ranks of comm; this rank's points start at 0.
   !>   grid    out    the distributed grid
   !>   comm    in     the communicator (an MPI_Fint: MPI_COMM_WORLD of `use mpi`, comm%mpi_val)
   !>   nx, ny  in     global extents, >= 3
   !>   dx, dy  in     spacings along x and y, finite and > 0
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_create(grid, comm, nx, ny, dx, dy, stat, errmsg)
      type(laplace_mpi_grid), intent(out) :: grid
      integer, intent(in) :: comm
      integer, intent(in) :: nx, ny
      real(c_double), intent(in) :: dx, dy
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg

      call report("laplace_mpi", c_mpi_grid_create_colmajor_f(int(comm, c_int), int(nx, c_int), &
                                                              int(ny, c_int), dx, dy, &
                                                              grid%handle), stat, errmsg)
   end subroutine laplace_mpi_create

   !> Collective. Frees the grid (before MPI_Finalize); a grid never created is ignored.
   !>   grid  inout  the distributed grid; its handle is null afterwards
   subroutine laplace_mpi_free(grid)
      type(laplace_mpi_grid), intent(inout) :: grid
      call c_mpi_grid_free(grid%handle)
      grid%handle = c_null_ptr
   end subroutine laplace_mpi_free

   !> This rank's local array, indexed like the global grid, and the points it owns.
   !>   grid            in   the distributed grid
   !>   u               out  pointer to the local array: u(i, j) is global point (i, j), 1-based,
   !>                        for the owned points and the one-point ring around the block
   !>   i_first, i_last out  owned points i_first <= i <= i_last (optional)
   !>   j_first, j_last out  owned points j_first <= j <= j_last (optional)
   subroutine laplace_mpi_local(grid, u, i_first, i_last, j_first, j_last)
      type(laplace_mpi_grid), intent(in) :: grid
      real(c_double), pointer, intent(out) :: u(:, :)
      integer, intent(out), optional :: i_first, i_last, j_first, j_last
      type(c_mpi_block) :: b
      real(c_double), pointer :: local(:, :)

      b = block_of(grid)
      call c_f_pointer(b%u, local, [b%local_nx, b%local_ny])
      u(b%i_offset + 1:, b%j_offset + 1:) => local
      if (present(i_first)) i_first = b%i_begin + 1
      if (present(i_last)) i_last = b%i_end
      if (present(j_first)) j_first = b%j_begin + 1
      if (present(j_last)) j_last = b%j_end
   end subroutine laplace_mpi_local

   !> Not collective. Sets every point this rank owns to f(x, y), x = x0 + (i-1)*dx,
   !> y = y0 + (j-1)*dy: each rank fills its own block, no rank holds the whole grid.
   !>   grid    inout  the distributed grid
   !>   f       in     the function
   !>   x0, y0  in     coordinates of point u(1, 1)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_fill(grid, f, x0, y0, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(in) :: x0, y0
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call fill_with(fill_all, grid, f, x0, y0, stat, errmsg)
   end subroutine laplace_mpi_fill

   !> Not collective. As laplace_mpi_fill, for the owned points on the global boundary only.
   !>   grid    inout  the distributed grid
   !>   f       in     the function
   !>   x0, y0  in     coordinates of point u(1, 1)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_set_boundary(grid, f, x0, y0, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(in) :: x0, y0
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call fill_with(fill_boundary, grid, f, x0, y0, stat, errmsg)
   end subroutine laplace_mpi_set_boundary

   !> Not collective. Sets the right-hand side f at every interior point this rank owns to
   !> f(x, y), x = x0 + (i-1)*dx, y = y0 + (j-1)*dy; the grid's sweeps, solves and residual then
   !> solve u_xx + u_yy = f. Non-finite values are reported by the next sweep, solve or residual.
   !>   grid    inout  the distributed grid
   !>   f       in     the right-hand side as a function
   !>   x0, y0  in     coordinates of point u(1, 1)
   !>   stat    out    LAPLACE_OK or a status: LAPLACE_ERROR_TOO_LARGE if f cannot be allocated
   !>                  (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_set_rhs(grid, f, x0, y0, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(in) :: x0, y0
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call fill_with(fill_rhs, grid, f, x0, y0, stat, errmsg)
   end subroutine laplace_mpi_set_rhs

   !> Collective. Copies the whole grid u(nx, ny) held by rank `root` to the ranks' blocks.
   !>   grid    inout  the distributed grid
   !>   u       in     u(nx, ny) on root; ignored on the other ranks (any array)
   !>   root    in     the rank holding u, in the communicator of laplace_mpi_create
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_scatter(grid, u, root, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      real(c_double), intent(in), target, contiguous :: u(:, :)
      integer, intent(in) :: root
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call report("laplace_mpi", c_mpi_scatter(grid%handle, int(root, c_int), &
                                               whole_grid(grid, u, root)), stat, errmsg)
   end subroutine laplace_mpi_scatter

   !> Collective. Copies a whole right-hand side f(nx, ny) held by rank `root` to the ranks
   !> (only its interior values are kept).
   !>   grid    inout  the distributed grid
   !>   f       in     f(nx, ny) on root; ignored on the other ranks (any array)
   !>   root    in     the rank holding f
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_scatter_rhs(grid, f, root, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      real(c_double), intent(in), target, contiguous :: f(:, :)
      integer, intent(in) :: root
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call report("laplace_mpi", c_mpi_scatter_rhs(grid%handle, int(root, c_int), &
                                                   whole_grid(grid, f, root)), stat, errmsg)
   end subroutine laplace_mpi_scatter_rhs

   !> Not collective, but every rank must call it: removes f (back to Laplace's equation).
   !>   grid    inout  the distributed grid
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_clear_rhs(grid, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call report("laplace_mpi", c_mpi_clear_rhs(grid%handle), stat, errmsg)
   end subroutine laplace_mpi_clear_rhs

   !> Collective. Gathers the ranks' blocks into u(nx, ny) on rank `root`.
   !>   grid    in     the distributed grid
   !>   u       inout  u(nx, ny) on root, written; ignored on the other ranks (any array)
   !>   root    in     the rank receiving u
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_gather(grid, u, root, stat, errmsg)
      type(laplace_mpi_grid), intent(in) :: grid
      real(c_double), intent(inout), target, contiguous :: u(:, :)
      integer, intent(in) :: root
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      call report("laplace_mpi", c_mpi_gather(grid%handle, int(root, c_int), &
                                              whole_grid(grid, u, root)), stat, errmsg)
   end subroutine laplace_mpi_gather

   !> Collective. One Jacobi sweep of registry kernel `kernel` (scheme "jacobi") over the grid.
   !>   grid    inout  the distributed grid
   !>   kernel  in     kernel name, e.g. "f90-arrays"
   !>   change  out    the global change norm; huge() if the call was rejected (optional)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_sweep(grid, kernel, change, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      character(len=*), intent(in) :: kernel
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: norm
      integer(c_int) :: status

      norm = huge(norm)
      status = c_mpi_sweep(grid%handle, kernel, len_trim(kernel, c_size_t), norm)
      if (present(change)) change = reported_norm(status, norm)
      call report("laplace_mpi", status, stat, errmsg)
   end subroutine laplace_mpi_sweep

   !> Collective. Jacobi sweeps until the global change norm is <= tol or max_iter sweeps.
   !>   grid        inout  the distributed grid
   !>   kernel      in     kernel name (scheme "jacobi")
   !>   max_iter    in     at most this many sweeps, >= 0
   !>   tol         in     tolerance on the change norm, >= 0
   !>   iterations  out    sweeps done; 0 if the call was rejected (optional)
   !>   change      out    global change norm of the last sweep; huge() if none was done or the
   !>                      call was rejected (optional)
   !>   stat        out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg      inout  the error message, set only on error (optional)
   subroutine laplace_mpi_solve(grid, kernel, max_iter, tol, iterations, change, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      character(len=*), intent(in) :: kernel
      integer, intent(in) :: max_iter
      real(c_double), intent(in) :: tol
      integer, intent(out), optional :: iterations
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: norm
      integer(c_int) :: status, sweeps

      sweeps = 0
      norm = huge(norm)
      status = c_mpi_solve(grid%handle, kernel, len_trim(kernel, c_size_t), int(max_iter, c_int), &
                           tol, sweeps, norm)
      if (present(iterations)) iterations = int(sweeps)
      if (present(change)) change = reported_norm(status, norm)
      call report("laplace_mpi", status, stat, errmsg)
   end subroutine laplace_mpi_solve

   !> Collective. One red-black sweep, coloured by global (i + j) parity.
   !>   grid    inout  the distributed grid
   !>   omega   in     1: Gauss-Seidel; in (0, 2): SOR; 0: SOR with the optimal factor
   !>   change  out    the global change norm; huge() if the call was rejected (optional)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_sweep_redblack(grid, omega, change, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      real(c_double), intent(in) :: omega
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: norm
      integer(c_int) :: status

      norm = huge(norm)
      status = c_mpi_sweep_redblack(grid%handle, omega, norm)
      if (present(change)) change = reported_norm(status, norm)
      call report("laplace_mpi", status, stat, errmsg)
   end subroutine laplace_mpi_sweep_redblack

   !> Collective. Red-black sweeps until the global change norm is <= tol or max_iter sweeps.
   !>   grid        inout  the distributed grid
   !>   omega       in     1: Gauss-Seidel; in (0, 2): SOR; 0: SOR with the optimal factor
   !>   max_iter    in     at most this many sweeps, >= 0
   !>   tol         in     tolerance on the change norm, >= 0
   !>   iterations  out    sweeps done; 0 if the call was rejected (optional)
   !>   change      out    global change norm of the last sweep; huge() if none was done or the
   !>                      call was rejected (optional)
   !>   stat        out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg      inout  the error message, set only on error (optional)
   subroutine laplace_mpi_solve_redblack(grid, omega, max_iter, tol, iterations, change, stat, &
                                         errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      real(c_double), intent(in) :: omega
      integer, intent(in) :: max_iter
      real(c_double), intent(in) :: tol
      integer, intent(out), optional :: iterations
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: norm
      integer(c_int) :: status, sweeps

      sweeps = 0
      norm = huge(norm)
      status = c_mpi_solve_redblack(grid%handle, omega, int(max_iter, c_int), tol, sweeps, norm)
      if (present(iterations)) iterations = int(sweeps)
      if (present(change)) change = reported_norm(status, norm)
      call report("laplace_mpi", status, stat, errmsg)
   end subroutine laplace_mpi_solve_redblack

   !> Collective. Norms of the global residual r = f - A u over the interior (module laplace,
   !> laplace_residual), the same on every rank.
   !>   grid      inout  the distributed grid
   !>   norm2     out    sqrt(sum(r**2)); huge() if the call was rejected (optional)
   !>   norm_max  out    maxval(abs(r)); huge() if the call was rejected (optional)
   !>   stat      out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg    inout  the error message, set only on error (optional)
   subroutine laplace_mpi_residual(grid, norm2, norm_max, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      real(c_double), intent(out), optional :: norm2, norm_max
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: two, largest
      integer(c_int) :: status

      two = huge(two)
      largest = huge(largest)
      status = c_mpi_residual(grid%handle, two, largest)
      if (present(norm2)) norm2 = reported_norm(status, two)
      if (present(norm_max)) norm_max = reported_norm(status, largest)
      call report("laplace_mpi", status, stat, errmsg)
   end subroutine laplace_mpi_residual

   !> Collective. Solves with the stopping rules of module laplace's solvers (laplace.h,
   !> "STOPPING RULES"), through the same driver: Jacobi sweeps of `kernel`, or red-black sweeps
   !> with `omega` when no kernel is given.
   !>   grid        inout  the distributed grid
   !>   max_iter    in     at most this many iterations, >= 0, or LAPLACE_NO_LIMIT
   !>   kernel      in     a jacobi kernel of the registry (optional: absent means red-black)
   !>   omega       in     for red-black: 1 Gauss-Seidel, in (0, 2) SOR, 0 (the default) SOR
   !>                      with the optimal factor (optional; not used with a kernel)
   !>   rtol        in     ||r|| <= rtol*||r0|| (optional: absent means 0, off)
   !>   atol        in     ||r|| <= atol (optional: absent means 0, off)
   !>   change_tol  in     global change norm <= change_tol (optional: absent means 0, off)
   !>                      Each tolerance >= 0; not all 0 with LAPLACE_NO_LIMIT.
   !>   result      out    what the solve did, the same on every rank; that of no solve
   !>                      (LAPLACE_STOP_NONE) if the call was rejected (optional)
   !>   stat        out    LAPLACE_OK (converged or not: see result%converged) or a status
   !>                      (optional: absent means stop on error)
   !>   errmsg      inout  the error message, set only on error (optional)
   subroutine laplace_mpi_solve_rules(grid, max_iter, kernel, omega, rtol, atol, change_tol, &
                                      result, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      integer, intent(in) :: max_iter
      character(len=*), intent(in), optional :: kernel
      real(c_double), intent(in), optional :: omega, rtol, atol, change_tol
      type(laplace_result_t), intent(out), optional :: result
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      type(c_result) :: c
      integer(c_int) :: status

      c = new_c_result()
      if (present(kernel)) then
         status = c_mpi_solve_rules(grid%handle, kernel, len_trim(kernel, c_size_t), &
                                    or_zero(omega), int(max_iter, c_int), or_zero(rtol), &
                                    or_zero(atol), or_zero(change_tol), c)
      else
         status = c_mpi_solve_rules(grid%handle, length=0_c_size_t, omega=or_zero(omega), &
                                    max_iter=int(max_iter, c_int), rtol=or_zero(rtol), &
                                    atol=or_zero(atol), change_tol=or_zero(change_tol), result=c)
      end if
      if (present(result)) result = to_result(c) ! untouched by a rejected call: no solve
      call report("laplace_mpi", status, stat, errmsg)
   end subroutine laplace_mpi_solve_rules

   ! ---- Helpers -------------------------------------------------------------------------------

   !> The C ABI's description of this rank's share; a null grid stops the program.
   !>   grid  in  the distributed grid
   function block_of(grid) result(b)
      type(laplace_mpi_grid), intent(in) :: grid
      type(c_mpi_block) :: b
      call report("laplace_mpi", c_mpi_grid_block(grid%handle, b))
   end function block_of

   !> Runs one of the C fills with a Fortran function: the C library calls call_function,
   !> which calls f.
   !>   which   in     fill_all, fill_boundary or fill_rhs
   !>   grid    inout  the distributed grid
   !>   f       in     the function
   !>   x0, y0  in     coordinates of point u(1, 1)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine fill_with(which, grid, f, x0, y0, stat, errmsg)
      integer, intent(in) :: which
      type(laplace_mpi_grid), intent(inout) :: grid
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(in) :: x0, y0
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      type(function_context), target :: context
      integer(c_int) :: status

      context%f => f
      select case (which)
      case (fill_all)
         status = c_mpi_fill(grid%handle, x0, y0, c_funloc(call_function), c_loc(context))
      case (fill_boundary)
         status = c_mpi_set_boundary(grid%handle, x0, y0, c_funloc(call_function), &
                                     c_loc(context))
      case default
         status = c_mpi_set_rhs(grid%handle, x0, y0, c_funloc(call_function), c_loc(context))
      end select
      call report("laplace_mpi", status, stat, errmsg)
   end subroutine fill_with

   !> The laplace_mpi_function of the C ABI: calls the Fortran function held by ctx.
   !>   x, y  in  the point
   !>   ctx   in  the address of a function_context
   function call_function(x, y, ctx) bind(C, name="") result(v)
      real(c_double), value, intent(in) :: x, y
      type(c_ptr), value, intent(in) :: ctx
      real(c_double) :: v
      type(function_context), pointer :: context

      call c_f_pointer(ctx, context)
      v = context%f(x, y)
   end function call_function

   !> The address of the whole grid u(nx, ny) on root, for the C ABI; null on the other ranks,
   !> and on root if u has another shape (then every rank reports the NULL array).
   !>   grid  in  the distributed grid
   !>   u     in  the caller's array
   !>   root  in  the rank that holds the whole grid
   function whole_grid(grid, u, root) result(p)
      type(laplace_mpi_grid), intent(in) :: grid
      real(c_double), intent(in), target, contiguous :: u(:, :)
      integer, intent(in) :: root
      type(c_ptr) :: p
      type(c_mpi_block) :: b

      p = c_null_ptr
      b = block_of(grid)
      if (b%rank == root .and. size(u, 1) == b%nx .and. size(u, 2) == b%ny) p = c_loc(u)
   end function whole_grid

end module laplace_mpi
