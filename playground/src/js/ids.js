// Webex public ids are base64 (often unpadded, sometimes url-safe) of "ciscospark://<region>/<TYPE>/<uuid>".

/** @returns {{region: string, type: string, uuid: string} | null} */
export function decodeId(id) {
  if (typeof id !== 'string' || id.length === 0) return null;
  try {
    let b64 = id.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4 !== 0) b64 += '=';
    const text = atob(b64);
    const m = /^ciscospark:\/\/([^/]+)\/([^/]+)\/(.+)$/.exec(text);
    return m ? { region: m[1], type: m[2], uuid: m[3] } : null;
  } catch {
    return null;
  }
}

/** The uuid inside a public id; a value that is not a public id (e.g. already a uuid) is returned as is. */
export function uuidOf(id) {
  const decoded = decodeId(id);
  return decoded ? decoded.uuid : id;
}

/** True when two ids (public or raw uuid) name the same object. */
export function sameId(a, b) {
  if (!a || !b) return false;
  return a === b || uuidOf(a) === uuidOf(b);
}
