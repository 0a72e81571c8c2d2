C     sweep_f77.f - the Fortran 77 loop kernel, fixed form on purpose.
C
C     F77SWEEP does one Gauss-Seidel sweep of the 5-point Laplace
C     scheme over the interior of U, in place, in memory order (I, the
C     contiguous index, innermost), and returns the change norm
C     SQRT(SUM((U_NEW - U_OLD)**2)).
C
C     Arguments
C       U       (in/out) DOUBLE PRECISION U(N1, N2), the grid; boundary
C               values are read, never written
C       N1, N2  (in) extents, each >= 3 (checked by the caller)
C       H1, H2  (in) spacings along index 1 and index 2
C       CHANGE  (out) the change norm
C
C     Unlike the study's version, the norm accumulator starts at 0 and
C     is DOUBLE PRECISION. The Cf2py lines let f2py wrap this file as
C     the study did; compilers read them as comments.
C     The C entry point is laplace_f77_loop_sweep (sweep_f77_binding.f90).
      SUBROUTINE F77SWEEP(U, N1, N2, H1, H2, CHANGE)
      IMPLICIT NONE
      INTEGER N1, N2
      DOUBLE PRECISION U(N1, N2), H1, H2, CHANGE
Cf2py intent(in,out) :: u
Cf2py integer intent(hide), depend(u) :: n1 = shape(u, 0)
Cf2py integer intent(hide), depend(u) :: n2 = shape(u, 1)
Cf2py intent(out) :: change
      INTEGER I, J
      DOUBLE PRECISION H1SQ, H2SQ, DNRINV, OLD, DIFF
      H1SQ = H1*H1
      H2SQ = H2*H2
      DNRINV = 0.5D0/(H1SQ + H2SQ)
      CHANGE = 0.0D0
      DO 20 J = 2, N2 - 1
         DO 10 I = 2, N1 - 1
            OLD = U(I, J)
            U(I, J) = ((U(I-1, J) + U(I+1, J))*H2SQ
     &              + (U(I, J-1) + U(I, J+1))*H1SQ)*DNRINV
            DIFF = U(I, J) - OLD
            CHANGE = CHANGE + DIFF*DIFF
   10    CONTINUE
   20 CONTINUE
      CHANGE = SQRT(CHANGE)
      END
