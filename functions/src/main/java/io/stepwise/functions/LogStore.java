package io.stepwise.functions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-function logs: {@code <dataDir>/logs/<function>/current.log}, rotated to {@code previous.log} past
 * {@code maxFileBytes}, so each function keeps at most two files on disk. {@link #recent} reads the newest lines;
 * {@link #since} pages through new lines with a cursor ({@code <server run>:<lines appended in this run>}), which is
 * what {@code stepwise logs --follow} polls. Lines are counted in memory only: after a restart a cursor of the
 * previous run gets the lines of the new run. A record of several lines (a traceback, a multi-line console.log) is
 * written by the runtimes with its inner line breaks as carriage returns, so it is one line here; readers get it back
 * as one record with line breaks, as a CloudWatch event has them.
 */
public final class LogStore {
    private final Path root;
    private final long maxFileBytes;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, OutputStream> open = new ConcurrentHashMap<>();
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();
    private final Map<String, Long> appended = new ConcurrentHashMap<>();
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);

    /** Lines after a cursor, oldest first, and the cursor to ask with next time. */
    public record Page(List<String> lines, String cursor) {}

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
                appended.merge(function, 1L + line.chars().filter(c -> c == '\n').count(), Long::sum);
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

    /** The last {@code limit} records logged by the function, oldest first. */
    public List<String> recent(String function, int limit) {
        synchronized (locks.computeIfAbsent(function, k -> new Object())) {
            Path dir = root.resolve(safe(function));
            try {
                List<String> lines = new ArrayList<>();
                Path current = dir.resolve("current.log");
                if (Files.exists(current)) lines.addAll(LogTail.of(current, limit));
                Path previous = dir.resolve("previous.log");
                if (lines.size() < limit && Files.exists(previous)) lines.addAll(0, LogTail.of(previous, limit - lines.size()));
                return lines.stream().map(l -> l.replace('\r', '\n')).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The lines appended after {@code cursor} (at most {@code limit}: a reader that falls further behind skips the
     * rest), or without a cursor the last {@code limit} lines.
     */
    public Page since(String function, Optional<String> cursor, int limit) {
        synchronized (locks.computeIfAbsent(function, k -> new Object())) {
            long now = appended.getOrDefault(function, 0L);
            long wanted = limit;
            if (cursor.isPresent()) {
                String c = cursor.get();
                int colon = c.indexOf(':');
                long seen = 0;
                if (colon > 0 && c.substring(0, colon).equals(run)) {
                    try {
                        seen = Math.min(now, Math.max(0, Long.parseLong(c.substring(colon + 1))));
                    } catch (NumberFormatException e) {
                        seen = 0;  // a cursor we did not write: start from this run's first line
                    }
                }
                wanted = Math.min(limit, now - seen);
            }
            List<String> lines = wanted == 0 ? List.of() : recent(function, (int) wanted);
            return new Page(lines, run + ":" + now);
        }
    }

    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^A-Za-z0-9_.-]");

    private static String safe(String function) {
        return UNSAFE.matcher(function).replaceAll("_"); // precompiled: this runs for every log line
    }
}
