using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lapis.Tests.Support;
using Lapis.Translator.Cli;

namespace Lapis.Tests.Cli;

/// <summary>
/// <c>lapis __serve</c> (the fuzzer's fast path) answers each command line with what a one-shot
/// <c>lapis</c> process gives: same exit code, same stderr, same files; a crash of its persistent
/// worker is the same internal compiler error, and the next request gets a fresh worker.
/// </summary>
public sealed partial class WorkerServerTests
{
    private const string Trivial = "func.func @f(%a: memref<4xf32>) {\n  return\n}\n";
    private TempDirectory _tmp = null!;

    [SetUp]
    public void Create() => _tmp = new TempDirectory("lapis-serve-");

    [TearDown]
    public void Remove() => _tmp.Dispose();

    private string PathOf(string name) => Path.Combine(_tmp.Path, name);

    private static List<WorkerServer.Response> Serve(IEnumerable<string[]> requests, string? crashIn = null)
    {
        var psi = new ProcessStartInfo(TestPaths.LapisCli, WorkerServer.Command)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        if (crashIn is not null) psi.Environment[WorkerStage.CrashVariable] = crashIn;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var answers = new List<WorkerServer.Response>();
        foreach (var args in requests)
        {
            p.StandardInput.WriteLine(JsonSerializer.Serialize(new WorkerServer.Request(args)));
            p.StandardInput.Flush();
            var line = p.StandardOutput.ReadLine();
            Assert.That(line, Is.Not.Null, stderr.IsCompleted ? stderr.Result : "lapis __serve ended");
            answers.Add(JsonSerializer.Deserialize<WorkerServer.Response>(line!)!);
        }
        p.StandardInput.Close();
        Assert.That(p.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "the server ends at the end of its input");
        Assert.That(p.ExitCode, Is.EqualTo(0), stderr.Result);
        return answers;
    }

    private static string WithoutReproducerName(string stderr) => Reproducer().Replace(stderr, "REPRODUCER");

    [GeneratedRegex(@"/\S*lapis-reproducer-\S+\.mlir")]
    private static partial Regex Reproducer();

    [Test]
    public void AnswersAreThoseOfOneShotRuns()
    {
        var good = PathOf("good.mlir");
        File.WriteAllText(good, Trivial);
        var bad = PathOf("bad.mlir");
        File.WriteAllText(bad, "func.func @f( {\n");
        string[][] requests =
        [
            ["translate", good, "-o", PathOf("good.cpp")],
            ["translate", bad, "-o", PathOf("bad.cpp")],
            ["opt", good, "--pass-pipeline", "builtin.module(canonicalize)"],
            ["opt", good, "--pass-pipeline", "builtin.module(lapis-kokkos-loop-mapping{]"],
            ["translate", good, "-o", good],
        ];
        var served = Serve(requests);
        var cpp = File.ReadAllText(PathOf("good.cpp"));
        File.Delete(PathOf("good.cpp"));
        File.Delete(PathOf("good.hpp"));
        for (var i = 0; i < requests.Length; i++)
        {
            var direct = ProcessRunner.Lapis(requests[i]);
            Assert.That(served[i].Exit, Is.EqualTo(direct.ExitCode), string.Join(' ', requests[i]));
            Assert.That(served[i].Stderr, Is.EqualTo(direct.StdErr), string.Join(' ', requests[i]));
            Assert.That(served[i].Stdout, Is.EqualTo(direct.StdOut), string.Join(' ', requests[i]));
        }
        Assert.That(served.Select(r => r.Exit), Is.EqualTo(new[] { 0, 1, 0, 1, 1 }));
        Assert.That(File.ReadAllText(PathOf("good.cpp")), Is.EqualTo(cpp), "same C++ from the server and from a one-shot run");
    }

    [Test]
    public void ACrashedWorkerIsReportedLikeAOneShotCrashAndReplaced()
    {
        var input = PathOf("a.mlir");
        File.WriteAllText(input, Trivial);
        string[] translate = ["translate", input, "-o", PathOf("out.cpp")];
        string[] opt = ["opt", input, "--pass-pipeline", "builtin.module(canonicalize)"];
        // The planted crash is in C++ emission: translate dies there, opt never gets there.
        var served = Serve([translate, opt, translate, opt], crashIn: "C++ emission");
        Assert.That(served.Select(r => r.Exit), Is.EqualTo(new[] { 1, 0, 1, 0 }));
        var direct = ProcessRunner.Bash($"{WorkerStage.CrashVariable}='C++ emission' '{TestPaths.LapisCli}' translate '{input}' -o '{PathOf("out.cpp")}'");
        Assert.That(direct.StdErr, Does.Contain("internal compiler error in C++ emission (signal 11)"));
        foreach (var r in new[] { served[0], served[2] })
            Assert.That(WithoutReproducerName(r.Stderr), Is.EqualTo(WithoutReproducerName(direct.StdErr)));
        Assert.That(served[1].Stdout, Does.Contain("func.func @f"), "the next request ran in a fresh worker");
        foreach (var path in Reproducer().Matches(string.Concat(served.Select(r => r.Stderr)) + direct.StdErr).Select(m => m.Value))
            File.Delete(path);
        Assert.That(Directory.EnumerateFileSystemEntries(_tmp.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "a.mlir" }), "no output, no temp file");
    }
}
