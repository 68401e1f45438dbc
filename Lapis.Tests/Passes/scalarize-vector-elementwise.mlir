// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-scalarize-vector-elementwise))" | FileCheck %s

// An elementwise op on a vector (a program widening f16 values before printing them) becomes
// one scalar op per element between vector.to_elements and vector.from_elements.
// CHECK-LABEL: func.func @widen(
// CHECK-SAME:    %[[V:.*]]: vector<3xf16>
// CHECK:         %[[E:.*]]:3 = vector.to_elements %[[V]] : vector<3xf16>
// CHECK-NEXT:    %[[A:.*]] = arith.extf %[[E]]#0 : f16 to f32
// CHECK-NEXT:    %[[B:.*]] = arith.extf %[[E]]#1 : f16 to f32
// CHECK-NEXT:    %[[C:.*]] = arith.extf %[[E]]#2 : f16 to f32
// CHECK-NEXT:    %[[R:.*]] = vector.from_elements %[[A]], %[[B]], %[[C]] : vector<3xf32>
// CHECK-NEXT:    return %[[R]] : vector<3xf32>
func.func @widen(%v: vector<3xf16>) -> vector<3xf32> {
  %w = arith.extf %v : vector<3xf16> to vector<3xf32>
  return %w : vector<3xf32>
}

// A scalar operand (the condition of a select) is shared by every element; 2-D vectors are
// split row-major; attributes (fastmath) stay on every scalar op.
// CHECK-LABEL: func.func @select_2d(
// CHECK-SAME:    %[[C:.*]]: i1, %[[X:.*]]: vector<2x1xf32>, %[[Y:.*]]: vector<2x1xf32>
// CHECK:         %[[XE:.*]]:2 = vector.to_elements %[[X]] : vector<2x1xf32>
// CHECK:         %[[YE:.*]]:2 = vector.to_elements %[[Y]] : vector<2x1xf32>
// CHECK:         %[[S0:.*]] = arith.select %[[C]], %[[XE]]#0, %[[YE]]#0 : f32
// CHECK:         %[[S1:.*]] = arith.select %[[C]], %[[XE]]#1, %[[YE]]#1 : f32
// CHECK:         arith.mulf %{{.*}}, %{{.*}} fastmath<fast> : f32
// CHECK:         vector.from_elements %{{.*}}, %{{.*}} : vector<2x1xf32>
// CHECK-NOT:     arith.mulf %{{.*}} : vector
func.func @select_2d(%c: i1, %x: vector<2x1xf32>, %y: vector<2x1xf32>) -> vector<2x1xf32> {
  %s = arith.select %c, %x, %y : vector<2x1xf32>
  %m = arith.mulf %s, %s fastmath<fast> : vector<2x1xf32>
  return %m : vector<2x1xf32>
}

// Constants stay vectors (the emitter prints them); scalar ops are untouched.
// CHECK-LABEL: func.func @constant_stays(
// CHECK:         arith.constant dense<1.000000e+00> : vector<4xf32>
// CHECK:         arith.addf %{{.*}}, %{{.*}} : f32
func.func @constant_stays(%a: f32) -> (vector<4xf32>, f32) {
  %c = arith.constant dense<1.0> : vector<4xf32>
  %s = arith.addf %a, %a : f32
  return %c, %s : vector<4xf32>, f32
}
