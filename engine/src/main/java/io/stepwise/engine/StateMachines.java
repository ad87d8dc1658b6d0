package io.stepwise.engine;

import io.stepwise.asl.Finding;
import io.stepwise.asl.MapState;
import io.stepwise.asl.ParallelState;
import io.stepwise.asl.ParseResult;
import io.stepwise.asl.Parser;
import io.stepwise.asl.State;
import io.stepwise.asl.StateMachine;
import io.stepwise.asl.TaskResource;
import io.stepwise.asl.TaskState;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The control plane of state machines (https://docs.aws.amazon.com/step-functions/latest/apireference/): every rule of
 * Create/Describe/Update/Delete/List, versions, aliases and tags, raising {@link StepFunctionsError}s with AWS's names
 * and messages. Revisions: a machine has no revision id until an update changes something; each change makes a new
 * one; publishing captures the current revision as a version, once (publishing it again returns that version).
 */
public final class StateMachines {
    static final String DEFAULT_LOGGING = "{\"includeExecutionData\":false,\"level\":\"OFF\"}";
    static final String DEFAULT_TRACING = "{\"enabled\":false}";

    private final MachineStore store;
    private final Arns arns;
    private final InstantSource clock;
    private final RandomGenerator random;

    StateMachines(MachineStore store, Arns arns, InstantSource clock, RandomGenerator random) {
        this.store = store;
        this.arns = arns;
        this.clock = clock;
        this.random = random;
    }

    private Instant now() { return clock.instant().truncatedTo(ChronoUnit.MILLIS); }

    // ---- validation

    /** One finding of ValidateStateMachineDefinition. */
    public record Diagnostic(String severity, String code, String message, Optional<String> location) {}

    /** Every problem of the definition for a machine of this type (an empty list: valid). */
    public static List<Diagnostic> validate(String definition, Machine.Type type) {
        return switch (Parser.parse(definition)) {
            case ParseResult.Invalid i -> i.findings().stream().map(StateMachines::diagnostic).toList();
            case ParseResult.Valid v -> type == Machine.Type.EXPRESS ? expressFindings(v.machine(), "/States")
                    : List.of();
        };
    }

    private static Diagnostic diagnostic(Finding f) {
        return new Diagnostic("ERROR", f.code(), f.message(), f.location());
    }

    /** Express machines cannot wait: no callbacks, no .sync jobs, no activities (AWS rejects them at creation). */
    private static List<Diagnostic> expressFindings(StateMachine m, String at) {
        List<Diagnostic> out = new ArrayList<>();
        for (State s : m.states().values()) {
            String location = at + "/" + s.name();
            switch (s) {
                case TaskState t -> {
                    TaskResource r = t.resource();
                    String problem = r.kind() == TaskResource.Kind.ACTIVITY ? "Activity ARN"
                            : r.pattern() == TaskResource.Pattern.WAIT_FOR_TASK_TOKEN ? "'.waitForTaskToken' service integration "
                            : r.pattern() == TaskResource.Pattern.RUN_JOB || r.pattern() == TaskResource.Pattern.RUN_JOB_V2
                                    ? "'.sync' service integration" : null;
                    if (problem != null) {
                        out.add(new Diagnostic("ERROR", "SCHEMA_VALIDATION_FAILED", "Express state machine does not "
                                + "support " + problem, Optional.of(location + "/Resource")));
                    }
                }
                case ParallelState p -> {
                    for (int i = 0; i < p.branches().size(); i++) {
                        out.addAll(expressFindings(p.branches().get(i), location + "/Branches/" + i + "/States"));
                    }
                }
                case MapState map -> out.addAll(expressFindings(map.itemProcessor(), location + "/ItemProcessor/States"));
                default -> { }
            }
        }
        return out;
    }

    /** AWS's InvalidDefinition message: every diagnostic, "at null" for one without location (recorded). */
    private static void checkDefinition(String definition, Machine.Type type) {
        List<Diagnostic> problems = validate(definition, type);
        if (problems.isEmpty()) return;
        String detail = String.join(", ", problems.stream().map(d -> d.code() + ": " + d.message()
                + " at " + d.location().orElse("null")).toList());
        throw StepFunctionsError.of("InvalidDefinition", "Invalid State Machine Definition: '" + detail + "'");
    }

    // ---- machines

    /** What CreateStateMachine answers. */
    public record Created(String arn, Instant creationDate, Optional<String> versionArn) {}

    public Created create(String name, String definition, String roleArn, Machine.Type type, Optional<String> logging,
                          Optional<String> tracing, Map<String, String> tags, boolean publish,
                          Optional<String> versionDescription) {
        Names.checkName(name);
        checkRole(roleArn);
        if (versionDescription.isPresent() && !publish) {
            throw StepFunctionsError.validation("Version description can only be set when publish is true");
        }
        checkDefinition(definition, type);
        String arn = arns.stateMachine(name);
        checkTagCount(arn, tags.size());
        String log = Logging.check(logging).orElse(DEFAULT_LOGGING);
        String trace = tracing.orElse(DEFAULT_TRACING);
        Instant now = now();
        var m = new Machine(arn, name, type, definition, roleArn, log, trace, now, now, Optional.empty(),
                Optional.empty(), Optional.empty(), "ACTIVE");
        if (!store.insert(m)) {
            Machine existing = store.machine(arn).orElseThrow(() -> alreadyExists(arn));
            boolean same = existing.definition().equals(definition) && existing.type() == type
                    && existing.logging().equals(log) && existing.tracing().equals(trace);
            if (!same) throw alreadyExists(arn);
            return new Created(arn, existing.creationDate(), publish
                    ? Optional.of(store.publish(arn, versionDescription, now).version().arn()) : Optional.empty());
        }
        if (!tags.isEmpty()) store.tag(arn, tags);
        Optional<String> version = publish ? Optional.of(store.publish(arn, versionDescription, now).version().arn())
                : Optional.empty();
        return new Created(arn, now, version);
    }

    private static StepFunctionsError alreadyExists(String arn) {
        return StepFunctionsError.of("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
    }

    private static void checkRole(String roleArn) {
        if (roleArn == null || !roleArn.startsWith("arn:")) throw StepFunctionsError.invalidArn(roleArn);
    }

    /**
     * The machine or the version the ARN names; for an alias, the version it routes to (the one with the larger weight,
     * the first listed on a tie). AWS's answer for an alias ARN is not recorded; this one is the most useful.
     */
    public Machine describe(String arn) {
        return switch (Arns.machine(arn)) {
            case Arns.Machine m -> store.machine(m.machineArn()).orElseThrow(() -> doesNotExist(arn));
            case Arns.Version v -> store.version(v.machineArn(), v.version()).orElseThrow(() -> doesNotExist(arn));
            case Arns.Alias a -> {
                Machine.Alias alias = store.alias(a.machineArn(), a.alias()).orElseThrow(() -> doesNotExist(arn));
                String main = alias.routing().stream().reduce((x, y) -> y.weight() > x.weight() ? y : x).orElseThrow()
                        .versionArn();
                yield describe(main);
            }
        };
    }

    static StepFunctionsError doesNotExist(String arn) {
        return StepFunctionsError.of("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }

    /** What UpdateStateMachine answers. */
    public record Updated(Instant updateDate, Optional<String> revisionId, Optional<String> versionArn) {}

    public Updated update(String arn, Optional<String> definition, Optional<String> roleArn, Optional<String> logging,
                          Optional<String> tracing, boolean publish, Optional<String> versionDescription) {
        if (!(Arns.machine(arn) instanceof Arns.Machine)) throw doesNotExist(arn);
        if (definition.isEmpty() && roleArn.isEmpty() && logging.isEmpty() && tracing.isEmpty()) {
            throw StepFunctionsError.of("MissingRequiredParameter", "Either the definition, the role ARN, the "
                    + "LoggingConfiguration, or the TracingConfiguration must be specified");
        }
        if (versionDescription.isPresent() && !publish) {
            throw StepFunctionsError.validation("Version description can only be set when publish is true");
        }
        Machine m = store.machine(arn).orElseThrow(() -> doesNotExist(arn));
        definition.ifPresent(d -> checkDefinition(d, m.type()));
        roleArn.ifPresent(StateMachines::checkRole);
        String log = Logging.check(logging).orElse(m.logging());
        Machine next = new Machine(m.arn(), m.name(), m.type(), definition.orElse(m.definition()),
                roleArn.orElse(m.roleArn()), log, tracing.orElse(m.tracing()), m.creationDate(), now(),
                m.revisionId(), Optional.empty(), Optional.empty(), m.status());
        boolean changed = !next.definition().equals(m.definition()) || !next.roleArn().equals(m.roleArn())
                || !next.logging().equals(m.logging()) || !next.tracing().equals(m.tracing());
        Machine saved = m;
        if (changed) {
            saved = new Machine(next.arn(), next.name(), next.type(), next.definition(), next.roleArn(), next.logging(),
                    next.tracing(), next.creationDate(), next.updateDate(), Optional.of(newId()), Optional.empty(),
                    Optional.empty(), next.status());
            store.update(saved);
        }
        Optional<String> version = publish
                ? Optional.of(store.publish(arn, versionDescription, now()).version().arn()) : Optional.empty();
        return new Updated(changed ? saved.updateDate() : now(), saved.revisionId(), version);
    }

    private String newId() {
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & 0x3FFFFFFFFFFFFFFFL
                | 0x8000000000000000L).toString();
    }

    /** Deletes the machine with its versions and aliases; its executions keep running to their end. */
    public void delete(String arn) {
        switch (Arns.machine(arn)) {
            case Arns.Machine m -> store.delete(m.machineArn());
            case Arns.Version v -> deleteVersion(arn);
            case Arns.Alias a -> deleteAlias(arn);
        }
    }

    public record Page<T>(List<T> items, Optional<String> nextToken) {}

    public Page<Machine> list(Optional<Integer> maxResults, Optional<String> nextToken) {
        int size = Names.pageSize(maxResults, 1000);
        List<Machine> rows = store.list(Names.position(nextToken), size + 1);
        if (rows.size() <= size) return new Page<>(rows, Optional.empty());
        List<Machine> page = rows.subList(0, size);
        return new Page<>(List.copyOf(page), Optional.of(Names.token(page.getLast().name())));
    }

    // ---- versions

    public Machine publish(String arn, Optional<String> revisionId, Optional<String> description) {
        if (!(Arns.machine(arn) instanceof Arns.Machine)) throw doesNotExist(arn);
        Machine m = store.machine(arn).orElseThrow(() -> doesNotExist(arn));
        if (revisionId.isPresent()) {
            String current = m.revisionId().orElse("INITIAL");
            if (!current.equals(revisionId.get())) {
                throw new StepFunctionsError("ConflictException", 409, "Failed to publish the State Machine version for "
                        + "revision " + revisionId.get() + ". The current State Machine revision is " + current + ".");
            }
        }
        return store.publish(arn, description, now()).version();
    }

    public Page<Machine.VersionItem> versions(String arn, Optional<Integer> maxResults, Optional<String> nextToken) {
        if (!(Arns.machine(arn) instanceof Arns.Machine)) throw doesNotExist(arn);
        store.machine(arn).orElseThrow(() -> doesNotExist(arn));
        int size = Names.pageSize(maxResults, 1000);
        long below = Names.positionNumber(nextToken, Long.MAX_VALUE);
        List<Machine.VersionItem> rows = store.versions(arn, Optional.of(below), size + 1);
        if (rows.size() <= size) return new Page<>(rows, Optional.empty());
        List<Machine.VersionItem> page = rows.subList(0, size);
        String last = page.getLast().arn();
        return new Page<>(List.copyOf(page), Optional.of(Names.token(last.substring(last.lastIndexOf(':') + 1))));
    }

    public void deleteVersion(String versionArn) {
        if (!(Arns.machine(versionArn) instanceof Arns.Version v)) {
            throw StepFunctionsError.validation("1 validation error detected: Value '" + versionArn + "' at "
                    + "'stateMachineVersionArn' failed to satisfy constraint: Member must be a state machine version ARN");
        }
        List<String> using = store.aliases(v.machineArn()).stream()
                .filter(a -> a.routing().stream().anyMatch(r -> r.versionArn().equals(versionArn)))
                .map(Machine.Alias::name).toList();
        if (!using.isEmpty()) {
            throw new StepFunctionsError("ConflictException", 409, "Version to be deleted must not be referenced by an "
                    + "alias. Current list of aliases referencing this version: [" + String.join(", ", using) + "]");
        }
        store.deleteVersion(v.machineArn(), v.version());
    }

    // ---- aliases

    public Machine.Alias createAlias(String name, Optional<String> description, List<Machine.Route> routing) {
        Names.checkAliasName(name);
        String machineArn = checkRouting(routing);
        store.machine(machineArn).orElseThrow(() -> doesNotExist(machineArn));
        Instant now = now();
        var a = new Machine.Alias(arns.alias(machineArn, name), machineArn, name, description, List.copyOf(routing),
                now, now);
        if (!store.insert(a)) {
            Machine.Alias existing = store.alias(machineArn, name).orElseThrow();
            if (!existing.description().equals(description) || !existing.routing().equals(routing)) {
                throw new StepFunctionsError("ConflictException", 409, "Failed to create alias because an alias with the "
                        + "same name and a different routing configuration already exists.");
            }
            return existing;
        }
        return a;
    }

    /** Checks AWS's routing rules; returns the machine the versions belong to. */
    private String checkRouting(List<Machine.Route> routing) {
        if (routing.isEmpty() || routing.size() > 2) {
            throw StepFunctionsError.validation("1 validation error detected: Value '" + routing + "' at "
                    + "'routingConfiguration' failed to satisfy constraint: Member must have length "
                    + (routing.isEmpty() ? "greater than or equal to 1" : "less than or equal to 2"));
        }
        for (int i = 0; i < routing.size(); i++) {
            int w = routing.get(i).weight();
            if (w < 0 || w > 100) {
                throw StepFunctionsError.validation("1 validation error detected: Value '" + w + "' at "
                        + "'routingConfiguration." + (i + 1) + ".member.weight' failed to satisfy constraint: Member must "
                        + "have value " + (w < 0 ? "greater than or equal to 0" : "less than or equal to 100"));
            }
        }
        List<String> versionArns = routing.stream().map(Machine.Route::versionArn).toList();
        List<Arns.MachineRef> refs = new ArrayList<>();
        for (String arn : versionArns) refs.add(Arns.machine(arn));
        if (refs.stream().anyMatch(r -> !(r instanceof Arns.Version))) {
            throw invalidRouting("Routing configuration must contain state machine version ARNs. "
                    + "Received: " + versionArns);
        }
        if (versionArns.stream().distinct().count() != versionArns.size()) {
            throw invalidRouting("Routing configuration must contain distinct state machine version "
                    + "ARNs. Received: " + versionArns);
        }
        if (refs.stream().map(Arns.MachineRef::machineArn).distinct().count() != 1) {
            throw invalidRouting("Routing configuration must contain state machine version ARNs of the "
                    + "same state machine. Received: " + versionArns);
        }
        if (routing.stream().mapToInt(Machine.Route::weight).sum() != 100) {
            throw invalidRouting("Sum of routing configuration weights must equal 100. Received: "
                    + routing.stream().map(Machine.Route::weight).toList());
        }
        for (Arns.MachineRef r : refs) {
            var v = (Arns.Version) r;
            if (store.version(v.machineArn(), v.version()).isEmpty()) {
                throw resourceNotFound(store.machine(v.machineArn()).map(x -> x.arn() + ":" + v.version())
                        .orElse(v.machineArn()));
            }
        }
        return refs.getFirst().machineArn();
    }

    public Machine.Alias describeAlias(String aliasArn) {
        if (!(Arns.machine(aliasArn) instanceof Arns.Alias a)) throw aliasNotFound();
        return store.alias(a.machineArn(), a.alias()).orElseThrow(StateMachines::aliasNotFound);
    }

    static StepFunctionsError aliasNotFound() {
        return StepFunctionsError.of("ResourceNotFound", "Request references a resource that does not exist.");
    }

    public Instant updateAlias(String aliasArn, Optional<String> description, Optional<List<Machine.Route>> routing) {
        if (description.isEmpty() && routing.isEmpty()) {
            throw StepFunctionsError.validation("Either the description or the RoutingConfiguration must be specified")
                    .with("reason", "MISSING_REQUIRED_PARAMETER");
        }
        Machine.Alias a = describeAlias(aliasArn);
        if (routing.isPresent() && !checkRouting(routing.get()).equals(a.machineArn())) {
            throw invalidRouting("Routing configuration must contain state machine version ARNs of the "
                    + "alias's state machine. Received: " + routing.get().stream().map(Machine.Route::versionArn).toList());
        }
        Instant now = now();
        store.update(new Machine.Alias(a.arn(), a.machineArn(), a.name(), description.or(a::description),
                routing.map(List::copyOf).orElse(a.routing()), a.creationDate(), now));
        return now;
    }

    public void deleteAlias(String aliasArn) {
        if (!(Arns.machine(aliasArn) instanceof Arns.Alias a)) throw aliasNotFound();
        store.deleteAlias(a.machineArn(), a.alias());
    }

    /** Aliases of a machine, or those routing to a version when given a version ARN. */
    public List<Machine.Alias> aliases(String arn) {
        return switch (Arns.machine(arn)) {
            case Arns.Machine m -> {
                store.machine(m.machineArn()).orElseThrow(() -> doesNotExist(arn));
                yield store.aliases(m.machineArn());
            }
            case Arns.Version v -> {
                store.version(v.machineArn(), v.version()).orElseThrow(() -> resourceNotFound(arn));
                yield store.aliases(v.machineArn()).stream()
                        .filter(a -> a.routing().stream().anyMatch(r -> r.versionArn().equals(arn))).toList();
            }
            case Arns.Alias a -> throw StepFunctionsError.invalidArn(arn);
        };
    }

    /** One page of aliases, in creation order. */
    public Page<Machine.Alias> aliases(String arn, Optional<Integer> maxResults, Optional<String> nextToken) {
        int size = Names.pageSize(maxResults, 1000);
        int from = (int) Math.min(Integer.MAX_VALUE, Names.positionNumber(nextToken, 0));
        List<Machine.Alias> all = aliases(arn);
        List<Machine.Alias> page = all.stream().skip(from).limit(size).toList();
        return new Page<>(page, from + size < all.size() ? Optional.of(Names.token(Integer.toString(from + size)))
                : Optional.empty());
    }

    // ---- tags

    public Map<String, String> tags(String resourceArn) {
        checkTaggable(resourceArn);
        return store.tags(resourceArn);
    }

    public void tag(String resourceArn, Map<String, String> tags) {
        checkTaggable(resourceArn);
        Map<String, String> all = new LinkedHashMap<>(store.tags(resourceArn));
        all.putAll(tags);
        checkTagCount(resourceArn, all.size());
        store.tag(resourceArn, tags);
    }

    private static void checkTagCount(String resourceArn, int count) {
        if (count > 50) {
            throw StepFunctionsError.of("TooManyTags", "Too many tags: a resource may have at most 50 tags, this one "
                    + "would have " + count).with("resourceName", resourceArn);
        }
    }

    private static StepFunctionsError resourceNotFound(String arn) {
        return StepFunctionsError.of("ResourceNotFound", "Resource not found: '" + arn + "'").with("resourceName", arn);
    }

    private static StepFunctionsError invalidRouting(String message) {
        return StepFunctionsError.validation(message).with("reason", "INVALID_ROUTING_CONFIGURATION");
    }

    public void untag(String resourceArn, List<String> keys) {
        checkTaggable(resourceArn);
        store.untag(resourceArn, keys);
    }

    private void checkTaggable(String arn) {
        if (arn == null || !arn.startsWith("arn:")) throw StepFunctionsError.invalidArn(arn);
        boolean exists = arn.contains(":stateMachine:") && Arns.machine(arn) instanceof Arns.Machine m
                && store.machine(m.machineArn()).isPresent();
        if (!exists) throw resourceNotFound(arn);
    }

    // ---- what StartExecution runs

    /** What an ARN resolves to for a new execution: the machine, and the version (and alias) chosen. */
    record Target(Machine machine, String definition, String roleArn, Optional<String> versionArn,
                  Optional<String> aliasArn) {}

    Target target(String arn) {
        return switch (Arns.machine(arn)) {
            case Arns.Machine m -> {
                Machine x = store.machine(m.machineArn()).orElseThrow(() -> doesNotExist(arn));
                yield new Target(x, x.definition(), x.roleArn(), Optional.empty(), Optional.empty());
            }
            case Arns.Version v -> {
                Machine x = store.version(v.machineArn(), v.version()).orElseThrow(() -> doesNotExist(arn));
                yield new Target(x, x.definition(), x.roleArn(), Optional.of(x.arn()), Optional.empty());
            }
            case Arns.Alias a -> {
                Machine.Alias alias = store.alias(a.machineArn(), a.alias()).orElseThrow(() -> doesNotExist(arn));
                String versionArn = pick(alias.routing());
                var v = (Arns.Version) Arns.machine(versionArn);
                Machine x = store.version(v.machineArn(), v.version()).orElseThrow(() -> doesNotExist(versionArn));
                yield new Target(x, x.definition(), x.roleArn(), Optional.of(versionArn), Optional.of(alias.arn()));
            }
        };
    }

    /** Weighted routing: each version gets its share of the executions started through the alias. */
    private String pick(List<Machine.Route> routes) {
        int roll = random.nextInt(100);
        for (Machine.Route r : routes) {
            if (roll < r.weight()) return r.versionArn();
            roll -= r.weight();
        }
        return routes.getLast().versionArn();
    }

    Optional<Machine> findVersion(String versionArn) {
        return Arns.machine(versionArn) instanceof Arns.Version v ? store.version(v.machineArn(), v.version())
                : Optional.empty();
    }

    Optional<Machine> find(String machineArn) {
        return store.machine(Objects.requireNonNull(machineArn));
    }
}
