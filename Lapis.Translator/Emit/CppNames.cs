using System.Text;

namespace Lapis.Translator.Emit;

/// <summary>
/// Valid, non-reserved, unique C++ identifiers. A <see cref="CppNames"/> instance is one
/// naming scope (a module's symbols, or a function's locals seeded with them through <see cref="Scope"/>).
/// </summary>
internal sealed class CppNames
{
    /// <summary>Each name taken here, with the order it was taken in (a scope sees its parent's names up to its creation).</summary>
    private readonly Dictionary<string, int> _taken = new(StringComparer.Ordinal);
    private readonly CppNames? _parent;
    private readonly int _parentCount;

    public CppNames(IEnumerable<string>? taken = null)
    {
        foreach (var name in taken ?? []) Take(name);
    }

    private CppNames(CppNames parent, IEnumerable<string>? taken) : this(taken)
    {
        _parent = parent;
        _parentCount = parent._taken.Count;
    }

    /// <summary>
    /// A nested scope that avoids every name taken here so far and <paramref name="taken"/>: the
    /// same as copying them, without copying (a module of many functions would copy all its names per function).
    /// </summary>
    public CppNames Scope(IEnumerable<string>? taken = null) => new(this, taken);

    private bool IsTaken(string name, int before = int.MaxValue) =>
        _taken.TryGetValue(name, out var order) && order < before || _parent is not null && _parent.IsTaken(name, _parentCount);

    private bool TryTake(string name)
    {
        if (IsTaken(name)) return false;
        Take(name);
        return true;
    }

    private void Take(string name) => _taken.TryAdd(name, _taken.Count);

    /// <summary>Claims <paramref name="wanted"/> made valid, with <c>_1</c>, <c>_2</c>... appended until unique.</summary>
    public string Claim(string wanted)
    {
        var name = Sanitize(wanted);
        if (TryTake(name)) return name;
        for (var i = 1; ; i++)
        {
            var candidate = $"{name}_{i}";
            if (TryTake(candidate)) return candidate;
        }
    }

    /// <summary>The next free <c>{prefix}{n}</c> with n counting up from <paramref name="counter"/>.</summary>
    public string ClaimNumbered(string prefix, ref int counter)
    {
        while (true)
        {
            var candidate = prefix + counter++;
            if (TryTake(candidate)) return candidate;
        }
    }

