using System.Text.RegularExpressions;
using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// The tensor-file functions of MLIR's sparse runtime that <c>sparse_tensor.new</c> and
/// <c>sparse_tensor.out</c> become when the sparsifier runs without its runtime library
/// (<c>getTensorFilename</c>, <c>createCheckedSparseTensorReader</c>,
/// <c>getSparseTensorReaderDimSizes/NSE/ReadToBuffers{C}{V}</c>, <c>delSparseTensorReader</c>,
/// <c>createSparseTensorWriter</c>, <c>outSparseTensorWriterMetaData/Next{V}</c>,
/// <c>delSparseTensorWriter</c>): printed as calls of the <c>lapis_rt</c> helpers of
/// <see cref="Helper.TensorFiles"/> (lapis_tensor_files.hpp), which read and write the same
/// files as MLIR's runtime. Their <c>!llvm.ptr</c> handles are <c>void*</c>.
/// </summary>
internal static partial class TensorFilePrinters
{
    private static readonly Dictionary<string, string> Fixed = new(StringComparer.Ordinal)
    {
        ["getTensorFilename"] = "get_tensor_filename",
        ["createCheckedSparseTensorReader"] = "create_tensor_file_reader",
        ["getSparseTensorReaderDimSizes"] = "tensor_file_reader_dim_sizes",
        ["getSparseTensorReaderNSE"] = "tensor_file_reader_nse",
        ["delSparseTensorReader"] = "delete_tensor_file_reader",
        ["createSparseTensorWriter"] = "create_tensor_file_writer",
        ["outSparseTensorWriterMetaData"] = "tensor_file_writer_meta_data",
        ["delSparseTensorWriter"] = "delete_tensor_file_writer",
    };

    /// <summary>The value-type suffixes of MLIR's runtime (MLIR_SPARSETENSOR_FOREVERY_V).</summary>
    private const string ValueNames = "F64|F32|F16|BF16|I64|I32|I16|I8|C64|C32";

    [GeneratedRegex($"^getSparseTensorReaderReadToBuffers(0|64|32|16|8)({ValueNames})$")]
    private static partial Regex ReadToBuffers();

    [GeneratedRegex($"^outSparseTensorWriterNext({ValueNames})$")]
    private static partial Regex WriterNext();

    public static bool IsTensorFileFunction(string symbol) =>
        Fixed.ContainsKey(symbol) || ReadToBuffers().IsMatch(symbol) || WriterNext().IsMatch(symbol);

    /// <summary>Prints a call of a tensor-file function; false when <paramref name="op"/> calls something else.</summary>
    public static bool TryPrint(CppEmitter e, Operation op, string callee)
    {
        string helper;
        if (Fixed.TryGetValue(callee, out var name)) helper = name;
        else if (ReadToBuffers().Match(callee) is { Success: true } read)
        {
            RejectComplex(op, read.Groups[2].Value, "sparse_tensor.new");
            helper = "tensor_file_read_to_buffers";
        }
        else if (WriterNext().Match(callee) is { Success: true } next)
        {
            RejectComplex(op, next.Groups[1].Value, "sparse_tensor.out");
            helper = "tensor_file_writer_next";
        }
        else return false;
        CheckSignature(op, callee);
        e.Helpers.Require(Helper.TensorFiles);
        var args = string.Join(", ", op.Operands.Select(v => v.Type.IsIndex ? $"static_cast<uint64_t>({e.Expr(v)})" : e.Expr(v)));
        // The dimension sizes come back in a new View of the result's type.
        var call = callee == "getSparseTensorReaderDimSizes"
            ? $"lapis_rt::{helper}<{e.TypeOf(op.Result(0))}>({args})"
            : $"lapis_rt::{helper}({args})";
        if (op.ResultCount == 0 || !op.Result(0).HasUses) e.W.Line(call + ";");
        else if (op.Result(0).Type.IsIndex) e.Define(op.Result(0), $"static_cast<{e.TypeOf(op.Result(0))}>({call})");
        else e.Define(op.Result(0), call);
        return true;
    }

    private static void RejectComplex(Operation op, string valueName, string sparseOp)
    {
        if (valueName.StartsWith('C'))
            throw TranslationException.At(op.Location,
                $"unsupported operation '{sparseOp}': a tensor file of complex values (@{op.Attribute("callee").FlatSymbolRefValue}); Lapis reads and writes real and integer values only");
    }

    /// <summary>The operand and result kinds MLIR's runtime declares, so a mismatched declaration is a located error, not bad C++.</summary>
    private static void CheckSignature(Operation op, string callee)
    {
        var (operands, results) = callee switch
        {
            "getTensorFilename" => ("i", "p"),
            "createCheckedSparseTensorReader" => ("pmn", "p"),
            "getSparseTensorReaderDimSizes" => ("p", "m"),
            "getSparseTensorReaderNSE" => ("p", "i"),
            "delSparseTensorReader" or "delSparseTensorWriter" => ("p", ""),
            "createSparseTensorWriter" => ("p", "p"),
            "outSparseTensorWriterMetaData" => ("piim", ""),
            _ when callee.StartsWith("outSparseTensorWriterNext", StringComparison.Ordinal) => ("pimm", ""),
            _ => ("pmmmm", "b"),
        };
        bool Fits(Native.Ir.Type t, char kind) => kind switch
        {
            'p' => t.IsLLVMPointer,
            'i' => t.IsIndex || (t.IsInteger && t.IntegerWidth == 64),
            'n' => t.IsInteger && t.IntegerWidth == 32,
            'b' => t.IsInteger && t.IntegerWidth == 1,
            _ => t.IsMemRef,
        };
        var ok = op.OperandCount == operands.Length && op.ResultCount == results.Length
            && op.Operands.Select((v, i) => Fits(v.Type, operands[i])).All(x => x)
            && op.Results.Select((v, i) => Fits(v.Type, results[i])).All(x => x);
        if (!ok)
            throw CppEmitter.Unsupported(op, $"@{callee} with a signature other than the one of MLIR's sparse runtime (SparseTensorRuntime.h)");
    }
}
