// The `kokkos` dialect of Lapis, defined in IRDL and loaded at runtime with
// mlirLoadIRDLDialects (or `mlir-opt-22 --irdl-file=<this file>`).
// See README.md next to this file for the semantics and for the constraints
// that IRDL cannot express (checked by the C# verifier instead).
//
// IRDL reminders (LLVM 22):
//  * an SSA constraint value is a *variable*: every use of it inside one
//    operation must match the same type/attribute (that is how "value and
//    identity have the same type" is expressed below). Consequence: a
//    `variadic %any` operand/result list is homogeneous.
//  * IRDL operations carry no traits, so no kokkos op can be a terminator:
//    regions are terminated by the upstream `gpu.yield` (Pure, ReturnLike,
//    Terminator, variadic AnyType, no parent restriction).
irdl.dialect @kokkos {

  // Kokkos::parallel_for / parallel_reduce over a RangePolicy (1 bound) or an
  // MDRangePolicy (>= 2 bounds). Lower bounds 0, steps 1.
  irdl.operation @range_parallel {
    %index = irdl.is index
    %reduction = irdl.any
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    %string = irdl.base "#builtin.string"
    // at least one bound: one single operand followed by a variadic tail
    irdl.operands(upper_bound: %index, more_upper_bounds: variadic %index)
    irdl.results(reductions: variadic %reduction)
    irdl.attributes {"execution_space" = %space, "label" = %string}
    %body = irdl.region with size 1
    irdl.regions(body: %body)
  }

  // Kokkos::parallel_for / parallel_reduce over a TeamPolicy.
  // 0 for team_size / vector_length means Kokkos::AUTO (for team_size also at run time).
  irdl.operation @team_parallel {
    %index = irdl.is index
    %reduction = irdl.any
    %string = irdl.base "#builtin.string"
    irdl.operands(league_size: %index, team_size: %index, vector_length: %index)
    irdl.results(reductions: variadic %reduction)
    irdl.attributes {"label" = %string}
    // block arguments: (league_rank, team_size)
    %body = irdl.region(%index, %index) with size 1
    irdl.regions(body: %body)
  }

  // Kokkos::TeamThreadRange(team, count) inside a team_parallel.
  irdl.operation @thread_parallel {
    %index = irdl.is index
    %reduction = irdl.any
    irdl.operands(count: %index)
    irdl.results(reductions: variadic %reduction)
    %body = irdl.region(%index) with size 1
    irdl.regions(body: %body)
  }

  // Kokkos::ThreadVectorRange(team, count) inside a thread_parallel/team_parallel.
  irdl.operation @vector_parallel {
    %index = irdl.is index
    %reduction = irdl.any
    irdl.operands(count: %index)
    irdl.results(reductions: variadic %reduction)
    %body = irdl.region(%index) with size 1
    irdl.regions(body: %body)
  }

  // Kokkos::single(PerTeam(team) | PerThread(team), lambda[, broadcast values]).
  irdl.operation @single {
    %broadcast = irdl.any
    %per_team = irdl.is "per_team"
    %per_thread = irdl.is "per_thread"
    %level = irdl.any_of(%per_team, %per_thread)
    irdl.results(values: variadic %broadcast)
    irdl.attributes {"level" = %level}
    %body = irdl.region() with size 1
    irdl.regions(body: %body)
  }

  // The vector length of a team_parallel whose vector loops run about `average` iterations:
  // the largest power of two <= average / 8 (1 lane below 16 iterations), at most
  // TeamPolicy<space>::vector_length_max() (1 on host backends). Host code.
  irdl.operation @vector_length {
    %index = irdl.is index
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    irdl.operands(average: %index)
    irdl.results(length: %index)
    irdl.attributes {"execution_space" = %space}
  }

  // space().concurrency(): the threads the execution space runs at once (host threads; on GPUs
  // SMs x resident threads per SM). Host code.
  irdl.operation @concurrency {
    %index = irdl.is index
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    irdl.results(threads: %index)
    irdl.attributes {"execution_space" = %space}
  }

  // 1 where the space runs on the host (Kokkos 4 host backends report more), else
  // TeamPolicy<space>::vector_length_max() (the warp/wavefront/sub-group size on GPUs). Host code.
  irdl.operation @vector_length_max {
    %index = irdl.is index
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    irdl.results(length: %index)
    irdl.attributes {"execution_space" = %space}
  }

  // team.team_barrier()
  irdl.operation @team_barrier {
  }

  // Contribution of one value to the enclosing parallel op's reduction.
  irdl.operation @update_reduction {
    %type = irdl.any
    %sum = irdl.is "sum"
    %prod = irdl.is "prod"
    %min = irdl.is "min"
    %max = irdl.is "max"
    %and = irdl.is "and"
    %or = irdl.is "or"
    %xor = irdl.is "xor"
    %maxnumf = irdl.is "maxnumf"
    %minnumf = irdl.is "minnumf"
    %custom = irdl.is "custom"
    %kind = irdl.any_of(%sum, %prod, %min, %max, %and, %or, %xor, %maxnumf, %minnumf, %custom)
    irdl.operands(value: %type, identity: %type)
    irdl.attributes {"kind" = %kind}
    // join(lhs, rhs) -> combined, both arguments of the value type
    %join = irdl.region(%type, %type) with size 1
    irdl.regions(join: %join)
  }

  // The result of the parallel reduction just before it, reduced into an element of a buffer on
  // the reduction's execution space (Kokkos' parallel_reduce into a View: no copy to the host, no
  // fence); the reduction's only use. Indices as memref.store's (none for a 0-d buffer).
  irdl.operation @reduce_into {
    %value = irdl.any
    %memref = irdl.base "!builtin.memref"
    %index = irdl.is index
    irdl.operands(value: %value, view: %memref, indices: variadic %index)
  }

  // Kokkos::DualView sync / modify of the view behind a memref.
  irdl.operation @sync {
    %ranked = irdl.base "!builtin.memref"
    %unranked = irdl.base "!builtin.unranked_memref"
    %memref = irdl.any_of(%ranked, %unranked)
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    irdl.operands(view: %memref)
    irdl.attributes {"space" = %space}
  }

  irdl.operation @modify {
    %ranked = irdl.base "!builtin.memref"
    %unranked = irdl.base "!builtin.unranked_memref"
    %memref = irdl.any_of(%ranked, %unranked)
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    irdl.operands(view: %memref)
    irdl.attributes {"space" = %space}
  }

  // A view into the team scratch pad: team.team_scratch(level), at `offset` bytes.
  irdl.operation @alloc_scratch {
    %memref = irdl.base "!builtin.memref"
    %offset = irdl.base "#builtin.integer"
    %level0 = irdl.is 0 : i64
    %level1 = irdl.is 1 : i64
    %level = irdl.any_of(%level0, %level1)
    irdl.results(view: %memref)
    irdl.attributes {"offset" = %offset, "level" = %level}
  }

  // A tiled dense contraction, out[b, i, j] (+)= sum_k lhs[b, i, k] * rhs[b, k, j] (no b for rank 2),
  // printed as one TeamPolicy kernel: one team per BM x BN block of `out`, the operands' BM x BK
  // and BK x BN tiles packed into team scratch, one MR x NR register tile per thread.
  //  * transpose_lhs / transpose_rhs: lhs is stored [b, k, i] / rhs [b, j, k] (e.g. torch's
  //    Linear weight).
  //  * init present: out = init + sum (the linalg.fill of `out` is fused); absent: out += sum.
  //  * epilogue (optional, one block (acc: T, index..., operands) -> yields T): applied to every
  //    finished element before it is stored. Arguments: the finished sum, then one index per
  //    `out` dimension; values defined above are captured.
  //  * lhs_prologue / rhs_prologue (optional, one block (element: lhs / rhs element type) -> yields
  //    the element type of `out`): an elementwise function applied to every operand element as it
  //    is read into the tile (once per element and pack), out (+)= sum_k f(lhs) * g(rhs); values
  //    defined above are captured. Empty: the operand is multiplied as stored.
  //  * host_tiles / device_tiles = [BM, BN, BK, MR, NR]: the printed code uses host_tiles when
  //    the default execution space can access host memory (Serial, OpenMP, Threads), else
  //    device_tiles (CUDA, HIP, SYCL).
  irdl.operation @contraction {
    // one constraint variable per operand/attribute: a variable used twice would force equal types
    %lhs = irdl.base "!builtin.memref"
    %rhs = irdl.base "!builtin.memref"
    %out = irdl.base "!builtin.memref"
    %f32 = irdl.is f32
    %f64 = irdl.is f64
    %scalar = irdl.any_of(%f32, %f64)
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    %string = irdl.base "#builtin.string"
    %true = irdl.is true
    %false = irdl.is false
    %transpose_lhs = irdl.any_of(%true, %false)
    %transpose_rhs = irdl.any_of(%true, %false)
    %host_tiles = irdl.base "#builtin.dense_array"
    %device_tiles = irdl.base "#builtin.dense_array"
    irdl.operands(lhs: %lhs, rhs: %rhs, out: %out, init: optional %scalar)
    irdl.attributes {"execution_space" = %space, "label" = %string, "transpose_lhs" = %transpose_lhs,
                     "transpose_rhs" = %transpose_rhs, "host_tiles" = %host_tiles, "device_tiles" = %device_tiles}
    %epilogue = irdl.region
    %lhs_prologue = irdl.region
    %rhs_prologue = irdl.region
    irdl.regions(epilogue: %epilogue, lhs_prologue: %lhs_prologue, rhs_prologue: %rhs_prologue)
  }

  // A dense GEMM through Kokkos Kernels (`lapis translate --kernels kokkos-kernels`):
  // out[b, i, j] (+)= sum_k lhs[b, i, k] * rhs[b, k, j] (no b for rank 2), the kokkos.contraction
  // it replaces without its tiles (and never one with a prologue), printed as KokkosBlas::gemm
  // (per batch on subviews for rank 3).
  //  * transpose_lhs / transpose_rhs, init: as for kokkos.contraction (init present: beta = 0).
  //  * epilogue (optional, as for kokkos.contraction): our own RangePolicy kernel over `out`
  //    after the call; it never reads `out`'s buffer except through its accumulator argument.
  irdl.operation @blas_gemm {
    %lhs = irdl.base "!builtin.memref"
    %rhs = irdl.base "!builtin.memref"
    %out = irdl.base "!builtin.memref"
    %f32 = irdl.is f32
    %f64 = irdl.is f64
    %scalar = irdl.any_of(%f32, %f64)
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    %string = irdl.base "#builtin.string"
    %true = irdl.is true
    %false = irdl.is false
    %transpose_lhs = irdl.any_of(%true, %false)
    %transpose_rhs = irdl.any_of(%true, %false)
    irdl.operands(lhs: %lhs, rhs: %rhs, out: %out, init: optional %scalar)
    irdl.attributes {"execution_space" = %space, "label" = %string, "transpose_lhs" = %transpose_lhs,
                     "transpose_rhs" = %transpose_rhs}
    %epilogue = irdl.region
    irdl.regions(epilogue: %epilogue)
  }

  // A matrix-vector product through Kokkos Kernels: out[i] (+)= sum_k matrix[i, k] * vector[k]
  // (linalg.matvec), or with transpose out[j] (+)= sum_k vector[k] * matrix[k, j] (linalg.vecmat),
  // printed as KokkosBlas::gemv. init / epilogue: as for kokkos.blas_gemm (block (acc, i)).
  irdl.operation @blas_gemv {
    %matrix = irdl.base "!builtin.memref"
    %vector = irdl.base "!builtin.memref"
    %out = irdl.base "!builtin.memref"
    %f32 = irdl.is f32
    %f64 = irdl.is f64
    %scalar = irdl.any_of(%f32, %f64)
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    %string = irdl.base "#builtin.string"
    %true = irdl.is true
    %false = irdl.is false
    %transpose = irdl.any_of(%true, %false)
    irdl.operands(matrix: %matrix, vector: %vector, out: %out, init: optional %scalar)
    irdl.attributes {"execution_space" = %space, "label" = %string, "transpose" = %transpose}
    %epilogue = irdl.region
    irdl.regions(epilogue: %epilogue)
  }

  // A 2-D convolution as an implicit GEMM (no im2col buffer), printed like kokkos.contraction: the
  // GEMM's operand tiles are gathered straight from the input and filter into team scratch.
  //  * layout "nchw_fchw": out[n, f, oh, ow] (+)= sum_{c, kh, kw} input[n, c, oh*sh + kh*dh, ow*sw + kw*dw]
  //    * filter[f, c, kh, kw]; GEMM rows = f, columns = (oh, ow), reduction = (c, kh, kw), one batch per n.
  //  * layout "nhwc_hwcf": out[n, oh, ow, f] (+)= sum_{kh, kw, c} input[n, oh*sh + kh*dh, ow*sw + kw*dw, c]
  //    * filter[kh, kw, c, f]; GEMM rows = (oh, ow), columns = f, reduction = (kh, kw, c).
  //  * strides = [sh, sw], dilations = [dh, dw]; padding = [ph, pw]: the window's row oh*sh + kh*dh
  //    reads input row oh*sh + kh*dh - ph (columns likewise), zero outside the input (any further
  //    padding is the caller's, already in `input`).
  //  * init / epilogue / host_tiles / device_tiles: as for kokkos.contraction; the epilogue block is
  //    (acc, one index per `out` dimension, in out's order).
  irdl.operation @convolution {
    %input = irdl.base "!builtin.memref"
    %filter = irdl.base "!builtin.memref"
    %out = irdl.base "!builtin.memref"
    %f32 = irdl.is f32
    %f64 = irdl.is f64
    %scalar = irdl.any_of(%f32, %f64)
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    %string = irdl.base "#builtin.string"
    %nchw = irdl.is "nchw_fchw"
    %nhwc = irdl.is "nhwc_hwcf"
    %layout = irdl.any_of(%nchw, %nhwc)
    %strides = irdl.base "#builtin.dense_array"
    %dilations = irdl.base "#builtin.dense_array"
    %padding = irdl.base "#builtin.dense_array"
    %host_tiles = irdl.base "#builtin.dense_array"
    %device_tiles = irdl.base "#builtin.dense_array"
    irdl.operands(input: %input, filter: %filter, out: %out, init: optional %scalar)
    irdl.attributes {"execution_space" = %space, "label" = %string, "layout" = %layout, "strides" = %strides,
                     "dilations" = %dilations, "padding" = %padding, "host_tiles" = %host_tiles, "device_tiles" = %device_tiles}
    %epilogue = irdl.region
    irdl.regions(epilogue: %epilogue)
  }
  // A sliding-window reduction per channel (no channel mixing), printed as one TeamPolicy kernel:
  // one team per (image, bc channels x th x tw outputs) block, the block's input window tile staged
  // in team scratch where windows overlap, the unit-stride dimension (ow for nchw, c for nhwc) in
  // a ThreadVectorRange.
  //  * kind "depthwise": out[n, c, oh, ow] (+)= sum_{kh, kw} input[n, c, ih, iw] * filter[c, kh, kw]
  //    (nhwc: out[n, oh, ow, c], input[n, ih, iw, c], filter[kh, kw, c]);
  //    kind "sum" / "max": out = out + / max(out, input[...]) over the window, whose shape is the
  //    `filter` operand's (its values are unused, as linalg's pooling ops).
  //    ih = oh*sh + kh*dh - ph, iw = ow*sw + kw*dw - pw (strides, dilations, padding = [ph, pw]);
  //    reads outside the input are 0 ("depthwise", "sum") or -inf ("max").
  //  * layout "nchw" / "nhwc"; init / epilogue: as for kokkos.convolution (block (acc, n, ..)).
  //  * host_tiles / device_tiles = [BC, TH, TW].
  irdl.operation @sliding_window {
    %input = irdl.base "!builtin.memref"
    %filter = irdl.base "!builtin.memref"
    %out = irdl.base "!builtin.memref"
    %f32 = irdl.is f32
    %f64 = irdl.is f64
    %scalar = irdl.any_of(%f32, %f64)
    %host = irdl.is "host"
    %device = irdl.is "device"
    %space = irdl.any_of(%host, %device)
    %string = irdl.base "#builtin.string"
    %depthwise = irdl.is "depthwise"
    %sum = irdl.is "sum"
    %max = irdl.is "max"
    %kind = irdl.any_of(%depthwise, %sum, %max)
    %nchw = irdl.is "nchw"
    %nhwc = irdl.is "nhwc"
    %layout = irdl.any_of(%nchw, %nhwc)
    %strides = irdl.base "#builtin.dense_array"
    %dilations = irdl.base "#builtin.dense_array"
    %padding = irdl.base "#builtin.dense_array"
    %host_tiles = irdl.base "#builtin.dense_array"
    %device_tiles = irdl.base "#builtin.dense_array"
    irdl.operands(input: %input, filter: %filter, out: %out, init: optional %scalar)
    irdl.attributes {"execution_space" = %space, "label" = %string, "kind" = %kind, "layout" = %layout, "strides" = %strides,
                     "dilations" = %dilations, "padding" = %padding, "host_tiles" = %host_tiles, "device_tiles" = %device_tiles}
    %epilogue = irdl.region
    irdl.regions(epilogue: %epilogue)
  }
}
