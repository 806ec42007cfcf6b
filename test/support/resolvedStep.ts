// A resolved step with only what probe code reads (its name and published ports), for pure probe tests.
import type { ResolvedStep } from '../../src/stack/resolve';

/** Step "web" publishing container port 8080 as role http on `hostPort`. */
export function webStep(hostPort: number): ResolvedStep {
  return { name: 'web', ports: [{ role: 'http', containerPort: 8080, hostPort }] } as unknown as ResolvedStep;
}
