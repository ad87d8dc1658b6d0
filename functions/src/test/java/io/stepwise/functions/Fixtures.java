package io.stepwise.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes tiny functions to disk and describes them. */
final class Fixtures {
    private Fixtures() {}

    static Path code(Path dir, String file, String source) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(file);
            Files.createDirectories(f.getParent());
            Files.writeString(f, source);
            if (file.equals("bootstrap")) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FunctionSpec spec(String name, String runtime, String handler, int memoryMb, int timeoutSeconds, Path code) {
        return new FunctionSpec(name, "arn:aws:lambda:us-east-1:000000000000:function:" + name + ":$LATEST", "$LATEST",
                runtime, handler, memoryMb, timeoutSeconds, 512, Map.of("GREETING", "hello"), code, "rev-1", OptionalInt.empty());
    }

}
