using Lapis.Native.Ir;

namespace Lapis.Translator.Passes;

/// <summary>Removing iter_args from an <c>scf.for</c> (the C API has no in-place edit of its signature).</summary>
public static class ForIterArgs
{
    /// <summary>The loop's yield without the operands of iter_args <paramref name="indices"/> (a new yield replaces it).</summary>
    public static void DropYielded(Operation loop, IReadOnlyCollection<int> indices)
    {
        var yield = loop.Region(0).FirstBlock.Terminator;
        var kept = yield.Operands.Where((_, k) => !indices.Contains(k)).ToArray();
        var replacement = OpBuilder.For(loop).Create("scf.yield", yield.Location, kept);
        yield.Block.InsertBefore(yield, replacement);
        yield.Erase();
    }

    /// <summary>
    /// Rebuilds <paramref name="loop"/> without iter_args <paramref name="indices"/>, whose results
    /// and block arguments must have no uses left and whose yield operands are gone
    /// (<see cref="DropYielded"/>). The body moves to the new loop; the old one is erased.
    /// </summary>
    public static Operation Drop(Operation loop, IReadOnlyCollection<int> indices)
    {
        var count = loop.ResultCount;
        var kept = Enumerable.Range(0, count).Where(k => !indices.Contains(k)).ToArray();
        foreach (var k in indices)
            if (loop.Result(k).HasUses || loop.Region(0).FirstBlock.Argument(1 + k).HasUses)
                throw new InvalidOperationException($"internal error: iter_arg {k} of the loop at {loop.Location} is still used");
        var b = OpBuilder.For(loop);
        var rebuilt = b.Create("scf.for", loop.Location,
            [loop.Operand(0), loop.Operand(1), loop.Operand(2), .. kept.Select(k => loop.Operand(3 + k))],
            kept.Select(k => loop.Result(k).Type).ToArray(),
            loop.Attributes.Where(a => a.Name != "operandSegmentSizes").ToArray(), regionCount: 1);
        loop.Block.InsertBefore(loop, rebuilt);
        rebuilt.Region(0).TakeBody(loop.Region(0));
        var body = rebuilt.Region(0).FirstBlock;
        foreach (var k in indices.OrderByDescending(k => k)) body.EraseArgument(1 + k);
        for (var j = 0; j < kept.Length; j++) loop.Result(kept[j]).ReplaceAllUsesWith(rebuilt.Result(j));
        loop.Erase();
        return rebuilt;
    }
}
