// `npm start`: build what changed (Nx caches the rest), then run the server in this process's place.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const nx = require.resolve('nx/bin/nx.js');
const build = spawnSync(process.execPath, [nx, 'run-many', '-t', 'build', '--projects=api,web', '--outputStyle=static'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, ['dist/apps/api/apps/api/src/main.js'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