    /// <summary>
    /// Maps any text to an identifier: characters outside [A-Za-z0-9_] become '_', runs of '_'
    /// collapse (names with "__" are reserved), leading '_' is dropped (reserved before an
    /// uppercase letter), a leading digit gets a "v_" prefix, keywords get a '_' suffix.
    /// </summary>
    public static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
            var ch = ok ? c : '_';
            if (ch == '_' && (sb.Length == 0 || sb[^1] == '_')) continue;
            sb.Append(ch);
        }
        while (sb.Length > 0 && sb[^1] == '_') sb.Length--;
        var name = sb.ToString();
        if (name.Length == 0) return "v";
        if (char.IsDigit(name[0])) name = "v_" + name;
        return Reserved.Contains(name) ? name + "_" : name;
    }

    /// <summary>
    /// A name for the global scope (the generated namespace): also avoids every name the headers
    /// of the printed code declare there (<c>nan</c>, <c>exp</c>, <c>div</c>... from &lt;cmath&gt;,
    /// &lt;cstdlib&gt;, &lt;cstdio&gt;, &lt;cstring&gt;, which Kokkos_Core.hpp includes), with a '_' suffix.
    /// </summary>
    public static string GlobalName(string name)
    {
        var usable = IsReserved(name) ? Sanitize(name) : name;
        return IsHeaderDeclared(usable) ? usable + "_" : usable;
    }

    /// <summary>Whether a C library header the printed code includes declares <paramref name="name"/> at global scope.</summary>
    public static bool IsHeaderDeclared(string name) => HeaderDeclared.Contains(name) || HeaderDeclared.Contains(name.TrimEnd('f', 'l'));

    /// <summary>
    /// Global-scope names of the C library headers the printed code includes (directly or
    /// through Kokkos): C11/C++17 &lt;cmath&gt; (each also with an f and l suffix, checked by
    /// trimming), glibc's extra math functions, and &lt;cstdlib&gt;, &lt;cstdio&gt;, &lt;cstring&gt;,
    /// &lt;ctime&gt;, &lt;csignal&gt;, &lt;cerrno&gt;, &lt;cassert&gt;, &lt;cctype&gt;, &lt;pthread.h&gt;, &lt;unistd.h&gt;
    /// names a module file is plausibly called. One list: extend it here.
    /// </summary>
    public static readonly IReadOnlySet<string> HeaderDeclared = new HashSet<string>(StringComparer.Ordinal)
    {
        // <cmath>
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "copysign", "cos", "cosh",
        "erf", "erfc", "exp", "exp2", "expm1", "fabs", "fdim", "floor", "fma", "fmax", "fmin", "fmod", "fpclassify",
        "frexp", "hypot", "ilogb", "isfinite", "isgreater", "isgreaterequal", "isinf", "isless", "islessequal",
        "islessgreater", "isnan", "isnormal", "isunordered", "ldexp", "lgamma", "llrint", "llround", "log", "log10",
        "log1p", "log2", "logb", "lrint", "lround", "modf", "nan", "nearbyint", "nextafter", "nexttoward", "pow",
        "remainder", "remquo", "rint", "round", "scalbln", "scalbn", "signbit", "sin", "sinh", "sqrt", "tan", "tanh",
        "tgamma", "trunc", "abs", "div", "ldiv", "lldiv", "labs", "llabs", "imaxabs", "imaxdiv",
        "float_t", "double_t", "math_errhandling", "assoc_laguerre", "assoc_legendre", "beta", "comp_ellint_1",
        "comp_ellint_2", "comp_ellint_3", "cyl_bessel_i", "cyl_bessel_j", "cyl_bessel_k", "cyl_neumann", "ellint_1",
        "ellint_2", "ellint_3", "expint", "hermite", "laguerre", "legendre", "riemann_zeta", "sph_bessel",
        "sph_legendre", "sph_neumann",
        // glibc's extra math (declared by default with _GNU_SOURCE, which g++ defines)
        "j0", "j1", "jn", "y0", "y1", "yn", "gamma", "drem", "finite", "significand", "exp10", "pow10", "sincos",
        "isinff", "isnanf", "scalb", "lgamma_r", "gamma_r", "fmaxmag", "fminmag", "roundeven", "signgam",
        // <cstdlib>
        "abort", "atexit", "at_quick_exit", "atof", "atoi", "atol", "atoll", "bsearch", "calloc", "exit", "free",
        "getenv", "malloc", "mblen", "mbstowcs", "mbtowc", "qsort", "quick_exit", "rand", "realloc", "srand",
        "strtod", "strtof", "strtol", "strtold", "strtoll", "strtoul", "strtoull", "system", "wcstombs", "wctomb",
        "random", "srandom", "drand48", "erand48", "lrand48", "mrand48", "srand48", "setenv", "unsetenv", "putenv",
        "mkstemp", "mktemp", "realpath", "posix_memalign", "aligned_alloc", "div_t", "ldiv_t", "lldiv_t",
        // <cstdio>
        "clearerr", "fclose", "feof", "ferror", "fflush", "fgetc", "fgetpos", "fgets", "fopen", "fprintf", "fputc",
        "fputs", "fread", "freopen", "fscanf", "fseek", "fsetpos", "ftell", "fwrite", "getc", "getchar", "gets",
        "perror", "printf", "putc", "putchar", "puts", "remove", "rename", "rewind", "scanf", "setbuf", "setvbuf",
        "snprintf", "sprintf", "sscanf", "tmpfile", "tmpnam", "ungetc", "vfprintf", "vprintf", "vsnprintf",
        "vsprintf", "stdin", "stdout", "stderr", "FILE", "fpos_t", "getline", "popen", "pclose", "fileno", "dprintf",
        // <cstring>
        "memchr", "memcmp", "memmove", "memset", "strcat", "strchr", "strcmp", "strcoll", "strcpy", "strcspn",
        "strerror", "strlen", "strncat", "strncmp", "strncpy", "strpbrk", "strrchr", "strspn", "strstr", "strtok",
        "strxfrm", "strdup", "strndup", "index", "rindex", "bzero", "bcmp", "bcopy", "ffs", "basename",
        // <ctime>, <csignal>, <cerrno>, <cassert>, <cctype>
        "clock", "clock_t", "difftime", "mktime", "time", "time_t", "asctime", "ctime", "gmtime", "localtime",
        "strftime", "timespec", "tm", "timezone", "daylight", "tzname", "nanosleep", "signal", "raise", "kill",
        "errno", "isalnum", "isalpha", "isblank", "iscntrl", "isdigit", "isgraph", "islower", "isprint",
        "ispunct", "isspace", "isupper", "isxdigit", "tolower", "toupper",
        // <pthread.h>, <unistd.h> (Kokkos' threads and OpenMP backends)
        "sleep", "usleep", "read", "write", "close", "open", "pipe", "fork", "dup", "dup2", "sync", "access",
        "unlink", "link", "chdir", "getpid", "alarm", "pause", "select", "poll", "wait", "environ", "optarg",
        "optind", "getopt", "sysconf", "truncate", "ftruncate", "lseek", "nice", "exec", "execv", "execvp",
    };

    /// <summary>
    /// True for names a namespace or identifier of ours must not take: C++ keywords, the names the
    /// printed code refers to (<c>std</c>, <c>Kokkos</c>...), and identifiers the standard reserves
    /// (containing <c>__</c>, or starting with <c>_</c>).
    /// </summary>
    public static bool IsReserved(string name) =>
        Reserved.Contains(name) || name.Contains("__", StringComparison.Ordinal) || name.StartsWith('_');

    /// <summary>C++ keywords and names the generated code itself refers to unqualified.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
        "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval",
        "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype",
        "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern",
        "false", "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace",
        "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected",
        "public", "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
        "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
        "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
        "volatile", "wchar_t", "while", "xor", "xor_eq",
        // Names the printed code uses.
        "std", "Kokkos", "lapis_rt", "lapis_math", "lapis_bf16_t", "initialize", "finalize", "last_error",
        "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
        "size_t", "ptrdiff_t", "memcpy",
        "INT8_MIN", "INT16_MIN", "INT32_MIN", "INT64_MIN", "INT64_C", "NULL",
    };
}
