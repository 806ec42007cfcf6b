// Starts the Berth language server: dist/server.js (the transport the client chose on its command line) and
// `berth lsp` (stdio, for other editors' LSP clients) share this, so both are the same server.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** With streams: LSP over them (stdio); without: the transport named by --stdio / --node-ipc / --socket. */
export function serve(streams?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): void {
  const connection = streams
    ? createConnection(ProposedFeatures.all, streams.input, streams.output)
    : createConnection(ProposedFeatures.all);
  // Never die on a stray rejection: log it where the client's output channel shows it.
  process.on('unhandledRejection', (e) => connection.console.error(`berth: unhandled rejection: ${String(e)}`));
  process.on('uncaughtException', (e) =>
    connection.console.error(`berth: uncaught exception: ${e.stack ?? e.message}`),
  );
  startServer(connection);
}
