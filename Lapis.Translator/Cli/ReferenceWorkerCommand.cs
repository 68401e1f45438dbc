using System.CommandLine;
using Lapis.Translator.Check;

namespace Lapis.Translator.Cli;

/// <summary>
/// Hidden <c>lapis __reference DIR</c>: the child process in which `lapis check` runs MLIR's
/// reference (see <see cref="ReferenceProcess"/>); not for users.
/// </summary>
public static class ReferenceWorkerCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Folder with request.json and the inputs" };
        var command = new Command(ReferenceProcess.WorkerCommand, "Run MLIR's reference of a `lapis check` request (internal).") { dir };
        command.Hidden = true;
        command.SetAction(parse => CommandRunner.Run(() => ReferenceProcess.Serve(parse.GetValue(dir)!)));
        return command;
    }
}
