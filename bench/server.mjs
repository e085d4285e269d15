// The minimal server for the call-overhead and memory measurements, run in its own process: it
// drains each POST and answers the success body at once, keep-alive, no parsing. It prints
// {"port":…} on its first stdout line and exits when its stdin closes (or after 15 minutes).
import http from 'node:http';
import { SUCCESS_JOIN, SUCCESS_CANCEL } from './lib/common.mjs';

const join = Buffer.from(SUCCESS_JOIN);
const cancel = Buffer.from(SUCCESS_CANCEL);
const headers = (body) => ({ 'content-type': 'application/json', 'content-length': body.length, 'x-rainbow-request-id': 'bench' });

const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const body = req.url.endsWith('/cancel') ? cancel : join;
    res.writeHead(200, headers(body));
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
setTimeout(stop, 15 * 60_000).unref();
