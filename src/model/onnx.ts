/**
 * ONNX export of a trained model (DESIGN §4): a standard ModelProto that any ONNX runtime can load.
 *
 * Graph: features [N, D] → (Sub mean → Div std, when the model standardises) → Gemm (W, b)
 *        → Sigmoid → "probability" [N, 1] = P(classes[1])      (logistic)
 *        → Softmax(axis 1) → "probabilities" [N, K]            (softmax)
 * metadata_props: kind, label, classes and features (JSON lists), and positive_class for a logistic model.
 */
import type { XentModel } from './format.js';
import { ProtoWriter } from './protobuf.js';
import { parseModel } from './validate.js';

// Field numbers and enum values from onnx/onnx.proto.
const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTRIBUTE_INT = 2; // AttributeProto.AttributeType.INT

const Model = { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8, metadataProps: 14 } as const;
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const Attribute = { name: 1, i: 3, type: 20 } as const;
const Tensor = { dims: 1, dataType: 2, floatData: 4, name: 8 } as const;
const ValueInfo = { name: 1, type: 2 } as const;
const TypeProto = { tensorType: 1 } as const;
const TensorType = { elemType: 1, shape: 2 } as const;
const Shape = { dim: 1 } as const;
const Dimension = { value: 1, param: 2 } as const;
const Opset = { domain: 1, version: 2 } as const;
const StringEntry = { key: 1, value: 2 } as const;

/** A dimension: a fixed size, or a named dynamic one. */
type Dim = number | string;

interface NodeSpec {
  op: string;
  inputs: string[];
  output: string;
  intAttributes?: Record<string, number>;
}

/** Serialises `model` as an ONNX ModelProto (IR 8, opset 13). Throws, naming the field, if the model is malformed. */
export function toOnnx(model: XentModel): Uint8Array {
  parseModel(model);
  const d = model.features.length;
  const { matrix, bias, outputs, transposeB } = gemmOperands(model);
  const initializers: { name: string; dims: number[]; values: readonly number[] }[] = [];
  const nodes: NodeSpec[] = [];

  let current = 'features';
  if (model.standardize !== null) {
    initializers.push(
      { name: 'mean', dims: [d], values: model.standardize.mean },
      { name: 'std', dims: [d], values: model.standardize.std },
    );
    nodes.push(
      { op: 'Sub', inputs: [current, 'mean'], output: 'centered' },
      { op: 'Div', inputs: ['centered', 'std'], output: 'standardized' },
    );
    current = 'standardized';
  }

  initializers.push(
    { name: 'W', dims: transposeB ? [outputs, d] : [d, outputs], values: matrix },
    { name: 'b', dims: [outputs], values: bias },
  );
  nodes.push({ op: 'Gemm', inputs: [current, 'W', 'b'], output: 'logits', intAttributes: { transB: transposeB ? 1 : 0 } });

  const output = model.kind === 'logistic' ? 'probability' : 'probabilities';
  nodes.push(
    model.kind === 'logistic'
      ? { op: 'Sigmoid', inputs: ['logits'], output }
      : { op: 'Softmax', inputs: ['logits'], output, intAttributes: { axis: 1 } },
  );

  const metadata: Record<string, string> = {
    kind: model.kind,
    classes: JSON.stringify(model.classes),
    features: JSON.stringify(model.features),
    label: model.label,
  };
  // "probability" is P(classes[1]); say so in the file for consumers that never see the model JSON.
  if (model.kind === 'logistic') metadata.positive_class = model.classes[1] as string;

  const writer = new ProtoWriter()
    .varint(Model.irVersion, IR_VERSION)
    .string(Model.producerName, 'xent')
    .string(Model.producerVersion, String(model.version))
    .message(Model.opsetImport, (w) => w.string(Opset.domain, '').varint(Opset.version, OPSET))
    .message(Model.graph, (graph) => {
      graph.string(Graph.name, 'xent');
      for (const [index, node] of nodes.entries()) graph.message(Graph.node, (w) => writeNode(w, node, index));
      for (const init of initializers) graph.message(Graph.initializer, (w) => writeTensor(w, init.name, init.dims, init.values));
      graph.message(Graph.input, (w) => writeValueInfo(w, 'features', ['N', d]));
      graph.message(Graph.output, (w) => writeValueInfo(w, output, ['N', outputs]));
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

function writeTensor(w: ProtoWriter, name: string, dims: number[], values: readonly number[]): void {
  w.packedVarints(Tensor.dims, dims).varint(Tensor.dataType, FLOAT).packedFloats(Tensor.floatData, values).string(Tensor.name, name);
}

function writeValueInfo(w: ProtoWriter, name: string, dims: Dim[]): void {
  w.string(ValueInfo.name, name).message(ValueInfo.type, (type) =>
    type.message(TypeProto.tensorType, (tensor) =>
      tensor.varint(TensorType.elemType, FLOAT).message(TensorType.shape, (shape) => {
        for (const dim of dims) {
          shape.message(Shape.dim, (entry) =>
            typeof dim === 'number' ? entry.varint(Dimension.value, dim) : entry.string(Dimension.param, dim),
          );
        }
      }),
    ),
  );
}
