// golden: emit-only
// The kokkos dialect's hierarchy printed as written: a team per row, TeamThreadRange and
// ThreadVectorRange reductions, Kokkos::single per team (a store) and per thread with
// broadcast results (one value; two values through a local struct), team barriers.
// Per row r: total = sum_j sum_k A[r,j,k] goes to totals[r]; then every A[r,j,:] is scaled by
// 1/total and shifted by the row's first element.
func.func @normalize_rows(%a: memref<?x?x?xf32>, %totals: memref<?xf32>, %rows: index, %cols: index, %depth: index) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  "kokkos.team_parallel"(%rows, %c0, %c8) ({
  ^bb0(%r: index, %team_size: index):
    %rowsum = "kokkos.thread_parallel"(%cols) ({
    ^bb0(%j: index):
      %colsum = "kokkos.vector_parallel"(%depth) ({
      ^bb0(%k: index):
        %v = memref.load %a[%r, %j, %k] : memref<?x?x?xf32>
        "kokkos.update_reduction"(%v, %zero) ({
        ^bb0(%x: f32, %y: f32):
          %s = arith.addf %x, %y : f32
          "gpu.yield"(%s) : (f32) -> ()
        }) {kind = "sum"} : (f32, f32) -> ()
        "gpu.yield"() : () -> ()
      }) : (index) -> f32
      "kokkos.update_reduction"(%colsum, %zero) ({
      ^bb0(%x: f32, %y: f32):
        %s = arith.addf %x, %y : f32
        "gpu.yield"(%s) : (f32) -> ()
      }) {kind = "sum"} : (f32, f32) -> ()
      "gpu.yield"() : () -> ()
    }) : (index) -> f32
    "kokkos.single"() ({
      memref.store %rowsum, %totals[%r] : memref<?xf32>
      "gpu.yield"() : () -> ()
    }) {level = "per_team"} : () -> ()
    "kokkos.team_barrier"() : () -> ()
    %first, %inv = "kokkos.single"() ({
      %f = memref.load %a[%r, %c0, %c0] : memref<?x?x?xf32>
      %t = memref.load %totals[%r] : memref<?xf32>
      %one = arith.constant 1.0 : f32
      %i = arith.divf %one, %t : f32
      "gpu.yield"(%f, %i) : (f32, f32) -> ()
    }) {level = "per_team"} : () -> (f32, f32)
    "kokkos.team_barrier"() : () -> ()
    "kokkos.thread_parallel"(%cols) ({
    ^bb0(%j: index):
      %scale = "kokkos.single"() ({
        %two = arith.constant 2.0 : f32
        %s2 = arith.mulf %inv, %two : f32
        "gpu.yield"(%s2) : (f32) -> ()
      }) {level = "per_thread"} : () -> f32
      "kokkos.vector_parallel"(%depth) ({
      ^bb0(%k: index):
        %w = memref.load %a[%r, %j, %k] : memref<?x?x?xf32>
        %wn = arith.mulf %w, %scale : f32
        %ws = arith.subf %wn, %first : f32
        memref.store %ws, %a[%r, %j, %k] : memref<?x?x?xf32>
        "gpu.yield"() : () -> ()
      }) : (index) -> ()
      "gpu.yield"() : () -> ()
    }) : (index) -> ()
    "gpu.yield"() : () -> ()
  }) {execution_space = "device", label = "normalize_rows:10"} : (index, index, index) -> ()
  return
}
