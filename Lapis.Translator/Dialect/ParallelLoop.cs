using Lapis.Native.Ir;

namespace Lapis.Translator.Dialect;

/// <summary>
/// A typed view of an <c>scf.parallel</c>: its operands are the lower bounds, the upper bounds,
/// the steps (one per dimension, in that order) and then the reduction init values; its body's
/// arguments are the induction variables and its terminator is the <c>scf.reduce</c>.
/// </summary>
public readonly struct ParallelLoop
{
    public ParallelLoop(Operation op)
    {
        if (op.Name != "scf.parallel") throw new ArgumentException($"'{op.Name}' is not scf.parallel", nameof(op));
        Op = op;
    }

    public Operation Op { get; }

    public Block Body => Op.Region(0).FirstBlock;

    /// <summary>Number of dimensions (induction variables).</summary>
    public int Rank => Body.ArgumentCount;

    public Value LowerBound(int d) => Op.Operand(d);
    public Value UpperBound(int d) => Op.Operand(Rank + d);
    public Value Step(int d) => Op.Operand(2 * Rank + d);
    public Value InductionVar(int d) => Body.Argument(d);

    public void SetLowerBound(int d, Value v) => Op.SetOperand(d, v);
    public void SetUpperBound(int d, Value v) => Op.SetOperand(Rank + d, v);
    public void SetStep(int d, Value v) => Op.SetOperand(2 * Rank + d, v);

    public IReadOnlyList<Value> UpperBounds => Enumerable.Range(0, Rank).Select(UpperBound).ToArray();

    /// <summary>The reductions' init values (one per result).</summary>
    public IReadOnlyList<Value> InitValues
    {
        get
        {
            var first = 3 * Rank;
            var op = Op;
            return Enumerable.Range(first, op.OperandCount - first).Select(op.Operand).ToArray();
        }
    }

    /// <summary>The init value of reduction <paramref name="k"/>.</summary>
    public Value InitValue(int k) => Op.Operand(3 * Rank + k);

    public void SetInitValue(int k, Value v) => Op.SetOperand(3 * Rank + k, v);

    /// <summary>The body's <c>scf.reduce</c>.</summary>
    public Operation Reduce => Body.Terminator;
}
