/** `cem analyze` (run by `npm run build`): custom-elements.json at the repo root, from the Lit elements' JSDoc. */
export default {
  // The elements, and the base class whose attributes two of them inherit.
  globs: ['src/components/xent-*.ts', 'src/components/train-settings-element.ts'],
  outdir: '.',
  litelement: true,
};
