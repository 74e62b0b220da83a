// The compiled server keeps the libraries' import paths (@zerobase/*); map them onto the
// compiled library folders beside it before anything imports them.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const compiledRoot = join(__dirname, '..', '..', '..');
register({
  baseUrl: compiledRoot,
  paths: {
    '@zerobase/domain': ['libs/domain/src/index.js'],
    '@zerobase/collab': ['libs/collab/src/index.js'],
  },
});
