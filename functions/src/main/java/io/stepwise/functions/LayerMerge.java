package io.stepwise.functions;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;

/**
 * Copies one unpacked layer over the tree of the layers before it, as Lambda extracts a function's layers into /opt in
 * order: a file of this layer replaces whatever the earlier ones put at its path (a file, a link or a directory).
 * Links are copied as links; unpacking already checked that they point inside their own layer.
 */
final class LayerMerge {
    private LayerMerge() {}

    static void copyOver(Path layer, Path into) throws IOException {
        Files.walkFileTree(layer, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Path t = into.resolve(layer.relativize(d).toString());
                if (Files.exists(t, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) Files.delete(t);
                if (!Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(d));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Path t = into.resolve(layer.relativize(f).toString());
                if (Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) deleteTree(t);
                Files.deleteIfExists(t);
                if (a.isSymbolicLink()) Files.createSymbolicLink(t, Files.readSymbolicLink(f));
                else Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
