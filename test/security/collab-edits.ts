import * as Y from 'yjs';
import { connectCollab, eventually } from '../support/collab-client';
import type { DemoServer } from '../support/demo-server';

/** Rows the server stored for a document (its update log and edit log). */
export async function storedRows(server: DemoServer, packageId: string): Promise<number> {
  const [row] = await server.db.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM doc_update WHERE doc_id = $1) + (SELECT count(*) FROM edit_log WHERE doc_id = $1) AS n`,
    [packageId],
  );
  return Number(row.n);
}

/**
 * Makes an edit with an unmodified y-websocket client and returns how the server answered:
 * the close (code, reason) when it refused the update, or null once the edit is stored.
 */
export async function collabEdit(server: DemoServer, packageId: string, token: string, edit: (doc: Y.Doc) => void): Promise<{ code: number; reason: string } | null> {
  const client = connectCollab(server.api.baseUrl, packageId, token);
  try {
    await client.synced();
    const before = await storedRows(server, packageId);
    edit(client.doc);
    const outcome = await eventually(
      async () => (client.closes.length ? client.closes[0] : (await storedRows(server, packageId)) > before ? 'stored' : null),
      (o) => o !== null,
      15_000,
      'the server to store or refuse the edit',
    );
    return outcome === 'stored' ? null : outcome;
  } finally {
    client.destroy();
  }
}
