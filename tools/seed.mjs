// `npm run seed`: seed the demo cycle into the (empty) database named by DATABASE_URL.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL=postgres://… (npm start seeds its embedded database by itself)');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const build = spawnSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run', 'api:build', '--outputStyle=static'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const seed = spawnSync(process.execPath, ['dist/apps/api/apps/api/src/seed.js'], { stdio: 'inherit' });
process.exit(seed.status ?? 1);
