/** Lets Node run the TypeScript sources directly: tsx for .ts, plus `?raw` imports of the WGSL files. */
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./raw-loader.ts', import.meta.url);
