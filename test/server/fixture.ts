// The temp workspace most server tests start from: four services, ranges, block and flow port maps.
export const berthYaml = `version: 1
ranges:
  postgres: 15433-15449
  redis: 16379-16399
services:
  datastorage:
    ports: { postgres: 15433, redis: 16379 }
  workflowexecution:
    ports:
      postgres: 15441
    configs: ["test/we/**"]
  hapi:
    ports:
      postgres: { port: 15439, shared_with: [notification] }
      redis: 16387
    configs: ["hapi/**"]
  audit:
    ports: { postgres: 15445 }
    configs: ["audit/**"]
  notification:
    ports:
      http: 18110
`;

/** WorkflowExecution's config: hapi's redis (no redis of its own) and hapi's postgres (it has its own). */
export const weConfig = `redis:
  addr: localhost:16387
postgres:
  port: 15439
`;

export const fixtureFiles = (): Record<string, string> => ({
  'berth.yaml': berthYaml,
  'test/we/config.yaml': weConfig,
  'test/we/docker-compose.yml': 'services:\n  redis:\n    ports:\n      - "16387:6379"\n',
  'audit/.env': 'REDIS_URL=redis://localhost:16387/0\n',
  'hapi/settings.json': '{\n  "redisPort": 16387,\n  "dbPort": 15441\n}\n',
  'src/app.ts': 'export const url = "http://localhost:16387";\n',
});
