// Dockerode options for one endpoint of the discovery order.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import type { EndpointSpec } from '../discovery';
import { SshAgent, type SshSettings } from '../sshTransport';

/** Dockerode options that ignore process.env.DOCKER_HOST (docker-modem reads it by itself). */
export function dockerodeOptions(spec: EndpointSpec, ssh: SshSettings = {}): Dockerode.DockerOptions {
  const base = { host: undefined, port: undefined, socketPath: undefined, protocol: undefined } as Record<
    string,
    unknown
  >;
  switch (spec.protocol) {
    case 'unix':
    case 'npipe':
      return { ...base, socketPath: spec.socketPath } as Dockerode.DockerOptions;
    case 'ssh':
      // Plain HTTP over the system ssh client's stdio (./sshTransport.ts); host and port only fill the Host header.
      return {
        ...base,
        protocol: 'http',
        host: 'localhost',
        port: 2375,
        agent: new SshAgent(spec, ssh),
      } as Dockerode.DockerOptions;
    case 'http':
      return { ...base, protocol: 'http', host: spec.host, port: spec.port } as Dockerode.DockerOptions;
    case 'https': {
      const opts: Record<string, unknown> = { ...base, protocol: 'https', host: spec.host, port: spec.port };
      if (spec.certDir) {
        for (const [key, file] of [
          ['ca', 'ca.pem'],
          ['cert', 'cert.pem'],
          ['key', 'key.pem'],
        ] as const) {
          const p = join(spec.certDir, file);
          if (existsSync(p)) opts[key] = readFileSync(p);
        }
      }
      if (spec.skipVerify) opts.checkServerIdentity = () => undefined;
      return opts as Dockerode.DockerOptions;
    }
  }
}
