// Thin clients for the gateway (same origin) and the sandbox's operator API (sandboxUrl, CORS open).

async function request(url, { method = 'GET', body } = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  if (!res.ok) {
    const detail = json?.message || json?.error || text || res.statusText;
    const err = new Error(`${method} ${url} → ${res.status}: ${String(detail).slice(0, 300)}`);
    err.status = res.status;
    throw err;
  }
  return json;
}

/** Accepts a bare array or a Webex-style {"items": [...]} list. */
function items(list) {
  if (Array.isArray(list)) return list;
  if (list && Array.isArray(list.items)) return list.items;
  return [];
}

export const gateway = {
  config: () => request(new URL('playground/config.json', document.baseURI).href),
  /** The commands this person may run (the gateway filters by roles). */
  commands: async (personEmail) => {
    const url = new URL('api/commands', document.baseURI);
    if (personEmail) url.searchParams.set('personEmail', personEmail);
    return items(await request(url.href));
  },
};

export function sandbox(baseUrl) {
  const base = String(baseUrl).replace(/\/+$/, '') + '/sandbox/api';
  return {
    base,
    bot: () => request(`${base}/bot`),
    people: async () => items(await request(`${base}/people`)),
    createPerson: (email, displayName) => request(`${base}/people`, { method: 'POST', body: { email, displayName } }),
    rooms: async () => items(await request(`${base}/rooms`)),
    createRoom: (title, memberEmails) => request(`${base}/rooms`, { method: 'POST', body: { title, memberEmails } }),
    messages: async roomId => items(await request(`${base}/rooms/${encodeURIComponent(roomId)}/messages`)),
    postMessage: msg => request(`${base}/messages`, { method: 'POST', body: msg }),
    cardAction: (personEmail, messageId, inputs) =>
      request(`${base}/attachment-actions`, { method: 'POST', body: { personEmail, messageId, inputs } }),
    eventsUrl: `${base}/events`,
  };
}
