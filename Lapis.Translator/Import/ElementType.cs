using Onnx;

namespace Lapis.Translator.Import;

/// <summary>An ONNX tensor element type and its MLIR spelling (integers are signless; unsignedness is kept here).</summary>
public sealed record ElementType(string Mlir, int Bytes, bool IsFloat, bool IsUnsigned, int OnnxCode)
{
    public bool IsBool => Mlir == "i1";
    public bool IsInteger => !IsFloat;
    public int Bits => IsBool ? 1 : Bytes * 8;

    public static readonly ElementType F32 = new("f32", 4, true, false, 1);
    public static readonly ElementType F64 = new("f64", 8, true, false, 11);
    public static readonly ElementType F16 = new("f16", 2, true, false, 10);
    public static readonly ElementType BF16 = new("bf16", 2, true, false, 16);
    public static readonly ElementType I64 = new("i64", 8, false, false, 7);
    public static readonly ElementType I32 = new("i32", 4, false, false, 6);
    public static readonly ElementType I16 = new("i16", 2, false, false, 5);
    public static readonly ElementType I8 = new("i8", 1, false, false, 3);
    public static readonly ElementType U8 = new("i8", 1, false, true, 2);
    public static readonly ElementType U16 = new("i16", 2, false, true, 4);
    public static readonly ElementType U32 = new("i32", 4, false, true, 12);
    public static readonly ElementType U64 = new("i64", 8, false, true, 13);
    public static readonly ElementType Bool = new("i1", 1, false, false, 9);

    private static readonly ElementType[] All = [F32, F64, F16, BF16, I64, I32, I16, I8, U8, U16, U32, U64, Bool];

    /// <summary>The element type of an ONNX <c>TensorProto.DataType</c> code, or null when Lapis has none for it (string, complex).</summary>
    public static ElementType? FromOnnx(int code) => All.FirstOrDefault(e => e.OnnxCode == code);

    public static string OnnxName(int code) => Enum.IsDefined(typeof(TensorProto.Types.DataType), code)
        ? ((TensorProto.Types.DataType)code).ToString().ToLowerInvariant() : $"data type {code}";

    public override string ToString() => OnnxName(OnnxCode);
}
