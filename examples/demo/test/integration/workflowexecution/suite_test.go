package workflowexecution

import "testing"

const (
	postgresAddr    = "localhost:15441"
	redisAddr       = "localhost:16388"
	dataStorageURL  = "http://localhost:18097"
	// The container side is not a host port: postgres:5432 names the container.
	inNetworkDSN    = "postgres://slm_user@postgres:5432/action_history"
)

func TestWorkflowExecutionIntegration(t *testing.T) {
	_ = postgresAddr
	_ = redisAddr
	_ = dataStorageURL
	_ = inNetworkDSN
}
