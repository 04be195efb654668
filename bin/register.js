// Lets Node run xent's TypeScript sources directly: tsx for .ts files, plus `?raw` imports of the WGSL shaders
// (as Vite does in the browser build). Use: node --import ./bin/register.js your-script.ts
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('../src/node/raw-loader.ts', import.meta.url);
