// Brotli and gzip copies of the built assets beside them, so the gateway sends
// them compressed without compressing on every request (and without a
// compression middleware, which would buffer the API's event streams).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const assets = join(import.meta.dirname, '..', 'dist', 'assets');
for (const name of readdirSync(assets).filter((n) => /\.(js|css)$/.test(n))) {
  const file = readFileSync(join(assets, name));
  writeFileSync(join(assets, `${name}.br`), brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(join(assets, `${name}.gz`), gzipSync(file, { level: 9 }));
}
