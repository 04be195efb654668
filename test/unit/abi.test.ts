/**
 * The host/shader contract without a GPU: every pipeline the backend would create (kernels.ts stepKernelSpecs, for
 * every plan, and batch-kernels.ts batchKernelSpecs), with its module composed by the same functions, against
 * src/gpu/abi.ts and src/gpu/batch-abi.ts: structs, bindings, id constants, overrides, entry points, and that every
 * function a fragment calls is defined in its module.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BatchSpec } from '../../src/core/batch.js';
import type { LossKind, ObjectiveSpec } from '../../src/core/types.js';
import { type BindingSpec, CHUNK_FIELDS, HEADER_FIELDS, WGSL_IDS } from '../../src/gpu/abi.js';
import { BATCH_HEADER_FIELDS, BATCH_WGSL_IDS, MEMBER_FIELDS, ROW_INFO_FIELDS } from '../../src/gpu/batch-abi.js';
import { batchKernelSpecs } from '../../src/gpu/batch-kernels.js';
import { BatchLayout } from '../../src/gpu/batch-layout.js';
import { type PipelineSpec, stepKernelSpecs } from '../../src/gpu/kernels.js';
import { type KernelPlan, type KernelTuning, ProblemLayout } from '../../src/gpu/layout.js';
import type { ShaderSource } from '../../src/gpu/shaders.js';
import { bindingsUsed, parseWgsl, WGSL_BUILTINS, type WgslModule } from './wgsl.js';

const WORKGROUP_BYTES = 16384;

/** Problems that between them take every plan, with both losses. */
const PROBLEMS: { spec: ObjectiveSpec; rows: number; maxBindingBytes: number; tuning: KernelTuning; plan: KernelPlan }[] = [
  { spec: logistic(3, 'cross-entropy'), rows: 100, maxBindingBytes: 1 << 27, tuning: 'cpu', plan: 'logistic-rows' },
  { spec: logistic(64, 'mse'), rows: 100, maxBindingBytes: 1 << 27, tuning: 'gpu', plan: 'logistic-rows-reduced' },
  { spec: softmax(5, 10, 'cross-entropy'), rows: 100, maxBindingBytes: 1 << 27, tuning: 'cpu', plan: 'softmax-split' },
  { spec: logistic(65, 'cross-entropy'), rows: 100, maxBindingBytes: 1 << 27, tuning: 'gpu', plan: 'tiled' },
  { spec: softmax(5, 17, 'mse'), rows: 1000, maxBindingBytes: 8192, tuning: 'cpu', plan: 'tiled' },
];

function logistic(features: number, loss: LossKind): ObjectiveSpec {
  return { shape: { kind: 'logistic', features, classes: 2 }, loss, l2: 0 };
}

function softmax(features: number, classes: number, loss: LossKind): ObjectiveSpec {
  return { shape: { kind: 'softmax', features, classes }, loss, l2: 0 };
}

const layouts = PROBLEMS.map(
  ({ spec, rows, maxBindingBytes, tuning }) => new ProblemLayout(spec, rows, maxBindingBytes, maxBindingBytes, WORKGROUP_BYTES, tuning),
);
const pipelines: PipelineSpec[] = PROBLEMS.flatMap(({ spec }, i) => {
  const layout = layouts[i] as ProblemLayout;
  return [true, false].flatMap((subgroups) => {
    const specs = stepKernelSpecs(layout, spec.loss, { subgroups, workgroupSize: 64 });
    return [...specs.step, ...specs.end, ...(specs.combinedEnd ? [specs.combinedEnd] : []), specs.samples].map((d) => d.pipeline);
  });
});
/** Batches of both model kinds and losses on both tunings. */
const BATCHES: { spec: BatchSpec; tuning: KernelTuning }[] = [
  { spec: { shape: logistic(13, 'cross-entropy').shape, loss: 'cross-entropy', members: [{ l2: 0, fold: -1 }] }, tuning: 'cpu' },
  {
    spec: {
      shape: softmax(5, 10, 'mse').shape,
      loss: 'mse',
      members: [
        { l2: 0, fold: 0 },
        { l2: 1, fold: 1 },
      ],
    },
    tuning: 'gpu',
  },
];
const batchPipelines = BATCHES.flatMap(({ spec, tuning }) =>
  Object.values(batchKernelSpecs(new BatchLayout(spec, 100, 1 << 27, tuning), spec.loss)),
);
pipelines.push(...batchPipelines);
const sources = [...new Map(pipelines.map((p) => [p.source.code, p.source])).values()];

type Fields = readonly (readonly [string, string])[];
/** What a module declares by its contract: the batched kernels (batch-common.wgsl) have their own. */
const contractOf = (source: ShaderSource): { structs: Record<string, Fields>; ids: Record<string, Record<string, number>> } =>
  source.fragments.includes('batch-common')
    ? { structs: { BatchHeader: BATCH_HEADER_FIELDS, Member: MEMBER_FIELDS, RowInfo: ROW_INFO_FIELDS }, ids: BATCH_WGSL_IDS }
    : { structs: { Header: HEADER_FIELDS, ...(parsed.get(source)?.structs.has('Chunk') && { Chunk: CHUNK_FIELDS }) }, ids: WGSL_IDS };
