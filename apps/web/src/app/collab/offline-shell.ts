/** Cache name shared with public/offline-sw.js. */
const CACHE = 'zerobase-offline-v1';

/**
 * Register the offline shell (public/offline-sw.js) and put in its cache what this page already
 * loaded before the worker took control: the index, the scripts and styles, and the editor's
 * reads (sent again with the session cookie). Resolves true once a reload while offline can open the
 * editor. Needs a secure context (https or localhost); elsewhere it resolves false.
 */
export async function prepareOfflineShell(signedIn: boolean, apiReads: readonly string[]): Promise<boolean> {
  if (!('serviceWorker' in navigator) || typeof caches === 'undefined' || !signedIn) return false;
  try {
    await navigator.serviceWorker.register('/offline-sw.js');
    await navigator.serviceWorker.ready;
    const cache = await caches.open(CACHE);
    const files = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name))
      .filter((url) => url.origin === location.origin && /\.(js|css)$/.test(url.pathname))
      .map((url) => url.pathname);
    const put = async (key: string, url: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { headers, credentials: 'same-origin' });
      if (response.ok) await cache.put(key, response);
    };
    await Promise.all([
      put('/index.html', '/'),
      ...[...new Set(files)].map((path) => put(path, path)),
      ...apiReads.map((path) => put(path, path, { 'X-Requested-With': 'zerobase' })),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Forget the cached reads (on sign-out: the next person on this browser must not see them). */
export function forgetOfflineShell(): void {
  if (typeof caches !== 'undefined') void caches.delete(CACHE);
}
