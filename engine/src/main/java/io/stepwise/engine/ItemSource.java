package io.stepwise.engine;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.StatesError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a distributed Map's ItemReader reads, parsed once from its evaluated definition: the {@link Dataset} (which
 * objects, through which S3 action) and the {@link Format} that turns an object's bytes into items, after the
 * "ItemReader (Map)" page of the Step Functions developer guide. Every field is checked here, so reading never
 * meets a bad configuration; a bad one is {@code States.ItemReaderFailed}.
 */
record ItemSource(Dataset dataset, long maxItems) {
    static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    static final String LIST_OBJECTS = "arn:aws:states:::s3:listObjectsV2";
    /** AWS stops reading after 100,000,000 items; MaxItems 0 (the default) means that many. */
    static final long MAX_ITEMS = 100_000_000;

    sealed interface Dataset permits ObjectFile, Inventory, AthenaManifest, ObjectList {}

    /** s3:getObject of one file of items. */
    record ObjectFile(String bucket, String key, Format format) implements Dataset {}

    /** s3:getObject of an S3 inventory's manifest.json (InputType MANIFEST, or ManifestType S3_INVENTORY). */
    record Inventory(String bucket, String key, char delimiter) implements Dataset {}

    /** s3:getObject of an Athena UNLOAD manifest: one {@code s3://} URI a line, each a file in {@code format}. */
    record AthenaManifest(String bucket, String key, Format format) implements Dataset {}

    /** s3:listObjectsV2: each object's metadata, or with Transformation LOAD_AND_FLATTEN ({@code load}) its items. */
    record ObjectList(String bucket, String prefix, Optional<Format> load) implements Dataset {}

    sealed interface Format permits JsonFile, JsonLines, Csv, Parquet {}

    /** A JSON array (or object: its values) in the file, or at {@code itemsPointer} within it. */
    record JsonFile(Optional<JsonPointer> itemsPointer) implements Format {}

    record JsonLines() implements Format {}

    /** {@code headers} present: CSVHeaderLocation GIVEN; empty: FIRST_ROW. */
    record Csv(char delimiter, Optional<List<String>> headers) implements Format {}

    record Parquet() implements Format {}

    static ItemSource parse(JsonNode reader) throws StatesError {
        JsonNode config = reader.path("ReaderConfig");
        JsonNode args = reader.has("Arguments") ? reader.get("Arguments") : reader.path("Parameters");
        String resource = text(reader, "Resource", "ItemReader").orElse("");
        String bucket = required(args, "Bucket");
        Optional<String> inputType = text(config, "InputType", "ReaderConfig");
        Optional<String> manifestType = text(config, "ManifestType", "ReaderConfig");
        String transformation = text(config, "Transformation", "ReaderConfig").orElse("NONE");
        Dataset dataset = switch (resource) {
            case GET_OBJECT -> {
                String key = required(args, "Key");
                if (!transformation.equals("NONE")) {
                    throw ItemReaders.failed("ReaderConfig Transformation " + transformation
                            + " applies to arn:aws:states:::s3:listObjectsV2 only");
                }
                if (manifestType.isPresent()) yield manifest(bucket, key, manifestType.get(), inputType, config);
                String type = inputType.orElse("JSON");
                yield type.equals("MANIFEST") ? new Inventory(bucket, key, delimiter(config))
                        : new ObjectFile(bucket, key, format(type, config));
            }
            case LIST_OBJECTS -> new ObjectList(bucket, text(args, "Prefix", "Parameters").orElse(""),
                    switch (transformation) {
                        case "NONE" -> Optional.empty();
                        case "LOAD_AND_FLATTEN" -> Optional.of(format(inputType.orElseThrow(() -> ItemReaders.failed(
                                "ReaderConfig Transformation LOAD_AND_FLATTEN needs an InputType")), config));
                        default -> throw ItemReaders.failed("ReaderConfig Transformation must be one of NONE, "
                                + "LOAD_AND_FLATTEN, not " + transformation);
                    });
            default -> throw ItemReaders.failed("The ItemReader's Resource must be " + GET_OBJECT + " or "
                    + LIST_OBJECTS + ", not " + (resource.isEmpty() ? "missing" : resource));
        };
        return new ItemSource(dataset, maxItems(config));
    }

