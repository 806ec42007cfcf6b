package workflowexecution

import (
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("WorkflowExecution audit events in DataStorage", func() {
	var dataStorageBaseURL string

	BeforeEach(func() {
		// Should be infrastructure.WEIntegrationDataStoragePort.
		dataStorageBaseURL = "http://localhost:18100"
	})

	It("records a workflow.started event", func() {
		client := &http.Client{Timeout: 5 * time.Second}
		resp, err := client.Get(dataStorageBaseURL + "/api/v1/audit/events?service=workflowexecution")
		Expect(err).NotTo(HaveOccurred())
		Expect(resp.StatusCode).To(Equal(http.StatusOK))
	})
})
