// The ONE shape of a container in Berth: what the engine lists (every container, Berth's or not) and, once
// matched to a berth.yaml service, the same object with its service and step filled in.

export type ContainerState = 'created' | 'running' | 'exited' | 'paused' | 'restarting' | 'removing' | 'dead';
export type ContainerHealth = 'starting' | 'healthy' | 'unhealthy';

export interface ContainerPort {
  hostIp?: string;
  hostPort: number;
  containerPort: number;
}

export interface Container {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** Only while running: an exited container keeps the engine's last verdict, which says nothing any more. */
  health?: ContainerHealth;
  ports: ContainerPort[];
  labels: Record<string, string>;
  /** The berth.yaml service it belongs to (by label, container_name or compose project); undefined: nobody's. */
  service?: string;
  /** The stack step it runs, when known. */
  step?: string;
  /** The parallel worker whose instance of the stack it belongs to (1 unless Berth labelled it another). */
  worker?: number;
  /** Host pid of the container's init process, when inspected and running. */
  pid?: number;
  startedAt?: string;
  /** Exit code of an exited container (what tells a finished one-shot step's success from its failure). */
  exitCode?: number;
}

/** A container matched to a service. */
export type ServiceContainer = Container & { service: string };

/** Running, paused or restarting: the engine still holds its published ports for it. */
export function isLive(c: Pick<Container, 'state'>): boolean {
  return c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
}

/** Whether the container publishes this host port. */
export function publishes(c: Pick<Container, 'ports'>, port: number): boolean {
  return c.ports.some((p) => p.hostPort === port);
}
