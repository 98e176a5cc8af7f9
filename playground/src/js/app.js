// The playground: a small Webex-like client for the embedded Webex sandbox.
// Vanilla ES modules; state in one object, DOM updated by small render functions.
import { gateway, sandbox as sandboxClient } from './api.js';
import { sameId } from './ids.js';
import { LatencyTracker } from './latency.js';
import { renderMarkdown } from './markdown.js';
import { isAdaptiveCard, renderCard } from './cards.js';

const $ = sel => document.querySelector(sel);

const state = {
  config: null,
  api: null,
  bot: { id: null, email: '', displayName: 'Bot' },
  people: [],
  me: '',
  rooms: new Map(), // id -> room
  selectedRoomId: null,
  messages: new Map(), // id -> message
  loadedRooms: new Set(),
  unread: new Set(),
  mention: new Map(), // roomId -> boolean (main composer's mention toggle)
  threadOpen: null, // root message id whose thread composer is open
  commands: [],
  connected: false,
  everConnected: false,
};

const latency = new LatencyTracker();
const rowCache = new Map(); // message id -> rendered row element (keeps card input state across re-renders)
const replyLog = new Map(); // bot message id -> log entry (to note streaming edits)
const DIRECT_PLACEHOLDER = 'direct-with-bot';

// ---------------------------------------------------------------- helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'html') node.innerHTML = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const lower = s => String(s ?? '').toLowerCase();

function isBotEmail(email) {
  return !!email && lower(email) === lower(state.bot.email);
}

function isBotMessage(msg) {
  return isBotEmail(msg.personEmail) || (!!state.bot.id && sameId(msg.personId, state.bot.id));
}

function personName(email, fallback) {
  if (isBotEmail(email)) return state.bot.displayName;
  const p = state.people.find(x => personEmails(x).some(e => lower(e) === lower(email)));
  if (p?.displayName) return p.displayName;
  if (fallback) return fallback;
  const local = String(email ?? '?').split('@')[0];
  return local.charAt(0).toUpperCase() + local.slice(1);
}

function personEmails(p) {
  if (!p) return [];
  if (Array.isArray(p.emails)) return p.emails;
  if (p.email) return [p.email];
  if (p.personEmail) return [p.personEmail];
  return [];
}

