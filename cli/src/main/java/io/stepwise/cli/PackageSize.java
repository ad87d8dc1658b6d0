package io.stepwise.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;

/**
 * What a deployment package holds once unzipped, part by part (the code, then each layer), against Lambda's limit on
 * the unzipped code and layers together. Each file is sized by the bytes it unpacks to (a zip's header may lie) and
 * sorted into at most one {@link Droppable} kind, the first that matches, so the findings never count a byte twice.
 */
final class PackageSize {
    /** Lambda's quota "Deployment package (.zip file archive) size: 250 MB (unzipped)", code and layers together. */
    static final long LIMIT = 262_144_000L;
    static final double WARN_AT = 0.8;

    record File(String part, String path, long bytes, Droppable droppable) {}

    record Part(String name, long bytes, int files) {}

    private final List<File> files = new ArrayList<>();
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final String architecture;

    /** @param architecture the function's ({@code x86_64} or {@code arm64}): ELF libraries for the other are flagged */
    PackageSize(String architecture) {
        this.architecture = architecture;
    }

    /** The bytes of a folder's files, as they unzip (what deploy checks before it uploads). */
    static long bytes(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            long total = 0;
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) total += Files.size(f);
            return total;
        }
    }

    /** Adds a folder's files as one part. */
    PackageSize addFolder(String part, Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new java.nio.file.NotDirectoryException(folder.toString());
        List<Path> regular;
        try (var walk = Files.walk(folder)) {
            regular = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : regular) {
            try (InputStream in = Files.newInputStream(f)) {
                add(part, folder.relativize(f).toString().replace('\\', '/'), in);
            }
        }
        parts.putIfAbsent(part, new Part(part, 0, 0));
        return this;
    }

    /** Adds a zip's files as one part, reading it as a stream. */
    PackageSize addZip(String part, InputStream zip) throws IOException {
        try (var in = new ZipInputStream(zip)) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) add(part, e.getName(), in);
            }
        }
        parts.putIfAbsent(part, new Part(part, 0, 0));
        return this;
    }

    private void add(String part, String path, InputStream in) throws IOException {
        byte[] head = in.readNBytes(20);
        long bytes = head.length + in.transferTo(java.io.OutputStream.nullOutputStream());
        Droppable d = Droppable.of(path, head, architecture);
        files.add(new File(part, path, bytes, d));
        parts.merge(part, new Part(part, bytes, 1), (a, b) -> new Part(part, a.bytes() + b.bytes(), a.files() + b.files()));
    }

    List<Part> parts() {
        return List.copyOf(parts.values());
    }

    long total() {
        return files.stream().mapToLong(File::bytes).sum();
    }

    double share() {
        return (double) total() / LIMIT;
    }

    List<File> largestFiles(int n) {
        return files.stream().sorted(Comparator.comparingLong(File::bytes).reversed().thenComparing(File::path)).limit(n).toList();
    }

    record Folder(String part, String path, long bytes, int files) {}

    /**
     * The largest dependencies: the first folder below where a runtime looks for modules (the part's root, a layer's
     * {@code python/}, {@code python/lib/pythonX.Y/site-packages/}, {@code nodejs/node_modules/}, any {@code node_modules/}
     * with {@code @scope/name} as one), so that {@code numpy/} is one row rather than {@code numpy/core/} and its parents.
     */
    List<Folder> largestFolders(int n) {
        Map<List<String>, Folder> folders = new LinkedHashMap<>();
        for (File f : files) {
            String folder = dependency(f.path());
            if (folder == null) continue;
            folders.merge(List.of(f.part(), folder), new Folder(f.part(), folder, f.bytes(), 1),
                    (a, b) -> new Folder(a.part(), a.path(), a.bytes() + b.bytes(), a.files() + b.files()));
        }
        return folders.values().stream().sorted(Comparator.comparingLong(Folder::bytes).reversed().thenComparing(Folder::path))
                .limit(n).toList();
    }

    private static String dependency(String path) {
        String[] s = path.split("/");
        int i = 0;
        int lastNodeModules = -1;
        for (int j = 0; j < s.length - 1; j++) if (s[j].equals("node_modules")) lastNodeModules = j;
        if (lastNodeModules >= 0) i = lastNodeModules + 1;
        else if (s.length > 4 && s[0].equals("python") && s[1].equals("lib") && s[3].equals("site-packages")) i = 4;
        else if (s.length > 1 && (s[0].equals("python") || s[0].equals("nodejs"))) i = 1;
        if (i < s.length - 1 && s[i].startsWith("@")) i++; // @scope/name
        if (i >= s.length - 1) return null; // a file, not in a folder at that level
        return String.join("/", Arrays.copyOfRange(s, 0, i + 1)) + "/";
    }

    record Finding(Droppable kind, long bytes, int files, List<String> examples) {}

    /** What is usually safe to drop, largest first. */
    List<Finding> findings() {
        Map<Droppable, Finding> by = new LinkedHashMap<>();
        for (File f : files) {
            if (f.droppable() == null) continue;
            by.merge(f.droppable(), new Finding(f.droppable(), f.bytes(), 1, List.of(example(f))), (a, b) -> new Finding(a.kind(),
                    a.bytes() + b.bytes(), a.files() + 1, a.examples().size() >= 3 || a.examples().contains(b.examples().get(0))
                            ? a.examples() : concat(a.examples(), b.examples().get(0))));
        }
        return by.values().stream().sorted(Comparator.comparingLong(Finding::bytes).reversed()).toList();
    }

    long droppable() {
        return findings().stream().mapToLong(Finding::bytes).sum();
    }

    /** The folder a finding names (e.g. {@code numpy/tests/}), or the file itself. */
    private static String example(File f) {
        String marker = f.droppable().folder(f.path());
        return marker != null ? marker : f.path();
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }
}
