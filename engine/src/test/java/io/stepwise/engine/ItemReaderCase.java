package io.stepwise.engine;

import static io.stepwise.engine.Harness.q;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.StatesError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Runs ItemReaders on {@link MemoryBuckets} (pages of 2 keys) and compares items as JSON text. */
abstract class ItemReaderCase {
    final MemoryBuckets s3 = new MemoryBuckets(2).bucket("data");

    /** An s3:getObject reader of data/{key}; {@code config} is the ReaderConfig, single-quoted. */
    static String getObject(String key, String config) {
        return "{'Resource': 'arn:aws:states:::s3:getObject', 'Parameters': {'Bucket': 'data', 'Key': '" + key
                + "'}, 'ReaderConfig': " + config + "}";
    }

    static String listObjects(String prefix, String config) {
        return "{'Resource': 'arn:aws:states:::s3:listObjectsV2', 'Parameters': {'Bucket': 'data', 'Prefix': '"
                + prefix + "'}, 'ReaderConfig': " + config + "}";
    }

    /** The items as one JSON array, for comparing with a single-quoted expectation. */
    String read(String reader) throws StatesError {
        List<JsonNode> items = ItemReaders.read(s3, Json.read(q(reader)));
        return Json.text(Json.MAPPER.createArrayNode().addAll(items));
    }

    void fails(String reader, String cause) {
        assertThatThrownBy(() -> read(reader)).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("States.ItemReaderFailed");
            assertThat(e.cause()).isEqualTo(cause);
        });
    }

    static byte[] gzip(String text) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(UTF_8));
        }
        return bytes.toByteArray();
    }
}
