namespace Lapis.BindingGenerator;

/// <summary>A construct or configuration the generator refuses to guess about; the message names the header location.</summary>
public sealed class GeneratorException(string message) : Exception(message);
