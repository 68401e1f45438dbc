namespace Lapis.Translator.Check;

/// <summary>How one output of the translated code compares with MLIR's own execution.</summary>
public sealed record OutputComparison(string Name, ElementKind Kind, string Shape, double MaxAbsError, double MaxRelError, double Tolerance, bool ShapeMatches, long NonFiniteReference = 0)
{
    public bool Passed => ShapeMatches && MaxRelError <= Tolerance;

    /// <summary>
    /// Tolerances. Floating-point results are compared normwise: max |ours - ref| / max |ref|.
    /// Our kernels reduce in parallel (a different summation order than MLIR's sequential
    /// loops), so an element-wise relative error is meaningless where a sum cancels to ~0; the
    /// normwise error of a reordered sum of n terms is bounded by ~n·eps. f32: 1e-5 (≈ 84 eps,
    /// covers reorderings of sums up to tens of thousands of terms); f64: 1e-12. Integers: exact.
    /// f16/bf16: MLIR rounds every intermediate to the half type while Kokkos' half types may
    /// compute in float (they are float on a host build of Kokkos 3.4), so the difference is
    /// MLIR's own rounding error, about sqrt(ops)·eps: f16 (eps 9.8e-4) 1e-2, bf16 (eps 7.8e-3) 6e-2.
    /// </summary>
    public static double ToleranceFor(ElementKind kind) => kind switch
    {
        ElementKind.F16 => 1e-2,
        ElementKind.BF16 => 6e-2,
        ElementKind.F32 => 1e-5,
        ElementKind.F64 => 1e-12,
        _ => 0,
    };

    public static OutputComparison Compare(ArgSpec spec, byte[] reference, byte[] ours)
    {
        var n = spec.ElementCount;
        if (reference.Length != n * spec.Kind.Size() || ours.Length != reference.Length)
            return new OutputComparison(spec.Name, spec.Kind, spec.ShapeText, double.NaN, double.NaN, ToleranceFor(spec.Kind), false);
        double maxAbs = 0, maxRef = 0;
        var nanMismatch = false;
        long nonFinite = 0;
        for (long i = 0; i < n; i++)
        {
            var r = spec.Kind.Read(reference, i);
            var o = spec.Kind.Read(ours, i);
            if (!double.IsFinite(r)) nonFinite++;
            if (double.IsNaN(r) || double.IsNaN(o)) { nanMismatch |= double.IsNaN(r) != double.IsNaN(o); continue; }
            if (double.IsInfinity(r) || double.IsInfinity(o)) { nanMismatch |= r != o; continue; }
            maxAbs = Math.Max(maxAbs, Math.Abs(r - o));
            maxRef = Math.Max(maxRef, Math.Abs(r));
        }
        var rel = nanMismatch ? double.PositiveInfinity : maxAbs == 0 ? 0 : maxAbs / Math.Max(maxRef, double.Epsilon);
        return new OutputComparison(spec.Name, spec.Kind, spec.ShapeText, nanMismatch ? double.PositiveInfinity : maxAbs, rel, ToleranceFor(spec.Kind), true);
    }

    public override string ToString() =>
        ShapeMatches
            ? $"{Name,-10} {Kind,-5} {Shape,-16} max abs err {MaxAbsError:E2}  max rel err {MaxRelError:E2}  (tol {Tolerance:E0})  {(Passed ? "PASS" : "FAIL")}" +
              (NonFiniteReference > 0 ? $"  (warning: {NonFiniteReference} NaN/Inf values in MLIR's own result)" : "")
            : $"{Name,-10} {Kind,-5} {Shape,-16} size mismatch  FAIL";
}
