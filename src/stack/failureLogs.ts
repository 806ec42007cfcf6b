// The last log lines of a failing container, for the failure report (never itself a reason to fail).
import { errorText } from '../core/errorText';
import type { Engine } from '../engine/connection';

export async function tailLogs(engine: Engine, id: string, lines = 30): Promise<string[]> {
  try {
    return (await engine.logs(id, lines))
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
      .filter((l, i, a) => l !== '' || i < a.length - 1)
      .slice(-lines);
  } catch (e) {
    return [`(logs unavailable: ${errorText(e)})`];
  }
}
