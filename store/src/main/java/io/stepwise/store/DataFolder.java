package io.stepwise.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * One server per data folder ({@code <dir>/.lock}): two would both run the Event queue and share environments'
 * folders. Kept with PostgreSQL too, where the folder still holds packages, logs and environments.
 * <p>
 * The lock is a POSIX record lock, which the kernel drops when the process closes <em>any</em> descriptor of the
 * file: so a second attempt in the same process is refused from memory ({@link #HELD}) before it opens the file.
 */
public final class DataFolder implements AutoCloseable {
    private static final Set<Path> HELD = new HashSet<>();
    private final Path path;
    private final Path key;
    private final FileChannel lock;
    private boolean closed;

    private DataFolder(Path path, Path key, FileChannel lock) {
        this.path = path;
        this.key = key;
        this.lock = lock;
    }

    /** Creates the folder if needed and locks it until {@link #close}; fails when another server holds it. */
    public static DataFolder lock(Path dir) {
        try {
            Files.createDirectories(dir);
            Path key = dir.toRealPath();
            synchronized (HELD) {
                if (HELD.contains(key)) {
                    throw new IllegalStateException("the data folder " + dir + " is in use by another Stepwise server in this process");
                }
                var ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (ch.tryLock() == null) {
                    ch.close();
                    throw new IllegalStateException("the data folder " + dir + " is in use by another Stepwise server");
                }
                HELD.add(key);
                return new DataFolder(dir, key, ch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) return;
            closed = true;
            HELD.remove(key);
            try {
                lock.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }
}
