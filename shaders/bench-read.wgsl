// Read-bandwidth ceiling for the benchmark (bench/ceiling.ts). No barriers and no shared memory: each thread sums a
// grid-strided slice of `data` with vec4 loads (adjacent threads read adjacent vec4s) and writes its own partial,
// which keeps every load live so the compiler cannot drop them.

struct Params {
  // Length of `data` in vec4s.
  count: u32,
  // Threads in the whole dispatch (the grid stride).
  threads: u32,
}

@group(0) @binding(0) var<storage, read> data: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  var sum = vec4<f32>(0.0);
  for (var i = id.x; i < params.count; i += params.threads) {
    sum += data[i];
  }
  partials[id.x] = sum;
}
