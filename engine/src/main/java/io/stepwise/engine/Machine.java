package io.stepwise.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A state machine as DescribeStateMachine shows it, or one of its versions (then {@code arn} is the version's ARN,
 * {@code description} the version's, {@code creationDate} the publication's).
 *
 * @param logging    the LoggingConfiguration as JSON text (stored and echoed; Stepwise writes no CloudWatch logs)
 * @param tracing    the TracingConfiguration as JSON text
 * @param revisionId absent until an update changes something, as on AWS
 */
public record Machine(String arn, String name, Type type, String definition, String roleArn, String logging,
                      String tracing, Instant creationDate, Instant updateDate, Optional<String> revisionId,
                      Optional<String> description, Optional<Long> version, String status) {
    public enum Type { STANDARD, EXPRESS }

    /** The unqualified state machine ARN (the machine's own, or the one a version belongs to). */
    public String machineArn() {
        return version.isEmpty() ? arn : arn.substring(0, arn.lastIndexOf(':'));
    }

    /** A version as ListStateMachineVersions lists it. */
    public record VersionItem(String arn, Instant creationDate) {}

    /** An alias: 1 or 2 versions of one machine, with weights that sum to 100. */
    public record Alias(String arn, String machineArn, String name, Optional<String> description, List<Route> routing,
                        Instant creationDate, Instant updateDate) {}

    public record Route(String versionArn, int weight) {}
}
