// Shared by the kernels that flag non-finite numbers (finish.wgsl, batch-epoch.wgsl).

/** Neither NaN nor ±Inf, by the exponent bits (comparisons with NaN may be folded away by a compiler). */
fn isFinite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}
