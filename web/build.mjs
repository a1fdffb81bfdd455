// Bundles and minifies the viewer (src/main.js with src/layout_worker.js and
// their npm dependencies, and src/viewer.css) into OUTDIR/viewer.js and OUTDIR/viewer.css with esbuild.
// Run by CMake through tools/embed_viewer.cmake: node build.mjs OUTDIR
import * as esbuild from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] || 'dist');
const common = { minify: true, logLevel: 'warning', legalComments: 'eof', absWorkingDir: here };

const script = { ...common, bundle: true, format: 'iife', target: ['es2020'] };
// The layout worker is bundled first and handed to the page's script as a
// string, from which the page starts it: a page opened from file:// cannot
// load a worker from a file beside it, and there is none.
const worker = await esbuild.build({ ...script, entryPoints: ['src/layout_worker.js'], write: false });
await esbuild.build({
  ...script,
  entryPoints: ['src/main.js'],
  define: { KGREP_LAYOUT_WORKER: JSON.stringify(worker.outputFiles[0].text) },
  outfile: `${outdir}/viewer.js`,
});
await esbuild.build({ ...common, entryPoints: ['src/viewer.css'], outfile: `${outdir}/viewer.css` });
