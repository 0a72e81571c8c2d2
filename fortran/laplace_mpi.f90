!> module laplace_mpi: the distributed solver of the laplace library for Fortran programs, over
!> the C ABI of include/laplace/laplace_mpi.h (read it for the decomposition, what each rank
!> owns, and the rules of collective calls). Status codes are those of module laplace.
!>
!> A communicator is passed as an integer: MPI_COMM_WORLD of `use mpi`, or comm%mpi_val of an
!> mpi_f08 type(MPI_Comm); it crosses to C as an MPI_Fint (MPI_Comm_f2c). The grid is the
!> Fortran one, u(nx, ny) with u(i, j) = u(x_i, y_j), i along x: the module creates the
!> column-major grid of the C ABI, so whole arrays scatter and gather without copies and
!> messages name u(i, j), 1-based.
!>
!> Errors: every procedure that can fail has optional `stat` and `errmsg` arguments, as in module
!> laplace; without `stat`, an error stops the program with the message. A collective call
!> reports a problem found on any rank on every rank.
module laplace_mpi
   use, intrinsic :: iso_c_binding, only: c_int, c_double, c_char, c_ptr, c_null_ptr, &
                                          c_null_char, c_associated, c_f_pointer, c_loc
   use laplace, only: LAPLACE_OK
   implicit none
   private

   public :: laplace_mpi_grid, laplace_mpi_function
   public :: laplace_mpi_create, laplace_mpi_free, laplace_mpi_local
   public :: laplace_mpi_fill, laplace_mpi_set_boundary
   public :: laplace_mpi_scatter, laplace_mpi_gather
   public :: laplace_mpi_sweep, laplace_mpi_solve
   public :: laplace_mpi_sweep_redblack, laplace_mpi_solve_redblack

   !> A distributed grid; create with laplace_mpi_create, free with laplace_mpi_free.
   type :: laplace_mpi_grid
      type(c_ptr) :: handle = c_null_ptr
   end type laplace_mpi_grid

   !> A boundary or initial-value function: the value at (x, y).
   abstract interface
      function laplace_mpi_function(x, y) result(v)
         import :: c_double
         real(c_double), intent(in) :: x, y
         real(c_double) :: v
      end function laplace_mpi_function
   end interface

   !> laplace_mpi_block of laplace_mpi.h (indices 0-based there).
   type, bind(C) :: c_block
      integer(c_int) :: nx, ny
      real(c_double) :: dx, dy
      integer(c_int) :: ranks, rank
      integer(c_int) :: dims(2), coords(2)
      integer(c_int) :: i_begin, i_end, j_begin, j_end
      integer(c_int) :: local_nx, local_ny
      integer(c_int) :: i_offset, j_offset
      type(c_ptr) :: u
   end type c_block

   interface
      function c_create(comm, nx, ny, dx, dy, grid) &
         bind(C, name="laplace_mpi_grid_create_colmajor_f") result(status)
         import :: c_int, c_double, c_ptr
         integer(c_int), value, intent(in) :: comm
         integer(c_int), value, intent(in) :: nx, ny
         real(c_double), value, intent(in) :: dx, dy
         type(c_ptr), intent(out) :: grid
         integer(c_int) :: status
      end function c_create

      subroutine c_free(grid) bind(C, name="laplace_mpi_grid_free")
         import :: c_ptr
         type(c_ptr), value, intent(in) :: grid
      end subroutine c_free

      function c_block_of(grid, block) bind(C, name="laplace_mpi_grid_block") result(status)
         import :: c_int, c_ptr, c_block
         type(c_ptr), value, intent(in) :: grid
         type(c_block), intent(out) :: block
         integer(c_int) :: status
      end function c_block_of

      function c_scatter(grid, root, u) bind(C, name="laplace_mpi_scatter") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: grid
         integer(c_int), value, intent(in) :: root
         type(c_ptr), value, intent(in) :: u
         integer(c_int) :: status
      end function c_scatter

      function c_gather(grid, root, u) bind(C, name="laplace_mpi_gather") result(status)
         import :: c_int, c_ptr
         type(c_ptr), value, intent(in) :: grid
         integer(c_int), value, intent(in) :: root
         type(c_ptr), value, intent(in) :: u
         integer(c_int) :: status
      end function c_gather

      function c_sweep(grid, kernel, change) bind(C, name="laplace_mpi_sweep") result(status)
         import :: c_int, c_double, c_char, c_ptr
         type(c_ptr), value, intent(in) :: grid
         character(kind=c_char), intent(in) :: kernel(*)
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_sweep

      function c_solve(grid, kernel, max_iter, tol, iterations, change) &
         bind(C, name="laplace_mpi_solve") result(status)
         import :: c_int, c_double, c_char, c_ptr
         type(c_ptr), value, intent(in) :: grid
         character(kind=c_char), intent(in) :: kernel(*)
         integer(c_int), value, intent(in) :: max_iter
         real(c_double), value, intent(in) :: tol
         integer(c_int), intent(out) :: iterations
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_solve

      function c_sweep_redblack(grid, omega, change) &
         bind(C, name="laplace_mpi_sweep_redblack") result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), value, intent(in) :: omega
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_sweep_redblack

      function c_solve_redblack(grid, omega, max_iter, tol, iterations, change) &
         bind(C, name="laplace_mpi_solve_redblack") result(status)
         import :: c_int, c_double, c_ptr
         type(c_ptr), value, intent(in) :: grid
         real(c_double), value, intent(in) :: omega
         integer(c_int), value, intent(in) :: max_iter
         real(c_double), value, intent(in) :: tol
         integer(c_int), intent(out) :: iterations
         real(c_double), intent(out) :: change
         integer(c_int) :: status
      end function c_solve_redblack

      function c_last_error() bind(C, name="laplace_last_error") result(p)
         import :: c_ptr
         type(c_ptr) :: p
      end function c_last_error
   end interface

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

      call report(c_create(int(comm, c_int), int(nx, c_int), int(ny, c_int), dx, dy, &
                           grid%handle), stat, errmsg)
   end subroutine laplace_mpi_create

   !> Collective. Frees the grid (before MPI_Finalize); a grid never created is ignored.
   !>   grid  inout  the distributed grid; its handle is null afterwards
   subroutine laplace_mpi_free(grid)
      type(laplace_mpi_grid), intent(inout) :: grid
      call c_free(grid%handle)
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
      type(c_block) :: b
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
   subroutine laplace_mpi_fill(grid, f, x0, y0)
      type(laplace_mpi_grid), intent(inout) :: grid
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(in) :: x0, y0
      call fill_owned(grid, f, x0, y0, .false.)
   end subroutine laplace_mpi_fill

   !> Not collective. As laplace_mpi_fill, for the owned points on the global boundary only.
   !>   grid    inout  the distributed grid
   !>   f       in     the function
   !>   x0, y0  in     coordinates of point u(1, 1)
   subroutine laplace_mpi_set_boundary(grid, f, x0, y0)
      type(laplace_mpi_grid), intent(inout) :: grid
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(in) :: x0, y0
      call fill_owned(grid, f, x0, y0, .true.)
   end subroutine laplace_mpi_set_boundary

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
      call report(c_scatter(grid%handle, int(root, c_int), whole_grid(grid, u, root)), &
                  stat, errmsg)
   end subroutine laplace_mpi_scatter

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
      call report(c_gather(grid%handle, int(root, c_int), whole_grid(grid, u, root)), &
                  stat, errmsg)
   end subroutine laplace_mpi_gather

   !> Collective. One Jacobi sweep of registry kernel `kernel` (scheme "jacobi") over the grid.
   !>   grid    inout  the distributed grid
   !>   kernel  in     kernel name, e.g. "f90-arrays"
   !>   change  out    the global change norm (optional)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_sweep(grid, kernel, change, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      character(len=*), intent(in) :: kernel
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: norm

      norm = 0
      call report(c_sweep(grid%handle, to_c_string(kernel), norm), stat, errmsg)
      if (present(change)) change = norm
   end subroutine laplace_mpi_sweep

   !> Collective. Jacobi sweeps until the global change norm is <= tol or max_iter sweeps.
   !>   grid        inout  the distributed grid
   !>   kernel      in     kernel name (scheme "jacobi")
   !>   max_iter    in     at most this many sweeps, >= 0
   !>   tol         in     tolerance on the change norm, >= 0
   !>   iterations  out    sweeps done (optional)
   !>   change      out    global change norm of the last sweep, huge() if none (optional)
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
      integer(c_int) :: sweeps

      sweeps = 0
      norm = huge(norm)
      call report(c_solve(grid%handle, to_c_string(kernel), int(max_iter, c_int), tol, &
                          sweeps, norm), stat, errmsg)
      if (norm > huge(norm)) norm = huge(norm)
      if (present(iterations)) iterations = int(sweeps)
      if (present(change)) change = norm
   end subroutine laplace_mpi_solve

   !> Collective. One red-black sweep, coloured by global (i + j) parity.
   !>   grid    inout  the distributed grid
   !>   omega   in     1: Gauss-Seidel; in (0, 2): SOR; 0: SOR with the optimal factor
   !>   change  out    the global change norm (optional)
   !>   stat    out    LAPLACE_OK or a status (optional: absent means stop on error)
   !>   errmsg  inout  the error message, set only on error (optional)
   subroutine laplace_mpi_sweep_redblack(grid, omega, change, stat, errmsg)
      type(laplace_mpi_grid), intent(inout) :: grid
      real(c_double), intent(in) :: omega
      real(c_double), intent(out), optional :: change
      integer, intent(out), optional :: stat
      character(len=*), intent(inout), optional :: errmsg
      real(c_double) :: norm

      norm = 0
      call report(c_sweep_redblack(grid%handle, omega, norm), stat, errmsg)
      if (present(change)) change = norm
   end subroutine laplace_mpi_sweep_redblack

   !> Collective. Red-black sweeps until the global change norm is <= tol or max_iter sweeps.
   !>   grid        inout  the distributed grid
   !>   omega       in     1: Gauss-Seidel; in (0, 2): SOR; 0: SOR with the optimal factor
   !>   max_iter    in     at most this many sweeps, >= 0
   !>   tol         in     tolerance on the change norm, >= 0
   !>   iterations  out    sweeps done (optional)
   !>   change      out    global change norm of the last sweep, huge() if none (optional)
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
      integer(c_int) :: sweeps

      sweeps = 0
      norm = huge(norm)
      call report(c_solve_redblack(grid%handle, omega, int(max_iter, c_int), tol, sweeps, &
                                   norm), stat, errmsg)
      if (norm > huge(norm)) norm = huge(norm)
      if (present(iterations)) iterations = int(sweeps)
      if (present(change)) change = norm
   end subroutine laplace_mpi_solve_redblack

   !> The C ABI's description of this rank's share; a null grid stops the program.
   !>   grid  in  the distributed grid
   function block_of(grid) result(b)
      type(laplace_mpi_grid), intent(in) :: grid
      type(c_block) :: b
      call report(c_block_of(grid%handle, b))
   end function block_of

   !> Sets the owned points (all, or those on the global boundary) to f(x, y).
   !>   grid           inout  the distributed grid
   !>   f              in     the function
   !>   x0, y0         in     coordinates of point u(1, 1)
   !>   boundary_only  in     only the points on the boundary of the global grid
   subroutine fill_owned(grid, f, x0, y0, boundary_only)
      type(laplace_mpi_grid), intent(inout) :: grid
      procedure(laplace_mpi_function) :: f
      real(c_double), intent(in) :: x0, y0
      logical, intent(in) :: boundary_only
      type(c_block) :: b
      real(c_double), pointer :: u(:, :)
      integer :: i, j

      b = block_of(grid)
      call laplace_mpi_local(grid, u)
      do j = b%j_begin + 1, b%j_end
         do i = b%i_begin + 1, b%i_end
            if (boundary_only .and. i > 1 .and. i < b%nx .and. j > 1 .and. j < b%ny) cycle
            u(i, j) = f(x0 + (i - 1)*b%dx, y0 + (j - 1)*b%dy)
         end do
      end do
   end subroutine fill_owned

   !> The address of the whole grid u(nx, ny) on root, for the C ABI; null on the other ranks,
   !> and on root if u has another shape (then every rank reports the NULL u).
   !>   grid  in  the distributed grid
   !>   u     in  the caller's array
   !>   root  in  the rank that holds the whole grid
   function whole_grid(grid, u, root) result(p)
      type(laplace_mpi_grid), intent(in) :: grid
      real(c_double), intent(in), target, contiguous :: u(:, :)
      integer, intent(in) :: root
      type(c_ptr) :: p
      type(c_block) :: b

      p = c_null_ptr
      b = block_of(grid)
      if (b%rank == root .and. size(u, 1) == b%nx .and. size(u, 2) == b%ny) p = c_loc(u)
   end function whole_grid

   !> Hands a status to the caller: through stat/errmsg if stat is present, else stops.
   !>   status  in     the C ABI's status
   !>   stat    out    the status (optional)
   !>   errmsg  inout  the message, set only on error (optional)
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
         error stop "laplace_mpi: "//message
      end if
   end subroutine report

   !> s, trimmed, with a terminating NUL.
   !>   s  in  the Fortran string
   pure function to_c_string(s) result(c)
      character(len=*), intent(in) :: s
      character(kind=c_char, len=len_trim(s) + 1) :: c
      c = trim(s)//c_null_char
   end function to_c_string

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

end module laplace_mpi
