package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The console's decoder of the visualization link ({@code console/visualization.mjs}), run by {@code node}. */
class PowerTuningLinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodes_a_link_written_as_the_original_writes_it_back_to_its_numbers_sorted_by_memory() throws Exception {
        String hash = link(new short[] {128, 256, 1769, 3008, 10240},
                new float[] {2012.5f, 1003.25f, 151.7f, 150.1f, 149.9f},
                new float[] {4.2e-6f, 4.2e-6f, 5.59e-6f, 9.43e-6f, 3.2e-5f});
        String unsorted = link(new short[] {512, 128}, new float[] {500f, 2000f}, new float[] {1e-6f, 2e-6f});

        List<JsonNode> decoded = decode(hash, unsorted);

        assertThat(values(decoded.get(0), "powers")).containsExactly(128d, 256d, 1769d, 3008d, 10240d);
        assertThat(values(decoded.get(0), "durations")).containsExactly(widened(2012.5f, 1003.25f, 151.7f, 150.1f, 149.9f));
        assertThat(values(decoded.get(0), "costs")).containsExactly(widened(4.2e-6f, 4.2e-6f, 5.59e-6f, 9.43e-6f, 3.2e-5f));
        assertThat(values(decoded.get(1), "powers")).containsExactly(128d, 512d);
        assertThat(values(decoded.get(1), "durations")).containsExactly(widened(2000f, 500f));
        assertThat(values(decoded.get(1), "costs")).containsExactly(widened(2e-6f, 1e-6f));
    }

    @Test
    void says_what_is_wrong_with_a_missing_or_malformed_link() throws Exception {
        String good = link(new short[] {128, 256}, new float[] {2f, 1f}, new float[] {3f, 4f});
        String[] parts = good.substring(1).split(";");
        String threeSizes = link(new short[] {128, 256, 512}, new float[0], new float[0]).substring(1).split(";")[0];

        List<JsonNode> decoded = decode("", "#", "#" + parts[0] + ";" + parts[1], "#%%", "#AA!;" + parts[1] + ";" + parts[2],
                "#" + threeSizes + ";" + parts[1] + ";" + parts[2], "#AQ==;" + parts[1] + ";" + parts[2], "#;;",
                "#AAA=;AAAAAA==;AAAAAA==" /* 0 MB */, "#gAA=;AADAfw==;AAAAAA==" /* NaN */);

        assertThat(decoded).extracting(d -> d.path("error").asText()).containsExactly(
                "This link carries no results: the part after \"#\" is empty.",
                "This link carries no results: the part after \"#\" is empty.",
                "Expected three parts after \"#\" separated by \";\" (sizes;durations;costs), found 2.",
                "The part after \"#\" is not a valid link fragment.",
                "The memory sizes are not valid base64.",
                "The link lists 3 memory sizes but 2 durations and 2 costs.",
                "The memory sizes take 1 bytes, not a multiple of 2.",
                "The link lists no memory sizes.",
                "The memory size 0 MB is not positive.",
                "The link holds a value that is not a number: NaN.");
    }

    /** The fragment of a visualization link: base64 of little-endian Int16 powers ; Float32 durations ; Float32 costs. */
    static String link(short[] powers, float[] durations, float[] costs) {
        ByteBuffer p = ByteBuffer.allocate(powers.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short power : powers) p.putShort(power);
        return "#" + base64(p) + ";" + base64(littleEndian(durations)) + ";" + base64(littleEndian(costs));
    }

    private static ByteBuffer littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b;
    }

    private static String base64(ByteBuffer buffer) {
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** Each float32 widened to a double, exactly as JavaScript's DataView.getFloat32 reads it. */
    private static Double[] widened(float... values) {
        Double[] doubles = new Double[values.length];
        for (int i = 0; i < values.length; i++) doubles[i] = (double) values[i];
        return doubles;
    }

    private static List<Double> values(JsonNode decoded, String field) {
        assertThat(decoded.has(field)).as(decoded.toString()).isTrue();
        List<Double> values = new ArrayList<>();
        decoded.get(field).forEach(v -> values.add(v.doubleValue()));
        return values;
    }

    /** Runs decode.mjs on each hash in one node process: the decoded numbers, or {error: message}. */
    private static List<JsonNode> decode(String... hashes) throws Exception {
        String decoder = PowerTuningPage.class.getResource("/console/visualization.mjs").toURI().toString();
        String script = "import { decode } from '" + decoder + "';\n"
                + "import { readFileSync } from 'node:fs';\n"
                + "const hashes = JSON.parse(readFileSync(0, 'utf8'));\n"
                + "console.log(JSON.stringify(hashes.map(h => { try { return decode(h); } catch (e) { return { error: e.message }; } })));\n";
        Process node = new ProcessBuilder("node", "--input-type=module", "-e", script).redirectErrorStream(true).start();
        try (var in = node.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(hashes));
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(out).forEach(results::add);
        return results;
    }
}
