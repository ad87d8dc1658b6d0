-- RedriveExecution: when an execution was last redriven (DescribeExecution's and ListExecutions' redriveDate).
ALTER TABLE executions ADD COLUMN redrive_ms BIGINT;
