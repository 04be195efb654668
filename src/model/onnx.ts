/**
 * ONNX export of a trained model: a standard ModelProto that any ONNX runtime can load.
 *
 * Version 2 models take the raw columns as inputs, one per column, named as the columns: numeric as float [N, 1]
 * (NaN when missing), categorical as string [N, 1] (the trimmed text), dates as their expanded parts float [N, P]
 * (see onnx-encoding.ts). Version 1 models take "features" [N, D].
 * Graph: encoding → "features" [N, D] → (Sub mean → Div std, when the model standardises) → Gemm (W, b)
 *        → Sigmoid → "probability" [N, 1] = P(classes[1])      (logistic)
 *        → Softmax(axis 1) → "probabilities" [N, K]            (softmax)
 * metadata_props: kind, label, classes and features (JSON lists), inputs (JSON: name, role, parts), derived (JSON:
 * of, features) when the model has derived features, and positive_class for a logistic model.
 */
import type { XentModel } from './format.js';
import { encodingGraph, type GraphInput, type Initializer, type NodeSpec } from './onnx-encoding.js';
import { modelScaling } from './predict.js';
import { ProtoWriter } from './protobuf.js';
import { parseModel } from './validate.js';

// Field numbers and enum values from onnx/onnx.proto.
/** Version 1 graphs need opset 13; version 2 compares strings with Equal, which opset 19 (IR 9) allows. */
const IR_VERSION = { 1: 8, 2: 9 } as const;
const OPSET = { 1: 13, 2: 19 } as const;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const STRING = 8; // TensorProto.DataType.STRING
const ATTRIBUTE_INT = 2; // AttributeProto.AttributeType.INT

const Model = { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8, metadataProps: 14 } as const;
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const Attribute = { name: 1, i: 3, type: 20 } as const;
const Tensor = { dims: 1, dataType: 2, floatData: 4, stringData: 6, name: 8 } as const;
const ValueInfo = { name: 1, type: 2 } as const;
const TypeProto = { tensorType: 1 } as const;
const TensorType = { elemType: 1, shape: 2 } as const;
const Shape = { dim: 1 } as const;
const Dimension = { value: 1, param: 2 } as const;
const Opset = { domain: 1, version: 2 } as const;
const StringEntry = { key: 1, value: 2 } as const;

/** A dimension: a fixed size, or a named dynamic one. */
type Dim = number | string;

