package io.stepwise.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.functions.Alias;
import io.stepwise.functions.EventInvokeConfig;
import io.stepwise.functions.FunctionConfig;
import io.stepwise.functions.FunctionRegistry;
import io.stepwise.functions.FunctionVersion;
import io.stepwise.functions.LayerRegistry;
import io.stepwise.functions.LayerVersion;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The response shapes of the Lambda API model ({@code FunctionConfiguration}, {@code AliasConfiguration},
 * {@code FunctionEventInvokeConfig}).
 */
final class Shapes {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Lambda's own timestamp format: {@code 2024-05-01T12:00:00.000+0000}. */
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
            .withZone(ZoneOffset.UTC);

    private Shapes() {}

    /** {@code FunctionConfiguration}; $LATEST shows the unqualified ARN, as GetFunction does on AWS. */
    static ObjectNode configuration(FunctionRegistry registry, FunctionVersion v) {
        FunctionConfig c = v.config();
        ObjectNode o = JSON.createObjectNode();
        o.put("FunctionName", v.functionName());
        o.put("FunctionArn", v.latest() ? registry.arn(v.functionName()) : registry.arn(v.functionName(), v.version()));
        o.put("Runtime", c.runtime());
        o.put("Role", c.role());
        if (c.handler() != null) o.put("Handler", c.handler());
        o.put("CodeSize", v.code().size());
        o.put("Description", c.description() == null ? "" : c.description());
        o.put("Timeout", c.timeoutSeconds());
        o.put("MemorySize", c.memoryMb());
        o.put("LastModified", LAST_MODIFIED.format(v.lastModified()));
        o.put("CodeSha256", v.code().sha256Base64());
        o.put("Version", v.version());
        if (!c.environment().isEmpty()) {
            ObjectNode vars = o.putObject("Environment").putObject("Variables");
            c.environment().forEach(vars::put);
        }
        o.putObject("TracingConfig").put("Mode", "PassThrough");
        o.put("RevisionId", v.revisionId());
        o.put("State", "Active");
        o.put("LastUpdateStatus", "Successful");
        o.put("PackageType", "Zip");
        ArrayNode arch = o.putArray("Architectures");
        c.architectures().forEach(arch::add);
        o.putObject("EphemeralStorage").put("Size", c.ephemeralStorageMb());
        if (!c.layers().isEmpty()) {
            ArrayNode layers = o.putArray("Layers");
            c.layers().forEach(l -> layers.addObject().put("Arn", l.arn()).put("CodeSize", l.codeSize()));
        }
        if (!c.vpc().subnetIds().isEmpty()) {
            ObjectNode vpc = o.putObject("VpcConfig");
            ArrayNode subnets = vpc.putArray("SubnetIds"), groups = vpc.putArray("SecurityGroupIds");
            c.vpc().subnetIds().forEach(subnets::add);
            c.vpc().securityGroupIds().forEach(groups::add);
            vpc.put("VpcId", "vpc-stepwise").put("Ipv6AllowedForDualStack", false);
        }
        o.putObject("SnapStart").put("ApplyOn", "None").put("OptimizationStatus", "Off");
        o.putObject("LoggingConfig").put("LogFormat", "Text").put("LogGroup", "/aws/lambda/" + v.functionName());
        return o;
    }

    /**
     * {@code FunctionEventInvokeConfig}: {@code LastModified} is a timestamp in epoch seconds (the REST-JSON default),
     * a number with milliseconds; settings not given are absent; both sides of {@code DestinationConfig} are always there.
     */
    static ObjectNode eventInvokeConfig(FunctionRegistry registry, EventInvokeConfig c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("LastModified", BigDecimal.valueOf(c.lastModified().toEpochMilli()).movePointLeft(3));
        o.put("FunctionArn", registry.arn(c.functionName(), c.qualifier()));
        c.maximumRetryAttempts().ifPresent(n -> o.put("MaximumRetryAttempts", n));
        c.maximumEventAgeInSeconds().ifPresent(n -> o.put("MaximumEventAgeInSeconds", n));
        ObjectNode d = o.putObject("DestinationConfig");
        ObjectNode success = d.putObject("OnSuccess");
        c.onSuccess().ifPresent(x -> success.put("Destination", x.arn()));
        ObjectNode failure = d.putObject("OnFailure");
        c.onFailure().ifPresent(x -> failure.put("Destination", x.arn()));
        return o;
    }

    /** {@code GetLayerVersionResponse} (PublishLayerVersion answers the same); {@code content} adds {@code Content}. */
    static ObjectNode layerVersion(LayerRegistry layers, LayerVersion v, String location) {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("Content").put("Location", location).put("CodeSha256", v.code().sha256Base64())
                .put("CodeSize", v.code().size());
        o.put("LayerArn", layers.arn(v.layerName()));
        return layerVersionItem(layers, v, o);
    }

    /** {@code LayerVersionsListItem}: a version without its content. */
    static ObjectNode layerVersionItem(LayerRegistry layers, LayerVersion v, ObjectNode o) {
        o.put("LayerVersionArn", layers.arn(v.layerName(), v.version()));
        o.put("Version", v.version());
        o.put("Description", v.description());
        o.put("CreatedDate", LAST_MODIFIED.format(v.createdDate()));
        ArrayNode runtimes = o.putArray("CompatibleRuntimes");
        v.compatibleRuntimes().forEach(runtimes::add);
        v.licenseInfo().ifPresent(l -> o.put("LicenseInfo", l));
        ArrayNode arch = o.putArray("CompatibleArchitectures");
        v.compatibleArchitectures().forEach(arch::add);
        return o;
    }

    static ObjectNode alias(FunctionRegistry registry, Alias a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("AliasArn", registry.arn(a.functionName(), a.name()));
        o.put("Name", a.name());
        o.put("FunctionVersion", a.functionVersion());
        o.put("Description", a.description());
        if (!a.weights().isEmpty()) {
            ObjectNode w = o.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            a.weights().forEach(w::put);
        }
        o.put("RevisionId", a.revisionId());
        return o;
    }
}
