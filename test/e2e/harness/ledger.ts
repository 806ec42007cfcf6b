// The second folder of the multi-root e2e session (session.ts prepareMultiRoot): one small stack whose service
// name and port differ from examples/demo's, so both folders' stacks can run on one engine. The folder's name
// differs from its service's so tree rows are told apart by label. No imports: host suites bundle it too.
export const LEDGER = { folder: 'books', service: 'ledger', http: 18190 } as const;

export const ledgerYaml = `# The second folder of the multi-root e2e workspace (test/e2e/harness/ledger.ts).
version: 1
services:
  ${LEDGER.service}:
    ports: { http: ${LEDGER.http} }
    stack:
      web:
        image: busybox:stable
        command: [sh, -c, "mkdir -p /www && echo ok > /www/health && exec httpd -f -v -p 8080 -h /www"]
        ports: ["http:8080"]
        ready: { http: { port: http, path: /health, status: 200 } }
`;
