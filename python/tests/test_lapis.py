"""Tests of the lapis Python package: a PyTorch MLP and the CSR kernels of examples/pytorch/spmv.mlir,
each compiled once (the second compile is a cache hit), checked against PyTorch / SciPy.

Run: PYTHONPATH=python /usr/bin/python3 -m unittest discover -s python/tests -v
(LAPIS_CLI, LAPIS_KOKKOS_ROOT, LAPIS_CACHE_DIR as in the README). Needs torch, onnx, numpy, scipy:
without torch the tests are skipped unless LAPIS_REQUIRE_PYTHON_MODULES=1.
"""
import os
import sys
import time
import unittest
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "python"))

try:
    import torch
    import onnx
    import scipy.sparse
except ImportError as e:  # pragma: no cover
    if os.environ.get("LAPIS_REQUIRE_PYTHON_MODULES") == "1":
        raise
    raise unittest.SkipTest(f"Debian's python3 lacks {e.name} (build.ps1 setup installs python3-torch python3-onnx python3-scipy)")

import lapis

SPMV_MLIR = os.path.join(REPO, "examples", "pytorch", "spmv.mlir")


def normwise(ours, ref):
    ours, ref = np.asarray(ours, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    return np.max(np.abs(ours - ref)) / max(np.max(np.abs(ref)), 1e-30)


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def mlp_model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(7, 31), torch.nn.Tanh(), torch.nn.Linear(31, 31), torch.nn.GELU(),
                               torch.nn.Linear(31, 3)).eval()


def random_csr(rng, m, n, density=0.2):
    a = scipy.sparse.random(m, n, density=density, format="csr", random_state=rng, dtype=np.float64)
    a.sort_indices()
    return a


class MlpTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = mlp_model()
        cls.example = torch.randn(5, 7)
        start = time.perf_counter()
        cls.compiled = lapis.compile(cls.model, (cls.example,), input_names=["x"], dynamic_axes={"x": {0: "batch"}})
        cls.first_compile_s = time.perf_counter() - start

    def test_matches_pytorch_for_batch_sizes_1_5_13(self):
        for batch in (1, 5, 13):
            x = torch.randn(batch, 7)
            with torch.no_grad():
                ref = self.model(x)
            y = self.compiled(x)
            self.assertIsInstance(y, torch.Tensor)
            self.assertEqual(y.dtype, torch.float32)
            self.assertEqual(tuple(y.shape), tuple(ref.shape))
            self.assertLessEqual(normwise(y.numpy(), ref.numpy()), 1e-4, f"batch {batch}")

    def test_numpy_in_numpy_out_and_non_contiguous_inputs(self):
        x = np.random.default_rng(3).standard_normal((7, 11)).astype(np.float32).T  # non-contiguous: copied
        self.assertFalse(x.flags.c_contiguous)
        with torch.no_grad():
            ref = self.model(torch.from_numpy(np.ascontiguousarray(x))).numpy()
        y = self.compiled(x)
        self.assertIsInstance(y, np.ndarray)
        self.assertLessEqual(normwise(y, ref), 1e-4)
        xt = torch.from_numpy(np.ascontiguousarray(x.T)).t()
        self.assertFalse(xt.is_contiguous())
        self.assertLessEqual(normwise(self.compiled(xt).numpy(), ref), 1e-4)
        # requires_grad tensors are accepted (detached) and the input is left untouched.
        xg = torch.from_numpy(np.ascontiguousarray(x)).clone().requires_grad_()
        before = xg.detach().clone()
        self.assertLessEqual(normwise(self.compiled(xg).numpy(), ref), 1e-4)
        self.assertTrue(torch.equal(xg.detach(), before))

    def test_wrong_dtype_rank_shape_and_arity_raise(self):
        f = self.compiled
        with self.assertRaisesRegex(TypeError, "float32.*got torch.float64"):
            f(torch.randn(3, 7, dtype=torch.float64))
        with self.assertRaisesRegex(TypeError, "float32.*got int64"):
            f(np.zeros((3, 7), dtype=np.int64))
        with self.assertRaisesRegex(ValueError, r"tensor<\?x7xf32>.*got shape \(3, 8\)"):
            f(torch.randn(3, 8))
        with self.assertRaisesRegex(ValueError, r"got shape \(7,\)"):
            f(torch.randn(7))
        with self.assertRaisesRegex(TypeError, "takes 1 argument"):
            f(torch.randn(3, 7), torch.randn(3, 7))
        with self.assertRaisesRegex(TypeError, "numpy array or torch tensor"):
            f([[1.0] * 7])
        # Still usable afterwards.
        self.assertEqual(tuple(f(torch.randn(2, 7)).shape), (2, 3))

    def test_second_compile_is_a_cache_hit_and_onnx_bytes_compile_too(self):
        start = time.perf_counter()
        again = lapis.compile(self.model, (self.example,), input_names=["x"], dynamic_axes={"x": {0: "batch"}})
        hit_s = time.perf_counter() - start
        self.assertTrue(again.cached)
        self.assertEqual(again.build_dir, self.compiled.build_dir)
        exported = lapis.compile(self.model, (self.example,), input_names=["x"], dynamic_axes={"x": {0: "batch"}}, fingerprint=False)
        self.assertEqual(exported.build_dir, self.compiled.build_dir)  # the same ONNX bytes
        print(f"\n[lapis] MLP: first compile {self.first_compile_s:.2f} s (cached={self.compiled.cached}), cache hit {hit_s:.3f} s",
              file=sys.stderr)
        # The same export written to a .onnx file: compiled from its path (and as bytes), the same
        # content, so the same build.
        path = os.path.join(os.environ.get("LAPIS_CACHE_DIR", "/tmp"), "mlp_test_export.onnx")
        torch.onnx.export(self.model, (self.example,), path, opset_version=13, input_names=["x"],
                          dynamic_axes={"x": {0: "batch"}}, do_constant_folding=True)
        from_path = lapis.compile(path)
        with open(path, "rb") as f:
            from_bytes = lapis.compile(f.read())
        self.assertEqual(from_bytes.build_dir, from_path.build_dir)
        x = torch.randn(4, 7)
        self.assertTrue(torch.equal(from_path(x), self.compiled(x)))
        self.assertTrue(torch.equal(getattr(from_bytes, next(iter(from_bytes.functions)))(x), self.compiled(x)))

    def test_the_fingerprint_changes_with_weights_inputs_and_options(self):
        cli = lapis._toolchain.find_cli()
        kokkos = lapis._toolchain.find_kokkos(cli)
        def fp(model, x, **export):
            opts = {k: export.get(k) for k in lapis._EXPORT_OPTIONS}
            return lapis._fingerprint(torch, model, (x,), opts, {}, cli, kokkos)
        base = fp(self.model, self.example)
        self.assertEqual(base, fp(mlp_model(), torch.randn(5, 7)))  # same weights (seed), same shapes
        changed = mlp_model()
        with torch.no_grad():
            changed[0].bias[3] += 1e-3
        self.assertNotEqual(base, fp(changed, self.example))
        self.assertNotEqual(base, fp(self.model, torch.randn(6, 7)))
        self.assertNotEqual(base, fp(self.model, self.example.double()))
        self.assertNotEqual(base, fp(self.model, self.example, opset_version=14))

    def test_results_are_freed_memory_stays_flat_over_10000_calls(self):
        x = torch.randn(251, 7)  # 251 x 3 floats per result: a leak would be 30 MB
        for _ in range(200):
            self.compiled(x)
        before = rss_bytes()
        for _ in range(10000):
            y = self.compiled(x)
        grown = rss_bytes() - before
        self.assertEqual(tuple(y.shape), (251, 3))
        self.assertLess(grown, 8 << 20, f"RSS grew by {grown / 2**20:.1f} MiB over 10,000 calls")


class SparseTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = lapis.compile(SPMV_MLIR)

    def test_spmv_with_scipy_csr_and_torch_sparse_csr(self):
        rng = np.random.default_rng(7)
        for rows, cols in ((1, 1), (37, 29), (64, 65)):
            a = random_csr(rng, rows, cols)
            x = rng.standard_normal(cols)
            y = rng.standard_normal(rows)
            ref = a @ x + y
            y0 = y.copy()
            ours = self.m.spmv(a, x, y)
            self.assertIsInstance(ours, np.ndarray)
            self.assertLessEqual(normwise(ours, ref), 1e-12, f"{rows}x{cols}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "Sparse CSR tensor support is in beta state"
                ta = torch.sparse_csr_tensor(torch.from_numpy(a.indptr.astype(np.int64)), torch.from_numpy(a.indices.astype(np.int64)),
                                             torch.from_numpy(a.data), size=(rows, cols))
            yt = self.m.spmv(ta, torch.from_numpy(x), torch.from_numpy(y))
            self.assertIsInstance(yt, torch.Tensor)
            self.assertLessEqual(normwise(yt.numpy(), ta.to_dense().numpy() @ x + y), 1e-12)
            np.testing.assert_array_equal(y, y0)  # inputs are left untouched

    def test_scalar_argument(self):
        x, y = np.arange(13.0), np.ones(13)
        np.testing.assert_allclose(self.m.axpy(2.5, x, y), 2.5 * x + y, rtol=1e-15)
        with self.assertRaisesRegex(TypeError, "must be a number"):
            self.m.axpy("2", x, y)

    def test_csr_result(self):
        rng = np.random.default_rng(11)
        a, b = random_csr(rng, 23, 17), random_csr(rng, 23, 17)
        c = self.m.add_csr(a, b)
        self.assertTrue(scipy.sparse.isspmatrix_csr(c))
        np.testing.assert_allclose(c.toarray(), (a + b).toarray(), rtol=1e-15)

    def test_dense_tensor_for_csr_argument_raises(self):
        with self.assertRaisesRegex(TypeError, "CSR matrix"):
            self.m.spmv(torch.zeros(3, 3, dtype=torch.float64), np.zeros(3), np.zeros(3))
        with self.assertRaisesRegex(TypeError, "float64 values"):
            self.m.spmv(scipy.sparse.csr_matrix(np.eye(3, dtype=np.float32)), np.zeros(3), np.zeros(3))


# torch-mlir's linalg-on-tensors for torch.mm on dynamic shapes: a cf.assert ties the K dimensions.
TORCH_MLIR_MM = """module attributes {torch.debug_module_name = "MatMul"} {
  func.func @forward(%arg0: tensor<?x?xf32>, %arg1: tensor<?x?xf32>) -> tensor<?x?xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %cst = arith.constant 0.000000e+00 : f32
    %dim = tensor.dim %arg0, %c0 : tensor<?x?xf32>
    %dim_0 = tensor.dim %arg0, %c1 : tensor<?x?xf32>
    %dim_1 = tensor.dim %arg1, %c0 : tensor<?x?xf32>
    %dim_2 = tensor.dim %arg1, %c1 : tensor<?x?xf32>
    %0 = arith.cmpi eq, %dim_0, %dim_1 : index
    cf.assert %0, "mismatching contracting dimension for torch.aten.mm"
    %1 = tensor.empty(%dim, %dim_2) : tensor<?x?xf32>
    %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %3 = linalg.matmul ins(%arg0, %arg1 : tensor<?x?xf32>, tensor<?x?xf32>) outs(%2 : tensor<?x?xf32>) -> tensor<?x?xf32>
    return %3 : tensor<?x?xf32>
  }
}
"""


def shared_batch_model():
    """z = (x + y) @ W with x, y: [batch, 4] (one symbolic 'batch'), W a 4x3 initializer."""
    from onnx import TensorProto, helper, numpy_helper
    w = numpy_helper.from_array(np.random.default_rng(5).standard_normal((4, 3)).astype(np.float32), "W")
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "y"], ["s"], name="add"), helper.make_node("MatMul", ["s", "W"], ["z"], name="mm")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4]), helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["batch", 3])], [w])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), numpy_helper.to_array(w)


