// Prints the gzip size of the built web UI: what the first page load fetches (index.html and the
// scripts and styles it links) and everything in dist, lazily loaded chunks included.
// usage: node web/scripts/bundle-size.mjs   (after npm run build)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const linked = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const initial = ['index.html', ...linked].reduce((sum, file) => sum + gz(join(dist, file)), 0);
const assets = readdirSync(join(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
const total = assets.reduce((sum, file) => sum + gz(join(dist, 'assets', file)), gz(join(dist, 'index.html')));

console.log(`first load (index.html + ${linked.length} linked files): ${kb(initial)} gzip`);
console.log(`all ${assets.length} scripts and styles, lazy chunks included: ${kb(total)} gzip`);
