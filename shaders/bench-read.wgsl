// Read-bandwidth ceiling for the benchmark (bench/ceiling.ts). No barriers and no shared memory: each thread sums a
// strided slice of `data` with vec4 loads and writes its own partial, which keeps every load live so the compiler
// cannot drop them.

// vec4s a thread reads back to back before striding on. 1 interleaves adjacent threads (the usual GPU pattern);
// longer runs give each thread whole rows, which CPU implementations such as SwiftShader may read faster.
// The host only uses a RUN that divides `count`.
override RUN: u32 = 1u;

struct Params {
  // Length of `data` in vec4s.
  count: u32,
  // Threads in the whole dispatch.
  threads: u32,
}

@group(0) @binding(0) var<storage, read> data: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  var sum = vec4<f32>(0.0);
  for (var start = id.x * RUN; start < params.count; start += params.threads * RUN) {
    for (var j = 0u; j < RUN; j++) {
      sum += data[start + j];
    }
  }
  partials[id.x] = sum;
}

// The same read with the arithmetic of a logistic step on top (test/gpu/arithmetic-floor.manual.ts): each run of
// 16 vec4s is a row of 64 features, kept in registers; z = w·x (one dot product per vec4), a logistic dz, then
// g += dz·x (one axpy per vec4). It has the logistic-rows kernel's (logistic-rows.wgsl) minimum arithmetic without its other
// loads, so its GB/s bounds what that kernel can reach on an adapter that is instruction-bound.
@compute @workgroup_size(64)
fn logisticArithmetic(@builtin(global_invocation_id) id: vec3<u32>) {
  let w = mat4x4<f32>(vec4<f32>(0.5), vec4<f32>(-0.25), vec4<f32>(0.125), vec4<f32>(1.0));
  var g0 = mat4x4<f32>();
  var g1 = mat4x4<f32>();
  var g2 = mat4x4<f32>();
  var g3 = mat4x4<f32>();
  for (var start = id.x * 16u; start < params.count; start += params.threads * 16u) {
    let x0 = mat4x4<f32>(data[start], data[start + 1u], data[start + 2u], data[start + 3u]);
    let x1 = mat4x4<f32>(data[start + 4u], data[start + 5u], data[start + 6u], data[start + 7u]);
    let x2 = mat4x4<f32>(data[start + 8u], data[start + 9u], data[start + 10u], data[start + 11u]);
    let x3 = mat4x4<f32>(data[start + 12u], data[start + 13u], data[start + 14u], data[start + 15u]);
    var z = 0.0;
    for (var c = 0u; c < 4u; c++) {
      z += dot(w[c], x0[c]) + dot(w[c], x1[c]) + dot(w[c], x2[c]) + dot(w[c], x3[c]);
    }
    let dz = 1.0 / (1.0 + exp(-z)) - 0.5;
    g0 += dz * x0;
    g1 += dz * x1;
    g2 += dz * x2;
    g3 += dz * x3;
  }
  let g = g0 + g1 + g2 + g3;
  partials[id.x] = g[0] + g[1] + g[2] + g[3];
}
