// Validation without a cluster: each exported object against the Kubernetes OpenAPI schema of its kind
// (kubernetes-models: one class per kind, with the upstream schemas compiled for ajv), and a kind cluster
// config against schemas/kind-v1alpha4.schema.json. Both return the errors as text, [] when valid.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';

type Model = new (data: never) => { validate(): void };
const MODELS: Record<string, Model> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

export function kubeErrors(obj: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } }): string[] {
  const key = `${String(obj.apiVersion)}/${String(obj.kind)}`;
  const where = `${key} ${String(obj.metadata?.name)}`;
  const M = MODELS[key];
  if (!M) return [`${where}: no schema for this kind here`];
  try {
    new M(obj as never).validate();
    return [];
  } catch (e) {
    return [`${where}: ${(e as Error).message}`];
  }
}

const kindSchema = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'schemas', 'kind-v1alpha4.schema.json'), 'utf8'),
) as object;
const validateKind = new Ajv({ allErrors: true, strict: true }).compile(kindSchema);

export function kindConfigErrors(config: unknown): string[] {
  return validateKind(config) ? [] : (validateKind.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
