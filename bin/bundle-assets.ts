// `tsx bin/bundle-assets.ts <function> <folder>`: writes the files the build puts beside a
// function's bundle (BUNDLE_ASSETS in lib/constructs/bundling.ts), e.g. the public function's
// openapi.json. CDK's NodejsFunction runs it after esbuild (lib/constructs/function.ts).

import { writeBundleAssets } from '../lib/constructs/bundling';

const [name, outputDir] = process.argv.slice(2);
if (!name || !outputDir) {
  process.stderr.write('usage: tsx bin/bundle-assets.ts <function> <folder>\n');
  process.exit(2);
}
writeBundleAssets(name, outputDir);
