/*
 * The one name under which the course keeps what it remembers in this browser's localStorage: the
 * course's key from <meta name="convlab-storage">, so two courses on one host never read each other's
 * progress. Progress is stored under the key itself; everything else under `<key>:<part>`
 * (storageName("theme"), storageName("code:conv2d")).
 *
 * theme-first-paint.js, the one classic script, cannot import a module and spells `<key>:theme` itself.
 */

export const storageKey = document.querySelector('meta[name="convlab-storage"]')?.content || "convlab";

export function storageName(part) {
  return `${storageKey}:${part}`;
}
