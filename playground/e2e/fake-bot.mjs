#!/usr/bin/env node
// A stand-in bot for working on the playground without the gateway: it follows the sandbox's event
// stream and answers through the sandbox's Webex REST API with the bot token, as the real bot would.
//
//   node e2e/fake-bot.mjs --sandbox http://127.0.0.1:7070 --token <WEBEX_API_TOKEN printed by SandboxMain>
//
// Understands /help (card with buttons), /echo <text>, /chat (settings card), /stream (a reply edited
// word by word, like a streaming LLM answer) and the submits of its own cards.
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
};
const sandbox = opt('sandbox', 'http://127.0.0.1:7070').replace(/\/+$/, '');
const token = opt('token', process.env.WEBEX_API_TOKEN);
const api = opt('api', `${sandbox}/v1`);
if (!token) {
  console.error('fake-bot: --token (or WEBEX_API_TOKEN) is required: SandboxMain prints WEBEX_API_TOKEN=...');
  process.exit(2);
}

const enc = (type, uuid) => Buffer.from(`ciscospark://us/${type}/${uuid}`).toString('base64').replace(/=+$/, '');
const card = content => [{ contentType: 'application/vnd.microsoft.card.adaptive', content }];

async function rest(method, path, body) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const me = await rest('GET', '/people/me');
console.log(`fake-bot: ${me.displayName} <${me.emails[0]}> on ${sandbox}`);

const HELP = {
  type: 'AdaptiveCard', version: '1.3',
  body: [
    { type: 'TextBlock', text: `${me.displayName} — commands`, weight: 'Bolder', size: 'Medium' },
    { type: 'TextBlock', text: 'Pick one, or type it. **/echo** repeats you, **/chat** sets up the assistant.', wrap: true },
    { type: 'FactSet', facts: [{ title: '/echo', value: 'Repeats what follows' }, { title: '/chat', value: 'Assistant settings' }, { title: '/stream', value: 'A streamed answer' }] },
  ],
  actions: [
    { type: 'Action.Submit', title: 'Ping', data: { command: '/ping' } },
    { type: 'Action.Submit', title: 'Chat settings', data: { command: '/chat' } },
    { type: 'Action.OpenUrl', title: 'Docs', url: 'https://developer.webex.com/docs/bots' },
  ],
};
const CHAT = {
  type: 'AdaptiveCard', version: '1.3',
  body: [
    { type: 'TextBlock', text: 'Assistant settings', weight: 'Bolder', size: 'Medium' },
    { type: 'Input.ChoiceSet', id: 'model', label: 'Model', value: 'small', choices: [{ title: 'Small and fast', value: 'small' }, { title: 'Large', value: 'large' }] },
    { type: 'Input.Text', id: 'systemPrompt', label: 'System prompt', isMultiline: true, placeholder: 'You are a helpful assistant' },
    { type: 'Input.Number', id: 'temperature', label: 'Temperature', value: 0.7, min: 0, max: 2 },
    { type: 'Input.Toggle', id: 'stream', title: 'Stream answers', value: 'true' },
  ],
  actions: [{ type: 'Action.Submit', title: 'Save', style: 'positive', data: { action: 'chat.settings' } }],
};

async function onPost(activity) {
  const roomId = enc('ROOM', activity.target.id);
  const parentId = activity.parent?.type === 'reply' ? enc('MESSAGE', activity.parent.id) : undefined;
  const text = (activity.object?.displayName ?? '').replace(me.displayName, '').trim();
  const reply = body => rest('POST', '/messages', { roomId, ...(parentId ? { parentId } : {}), ...body });
  if (text === '/help') return reply({ markdown: 'Commands: /echo, /chat, /stream', attachments: card(HELP) });
  if (text === '/chat') return reply({ markdown: 'Assistant settings', attachments: card(CHAT) });
  if (text.startsWith('/echo')) return reply({ markdown: text.slice(5).trim() || '_(nothing to echo)_' });
  if (text === '/stream') {
    // Webex allows 10 edits of a message: grow the answer a few words at a time
    const words = 'A streamed answer edits its reply **in place** as the tokens arrive, a few words at a time.'.split(' ');
    const msg = await reply({ markdown: words.slice(0, 2).join(' ') });
    for (let i = 4; i < words.length + 2; i += 2) {
      await new Promise(r => setTimeout(r, 150));
      await rest('PUT', `/messages/${msg.id}`, { roomId, markdown: words.slice(0, i).join(' ') });
    }
    return;
  }
  return reply({ markdown: `Unknown command \`${text}\` — try **/help**` });
}

async function onCardAction(activity) {
  const action = await rest('GET', `/attachment/actions/${enc('ATTACHMENT_ACTION', activity.id)}`);
  const roomId = action.roomId;
  const inputs = action.inputs ?? {};
  if (inputs.command === '/ping') return rest('POST', '/messages', { roomId, markdown: 'pong' });
  if (inputs.command === '/chat') return rest('POST', '/messages', { roomId, markdown: 'Assistant settings', attachments: card(CHAT) });
  if (inputs.action === 'chat.settings') {
    return rest('POST', '/messages', {
      roomId,
      markdown: `Settings saved: model **${inputs.model}**, temperature ${inputs.temperature}, streaming ${inputs.stream === 'true' ? 'on' : 'off'}`,
    });
  }
  return rest('POST', '/messages', { roomId, markdown: `Got \`${JSON.stringify(inputs)}\`` });
}

async function onActivity(envelope) {
  const activity = envelope?.data?.activity;
  if (!activity || activity.actor?.type === 'BOT' || activity.actor?.emailAddress === me.emails[0]) return;
  if (activity.verb === 'post' && activity.parent?.type !== 'edit') await onPost(activity);
  else if (activity.verb === 'cardAction') await onCardAction(activity);
}

// a minimal Server-Sent Events reader (Node 20 has no EventSource)
for (;;) {
  try {
    const res = await fetch(`${sandbox}/sandbox/api/events`, { headers: { Accept: 'text/event-stream' } });
    if (!res.ok) throw new Error(`events → ${res.status}`);
    let buffer = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (event === 'activity' && data.length) {
          onActivity(JSON.parse(data.join('\n'))).catch(e => console.error(`fake-bot: ${e.message}`));
        }
      }
    }
  } catch (e) {
    console.error(`fake-bot: event stream lost (${e.message}), reconnecting`);
  }
  await new Promise(r => setTimeout(r, 1000));
}
