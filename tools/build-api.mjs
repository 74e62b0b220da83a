// Compiles the API with tsc (NestJS and TypeORM need decorator metadata, which bundlers drop)
// and writes the path-alias map the compiled server registers at start-up.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = 'dist/apps/api';
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'apps/api/tsconfig.app.json'], { stdio: 'inherit' });
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/package.json`, JSON.stringify({ type: 'commonjs', main: 'apps/api/src/main.js' }, null, 2));
