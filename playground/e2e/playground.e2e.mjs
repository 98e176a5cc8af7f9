#!/usr/bin/env node
// Browser end-to-end check of the playground against a running gateway (or the dev server + sandbox).
//
//   node e2e/playground.e2e.mjs <baseUrl> [screenshot.png] [--option=value ...]
//
// Drives a real Chromium (playwright-core, no downloaded browser): sends /help in the 1:1 space and
// waits for the help card, clicks one of its buttons and waits for the reply, sends /chat, fills the
// settings form of the card (multi-line fields only when empty), submits it and waits for the bot's confirmation. Saves a screenshot
// (also on failure) and exits non-zero with a clear message when a step fails.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium); E2E_DEBUG=1 prints stack traces.
// Options (all optional; regexes are case-insensitive):
//   --timeout=MS            per step, default 30000
//   --help-button=REGEX     title of the help card's button to click (default: its first Action.Submit)
//   --help-reply=REGEX      the reply to that click must match (default: any bot reply)
//   --chat-command=TEXT     default /chat
//   --chat-submit=REGEX     title of the settings card's submit button (default: its first Action.Submit)
//   --chat-reply=REGEX      the confirmation must match (default: any bot reply)
//   --chat-text=TEXT        what to type into the card's text inputs
//   --user=EMAIL            act as this sandbox user instead of the configured one
//   --agent=TEXT            also send TEXT (e.g. "/agent plan it") and follow the streamed reply: it must be
//                           edited in place (the "Edited" mark) until its text matches --agent-reply=REGEX
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const USAGE = 'usage: node e2e/playground.e2e.mjs <baseUrl> [screenshot.png] [--timeout=MS] [--help-button=RE] [--help-reply=RE] [--chat-submit=RE] [--chat-reply=RE] [--chat-text=TEXT] [--user=EMAIL] [--agent=TEXT --agent-reply=RE]';

const positional = [];
const opts = {};
for (const arg of process.argv.slice(2)) {
  const m = /^--([\w-]+)=(.*)$/s.exec(arg);
  if (m) opts[m[1]] = m[2];
  else if (arg === '-h' || arg === '--help') { console.log(USAGE); process.exit(0); }
  else positional.push(arg);
}
const [baseUrl, screenshotArg] = positional;
if (!baseUrl) {
  console.error(USAGE);
  process.exit(2);
}
const screenshot = resolve(screenshotArg ?? 'target/playground.png');
const timeout = Number(opts.timeout ?? 30_000);
const re = s => (s ? new RegExp(s, 'i') : null);
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const chatText = opts['chat-text'] ?? 'Answer briefly (set by the e2e test)';

