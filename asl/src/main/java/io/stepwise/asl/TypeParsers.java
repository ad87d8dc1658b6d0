package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.StateParser.Common;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The fields of each state type beyond what {@link StateParser} shares; Map lives in {@link MapParser}. */
final class TypeParsers {
    static final long MAX_SECONDS = 99_999_999;

    private final Findings findings;
    private final Expressions expr;
    private final MachineParser machines;
    private final ErrorHandlers errors;
    private final MapParser maps;

    TypeParsers(Findings findings, Expressions expr, MachineParser machines, ErrorHandlers errors) {
        this.findings = findings;
        this.expr = expr;
        this.machines = machines;
        this.errors = errors;
        this.maps = new MapParser(findings, expr, machines, errors, this);
    }

    PassState pass(Common c) {
        return new PassState(c.name(), c.comment(), c.ql(), c.io(), Optional.ofNullable(c.node().get("Result")),
                c.assign(), c.transition());
    }

    TaskState task(Common c) {
        ObjectNode n = c.node();
        TaskResource resource = null;
        Optional<String> arn = findings.requiredString(n, "Resource", c.at());
        if (arn.isPresent()) {
            resource = TaskResources.classify(arn.get()).orElse(null);
            if (resource == null) findings.schema(Findings.at(c.at(), "Resource"), badResource(arn.get()));
        }
        Optional<ValueSource> timeout = seconds(c, "TimeoutSeconds", 1, MAX_SECONDS);
        Optional<ValueSource> heartbeat = seconds(c, "HeartbeatSeconds", 1, MAX_SECONDS);
        if (timeout.orElse(null) instanceof ValueSource.Literal(JsonNode t)
                && heartbeat.orElse(null) instanceof ValueSource.Literal(JsonNode h) && h.asLong() >= t.asLong()) {
            findings.schema(Findings.at(c.at(), "HeartbeatSeconds"), "Field 'HeartbeatSeconds' (" + h
                    + ") must be smaller than 'TimeoutSeconds' (" + t + ")");
        }
        Optional<JsonNode> credentials = Optional.ofNullable(n.get("Credentials"));
        credentials.filter(v -> !v.isObject()).ifPresent(v -> findings.schema(Findings.at(c.at(), "Credentials"),
                "Field 'Credentials' must be an object, not " + Findings.kind(v)));
        return new TaskState(c.name(), c.comment(), c.ql(), c.io(), resource, timeout, heartbeat, credentials,
                errors.retry(n, c.at()), errors.catchers(n, c.at(), c.ql()), c.assign(), c.transition());
    }

    /**
     * AWS reports a resource it does not know as SCHEMA_VALIDATION_FAILED (not INVALID_RESOURCE), in these words:
     * an ARN it does not recognise (recorded on AWS), text that is no ARN at all, a {@code {% %}} included
     * (recorded on Step Functions Local).
     */
    static String badResource(String arn) {
        return arn.startsWith("arn:") ? "The resource provided " + arn + " is not recognized. The value is not a "
                + "valid resource ARN, or the resource is not available in this region." : "Value is not a valid resource ARN";
    }

    ChoiceState choice(Common c) {
        List<ChoiceState.Rule> rules = new ChoiceRules(findings, expr).rules(c.node(), c.at(), c.ql());
        return new ChoiceState(c.name(), c.comment(), c.ql(), c.io(), rules,
                findings.string(c.node(), "Default", c.at()), c.assign());
    }

    WaitState waitState(Common c) {
        List<WaitState.WaitFor> found = new ArrayList<>();
        int present = 0;
        for (String f : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            if (c.node().has(f)) present++;
        }
        if (present != 1) {
            findings.schema(c.at(), "A Wait state must have exactly one of Seconds, SecondsPath, Timestamp or "
                    + "TimestampPath, but has " + present);
        }
        seconds(c, "Seconds", 0, MAX_SECONDS).ifPresent(v -> found.add(new WaitState.Seconds(v)));
        timestamp(c).ifPresent(v -> found.add(new WaitState.Timestamp(v)));
        return new WaitState(c.name(), c.comment(), c.ql(), c.io(), found.isEmpty() ? null : found.getFirst(),
                c.assign(), c.transition());
    }

