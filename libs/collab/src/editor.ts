/**
 * What the browser's package editor needs from this library, without the rest of index.ts (version
 * history and diffs, last changes, meeting minutes, the server's merge and conflict code): a bundler
 * puts every module that an entry point reaches through index.ts in that entry's chunks, even the
 * ones it does not use, so the editor's route imports this file (`@zerobase/collab/editor`) instead.
 */
export * from './schema';
export * from './row-types';
export { diffSplice, replaceText, type Splice } from './text';
export * from './shared-fields';
export * from './row-access';
export * from './projection';
export * from './close-codes';
export * from './paste';
export * from './row-order';
export * from './cursors';
export * from './rights-notice';
