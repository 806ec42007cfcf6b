// Entry of dist/server.js: the Berth language server over the transport the client chose (IPC or stdio).
import { serve } from './serve';

serve();
