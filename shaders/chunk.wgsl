// Group 1 of the step kernels (tiled.wgsl, logistic-rows.wgsl, softmax-split-*.wgsl): one chunk of X and y. X larger
// than one storage binding comes in chunks; the step kernels are dispatched once per chunk and skip the rows other
// chunks hold. The host's side: src/gpu/abi.ts (CHUNK_FIELDS, CHUNK_GROUP).

const NONE: u32 = 0xffffffffu;

struct Chunk {
  /** First row of the data set held by this chunk. */
  start: u32,
  rows: u32,
  /** 1 for chunk 0, which initialises the partial sums. */
  first: u32,
}

@group(1) @binding(0) var<uniform> chunk: Chunk;
/** Rows of X zero-padded to Q vec4s. */
@group(1) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(1) @binding(2) var<storage, read> y: array<u32>;

/** The chunk-local row at `position` of the current step, or NONE if outside the step or the chunk. */
fn chunkRow(position: u32) -> u32 {
  if (position >= stepRows()) {
    return NONE;
  }
  var row = stepIndex() * header.batch + position;
  if (header.ordering == ORDERING_ORDER) {
    row = order[row];
  } else if (header.ordering == ORDERING_KEYED) {
    row = shuffledRow(row, header.rows);
  }
  if (row < chunk.start || row - chunk.start >= chunk.rows) {
    return NONE;
  }
  return row - chunk.start;
}

/** Adds `value` to partials[index]; `first` overwrites instead (the slot's first write of the step). */
fn addPartial(index: u32, value: f32, first: bool) {
  partials[index] = select(partials[index], 0.0, first) + value;
}
