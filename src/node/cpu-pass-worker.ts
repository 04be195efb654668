/**
 * The worker thread of the CPU backend's passes in the CLI (cpu-pass-pool.ts): holds CpuProblems over matrices in
 * shared memory and sums the row ranges it is asked for, at the parameters sent with each request.
 */
import { parentPort } from 'node:worker_threads';
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';
import { CpuProblem } from '../cpu/problem.js';
import { answer } from './worker-calls.js';

export type PassRequest =
  | { type: 'bind'; id: number; data: LabeledMatrix; spec: ObjectiveSpec }
  | { type: 'sums'; id: number; call: number; params: Float64Array; start: number; end: number }
  | { type: 'dispose'; id: number };

const port = parentPort;
if (!port) throw new Error('cpu-pass-worker.ts runs as a worker thread');
const problems = new Map<number, CpuProblem>();
const sums = answer(port, (request: Extract<PassRequest, { type: 'sums' }>) => {
  const problem = problems.get(request.id) as CpuProblem;
  problem.setParams(request.params);
  const result = problem.rangeSums(request.start, request.end);
  return [result, [result.gradient.buffer as ArrayBuffer]];
});
port.on('message', (request: PassRequest) => {
  if (request.type === 'bind') problems.set(request.id, new CpuProblem(request.data, request.spec));
  else if (request.type === 'dispose') problems.delete(request.id);
  else sums(request);
});
