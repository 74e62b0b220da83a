// Runs in a worker thread (SnapshotEncoder): folds a snapshot and logged updates into one
// encoded state, so compaction never occupies the event loop that relays edits.
import '../../register-paths';
import { parentPort } from 'node:worker_threads';
import { foldUpdates, type FoldRequest } from './fold-updates';

parentPort?.on('message', (request: FoldRequest) => {
  try {
    const state = foldUpdates(request.parts);
    parentPort?.postMessage({ id: request.id, state }, [state.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
