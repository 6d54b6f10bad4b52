// Preloaded by Parity (`node -r`) when it starts the Portkey gateway on trial (profile.yaml).
//
// Why: on trial everything stays on loopback, both ways.
// - Listening: Portkey's start-server.js has no host option and listens on every interface,
//   so a server asked to listen on a port without a host listens on 127.0.0.1 instead (a
//   listen() that names a host or a socket path is left alone).
// - Calling: Portkey calls some services itself, past the backend base URL it is given (for
//   an inference-profile ARN it asks the Bedrock control plane, bedrock.<region>.amazonaws.com,
//   for the profile's model). A fetch() to any host but loopback fails at once, as it would
//   on a machine without a network, and the log says which host was refused.
'use strict';

const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (isPort(first)) {
    if (args.length < 2 || args[1] === undefined || args[1] === null) {
      args[1] = LOOPBACK; // listen(port) or listen(port, undefined, ...)
    } else if (typeof args[1] !== 'string') {
      args.splice(1, 0, LOOPBACK); // listen(port, backlog?, callback?)
    }
  } else if (first && typeof first === 'object' && first.path === undefined && !first.host) {
    args[0] = { ...first, host: LOOPBACK }; // listen({port})
  }
  return originalListen.apply(this, args);
};

const originalFetch = globalThis.fetch;

globalThis.fetch = async function fetchOnLoopback(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    console.error(`parity: refused a call off loopback: ${url.origin}`);
    throw new TypeError('fetch failed', { cause: new Error(`${url.host} is off loopback`) });
  }
  return originalFetch(input, init);
};
