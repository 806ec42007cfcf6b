// Whether a YAML text is a compose file by what it holds, for compose files not named *compose*.yml
// (deploy/stack.yml, demo.yaml). The shape compose-spec defines: a top-level `services:` mapping, every
// entry a mapping with an image, a build or an extends, and only compose keys at the top and in the
// entries. That keeps out the YAML files that also say `services:`: a GitLab CI file (a list of
// images), Helm values (entries with `port`, `image: { repository }`), a Kubernetes manifest
// (apiVersion/kind at the top) and a GitHub workflow (its services sit under jobs.<id>).
import { isMap, isScalar, type Pair } from 'yaml';
import { deref, keyOf, readComposeFile } from './composeFile';

/** A top-level `services:` key on a line of its own (block mapping follows) or with a flow mapping. */
const TOP_SERVICES = /^services:[ \t]*(?:#.*|\{.*)?$/m;

const TOP_KEYS = new Set('version name services networks volumes configs secrets include models'.split(' '));

/** compose-spec's service properties, and the legacy ones (v1/v2) older files still carry. */
const SERVICE_KEYS = new Set(
  (
    'annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs ' +
    'container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares ' +
    'cpus cpuset credential_spec depends_on deploy develop device_cgroup_rules devices dns dns_opt ' +
    'dns_search domainname driver_opts entrypoint env_file environment expose extends external_links ' +
    'extra_hosts gpus group_add healthcheck hostname image init ipc isolation label_file labels links ' +
    'logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit models network_mode ' +
    'networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop privileged ' +
    'profiles provider pull_policy read_only restart runtime scale secrets security_opt shm_size ' +
    'stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user ' +
    'userns_mode uts volumes volumes_from working_dir ' +
    'dockerfile log_driver log_opt net volume_driver cpuset_cpus mem_swap_limit'
  ).split(' '),
);

const isExtension = (key: string) => key.startsWith('x-');

/** True when the text is a compose file by its content (cheap unless a line starts with `services:`). */
export function isComposeText(text: string): boolean {
  if (!TOP_SERVICES.test(text)) return false;
  const file = readComposeFile(text);
  const doc = file.parsed.doc;
  const root = doc ? deref(doc, doc.contents) : undefined;
  if (!doc || !isMap(root) || !file.servicesNode || file.services.length === 0) return false;
  for (const pair of root.items as Pair[]) {
    const key = keyOf(pair);
    if (key === undefined || !(TOP_KEYS.has(key) || isExtension(key))) return false;
  }
  return file.services.every((s) => {
    if (!isMap(s.node)) return false;
    const keys = s.pairs.map(keyOf);
    if (!keys.every((k) => k !== undefined && (SERVICE_KEYS.has(k) || isExtension(k)))) return false;
    const value = (k: string) => deref(doc, s.pairs.find((p) => keyOf(p) === k)?.value);
    const image = value('image');
    return (isScalar(image) && typeof image.value === 'string') || keys.includes('build') || keys.includes('extends');
  });
}
