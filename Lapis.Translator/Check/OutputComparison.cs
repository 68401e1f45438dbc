namespace Lapis.Translator.Check;

/// <summary>
/// How one output of the translated code compares with MLIR's own execution.
/// <paramref name="NonFiniteReference"/> counts NaN/Inf elements of MLIR's result (a NaN or an
/// infinity of ours matches only the same value there); <paramref name="NonFiniteOurs"/> counts
/// elements where ours is NaN/Inf and MLIR's is not (always a failure).
/// </summary>
public sealed record OutputComparison(string Name, ElementKind Kind, string Shape, double MaxAbsError, double MaxRelError, double Tolerance, bool ShapeMatches,
    long NonFiniteReference = 0, long NonFiniteOurs = 0, long ElementCount = 0)
{
    /// <summary>
    /// Within tolerance, no NaN/Inf of ours where MLIR's is finite, and not entirely NaN/Inf in
    /// MLIR's result (an output that is NaN everywhere on both sides proves nothing).
    /// </summary>
    public bool Passed => ShapeMatches && MaxRelError <= Tolerance && NonFiniteOurs == 0 && !AllNonFinite;

    /// <summary>Every element of MLIR's result is NaN or infinite.</summary>
    public bool AllNonFinite => ElementCount > 0 && NonFiniteReference == ElementCount;

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
        var mismatch = false;
        long nonFiniteReference = 0, nonFiniteOurs = 0;
        var size = spec.Kind.Size();
        for (long i = 0; i < n; i++)
        {
            var r = spec.Kind.Read(reference, i);
            var o = spec.Kind.Read(ours, i);
            if (!double.IsFinite(r))
            {
                nonFiniteReference++;
                // NaN matches NaN, +inf matches +inf: anything else is a mismatch.
                mismatch |= double.IsNaN(r) ? !double.IsNaN(o) : r != o;
                continue;
            }
            if (!double.IsFinite(o)) { nonFiniteOurs++; continue; }
            // Integers are compared bit for bit (a double holds only 53 of an i64's bits).
            if (spec.Kind is not ElementKind.I1 && !spec.Kind.IsFloat() && !reference.AsSpan((int)(i * size), size).SequenceEqual(ours.AsSpan((int)(i * size), size))) mismatch = true;
            maxAbs = Math.Max(maxAbs, Math.Abs(r - o));
            maxRef = Math.Max(maxRef, Math.Abs(r));
        }
        var failed = mismatch || nonFiniteOurs > 0;
        var rel = failed ? double.PositiveInfinity : maxAbs == 0 ? 0 : maxAbs / Math.Max(maxRef, double.Epsilon);
        return new OutputComparison(spec.Name, spec.Kind, spec.ShapeText, failed ? double.PositiveInfinity : maxAbs, rel, ToleranceFor(spec.Kind), true,
            nonFiniteReference, nonFiniteOurs, n);
    }

    public override string ToString() =>
        ShapeMatches
            ? $"{Name,-10} {Kind,-5} {Shape,-16} max abs err {MaxAbsError:E2}  max rel err {MaxRelError:E2}  (tol {Tolerance:E0})  {(Passed ? "PASS" : "FAIL")}" +
              (NonFiniteOurs > 0 ? $"  ({NonFiniteOurs} NaN/Inf values in ours where MLIR's are finite)" : "") +
              (AllNonFinite ? $"  (MLIR's own result is NaN/Inf everywhere: nothing is compared)"
                  : NonFiniteReference > 0 ? $"  (warning: {NonFiniteReference} NaN/Inf values in MLIR's own result)" : "")
            : $"{Name,-10} {Kind,-5} {Shape,-16} size mismatch  FAIL";
}
