// A sweep worker thread: TypeScript sources load through tsx, as in bin/taosim.js.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
