// A tiny static server for working on the playground without the gateway:
// serves the built page plus stub /playground/config.json and /api/commands.
//   node scripts/dev-server.mjs [--port 8080] [--dir dist] [--sandbox http://127.0.0.1:7070]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
};
const port = Number(opt('port', process.env.PORT || 8080));
const dir = resolve(opt('dir', join(root, 'dist')));
const config = {
  sandboxUrl: opt('sandbox', 'http://127.0.0.1:7070'),
  botEmail: opt('bot-email', 'gateway-bot@webex.bot'),
  botDisplayName: opt('bot-name', 'Gateway Bot'),
  userEmail: opt('user', 'alice@example.com'),
};
const commands = [
  { keyword: '/help', description: 'Lists the commands, as a card with a button for each', match: 'exact' },
  { keyword: '/echo', description: 'Repeats what follows: /echo hello', match: 'prefix' },
  { keyword: '/chat', description: 'Chat settings card: model, temperature, streaming', match: 'exact' },
];
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8' };

createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const json = body => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
  if (path === '/playground/config.json') return json(config);
  if (path === '/api/commands') return json(commands);
  const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
  if (!file.startsWith(dir)) { res.writeHead(403); return res.end(); }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`playground on http://127.0.0.1:${port}/ (files: ${dir}, sandbox: ${config.sandboxUrl})`));
