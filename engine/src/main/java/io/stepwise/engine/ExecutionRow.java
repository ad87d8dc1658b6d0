package io.stepwise.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * One standard execution as the store keeps it: who it is, what it ran (the definition by its SHA-256), its status
 * and result, and what a node needs to resume it (start time and seed for the replay, the last event id to check it).
 *
 * @param versionArn the version that ran, when started through a version or an alias
 * @param aliasArn   the alias it was started through, if any
 * @param mapRunArn  the Map Run that started it, for a child execution of a distributed Map
 * @param redriveDate when it was last redriven
 */
public record ExecutionRow(long id, String arn, String name, String stateMachineArn, String stateMachineName,
                           Optional<String> versionArn, Optional<String> aliasArn, String definitionSha, String roleArn,
                           ExecutionStatus status, String input, Optional<String> output, Optional<String> error,
                           Optional<String> cause, Instant startDate, Optional<Instant> stopDate, long seed,
                           int redriveCount, long lastEventId, long transitions, Optional<String> mapRunArn,
                           Optional<Instant> redriveDate) {}
