package io.stepwise.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading and writing cgroup control files. */
final class CgroupFiles {
    private CgroupFiles() {}

    static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value + " to " + file, e);
        }
    }

    static void tryWrite(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException ignored) {
            // optional knob (e.g. swappiness on some kernels)
        }
    }

    static long readLong(Path file) {
        try {
            String s = Files.readString(file).trim();
            return s.equals("max") ? Long.MAX_VALUE : Long.parseLong(s.split("\\s+")[0]);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** SIGKILLs every task of the cgroup (repeatedly: a fork bomb forks while we kill) and removes it. */
    static void killAndRemove(Path dir) {
        if (!Files.isDirectory(dir)) return;
        for (int round = 0; round < 200; round++) {
            List<String> pids = readLines(dir.resolve("cgroup.procs"));
            if (pids.isEmpty()) break;
            for (String pid : pids) {
                if (!pid.isBlank()) ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
            Thread.onSpinWait();
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException busy) {
                // tasks still exiting: the kernel refuses rmdir until the cgroup is empty
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
