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

C     F77SWEEPF is F77SWEEP with a right-hand side: the same sweep, in
C     the same memory order, of
C
C       U(I, J) = ((U(I-1, J) + U(I+1, J))*H2SQ
C               + ((U(I, J-1) + U(I, J+1))*H1SQ - F(I, J)*FK))*DNRINV
C
C     F enters with the neighbours across the sweep, off the chain of
C     dependent operations through U(I-1, J), the value just updated.
C     It returns the sum of squared changes SUM((U_NEW - U_OLD)**2),
C     not its square root (the caller takes it, or adds the sums of
C     several blocks first).
C
C     Arguments
C       U       (in/out) DOUBLE PRECISION U(N1, N2), the grid; boundary
C               values are read, never written
C       F       (in) DOUBLE PRECISION F(N1, N2), the right-hand side in
C               the layout of U; referenced only when HASF is not 0
C       HASF    (in) 0: no right-hand side (F = 0), F is never
C               referenced and any array of N1*N2 values may stand for
C               it, U itself included; otherwise F is used
C       N1, N2  (in) extents, each >= 3 (checked by the caller)
C       H1, H2  (in) spacings along index 1 and index 2
C       FK      (in) factor of F in the update
C       CHANGE  (out) the sum of squared changes
C
C     With HASF = 0 the loop is the one of F77SWEEP, so U is bitwise
C     the same as there. The C entry point is
C     laplace_f77_loop_sweep_general (sweep_f77_binding.f90).
      SUBROUTINE F77SWEEPF(U, F, HASF, N1, N2, H1, H2, FK, CHANGE)
      IMPLICIT NONE
      INTEGER HASF, N1, N2
      DOUBLE PRECISION U(N1, N2), F(N1, N2), H1, H2, FK, CHANGE
Cf2py intent(in,out) :: u
Cf2py intent(in) :: f
Cf2py integer intent(hide), depend(u) :: n1 = shape(u, 0)
Cf2py integer intent(hide), depend(u) :: n2 = shape(u, 1)
Cf2py intent(out) :: change
      INTEGER I, J
      DOUBLE PRECISION H1SQ, H2SQ, DNRINV, OLD, DIFF
      H1SQ = H1*H1
      H2SQ = H2*H2
      DNRINV = 0.5D0/(H1SQ + H2SQ)
      CHANGE = 0.0D0
      IF (HASF .NE. 0) THEN
         DO 20 J = 2, N2 - 1
            DO 10 I = 2, N1 - 1
               OLD = U(I, J)
               U(I, J) = ((U(I-1, J) + U(I+1, J))*H2SQ
     &                 + ((U(I, J-1) + U(I, J+1))*H1SQ
     &                 - F(I, J)*FK))*DNRINV
               DIFF = U(I, J) - OLD
               CHANGE = CHANGE + DIFF*DIFF
   10       CONTINUE
   20    CONTINUE
      ELSE
         DO 40 J = 2, N2 - 1
            DO 30 I = 2, N1 - 1
               OLD = U(I, J)
               U(I, J) = ((U(I-1, J) + U(I+1, J))*H2SQ
     &                 + (U(I, J-1) + U(I, J+1))*H1SQ)*DNRINV
               DIFF = U(I, J) - OLD
               CHANGE = CHANGE + DIFF*DIFF
   30       CONTINUE
   40    CONTINUE
      END IF
      END
