-- Demo schema for the workflowexecution stack's one-shot migration step (run by psql from the
-- postgres image against the postgres step, reached by its step name on the stack network).
CREATE TABLE IF NOT EXISTS workflow_executions (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL,
  phase       text NOT NULL DEFAULT 'Pending',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS workflow_executions_phase ON workflow_executions (phase);
INSERT INTO workflow_executions (name) VALUES ('demo');
