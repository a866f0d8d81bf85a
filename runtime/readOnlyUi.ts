/**
 * The Temporal Web UI, read-only (只读). The dev server of Temporal CLI 1.5.1 has no flag for the
 * UI's `disableWriteActions`, so its UI listens on a private loopback port and this proxy stands
 * on the public one (8233): it passes reads through, answers 403 to every other request to the
 * UI's API (signal, terminate, cancel, reset, update, batch), and tells the UI that write actions
 * are disabled (`/api/v1/settings`), so it shows no such buttons.
 */
import {
  createServer,
  request as forward,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';

const SETTINGS = '/api/v1/settings';

export interface ReadOnlyUi {
  url: string;
  stop(): Promise<void>;
}

function refuse(res: ServerResponse): void {
  res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
  res.end(
    JSON.stringify({
      code: 7,
      message:
        '雁阵已将 Temporal Web UI 设为只读 / Yanzhen serves the Temporal Web UI read-only: use yz or the API',
    }),
  );
}

export async function startReadOnlyUi(options: {
  /** The dev server's own UI, e.g. http://127.0.0.1:41234. */
  target: string;
  port: number;
  host?: string;
}): Promise<ReadOnlyUi> {
  const target = new URL(options.target);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const read = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    if (!read && path.startsWith('/api/')) return refuse(res);
    const settings = req.method === 'GET' && path.split('?')[0] === SETTINGS;
    const headers = { ...req.headers, host: target.host };
    if (settings) delete headers['accept-encoding']; // read it as plain JSON to change one field
    const upstream = forward(
      { hostname: target.hostname, port: target.port, method: req.method, path, headers },
      (up) => {
        if (!settings || (up.statusCode ?? 500) >= 300) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
            string,
            unknown
          >;
          const out = Buffer.from(JSON.stringify({ ...body, DisableWriteActions: true }));
          const rest = { ...up.headers };
          delete rest['content-length'];
          res.writeHead(up.statusCode ?? 200, { ...rest, 'content-length': out.length });
          res.end(out);
        });
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
