// cf.assert in host code → throw std::runtime_error with the message and the assertion's location.

func.func @checked_index(%buf: memref<?xf32> loc("buf"), %i: index loc("i")) -> f32 {
  %c0 = arith.constant 0 : index
  %n = memref.dim %buf, %c0 : memref<?xf32>
  %ok = arith.cmpi ult, %i, %n : index
  cf.assert %ok, "index out of bounds"
  %x = memref.load %buf[%i] : memref<?xf32>
  return %x : f32
}
