// Preloaded (node --require) into both servers by tools/bench/collab-bench.mjs. It answers the
// benchmark over the IPC channel only: memory after a forced GC, and on-demand CPU profiles
// (node:inspector), so the server code itself is measured unchanged.
'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

if (typeof process.send === 'function') {
  let session = null;
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  const reply = (id, body) => process.send({ id, ...body });

  process.on('message', async (message) => {
    if (!message || typeof message !== 'object' || !('probe' in message)) return;
    const { id, probe } = message;
    try {
      if (probe === 'mem') {
        if (typeof global.gc === 'function') {
          global.gc();
          global.gc();
        }
        return reply(id, { mem: process.memoryUsage() });
      }
      if (probe === 'prof-start') {
        session = new inspector.Session();
        session.connect();
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: message.intervalUs ?? 500 });
        await post('Profiler.start');
        return reply(id, { ok: true });
      }
      if (probe === 'prof-stop') {
        const { profile } = await post('Profiler.stop');
        session.disconnect();
        session = null;
        writeFileSync(message.path, JSON.stringify(profile));
        return reply(id, { ok: true });
      }
      if (probe === 'count') {
        // live instances of classes already loaded by the server (found in require.cache, never
        // loaded anew), counted with the inspector's Runtime.queryObjects (which runs a GC first)
        const own = new inspector.Session();
        own.connect();
        const call = (method, params) => new Promise((resolve, reject) => own.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
        const counts = {};
        try {
          for (const target of message.targets) {
            const key = Object.keys(require.cache).find((k) => k.endsWith(target.suffix));
            const cls = key ? require.cache[key].exports[target.export] : undefined;
            if (typeof cls !== 'function') {
              counts[target.name] = null;
              continue;
            }
            global.__collabProbeTarget = cls.prototype;
            const { result } = await call('Runtime.evaluate', { expression: 'globalThis.__collabProbeTarget', objectGroup: 'probe' });
            const { objects } = await call('Runtime.queryObjects', { prototypeObjectId: result.objectId, objectGroup: 'probe' });
            const { result: length } = await call('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
            counts[target.name] = length.value;
            delete global.__collabProbeTarget;
          }
          await call('Runtime.releaseObjectGroup', { objectGroup: 'probe' });
        } finally {
          own.disconnect();
        }
        return reply(id, { counts });
      }
      reply(id, { error: `unknown probe ${probe}` });
    } catch (error) {
      reply(id, { error: String(error) });
    }
  });
  // the channel must not keep the server alive on its own
  if (process.channel && typeof process.channel.unref === 'function') process.channel.unref();
}
