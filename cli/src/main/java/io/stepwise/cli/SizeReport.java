package io.stepwise.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;

/** A {@link PackageSize} as text for people or JSON for scripts. */
final class SizeReport {
    private SizeReport() {}

    static void print(PrintWriter out, PackageSize size, int top) {
        out.printf(Locale.ROOT, "unzipped: %s of Lambda's %s limit for code and layers (%.1f%%)%s%n", mb(size.total()),
                mb(PackageSize.LIMIT), size.share() * 100, size.share() > 1 ? ": too large, Lambda refuses it"
                        : size.share() >= PackageSize.WARN_AT ? ": close to the limit" : "");
        var parts = new Table("PART", "UNZIPPED", "BYTES", "FILES");
        for (var p : size.parts()) parts.row(p.name(), mb(p.bytes()), String.format(Locale.ROOT, "%,d", p.bytes()), p.files());
        parts.print(out, "  ");

        out.println();
        out.println("largest folders:");
        var folders = new Table("UNZIPPED", "FILES", "FOLDER");
        for (var f : size.largestFolders(top)) folders.row(mb(f.bytes()), f.files(), where(size, f.part(), f.path()));
        folders.print(out, "  ");

        out.println();
        out.println("largest files:");
        var files = new Table("UNZIPPED", "FILE");
        for (var f : size.largestFiles(top)) files.row(mb(f.bytes()), where(size, f.part(), f.path()));
        files.print(out, "  ");

        out.println();
        var findings = size.findings();
        if (findings.isEmpty()) {
            out.println("usually safe to drop: nothing found");
            return;
        }
        out.printf(Locale.ROOT, "usually safe to drop: %s in %,d files (%.1f%% of the package)%n", mb(size.droppable()),
                findings.stream().mapToInt(PackageSize.Finding::files).sum(), 100.0 * size.droppable() / Math.max(1, size.total()));
        for (var f : findings) {
            out.printf(Locale.ROOT, "  %9s  %12s  %s%n", mb(f.bytes()), String.format(Locale.ROOT, "%,d %s", f.files(),
                    f.files() == 1 ? "file" : "files"), f.kind().what);
            out.printf("                           why: %s%n", f.kind().why);
            out.printf("                           e.g. %s%n", String.join(", ", f.examples()));
        }
    }

    static ObjectNode json(PackageSize size, int top) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("UnzippedBytes", size.total()).put("LimitBytes", PackageSize.LIMIT)
                .put("Percent", Math.round(size.share() * 1000) / 10.0);
        var parts = o.putArray("Parts");
        for (var p : size.parts()) parts.addObject().put("Name", p.name()).put("UnzippedBytes", p.bytes()).put("Files", p.files());
        var folders = o.putArray("LargestFolders");
        for (var f : size.largestFolders(top)) {
            folders.addObject().put("Part", f.part()).put("Path", f.path()).put("UnzippedBytes", f.bytes()).put("Files", f.files());
        }
        var files = o.putArray("LargestFiles");
        for (var f : size.largestFiles(top)) files.addObject().put("Part", f.part()).put("Path", f.path()).put("UnzippedBytes", f.bytes());
        o.put("SafeToDropBytes", size.droppable());
        var findings = o.putArray("SafeToDrop");
        for (var f : size.findings()) {
            var n = findings.addObject().put("Kind", f.kind().name()).put("What", f.kind().what).put("Why", f.kind().why)
                    .put("UnzippedBytes", f.bytes()).put("Files", f.files());
            f.examples().forEach(n.putArray("Examples")::add);
        }
        return o;
    }

    /** A path, prefixed with its layer when the package has layers. */
    private static String where(PackageSize size, String part, String path) {
        return size.parts().size() > 1 ? part + ": " + path : path;
    }

    /** Megabytes as Lambda counts its limit (250 MB = 262,144,000 bytes, so MiB); kilobytes below one. */
    static String mb(long bytes) {
        if (bytes < 1L << 20) return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        return String.format(Locale.ROOT, bytes >= 10L << 20 ? "%.0f MB" : "%.1f MB", bytes / (double) (1L << 20));
    }
}
