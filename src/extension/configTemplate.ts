// The commented berth.yaml that "Create berth.yaml" writes.

/** A starting point that parses cleanly; comments explain every key. */
export function configTemplate(serviceName = 'app'): string {
  const name = /^[A-Za-z0-9_.-]+$/.test(serviceName) ? serviceName : 'app';
  return `# berth.yaml: the host ports each service owns, and how to start its test stack.
# Berth checks config files against it (squiggles), shows each service's ports and containers
# in the Berth view, starts stacks in dependency order and cleans stale ports per service.
version: 1

# Pools per role: "allocate next free port" quick fixes pick from these.
ranges:
  postgres: 15433-15449
  redis: 16379-16399
  http: 18090-18099

services:
  ${name}:
    # role: host port. Two services may not allocate the same port unless one declares it:
    #   postgres: { port: 15433, shared_with: [ other-service ] }
    ports:
      postgres: 15433
      redis: 16379
      http: 18090
    # Files whose ports belong to this service (globs relative to this file).
    configs: [ "test/integration/${name}/**", "docker-compose.yml" ]
    # How to start the stack: inline steps (compose-like keys), or reuse a compose file:
    #   stack: { compose: docker-compose.yml }
    # stack:
    #   postgres:
    #     image: postgres:16-alpine
    #     ports: [ "postgres:5432" ]          # allocated role → container port
    #     environment: { POSTGRES_PASSWORD: test }
    #     ready: { exec: [ pg_isready ] }     # exec | http | tcp | health | log | once
    #   migrations:
    #     image: migrate:local
    #     depends_on: { postgres: ready }     # started | ready | completed
    #     run: once
    #   redis:
    #     image: redis:7-alpine
    #     ports: [ "redis:6379" ]
    #     ready: { exec: [ redis-cli, ping ], expect: PONG }
`;
}
