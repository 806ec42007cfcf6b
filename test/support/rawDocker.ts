// Tests and benches set up and observe engine state (seed containers, wait for exits, inspect) with their own
// dockerode, so src/ keeps exactly one engine client. An Engine's socket is a Docker host URL.
import Dockerode from 'dockerode';
import type { Engine } from '../../src/engine/connection';
import { dockerodeOptions } from '../../src/engine/client/options';
import { parseHostUrl } from '../../src/engine/discovery';

const handles = new WeakMap<Engine, Dockerode>();

export function rawDocker(engine: Engine): Dockerode {
  let d = handles.get(engine);
  if (!d) handles.set(engine, (d = new Dockerode(dockerodeOptions(parseHostUrl(engine.socket)))));
  return d;
}
