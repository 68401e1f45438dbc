using System.Runtime.InteropServices;

namespace Lapis.Native.Execution;

/// <summary>An argument of a C-interface call: a scalar (Shape null) or a row-major buffer.</summary>
public sealed record CArgument(byte[] Data, int ElementSize, IReadOnlyList<long>? Shape);

/// <summary>A result of a C-interface call: a scalar (Rank null) or a memref of that rank.</summary>
public sealed record CResult(int ElementSize, int? Rank);

/// <summary>A value a call returned: row-major bytes and, for a memref, its extents (empty for scalars).</summary>
public sealed record CResultValue(byte[] Data, IReadOnlyList<long> Shape);

/// <summary>
/// Calls <c>_mlir_ciface_&lt;name&gt;</c> through <see cref="ExecutionEngine.InvokePacked"/>: memrefs are
/// passed as descriptor pointers; one scalar result comes back as the return value, anything
/// else in a struct written through a pointer passed first.
/// </summary>
public static unsafe class CInterfaceCall
{
    public static IReadOnlyList<CResultValue> Invoke(ExecutionEngine engine, string name, IReadOnlyList<CArgument> arguments, IReadOnlyList<CResult> results) =>
        Invoke(engine, name, arguments, results, repeat: 0, out _);

    /// <summary>
    /// Like <see cref="Invoke(ExecutionEngine, string, IReadOnlyList{CArgument}, IReadOnlyList{CResult})"/>, then calls the
    /// function <paramref name="repeat"/> more times on the same buffers and reports the mean time of one call (0 when not repeated).
    /// </summary>
    public static IReadOnlyList<CResultValue> Invoke(ExecutionEngine engine, string name, IReadOnlyList<CArgument> arguments, IReadOnlyList<CResult> results,
        int repeat, out TimeSpan meanCallTime) =>
        Invoke(engine, name, arguments, results, repeat, out meanCallTime, out _);

    /// <summary>Also returns every memref argument's contents after the first call, row-major (null for scalars): what the callee wrote into them.</summary>
    public static IReadOnlyList<CResultValue> Invoke(ExecutionEngine engine, string name, IReadOnlyList<CArgument> arguments, IReadOnlyList<CResult> results,
        int repeat, out TimeSpan meanCallTime, out IReadOnlyList<byte[]?> argumentsAfterCall)
    {
        meanCallTime = TimeSpan.Zero;
        var memrefByArgument = new StridedMemRef?[arguments.Count];
        var memrefs = new List<StridedMemRef>();
        var pinned = new List<GCHandle>();
        var singleScalar = results is [{ Rank: null }];
        var layout = ResultLayout.For(results);
        var resultBuffer = NativeMemory.AllocZeroed((nuint)Math.Max(8, layout.Size));
        var descriptorPointers = (void**)NativeMemory.AllocZeroed((nuint)Math.Max(1, arguments.Count + 1), (nuint)sizeof(void*));
        try
        {
            var packed = new List<nint>();
            if (results.Count > 0 && !singleScalar)
            {
                descriptorPointers[arguments.Count] = resultBuffer;
                packed.Add((nint)(descriptorPointers + arguments.Count));
            }
            for (var i = 0; i < arguments.Count; i++)
            {
                var a = arguments[i];
                if (a.Shape is null)
                {
                    var h = GCHandle.Alloc(a.Data, GCHandleType.Pinned);
                    pinned.Add(h);
                    packed.Add(h.AddrOfPinnedObject());
                }
                else
                {
                    var m = StridedMemRef.FromRowMajor(a.Data, a.Shape, a.ElementSize);
                    memrefs.Add(m);
                    memrefByArgument[i] = m;
                    descriptorPointers[i] = m.Descriptor;
                    packed.Add((nint)(descriptorPointers + i));
                }
            }
            if (singleScalar) packed.Add((nint)resultBuffer);
            var array = packed.ToArray();
            fixed (nint* p = array) engine.InvokePacked(name, (void**)p);
            var outputs = layout.Read((byte*)resultBuffer, results);
            argumentsAfterCall = memrefByArgument.Select(m => m?.ToRowMajor()).ToArray();
            if (repeat > 0)
            {
                // Results the callee allocates are not freed between timed calls (they may alias inputs).
                var clock = System.Diagnostics.Stopwatch.StartNew();
                fixed (nint* p = array)
                    for (var i = 0; i < repeat; i++) engine.InvokePacked(name, (void**)p);
                meanCallTime = clock.Elapsed / repeat;
            }
            return outputs;
        }
        finally
        {
            foreach (var m in memrefs) m.Dispose();
            foreach (var h in pinned) h.Free();
            NativeMemory.Free(resultBuffer);
            NativeMemory.Free(descriptorPointers);
        }
    }

    /// <summary>Field offsets of the result struct: descriptors are 8-byte fields, scalars naturally aligned.</summary>
    private sealed record ResultLayout(IReadOnlyList<int> Offsets, int Size)
    {
        public static ResultLayout For(IReadOnlyList<CResult> results)
        {
            var offsets = new List<int>();
            int offset = 0, maxAlign = 1;
            foreach (var r in results)
            {
                var (size, align) = r.Rank is { } rank ? ((3 + 2 * rank) * 8, 8) : (r.ElementSize, r.ElementSize);
                offset = (offset + align - 1) / align * align;
                offsets.Add(offset);
                offset += size;
                maxAlign = Math.Max(maxAlign, align);
            }
            return new ResultLayout(offsets, (offset + maxAlign - 1) / maxAlign * maxAlign);
        }

        public IReadOnlyList<CResultValue> Read(byte* buffer, IReadOnlyList<CResult> results) =>
            results.Select((r, i) => r.Rank is { } rank
                ? new CResultValue(StridedMemRef.ReadRowMajor(buffer + Offsets[i], rank, r.ElementSize),
                    Enumerable.Range(0, rank).Select(d => ((long*)(buffer + Offsets[i]))[3 + d]).ToArray())
                : new CResultValue(new ReadOnlySpan<byte>(buffer + Offsets[i], r.ElementSize).ToArray(), [])).ToArray();
    }
}
