// The reference server for tools/bench/collab-bench.mjs: @y/websocket-server's own
// setupWSConnection behind a `ws` WebSocketServer, exactly like its bin/server.js
// (documents in memory only, no persistence, no auth: the token parameter is ignored).
//   HOST=127.0.0.1 PORT=1234 node tools/bench/collab-ref-server.mjs
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection, docs } from '@y/websocket-server/utils';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 1234);

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((request, response) => {
  if (request.url === '/docs') {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ docs: docs.size }));
    return;
  }
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, host, () => console.log(`reference y-websocket server running at ${host}:${port}`));
const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
