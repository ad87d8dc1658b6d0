package io.stepwise.server;

import io.stepwise.functions.FunctionConfig;
import io.stepwise.functions.FunctionRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bundled example ({@code examples/functions/hello-python}, copied into the jar), deployed as {@code hello}. */
final class ExampleFunction {
    private static final Logger log = LoggerFactory.getLogger(ExampleFunction.class);
    static final String NAME = "hello";
    private static final String DIR = "examples/functions/hello-python/";

    private ExampleFunction() {}

    static void deploy(FunctionRegistry registry) {
        var config = new FunctionConfig("python3.12", "lambda_function.handler", "arn:aws:iam::123456789012:role/stepwise-example",
                "Bundled example: returns a greeting with fields of the Lambda context", 128, 3, 512, Map.of(), List.of("x86_64"));
        registry.create(NAME, config, zip("lambda_function.py"), false);
        log.info("deployed the example function '{}' (python3.12)", NAME);
    }

    private static byte[] zip(String... files) {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (String f : files) {
                try (InputStream in = ExampleFunction.class.getClassLoader().getResourceAsStream(DIR + f)) {
                    if (in == null) throw new IllegalStateException("missing bundled resource " + DIR + f);
                    zip.putNextEntry(new ZipEntry(f));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
