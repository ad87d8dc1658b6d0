package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One execution history event in AWS's vocabulary (GetExecutionHistory): {@code type} such as
 * {@code TaskStateEntered}, ids counted from 1, {@code previousEventId} (0 for the first), and {@code details}: the
 * AWS details object under its AWS field name, e.g. {@code {"stateEnteredEventDetails": {"name": "A", "input": "{}"}}}
 * (empty object for events without details).
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, JsonNode details) {}
