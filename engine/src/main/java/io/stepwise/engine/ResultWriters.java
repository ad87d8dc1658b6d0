package io.stepwise.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.asl.StatesError;
import io.stepwise.engine.MapRunResults.OutputType;
import io.stepwise.engine.MapRunResults.Transformation;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A distributed Map's ResultWriter, given its evaluated definition and the Map Run's children in item order. It
 * follows the "ResultWriter (Map)" page of the Step Functions developer guide:
 * <ul>
 *   <li>with Resource {@code arn:aws:states:::s3:putObject} and Parameters (or Arguments) Bucket and Prefix, it
 *       writes under {@code <Prefix>/<Map Run id>/} the children grouped by status, in item order:
 *       {@code SUCCEEDED_<n>.json}, {@code FAILED_<n>.json} (FAILED, TIMED_OUT and ABORTED) and
 *       {@code PENDING_<n>.json} (never started; RUNNING ones too), then {@code manifest.json}
 *       ({@code {"DestinationBucket","MapRunArn","ResultFiles":{"FAILED":[{"Key","Size"}],"PENDING":[],"SUCCEEDED":[]}}}),
 *       and returns the Map state's result {@code {"MapRunArn","ResultWriterDetails":{"Bucket","Key"}}};</li>
 *   <li>WriterConfig's OutputType (JSON array, or JSONL) shapes the files, its Transformation (NONE, the default
 *       when exporting; COMPACT; FLATTEN) their entries ({@link MapRunResults#transform});</li>
 *   <li>with WriterConfig alone nothing is written: the result is the transformed array (COMPACT by default).</li>
 * </ul>
 * A refused write is {@code States.ResultWriterFailed} with S3's message and code (AWS's own causes are not
 * published). Departures: a result file is built in memory, so files split at 2 GiB rather than AWS's 5 GB; a failed
 * child's RedriveStatus is REDRIVABLE, as DescribeExecution reports a failed STANDARD execution (its RedriveCount is
 * written as 0 even for a child redriven with its Map Run); the manifest and the record of a PENDING child follow published examples (the guide's,
 * and results files users have shown), not a specification; JSONL files are named {@code .json} too.
 */
public final class ResultWriters {
    static final String FAILED = "States.ResultWriterFailed";
    static final String PUT_OBJECT = "arn:aws:states:::s3:putObject";
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final Set<String> STATUSES = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING", "PENDING");

    private ResultWriters() {}

    /** A child execution of the Map Run; {@code input} and {@code output} are JSON texts. */
    public record ChildResult(String executionArn, String name, String stateMachineArn, String input,
                              Optional<String> output, String status, Optional<String> error, Optional<String> cause,
                              Instant startDate, Optional<Instant> stopDate) {
        public ChildResult {
            Objects.requireNonNull(input);
            if (!STATUSES.contains(status)) throw new IllegalArgumentException("not a child's status: " + status);
        }
    }

    /** What the ResultWriter asks for: where to write (none: the state's output only), and how. */
    private record Spec(Optional<String> bucket, String prefix, Transformation transformation, OutputType outputType) {}

    /** Writes the results as {@code resultWriter} says; the Map state's result. */
    public static JsonNode write(Buckets buckets, JsonNode resultWriter, String mapRunArn, List<ChildResult> children)
            throws StatesError {
        return write(buckets, resultWriter, mapRunArn, children, MAX_FILE_BYTES);
    }

    static JsonNode write(Buckets buckets, JsonNode resultWriter, String mapRunArn, List<ChildResult> children,
                          long maxFileBytes) throws StatesError {
        Spec spec = spec(resultWriter);
        if (spec.bucket().isEmpty()) return array(MapRunResults.transform(spec.transformation(), children));
        String bucket = spec.bucket().get();
        String dir = spec.prefix() + mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1) + "/";
        ObjectNode manifest = Json.MAPPER.createObjectNode().put("DestinationBucket", bucket).put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        for (String group : List.of("FAILED", "PENDING", "SUCCEEDED")) {
            List<ChildResult> members = children.stream().filter(c -> group(c.status()).equals(group)).toList();
            List<byte[]> contents = MapRunResults.files(MapRunResults.transform(spec.transformation(), members),
                    spec.outputType(), maxFileBytes);
            ArrayNode listed = files.putArray(group);
            for (int n = 0; n < contents.size(); n++) {
                String key = dir + group + "_" + n + ".json";
                put(buckets, bucket, key, contents.get(n));
                listed.addObject().put("Key", key).put("Size", contents.get(n).length);
            }
        }
        String key = dir + "manifest.json";
        put(buckets, bucket, key, Json.text(manifest).getBytes(UTF_8));
        ObjectNode result = Json.MAPPER.createObjectNode().put("MapRunArn", mapRunArn);
        result.putObject("ResultWriterDetails").put("Bucket", bucket).put("Key", key);
        return result;
    }

    /** The Map state's result without a ResultWriter: every child's output (COMPACT). */
    public static JsonNode results(List<ChildResult> children) {
        return array(MapRunResults.transform(Transformation.COMPACT, children));
    }

    private static String group(String status) {
        return switch (status) {
            case "SUCCEEDED" -> "SUCCEEDED";
            case "RUNNING", "PENDING" -> "PENDING";
            default -> "FAILED";   // FAILED, TIMED_OUT, ABORTED
        };
    }

    private static Spec spec(JsonNode writer) throws StatesError {
        JsonNode config = writer.path("WriterConfig");
        JsonNode args = writer.has("Arguments") ? writer.get("Arguments") : writer.get("Parameters");
        JsonNode resource = writer.get("Resource");
        if (resource == null && args == null && config.isMissingNode()) {
            throw failed("The ResultWriter field cannot be empty: give WriterConfig, or Resource and Parameters");
        }
        Optional<String> bucket = Optional.empty();
        String prefix = "";
        if (resource != null || args != null) {
            if (resource == null || !resource.asText().equals(PUT_OBJECT)) {
                throw failed("The ResultWriter's Resource must be " + PUT_OBJECT + ", not "
                        + (resource == null ? "missing" : resource.toString()));
            }
            if (args == null || !args.path("Bucket").isTextual()) {
                throw failed("The ResultWriter's Parameters must give the Bucket as a string");
            }
            bucket = Optional.of(args.get("Bucket").textValue());
            prefix = args.path("Prefix").asText("");
            if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
        }
        Transformation transformation = option(config, "Transformation", Transformation.class,
                bucket.isPresent() ? Transformation.NONE : Transformation.COMPACT);
        return new Spec(bucket, prefix, transformation, option(config, "OutputType", OutputType.class, OutputType.JSON));
    }

    private static <E extends Enum<E>> E option(JsonNode config, String field, Class<E> type, E fallback)
            throws StatesError {
        JsonNode v = config.get(field);
        if (v == null) return fallback;
        for (E e : type.getEnumConstants()) {
            if (v.isTextual() && e.name().equals(v.textValue())) return e;
        }
        throw failed("WriterConfig " + field + " must be one of "
                + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + ", not " + v);
    }

    private static void put(Buckets buckets, String bucket, String key, byte[] content) throws StatesError {
        try {
            buckets.put(bucket, key, content, "application/json");
        } catch (Buckets.BucketError e) {
            throw failed(ItemReaders.s3Cause(e));
        }
    }

    private static ArrayNode array(List<JsonNode> entries) {
        return Json.MAPPER.createArrayNode().addAll(entries);
    }

    private static StatesError failed(String cause) {
        return new StatesError(FAILED, cause);
    }
}
