package io.stepwise.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The object bytes inside an {@code aws-chunked} body
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html): chunks {@code <hex size>[;chunk-signature=...]\r\n
 * <bytes>\r\n}, a last chunk of size 0, then trailer lines ({@code x-amz-checksum-crc32:<base64>}) and an empty line.
 * At the end the decoded length must be {@code x-amz-decoded-content-length} and a CRC32, CRC32C, SHA-1 or SHA-256
 * trailer must match the bytes ({@code BadDigest} otherwise; a CRC64NVME trailer is not checked). Chunk signatures are
 * read but not verified.
 */
final class AwsChunked extends InputStream {
    private static final int MAX_LINE = 4096;
    private final InputStream in;
    private final long expectedLength;
    private long remainingInChunk;
    private long decoded;
    private boolean done;
    private final Map<String, Checksum> checksums = new HashMap<>();
    private final Map<String, MessageDigest> digests = new HashMap<>();

    AwsChunked(InputStream in, long expectedLength, String trailerName) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.expectedLength = expectedLength;
        String trailer = trailerName == null ? "" : trailerName.strip().toLowerCase(Locale.ROOT);
        try {
            switch (trailer) {
                case "x-amz-checksum-crc32" -> checksums.put(trailer, new CRC32());
                case "x-amz-checksum-crc32c" -> checksums.put(trailer, new CRC32C());
                case "x-amz-checksum-sha1" -> digests.put(trailer, MessageDigest.getInstance("SHA-1"));
                case "x-amz-checksum-sha256" -> digests.put(trailer, MessageDigest.getInstance("SHA-256"));
                default -> { } // none, or one not checked here
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean applies(String contentEncoding, String contentSha256) {
        return (contentEncoding != null && contentEncoding.contains("aws-chunked"))
                || (contentSha256 != null && contentSha256.startsWith("STREAMING-"));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (remainingInChunk == 0) {
            long size = chunkSize();
            if (size == 0) {
                finish();
                return -1;
            }
            remainingInChunk = size;
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) throw incomplete();
        remainingInChunk -= n;
        decoded += n;
        checksums.values().forEach(c -> c.update(b, off, n));
        digests.values().forEach(d -> d.update(b, off, n));
        if (remainingInChunk == 0 && !line().isEmpty()) throw S3Error.of("IncompleteBody", 400, "aws-chunked: a chunk is longer than its size");
        return n;
    }

    private long chunkSize() throws IOException {
        String header = line();
        int semi = header.indexOf(';');
        String hex = (semi < 0 ? header : header.substring(0, semi)).strip();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) throw new NumberFormatException();
            return size;
        } catch (NumberFormatException e) {
            throw S3Error.of("IncompleteBody", 400, "aws-chunked: not a chunk header: '" + header + "'");
        }
    }

    private void finish() throws IOException {
        done = true;
        Map<String, String> trailers = new HashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon > 0) trailers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        if (expectedLength >= 0 && decoded != expectedLength) {
            throw S3Error.of("IncompleteBody", 400, "You did not provide the number of bytes specified by the "
                    + "x-amz-decoded-content-length HTTP header: " + decoded + " != " + expectedLength);
        }
        checksums.forEach((name, c) -> check(name, trailers.get(name), ByteBuffer.allocate(4).putInt((int) c.getValue()).array()));
        digests.forEach((name, d) -> check(name, trailers.get(name), d.digest()));
    }

    private static void check(String name, String sent, byte[] computed) {
        if (sent == null) return;
        String mine = Base64.getEncoder().encodeToString(computed);
        if (!mine.equals(sent)) {
            throw S3Error.of("BadDigest", 400, "The " + name + " you specified did not match the calculated checksum (" + mine + ").");
        }
    }

    /** One CRLF-terminated line, without its CRLF; empty at a bare CRLF. */
    private String line() throws IOException {
        var out = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw incomplete();
            if (out.size() > MAX_LINE) throw S3Error.of("IncompleteBody", 400, "aws-chunked: a line is too long");
            out.write(c);
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static S3Error incomplete() {
        return S3Error.of("IncompleteBody", 400, "The request body ended before its aws-chunked framing did");
    }
}
