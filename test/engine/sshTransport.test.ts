// The ssh transport's pure half: the argv handed to the system ssh client and how its failures read.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dialArgs, sshBaseArgs, sshFailure } from '../../src/engine/sshTransport';

describe('ssh argv', () => {
  test('never prompts; config file, port and user are options before "--" and the destination', () => {
    assert.deepEqual(sshBaseArgs({ host: 'h', port: 2222, username: 'root' }, { configFile: '/t/cfg' }), [
      '-F',
      '/t/cfg',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=10',
      '-T',
      '-p',
      '2222',
      '-l',
      'root',
    ]);
  });

  test('Docker: docker system dial-stdio on the far side; a Podman socket path: podman --url … dial-stdio', () => {
    assert.deepEqual(dialArgs({ host: 'build-box' }).slice(-5), ['--', 'build-box', 'docker', 'system', 'dial-stdio']);
    assert.deepEqual(dialArgs({ host: 'h', socketPath: '/run/podman/podman.sock' }).slice(-7), [
      '--',
      'h',
      'podman',
      '--url',
      'unix:///run/podman/podman.sock',
      'system',
      'dial-stdio',
    ]);
    assert.throws(() => dialArgs({ host: 'h', socketPath: '/x;rm -rf ~' }), /unusable socket path/);
  });

  test('a destination that looks like an option stays the destination', () => {
    const args = dialArgs({ host: '-oProxyCommand=touch /tmp/x' });
    assert.equal(args[args.indexOf('--') + 1], '-oProxyCommand=touch /tmp/x');
  });
});

describe('ssh failures', () => {
  test('an unknown host key says so and how to trust it', () => {
    const m = sshFailure(
      'box',
      255,
      'No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n',
    );
    assert.match(m, /^ssh box: .*Host key verification failed\. \(the host key is not trusted/);
  });

  test('a refused key names the key setting; other errors keep ssh words', () => {
    assert.match(
      sshFailure('box', 255, 'root@127.0.0.1: Permission denied (publickey).\n'),
      /Permission denied \(publickey\)\. \(no key was accepted/,
    );
    assert.equal(
      sshFailure('box', 255, 'ssh: connect to host 127.0.0.1 port 1: Connection refused\n'),
      'ssh box: ssh: connect to host 127.0.0.1 port 1: Connection refused',
    );
    assert.equal(sshFailure('box', 255, ''), 'ssh box: ssh exited with 255');
  });
});
