/* Anchor translation unit for libLapisMlirCApi.so: every symbol comes from the
   whole-archived libMLIRCAPI*.a; this file only gives CMake a source to compile. */
extern "C" int lapis_mlir_capi_shim_anchor(void) { return 22; }

#include <sys/stat.h>

/* What a path names, for the CLI's checks of inputs and outputs (.NET cannot tell a device
   node, FIFO or socket from a regular file without opening it, which blocks on a FIFO):
   0 nothing, 1 regular file, 2 directory, 3 symbolic link (only when follow == 0),
   4 anything else (character or block device, FIFO, socket). */
extern "C" int lapis_path_kind(const char *path, int follow) {
  struct stat st;
  if ((follow ? stat(path, &st) : lstat(path, &st)) != 0) return 0;
  if (S_ISREG(st.st_mode)) return 1;
  if (S_ISDIR(st.st_mode)) return 2;
  if (S_ISLNK(st.st_mode)) return 3;
  return 4;
}

#include <cstdint>
#include "mlir/Dialect/Arith/IR/Arith.h"

/* arith::AtomicRMWKind (the integer `kind` attribute of memref.atomic_rmw) by name and back,
   from MLIR's own generated enum functions, so no C# table copies the enum's order.
   Name: a static NUL-terminated string, or NULL for a value that is no kind.
   Value: the kind's integer, or -1 for a name that is no kind. */
extern "C" const char *lapis_atomic_rmw_kind_name(int64_t value) {
  if (value < 0) return nullptr;
  auto kind = mlir::arith::symbolizeAtomicRMWKind(static_cast<uint64_t>(value));
  return kind ? mlir::arith::stringifyAtomicRMWKind(*kind).data() : nullptr;
}

extern "C" int64_t lapis_atomic_rmw_kind_value(const char *name) {
  auto kind = mlir::arith::symbolizeAtomicRMWKind(llvm::StringRef(name));
  return kind ? static_cast<int64_t>(*kind) : -1;
}

/* Whether two paths name the same file (same device and inode, links followed): a hard link
   to the input given as an output. 1 same, 0 different or either missing. */
extern "C" int lapis_same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino ? 1 : 0;
}

#include <signal.h>

/* Test-only: a real SIGSEGV, for the crash-containment tests (LAPIS_TEST_CRASH_IN). The .NET
   runtime's own handler would ignore a raised (not faulting) signal: restore the default first. */
extern "C" void lapis_test_crash(void) {
  signal(SIGSEGV, SIG_DFL);
  raise(SIGSEGV);
}

#include "mlir/CAPI/Pass.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

/* MLIR's crash reproducer (mlir-opt --mlir-pass-pipeline-crash-reproducer=PATH
   --mlir-pass-pipeline-local-reproducer), which the C API lacks: if a pass crashes, PATH gets
   the IR as it was before that pass and the pipeline that runs that one pass, in the format of
   mlir-opt --run-reproducer. Local mode needs the context's multithreading off. */
extern "C" void lapis_pass_manager_enable_crash_reproducer(MlirPassManager pm, const char *path) {
  unwrap(pm)->enableCrashReproducerGeneration(path, /*genLocalReproducer=*/true);
}

namespace {
/* Test-only: a native pass that dereferences null, a stand-in for a crash inside an upstream
   pass (registered as `lapis-test-crash` by lapis_register_test_crash_pass). */
struct TestCrashPass : mlir::PassWrapper<TestCrashPass, mlir::OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestCrashPass)
  llvm::StringRef getArgument() const final { return "lapis-test-crash"; }
  llvm::StringRef getDescription() const final { return "test only: crash (SIGSEGV)"; }
  void runOnOperation() override { *static_cast<volatile int *>(nullptr) = 0; }
};
} // namespace

extern "C" void lapis_register_test_crash_pass(void) {
  static bool registered = (mlir::PassRegistration<TestCrashPass>(), true);
  (void)registered;
}
