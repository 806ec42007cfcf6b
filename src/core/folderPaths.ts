// A deleted folder arrives as one event for the folder: what is kept by path goes for the folder and all under it.

/** `path` is `folder` itself or lies under it (slash-separated, no trailing slash). */
export function isAtOrUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** Deletes `folder` and every path under it from a set or map's keys; true when any was held. */
export function deleteAtOrUnder(keys: Set<string> | Map<string, unknown>, folder: string): boolean {
  let dropped = false;
  for (const k of keys.keys()) if (isAtOrUnder(k, folder)) dropped = keys.delete(k) || dropped;
  return dropped;
}
