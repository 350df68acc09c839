// The deployed service: one release of a tiny HTTP app, started by deploy.mjs from its release
// folder. It reads release.json beside it: { version, unhealthyAfterMs?, failure?: "500" | "hang" }.
// GET /version answers the version; GET /health answers 200 {"status":"ok","version":...} until
// unhealthyAfterMs after the FIRST health check (so the first probe always sees it healthy, however
// slow the machine), then HTTP 500 (failure "500") or never answers (failure "hang").
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const release = JSON.parse(readFileSync(path.join(here, 'release.json'), 'utf8'));
let firstHealthCheck;
const port = Number(process.env.PORT);
const held = [];

const unhealthy = () => {
  firstHealthCheck ??= Date.now();
  return release.unhealthyAfterMs !== undefined && Date.now() - firstHealthCheck >= release.unhealthyAfterMs;
};

const server = http.createServer((req, res) => {
  if (req.url === '/version') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(release.version);
    return;
  }
  if (req.url === '/health') {
    if (!unhealthy()) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', version: release.version }));
    } else if (release.failure === 'hang') {
      held.push(res); // never answered: the probe times out
    } else {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'degraded', version: release.version }));
    }
    return;
  }
  res.writeHead(404).end();
});

process.on('SIGTERM', () => {
  for (const res of held) res.destroy();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});

server.listen(port, '127.0.0.1');
