// The Node.js (V8) counterpart of server_bench.c: compile the module once,
// then per request a fresh WebAssembly.Instance (which runs the module's
// start function) with the WASI import object, and one call of an export.
// The instance is dropped after the call (V8's GC reclaims it).
//
//   node server_node.mjs [--requests N] [--warmup W] [--export NAME] [--raw FILE] [--stub-wasi] MODULE.wasm
//
// The WASI import object comes from one node:wasi context shared by all
// requests, as the reclaim side shares one reclaim_wasi_t. Output: one line
// "node requests=N mean_us=... median_us=... p99_us=... min_us=..." and the
// other fields of server_bench. cpu_us_per_request counts all of node's
// threads (V8's background compiler and GC threads too).
import { readFileSync, appendFileSync } from 'node:fs';
import process from 'node:process';

const origEmitWarning = process.emitWarning;
process.emitWarning = (w, ...rest) => {
  const text = typeof w === 'string' ? w : w?.message;
  if (typeof text === 'string' && text.includes('WASI')) return;
  return origEmitWarning.call(process, w, ...rest);
};
const { WASI } = await import('node:wasi');

function usage() {
  process.stderr.write('usage: node server_node.mjs [--requests N] [--warmup W] [--export NAME] [--raw FILE] [--stub-wasi] MODULE.wasm\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
let requests = 20000, warmup = 500, exportName = 'test', raw = null, file = null, stub = false;
while (argv.length) {
  const a = argv.shift();
  if (a === '--requests') requests = Number(argv.shift());
  else if (a === '--warmup') warmup = Number(argv.shift());
  else if (a === '--export') exportName = argv.shift();
  else if (a === '--raw') raw = argv.shift();
  else if (a === '--stub-wasi') stub = true;
  else if (a.startsWith('-') || file) usage();
  else file = a;
}
if (!file || !(requests > 0) || !(warmup >= 0)) usage();

const now = () => process.hrtime.bigint();
const t0 = now();
const module = new WebAssembly.Module(readFileSync(file));
const compileMs = Number(now() - t0) / 1e6;
const wasi = new WASI({ version: 'preview1', args: ['server_node'], env: {}, returnOnExit: true });
// --stub-wasi: plain JS functions that return ENOSYS (52) instead of node:wasi.
const imports = stub ? { wasi_snapshot_preview1: Object.fromEntries(
  WebAssembly.Module.imports(module).filter((i) => i.module === 'wasi_snapshot_preview1')
    .map((i) => [i.name, () => 52])) } : wasi.getImportObject();

function request() {
  const instance = new WebAssembly.Instance(module, imports);
  const fn = instance.exports[exportName];
  if (typeof fn !== 'function') throw new Error(`no exported function ${exportName}`);
  fn();
}

for (let i = 0; i < warmup; i++) request();
const rssWarm = process.memoryUsage().rss;
const us = new Float64Array(requests);
const total0 = now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < requests; i++) {
  const a = now();
  request();
  us[i] = Number(now() - a) / 1e3;
}
const total = Number(now() - total0) / 1e3;
const cpuUse = process.cpuUsage(cpu0);
const cpu = cpuUse.user + cpuUse.system; // microseconds
const rss = process.memoryUsage().rss;
const peak = process.resourceUsage().maxRSS; // KiB

if (raw) appendFileSync(raw, Array.from(us, (x) => x.toFixed(3)).join('\n') + '\n');
let sum = 0;
for (const x of us) sum += x;
const sorted = Float64Array.from(us).sort();
const p99 = Math.min(requests - 1, Math.floor(requests * 0.99));
const f = (x) => x.toFixed(1);
process.stdout.write(
  `node requests=${requests} mean_us=${f(sum / requests)} median_us=${f(sorted[requests >> 1])} ` +
  `p99_us=${f(sorted[p99])} min_us=${f(sorted[0])} wall_us_per_request=${f(total / requests)} ` +
  `cpu_us_per_request=${f(cpu / requests)} ` +
  `compile_ms=${f(compileMs)} rss_kb=${Math.round(rss / 1024)} rss_after_warmup_kb=${Math.round(rssWarm / 1024)} ` +
  `peak_rss_kb=${peak}\n`);
