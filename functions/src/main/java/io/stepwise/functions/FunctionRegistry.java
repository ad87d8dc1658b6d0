package io.stepwise.functions;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Functions, versions, aliases and concurrency as the Lambda API manages them: every rule and error of the control
 * plane lives here, so the HTTP edge only maps shapes. Versions and aliases are resolved to a {@link FunctionSpec}
 * for the runtime by {@link #target}.
 */
public final class FunctionRegistry {
    public static final String ACCOUNT = "123456789012";
    private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}");

    /** What an invocation runs: the resolved version and the ARN the function is told it was invoked by. */
    public record Target(FunctionVersion version, String invokedArn) {}

    private final FunctionStore store;
    private final AliasStore aliases;
    private final TagStore tags;
    private final PackageStore packages;
    private final InstantSource clock;
    private final String region;
    private final RandomGenerator random;
    private final java.util.function.Consumer<String> onChange;
    private final LayerStore layerStore;
    private final LayerRegistry layers;

    FunctionRegistry(FunctionStore store, AliasStore aliases, TagStore tags, PackageStore packages, InstantSource clock, String region,
                     RandomGenerator random, java.util.function.Consumer<String> onChange, LayerStore layerStore) {
        this.store = store;
        this.aliases = aliases;
        this.tags = tags;
        this.packages = packages;
        this.clock = clock;
        this.region = region;
        this.random = random;
        this.onChange = onChange;
        this.layerStore = layerStore;
        this.layers = new LayerRegistry(layerStore, packages, clock, region, this::gc, this);
    }

    /** Layers (PublishLayerVersion ...), and the rules for a function's {@code Layers}. */
    public LayerRegistry layers() {
        return layers;
    }

    public String arn(String name) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + name;
    }

    public String arn(String name, String qualifier) {
        return arn(name) + ":" + qualifier;
    }

    public FunctionVersion create(String name, FunctionConfig config, byte[] zip, boolean publish) {
        return create(name, config, zip, publish, Map.of());
    }

    public synchronized FunctionVersion create(String name, FunctionConfig config, byte[] zip, boolean publish,
                                               Map<String, String> tags) {
        ConfigRules.name(name);
        ConfigRules.check(config);
        ConfigRules.tags(tags);
        if (store.latest(name).isPresent()) throw conflictExists(name);
        PackageStore.Code code = packages.put(zip);
        checkUnzipped(code, config.layers());
        var latest = new FunctionVersion(name, FunctionVersion.LATEST, config, code, revision(), now(), OptionalInt.empty());
        if (!store.insert(latest)) throw conflictExists(name);
        if (!tags.isEmpty()) this.tags.tag(name, tags);
        return publish ? store.publish(name, revision(), now(), Optional.empty()) : latest;
    }

    public synchronized FunctionVersion updateCode(String nameOrArn, byte[] zip, boolean publish, Optional<String> revisionId) {
        FunctionVersion latest = latest(nameOrArn);
        checkRevision(latest.revisionId(), revisionId);
        PackageStore.Code code = packages.put(zip);
        checkUnzipped(code, latest.config().layers());
        var updated = new FunctionVersion(latest.functionName(), FunctionVersion.LATEST, latest.config(), code, revision(),
                now(), latest.reservedConcurrency());
        store.updateLatest(updated);
        onChange.accept(latest.functionName());
        gc();
        return publish ? store.publish(latest.functionName(), revision(), now(), Optional.empty()) : updated;
    }

    public FunctionVersion updateConfig(String nameOrArn, FunctionConfig.Changes changes, Optional<String> revisionId) {
        FunctionVersion latest = latest(nameOrArn);
        checkRevision(latest.revisionId(), revisionId);
        FunctionConfig config = latest.config().with(changes);
        ConfigRules.check(config);
        if (changes.layers().isPresent()) checkUnzipped(latest.code(), config.layers());
        var updated = new FunctionVersion(latest.functionName(), FunctionVersion.LATEST, config, latest.code(), revision(),
                now(), latest.reservedConcurrency());
        store.updateLatest(updated);
        onChange.accept(latest.functionName());
        return updated;
    }

    /** The configuration of $LATEST, a version, or the (primary) version an alias points to. */
    public FunctionVersion get(FunctionRef ref) {
        return ref.qualifier().map(q -> resolve(ref.name(), q, false, false)).orElseGet(() -> latest(ref.name()));
    }

    public List<FunctionVersion> list(Optional<String> marker, int maxItems) {
        return store.list(marker, maxItems);
    }

    public synchronized void delete(FunctionRef ref) {
        FunctionVersion latest = latest(ref.name());
        Optional<String> q = ref.qualifier();
        if (q.isEmpty()) {
            store.delete(latest.functionName());
        } else if (q.get().equals(FunctionVersion.LATEST)) {
            throw LambdaError.invalidParameter("$LATEST version cannot be deleted without deleting the function.");
        } else if (!q.get().matches("[0-9]+")) {
            throw LambdaError.invalidParameter("Deletion of aliases is not supported.");
        } else {
            List<String> using = aliases.aliases(ref.name()).stream()
                    .filter(a -> a.functionVersion().equals(q.get()) || a.weights().containsKey(q.get())).map(Alias::name).toList();
            if (!using.isEmpty()) {
                throw LambdaError.conflict("Unable to delete version because the following aliases reference it: " + using);
            }
            if (!store.deleteVersion(ref.name(), q.get())) throw notFound(ref.name(), q.get());
        }
        onChange.accept(latest.functionName());
        gc();
    }

    public FunctionVersion publish(String nameOrArn, Optional<String> codeSha256, Optional<String> description,
                                   Optional<String> revisionId) {
        FunctionVersion latest = latest(nameOrArn);
        checkRevision(latest.revisionId(), revisionId);
        if (codeSha256.isPresent() && !codeSha256.get().equals(latest.code().sha256Base64())) {
            throw LambdaError.invalidParameter("CodeSHA256 (" + codeSha256.get() + ") is different from current CodeSHA256 in "
                    + "$LATEST (" + latest.code().sha256Base64() + "). Please try again with the CodeSHA256 in $LATEST.");
        }
        return store.publish(latest.functionName(), revision(), now(), description);
    }

    /** $LATEST first, then the published versions in order. */
    public List<FunctionVersion> versions(String nameOrArn) {
        FunctionVersion latest = latest(nameOrArn);
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(latest), store.versions(latest.functionName()).stream()).toList();
    }

    // --- aliases

    public Alias createAlias(String nameOrArn, String alias, String version, String description, Map<String, Double> weights) {
        FunctionVersion latest = latest(nameOrArn);
        aliasName(alias);
        Alias a = new Alias(latest.functionName(), alias, version, Objects.requireNonNullElse(description, ""), weights, revision());
        checkAliasTargets(a);
        if (!aliases.insertAlias(a)) {
            throw LambdaError.conflict("Alias already exists: " + arn(latest.functionName(), alias));
        }
        return a;
    }

    public Alias alias(String nameOrArn, String alias) {
        FunctionVersion latest = latest(nameOrArn);
        return aliases.alias(latest.functionName(), alias).orElseThrow(() -> LambdaError.notFound(
                "Alias not found: " + arn(latest.functionName(), alias)));
    }

    public Alias updateAlias(String nameOrArn, String alias, Optional<String> version, Optional<String> description,
                             Optional<Map<String, Double>> weights, Optional<String> revisionId) {
        Alias old = alias(nameOrArn, alias);
        checkRevision(old.revisionId(), revisionId);
        Alias a = new Alias(old.functionName(), alias, version.orElse(old.functionVersion()),
                description.orElse(old.description()), weights.orElse(old.weights()), revision());
        checkAliasTargets(a);
        aliases.updateAlias(a);
        return a;
    }

    public void deleteAlias(String nameOrArn, String alias) {
        FunctionVersion latest = latest(nameOrArn);
        aliases.deleteAlias(latest.functionName(), alias); // AWS answers 204 for an alias that does not exist
    }

    public List<Alias> aliases(String nameOrArn, Optional<String> version) {
        FunctionVersion latest = latest(nameOrArn);
        return aliases.aliases(latest.functionName()).stream()
                .filter(a -> version.isEmpty() || a.functionVersion().equals(version.get())).toList();
    }

    // --- tags (on the function only: AWS refuses them on versions and aliases)

    public Map<String, String> tags(String resourceArn) {
        return tags.tags(taggable(resourceArn).functionName());
    }

    public void tag(String resourceArn, Map<String, String> add) {
        FunctionVersion f = taggable(resourceArn);
        ConfigRules.tags(add);
        Map<String, String> all = new java.util.HashMap<>(tags.tags(f.functionName()));
        all.putAll(add);
        ConfigRules.tags(all);
        tags.tag(f.functionName(), add);
    }

    public void untag(String resourceArn, List<String> keys) {
        tags.untag(taggable(resourceArn).functionName(), keys);
    }

    private FunctionVersion taggable(String resourceArn) {
        if (resourceArn == null || !resourceArn.startsWith("arn:")) {
            throw LambdaError.validation("Value '" + resourceArn + "' at 'resource' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:...:function:NAME");
        }
        FunctionRef ref = FunctionRef.parse(resourceArn);
        if (ref.qualifier().isPresent()) throw LambdaError.invalidParameter("Tags are not supported on function versions or aliases.");
        return latest(ref.name());
    }

    // --- concurrency

    public int putConcurrency(String nameOrArn, int reserved) {
        FunctionVersion latest = latest(nameOrArn);
        if (reserved < 0) {
            throw LambdaError.validation("Value '" + reserved + "' at 'reservedConcurrentExecutions' failed to satisfy "
                    + "constraint: Member must have value greater than or equal to 0");
        }
        store.reservedConcurrency(latest.functionName(), OptionalInt.of(reserved));
        return reserved;
    }

    public void deleteConcurrency(String nameOrArn) {
        store.reservedConcurrency(latest(nameOrArn).functionName(), OptionalInt.empty());
    }

    public OptionalInt concurrency(String nameOrArn) {
        return latest(nameOrArn).reservedConcurrency();
    }

    // --- invocation

    /** Resolves the version an invocation runs (an alias with weights picks one at random, as Lambda does). */
    public Target target(FunctionRef ref) {
        FunctionVersion v = ref.qualifier().map(q -> resolve(ref.name(), q, false, true)).orElseGet(() -> latest(ref.name()));
        String invoked = ref.qualifier().map(q -> arn(ref.name(), q)).orElse(arn(ref.name()));
        return new Target(v, invoked);
    }

    public FunctionSpec spec(Target t) {
        FunctionVersion v = t.version();
        FunctionConfig c = v.config();
        return new FunctionSpec(v.functionName(), t.invokedArn(), v.version(), c.runtime(),
                Objects.requireNonNullElse(c.handler(), ""), c.memoryMb(), c.timeoutSeconds(), c.ephemeralStorageMb(),
                c.environment(), packages.codeDir(v.code().sha256Hex()), v.revisionId(), v.reservedConcurrency(),
                c.vpc().outbound(), layersDir(c.layers()));
    }

    /** The merged tree of these layers, made on first use (under the lock, so that no collection removes it half-made). */
    private java.util.Optional<java.nio.file.Path> layersDir(List<FunctionConfig.Layer> layers) {
        List<String> shas = layers.stream().map(FunctionConfig.Layer::sha256Hex).toList();
        if (shas.isEmpty()) return java.util.Optional.empty();
        java.nio.file.Path made = packages.codeDir(PackageStore.layersKey(shas));
        if (java.nio.file.Files.isDirectory(made)) return java.util.Optional.of(made);
        synchronized (this) {
            return packages.layersDir(shas);
        }
    }

    public PackageStore packages() {
        return packages;
    }

    // --- rules

    private FunctionVersion latest(String nameOrArn) {
        FunctionRef ref = FunctionRef.parse(nameOrArn);
        return store.latest(ref.name()).orElseThrow(() -> LambdaError.notFound("Function not found: " + arn(ref.name())));
    }

    private FunctionVersion resolve(String name, String qualifier, boolean viaAlias, boolean weighted) {
        if (qualifier.equals(FunctionVersion.LATEST)) return latest(name);
        FunctionVersion latest = latest(name);
        if (qualifier.matches("[0-9]+")) {
            return store.versions(name).stream().filter(v -> v.version().equals(qualifier)).findFirst()
                    .orElseThrow(() -> notFound(name, qualifier));
        }
        if (viaAlias) throw notFound(name, qualifier);
        Alias a = aliases.alias(latest.functionName(), qualifier).orElseThrow(() -> notFound(name, qualifier));
        String version = a.functionVersion();
        for (var w : a.weights().entrySet()) {
            if (weighted && random.nextDouble() < w.getValue()) version = w.getKey();
        }
        return resolve(name, version, true, false);
    }

    private void checkAliasTargets(Alias a) {
        String v = a.functionVersion();
        if (v == null || !v.matches("\\$LATEST|[0-9]+")) {
            throw LambdaError.validation("Value '" + v + "' at 'functionVersion' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: (\\$LATEST|[0-9]+)");
        }
        resolve(a.functionName(), v, true, false);
        if (a.weights().size() > 1) throw LambdaError.invalidParameter("Only one additional version can be specified in RoutingConfig.");
        for (var w : a.weights().entrySet()) {
            if (v.equals(FunctionVersion.LATEST)) throw LambdaError.invalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
            if (w.getKey().equals(v)) throw LambdaError.invalidParameter("Alias can't point to the same version twice.");
            if (w.getValue() < 0 || w.getValue() > 1) {
                throw LambdaError.validation("Value at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: "
                        + "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must "
                        + "have value greater than or equal to 0.0]");
            }
            if (!w.getKey().matches("[0-9]+")) throw LambdaError.invalidParameter("Additional version must be a published version number.");
            resolve(a.functionName(), w.getKey(), true, false);
        }
    }

    private static void aliasName(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw LambdaError.validation("Value '" + alias + "' at 'name' failed to satisfy constraint: Member must satisfy "
                    + "regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
    }

    private static void checkRevision(String current, Optional<String> expected) {
        if (expected.isPresent() && !expected.get().equals(current)) {
            throw new LambdaError("PreconditionFailedException", 412, "The Revision Id provided does not match the latest "
                    + "Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private LambdaError notFound(String name, String qualifier) {
        return LambdaError.notFound("Function not found: " + arn(name, qualifier));
    }

    private LambdaError conflictExists(String name) {
        return LambdaError.conflict("Function already exist: " + name);
    }

    /**
     * Lambda's 250 MB quota holds for the function's code and all its layers unzipped together (each package alone was
     * held to it when it was unpacked).
     */
    private void checkUnzipped(PackageStore.Code code, List<FunctionConfig.Layer> layers) {
        if (layers.isEmpty()) return;
        long total = packages.unzippedSize(code.sha256Hex());
        for (FunctionConfig.Layer l : layers) total += packages.unzippedSize(l.sha256Hex());
        if (total > PackageStore.MAX_UNZIPPED) {
            throw LambdaError.invalidParameter("Function code combined with layers exceeds the maximum allowed size of "
                    + PackageStore.MAX_UNZIPPED + " bytes. The actual size is " + total + " bytes.");
        }
    }

    private synchronized void gc() {
        List<String> keep = new java.util.ArrayList<>(store.referencedCode());
        keep.addAll(layerStore.referencedCode());
        packages.retainOnly(keep);
    }

    private Instant now() {
        return clock.instant();
    }

    private static String revision() {
        return UUID.randomUUID().toString();
    }
}
