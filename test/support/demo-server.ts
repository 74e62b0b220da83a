import { ApiProcess } from './api-process';
import { demoEmail, HttpClient } from './http-client';
import { createTestDatabase, type TestDatabase } from './postgres';

/** A seeded API on a database of its own, with signed-in clients for the demo users. */
export interface DemoServer {
  api: ApiProcess;
  db: TestDatabase;
  anonymous: HttpClient;
  as(who: string): Promise<HttpClient>;
  cycleId: string;
  close(): Promise<void>;
}

export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const db = await createTestDatabase();
  const api = await ApiProcess.start({ DATABASE_URL: db.url, ...env });
  const anonymous = new HttpClient(api.baseUrl);
  const clients = new Map<string, HttpClient>();
  const as = async (who: string) => {
    if (!clients.has(who)) clients.set(who, await anonymous.login(demoEmail(who)));
    return clients.get(who)!;
  };
  const cycles = await (await as('coordinator')).get('/api/cycles');
  return {
    api,
    db,
    anonymous,
    as,
    cycleId: cycles.body[0].id,
    close: async () => {
      await api.stop();
      await db.drop();
    },
  };
}
