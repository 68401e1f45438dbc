using Google.Protobuf;
using Lapis.Tests.Support;
using Lapis.Translator.Check;
using Onnx;

namespace Lapis.Tests.Execution;

/// <summary>
/// A call whose dynamic shapes disagree (torch-mlir's cf.assert on the K dimensions of a GEMM; an
/// ONNX model whose two inputs share the symbolic dimension <c>batch</c>) returns 1 from its
/// extern "C" entry with the assertion's located message in <c>ns_last_error()</c> — the calling
/// process goes on — and the next correct call gives bit for bit what the same call gave before.
/// </summary>
public sealed class HostAssertExternCTests
{
    /// <summary>torch-mlir's dynamic GEMM (as in ../shared/inputs/gemm_dynamic.mlir); the cf.assert is on line 7.</summary>
    private const string Gemm = """
        func.func @forward(%arg0: tensor<?x?xf32>, %arg1: tensor<?x?xf32>, %arg2: tensor<?x?xf32>) -> tensor<?x?xf32> {
          %c0 = arith.constant 0 : index
          %c1 = arith.constant 1 : index
          %dim_1 = tensor.dim %arg0, %c1 : tensor<?x?xf32>
          %dim_2 = tensor.dim %arg1, %c0 : tensor<?x?xf32>
          %0 = arith.cmpi eq, %dim_1, %dim_2 : index
          cf.assert %0, "mismatching contracting dimension for torch.aten.mm"
          %3 = linalg.matmul ins(%arg0, %arg1 : tensor<?x?xf32>, tensor<?x?xf32>) outs(%arg2 : tensor<?x?xf32>) -> tensor<?x?xf32>
          return %3 : tensor<?x?xf32>
        }

        """;

    /// <summary>z = x + y with x, y, z all [batch, 4].</summary>
    private static byte[] PairModel()
    {
        static ValueInfoProto Tensor(string name)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 4 });
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
        }
        var node = new NodeProto { OpType = "Add", Name = "add" };
        node.Input.AddRange(["x", "y"]);
        node.Output.Add("z");
        var graph = new GraphProto { Name = "g" };
        graph.Node.Add(node);
        graph.Input.AddRange([Tensor("x"), Tensor("y")]);
        graph.Output.Add(Tensor("z"));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    [Test]
    public void AMismatchingCallReturnsTheLocatedMessageAndTheNextCallWorks()
    {
        using var temp = new TempDirectory("lapis-host-assert-");
        var work = temp.Path;
        File.WriteAllText(Path.Combine(work, "gemm.mlir"), Gemm);
        File.WriteAllBytes(Path.Combine(work, "pair.onnx"), PairModel());
        foreach (var (name, input) in new[] { ("gemm", "gemm.mlir"), ("pair", "pair.onnx") })
        {
            var r = ProcessRunner.Lapis("translate", Path.Combine(work, input), "-o", Path.Combine(work, name + ".cpp"), "--namespace", name);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        }
        File.WriteAllText(Path.Combine(work, "driver.cpp"), Driver);
        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("host_assert", ["driver.cpp"]);
        project.Build();
        var output = project.RunExecutable("host_assert");
        Assert.That(output, Does.Contain("gemm mismatch: rc 1: gemm.mlir:7:3: mismatching contracting dimension for torch.aten.mm\n"), output);
        Assert.That(output, Does.Contain("pair mismatch: rc 1: pair.onnx:1:1: symbolic dimension 'batch': dimension 0 of input 'y' differs from dimension 0 of input 'x'\n"), output);
        Assert.That(output, Does.Contain("gemm after: rc 0, 3x2, same as before\n"), output);
        Assert.That(output, Does.Contain("pair after: rc 0, 3x4, same as before\n"), output);
        Assert.That(output.TrimEnd(), Does.EndWith("DONE"), output);
    }

    private const string Driver = """
        #include "gemm.cpp"
        #include "pair.cpp"
        #include <cstdio>
        #include <vector>

        // Calls an entry with one dense result; returns its rc and the result (empty on failure).
        template <class Call>
        int call(Call entry, std::vector<float>& out, int64_t* extents, int64_t count_of_extents) {
          float* result = nullptr;
          int rc = entry(&result, extents);
          out.clear();
          if (rc == 0) {
            int64_t n = 1;
            for (int64_t d = 0; d < count_of_extents; ++d) n *= extents[d];
            out.assign(result, result + n);
          }
          if (result) std::free(result);
          return rc;
        }

        int main() {
          if (gemm_initialize(nullptr) != 0 || pair_initialize(nullptr) != 0) return 2;
          std::vector<float> a(3 * 4), b(4 * 2), wrong_b(5 * 2), c(3 * 2, 0.0f), x(3 * 4), y(3 * 4), long_y(5 * 4);
          for (size_t i = 0; i < a.size(); ++i) a[i] = 0.5f * i - 1.0f;
          for (size_t i = 0; i < b.size(); ++i) b[i] = 0.25f * i + 0.125f;
          for (size_t i = 0; i < wrong_b.size(); ++i) wrong_b[i] = 1.0f;
          for (size_t i = 0; i < x.size(); ++i) { x[i] = 1.5f * i; y[i] = -0.5f * i; }
          for (size_t i = 0; i < long_y.size(); ++i) long_y[i] = 2.0f;
          const int64_t a_ext[2] = {3, 4}, b_ext[2] = {4, 2}, wrong_b_ext[2] = {5, 2}, c_ext[2] = {3, 2};
          const int64_t x_ext[2] = {3, 4}, long_y_ext[2] = {5, 4};
          int64_t ext[2];

          auto gemm = [&](const std::vector<float>& rhs, const int64_t* rhs_ext) {
            return [&, rhs_ext](float** r, int64_t* e) {
              return gemm_forward(a.data(), a_ext, const_cast<float*>(rhs.data()), rhs_ext, c.data(), c_ext, r, e);
            };
          };
          auto pair = [&](std::vector<float>& rhs, const int64_t* rhs_ext) {
            return [&, rhs_ext](float** r, int64_t* e) { return pair_forward(x.data(), x_ext, rhs.data(), rhs_ext, r, e); };
          };

          std::vector<float> before, after, failed;
          int rc = call(gemm(b, b_ext), before, ext, 2);
          if (rc != 0) { std::printf("gemm first call failed: %s\n", gemm_last_error()); return 3; }
          rc = call(gemm(wrong_b, wrong_b_ext), failed, ext, 2);
          std::printf("gemm mismatch: rc %d: %s\n", rc, gemm_last_error());
          rc = call(gemm(b, b_ext), after, ext, 2);
          std::printf("gemm after: rc %d, %lldx%lld, %s\n", rc, (long long)ext[0], (long long)ext[1], after == before ? "same as before" : "DIFFERENT");

          rc = call(pair(y, x_ext), before, ext, 2);
          if (rc != 0) { std::printf("pair first call failed: %s\n", pair_last_error()); return 3; }
          rc = call(pair(long_y, long_y_ext), failed, ext, 2);
          std::printf("pair mismatch: rc %d: %s\n", rc, pair_last_error());
          rc = call(pair(y, x_ext), after, ext, 2);
          std::printf("pair after: rc %d, %lldx%lld, %s\n", rc, (long long)ext[0], (long long)ext[1], after == before ? "same as before" : "DIFFERENT");

          pair_finalize();
          gemm_finalize();
          std::printf("DONE\n");
          return 0;
        }
        """;
}
