package io.stepwise.functions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last lines of a log file, read backwards from its end in blocks: {@code stepwise logs --follow} asks every
 * second, and reading a whole 8 MB file for a handful of new lines each time would be wasteful. Lines end with
 * {@code \n} only (as {@link LogStore} writes them and counts them); a {@code \r} stays inside its line.
 */
final class LogTail {
    private static final int BLOCK = 64 * 1024;

    private LogTail() {}

    /** Up to {@code limit} last lines of {@code file}, oldest first. */
    static List<String> of(Path file, int limit) throws IOException {
        if (limit <= 0) return List.of();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = ch.size();
            ArrayDeque<byte[]> blocks = new ArrayDeque<>();  // newest last; joined once at the end
            int newlines = 0;
            // limit + 1 newlines: the one before the first wanted line, and the file's final one
            while (start > 0 && newlines <= limit) {
                int n = (int) Math.min(BLOCK, start);
                start -= n;
                ByteBuffer block = ByteBuffer.allocate(n);
                while (block.hasRemaining() && ch.read(block, start + block.position()) >= 0) {
                    // positional reads until the block is full
                }
                for (byte b : block.array()) if (b == '\n') newlines++;
                blocks.addFirst(block.array());
            }
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            for (byte[] b : blocks) tail.write(b);
            String text = tail.toString(StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();   // after the final newline
            if (start > 0 && !lines.isEmpty()) lines.removeFirst();                  // cut by the block boundary
            return lines.size() > limit ? List.copyOf(lines.subList(lines.size() - limit, lines.size())) : lines;
        }
    }
}