const started = Date.now();
const log = msg => console.log(`[e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

class StepFailure extends Error {}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`e2e: playwright-core is not installed (run npm ci in playground/): ${e.message}`);
  process.exit(2);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'playground-e2e-'));
let context;
let page;
const pageErrors = [];
const consoleErrors = [];
let step = 'launching Chromium';

async function main() {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
    timeout,
  });
  context.setDefaultTimeout(timeout);
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', e => pageErrors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  // Action.OpenUrl opens a tab: note it and close it, nothing outside may be fetched
  context.on('page', p => { if (p !== page) { log(`a card opened ${p.url()} in a new tab`); p.close().catch(() => {}); } });

  step = `opening ${baseUrl}`;
  const url = new URL(baseUrl);
  if (opts.user) url.searchParams.set('user', opts.user);
  await page.goto(url.href, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#app[data-state="ready"], #app[data-state="error"]');
  if (await page.$('#app[data-state="error"]')) {
    throw new StepFailure(`the page did not start: ${(await page.textContent('#banner'))?.trim()}`);
  }
  step = 'waiting for the live event stream from the sandbox';
  await page.waitForSelector('#app[data-live="true"]');
  const direct = await page.$('.room--selected[data-room-type="direct"]');
  if (!direct) throw new StepFailure('the 1:1 space with the bot is not selected on load');
  log(`page ready, acting as ${await page.inputValue('#user-select')} in the 1:1 space with the bot`);

  // ---- /help → card with buttons
  step = 'sending /help';
  let seen = await botMessageIds();
  await send('/help');
  step = 'waiting for the help card';
  const help = await nextBotMessage(seen, { card: true });
  const buttons = await buttonsOf(help);
  if (buttons.length === 0) throw new StepFailure('the help card rendered without buttons');
  log(`help card rendered with buttons: ${buttons.map(b => `${b.title} [${b.type}]`).join(', ')}`);

  // ---- click a help card button → reply
  step = 'clicking a help card button';
  const helpPick = pickButton(buttons, re(opts['help-button']));
  if (!helpPick) throw new StepFailure(`no help card button ${opts['help-button'] ? `matches /${opts['help-button']}/` : 'is an Action.Submit'}: ${buttons.map(b => b.title).join(', ')}`);
  seen = await botMessageIds();
  await (await help.$$('[data-ac-action]'))[helpPick.index].click();
  step = `waiting for the reply to the “${helpPick.title}” button`;
  const helpReply = await nextBotMessage(seen);
  const helpReplyText = await describe(helpReply);
  expectMatch(helpReplyText, re(opts['help-reply']), `reply to “${helpPick.title}”`);
  log(`“${helpPick.title}” answered: ${short(helpReplyText)}`);

  // ---- /chat → settings card → fill → submit → confirmation
  const chatCommand = opts['chat-command'] ?? '/chat';
  step = `sending ${chatCommand}`;
  seen = await botMessageIds();
  await send(chatCommand);
  step = `waiting for the ${chatCommand} settings card`;
  const chat = await nextBotMessage(seen, { card: true, inputs: true });
  step = 'filling the settings form';
  const filled = await fillCard(chat);
  log(`settings card filled: ${filled.join(', ') || '(no inputs)'}`);
  const chatButtons = await buttonsOf(chat);
  const submit = pickButton(chatButtons, re(opts['chat-submit']));
  if (!submit) throw new StepFailure(`the settings card has no ${opts['chat-submit'] ? `button matching /${opts['chat-submit']}/` : 'Action.Submit button'}: ${chatButtons.map(b => b.title).join(', ')}`);
  step = `submitting the settings card (“${submit.title}”)`;
  seen = await botMessageIds();
  await (await chat.$$('[data-ac-action]'))[submit.index].click();
  const invalid = await chat.$$('.ac-input-validation-failed');
  if (invalid.length > 0) throw new StepFailure(`the card refused the submit: ${invalid.length} input(s) failed validation`);
  step = 'waiting for the confirmation of the settings';
  const confirmation = await nextBotMessage(seen);
  const confirmationText = await describe(confirmation);
  expectMatch(confirmationText, re(opts['chat-reply']), 'confirmation of the settings');
  log(`settings confirmed: ${short(confirmationText)}`);

  // ---- an agent's progress streams into one reply that is edited in place
  if (opts.agent) {
    step = `sending ${opts.agent}`;
    seen = await botMessageIds();
    await send(opts.agent);
    step = 'waiting for the agent\'s progress message';
    const progress = await nextBotMessage(seen);
    const id = await progress.getAttribute('data-message-id');
    const first = await describe(progress);
    log(`agent progress message: ${short(first)}`);
    step = 'waiting for the agent\'s answer to replace its progress in the same message';
    const want = re(opts['agent-reply']);
    await page.waitForFunction(({ id, source }) => {
      const e = document.querySelector(`#timeline .msg--bot[data-message-id="${id}"]`);
      return !!e && !!e.querySelector('.msg-edited') && new RegExp(source, 'i').test(e.querySelector('.msg-body').textContent);
    }, { id, source: want ? want.source : '.' }, { timeout }).catch(e => {
      throw new StepFailure(`the agent's message was not edited into its answer (${e.message.split('\n')[0]})`);
    });
    const answer = await describe(await page.$(`#timeline .msg--bot[data-message-id="${id}"]`));
    const edits = await page.$$eval('#event-log .log-edits', els => els.map(e => e.textContent));
    if (!edits.some(t => /edited \d+×/.test(t))) throw new StepFailure('the event log did not count the edits of the agent\'s reply');
    log(`agent answer, edited in place: ${short(answer)} (${edits.find(t => /edited/.test(t))})`);
  }

  // ---- the event log measured the replies
  step = 'checking the event log';
  const latencies = await page.$$eval('#event-log .log--out .latency', els => els.map(e => e.textContent));
  if (latencies.length < 3) throw new StepFailure(`the event log shows ${latencies.length} reply latencies, expected one per reply (3)`);
  log(`reply latencies in the event log: ${latencies.reverse().join(', ')}`);

  if (pageErrors.length > 0) throw new StepFailure(`the page threw: ${pageErrors.join(' | ')}`);
  await saveScreenshot();
  log(`PASS — screenshot ${screenshot}`);
}

// ------------------------------------------------------------------------------------------ helpers

async function send(text) {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
  // my own message shows up (from the POST response or the event stream)
  await page.waitForFunction(
    t => [...document.querySelectorAll('#timeline .msg--person .msg-body')].some(b => b.textContent.trim().endsWith(t)),
    text,
  );
}

async function botMessageIds() {
  return page.$$eval('#timeline .msg--bot', els => els.map(e => e.dataset.messageId));
}

/** Waits for a bot message that was not on the page before; with card: true, one showing a card. */
async function nextBotMessage(before, { card = false, inputs = false } = {}) {
  const handle = await page.waitForFunction(({ before, card, inputs }) => {
    const fresh = [...document.querySelectorAll('#timeline .msg--bot')].filter(e => !before.includes(e.dataset.messageId));
    for (const e of fresh) {
      if (e.querySelector('.card-error')) return { error: e.querySelector('.card-error').textContent };
      const hasCard = !!e.querySelector('.ac-adaptiveCard');
      if (card && !hasCard) continue;
      if (inputs && !e.querySelector('.ac-input')) continue;
      if (!hasCard && !e.querySelector('.msg-body').textContent.trim()) continue;
      return { id: e.dataset.messageId };
    }
    if (card && fresh.length > 0) return { other: fresh.map(e => e.querySelector('.msg-body').textContent.trim()).join(' | ') };
    return false;
  }, { before, card, inputs }, { timeout }).catch(e => {
    throw new StepFailure(`no new bot message within ${timeout} ms — is the bot connected to the sandbox? (${e.message.split('\n')[0]})`);
  });
  const found = await handle.jsonValue();
  if (found.error) throw new StepFailure(`the bot's card did not render: ${found.error}`);
  if (found.other) throw new StepFailure(`expected a card${inputs ? ' with inputs' : ''}, the bot answered: ${short(found.other)}`);
  return page.$(`#timeline .msg--bot[data-message-id="${found.id}"]`);
}

