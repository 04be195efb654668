// Train a softmax classifier on Iris with the library API, then predict two flowers.
// Run from a clone: node --import ./bin/register.js examples/train.ts [cpu|gpu]
import { createCpuBackend, createGpuBackend, loadBuiltin, nodeGpuDevice, predict, Trainer } from '../src/node/index.js';

const useGpu = process.argv[2] === 'gpu';
const gpu = useGpu ? await nodeGpuDevice() : null;
const backend = gpu ? createGpuBackend(gpu.device, gpu.adapter) : createCpuBackend();

const trainer = new Trainer(backend, loadBuiltin('iris'), { optimizer: 'lbfgs', l2: 0.01 });
for await (const epoch of trainer.epochs()) {
  if (epoch.epoch % 10 === 0) console.log(`epoch ${epoch.epoch}: loss ${epoch.loss.toFixed(4)}, accuracy ${epoch.accuracy.toFixed(3)}`);
}
const model = trainer.model(); // the model file (README, The model file): JSON.stringify it to save
const { classes, probabilities } = predict(model, [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
]);
console.log(classes, probabilities.map((p) => p.map((v) => v.toFixed(3))));

trainer.dispose();
backend.dispose();
gpu?.device.destroy();