    private static Dataset manifest(String bucket, String key, String manifestType, Optional<String> inputType,
                                    JsonNode config) throws StatesError {
        return switch (manifestType) {
            case "S3_INVENTORY" -> {
                if (inputType.isPresent()) {
                    throw ItemReaders.failed("ReaderConfig InputType must not be given with ManifestType S3_INVENTORY");
                }
                yield new Inventory(bucket, key, delimiter(config));
            }
            case "ATHENA_DATA" -> new AthenaManifest(bucket, key, switch (inputType.orElse("")) {
                case "CSV", "JSONL", "PARQUET" -> format(inputType.get(), config);
                default -> throw ItemReaders.failed("ManifestType ATHENA_DATA needs InputType CSV, JSONL or PARQUET");
            });
            default -> throw ItemReaders.failed("ReaderConfig ManifestType must be one of ATHENA_DATA, S3_INVENTORY, not "
                    + manifestType);
        };
    }

    private static Format format(String inputType, JsonNode config) throws StatesError {
        Optional<String> pointer = text(config, "ItemsPointer", "ReaderConfig");
        if (pointer.isPresent() && !inputType.equals("JSON")) {
            throw ItemReaders.failed("ReaderConfig ItemsPointer applies to InputType JSON only");
        }
        return switch (inputType) {
            case "JSON" -> {
                try {
                    yield new JsonFile(pointer.map(JsonPointer::compile));
                } catch (IllegalArgumentException e) {
                    throw ItemReaders.failed("ReaderConfig ItemsPointer is not a JSON Pointer: " + pointer.get());
                }
            }
            case "JSONL" -> new JsonLines();
            case "CSV" -> csv(config);
            case "PARQUET" -> new Parquet();
            case "MANIFEST" -> throw ItemReaders.failed("ReaderConfig InputType MANIFEST is read through " + GET_OBJECT
                    + " alone, without ManifestType");
            default -> throw ItemReaders.failed("ReaderConfig InputType must be one of CSV, JSON, JSONL, PARQUET, "
                    + "MANIFEST, not " + inputType);
        };
    }

    private static Csv csv(JsonNode config) throws StatesError {
        char delimiter = delimiter(config);
        JsonNode given = config.get("CSVHeaders");
        return switch (text(config, "CSVHeaderLocation", "ReaderConfig").orElse("FIRST_ROW")) {
            case "FIRST_ROW" -> {
                if (given != null) throw ItemReaders.failed("ReaderConfig CSVHeaders needs CSVHeaderLocation GIVEN");
                yield new Csv(delimiter, Optional.empty());
            }
            case "GIVEN" -> {
                if (given == null || !given.isArray() || given.isEmpty()) {
                    throw ItemReaders.failed("ReaderConfig CSVHeaderLocation GIVEN needs CSVHeaders, a non-empty "
                            + "array of strings");
                }
                List<String> headers = new ArrayList<>();
                for (JsonNode h : given) {
                    if (!h.isTextual()) throw ItemReaders.failed("ReaderConfig CSVHeaders must be strings, not " + h);
                    headers.add(h.textValue());
                }
                yield new Csv(delimiter, Optional.of(List.copyOf(headers)));
            }
            case String other -> throw ItemReaders.failed("ReaderConfig CSVHeaderLocation must be one of FIRST_ROW, "
                    + "GIVEN, not " + other);
        };
    }

    private static char delimiter(JsonNode config) throws StatesError {
        return switch (text(config, "CSVDelimiter", "ReaderConfig").orElse("COMMA")) {
            case "COMMA" -> ',';
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "SPACE" -> ' ';
            case "TAB" -> '\t';
            case String other -> throw ItemReaders.failed("ReaderConfig CSVDelimiter must be one of COMMA, PIPE, "
                    + "SEMICOLON, SPACE, TAB, not " + other);
        };
    }

    /** MaxItems (MaxItemsPath already resolved into it): 0 or absent is no limit; above 100,000,000 is that. */
    private static long maxItems(JsonNode config) throws StatesError {
        JsonNode m = config.get("MaxItems");
        if (m == null || m.isNull()) return MAX_ITEMS;
        if (!m.isNumber() || !m.canConvertToExactIntegral()) {
            throw ItemReaders.failed("field MaxItems must be an integer, not " + m);
        }
        BigInteger v = m.bigIntegerValue();
        if (v.signum() < 0) throw ItemReaders.failed("field MaxItems must be positive");   // AWS's words (LocalStack)
        return v.signum() == 0 ? MAX_ITEMS : v.min(BigInteger.valueOf(MAX_ITEMS)).longValue();
    }

    private static String required(JsonNode args, String field) throws StatesError {
        return text(args, field, "Parameters").orElseThrow(() -> ItemReaders.failed(
                "The ItemReader's Parameters must give the " + field));
    }

    private static Optional<String> text(JsonNode object, String field, String where) throws StatesError {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw ItemReaders.failed(where + " field " + field + " must be a string, not " + v);
        return Optional.of(v.textValue());
    }
}