async function buttonsOf(message) {
  return message.$$eval('[data-ac-action]', els => els.map((e, index) => ({
    index,
    title: (e.getAttribute('aria-label') || e.textContent || '').trim(),
    type: e.dataset.acAction,
    visible: !!(e.offsetWidth || e.offsetHeight),
  })));
}

function pickButton(buttons, pattern) {
  const visible = buttons.filter(b => b.visible);
  if (pattern) return visible.find(b => pattern.test(b.title));
  return visible.find(b => b.type === 'Action.Submit' || b.type === 'Action.Execute');
}

async function describe(message) {
  return message.evaluate(e => {
    const card = e.querySelector('.ac-adaptiveCard');
    return (card ? '[card] ' : '') + e.querySelector('.msg-body').innerText.replace(/\s+/g, ' ').trim();
  });
}

function expectMatch(text, pattern, what) {
  if (!text.trim()) throw new StepFailure(`the ${what} is empty`);
  if (pattern && !pattern.test(text)) throw new StepFailure(`the ${what} does not match /${pattern.source}/: ${short(text)}`);
}

/** Gives every input of the card a value: text typed, another choice picked, toggles flipped. */
async function fillCard(message) {
  const card = await message.$('.ac-adaptiveCard');
  return card.evaluate((root, chatText) => {
    const done = [];
    const fire = el => { el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); };
    const visible = el => !!(el.offsetWidth || el.offsetHeight);
    const label = el => el.getAttribute('aria-label') || el.closest('.ac-input-container')?.parentElement?.querySelector('label')?.textContent || el.name || el.type;
    for (const el of root.querySelectorAll('input.ac-textInput, textarea.ac-textInput')) {
      // a multi-line field that already holds text (a system prompt) keeps it: one word there reads as a bug
      if (!visible(el) || (el.tagName === 'TEXTAREA' && el.value.trim() !== '')) continue;
      el.focus();
      el.value = chatText;
      fire(el);
      done.push(`text “${label(el)}”`);
    }
    for (const el of root.querySelectorAll('input.ac-numberInput')) {
      if (!visible(el) || el.value !== '') continue;
      el.value = el.min !== '' ? el.min : '1';
      fire(el);
      done.push(`number “${label(el)}” = ${el.value}`);
    }
    for (const el of root.querySelectorAll('select')) {
      if (!visible(el) || el.options.length < 2) continue;
      const next = [...el.options].findIndex((o, i) => i !== el.selectedIndex && o.value !== '');
      if (next >= 0) { el.selectedIndex = next; fire(el); done.push(`choice “${label(el)}” = ${el.value}`); }
    }
    const radioGroups = new Map();
    for (const el of root.querySelectorAll('input[type="radio"]')) {
      if (!radioGroups.has(el.name)) radioGroups.set(el.name, []);
      radioGroups.get(el.name).push(el);
    }
    for (const radios of radioGroups.values()) {
      const other = radios.find(r => !r.checked && visible(r));
      if (other) { other.click(); done.push(`choice = ${other.value}`); }
    }
    for (const el of root.querySelectorAll('input[type="checkbox"]')) {
      if (!visible(el)) continue;
      el.click();
      done.push(`${el.checked ? 'checked' : 'unchecked'} “${label(el)}”`);
    }
    return done;
  }, chatText);
}

function short(s, n = 160) {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

async function saveScreenshot() {
  if (!page) return;
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  exitCode = 1;
  const reason = e instanceof StepFailure || !process.env.E2E_DEBUG
    ? String(e?.message ?? e).split('\n')[0]
    : (e?.stack ?? String(e));
  console.error(`\nE2E FAILED while ${step}: ${reason}`);
  if (pageErrors.length) console.error(`  page errors: ${pageErrors.join(' | ')}`);
  if (consoleErrors.length) console.error(`  console errors: ${consoleErrors.slice(-5).join(' | ')}`);
  if (step === 'launching Chromium') console.error(`  (Chromium at ${chromiumPath}; set CHROMIUM_PATH to another binary)`);
  try {
    const entries = await page?.$$eval('#event-log .log', els => els.slice(0, 8).map(e => e.innerText.replace(/\s+/g, ' ')));
    if (entries?.length) console.error(`  latest event log entries:\n    ${entries.join('\n    ')}`);
  } catch { /* page gone */ }
  if (page) {
    try {
      await saveScreenshot();
      console.error(`  screenshot of the failure: ${screenshot}`);
    } catch { /* the page is gone */ }
  }
} finally {
  await context?.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(exitCode);
