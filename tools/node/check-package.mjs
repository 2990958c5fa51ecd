// Reads a FHIR package the way SUSHI does, with SUSHI's package loader (fhir-package-loader):
// installs the .tgz into a FHIR package cache (a folder given on the command line, never the
// user's own), loads it and its core dependency from that cache, offline, and reports for each
// canonical URL asked for whether the package holds it, whether it resolves (there or in a loaded
// dependency), and whether what it builds on resolves too.
// Usage: node check-package.mjs --cache DIR --tgz FILE --name NAME --version VERSION
//                               --core DIR --core-name NAME --core-version VERSION
//                               [--extra NAME#VERSION=DIR,...] URL...
// (--extra: further dependencies, e.g. R5's extensions pack, linked into the cache and loaded too)
// Prints one JSON object on stdout.
import fs from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = {};
const urls = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith('--')) {
    opt[argv[i].slice(2)] = argv[++i];
  } else {
    urls.push(argv[i]);
  }
}
const fpl = await import('fhir-package-loader');
const { createSQLJSPackageDB, DiskBasedPackageCache, BasePackageLoader } = fpl.default ?? fpl;

const messages = [];
const log = (level, message) => messages.push(`${level}: ${message}`);
const offline = async () => {
  throw new Error('offline: every package must already be in the cache');
};
// a concrete version resolves to itself; anything that needs the network fails
const registry = {
  resolveVersion: async (name, version) => (/^\d+\.\d+\.\d+/.test(version) ? version : offline()),
  download: offline,
};
const build = { downloadCurrentBuild: offline, getCurrentBuildDate: offline };

const cache = new DiskBasedPackageCache(opt.cache, { log });
await cache.cachePackageTarball(opt.name, opt.version, fs.createReadStream(opt.tgz));
const deps = [];
if (opt.core) {
  deps.push([opt['core-name'], opt['core-version'], opt.core]);
}
for (const item of (opt.extra ? opt.extra.split(',') : [])) {
  const [spec, dir] = item.split('=');
  const [name, version] = spec.split('#');
  deps.push([name, version, dir]);
}
for (const [name, version, dir] of deps) {
  const dest = path.join(opt.cache, `${name}#${version}`, 'package');
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.symlinkSync(path.resolve(dir), dest, 'dir');
}
const loader = new BasePackageLoader(await createSQLJSPackageDB(), cache, registry, build, { log });
const status = { [opt.name]: await loader.loadPackage(opt.name, opt.version) };
for (const [name, version] of deps) {
  status[name] = await loader.loadPackage(name, version);
}
const info = loader.findPackageJSON(opt.name, opt.version);
const resolved = urls.map((url) => {
  const res = loader.findResourceJSON(url, { scope: opt.name });
  // found: in the package itself; resolves: in it or in a loaded dependency
  const out = { url, found: Boolean(res), resolves: Boolean(res || loader.findResourceJSON(url)) };
  if (res) {
    out.resourceType = res.resourceType;
    out.id = res.id;
    out.hasSnapshot = Boolean(res.snapshot);
    if (res.baseDefinition) {
      out.baseDefinition = res.baseDefinition;
      out.baseFound = Boolean(loader.findResourceJSON(res.baseDefinition));
    }
  }
  return out;
});
process.stdout.write(JSON.stringify({ status, packageJson: info, resolved, messages }) + '\n');
