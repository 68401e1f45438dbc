// scf.index_switch → switch; region 0 is the default.

func.func @activation(%kind: index loc("kind"), %x: f32 loc("x")) -> f32 {
  %zero = arith.constant 0.0 : f32
  %r = scf.index_switch %kind -> f32
  case 0 {
    %relu = arith.maximumf %x, %zero : f32
    scf.yield %relu : f32
  }
  case 1 {
    %t = math.tanh %x : f32
    scf.yield %t : f32
  }
  case 7 {
    %neg = arith.negf %x : f32
    %e = math.exp %neg : f32
    %one = arith.constant 1.0 : f32
    %d = arith.addf %one, %e : f32
    %s = arith.divf %one, %d : f32
    scf.yield %s : f32
  }
  default {
    scf.yield %x : f32
  }
  return %r : f32
}
