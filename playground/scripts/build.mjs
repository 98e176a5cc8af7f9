// Builds the playground without a bundler: copies the sources and the two runtime packages'
// browser builds (adaptivecards UMD, markdown-it ESM) into the output folder.
//   node scripts/build.mjs [--out DIR]      (default: dist/, Maven passes target/classes/playground)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = resolve(outArg >= 0 && args[outArg + 1] ? args[outArg + 1] : (process.env.PLAYGROUND_OUT || join(root, 'dist')));
const require = createRequire(join(root, 'package.json'));

function pkgDir(name) {
  return dirname(require.resolve(`${name}/package.json`));
}

const vendor = [
  ['adaptivecards', 'dist/adaptivecards.min.js', 'adaptivecards.min.js'],
  ['adaptivecards', 'dist/adaptivecards.css', 'adaptivecards.css'],
  ['adaptivecards', 'LICENSE', 'adaptivecards.LICENSE.txt'],
  ['adaptivecards', 'dist/adaptivecards.min.js.LICENSE.txt', 'adaptivecards.min.js.LICENSE.txt'],
  ['markdown-it', 'dist/browser/markdown-it.esm.min.mjs', 'markdown-it.esm.min.js'],
  ['markdown-it', 'LICENSE', 'markdown-it.LICENSE.txt'],
];

if (out === root || out === resolve('/')) throw new Error(`refusing to build into ${out}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(root, 'src'), out, { recursive: true });

const versions = {};
for (const [name, from, to] of vendor) {
  const dir = pkgDir(name);
  const src = join(dir, from);
  if (!existsSync(src)) throw new Error(`${name}: ${from} not found — run npm ci in playground/`);
  let content = readFileSync(src);
  if (to.endsWith('.js')) {
    // drop sourceMappingURL comments: the maps are not shipped
    content = Buffer.from(content.toString('utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'));
  }
  writeFileSync(join(out, 'vendor', to), content);
  versions[name] = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}
writeFileSync(join(out, 'vendor', 'versions.json'), JSON.stringify(versions, null, 2) + '\n');
console.log(`playground built into ${out} (${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(', ')})`);