function initials(name) {
  const parts = String(name ?? '?').trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

const AVATAR_COLORS = ['#0A78CC', '#1D805F', '#875AE0', '#C46200', '#D93829', '#00838F', '#A3247A', '#5C6BC0'];
function avatarColor(key) {
  let h = 0;
  for (const ch of String(key)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length];
}

function paintAvatar(node, name, key, isBot = false) {
  node.textContent = initials(name);
  node.style.background = isBot ? '#00A0D1' : avatarColor(key ?? name);
  node.classList.toggle('avatar--bot', isBot);
  node.title = name;
}

function timeOf(iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function clock(date = new Date()) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}`;
}

function snippet(text, n = 60) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

let toastTimer;
function toast(message, kind = 'error') {
  const t = $('#toast');
  t.textContent = message;
  t.dataset.kind = kind;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
}

function banner(message) {
  const b = $('#banner');
  b.textContent = message ?? '';
  b.hidden = !message;
}

// ---------------------------------------------------------------- rooms

function roomMembers(room) {
  const list = room.memberEmails ?? room.members ?? room.participants;
  if (!Array.isArray(list)) return null;
  return list.map(m => (typeof m === 'string' ? m : m.personEmail ?? m.email ?? '')).filter(Boolean);
}

/** Whether the person we act as is in the room (when the sandbox tells us; otherwise show it). */
function isMyRoom(room) {
  if (room.placeholder) return true;
  const members = roomMembers(room);
  if (members) return members.some(e => lower(e) === lower(state.me));
  if (room.personEmail) return lower(room.personEmail) === lower(state.me);
  if (room.type === 'direct') {
    // a bot's 1:1 room is titled after the other person
    const me = personName(state.me);
    return !room.title || lower(room.title) === lower(me) || lower(room.title) === lower(state.me);
  }
  return true;
}

function myRooms() {
  const list = [...state.rooms.values()].filter(isMyRoom);
  if (!list.some(r => r.type === 'direct')) {
    list.push({ id: DIRECT_PLACEHOLDER, type: 'direct', title: state.bot.displayName, placeholder: true });
  }
  const ts = r => (r.placeholder ? Infinity : Date.parse(r.lastActivity ?? r.created ?? 0) || 0);
  return list.sort((a, b) => {
    if (a.type !== b.type) return a.type === 'direct' ? -1 : 1;
    return ts(b) - ts(a);
  });
}

function roomTitle(room) {
  if (!room) return '';
  return room.type === 'direct' ? state.bot.displayName : (room.title || 'Untitled space');
}

function selectedRoom() {
  if (state.selectedRoomId === DIRECT_PLACEHOLDER) {
    return myRooms().find(r => r.type === 'direct');
  }
  return state.rooms.get(state.selectedRoomId) ?? null;
}

function roomByAnyId(id) {
  if (!id) return null;
  for (const r of state.rooms.values()) if (sameId(r.id, id)) return r;
  return null;
}

function mentionDefault(room) {
  return room?.type === 'group';
}

function mentionOn(room) {
  if (!room) return false;
  return state.mention.has(room.id) ? state.mention.get(room.id) : mentionDefault(room);
}

function renderRooms() {
  const list = $('#room-list');
  list.replaceChildren();
  for (const room of myRooms()) {
    const selected = room.id === state.selectedRoomId
      || (room.placeholder && state.selectedRoomId === DIRECT_PLACEHOLDER);
    const avatar = el('span', { class: 'avatar avatar--sm' });
    paintAvatar(avatar, roomTitle(room), room.id, room.type === 'direct');
    const li = el('li', {
      class: 'room' + (selected ? ' room--selected' : '') + (state.unread.has(room.id) ? ' room--unread' : ''),
      role: 'option',
      'aria-selected': selected ? 'true' : 'false',
      'data-room-id': room.id,
      'data-room-type': room.type,
      tabindex: '0',
      onclick: () => selectRoom(room.id),
      onkeydown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectRoom(room.id); } },
    },
    avatar,
    el('span', { class: 'room-text' },
      el('span', { class: 'room-title' }, roomTitle(room)),
      el('span', { class: 'room-kind' }, room.type === 'direct' ? 'Direct message with the bot' : 'Group space')),
    state.unread.has(room.id) ? el('span', { class: 'unread-dot', 'aria-label': 'unread' }) : null);
    list.append(li);
  }
}

async function refreshRooms() {
  const rooms = await state.api.rooms();
  // keep what the page learnt itself (the members of the spaces it created)
  state.rooms = new Map(rooms.map(r => [r.id, { ...state.rooms.get(r.id), ...r }]));
  if (state.selectedRoomId === DIRECT_PLACEHOLDER) {
    // the 1:1 with the bot exists now (the first message creates it): show the real room
    const direct = myRooms().find(r => r.type === 'direct' && !r.placeholder);
    if (direct) return selectRoom(direct.id);
  }
  renderRooms();
}

async function selectRoom(id) {
  state.selectedRoomId = id;
  state.unread.delete(id);
  state.threadOpen = null;
  renderRooms();
  renderHeader();
  renderComposer();
  const room = selectedRoom();
  if (room && !room.placeholder && !state.loadedRooms.has(room.id)) {
    renderTimeline({ loading: true });
    try {
      await loadMessages(room.id);
    } catch (e) {
      toast(`Could not load messages: ${e.message}`);
    }
  }
  renderTimeline({ toBottom: true });
  $('#composer-input')?.focus();
}

async function loadMessages(roomId) {
  const list = await state.api.messages(roomId);
  for (const m of list) state.messages.set(m.id, { ...state.messages.get(m.id), ...m });
  state.loadedRooms.add(roomId);
}

function renderHeader() {
  const room = selectedRoom();
  $('#room-title').textContent = roomTitle(room) || 'No space selected';
  let sub = '';
  if (room?.type === 'direct') sub = `1:1 with ${state.bot.email} — the bot sees every message`;
  else if (room) {
    const members = roomMembers(room);
    sub = `Group space${members ? ` · ${members.length} members` : ''} — the bot sees only messages that @mention it`;
  }
  $('#room-sub').textContent = sub;
  paintAvatar($('#room-avatar'), roomTitle(room) || '?', room?.id, room?.type === 'direct');
}

// ---------------------------------------------------------------- messages

function roomMessages(roomId) {
  return [...state.messages.values()]
    .filter(m => sameId(m.roomId, roomId) && !m.deleted)
    .sort((a, b) => (Date.parse(a.created) || 0) - (Date.parse(b.created) || 0));
}

function messageVersion(m) {
  return JSON.stringify([m.text, m.markdown, m.html, m.attachments, m.updated, m.deleted]);
}

function renderBody(msg) {
  const body = el('div', { class: 'msg-body' });
  const card = (msg.attachments ?? []).find(isAdaptiveCard);
  if (card) {
    try {
      const cardEl = renderCard(card.content, {
        onSubmit: (inputs, action) => submitCard(msg, inputs, action),
      });
      body.append(el('div', { class: 'card-frame' }, cardEl));
      return body;
    } catch (e) {
      console.warn('card render failed', e);
      body.append(el('div', { class: 'card-error' }, `This card could not be shown (${e.message}); its fallback text follows.`));
    }
  }
  // bots send markdown; a person's message is shown as the text the bot receives (unless it has markdown)
  const plain = msg.markdown == null;
  let md = msg.markdown ?? msg.text ?? '';
  // show the bot mention of a person's message as a chip, like Webex does
  if (!isBotMessage(msg) && mentionsBot(msg)) {
    const name = state.bot.displayName;
    if (md.startsWith(name)) md = `<@personEmail:${state.bot.email}|${name}>` + md.slice(name.length);
    else if (!md.includes(name)) md = `<@personEmail:${state.bot.email}|${name}> ` + md;
  }
  const html = renderMarkdown(md, { plain, resolveName: (k, v) => (k === 'personEmail' ? personName(v) : undefined) });
  body.insertAdjacentHTML('beforeend', `<div class="md">${html}</div>`);
  return body;
}

function mentionsBot(msg) {
  const ids = msg.mentionedPeople ?? [];
  return ids.some(id => (state.bot.id && sameId(id, state.bot.id)) || id === 'me') || msg.mentionBot === true;
}

function buildRow(msg, { reply }) {
  const bot = isBotMessage(msg);
  const name = personName(msg.personEmail, msg.personDisplayName);
  const avatar = el('span', { class: 'avatar' + (reply ? ' avatar--sm' : '') });
  paintAvatar(avatar, name, msg.personEmail, bot);
  const edited = msg.updated && msg.updated !== msg.created;
  const head = el('div', { class: 'msg-head' },
    el('span', { class: 'msg-name' }, name),
    bot ? el('span', { class: 'bot-badge' }, 'Bot') : null,
    el('time', { class: 'msg-time', datetime: msg.created ?? '' }, timeOf(msg.created)),
    edited ? el('span', { class: 'msg-edited' }, 'Edited') : null);
  const main = el('div', { class: 'msg-main' }, head, renderBody(msg));
  const row = el('div', {
    class: 'msg' + (bot ? ' msg--bot' : ' msg--person') + (reply ? ' msg--reply' : ''),
    'data-message-id': msg.id,
    'data-person-email': msg.personEmail ?? '',
    'data-parent-id': msg.parentId ?? null,
  }, avatar, main);
  if (!reply) {
    row.append(el('div', { class: 'msg-tools' },
      el('button', { type: 'button', class: 'tool-btn reply-btn', title: 'Reply in thread', onclick: () => openThread(msg.id) }, '↩ Reply')));
  }
  row.dataset.version = messageVersion(msg);
  return row;
}

function rowFor(msg, opts) {
  const cached = rowCache.get(msg.id);
  if (cached && cached.dataset.version === messageVersion(msg) && cached.classList.contains('msg--reply') === opts.reply) {
    return cached;
  }
  const row = buildRow(msg, opts);
  rowCache.set(msg.id, row);
  return row;
}

let threadComposer = null; // {parentId, node}

function renderTimeline({ loading = false, toBottom = false } = {}) {
  const tl = $('#timeline');
  const room = selectedRoom();
  const nearBottom = tl.scrollHeight - tl.scrollTop - tl.clientHeight < 80;
  const keepFocus = document.activeElement;
  if (!room) { tl.replaceChildren(); return; }
  if (loading) { tl.replaceChildren(el('div', { class: 'empty' }, 'Loading messages…')); return; }

  const msgs = room.placeholder ? [] : roomMessages(room.id);
  const roots = [];
  const replies = new Map(); // root id -> [msgs]
  const ids = new Set(msgs.map(m => m.id));
  for (const m of msgs) {
    if (m.parentId && ids.has(m.parentId)) {
      if (!replies.has(m.parentId)) replies.set(m.parentId, []);
      replies.get(m.parentId).push(m);
    } else {
      roots.push(m);
    }
  }

  const nodes = [];
  if (msgs.length === 0) {
    nodes.push(el('div', { class: 'empty' },
      el('div', { class: 'empty-title' }, room.type === 'direct' ? `Say hello to ${state.bot.displayName}` : 'No messages yet'),
      el('div', {}, room.type === 'direct'
        ? 'Try /help — or pick a command on the right.'
        : `Mention ${state.bot.displayName} so it sees your message, e.g. @${state.bot.displayName} /help`)));
  }
  for (const root of roots) {
    const group = el('div', { class: 'msg-group', 'data-root-id': root.id }, rowFor(root, { reply: false }));
    const rs = replies.get(root.id) ?? [];
    if (rs.length > 0 || state.threadOpen === root.id) {
      const thread = el('div', { class: 'thread' }, rs.map(r => rowFor(r, { reply: true })));
      if (state.threadOpen === root.id) {
        if (!threadComposer || threadComposer.parentId !== root.id) {
          threadComposer = { parentId: root.id, node: makeComposer({ parentId: root.id }) };
        }
        thread.append(threadComposer.node);
      } else {
        thread.append(el('button', { type: 'button', class: 'link-btn thread-reply', onclick: () => openThread(root.id) }, 'Reply to thread'));
      }
      group.append(thread);
    }
    nodes.push(group);
  }
  tl.replaceChildren(...nodes);
  if (keepFocus && document.contains(keepFocus)) keepFocus.focus({ preventScroll: true });
  if (toBottom || nearBottom) tl.scrollTop = tl.scrollHeight;
}

function openThread(rootId) {
  state.threadOpen = rootId;
  renderTimeline();
  const input = threadComposer?.node.querySelector('textarea');
  input?.focus();
  input?.scrollIntoView({ block: 'nearest' });
}

function upsertMessage(msg) {
  const prev = state.messages.get(msg.id);
  state.messages.set(msg.id, { ...prev, ...msg });
  return !prev;
}

// ---------------------------------------------------------------- composer

function makeComposer({ parentId = null } = {}) {
  const room = selectedRoom();
  const main = parentId === null;
  let mention = mentionOn(room);
  const toggle = el('button', {
    type: 'button',
    class: 'mention-toggle',
    id: main ? 'mention-toggle' : null,
    title: `Mention ${state.bot.displayName} (in group spaces the bot only sees messages that mention it)`,
    'aria-pressed': String(mention),
  }, `@${state.bot.displayName}`);
  const input = el('textarea', {
    id: main ? 'composer-input' : null,
    class: 'composer-input',
    rows: '1',
    placeholder: main ? `Write a message to ${roomTitle(room)}` : 'Reply to thread',
    'aria-label': main ? 'Message' : 'Thread reply',
  });
  const send = el('button', { type: 'submit', class: 'send-btn', id: main ? 'send-btn' : null, title: 'Send', 'aria-label': 'Send' }, 'Send');
  const form = el('form', { class: 'composer' + (main ? '' : ' composer--thread'), 'data-parent-id': parentId },
    el('div', { class: 'composer-box' }, toggle, input, send),
    main ? el('div', { class: 'composer-hint' }, 'Enter to send · Shift+Enter for a new line · type @ to mention the bot') : null);

  const setMention = on => {
    mention = on;
    toggle.setAttribute('aria-pressed', String(on));
    if (main && room) state.mention.set(room.id, on);
  };
  toggle.addEventListener('click', () => { setMention(!mention); input.focus(); });

  const autosize = () => { input.style.height = 'auto'; input.style.height = Math.min(input.scrollHeight, 160) + 'px'; };
  input.addEventListener('input', () => { autosize(); mentionAutocomplete(input, setMention); });
  input.addEventListener('keydown', e => {
    if (mentionPopupKey(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
    if (e.key === 'Escape' && !main) { state.threadOpen = null; renderTimeline(); }
  });
  input.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== input) hideMentionPopup(); }, 150));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    send.disabled = true;
    try {
      await sendMessage(text, { parentId, mention });
      input.value = '';
      autosize();
    } catch (err) {
      toast(`Send failed: ${err.message}`);
    } finally {
      send.disabled = false;
      input.focus();
    }
  });
  return form;
}

function renderComposer() {
  threadComposer = null;
  const slot = $('#composer-slot');
  slot.replaceChildren(selectedRoom() ? makeComposer() : '');
}

/** Sets the main composer's text (used by the command list). */
function fillComposer(text) {
  const input = $('#composer-input');
  if (!input) return;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  input.focus();
  input.setSelectionRange(text.length, text.length);
}

// "@" in a composer: offer the bot; picking it puts the bot's name in place of the typed "@…" and turns the mention on.
let popupTarget = null;
function mentionAutocomplete(input, setMention) {
  const before = input.value.slice(0, input.selectionStart);
  const m = /(^|\s)@([\w .-]{0,30})$/.exec(before);
  const name = state.bot.displayName;
  if (!m || !lower(name).startsWith(lower(m[2]).trimEnd()) || (m[2].length > 0 && m[2].trim() === '' )) {
    hideMentionPopup();
    return;
  }
  const popup = $('#mention-popup');
  const avatar = el('span', { class: 'avatar avatar--sm' });
  paintAvatar(avatar, name, state.bot.email, true);
  const pick = () => {
    // like Webex, the mention stays in the text as the bot's name (the sandbox marks it up there)
    const start = before.length - m[2].length - 1;
    const insert = `${name} `;
    input.value = input.value.slice(0, start) + insert + input.value.slice(input.selectionStart).replace(/^\s*/, '');
    input.setSelectionRange(start + insert.length, start + insert.length);
    setMention(true);
    hideMentionPopup();
    input.focus();
  };
  popup.replaceChildren(el('div', { class: 'mention-option', role: 'option', 'aria-selected': 'true', onmousedown: e => { e.preventDefault(); pick(); } },
    avatar, el('span', {}, name), el('span', { class: 'muted' }, state.bot.email)));
  const r = input.getBoundingClientRect();
  popup.style.left = `${r.left}px`;
  popup.style.bottom = `${window.innerHeight - r.top + 6}px`;
  popup.hidden = false;
  popupTarget = { input, pick };
}

function hideMentionPopup() {
  $('#mention-popup').hidden = true;
  popupTarget = null;
}

function mentionPopupKey(e) {
  if (!popupTarget || $('#mention-popup').hidden || e.target !== popupTarget.input) return false;
  if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); popupTarget.pick(); return true; }
  if (e.key === 'Escape') { e.preventDefault(); hideMentionPopup(); return true; }
  return false;
}

async function sendMessage(text, { parentId, mention }) {
  const room = selectedRoom();
  if (!room) throw new Error('no space selected');
  const body = { personEmail: state.me, text };
  if (!room.placeholder) body.roomId = room.id;
  if (parentId) body.parentId = parentId;
  if (mention) body.mentionBot = true;
  const created = await state.api.postMessage(body);
  if (created?.id) {
    upsertMessage(created);
    if (room.placeholder) {
      await refreshRooms().catch(() => {});
      if (state.selectedRoomId === DIRECT_PLACEHOLDER) {
        if (!state.rooms.has(created.roomId)) {
          state.rooms.set(created.roomId, { id: created.roomId, type: 'direct', title: personName(state.me), lastActivity: created.created });
        }
        await selectRoom(created.roomId);
      }
      return;
    }
  }
  renderTimeline({ toBottom: true });
}

async function submitCard(msg, inputs, action) {
  const title = action?.title || action?.getJsonTypeName?.() || 'Submit';
  latency.clicked({ roomId: msg.roomId, label: title, at: Date.now() });
  logEntry('out-user', `card action “${title}” by ${personName(state.me)}`, { detail: JSON.stringify(inputs) });
  try {
    await state.api.cardAction(state.me, msg.id, inputs);
  } catch (err) {
    toast(`Card action failed: ${err.message}`);
    logEntry('error', `card action failed: ${err.message}`);
  }
}

// ---------------------------------------------------------------- event log

const MAX_LOG = 300;
function logEntry(kind, text, { detail, latencyMs, roomId } = {}) {
  const list = $('#event-log');
  const badge = latencyMs === undefined ? null : el('span', { class: 'latency', title: 'from the push of the activity to the bot to the creation of its reply (sandbox clock)' }, `${latencyMs} ms`);
  const arrow = { in: '⇢', out: '⇠', 'out-user': '⇢', error: '!', info: '•', own: '·' }[kind] ?? '•';
  const room = roomId ? roomByAnyId(roomId) : null;
  const entry = el('li', { class: `log log--${kind}` },
    el('div', { class: 'log-line' },
      el('span', { class: 'log-arrow', 'aria-hidden': 'true' }, arrow),
      el('span', { class: 'log-text' }, text),
      badge),
    el('div', { class: 'log-meta' },
      el('time', {}, clock()),
      room ? el('span', { class: 'log-room' }, ` · ${roomTitle(room)}`) : null,
      detail ? el('span', { class: 'log-detail' }, ` · ${snippet(detail, 90)}`) : null));
  list.prepend(entry);
  while (list.children.length > MAX_LOG) list.lastElementChild.remove();
  return entry;
}

// ---------------------------------------------------------------- live events (SSE)

function onMessageEvent(payload) {
  const kind = payload?.event;
  const msg = payload?.message;
  if (!msg?.id) return;
  // the sandbox's own clock: when it created (or last edited) the message; the page's clock as a fallback
  const at = Date.parse(kind === 'updated' ? (msg.updated ?? msg.created) : msg.created) || Date.now();
  if (kind === 'deleted') {
    const prev = state.messages.get(msg.id);
    if (prev) prev.deleted = true;
    rowCache.delete(msg.id);
  } else {
    const isNew = upsertMessage(msg);
    if (!msg.roomId) return;
    if (!roomByAnyId(msg.roomId)) refreshRooms().catch(() => {});
    if (isBotMessage(msg)) {
      if (kind === 'created' || (kind === 'updated' && isNew && !replyLog.has(msg.id))) {
        const matched = latency.reply({ roomId: msg.roomId, parentId: msg.parentId, at });
        const what = (msg.attachments ?? []).some(isAdaptiveCard) ? 'card' : snippet(msg.text ?? msg.markdown, 50);
        const entry = logEntry('out', `reply${msg.parentId ? ' in thread' : ''}: ${what}`, {
          latencyMs: matched?.latencyMs,
          roomId: msg.roomId,
          detail: matched ? `to ${matched.trigger.kind === 'post' ? 'message' : matched.trigger.kind}${matched.trigger.label ? ` “${snippet(matched.trigger.label, 30)}”` : ''}` : 'unprompted',
        });
        replyLog.set(msg.id, { entry, t0: matched ? at - matched.latencyMs : null, edits: 0 });
      } else if (kind === 'updated') {
        const r = replyLog.get(msg.id);
        if (r) {
          r.edits += 1;
          let note = r.entry.querySelector('.log-edits');
          if (!note) { note = el('div', { class: 'log-edits' }); r.entry.append(note); }
          note.textContent = `edited ${r.edits}×` + (r.t0 !== null ? ` · last edit ${Math.round(at - r.t0)} ms after the activity` : '');
          r.entry.querySelector('.log-text').textContent = `reply${msg.parentId ? ' in thread' : ''}: ${snippet(msg.text ?? msg.markdown, 50)}`;
        }
      }
    }
    const room = roomByAnyId(msg.roomId);
    if (room) {
      room.lastActivity = msg.created ?? room.lastActivity;
      const sel = selectedRoom();
      if (!sel || !sameId(sel.id, room.id)) {
        if (kind === 'created' && isMyRoom(room)) state.unread.add(room.id);
      }
    }
  }
  const sel = selectedRoom();
  if (sel && !sel.placeholder && sameId(sel.id, msg.roomId ?? state.messages.get(msg.id)?.roomId)) renderTimeline();
  renderRooms();
}

function onActivityEvent(envelope) {
  const activity = envelope?.data?.activity ?? envelope?.activity;
  if (!activity) return;
  // when the sandbox pushed the activity to the bot (the Mercury envelope's timestamp)
  const at = Number.isFinite(envelope.timestamp) ? envelope.timestamp : Date.now();
  const actor = activity.actor ?? {};
  const actorEmail = actor.emailAddress ?? actor.email ?? '';
  const byBot = isBotEmail(actorEmail) || (state.bot.id && sameId(actor.id ?? actor.entryUUID, state.bot.id));
  const roomUuid = activity.target?.id;
  const room = roomUuid ? roomByAnyId(roomUuid) : null;
  const verb = activity.verb ?? 'activity';
  const who = actor.displayName || personName(actorEmail);
  const text = activity.object?.displayName ?? '';
  // Mercury also pushes the bot's own posts and edits back to it; they are not input, so not logged.
  if (byBot) return;
  const parentType = activity.parent?.type;
  const isPost = (verb === 'post' || verb === 'share') && parentType !== 'edit';
  if (roomUuid && (isPost || verb === 'cardAction')) {
    latency.trigger({
      roomId: roomUuid,
      messageId: isPost ? activity.id : null,
      parentId: isPost && parentType === 'reply' ? activity.parent.id : null,
      kind: isPost ? 'post' : verb,
      label: isPost ? text : (activity.object?.objectType ?? verb),
      at,
    });
  }
  let what = verb;
  if (isPost && parentType === 'reply') what = `${verb} (thread reply)`;
  else if (parentType === 'edit') what = 'edit';
  else if (verb === 'cardAction') what = `cardAction ${activity.object?.objectType ?? ''}`.trim();
  const inputs = verb === 'cardAction' && activity.object?.inputs ? JSON.stringify(activity.object.inputs) : undefined;
  logEntry('in', `activity ${what} from ${who}`, {
    roomId: room?.id,
    detail: text ? `“${text}”` : inputs,
  });
}

let events = null;
function connectEvents() {
  events?.close();
  const es = new EventSource(state.api.eventsUrl);
  events = es;
  es.addEventListener('open', () => {
    const resync = state.everConnected && !state.connected;
    setConnected(true);
    if (resync) {
      logEntry('info', 'event stream reconnected');
      resyncAfterReconnect();
    }
    state.everConnected = true;
  });
  es.addEventListener('error', () => setConnected(false));
  es.addEventListener('message', ev => {
    try { onMessageEvent(JSON.parse(ev.data)); } catch (e) { console.warn('bad message event', e, ev.data); }
  });
  es.addEventListener('activity', ev => {
    try { onActivityEvent(JSON.parse(ev.data)); } catch (e) { console.warn('bad activity event', e, ev.data); }
  });
}

function setConnected(on) {
  state.connected = on;
  const c = $('#conn');
  c.dataset.connected = String(on);
  c.textContent = on ? 'live' : 'reconnecting…';
  document.getElementById('app').dataset.live = String(on);
}

async function resyncAfterReconnect() {
  try {
    await refreshRooms();
    state.loadedRooms.clear();
    let room = selectedRoom();
    if (!room) {
      // the sandbox restarted (its rooms are new): back to the 1:1 with the bot
      state.messages.clear();
      rowCache.clear();
      await selectRoom(myRooms().find(r => r.type === 'direct').id);
      return;
    }
    if (!room.placeholder) await loadMessages(room.id);
    renderTimeline();
  } catch (e) {
    toast(`Resync failed: ${e.message}`);
  }
}

// ---------------------------------------------------------------- commands, people, new space

function renderCommands() {
  const list = $('#command-list');
  list.replaceChildren();
  if (state.commands.length === 0) {
    list.append(el('li', { class: 'muted' }, 'No commands reported by the gateway.'));
    return;
  }
  for (const c of state.commands) {
    list.append(el('li', { class: 'command', 'data-keyword': c.keyword },
      el('button', {
        type: 'button',
        class: 'command-btn',
        title: c.match === 'prefix' ? `Insert "${c.keyword} " (takes arguments)` : `Insert "${c.keyword}"`,
        onclick: () => fillComposer(c.match === 'prefix' ? `${c.keyword} ` : c.keyword),
      },
      el('code', { class: 'command-kw' }, c.keyword),
      c.match === 'prefix' ? el('span', { class: 'command-args' }, '…') : null),
      el('div', { class: 'command-desc' }, c.description ?? '')));
  }
}

// people to offer besides those the sandbox already knows (it creates a person on first use)
const SUGGESTED_PEOPLE = ['alice@example.com', 'bob@example.com', 'carol@example.com'];
const OTHER_PERSON = '__other__';

function humanEmails() {
  const all = [state.config?.userEmail, ...SUGGESTED_PEOPLE, ...state.people.flatMap(personEmails), state.me];
  const seen = new Set();
  return all.filter(e => {
    if (!e || isBotEmail(e) || seen.has(lower(e))) return false;
    seen.add(lower(e));
    return true;
  });
}

function renderUserSelect() {
  const select = $('#user-select');
  select.replaceChildren(
    ...humanEmails().map(e => el('option', { value: e, selected: lower(e) === lower(state.me) }, `${personName(e)} <${e}>`)),
    el('option', { value: OTHER_PERSON }, 'Someone else…'));
  paintAvatar($('#me-avatar'), personName(state.me), state.me);
}

async function switchUser(email) {
  if (email === OTHER_PERSON) {
    const typed = (prompt('Act as (email address):', '') ?? '').trim();
    if (!/^[^@\s]+@[^@\s]+$/.test(typed)) {
      if (typed) toast(`Not an email address: ${typed}`);
      renderUserSelect();
      return;
    }
    email = typed;
    try {
      await state.api.createPerson(email);
      state.people = await state.api.people();
    } catch (e) {
      toast(`Could not add ${email} to the sandbox: ${e.message}`);
    }
  }
  state.me = email;
  const url = new URL(location.href);
  url.searchParams.set('user', email);
  history.replaceState(null, '', url);
  try {
    state.commands = await gateway.commands(email);
    renderCommands();
  } catch (e) {
    logEntry('error', `could not load the command list: ${e.message}`);
  }
  state.unread.clear();
  state.mention.clear();
  renderUserSelect();
  logEntry('info', `now acting as ${personName(email)} <${email}>`);
  const direct = myRooms().find(r => r.type === 'direct');
  await selectRoom(direct.id);
}

function openNewSpace() {
  const dialog = $('#new-space');
  const picks = $('#new-space-people');
  const others = humanEmails().filter(e => lower(e) !== lower(state.me));
  picks.replaceChildren(...others.map(email =>
    el('label', { class: 'pick' }, el('input', { type: 'checkbox', name: 'member', value: email }), ` ${personName(email)} `, el('span', { class: 'muted' }, email))));
  $('#new-space-title').value = '';
  $('#new-space-more').value = '';
  dialog.showModal();
  $('#new-space-title').focus();
}

async function createSpace(e) {
  e.preventDefault();
  const title = $('#new-space-title').value.trim();
  if (!title) return;
  const more = $('#new-space-more').value.split(/[\s,;]+/).filter(e => e.includes('@'));
  const members = [...new Set([state.me, ...[...document.querySelectorAll('#new-space-people input:checked')].map(i => i.value), ...more])];
  try {
    const room = await state.api.createRoom(title, members);
    $('#new-space').close();
    if (room?.id) {
      state.rooms.set(room.id, { memberEmails: members, ...room });
      state.loadedRooms.add(room.id);
      logEntry('info', `created space “${title}”`, { roomId: room.id });
      await selectRoom(room.id);
    }
  } catch (err) {
    toast(`Could not create the space: ${err.message}`);
  }
}

// ---------------------------------------------------------------- start

async function init() {
  let config;
  try {
    config = await gateway.config();
  } catch (e) {
    banner(`Could not load playground/config.json from the gateway (${e.message}). The playground runs only when the gateway is in sandbox mode.`);
    $('#app').dataset.state = 'error';
    return;
  }
  state.config = config;
  state.api = sandboxClient(config.sandboxUrl);
  state.bot = { id: null, email: config.botEmail ?? '', displayName: config.botDisplayName ?? 'Bot' };
  const fromUrl = new URL(location.href).searchParams.get('user');
  state.me = fromUrl || config.userEmail || 'alice@example.com';

  connectEvents();
  const [bot, people, rooms, commands] = await Promise.allSettled([
    state.api.bot(), state.api.people(), state.api.rooms(), gateway.commands(state.me),
  ]);
  if (bot.status === 'fulfilled' && bot.value) {
    state.bot.id = bot.value.id ?? null;
    state.bot.email = state.bot.email || personEmails(bot.value)[0] || '';
    state.bot.displayName = config.botDisplayName ?? bot.value.displayName ?? state.bot.displayName;
  }
  if (people.status === 'fulfilled') state.people = people.value;
  if (rooms.status === 'fulfilled') state.rooms = new Map(rooms.value.map(r => [r.id, r]));
  else banner(`The sandbox at ${config.sandboxUrl} does not answer (${rooms.reason?.message}).`);
  if (commands.status === 'fulfilled') state.commands = commands.value;
  else logEntry('error', `could not load the command list: ${commands.reason?.message}`);

  renderUserSelect();
  renderCommands();
  $('#user-select').addEventListener('change', e => switchUser(e.target.value));
  $('#new-space-btn').addEventListener('click', openNewSpace);
  $('#new-space-form').addEventListener('submit', createSpace);
  $('#new-space-cancel').addEventListener('click', () => $('#new-space').close());
  $('#clear-log').addEventListener('click', () => $('#event-log').replaceChildren());

  const direct = myRooms().find(r => r.type === 'direct');
  await selectRoom(direct.id);
  $('#app').dataset.state = 'ready';
}

init().catch(e => {
  console.error(e);
  banner(`The playground failed to start: ${e.message}`);
  $('#app').dataset.state = 'error';
});

// for debugging in the browser console
globalThis.playground = { state, latency };
