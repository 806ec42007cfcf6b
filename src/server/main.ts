// Entry of dist/server.js: the Berth language server over the transport the client chose (IPC or stdio).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// Never die on a stray rejection: log it where the client's output channel shows it.
process.on('unhandledRejection', (e) => connection.console.error(`berth: unhandled rejection: ${String(e)}`));
process.on('uncaughtException', (e) => connection.console.error(`berth: uncaught exception: ${e.stack ?? e.message}`));
startServer(connection);
