// Reply latency from the sandbox's event stream: from the activity push for a user's message (or
// card action) to the bot's reply in the same room / thread. Times are epoch milliseconds: the
// Mercury envelope's timestamp and the reply's "created", both stamped by the sandbox, so the
// browser's own rendering load does not skew them.
import { uuidOf } from './ids.js';

const MAX_AGE_MS = 5 * 60 * 1000;

export class LatencyTracker {
  constructor() {
    /** @type {Array<{roomUuid: string, messageUuid: string|null, parentUuid: string|null, kind: string, label: string, t0: number}>} */
    this.pending = [];
  }

  /**
   * An activity pushed to the bot for something a person did.
   * @param {{roomId: string, messageId?: string|null, parentId?: string|null, kind?: string, label?: string, at: number}} a
   */
  trigger({ roomId, messageId = null, parentId = null, kind = 'post', label = '', at }) {
    this.#expire(at);
    const roomUuid = uuidOf(roomId);
    if (kind !== 'post') {
      // an activity for a card action supersedes the fallback recorded when the button was clicked
      const clicked = this.pending.findIndex(p => p.roomUuid === roomUuid && p.kind === 'click' && at - p.t0 < 10_000);
      if (clicked >= 0) this.pending.splice(clicked, 1);
    }
    this.pending.push({
      roomUuid,
      messageUuid: messageId ? uuidOf(messageId) : null,
      parentUuid: parentId ? uuidOf(parentId) : null,
      kind,
      label,
      t0: at,
    });
  }

  /** Fallback start point for a card action when no activity arrives for it (recorded at click time). */
  clicked({ roomId, label = '', at }) {
    this.trigger({ roomId, kind: 'click', label, at });
  }

  /**
   * A message the bot created. Returns the matched trigger and its latency, or null when the
   * message answers nothing pending (an unsolicited notification, or a second reply).
   * @param {{roomId: string, parentId?: string|null, at: number}} m
   */
  reply({ roomId, parentId = null, at }) {
    this.#expire(at);
    const roomUuid = uuidOf(roomId);
    const parentUuid = parentId ? uuidOf(parentId) : null;
    const inRoom = this.pending.filter(p => p.roomUuid === roomUuid);
    if (inRoom.length === 0) return null;
    const sameThread = inRoom.filter(p =>
      parentUuid
        ? p.messageUuid === parentUuid || p.parentUuid === parentUuid
        : p.parentUuid === null);
    const match = (sameThread.length > 0 ? sameThread : inRoom)[0];
    this.pending.splice(this.pending.indexOf(match), 1);
    return { latencyMs: Math.max(0, Math.round(at - match.t0)), trigger: match };
  }

  #expire(now) {
    this.pending = this.pending.filter(p => now - p.t0 < MAX_AGE_MS);
  }
}
