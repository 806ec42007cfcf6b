import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeForwarder,
  holderKind,
  parseLsof,
  parsePasswd,
  parseCmdline,
  parseProcNetTcp,
  parseStat,
} from '../../src/host/holderParse';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   1: 00000000:55E6 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20696 1 00000000d18ce243 100 0 0 10 0
   2: 0100007F:55E7 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 22047 1 000000000920558f 100 0 0 10 0
   3: 0100007F:9C40 0100007F:55E6 01 00000000:00000000 00:00000000 00000000     0        0 30000 1 0000000000000000 20 4 0 10 -1
   4: 0100007F:55E6 0100007F:9C41 06 00000000:00000000 03:00001234 00000000     0        0 0 3 0000000000000000
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:55E6 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20702 1 00000000b9133c4c 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:55E8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20703 1 00000000b9133c4c 100 0 0 10 0
`;

test('/proc/net/tcp: local port, address, listen vs bound vs other, uid, inode; remote ports ignored', () => {
  const rows = parseProcNetTcp(TCP, new Set([21990, 21991]));
  assert.deepEqual(
    rows.map((r) => [r.port, r.address, r.state, r.uid, r.inode]),
    [
      [21990, '0.0.0.0', 'listen', 0, 20696],
      [21991, '127.0.0.1', 'bound', 1000, 22047],
      [21990, '127.0.0.1', 'other', 0, 0],
    ],
  );
});

test('/proc/net/tcp6 addresses', () => {
  const rows = parseProcNetTcp(TCP6, new Set([21990, 21992]));
  assert.deepEqual(
    rows.map((r) => [r.port, r.address]),
    [
      [21990, '::'],
      [21992, '::ffff:127.0.0.1'],
    ],
  );
});

test('holder kinds from the command line', () => {
  assert.equal(holderKind('docker-proxy', ['/usr/sbin/docker-proxy', '-proto', 'tcp']), 'docker-proxy');
  assert.equal(holderKind('conmon', ['/usr/bin/conmon', '--api-version', '1']), 'conmon');
  assert.equal(holderKind('rootlessport', ['rootlessport']), 'rootlessport');
  assert.equal(holderKind('pasta.avx2', ['/usr/bin/pasta.avx2', '-t', '8080']), 'pasta');
  assert.equal(holderKind('gvproxy', ['/opt/podman/bin/gvproxy', '-listen-qemu']), 'gvproxy');
  assert.equal(holderKind('node', ['node', 'server.js']), 'process');
});

test('forwarders tell their container (conmon -c) or target (docker-proxy)', () => {
  assert.deepEqual(
    describeForwarder('conmon', ['/usr/bin/conmon', '--api-version', '1', '-c', 'abc123', '-u', 'abc123', '-n', 'web']),
    { containerId: 'abc123' },
  );
  assert.deepEqual(
    describeForwarder('docker-proxy', [
      '/usr/sbin/docker-proxy',
      '-proto',
      'tcp',
      '-host-ip',
      '0.0.0.0',
      '-host-port',
      '21990',
      '-container-ip',
      '172.17.0.2',
      '-container-port',
      '80',
    ]),
    { forward: { hostIp: '0.0.0.0', hostPort: 21990, containerIp: '172.17.0.2', containerPort: 80 } },
  );
  assert.deepEqual(describeForwarder('process', ['node']), {});
});

test('state and ppid from /proc/<pid>/stat with a command name holding spaces and parentheses', () => {
  assert.deepEqual(parseStat('4242 (my (weird) cmd) S 17 4242 4242 0 -1'), { state: 'S', ppid: 17 });
  assert.deepEqual(parseStat('4243 (z) Z 1 0'), { state: 'Z', ppid: 1 });
});

test('argv from /proc/<pid>/cmdline keeps empty arguments, not the trailing NUL', () => {
  assert.deepEqual(parseCmdline('node\0-e\0\0x.js\0'), ['node', '-e', '', 'x.js']);
  assert.deepEqual(parseCmdline(''), []);
});

test('/etc/passwd', () => {
  const users = parsePasswd(
    'root:x:0:0:root:/root:/bin/bash\n# comment\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n',
  );
  assert.equal(users.get(0), 'root');
  assert.equal(users.get(65534), 'nobody');
});

test('lsof -F output with and without f fields; connections and other ports', () => {
  const out = [
    'p100',
    'R1',
    'cgvproxy',
    'u501',
    'Lme',
    'f12',
    'n*:21990',
    'TST=LISTEN',
    'f13',
    'n127.0.0.1:21990->127.0.0.1:50000',
    'TST=ESTABLISHED',
    'p200',
    'R1',
    'cnode',
    'u501',
    'Lme',
    'n127.0.0.1:8080',
    'TST=LISTEN',
    'n[::1]:21991',
    'TST=LISTEN',
    'p300',
    'cclient',
    'n127.0.0.1:50000->127.0.0.1:21990',
    'TST=ESTABLISHED',
  ].join('\n');
  const r = parseLsof(out, new Set([21990, 21991]));
  assert.deepEqual(
    r.map((x) => [x.pid, x.ppid, x.command, x.user, x.port, x.address, x.state]),
    [
      [100, 1, 'gvproxy', 'me', 21990, '*', 'listen'],
      [100, 1, 'gvproxy', 'me', 21990, '127.0.0.1', 'other'],
      [200, 1, 'node', 'me', 21991, '::1', 'listen'],
    ],
  );
});
