// Builds the dashboard into OUTDIR: index.html, app.js, app.css and favicon.svg, the only files
// leakwatch serves from its web root (docs/dashboard.md). Usage: node build.mjs OUTDIR
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2];
if (!outdir || process.argv.length > 3) {
  console.error('usage: node build.mjs OUTDIR');
  process.exit(2);
}
const out = resolve(outdir);
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'none',
  logLevel: 'warning',
};
try {
  await build({
    ...common,
    entryPoints: [join(here, 'src/main.tsx')],
    outfile: join(out, 'app.js'),
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await build({ ...common, entryPoints: [join(here, 'src/styles/app.css')], outfile: join(out, 'app.css') });
} catch {
  process.exit(1);  // esbuild has printed the errors
}
for (const name of ['index.html', 'favicon.svg']) copyFileSync(join(here, 'src', name), join(out, name));
console.log(`dashboard built in ${out}`);
