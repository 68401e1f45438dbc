using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Ir;
using Lapis.Native.Support;

namespace Lapis.Native.Passes;

/// <summary>
/// A C# rewrite pattern rooted at one op name, built with mlirOpRewritePatternCreate and
/// applied by MLIR's greedy driver (<see cref="GreedyRewriteDriver"/>).
/// </summary>
public abstract class RewritePattern
{
    public abstract string RootOperation { get; }
    public virtual int Benefit => 1;

    /// <summary>Returns true when it matched and rewrote; false leaves the IR untouched.</summary>
    public abstract bool MatchAndRewrite(Operation op, Rewriter rewriter);
}

/// <summary>Applies C# patterns with mlirApplyPatternsAndFoldGreedilyWithOp.</summary>
public static unsafe class GreedyRewriteDriver
{
    /// <summary>Applies the patterns to everything nested in <paramref name="root"/> until fixpoint; false if it did not converge.</summary>
    public static bool Apply(Operation root, IEnumerable<RewritePattern> patterns)
    {
        var context = Mlir.mlirOperationGetContext(root.Raw);
        var set = Mlir.mlirRewritePatternSetCreate(context);
        foreach (var pattern in patterns)
        {
            var callbacks = new MlirRewritePatternCallbacks { construct = null, destruct = &Destruct, matchAndRewrite = &MatchAndRewrite };
            var handle = (void*)GCHandle.ToIntPtr(GCHandle.Alloc(pattern));
            var raw = StringRef.With(pattern.RootOperation, name =>
                Mlir.mlirOpRewritePatternCreate(name, (uint)pattern.Benefit, context, callbacks, handle, 0, null));
            Mlir.mlirRewritePatternSetAdd(set, raw);
        }
        var frozen = Mlir.mlirFreezeRewritePattern(set);
        var config = Mlir.mlirGreedyRewriteDriverConfigCreate();
        try
        {
            var ok = Mlir.mlirApplyPatternsAndFoldGreedilyWithOp(root.Raw, frozen, config).value != 0;
            NativeCallbackErrors.ThrowPending();
            return ok;
        }
        finally
        {
            Mlir.mlirGreedyRewriteDriverConfigDestroy(config);
            Mlir.mlirFrozenRewritePatternSetDestroy(frozen);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Destruct(void* userData) => GCHandle.FromIntPtr((IntPtr)userData).Free();

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static MlirLogicalResult MatchAndRewrite(MlirRewritePattern pattern, MlirOperation op, MlirPatternRewriter rewriter, void* userData)
    {
        try
        {
            var target = (RewritePattern)GCHandle.FromIntPtr((IntPtr)userData).Target!;
            var matched = target.MatchAndRewrite(new Operation(op), new Rewriter(Mlir.mlirPatternRewriterAsBase(rewriter)));
            return new MlirLogicalResult { value = (sbyte)(matched ? 1 : 0) };
        }
        catch (Exception e)
        {
            NativeCallbackErrors.Record(e);
            return new MlirLogicalResult { value = 0 };
        }
    }
}
