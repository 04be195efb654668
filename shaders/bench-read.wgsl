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
