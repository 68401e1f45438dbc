// Every reduction `kind` accepted by kokkos.update_reduction, each on the value
// type it is meant for; the parallel op has one result per update_reduction.
// RUN: mlir-opt-22 --irdl-file=%irdl %s | FileCheck %s
// RUN: lapis opt %s | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s | mlir-opt-22 --irdl-file=%irdl | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s -o %t.printed && mlir-opt-22 --irdl-file=%irdl %t.printed -o %t.reprinted
// RUN: grep -q "kokkos\." %t.printed && diff %t.printed %t.reprinted

// CHECK-LABEL: func.func @integer_kinds(
// CHECK-SAME:    %[[N:[^:]*]]: index, %[[V:[^:]*]]: i32, %[[ID:[^:]*]]: i32) -> (i32, i32, i32, i32, i32, i32, i32, i32)
// CHECK:         %{{.*}}:8 = "kokkos.range_parallel"(%[[N]]) ({
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK:           }) {kind = "sum"} : (i32, i32) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK:           }) {kind = "prod"} : (i32, i32) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK:           }) {kind = "min"} : (i32, i32) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK:           }) {kind = "max"} : (i32, i32) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK:           }) {kind = "and"} : (i32, i32) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK:           }) {kind = "or"} : (i32, i32) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK:           }) {kind = "xor"} : (i32, i32) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ID]]) ({
// CHECK-NEXT:      ^bb0(%[[L:.*]]: i32, %[[R:.*]]: i32):
// CHECK-NEXT:        %[[D:.*]] = arith.subi %[[L]], %[[R]] : i32
// CHECK-NEXT:        %[[A:.*]] = math.absi %[[D]] : i32
// CHECK-NEXT:        gpu.yield %[[A]] : i32
// CHECK-NEXT:      }) {kind = "custom"} : (i32, i32) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "host", label = "int_kinds"} : (index) -> (i32, i32, i32, i32, i32, i32, i32, i32)
func.func @integer_kinds(%n: index, %v: i32, %id: i32) -> (i32, i32, i32, i32, i32, i32, i32, i32) {
  %r:8 = "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %c = arith.addi %a, %b : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "sum"} : (i32, i32) -> ()
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %c = arith.muli %a, %b : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "prod"} : (i32, i32) -> ()
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %c = arith.minsi %a, %b : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "min"} : (i32, i32) -> ()
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %c = arith.maxsi %a, %b : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "max"} : (i32, i32) -> ()
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %c = arith.andi %a, %b : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "and"} : (i32, i32) -> ()
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %c = arith.ori %a, %b : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "or"} : (i32, i32) -> ()
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %c = arith.xori %a, %b : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "xor"} : (i32, i32) -> ()
    "kokkos.update_reduction"(%v, %id) ({
    ^bb0(%a: i32, %b: i32):
      %d = arith.subi %a, %b : i32
      %c = math.absi %d : i32
      "gpu.yield"(%c) : (i32) -> ()
    }) {kind = "custom"} : (i32, i32) -> ()
    "gpu.yield"() : () -> ()
  }) {execution_space = "host", label = "int_kinds"} : (index) -> (i32, i32, i32, i32, i32, i32, i32, i32)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6, %r#7 : i32, i32, i32, i32, i32, i32, i32, i32
}

// CHECK-LABEL: func.func @float_kinds(
// CHECK:         %{{.*}}:2 = "kokkos.range_parallel"(%{{.*}}) ({
// CHECK:           %{{.*}} = arith.maxnumf %{{.*}}, %{{.*}} : f32
// CHECK:           }) {kind = "maxnumf"} : (f32, f32) -> ()
// CHECK:           %{{.*}} = arith.minnumf %{{.*}}, %{{.*}} : f32
// CHECK:           }) {kind = "minnumf"} : (f32, f32) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "float_kinds"} : (index) -> (f32, f32)
func.func @float_kinds(%n: index, %v: f32, %lo: f32, %hi: f32) -> (f32, f32) {
  %r:2 = "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    "kokkos.update_reduction"(%v, %lo) ({
    ^bb0(%a: f32, %b: f32):
      %c = arith.maxnumf %a, %b : f32
      "gpu.yield"(%c) : (f32) -> ()
    }) {kind = "maxnumf"} : (f32, f32) -> ()
    "kokkos.update_reduction"(%v, %hi) ({
    ^bb0(%a: f32, %b: f32):
      %c = arith.minnumf %a, %b : f32
      "gpu.yield"(%c) : (f32) -> ()
    }) {kind = "minnumf"} : (f32, f32) -> ()
    "gpu.yield"() : () -> ()
  }) {execution_space = "device", label = "float_kinds"} : (index) -> (f32, f32)
  return %r#0, %r#1 : f32, f32
}
