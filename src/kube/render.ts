// Manifests as YAML text: one `---` document per object, headed by what made them and what was not carried.
import { stringify } from 'yaml';

const yamlText = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

export function renderDocuments(header: string[], docs: readonly unknown[]): string {
  const head = header.map((l) => `# ${l}`.trimEnd()).join('\n');
  return `${head}\n${docs.map((d) => `---\n${yamlText(d)}`).join('')}`;
}
