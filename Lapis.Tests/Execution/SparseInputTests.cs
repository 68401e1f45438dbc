using Lapis.Native.Ir;
using Lapis.Tests.Support;
using Lapis.Translator.Check;
using Lapis.Translator.Load;

namespace Lapis.Tests.Execution;

/// <summary>
/// The random sparse inputs of `lapis check` are valid storage for every level format: MLIR
/// builds them (sparse_tensor.convert of a dense array with a seeded random pattern), and each
/// is checked here level by level — positions start at 0 and never decrease (loose: lo &lt;= hi),
/// coordinates are in range and strictly increasing in each segment (non-unique COO: tuples
/// sorted), and every buffer is long enough for what the level before it points to.
/// </summary>
public sealed class SparseInputTests
{
    public static IEnumerable<TestCaseData> Formats()
    {
        TestCaseData Case(string name, string map, long[] shape, string widths = "") =>
            new TestCaseData(map, shape, widths).SetName($"RandomSparseInputIsValidStorage({name})");
        yield return Case("csr", "(d0, d1) -> (d0 : dense, d1 : compressed)", [7, 11]);
        yield return Case("csr_i32", "(d0, d1) -> (d0 : dense, d1 : compressed)", [7, 11], ", posWidth = 32, crdWidth = 32");
        yield return Case("csc", "(d0, d1) -> (d1 : dense, d0 : compressed)", [7, 11]);
        yield return Case("coo", "(d0, d1) -> (d0 : compressed(nonunique), d1 : singleton)", [7, 11]);
        yield return Case("coo_soa", "(d0, d1) -> (d0 : compressed(nonunique), d1 : singleton(soa))", [7, 11]);
        yield return Case("dcsr", "(d0, d1) -> (d0 : compressed, d1 : compressed)", [7, 11]);
        yield return Case("loose_compressed", "(d0, d1) -> (d0 : dense, d1 : loose_compressed)", [7, 11]);
        yield return Case("bsr", "(i, j) -> (i floordiv 2 : dense, j floordiv 3 : compressed, i mod 2 : dense, j mod 3 : dense)", [6, 9]);
        yield return Case("csf", "(d0, d1, d2) -> (d0 : compressed, d1 : compressed, d2 : compressed)", [5, 3, 7]);
        yield return Case("dense_compressed_dense", "(d0, d1, d2) -> (d0 : dense, d1 : compressed, d2 : dense)", [5, 3, 7]);
        yield return Case("vector", "(d0) -> (d0 : compressed)", [13]);
    }

    [TestCaseSource(nameof(Formats))]
    public void RandomSparseInputIsValidStorage(string map, long[] shape, string widths)
    {
        var (levels, storage, fields) = Draw(map, shape, widths);
        Validate(levels, storage, fields);
    }

    /// <summary>The negative control: the same checks reject storage whose coordinates are out of order or out of range.</summary>
    [Test]
    public void CorruptedStorageIsRejected()
    {
        var (levels, storage, fields) = Draw("(d0, d1) -> (d0 : dense, d1 : compressed)", [7, 11], ", posWidth = 32, crdWidth = 32");
        var crd = fields.Select((s, i) => (s, i)).Single(x => x.s.Field.Kind == Lapis.Translator.Sparse.SparseFieldKind.Coordinates).i;
        var reversed = storage.Fields.ToArray();
        reversed[crd] = Enumerable.Range(0, reversed[crd].Length / 4).Reverse().SelectMany(k => reversed[crd].AsSpan(4 * k, 4).ToArray()).ToArray();
        Assert.Throws<AssertionException>(() => Validate(levels, storage with { Fields = reversed }, fields), "reversed coordinates");
        var outOfRange = storage.Fields.ToArray();
        outOfRange[crd] = outOfRange[crd].ToArray();
        BitConverter.TryWriteBytes(outOfRange[crd].AsSpan(0, 4), 11);
        Assert.Throws<AssertionException>(() => Validate(levels, storage with { Fields = outOfRange }, fields), "a coordinate equal to the level size");
    }

    private static (IReadOnlyList<SparseLevel> Levels, PackedSparse Storage, IReadOnlyList<SparseFieldSpec> Fields) Draw(string map, long[] shape, string widths)
    {
        var dense = $"tensor<{string.Join("x", shape)}xf64>";
        var sparse = $"tensor<{string.Join("x", shape)}xf64, #fmt>";
        var source = $"#fmt = #sparse_tensor.encoding<{{ map = {map}{widths} }}>\n" +
                     $"func.func @f(%a: {sparse}) -> {dense} {{\n" +
                     $"  %d = sparse_tensor.convert %a : {sparse} to {dense}\n" +
                     $"  return %d : {dense}\n}}\n";
        using var context = ModuleLoader.CreateContext();
        using var module = Module.Parse(context, source, "formats.mlir");
        var entry = EntrySignature.Find(module, "f", 1);
        var arg = entry.Arguments[0];
        var input = new SeededRandom(11).FillSparse(arg.Kind, arg.ElementCount, 0.3);
        var results = SparseReference.Run(module, entry, [input], 0, out _, out var packed);
        Assert.That(results[0].Data, Is.EqualTo(input), "MLIR's storage does not hold the drawn tensor");

        var levels = module.Body.Operations.First(o => o.Name == "func.func").Attribute("function_type").TypeValue.FunctionInput(0).SparseEncoding!.Value.Levels;
        return (levels, packed[0]!, arg.Sparse!.Fields);
    }