    private Optional<ValueSource> timestamp(Common c) {
        JsonNode v = c.node().get("Timestamp");
        String at = Findings.at(c.at(), "Timestamp");
        if (v != null && c.ql() == QueryLanguage.JSONATA && Expressions.isJsonata(v)) {
            return expr.literalOrJsonata(v, at, "Timestamp");
        }
        if (v != null) {
            if (v.isTextual() && Timestamps.isValid(v.textValue())) return Optional.of(new ValueSource.Literal(v));
            findings.schema(at, "Field 'Timestamp' must be an RFC 3339 timestamp (e.g. 2016-03-14T01:59:00Z), not " + v);
            return Optional.empty();
        }
        return findings.string(c.node(), "TimestampPath", c.at())
                .flatMap(p -> expr.fromPath(p, Findings.at(c.at(), "TimestampPath"), "TimestampPath"));
    }

    FailState fail(Common c) {
        return new FailState(c.name(), c.comment(), c.ql(), errorOrCause(c, "Error"), errorOrCause(c, "Cause"));
    }

    private Optional<ValueSource> errorOrCause(Common c, String field) {
        String pathField = field + "Path";
        ObjectNode n = c.node();
        if (n.has(field) && n.has(pathField)) {
            findings.schema(c.at(), "A Fail state cannot have both '" + field + "' and '" + pathField + "'");
            return Optional.empty();
        }
        if (n.has(field)) {
            JsonNode v = n.get(field);
            if (!v.isTextual()) {
                findings.schema(Findings.at(c.at(), field), Findings.NOT_A_STRING);
                return Optional.empty();
            }
            if (c.ql() == QueryLanguage.JSONATA) return expr.literalOrJsonata(v, Findings.at(c.at(), field), field);
            return Optional.of(new ValueSource.Literal(v));
        }
        return findings.string(n, pathField, c.at()).flatMap(p -> expr.pathOrIntrinsic(p,
                Findings.at(c.at(), pathField), pathField)).map(ValueSource.FromPath::new);
    }

    ParallelState parallel(Common c) {
        List<StateMachine> branches = new ArrayList<>();
        JsonNode b = c.node().get("Branches");
        String bAt = Findings.at(c.at(), "Branches");
        if (!findings.required(c.node(), c.at(), "Branches")) {
            // reported
        } else if (!b.isArray() || b.isEmpty()) {
            findings.schema(bAt, "Field 'Branches' must be a non-empty array of state machines");
        } else {
            for (int i = 0; i < b.size(); i++) {
                if (!b.get(i).isObject()) {
                    findings.schema(Findings.at(bAt, i), "A branch must be an object with StartAt and States");
                    continue;
                }
                branches.add(machines.nested((ObjectNode) b.get(i), Findings.at(bAt, i), c.jsonataMachine(), Set.of()));
            }
        }
        return new ParallelState(c.name(), c.comment(), c.ql(), c.io(), branches, errors.retry(c.node(), c.at()),
                errors.catchers(c.node(), c.at(), c.ql()), c.assign(), c.transition());
    }

    MapState map(Common c) { return maps.map(c); }

    /**
     * A number field with its {@code ...Path} form (JSONPath) or {@code {% %}} form (JSONata): an integer in
     * [min, max] when literal; never both the literal and the path.
     */
    Optional<ValueSource> seconds(Common c, String field, long min, long max) {
        ObjectNode n = c.node();
        String pathField = field + "Path";
        String at = Findings.at(c.at(), field);
        JsonNode v = n.get(field);
        if (v != null && n.has(pathField)) {
            findings.schema(c.at(), "A state cannot have both '" + field + "' and '" + pathField + "'");
            return Optional.empty();
        }
        if (v != null) {
            if (c.ql() == QueryLanguage.JSONATA && v.isTextual() && Expressions.looksLikeJsonata(v.textValue())) {
                return expr.literalOrJsonata(v, at, field);
            }
            return findings.integerValue(v, field, at, min, max).map(l -> new ValueSource.Literal(v));
        }
        return findings.string(n, pathField, c.at())
                .flatMap(p -> expr.fromPath(p, Findings.at(c.at(), pathField), pathField));
    }
}
