import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeId, sameId, uuidOf } from '../src/js/ids.js';
import { LatencyTracker } from '../src/js/latency.js';

const enc = (type, uuid) => Buffer.from(`ciscospark://us/${type}/${uuid}`).toString('base64').replace(/=+$/, '');
const ROOM = '6a8f1b2c-0000-4000-8000-000000000001';
const OTHER_ROOM = '6a8f1b2c-0000-4000-8000-000000000002';
const MSG = '7b9e2c3d-0000-4000-8000-00000000000a';
const MSG2 = '7b9e2c3d-0000-4000-8000-00000000000b';

test('public ids decode to their type and uuid, padded or not', () => {
  assert.deepEqual(decodeId(enc('ROOM', ROOM)), { region: 'us', type: 'ROOM', uuid: ROOM });
  assert.equal(uuidOf(Buffer.from(`ciscospark://us/MESSAGE/${MSG}`).toString('base64')), MSG);
  assert.equal(uuidOf(MSG), MSG, 'a raw uuid stays as it is');
  assert.ok(sameId(enc('ROOM', ROOM), ROOM));
  assert.ok(!sameId(enc('ROOM', ROOM), OTHER_ROOM));
  assert.equal(decodeId('not base64 at all!'), null);
});

test('a reply is timed from the activity of the message it answers', () => {
  const t = new LatencyTracker();
  t.trigger({ roomId: ROOM, messageId: MSG, at: 1000 });
  assert.equal(t.reply({ roomId: enc('ROOM', OTHER_ROOM), at: 1100 }), null, 'another room answers nothing');
  const r = t.reply({ roomId: enc('ROOM', ROOM), at: 1250 });
  assert.equal(r.latencyMs, 250);
  assert.equal(r.trigger.messageUuid, MSG);
  assert.equal(t.reply({ roomId: enc('ROOM', ROOM), at: 1300 }), null, 'a second reply is unprompted');
});

test('thread replies match the message of their thread, top-level replies the top-level message', () => {
  const t = new LatencyTracker();
  t.trigger({ roomId: ROOM, messageId: MSG, at: 0 }); // top level
  t.trigger({ roomId: ROOM, messageId: MSG2, parentId: MSG, at: 10 }); // reply in MSG's thread
  const inThread = t.reply({ roomId: enc('ROOM', ROOM), parentId: enc('MESSAGE', MSG), at: 100 });
  assert.equal(inThread.trigger.messageUuid, MSG, 'oldest pending in the thread: the root itself');
  const second = t.reply({ roomId: enc('ROOM', ROOM), parentId: enc('MESSAGE', MSG), at: 120 });
  assert.equal(second.trigger.messageUuid, MSG2);
  assert.equal(second.latencyMs, 110);
});

test('a card action activity supersedes the click time recorded for it', () => {
  const t = new LatencyTracker();
  t.clicked({ roomId: enc('ROOM', ROOM), label: 'Save', at: 0 });
  t.trigger({ roomId: ROOM, kind: 'cardAction', label: 'submit', at: 40 });
  const r = t.reply({ roomId: enc('ROOM', ROOM), at: 140 });
  assert.equal(r.latencyMs, 100);
  assert.equal(r.trigger.kind, 'cardAction');
  assert.equal(t.pending.length, 0);
});

test('a click without an activity still gets timed, and old triggers expire', () => {
  const t = new LatencyTracker();
  t.clicked({ roomId: ROOM, at: 0 });
  assert.equal(t.reply({ roomId: ROOM, at: 75 }).latencyMs, 75);
  t.trigger({ roomId: ROOM, messageId: MSG, at: 0 });
  assert.equal(t.reply({ roomId: ROOM, at: 10 * 60 * 1000 }), null);
});
