/*
 * The offline shell of the package editor: the app's files and the few reads the editor needs
 * (the package, the departments) are answered from the network when it is there and from this
 * cache when it is not, so a reload while offline opens the editor again; the document itself
 * comes from the browser's IndexedDB copy (y-indexeddb). Nothing else is cached; the live
 * channels (/collab, /socket.io) never go through here. Signing out deletes the cache.
 */
const CACHE = 'zerobase-offline-v1';
const API_READS = [/^\/api\/packages\/[0-9a-f-]{36}$/, /^\/api\/departments$/];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') ? !API_READS.some((re) => re.test(url.pathname)) : /^\/(collab|socket\.io)/.test(url.pathname)) return;
  const key = request.mode === 'navigate' ? '/index.html' : url.pathname;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
        }
        return response;
      })
      .catch(async () => (await caches.match(key)) ?? Response.error()),
  );
});