/** Serialises `model` as an ONNX ModelProto (IR 8, opset 13 for version 1; IR 9, opset 19 for version 2). Throws, naming the field, if the model is malformed. */
export function toOnnx(file: XentModel): Uint8Array {
  const model = parseModel(file);
  const d = model.features.length;
  const { matrix, bias, outputs, transposeB } = gemmOperands(model);
  const initializers: Initializer[] = [];
  const nodes: NodeSpec[] = [];
  let graphInputs: GraphInput[] = [{ name: 'features', type: 'float', width: d }];

  let current = 'features';
  if (model.version === 2) {
    const encoding = encodingGraph(model.inputs, model.derived, '::features');
    nodes.push(...encoding.nodes);
    initializers.push(...encoding.initializers);
    graphInputs = encoding.graphInputs;
    current = '::features';
  }
  const scaling = modelScaling(model);
  if (scaling !== null) {
    initializers.push({ name: '::mean', dims: [d], values: scaling.mean }, { name: '::std', dims: [d], values: scaling.std });
    nodes.push(
      { op: 'Sub', inputs: [current, '::mean'], output: '::centered' },
      { op: 'Div', inputs: ['::centered', '::std'], output: '::standardized' },
    );
    current = '::standardized';
  }

  initializers.push(
    { name: '::W', dims: transposeB ? [outputs, d] : [d, outputs], values: matrix },
    { name: '::b', dims: [outputs], values: bias },
  );
  nodes.push({ op: 'Gemm', inputs: [current, '::W', '::b'], output: '::logits', intAttributes: { transB: transposeB ? 1 : 0 } });

  const output = model.kind === 'logistic' ? 'probability' : 'probabilities';
  nodes.push(
    model.kind === 'logistic'
      ? { op: 'Sigmoid', inputs: ['::logits'], output }
      : { op: 'Softmax', inputs: ['::logits'], output, intAttributes: { axis: 1 } },
  );

  const metadata: Record<string, string> = {
    kind: model.kind,
    classes: JSON.stringify(model.classes),
    features: JSON.stringify(model.features),
    label: model.label,
  };
  if (model.version === 2) {
    metadata.inputs = JSON.stringify(
      model.inputs.map((i) => ({ name: i.name, role: i.role, ...(i.role === 'date' && { parts: i.parts }) })),
    );
    if (model.derived) metadata.derived = JSON.stringify({ of: model.derived.of, features: model.derived.features });
  }
  // "probability" is P(classes[1]); say so in the file for consumers that never see the model JSON.
  if (model.kind === 'logistic') metadata.positive_class = model.classes[1] as string;

  const writer = new ProtoWriter()
    .varint(Model.irVersion, IR_VERSION[model.version])
    .string(Model.producerName, 'xent')
    .string(Model.producerVersion, String(model.version))
    .message(Model.opsetImport, (w) => w.string(Opset.domain, '').varint(Opset.version, OPSET[model.version]))
    .message(Model.graph, (graph) => {
      graph.string(Graph.name, 'xent');
      for (const [index, node] of nodes.entries()) graph.message(Graph.node, (w) => writeNode(w, node, index));
      for (const init of initializers) graph.message(Graph.initializer, (w) => writeTensor(w, init));
      for (const input of graphInputs) graph.message(Graph.input, (w) => writeValueInfo(w, input.name, input.type, ['N', input.width]));
      graph.message(Graph.output, (w) => writeValueInfo(w, output, 'float', ['N', outputs]));
    });
  for (const [key, value] of Object.entries(metadata)) {
    writer.message(Model.metadataProps, (w) => w.string(StringEntry.key, key).string(StringEntry.value, value));
  }
  return writer.finish();
}

/** Gemm's B and C. Logistic: w (D) as a D×1 column. Softmax: W (K×D) as stored, with transB so Gemm computes X·Wᵀ. */
function gemmOperands(model: XentModel): { matrix: number[]; bias: number[]; outputs: number; transposeB: boolean } {
  if (model.kind === 'logistic') return { matrix: model.weights as number[], bias: [model.bias as number], outputs: 1, transposeB: false };
  const rows = model.weights as number[][];
  return { matrix: rows.flat(), bias: model.bias as number[], outputs: rows.length, transposeB: true };
}

function writeNode(w: ProtoWriter, node: NodeSpec, index: number): void {
  for (const input of node.inputs) w.string(Node.input, input);
  w.string(Node.output, node.output).string(Node.name, `${node.op.toLowerCase()}_${index}`).string(Node.opType, node.op);
  for (const [name, value] of Object.entries(node.intAttributes ?? {})) {
    w.message(Node.attribute, (a) => a.string(Attribute.name, name).varint(Attribute.i, value).varint(Attribute.type, ATTRIBUTE_INT));
  }
}

function writeTensor(w: ProtoWriter, { name, dims, values }: Initializer): void {
  w.packedVarints(Tensor.dims, dims);
  if (values.every((v) => typeof v === 'string')) {
    w.varint(Tensor.dataType, STRING);
    for (const v of values) w.string(Tensor.stringData, v);
  } else w.varint(Tensor.dataType, FLOAT).packedFloats(Tensor.floatData, values as readonly number[]);
  w.string(Tensor.name, name);
}

function writeValueInfo(w: ProtoWriter, name: string, type: 'float' | 'string', dims: Dim[]): void {
  w.string(ValueInfo.name, name).message(ValueInfo.type, (typeProto) =>
    typeProto.message(TypeProto.tensorType, (tensor) =>
      tensor.varint(TensorType.elemType, type === 'float' ? FLOAT : STRING).message(TensorType.shape, (shape) => {
        for (const dim of dims) {
          shape.message(Shape.dim, (entry) =>
            typeof dim === 'number' ? entry.varint(Dimension.value, dim) : entry.string(Dimension.param, dim),
          );
        }
      }),
    ),
  );
}
