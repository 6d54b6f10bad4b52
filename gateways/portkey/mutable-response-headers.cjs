// Preloaded by Parity (`node -r`) when it starts the Portkey gateway on trial (profile.yaml).
//
// Why: Portkey adds its own x-portkey-* headers to the backend's response in place
// (ResponseService.updateHeaders). Under Node a Response from fetch() has immutable headers,
// so every answer Portkey passes on without rebuilding it (streams, above all) fails with
// 500 `TypeError: immutable` (public issues Portkey-AI/gateway #1389 and #1550; the upstream
// fix copies the response the same way). This is an artifact of running Portkey under Node,
// not a difference Parity judges: each Response fetch() resolves to is handed over as a copy
// (same status, status text, headers and body stream) whose headers can be changed.
'use strict';

const originalFetch = globalThis.fetch;

globalThis.fetch = async function fetchWithMutableHeaders(...args) {
  const response = await originalFetch(...args);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};