    private static void Validate(IReadOnlyList<SparseLevel> levels, PackedSparse storage, IReadOnlyList<SparseFieldSpec> fields)
    {
        long[] Buffer(Lapis.Translator.Sparse.SparseFieldKind kind, int level)
        {
            var f = fields.Select((s, i) => (s, i)).Single(x => x.s.Field.Kind == kind && x.s.Field.Level == level);
            var bytes = storage.Fields[f.i];
            return Enumerable.Range(0, bytes.Length / f.s.Kind.Size()).Select(k => (long)f.s.Kind.Read(bytes, k)).ToArray();
        }

        long parents = 1, longestSegment = 0;
        for (var l = 0; l < levels.Count; l++)
        {
            var level = levels[l];
            var size = storage.LevelSizes[l];
            switch (level.Format)
            {
                case SparseLevelFormat.Dense:
                    parents *= size;
                    break;
                case SparseLevelFormat.Compressed or SparseLevelFormat.LooseCompressed:
                {
                    var loose = level.Format == SparseLevelFormat.LooseCompressed;
                    var pos = Buffer(Lapis.Translator.Sparse.SparseFieldKind.Positions, l);
                    Assert.That(pos.Length, Is.GreaterThanOrEqualTo(loose ? 2 * parents : parents + 1), $"level {l}: positions");
                    if (!loose) Assert.That(pos[0], Is.Zero, $"level {l}: positions start at 0");
                    // COO (array of structures): the tuples of this and the following singleton levels are interleaved.
                    var aos = !level.Unique && l + 1 < levels.Count && levels[l + 1] is { Format: SparseLevelFormat.Singleton, StructureOfArrays: false };
                    var stride = aos ? levels.Count - l : 1;
                    var crd = Buffer(Lapis.Translator.Sparse.SparseFieldKind.Coordinates, l);
                    long entries = 0;
                    for (long p = 0; p < parents; p++)
                    {
                        var (lo, hi) = loose ? (pos[2 * p], pos[2 * p + 1]) : (pos[p], pos[p + 1]);
                        Assert.That(lo, Is.LessThanOrEqualTo(hi), $"level {l}: segment {p} ends before it starts");
                        Assert.That(hi * stride, Is.LessThanOrEqualTo(crd.Length), $"level {l}: segment {p} points past the coordinates");
                        longestSegment = Math.Max(longestSegment, hi - lo);
                        for (var k = lo; k < hi; k++)
                        {
                            var tuple = crd.AsSpan((int)(k * stride), stride).ToArray();
                            for (var t = 0; t < stride; t++)
                                Assert.That(tuple[t], Is.InRange(0, storage.LevelSizes[l + t] - 1), $"level {l + t}: coordinate of entry {k}");
                            if (k == lo) continue;
                            var previous = crd.AsSpan((int)((k - 1) * stride), stride).ToArray();
                            var order = Compare(previous, tuple);
                            Assert.That(order, level.Unique || aos ? Is.LessThan(0) : Is.LessThanOrEqualTo(0), $"level {l}: entries {k - 1} and {k} of segment {p} are out of order");
                        }
                        entries = Math.Max(entries, hi);
                    }
                    parents = entries;
                    if (aos) l = levels.Count;  // the singleton levels were checked with the tuples
                    break;
                }
                case SparseLevelFormat.Singleton:
                {
                    var crd = Buffer(Lapis.Translator.Sparse.SparseFieldKind.Coordinates, l);
                    Assert.That(crd.Length, Is.GreaterThanOrEqualTo(parents), $"level {l}: singleton coordinates");
                    for (long k = 0; k < parents; k++) Assert.That(crd[k], Is.InRange(0, size - 1), $"level {l}: coordinate of entry {k}");
                    break;
                }
                default:
                    Assert.Fail($"level format {level.Format} is not covered by this test");
                    break;
            }
        }
        var values = storage.Fields[fields.Select((s, i) => (s, i)).Single(x => x.s.Field.Kind == Lapis.Translator.Sparse.SparseFieldKind.Values).i];
        Assert.That(values.Length / 8, Is.GreaterThanOrEqualTo(parents), "values");
        Assert.That(longestSegment, Is.GreaterThanOrEqualTo(2), "the drawn pattern must have a segment with several entries, or order is not tested");
    }

    private static int Compare(long[] a, long[] b)
    {
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return 0;
    }
}
