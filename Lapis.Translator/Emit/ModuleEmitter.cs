// TEMPORARY STUB by the lead so the solution compiles; the emitter helper replaces this file.
using Lapis.Native.Ir;
namespace Lapis.Translator.Emit;
public sealed record EmitOptions(string Namespace, string HeaderFileName, string SourceName);
public sealed record EmittedModule(string Header, string Source);
public static class ModuleEmitter
{
    public static EmittedModule Emit(Module module, EmitOptions options) => throw new NotImplementedException();
}
