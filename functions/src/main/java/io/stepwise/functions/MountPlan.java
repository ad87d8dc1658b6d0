package io.stepwise.functions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What an environment sees of the host's files. Design note: function code must not read the server's store, other
 * functions' code or root's home, yet its runtime lives where it lives (a pyenv Python or the RIC jars under /root, the
 * task root and our bootstraps under the data folder). So, in the environment's mount namespace, a few directories
 * are covered by a fresh file system into which only the paths the runtime needs are bound back, read-only, at their
 * own paths. Covered: /tmp (the environment's own, see {@link EphemeralStorage}), the data folder, the server user's
 * home, and the highest ancestor of a needed path that the sandbox user cannot traverse (a mode 700 home, say), which
 * would otherwise leave the path unreachable; the directories a cover creates on the way to a kept path are mode 755.
 * A cover inside another is dropped (the outer one hides it already). The task root, if no cover holds it, is bound
 * read-only onto itself (Lambda's /var/task is read-only).
 *
 * @param covers           in mount order: the cover holding the environment's directory (where the fresh file
 *                         systems are staged) is moved into place last
 * @param readOnlyTaskRoot the task root, when no cover holds it
 */
record MountPlan(List<Cover> covers, Optional<Path> readOnlyTaskRoot) {
    static final Path TMP = Path.of("/tmp");

    /** A fresh file system over {@code target} holding only {@code keep}, bound back read-only. */
    record Cover(Path target, List<Path> keep) {
        boolean isTmp() {
            return target.equals(TMP);
        }
    }

    /**
     * @param hide        directories to cover besides /tmp (the data folder, the server user's home)
     * @param needs       directories the runtime reads (interpreter prefixes, jar folders, our bootstraps)
     * @param traversable whether the sandbox user may pass through a directory (checked on ancestors of kept paths)
     */
    static MountPlan of(Path envDir, List<Path> hide, Path taskRoot, List<Path> needs, Predicate<Path> traversable) {
        List<Path> keep = new ArrayList<>();
        for (Path p : concat(List.of(taskRoot), needs)) {
            Path n = p.toAbsolutePath().normalize();
            if (!keep.contains(n)) keep.add(n);
        }
        List<Path> targets = new ArrayList<>(List.of(TMP));
        for (Path h : hide) targets.add(h.toAbsolutePath().normalize());
        for (Path k : keep) untraversableAncestor(k, traversable).ifPresent(targets::add);
        List<Path> outermost = targets.stream().distinct().filter(t -> t.getNameCount() > 0)
                .filter(t -> targets.stream().noneMatch(o -> !o.equals(t) && o.getNameCount() > 0 && t.startsWith(o))).toList();
        Path env = envDir.toAbsolutePath().normalize();
        List<Cover> covers = outermost.stream()
                .map(t -> new Cover(t, outermostUnder(t, keep)))
                .sorted(Comparator.comparing(c -> env.startsWith(c.target())))
                .toList();
        Path root = keep.get(0);
        boolean covered = covers.stream().anyMatch(c -> root.startsWith(c.target()));
        return new MountPlan(covers, covered ? Optional.empty() : Optional.of(root));
    }

    /** Kept paths under the target, without those already inside another kept path (they come along). */
    private static List<Path> outermostUnder(Path target, List<Path> keep) {
        List<Path> under = keep.stream().filter(k -> k.startsWith(target)).toList();
        return under.stream().filter(k -> under.stream().noneMatch(o -> !o.equals(k) && k.startsWith(o))).toList();
    }

    private static Optional<Path> untraversableAncestor(Path p, Predicate<Path> traversable) {
        for (int i = 1; i < p.getNameCount(); i++) {
            Path ancestor = p.getRoot().resolve(p.subpath(0, i));
            if (!traversable.test(ancestor)) return Optional.of(ancestor);
        }
        return Optional.empty();
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
