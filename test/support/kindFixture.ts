// berth.yaml of the kind tests: gateway names its kind cluster and config; notification owns 18096.
export const KIND_BERTH = `version: 1
ranges:
  http: 18090-18119
services:
  gateway:
    ports: { http: 18091 }
    configs: ["deploy/k8s/**"]
    kind: { cluster: e2e, config: deploy/kind-config.yaml }
  notification:
    ports: { http: 18096 }
`;
