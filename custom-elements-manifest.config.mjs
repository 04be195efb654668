/** `cem analyze` (run by `npm run build`): custom-elements.json at the repo root, from the Lit elements' JSDoc. */
export default {
  globs: ['src/components/xent-*.ts'],
  outdir: '.',
  litelement: true,
};
