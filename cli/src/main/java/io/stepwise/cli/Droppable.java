package io.stepwise.cli;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kinds of files a Lambda package usually runs without, in the order a file is tested against them (a file counts
 * for the first kind it matches). "Usually": each says why, and what would break if a function does use them.
 */
enum Droppable {
    OTHER_PLATFORMS("binaries for other platforms",
            "Lambda runs Linux (glibc) on the function's architecture: Windows/macOS/musl builds and .dll/.dylib/.exe never load"),
    BOTO3("boto3, botocore, s3transfer",
            "AWS's Python runtimes include them (AWS still suggests bundling a pinned version); Stepwise's python runs "
                    + "with the server machine's site-packages, so on Stepwise they are there only if that python has them"),
    TESTS("tests/ and test/ folders inside dependencies", "a dependency's own test suite; nothing imports it at run time"),
    PYCACHE("__pycache__/ and *.pyc", "bytecode caches; Python compiles the sources again when it imports them (a little "
            + "slower first import)"),
    DIST_INFO("*.dist-info files other than METADATA, RECORD, entry_points.txt, top_level.txt, WHEEL",
            "licences, INSTALLER, REQUESTED, direct_url.json...; importlib.metadata reads only the kept ones "
                    + "(keep licence files if your licence duties require it)"),
    TYPE_STUBS("*.pyi type stubs", "read by type checkers and IDEs, never imported"),
    NODE_EXTRAS("docs, *.md, *.map and *.d.ts in node_modules", "documentation, source maps and TypeScript declarations; "
            + "Node loads none of them (keep *.map only if you run with --enable-source-maps)");

    final String what;
    final String why;

    Droppable(String what, String why) {
        this.what = what;
        this.why = why;
    }

    private static final Set<String> KEPT_DIST_INFO = Set.of("METADATA", "RECORD", "entry_points.txt", "top_level.txt", "WHEEL");
    private static final Pattern OTHER_PLATFORM_NAME = Pattern.compile(
            "(^|[/._-])(darwin|macos|macosx|osx|win32|win64|windows|musl|alpine)([/._-]|$)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> BOTO = Set.of("boto3", "botocore", "s3transfer");

    /** The kind {@code path} is, or null; {@code head} is the file's first bytes (to tell a library's platform). */
    static Droppable of(String path, byte[] head, String architecture) {
        String lower = path.toLowerCase(Locale.ROOT);
        String[] s = path.split("/");
        String file = s[s.length - 1];
        if (otherPlatform(lower, head, architecture)) return OTHER_PLATFORMS;
        String top = s.length > 1 ? pythonTop(s) : null;
        if (top != null && (BOTO.contains(top) || BOTO.contains(top.replaceFirst("-[^-]*\\.dist-info$", "")))) return BOTO3;
        for (int i = 1; i < s.length - 1; i++) if (s[i].equals("tests") || s[i].equals("test") || s[i].equals("__tests__")) return TESTS;
        if (lower.contains("__pycache__/") || lower.endsWith(".pyc")) return PYCACHE;
        for (int i = 0; i < s.length - 1; i++) {
            if (s[i].endsWith(".dist-info")) return i == s.length - 2 && KEPT_DIST_INFO.contains(file) ? null : DIST_INFO;
        }
        if (lower.endsWith(".pyi")) return TYPE_STUBS;
        if (lower.contains("node_modules/") && (lower.endsWith(".md") || lower.endsWith(".markdown") || lower.endsWith(".map")
                || lower.endsWith(".d.ts") || lower.endsWith(".d.mts") || lower.endsWith(".d.cts")
                || lower.matches(".*node_modules/(@[^/]+/)?[^/]+/(docs?)/.*"))) return NODE_EXTRAS;
        return null;
    }

    /** The folder that makes a file this kind ({@code numpy/tests/}), for examples; null when the file itself does. */
    String folder(String path) {
        String[] s = path.split("/");
        for (int i = 0; i < s.length - 1; i++) {
            boolean marks = switch (this) {
                case TESTS -> i > 0 && (s[i].equals("tests") || s[i].equals("test") || s[i].equals("__tests__"));
                case PYCACHE -> s[i].equals("__pycache__");
                case DIST_INFO -> s[i].endsWith(".dist-info");
                case BOTO3 -> BOTO.contains(s[i]);
                case OTHER_PLATFORMS -> OTHER_PLATFORM_NAME.matcher(s[i]).find();
                case TYPE_STUBS, NODE_EXTRAS -> false;
            };
            if (marks) return String.join("/", java.util.Arrays.copyOfRange(s, 0, i + 1)) + "/";
        }
        return null;
    }

    /** The top-level Python package of a path in the code or a Python layer. */
    private static String pythonTop(String[] s) {
        if (s.length > 5 && s[0].equals("python") && s[1].equals("lib") && s[3].equals("site-packages")) return s[4];
        if (s.length > 2 && s[0].equals("python")) return s[1];
        return s[0];
    }

    private static boolean otherPlatform(String lower, byte[] head, String architecture) {
        if (lower.endsWith(".dll") || lower.endsWith(".dylib") || lower.endsWith(".exe") || lower.endsWith(".pdb")) return true;
        boolean library = lower.endsWith(".so") || lower.contains(".so.") || lower.endsWith(".node") || lower.endsWith(".pyd");
        if (library && head.length >= 20) {
            if (isElf(head)) return !machine(head).equals(architecture);
            return true; // Mach-O or PE: a library nothing on Linux can load
        }
        // packages of prebuilt binaries named for their platform: node_modules/@esbuild/darwin-arm64/, prebuilds/win32-x64/
        int folders = lower.lastIndexOf('/');
        return lower.contains("node_modules/") && folders > 0 && OTHER_PLATFORM_NAME.matcher(lower.substring(0, folders + 1)).find();
    }

    private static boolean isElf(byte[] h) {
        return h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F';
    }

    /** ELF e_machine (offset 18; little-endian on both Lambda architectures): 62 x86-64, 183 AArch64. */
    private static String machine(byte[] h) {
        int m = (h[18] & 0xff) | (h[19] & 0xff) << 8;
        return switch (m) {
            case 62 -> "x86_64";
            case 183 -> "arm64";
            default -> "elf-machine-" + m;
        };
    }
}
