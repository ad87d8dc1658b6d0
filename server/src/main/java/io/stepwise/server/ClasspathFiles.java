package io.stepwise.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Static files of the server's own pages (the console, the power tuning chart), read from the classpath. */
final class ClasspathFiles {
    private ClasspathFiles() {}

    /**
     * Answers with the file {@code /FOLDER/NAME}, its type, the page's Content-Security-Policy and, when given, a
     * Cache-Control header. The caller has checked that the name is one of its files.
     */
    static void serve(Context ctx, String folder, String name, String type, String policy, String cacheControl) {
        try (InputStream in = ClasspathFiles.class.getResourceAsStream(
                folder.isEmpty() ? "/" + name : "/" + folder + "/" + name)) {
            if (in == null) throw new IllegalStateException(folder + "/" + name + " is missing from the classpath");
            ctx.contentType(type)
                    .header("Content-Security-Policy", policy)
                    .header("X-Content-Type-Options", "nosniff");
            if (cacheControl != null) ctx.header("Cache-Control", cacheControl);
            ctx.result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
