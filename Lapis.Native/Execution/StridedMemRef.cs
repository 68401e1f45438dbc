using System.Runtime.InteropServices;

namespace Lapis.Native.Execution;

/// <summary>
/// An MLIR ranked memref descriptor in native memory, laid out as the C interface expects:
/// { T* allocated; T* aligned; int64 offset; int64 sizes[rank]; int64 strides[rank] }.
/// Owns the descriptor, and the data buffer when it allocated it.
/// </summary>
public sealed unsafe class StridedMemRef : IDisposable
{
    private long* _descriptor;
    private void* _ownedData;

    public int Rank { get; }
    public int ElementSize { get; }

    private StridedMemRef(int rank, int elementSize)
    {
        Rank = rank;
        ElementSize = elementSize;
        _descriptor = (long*)NativeMemory.AllocZeroed((nuint)(3 + 2 * rank), sizeof(long));
    }

    /// <summary>Pointer to the descriptor (what <c>_mlir_ciface_</c> functions take).</summary>
    public void* Descriptor => _descriptor;

    /// <summary>A contiguous row-major memref holding a copy of <paramref name="data"/>.</summary>
    public static StridedMemRef FromRowMajor(ReadOnlySpan<byte> data, IReadOnlyList<long> shape, int elementSize)
    {
        var m = new StridedMemRef(shape.Count, elementSize);
        var bytes = Math.Max(1, data.Length);
        m._ownedData = NativeMemory.AlignedAlloc((nuint)bytes, 64);
        data.CopyTo(new Span<byte>(m._ownedData, data.Length));
        m._descriptor[0] = (long)m._ownedData;
        m._descriptor[1] = (long)m._ownedData;
        m._descriptor[2] = 0;
        long stride = 1;
        for (var d = shape.Count - 1; d >= 0; d--)
        {
            m._descriptor[3 + d] = shape[d];
            m._descriptor[3 + shape.Count + d] = stride;
            stride *= shape[d];
        }
        return m;
    }

    /// <summary>An empty descriptor for a result the callee fills in (the callee allocates the data).</summary>
    public static StridedMemRef ForResult(int rank, int elementSize) => new(rank, elementSize);

    public long Offset => _descriptor[2];
    public long Size(int d) => _descriptor[3 + d];
    public long Stride(int d) => _descriptor[3 + Rank + d];
    public IReadOnlyList<long> Shape => Enumerable.Range(0, Rank).Select(Size).ToArray();

    /// <summary>Copies the elements out in row-major order, following sizes, strides and offset.</summary>
    public byte[] ToRowMajor() => ReadRowMajor(_descriptor, Rank, ElementSize);

    /// <summary>Reads the elements of the descriptor at <paramref name="descriptor"/> (not owned) in row-major order.</summary>
    public static byte[] ReadRowMajor(void* descriptor, int rank, int elementSize)
    {
        var desc = (long*)descriptor;
        long Size(int d) => desc[3 + d];
        long Stride(int d) => desc[3 + rank + d];
        var count = Enumerable.Range(0, rank).Aggregate(1L, (a, d) => a * Size(d));
        var result = new byte[count * elementSize];
        var aligned = (byte*)desc[1];
        var index = new long[rank];
        for (long n = 0; n < count; n++)
        {
            var element = desc[2];
            for (var d = 0; d < rank; d++) element += index[d] * Stride(d);
            new ReadOnlySpan<byte>(aligned + element * elementSize, elementSize).CopyTo(result.AsSpan((int)(n * elementSize)));
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < Size(d)) break;
                index[d] = 0;
            }
        }
        return result;
    }

    public void Dispose()
    {
        if (_ownedData != null) NativeMemory.AlignedFree(_ownedData);
        _ownedData = null;
        if (_descriptor != null) NativeMemory.Free(_descriptor);
        _descriptor = null;
    }
}
