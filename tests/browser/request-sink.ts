/**
 * A local HTTP proxy that the test browsers must send every request not meant for 127.0.0.1 to. It records the
 * request and refuses it, so nothing leaves the machine and every attempt is seen, whichever part of the browser
 * (page, extension, the browser itself) made it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  method: string;
  /** Absolute URL for plain HTTP, host:port for HTTPS tunnels (CONNECT). */
  target: string;
}

export interface RequestSink {
  port: number;
  requests: SinkRequest[];
  close(): Promise<void>;
}

export async function startRequestSink(): Promise<RequestSink> {
  const requests: SinkRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '?', target: req.url ?? '' });
    res.writeHead(403, { 'Content-Type': 'text/plain' });
    res.end('Blocked by the test request sink: tests must not reach the network.\n');
  });
  server.on('connect', (req, socket) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '' });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('upgrade', (req, socket) => {
    requests.push({ method: `UPGRADE ${req.method ?? '?'}`, target: req.url ?? '' });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