const parsed = new Map<ShaderSource, WgslModule>(sources.map((s) => [s, parseWgsl(s.code)]));
const moduleOf = (p: PipelineSpec) => parsed.get(sources.find((s) => s.code === p.source.code) as ShaderSource) as WgslModule;

const SPACE: Record<GPUBufferBindingType, string[]> = {
  uniform: ['uniform'],
  storage: ['storage, read_write'],
  'read-only-storage': ['storage', 'storage, read'],
};

/** `OPTIMIZER` + `momentum` → OPTIMIZER_MOMENTUM; `TOTAL` + `gradNorm` → TOTAL_GRAD_NORM; `cross-entropy` → CROSS_ENTROPY. */
function wgslName(prefix: string, key: string): string {
  return `${prefix}_${key
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase()}`;
}

describe('the host/shader contract (src/gpu/abi.ts against shaders/)', () => {
  it('covers every plan and every fragment in shaders/', () => {
    const used = new Set(sources.flatMap((s) => s.fragments));
    const files = readdirSync(new URL('../../shaders/', import.meta.url)).filter((f) => f.endsWith('.wgsl') && f !== 'bench-read.wgsl');
    expect([...used].map((f) => `${f}.wgsl`).sort()).toEqual(files.sort());
    expect(layouts.map((l) => l.plan)).toEqual(PROBLEMS.map((p) => p.plan));
    expect(new Set(PROBLEMS.map((p) => p.plan)).size).toBe(4);
  });

  it.each(sources.map((s) => [s.label, s] as const))('%s: labelled with its fragments, every call defined once', (_, source) => {
    const module = parsed.get(source) as WgslModule;
    for (const f of source.fragments) expect(source.label).toContain(f);
    expect(module.redefined).toEqual([]);
    const undefinedCalls = [...module.functions.values()].flatMap((f) =>
      [...f.calls]
        .filter((c) => !module.functions.has(c) && !module.structs.has(c) && !WGSL_BUILTINS.has(c))
        .map((c) => `${f.name} calls ${c}`),
    );
    expect(undefinedCalls).toEqual([]);
  });

  it.each(sources.map((s) => [s.label, s] as const))('%s: the structs and the ids as the host has them', (_, source) => {
    const module = parsed.get(source) as WgslModule;
    const contract = contractOf(source);
    for (const [name, fields] of Object.entries(contract.structs))
      expect(module.structs.get(name), name).toEqual(fields.map(([n, type]) => [n, type]));
    const expected = Object.entries(contract.ids).flatMap(([prefix, table]) =>
      Object.entries(table).map(([key, id]) => [wgslName(prefix, key), `${id}u`]),
    );
    const prefixes = Object.keys(contract.ids).map((p) => `${p}_`);
    const declared = [...module.consts].filter(([name]) => prefixes.some((p) => name.startsWith(p)));
    expect(new Map(declared)).toEqual(new Map(expected as [string, string][]));
  });

  it.each(pipelines.map((p) => [`${p.label} (${p.entryPoint}, ${p.source.label})`, p] as const))(
    '%s: entry point, overrides and bindings',
    (_, pipeline) => {
      const module = moduleOf(pipeline);
      expect(module.functions.get(pipeline.entryPoint)?.attributes).toContain('@compute');
      // Every override without a default is given (else pipeline creation fails), and nothing else.
      const required = [...module.overrides].filter(([, value]) => value === undefined).map(([name]) => name);
      expect(required.filter((name) => !(name in pipeline.constants))).toEqual([]);
      expect(Object.keys(pipeline.constants).filter((name) => !module.overrides.has(name))).toEqual([]);
      // Each binding the module declares in a group this pipeline binds is that group's entry, to the letter.
      const show = (b: { group: number; binding: number; name: string; type: string }) =>
        `@group(${b.group}) @binding(${b.binding}) ${b.name}: ${b.type}`;
      for (const b of module.bindings) {
        const group = pipeline.groups[b.group];
        if (!group) continue;
        const entry = group.entries.find((e: BindingSpec) => e.binding === b.binding);
        expect(entry && show({ group: b.group, ...entry, type: entry.wgsl }), `${group.label}`).toBe(show(b));
        expect(SPACE[(entry as BindingSpec).type], show(b)).toContain(b.space);
      }
      // And the entry point binds nothing outside its pipeline's groups.
      const unbound = bindingsUsed(module, pipeline.entryPoint).filter((b) => !pipeline.groups[b.group]);
      expect(unbound.map((b) => `${b.name} (group ${b.group})`)).toEqual([]);
    },
  );
});
