/*
 * A simulation's settings in the URL fragment, so a state can be linked:
 *
 *     #sim-conv2d?kernel=blur&stride=2&padding=1
 *
 * is the embed whose id is "sim-conv2d" (ids are in the page), then its settings as a query string.
 * Opening the link restores them. Only the last simulation the reader changed is recorded; the entry
 * is replaced rather than pushed, so the Back button still leaves the page.
 */

export function readFragment(hash = window.location.hash) {
  const text = hash.replace(/^#/, "");
  const split = text.indexOf("?");
  if (split < 1) return null;
  const params = new URLSearchParams(text.slice(split + 1));
  try {
    return { id: decodeURIComponent(text.slice(0, split)), values: Object.fromEntries(params) };
  } catch (error) {
    return null;
  }
}

export function writeFragment(id, values) {
  const query = new URLSearchParams(Object.entries(values).map(([name, value]) => [name, String(value)]));
  const url = new URL(window.location.href);
  url.hash = `${id}?${query}`;
  window.history.replaceState(window.history.state, "", url);
}
