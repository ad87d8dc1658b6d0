package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.ResultWriters.ChildResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A Map Run's child executions as ResultWriter presents them: one record per child, shaped as the "ResultWriter (Map)"
 * page shows them (DescribeExecution's fields, capitalised, keys in alphabetical order, dates in UTC with
 * milliseconds), the WriterConfig Transformations, and the result files (a JSON array, or JSON Lines) split at a
 * size limit.
 */
final class MapRunResults {
    enum Transformation { NONE, COMPACT, FLATTEN }

    enum OutputType { JSON, JSONL }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private MapRunResults() {}

    /**
     * NONE: every child's record; COMPACT: a succeeded child's output, FLATTEN: the same with an array output's
     * elements in its place. A child that did not succeed is its record whatever the transformation ("If a child
     * workflow execution fails, Step Functions returns its execution result unchanged").
     */
    static List<JsonNode> transform(Transformation t, List<ChildResult> children) {
        List<JsonNode> out = new ArrayList<>(children.size());
        for (ChildResult c : children) {
            if (t == Transformation.NONE || !c.status().equals("SUCCEEDED")) {
                out.add(record(c));
                continue;
            }
            JsonNode output = Json.read(c.output().orElse("null"));
            if (t == Transformation.FLATTEN && output.isArray()) output.forEach(out::add);
            else out.add(output);
        }
        return out;
    }

    /** A child as ResultWriter writes it; a PENDING child (never started) is its input alone. */
    static ObjectNode record(ChildResult c) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        c.cause().ifPresent(v -> r.put("Cause", v));
        c.error().ifPresent(v -> r.put("Error", v));
        if (c.status().equals("PENDING")) {
            r.put("Input", c.input()).putObject("InputDetails").put("Included", true);
            return r.put("Status", c.status());
        }
        r.put("ExecutionArn", c.executionArn()).put("Input", c.input()).putObject("InputDetails").put("Included", true);
        r.put("Name", c.name());
        c.output().ifPresent(v -> r.put("Output", v));
        if (!c.status().equals("RUNNING")) r.putObject("OutputDetails").put("Included", true);
        r.put("RedriveCount", 0);
        switch (c.status()) {
            case "SUCCEEDED", "RUNNING" -> r.put("RedriveStatus", "NOT_REDRIVABLE")
                    .put("RedriveStatusReason", "Execution is " + c.status() + " and cannot be redriven");
            default -> r.put("RedriveStatus", "REDRIVABLE");
        }
        r.put("StartDate", DATE.format(c.startDate())).put("StateMachineArn", c.stateMachineArn()).put("Status", c.status());
        c.stopDate().ifPresent(d -> r.put("StopDate", DATE.format(d)));
        return r;
    }

    /**
     * The entries as files of at most {@code limit} bytes each (an entry larger than that alone in its file); none for
     * no entries.
     */
    static List<byte[]> files(List<JsonNode> entries, OutputType type, long limit) {
        List<byte[]> files = new ArrayList<>();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int inFile = 0;
        for (JsonNode entry : entries) {
            byte[] bytes = Json.text(entry).getBytes(StandardCharsets.UTF_8);
            // an entry costs a comma and the closing bracket in a JSON array, its newline in JSON Lines
            if (inFile > 0 && (long) file.size() + bytes.length + (type == OutputType.JSON ? 2 : 1) > limit) {
                files.add(close(file, type));
                file = new ByteArrayOutputStream();
                inFile = 0;
            }
            if (type == OutputType.JSON) file.write(inFile == 0 ? '[' : ',');
            file.writeBytes(bytes);
            if (type == OutputType.JSONL) file.write('\n');
            inFile++;
        }
        if (inFile > 0) files.add(close(file, type));
        return files;
    }

    private static byte[] close(ByteArrayOutputStream file, OutputType type) {
        if (type == OutputType.JSON) file.write(']');
        return file.toByteArray();
    }
}
