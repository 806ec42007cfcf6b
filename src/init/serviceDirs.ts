// Which service a workspace file belongs to, from where it lies: an integration-test folder
// (test/integration/<svc>/, tests/e2e/<svc>/ …), a service directory (services/<svc>/, apps/<svc>/ …)
// or a top-level directory holding a compose file (<svc>/docker-compose.yml). The folder becomes the
// service's `configs` glob; its name is normalised as every other name (names.ts).
import { normalizeName } from './names';

export interface ServiceDir {
  service: string;
  /** The folder whose files belong to the service ("" for the root). */
  dir: string;
}

const TEST_DIRS = new Set(['test', 'tests', 'it']);
const TIER_DIRS = new Set(['integration', 'e2e', 'integration-tests', 'e2e-tests', 'system']);
const SERVICE_PARENTS = new Set(['services', 'apps', 'packages', 'cmd', 'components']);
/** Folders that group a tier's helpers rather than name a service (tests/integration/config/ …). */
const NOT_SERVICES = new Set([
  'config',
  'configs',
  'fixtures',
  'testdata',
  'data',
  'scripts',
  'helpers',
  'utils',
  'common',
  'shared',
  'lib',
  'support',
  'mocks',
  'infrastructure',
  'infra',
  'src',
  'test',
  'tests',
]);

/**
 * The service of `path` (forward slashes), given the top-level directories that hold a compose file.
 * Test folders win over service directories, which win over top-level compose directories.
 */
export function serviceDirOf(path: string, composeTopDirs: ReadonlySet<string>): ServiceDir | undefined {
  const seg = path.split('/');
  const folders = seg.length - 1; // the last segment is the file
  for (let i = 0; i + 2 < folders; i++) {
    if (TEST_DIRS.has(seg[i].toLowerCase()) && TIER_DIRS.has(seg[i + 1].toLowerCase())) {
      if (!NOT_SERVICES.has(seg[i + 2].toLowerCase())) return named(seg[i + 2], seg.slice(0, i + 3));
      break;
    }
  }
  for (let i = 0; i + 1 < folders; i++) {
    if (SERVICE_PARENTS.has(seg[i].toLowerCase())) return named(seg[i + 1], seg.slice(0, i + 2));
  }
  if (folders >= 1 && composeTopDirs.has(seg[0]) && !NOT_SERVICES.has(seg[0].toLowerCase()))
    return named(seg[0], seg.slice(0, 1));
  return undefined;
}

/**
 * A file of no service folder whose name starts with a known service (test/infrastructure/
 * workflowexecution_integration.go → workflowexecution); its glob is the folder plus that prefix.
 */
export function serviceByFileName(path: string, services: ReadonlySet<string>): ServiceDir | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const prefix = /^[A-Za-z0-9]+/.exec(base)?.[0] ?? '';
  const service = normalizeName(prefix);
  if (!services.has(service)) return undefined;
  return { service, dir: `${path.slice(0, slash + 1)}${prefix}*` };
}

function named(folder: string, dirSegments: string[]): ServiceDir | undefined {
  const service = normalizeName(folder);
  return service ? { service, dir: dirSegments.join('/') } : undefined;
}
