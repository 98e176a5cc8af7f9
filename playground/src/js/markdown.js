// Markdown for message bodies, sanitised by construction: markdown-it with raw HTML disabled
// (every "<" in the source is escaped) and its link validator (no javascript:, vbscript:, file:,
// nor data: except images). Links open in a new tab.
import markdownit from '../vendor/markdown-it.esm.min.js';

const md = markdownit({ html: false, linkify: true, breaks: true, typographer: false });
// plain text (what a person typed and the bot receives as "text"): only links and line breaks
const plain = markdownit('zero', { html: false, linkify: true, breaks: true }).enable(['linkify', 'newline']);

for (const instance of [md, plain]) {
  const defaultLinkOpen = instance.renderer.rules.link_open
    || ((tokens, idx, options, env, self) => self.renderToken(tokens, idx, options));
  instance.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet('target', '_blank');
    tokens[idx].attrSet('rel', 'noopener noreferrer');
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
}

// Webex mention markup in bot markdown: <@personEmail:a@b.c|Name>, <@personId:ID|Name>, <@all>.
// Swapped for private-use placeholders before rendering (raw HTML is off, so the text survives
// escaped) and for a mention chip after.
const MENTION = /<@(?:(personEmail|personId):([^|>]+)(?:\|([^>]*))?|(all))>/g;

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/**
 * @param {string} source markdown (or plain text with opts.plain)
 * @param {{plain?: boolean, resolveName?: (kind: string, value: string) => string|undefined}} [opts]
 * @returns {string} safe HTML
 */
export function renderMarkdown(source, opts = {}) {
  const chips = [];
  const text = String(source ?? '').replace(MENTION, (all, kind, value, name, everyone) => {
    const label = everyone ? 'all' : (name || opts.resolveName?.(kind, value) || value);
    chips.push(label);
    return `\uE000${chips.length - 1}\uE001`;
  });
  let html = (opts.plain ? plain : md).render(text);
  html = html.replace(/\uE000(\d+)\uE001/g, (all, i) => `<span class="mention">${escapeHtml(chips[Number(i)])}</span>`);
  return html;
}

/** Markdown for Adaptive Card TextBlocks: inline-ish, no wrapping paragraph for a single line. */
export function renderCardMarkdown(source) {
  return md.render(String(source ?? ''));
}

export { escapeHtml };