class ShapeCheckTests(unittest.TestCase):
    """A call whose dynamic dimensions disagree raises lapis.ExecutionError with the located text of the
    model's check (instead of ending the interpreter); the next good call on the same module works."""

    def test_torch_mlir_mm_with_mismatching_k_raises_then_computes(self):
        m = lapis.compile(TORCH_MLIR_MM)
        line = next(i for i, l in enumerate(TORCH_MLIR_MM.splitlines(), 1) if "cf.assert" in l)
        column = TORCH_MLIR_MM.splitlines()[line - 1].index("cf.assert") + 1
        rng = np.random.default_rng(2)
        a, b = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal((4, 2)).astype(np.float32)
        for k in (5, 3):
            with self.assertRaises(lapis.ExecutionError) as cm:
                m.forward(a, rng.standard_normal((k, 2)).astype(np.float32))
            self.assertIsInstance(cm.exception, RuntimeError)
            self.assertEqual(str(cm.exception), f"forward: module.mlir:{line}:{column}: mismatching contracting dimension for torch.aten.mm")
        self.assertLessEqual(normwise(m.forward(a, b), a.astype(np.float64) @ b), 1e-6)
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        with self.assertRaises(lapis.ExecutionError):
            m.forward(ta, torch.randn(7, 2))
        y = m.forward(ta, tb)
        self.assertIsInstance(y, torch.Tensor)
        self.assertLessEqual(normwise(y.numpy(), torch.mm(ta, tb).numpy()), 1e-6)

    @classmethod
    def setUpClass(cls):
        model, cls.w = shared_batch_model()
        cls.onnx = lapis.compile(model.SerializeToString())

    def test_onnx_inputs_sharing_batch_must_agree(self):
        rng = np.random.default_rng(9)
        x, y = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal((5, 4)).astype(np.float32)
        with self.assertRaises(lapis.ExecutionError) as cm:
            self.onnx(x, y)
        self.assertRegex(str(cm.exception), r"^forward: module\.onnx:1:1: symbolic dimension 'batch': "
                         r"dimension 0 of input 'y' differs from dimension 0 of input 'x'$")
        with self.assertRaises(lapis.ExecutionError):
            self.onnx(y, x)
        for batch in (3, 5, 1):
            x, y = rng.standard_normal((batch, 4)).astype(np.float32), rng.standard_normal((batch, 4)).astype(np.float32)
            z = self.onnx(x, y)
            self.assertEqual(z.shape, (batch, 3))
            self.assertLessEqual(normwise(z, (x.astype(np.float64) + y) @ self.w), 1e-6, f"batch {batch}")

    def test_wrong_dtype_rank_and_static_extent_raise_naming_the_input(self):
        good = np.zeros((2, 4), np.float32)
        with self.assertRaisesRegex(TypeError, r"^forward: argument 1 \('y'\) must be float32 \(tensor<\?x4xf32>\), got float64$"):
            self.onnx(good, np.zeros((2, 4)))
        with self.assertRaisesRegex(TypeError, r"argument 0 \('x'\) must be float32.*got torch\.int32"):
            self.onnx(torch.zeros((2, 4), dtype=torch.int32), good)
        with self.assertRaisesRegex(ValueError, r"^forward: argument 0 \('x'\) must be tensor<\?x4xf32>, got shape \(2, 4, 1\)$"):
            self.onnx(np.zeros((2, 4, 1), np.float32), good)
        with self.assertRaisesRegex(ValueError, r"argument 1 \('y'\) must be tensor<\?x4xf32>, got shape \(2, 5\)"):
            self.onnx(good, np.zeros((2, 5), np.float32))
        self.assertEqual(self.onnx(good, good).shape, (2, 3))


class ErrorTests(unittest.TestCase):
    def test_invalid_mlir_text_is_a_compile_error_with_its_location(self):
        with self.assertRaises(lapis.CompileError) as cm:
            lapis.compile("func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {\n  return %y : tensor<4xf32>\n}\n")
        self.assertTrue(cm.exception.diagnostics, cm.exception.message)
        self.assertRegex(cm.exception.diagnostics[0], r"module\.mlir:2:\d+: error:")

    def test_corrupt_onnx_bytes_are_a_compile_error(self):
        with self.assertRaises(lapis.CompileError) as cm:
            lapis.compile(b"\x08\x07this is not an onnx model\xff\xff")
        self.assertEqual(cm.exception.stage, "import")
        self.assertRegex(cm.exception.message, r":\d+:\d+: error:")

    def test_unknown_onnx_op_names_the_node(self):
        from onnx import TensorProto, helper
        node = helper.make_node("NoSuchOp", ["x"], ["y"], name="mystery_node")
        graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3])],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3])])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        with self.assertRaises(lapis.CompileError) as cm:
            lapis.compile(model.SerializeToString())
        self.assertIn("mystery_node", cm.exception.message)
        self.assertIn("NoSuchOp", cm.exception.message)

    def test_missing_file_and_bad_source_type(self):
        with self.assertRaises(FileNotFoundError):
            lapis.compile("/nonexistent/model.onnx")
        with self.assertRaises(TypeError):
            lapis.compile(42)
        with self.assertRaisesRegex(TypeError, "unknown option"):
            lapis.compile(SPMV_MLIR, no_such_option=1)


if __name__ == "__main__":
    unittest.main()
