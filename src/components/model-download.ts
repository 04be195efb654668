/** Saving a trained model from the page: the model file as JSON, or its ONNX graph. */
import type { XentModel } from '../model/format.js';
import { toOnnx } from '../model/onnx.js';

/** Starts the browser's download of `content` as a file called `name`. */
function download(name: string, type: string, content: BlobPart): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([content], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

export function downloadJson(model: XentModel): void {
  download('model.json', 'application/json', JSON.stringify(model, null, 2));
}

export function downloadOnnx(model: XentModel): void {
  download('model.onnx', 'application/octet-stream', toOnnx(model) as Uint8Array<ArrayBuffer>);
}
