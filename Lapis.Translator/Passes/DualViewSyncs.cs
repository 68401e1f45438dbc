using Lapis.Native.Ir;

namespace Lapis.Translator.Passes;

/// <summary>
/// Inserts <c>kokkos.sync</c> / <c>kokkos.modify</c> for one buffer placed on both host and
/// device (DualView semantics), given its uses (<see cref="BufferUses"/>). Walking each block in
/// order, an op whose uses of the buffer are all in one space S (a kernel, or a whole host loop)
/// joins the current run of S-ops; a run gets <c>sync S</c> before its first op when S may be
/// stale, and <c>modify S</c> after its last op when it writes. So a host loop touching the
/// buffer gets one sync before it and one modify after it. An op with uses in both spaces (a loop
/// around a kernel and host code) is entered: its body gets its own syncs, executed every
/// iteration; DualView's modified flags make those that are not needed at run time free.
/// Arguments start valid on the device only, allocations valid everywhere (nothing to copy).
/// </summary>
public static class DualViewSyncs
{
    private readonly record struct Effect(bool Host, bool Device, bool WritesHost, bool WritesDevice)
    {
        public Effect Join(BufferUse u) => u.Space == BufferSpace.Host
            ? this with { Host = true, WritesHost = WritesHost || u.Writes }
            : this with { Device = true, WritesDevice = WritesDevice || u.Writes };
    }

    public static void Insert(Operation func, Value root, IReadOnlyList<BufferUse> uses)
    {
        // The effect of every op on the buffer: the union of the uses nested in it.
        var effects = new Dictionary<Operation, Effect>();
        foreach (var use in uses)
        {
            for (var op = use.Op; !op.IsNull && op != func; op = op.ParentOperation)
                effects[op] = effects.GetValueOrDefault(op).Join(use);
        }
        var isArgument = root.IsBlockArgument;
        var block = isArgument ? func.Region(0).FirstBlock : root.DefiningOp.Block;
        // stale[Host], stale[Device]: that space's copy may be out of date.
        var stale = new[] { isArgument, false };
        new Walker(root, effects, OpBuilder.For(func)).Process(block, stale);
    }

    private sealed class Walker(Value root, Dictionary<Operation, Effect> effects, OpBuilder b)
    {
        private BufferSpace? _run;
        private Operation _runLast;
        private bool _runWrites;

        public void Process(Block block, bool[] stale)
        {
            _run = null;
            foreach (var op in block.Operations)
            {
                if (!effects.TryGetValue(op, out var effect)) continue;
                if (effect.Host != effect.Device)
                {
                    var space = effect.Host ? BufferSpace.Host : BufferSpace.Device;
                    if (_run != space)
                    {
                        CloseRun(stale);
                        _run = space;
                        if (stale[(int)space])
                        {
                            op.Block.InsertBefore(op, Create("kokkos.sync", space, op.Location));
                            stale[(int)space] = false;
                        }
                    }
                    _runLast = op;
                    _runWrites |= space == BufferSpace.Host ? effect.WritesHost : effect.WritesDevice;
                    continue;
                }
                CloseRun(stale);
                // Uses in both spaces: each region starts (every iteration) from what may be stale
                // on entry or after a write in the other space anywhere in the op.
                var after = new[] { stale[0] || effect.WritesDevice, stale[1] || effect.WritesHost };
                foreach (var region in op.Regions)
                foreach (var inner in region.Blocks)
                    new Walker(root, effects, b).Process(inner, (bool[])after.Clone());
                after.CopyTo(stale, 0);
            }
            CloseRun(stale);
        }

        private void CloseRun(bool[] stale)
        {
            if (_run is { } space && _runWrites)
            {
                // After the run's last op; when that op ends its block it is the terminator (a
                // func.return or yield passing the buffer on, which writes nothing): just before it.
                var modify = Create("kokkos.modify", space, _runLast.Location);
                var next = _runLast.Next;
                if (next.IsNull) _runLast.Block.InsertBefore(_runLast, modify);
                else next.Block.InsertBefore(next, modify);
                stale[space == BufferSpace.Host ? (int)BufferSpace.Device : (int)BufferSpace.Host] = true;
            }
            _run = null;
            _runWrites = false;
        }

        private Operation Create(string name, BufferSpace space, Location location) =>
            b.Create(name, location, operands: [root], attributes: [("space", b.String(space == BufferSpace.Host ? "host" : "device"))]);
    }
}
