/** GPU buffers created through one tracker, so tests can check that bind/dispose cycles leave nothing behind. */
export class BufferTracker {
  private live = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Fill buffers the kernels write with NaN at creation, so a missed write shows up in a test. */
    private readonly poison: boolean,
  ) {}

  get liveBuffers(): number {
    return this.live;
  }

  create(label: string, size: number, usage: number): GPUBuffer {
    const buffer = this.device.createBuffer({
      label,
      size: alignTo(size, 4),
      usage,
      mappedAtCreation: this.poison && !(usage & GPUBufferUsage.MAP_READ),
    });
    this.live++;
    if (buffer.mapState === 'mapped') {
      new Float32Array(buffer.getMappedRange()).fill(Number.NaN);
      buffer.unmap();
    }
    return buffer;
  }

  /** A buffer holding `data` (copied in through a mapping at creation, no staging copy). */
  createWith(label: string, data: Float32Array | Uint32Array, usage: number): GPUBuffer {
    const buffer = this.device.createBuffer({ label, size: alignTo(Math.max(data.byteLength, 4), 4), usage, mappedAtCreation: true });
    this.live++;
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
    return buffer;
  }

  destroy(buffer: GPUBuffer): void {
    buffer.destroy();
    this.live--;
  }
}

export function alignTo(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}
