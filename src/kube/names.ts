// Kubernetes names for what Berth calls steps, roles and files: object names and DNS labels (RFC 1123:
// lower-case letters, digits and '-', 63 characters at most), ConfigMap keys, and which variables are secrets.

/** A DNS-1123 label for `name`: lower-cased, every other character run turned into '-', trimmed to 63. */
export function dnsLabel(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s || 'x';
}

/** A ConfigMap data key (`[-._a-zA-Z0-9]+`) for a file's base name. */
export function configMapKey(fileName: string): string {
  return fileName.replace(/[^-._a-zA-Z0-9]+/g, '_') || 'file';
}

/** Variables whose values go into a Secret rather than a ConfigMap (passwords, tokens, keys, credentials). */
export function isSecretName(name: string): boolean {
  return /pass(word|wd)?|secret|token|credential|private|api_?key|access_?key/i.test(name);
}
