package io.stepwise.functions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-function logs: {@code <dataDir>/logs/<function>/current.log}, rotated to {@code previous.log} past
 * {@code maxFileBytes}, so each function keeps at most two files on disk. {@link #recent} reads the newest lines.
 */
public final class LogStore {
    private final Path root;
    private final long maxFileBytes;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, OutputStream> open = new ConcurrentHashMap<>();
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();

    LogStore(Path root, long maxFileBytes) {
        this.root = root;
        this.maxFileBytes = maxFileBytes;
    }

    void append(String function, String line) {
        synchronized (locks.computeIfAbsent(function, k -> new Object())) {
            try {
                OutputStream out = open.get(function);
                Path dir = root.resolve(safe(function));
                if (out == null) {
                    Files.createDirectories(dir);
                    out = Files.newOutputStream(dir.resolve("current.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    open.put(function, out);
                    sizes.put(function, Files.size(dir.resolve("current.log")));
                }
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(bytes); // unbuffered: recent() and other readers see every line at once
                long size = sizes.merge(function, (long) bytes.length, Long::sum);
                if (size > maxFileBytes) {
                    out.close();
                    open.remove(function);
                    Files.move(dir.resolve("current.log"), dir.resolve("previous.log"), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void close() {
        for (String f : open.keySet()) {
            synchronized (locks.computeIfAbsent(f, k -> new Object())) {
                try {
                    OutputStream out = open.remove(f);
                    if (out != null) out.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** The last {@code limit} lines logged by the function, oldest first. */
    public List<String> recent(String function, int limit) {
        synchronized (locks.computeIfAbsent(function, k -> new Object())) {
            Deque<String> lines = new ArrayDeque<>();
            for (String file : List.of("previous.log", "current.log")) {
                Path p = root.resolve(safe(function)).resolve(file);
                if (!Files.exists(p)) continue;
                try {
                    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                        lines.addLast(line);
                        if (lines.size() > limit) lines.removeFirst();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return List.copyOf(lines);
        }
    }

    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^A-Za-z0-9_.-]");

    private static String safe(String function) {
        return UNSAFE.matcher(function).replaceAll("_"); // precompiled: this runs for every log line
    }
}
