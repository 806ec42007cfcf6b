// What `berth check` would say against the proposal: the proposed text parsed as berth.yaml and run
// through the same core rules (checkAllocation, checkFile) over the files its `configs` match. No
// second implementation of a rule lives here.
import { parseBerthYaml } from '../core/berthYaml';
import { checkAllocation, checkFile } from '../core/rules';
import type { Finding } from '../core/types';
import { listConfigFiles } from '../host/workspaceFiles';
import { readCheckable } from '../host/checkableFiles';
import type { ScanResult } from './scan';

export async function checkProposal(root: string, yamlText: string, scan: ScanResult): Promise<Finding[]> {
  const parsed = parseBerthYaml(yamlText, 'berth.yaml');
  const findings = [...parsed.findings];
  const config = parsed.config;
  if (!config) return findings;
  findings.push(...checkAllocation(config));
  for (const file of await listConfigFiles(root, config)) {
    // The scan kept every text that holds a port; a file it read without one cannot yield a finding.
    let text = scan.texts.get(file);
    if (text === undefined && !scan.readFiles.has(file)) text = readCheckable(root, [file], () => {})[0]?.text;
    if (text !== undefined) findings.push(...checkFile(config, file, text, scan.source));
  }
  return findings;
}
