// Allocation, copy and views of views. A plain slice is Kokkos::subview; other views are
// unmanaged Views over data() + offset with explicit extents (and strides for LayoutStride).

// A scratch buffer with a dynamic extent, filled and copied back (memref.copy → deep_copy).
func.func @scale_copy(%src: memref<?x4xf32> loc("src"), %dst: memref<?x4xf32> loc("dst"), %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %n = memref.dim %src, %c0 : memref<?x4xf32>
  %tmp = memref.alloc(%n) : memref<?x4xf32> loc("tmp")
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %x = memref.load %src[%i, %j] : memref<?x4xf32>
      %y = arith.mulf %x, %s : f32
      memref.store %y, %tmp[%i, %j] : memref<?x4xf32>
    }
  }
  memref.copy %tmp, %dst : memref<?x4xf32> to memref<?x4xf32>
  memref.dealloc %tmp : memref<?x4xf32>
  return
}

// Slices: a 2-D block (Kokkos::subview with pairs), a row (rank-reduced), a column
// (rank-reduced, strided), and every other element (stride 2: not a plain slice).
func.func @slices(%m: memref<8x8xf32> loc("m"), %r: index loc("r")) -> (f32, f32, f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %block = memref.subview %m[2, 2][4, 4][1, 1] : memref<8x8xf32> to memref<4x4xf32, strided<[8, 1], offset: 18>>
  %row = memref.subview %m[%r, 0][1, 8][1, 1] : memref<8x8xf32> to memref<8xf32, strided<[1], offset: ?>>
  %col = memref.subview %m[0, 3][8, 1][1, 1] : memref<8x8xf32> to memref<8xf32, strided<[8], offset: 3>>
  %even = memref.subview %m[0, 0][4, 8][2, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[16, 1]>>
  %a = memref.load %block[%c1, %c1] : memref<4x4xf32, strided<[8, 1], offset: 18>>
  %b = memref.load %row[%c1] : memref<8xf32, strided<[1], offset: ?>>
  %c = memref.load %col[%c1] : memref<8xf32, strided<[8], offset: 3>>
  %d = memref.load %even[%c1, %c0] : memref<4x8xf32, strided<[16, 1]>>
  return %a, %b, %c, %d : f32, f32, f32, f32
}

// Reshapes: collapse to 1-D, expand back to 2-D with a dynamic extent, reinterpret_cast.
func.func @reshapes(%m: memref<?x16xf32> loc("m"), %rows: index) -> (f32, f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %flat = memref.collapse_shape %m [[0, 1]] : memref<?x16xf32> into memref<?xf32>
  %cube = memref.expand_shape %flat [[0, 1, 2]] output_shape [%rows, 4, 4] : memref<?xf32> into memref<?x4x4xf32>
  %tail = memref.reinterpret_cast %m to offset: [16], sizes: [%rows, 16], strides: [16, 1] : memref<?x16xf32> to memref<?x16xf32, strided<[16, 1], offset: 16>>
  %a = memref.load %flat[%c5] : memref<?xf32>
  %b = memref.load %cube[%c0, %c1, %c1] : memref<?x4x4xf32>
  %c = memref.load %tail[%c0, %c5] : memref<?x16xf32, strided<[16, 1], offset: 16>>
  return %a, %b, %c : f32, f32, f32
}

// A 0-d buffer.
func.func @scalar_buffer(%x: f64) -> f64 {
  %buf = memref.alloca() : memref<f64>
  memref.store %x, %buf[] : memref<f64>
  %y = memref.load %buf[] : memref<f64>
  return %y : f64
}
