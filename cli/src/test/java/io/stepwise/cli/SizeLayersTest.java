package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stepwise.cli.Cli.Run;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code functions size} of a function with a layer, against a hand-written fake of the two Lambda operations it calls
 * (GetFunction, GetLayerVersionByArn) and the two downloads, in the shapes of the Lambda model: the text report's lines,
 * and a server from before layers, which answers UnknownOperationException. {@code LayersCommandTest} runs the same
 * report against a real server's layers.
 */
class SizeLayersTest {
    private static final String LAYER = "arn:aws:lambda:us-east-1:123456789012:layer:deps:2";

    @TempDir Path dir;
    private HttpServer fake;
    private byte[] code;
    private byte[] layer;
    private volatile boolean layersKnown;

    @BeforeEach
    void startFake() throws IOException {
        Path c = Files.createDirectories(dir.resolve("code"));
        Files.writeString(c.resolve("app.py"), "x = 1\n");
        Path l = Files.createDirectories(dir.resolve("layer/python/lib/python3.12/site-packages/deps/tests"));
        Files.write(l.resolve("test_deps.py"), new byte[300_000]);
        Files.write(l.getParent().resolve("__init__.py"), new byte[100_000]);
        code = FolderZip.zip(c);
        layer = FolderZip.zip(dir.resolve("layer"));
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", this::answer);
        fake.start();
    }

    @AfterEach
    void stopFake() {
        fake.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + fake.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if (path.equals("/2015-03-31/functions/with-layer")) {
            json(x, 200, "{\"Configuration\":{\"FunctionName\":\"with-layer\",\"Architectures\":[\"x86_64\"],"
                    + "\"Layers\":[{\"Arn\":\"" + LAYER + "\",\"CodeSize\":" + layer.length + "}]},"
                    + "\"Code\":{\"RepositoryType\":\"S3\",\"Location\":\"" + base() + "/code.zip?X-Amz-Signature=x\"}}");
        } else if (path.equals("/2018-10-31/layers") && x.getRequestURI().getQuery().contains("find=LayerVersion")) {
            if (!layersKnown) {
                x.getResponseHeaders().add("X-Amzn-ErrorType", "UnknownOperationException");
                json(x, 404, "{\"message\":\"Unknown operation: GET /2018-10-31/layers\"}");
            } else {
                json(x, 200, "{\"LayerVersionArn\":\"" + LAYER + "\",\"Version\":2,\"Content\":{\"Location\":\"" + base()
                        + "/layer.zip\",\"CodeSize\":" + layer.length + "}}");
            }
        } else if (path.equals("/code.zip") || path.equals("/layer.zip")) {
            byte[] body = path.equals("/code.zip") ? code : layer;
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        } else {
            json(x, 404, "{\"message\":\"not here\"}");
        }
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Test
    void a_layer_is_downloaded_through_get_layer_version_by_arn_and_counted_as_its_own_part() {
        layersKnown = true;

        Run r = Cli.stepwiseAt(base(), "functions", "size", "with-layer");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).containsPattern("(?m)^  code\\s+0 KB\\s+6\\s+1$")
                .containsPattern("(?m)^  layer " + LAYER + "\\s+391 KB\\s+400,000\\s+2$")
                .contains("layer " + LAYER + ": python/lib/python3.12/site-packages/deps/")
                .contains("e.g. python/lib/python3.12/site-packages/deps/tests/");
    }

    @Test
    void a_server_without_layers_counts_the_code_alone_and_says_so_on_stderr() {
        layersKnown = false;

        Run r = Cli.stepwiseAt(base(), "functions", "size", "with-layer", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("stepwise: this server does not serve layers (GetLayerVersionByArn: "
                + "UnknownOperationException): counting the code only\n");
        assertThat(Json.parse(r.out()).path("Parts").size()).isEqualTo(1);
        assertThat(Json.parse(r.out()).path("UnzippedBytes").asLong()).isEqualTo(6);
    }
}
