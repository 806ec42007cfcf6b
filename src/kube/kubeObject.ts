// One Kubernetes object as export builds it: plain JSON, apiVersion and kind first.
export type KubeObject = Record<string, unknown> & { apiVersion: string; kind: string };
