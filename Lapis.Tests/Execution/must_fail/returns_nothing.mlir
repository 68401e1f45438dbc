// Returns nothing and writes nothing (it only reads its memref): "0 outputs compared" is a
// failure. CheckTests.ACheckThatComparesNothingFails.
func.func @returns_nothing(%s: f32, %x: memref<5xf32>) {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<5xf32>
  %w = arith.addf %v, %s : f32
  return
}
