package io.stepwise.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda layers as the API manages them (PublishLayerVersion, Get/List/Delete, the version's permissions), and the
 * rules for a function's {@code Layers}. Permissions are stored and shown only: every caller of this server is its one
 * account, so a policy grants nothing more.
 */
public final class LayerRegistry {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-_]{1,140}");
    private static final Pattern NAME_OR_ARN = Pattern.compile("arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:([a-zA-Z0-9-_]+)");
    private static final Pattern VERSION_ARN = Pattern.compile("arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:([a-zA-Z0-9-_]+):([0-9]+)");
    private static final Pattern STATEMENT_ID = Pattern.compile("[a-zA-Z0-9-_]{1,100}");
    private static final Pattern PRINCIPAL = Pattern.compile("\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The statement AddLayerVersionPermission added, as the JSON text AWS answers, and the version's new revision. */
    public record Permission(String statement, String revisionId) {}

    private final LayerStore store;
    private final PackageStore packages;
    private final InstantSource clock;
    private final String region;
    private final Runnable gc;
    private final Object packagesLock;   // held by the function registry while it stores or collects packages

    LayerRegistry(LayerStore store, PackageStore packages, InstantSource clock, String region, Runnable gc, Object packagesLock) {
        this.store = store;
        this.packages = packages;
        this.clock = clock;
        this.region = region;
        this.gc = gc;
        this.packagesLock = packagesLock;
    }

    public String arn(String layerName) {
        return "arn:aws:lambda:" + region + ":" + FunctionRegistry.ACCOUNT + ":layer:" + layerName;
    }

    public String arn(String layerName, long version) {
        return arn(layerName) + ":" + version;
    }

    public LayerVersion publish(String nameOrArn, String description, byte[] zip, List<String> runtimes,
                                List<String> architectures, Optional<String> licenseInfo) {
        String name = name(nameOrArn);
        if (description != null && description.length() > 256) {
            throw LambdaError.validation("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        }
        if (licenseInfo.isPresent() && licenseInfo.get().length() > 512) {
            throw LambdaError.validation("Value at 'licenseInfo' failed to satisfy constraint: Member must have length less than or equal to 512");
        }
        if (runtimes.size() > 15 || !ConfigRules.modelRuntimes().containsAll(runtimes)) {
            throw LambdaError.validation("Value '" + runtimes + "' at 'compatibleRuntimes' failed to satisfy constraint: Member "
                    + "must have length less than or equal to 15, Member must satisfy constraint: [Member must satisfy enum value set: ["
                    + String.join(", ", ConfigRules.modelRuntimes()) + "]]");
        }
        if (architectures.size() > 2 || !List.of("x86_64", "arm64").containsAll(architectures)) {
            throw LambdaError.validation("Value '" + architectures + "' at 'compatibleArchitectures' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 2, Member must satisfy constraint: [Member must satisfy enum "
                    + "value set: [x86_64, arm64]]");
        }
        synchronized (packagesLock) {   // a collection between storing the zip and its row would delete it
            PackageStore.Code code = packages.put(zip);
            return store.publish(new LayerVersion(name, 0, description == null ? "" : description, licenseInfo,
                    runtimes.stream().distinct().toList(), architectures.stream().distinct().toList(), code, clock.instant(),
                    Optional.empty(), revision()));
        }
    }

    /** GetLayerVersion. */
    public LayerVersion get(String nameOrArn, long version) {
        return store.get(name(nameOrArn), version).orElseThrow(LayerRegistry::notFound);
    }

    /** GetLayerVersionByArn. */
    public LayerVersion get(String versionArn) {
        Matcher m = versionArn == null ? null : VERSION_ARN.matcher(versionArn);
        if (m == null || !m.matches()) {
            throw LambdaError.validation("Value '" + versionArn + "' at 'arn' failed to satisfy constraint: Member must satisfy "
                    + "regular expression pattern: " + VERSION_ARN.pattern().replace("([a-zA-Z0-9-_]+)", "[a-zA-Z0-9-_]+").replace("([0-9]+)", "[0-9]+"));
        }
        return store.get(m.group(1), Long.parseLong(m.group(2))).orElseThrow(LayerRegistry::notFound);
    }

    /** ListLayerVersions: newest first; a layer without versions (or none of that name) lists nothing, as on AWS. */
    public List<LayerVersion> versions(String nameOrArn, Optional<String> runtime, Optional<String> architecture) {
        return store.versions(name(nameOrArn)).stream().filter(v -> v.matches(runtime, architecture)).toList();
    }

    /** ListLayers: each layer's newest version that matches the filters, by layer name. */
    public List<LayerVersion> latest(Optional<String> runtime, Optional<String> architecture) {
        Map<String, LayerVersion> newest = new LinkedHashMap<>();
        for (LayerVersion v : store.all()) {
            if (v.matches(runtime, architecture)) newest.putIfAbsent(v.layerName(), v);
        }
        return List.copyOf(newest.values());
    }

    /** The zipped bytes of every stored layer version (GetAccountSettings counts them with the functions' code). */
    public long codeSize() {
        return store.all().stream().mapToLong(v -> v.code().size()).sum();
    }

    /** DeleteLayerVersion: idempotent, as on AWS; functions that use the version keep their copy of it. */
    public void delete(String nameOrArn, long version) {
        if (store.delete(name(nameOrArn), version)) gc.run();
    }

    /** The {@code Layers} of CreateFunction / UpdateFunctionConfiguration resolved, in order; AWS's errors otherwise. */
    public List<FunctionConfig.Layer> resolve(List<String> versionArns) {
        if (versionArns.size() > FunctionConfig.MAX_LAYERS) {
            throw LambdaError.invalidParameter("Cannot reference more than " + FunctionConfig.MAX_LAYERS + " layers.");
        }
        List<FunctionConfig.Layer> out = new ArrayList<>();
        Map<String, String> byLayer = new LinkedHashMap<>();
        for (String arn : versionArns) {
            Matcher m = arn == null ? null : VERSION_ARN.matcher(arn);
            if (m == null || !m.matches()) {
                throw LambdaError.validation("Value '[" + String.join(", ", versionArns) + "]' at 'layers' failed to satisfy "
                        + "constraint: Member must satisfy constraint: [Member must have length less than or equal to 140, Member "
                        + "must have length greater than or equal to 1, Member must satisfy regular expression pattern: "
                        + "arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+]");
            }
            String earlier = byLayer.putIfAbsent(m.group(1), arn);
            if (earlier != null) {
                throw LambdaError.invalidParameter("Two different versions of the same layer are not allowed to be referenced "
                        + "in the same function. " + earlier + " and " + arn + " are versions of the same layer.");
            }
            LayerVersion v = store.get(m.group(1), Long.parseLong(m.group(2))).orElseThrow(() ->
                    LambdaError.invalidParameter("Layer version " + arn + " does not exist."));
            out.add(new FunctionConfig.Layer(arn(v.layerName(), v.version()), v.code().sha256Hex(), v.code().size()));
        }
        return out;
    }

    // --- permissions (AddLayerVersionPermission, RemoveLayerVersionPermission, GetLayerVersionPolicy)

    public Permission addPermission(String nameOrArn, long version, String statementId, String action, String principal,
                                    Optional<String> organizationId, Optional<String> revisionId) {
        LayerVersion v = get(nameOrArn, version);
        if (statementId == null || !STATEMENT_ID.matcher(statementId).matches()) {
            throw LambdaError.validation("Value '" + statementId + "' at 'statementId' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: ([a-zA-Z0-9-_]+)");
        }
        if (!"lambda:GetLayerVersion".equals(action)) {
            throw LambdaError.validation("Value '" + action + "' at 'action' failed to satisfy constraint: Member must satisfy "
                    + "regular expression pattern: lambda:GetLayerVersion");
        }
        if (principal == null || !PRINCIPAL.matcher(principal).matches()) {
            throw LambdaError.validation("Value '" + principal + "' at 'principal' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: \\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root");
        }
        if (organizationId.isPresent() && !ORGANIZATION.matcher(organizationId.get()).matches()) {
            throw LambdaError.validation("Value '" + organizationId.get() + "' at 'organizationId' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: o-[a-z0-9]{10,32}");
        }
        checkRevision(v, revisionId);
        ObjectNode policy = policy(v).orElseGet(() -> {
            ObjectNode p = JSON.createObjectNode().put("Version", "2012-10-17").put("Id", "default");
            p.putArray("Statement");
            return p;
        });
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        for (var s : statements) {
            if (statementId.equals(s.path("Sid").asText())) {
                throw LambdaError.conflict("The statement id (" + statementId + ") provided already exists. Please provide a new "
                        + "statement id, or remove the existing statement.");
            }
        }
        ObjectNode s = statements.addObject().put("Sid", statementId).put("Effect", "Allow");
        if (principal.equals("*")) s.put("Principal", "*");
        else s.putObject("Principal").put("AWS", principal.startsWith("arn:") ? principal : "arn:aws:iam::" + principal + ":root");
        s.put("Action", action).put("Resource", arn(v.layerName(), v.version()));
        organizationId.ifPresent(o -> s.putObject("Condition").putObject("StringEquals").put("aws:PrincipalOrgID", o));
        String revision = revision();
        if (!store.policy(v, Optional.of(policy.toString()), revision)) throw preconditionFailed();
        return new Permission(s.toString(), revision);
    }

    public void removePermission(String nameOrArn, long version, String statementId, Optional<String> revisionId) {
        LayerVersion v = get(nameOrArn, version);
        checkRevision(v, revisionId);
        ObjectNode policy = policy(v).orElseThrow(() -> statementNotFound(statementId));
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        int at = -1;
        for (int i = 0; i < statements.size(); i++) if (statementId.equals(statements.get(i).path("Sid").asText())) at = i;
        if (at < 0) throw statementNotFound(statementId);
        statements.remove(at);
        if (!store.policy(v, statements.isEmpty() ? Optional.empty() : Optional.of(policy.toString()), revision())) {
            throw preconditionFailed();
        }
    }

    /** GetLayerVersionPolicy: the policy document as JSON text, and the version's revision. */
    public Permission policy(String nameOrArn, long version) {
        LayerVersion v = get(nameOrArn, version);
        String policy = v.policy().orElseThrow(() -> LambdaError.notFound("No policy is associated with the given resource."));
        return new Permission(policy, v.revisionId());
    }

    // --- rules

    /** The layer name of a name or a layer ARN (LayerName's pattern). */
    static String name(String nameOrArn) {
        if (nameOrArn != null) {
            if (NAME.matcher(nameOrArn).matches()) return nameOrArn;
            Matcher m = NAME_OR_ARN.matcher(nameOrArn);
            if (m.matches() && nameOrArn.length() <= 140) return m.group(1);
        }
        throw LambdaError.validation("Value '" + nameOrArn + "' at 'layerName' failed to satisfy constraint: Member must "
                + "satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+");
    }

    private static Optional<ObjectNode> policy(LayerVersion v) {
        try {
            return v.policy().isEmpty() ? Optional.empty() : Optional.of((ObjectNode) JSON.readTree(v.policy().get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkRevision(LayerVersion v, Optional<String> expected) {
        if (expected.isPresent() && !expected.get().equals(v.revisionId())) throw preconditionFailed();
    }

    private static LambdaError preconditionFailed() {
        return new LambdaError("PreconditionFailedException", 412, "The Revision Id provided does not match the latest "
                + "Revision Id. Call the GetLayerVersionPolicy API to retrieve the latest Revision Id");
    }

    private static LambdaError statementNotFound(String sid) {
        return LambdaError.notFound("Statement " + sid + " is not found in resource policy.");
    }

    private static LambdaError notFound() {
        return LambdaError.notFound("The resource you requested does not exist.");
    }

    private static String revision() {
        return UUID.randomUUID().toString();
    }
}
