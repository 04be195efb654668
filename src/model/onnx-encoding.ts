/**
 * The part of the ONNX graph that encodes raw input columns as at training time: numeric columns (float [N, 1])
 * get their missing cells (NaN) imputed and, where the model has one, a 0/1 missing indicator; categorical columns
 * (string [N, 1]) become one-hot or 0/1 columns by string equality (an unseen value gives zeros; the missing level
 * matches the missing tokens); date columns enter as their expanded parts (float [N, P], NaN when missing).
 * Derived features are products (Mul) and sines (Sin) of the imputed, unscaled numeric columns, after the encoded ones.
 */
import { isBinary } from '../data/encoding.js';
import { MISSING_TOKENS } from '../data/missing.js';
import type { ModelDerived, ModelInput } from './format.js';

export interface Initializer {
  name: string;
  dims: number[];
  values: readonly number[] | readonly string[];
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  output: string;
  intAttributes?: Record<string, number>;
}

export interface GraphInput {
  name: string;
  type: 'float' | 'string';
  width: number;
}

/** ONNX TensorProto.DataType.FLOAT, for Cast. */
const FLOAT = 1;

/**
 * Nodes that turn the raw inputs into the encoded features [N, D] (before scaling), named `output`; the derived
 * features, if any, follow, computed from the imputed numeric values.
 */
export function encodingGraph(inputs: ModelInput[], derived: ModelDerived | undefined, output: string) {
  const nodes: NodeSpec[] = [];
  const initializers: Initializer[] = [];
  const graphInputs: GraphInput[] = [];
  const blocks: string[] = [];
  /** Numeric value feature → its imputed column [N, 1]: what the derived features are computed from. */
  const imputed = new Map<string, string>();
  inputs.forEach((input, i) => {
    const id = `::in${i}`;
    const add = (op: string, args: string[], name: string, intAttributes?: Record<string, number>) => {
      nodes.push({ op, inputs: args, output: `${id}/${name}`, ...(intAttributes && { intAttributes }) });
      return `${id}/${name}`;
    };
    const constant = (name: string, dims: number[], values: readonly number[] | readonly string[]) => {
      initializers.push({ name: `${id}/${name}`, dims, values });
      return `${id}/${name}`;
    };
    const cast = (bool: string, name: string) => add('Cast', [bool], name, { to: FLOAT });
    if (input.role === 'categorical') {
      graphInputs.push({ name: input.name, type: 'string', width: 1 });
      const wanted = isBinary(input) ? [input.levels[1] as string | null] : input.levels;
      const values = wanted.filter((l): l is string => l !== null);
      if (values.length > 0)
        blocks.push(cast(add('Equal', [input.name, constant('levels', [values.length], values)], 'is_level'), 'levels_01'));
      if (wanted.includes(null)) {
        const isToken = cast(
          add('Equal', [input.name, constant('tokens', [MISSING_TOKENS.length], MISSING_TOKENS)], 'is_token'),
          'tokens_01',
        );
        blocks.push(
          add(
            'MatMul',
            [
              isToken,
              constant(
                'ones',
                [MISSING_TOKENS.length, 1],
                MISSING_TOKENS.map(() => 1),
              ),
            ],
            'missing',
          ),
        );
      }
      return;
    }
    const width = input.role === 'date' ? input.parts.length : 1;
    const impute = input.role === 'date' ? input.impute : [input.impute];
    graphInputs.push({ name: input.name, type: 'float', width });
    const nan = add('IsNaN', [input.name], 'is_nan');
    blocks.push(add('Where', [nan, constant('impute', [width], impute), input.name], 'imputed'));
    if (input.role === 'numeric') imputed.set(input.features[0] as string, blocks.at(-1) as string);
    if (input.indicator) {
      const first = Array.from({ length: width }, (_, j) => (j === 0 ? 1 : 0));
      blocks.push(add('MatMul', [cast(nan, 'nan_01'), constant('first', [width, 1], first)], 'indicator'));
    }
  });
  if (derived) blocks.push(...derivedNodes(derived, imputed, nodes));
  nodes.push({ op: 'Concat', inputs: blocks, output, intAttributes: { axis: 1 } });
  return { nodes, initializers, graphInputs };
}

/**
 * One [N, 1] column per term: a product multiplied left to right as predict does (x1²·x2 is (x1·x1)·x2, sharing the
 * Mul of a prefix another term made), a sine by Sin.
 */
function derivedNodes(derived: ModelDerived, imputed: Map<string, string>, nodes: NodeSpec[]): string[] {
  const column = (j: number): string => imputed.get(derived.of[j] as string) as string;
  const made = new Map<string, string>();
  const product = (factors: number[]): string => {
    if (factors.length === 1) return column(factors[0] as number);
    const key = factors.join(',');
    const known = made.get(key);
    if (known) return known;
    const output = `::derived/${key}`;
    nodes.push({ op: 'Mul', inputs: [product(factors.slice(0, -1)), column(factors.at(-1) as number)], output });
    made.set(key, output);
    return output;
  };
  return derived.terms.map((term) => {
    if (term.kind === 'product') return product(term.of);
    const output = `::derived/sin${term.of}`;
    nodes.push({ op: 'Sin', inputs: [column(term.of)], output });
    return output;
  });
}
