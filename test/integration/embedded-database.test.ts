import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiProcess } from '../support/api-process';
import { HttpClient } from '../support/http-client';

const dataDir = mkdtempSync(join(tmpdir(), 'zerobase-embedded-'));
let api: ApiProcess | null = null;

afterAll(async () => {
  await api?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded database (no DATABASE_URL)', () => {
  it('should run on the embedded database, seed the demo and keep data across restarts and kill -9', async () => {
    api = await ApiProcess.start({ DATA_DIR: dataDir, DATABASE_URL: '' });
    const coordinator = await new HttpClient(api.baseUrl).login('coordinator@demo.zerobase');
    const cycleId = (await coordinator.get('/api/cycles')).body[0].id;
    expect((await coordinator.get(`/api/cycles/${cycleId}/packages`)).body).toHaveLength(20);
    const created = await coordinator.post('/api/packages', { cycleId, code: 'EMB-1', title: '嵌入式数据库测试', leadDepartment: 'water', departments: ['water'] });
    expect(created.status).toBe(201);

    await api.stop();
    await api.launch();
    const again = await new HttpClient(api.baseUrl).login('coordinator@demo.zerobase');
    const afterRestart = await again.get(`/api/packages/${created.body.id}`);
    expect(afterRestart.body).toMatchObject({ code: 'EMB-1', title: '嵌入式数据库测试' });
    expect((await again.get(`/api/cycles/${cycleId}/packages`)).body).toHaveLength(21);

    // a killed server leaves its postgres behind; the next start must take the data directory over
    await api.kill9();
    await api.launch();
    const afterKill = await new HttpClient(api.baseUrl).login('coordinator@demo.zerobase');
    expect((await afterKill.get(`/api/packages/${created.body.id}`)).body.title).toBe('嵌入式数据库测试');
  });
});
