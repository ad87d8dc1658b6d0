package io.stepwise.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The object bytes inside an {@code aws-chunked} body
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html): chunks {@code <hex size>[;chunk-signature=...]\r\n
 * <bytes>\r\n}, a last chunk of size 0, then trailer lines ({@code x-amz-checksum-crc32:<base64>}) and an empty line.
 * At the end the decoded length must be {@code x-amz-decoded-content-length} and a CRC32, CRC32C, SHA-1 or SHA-256
 * trailer must match the bytes ({@code BadDigest} otherwise; a CRC64NVME trailer is not checked).
 * <p>
 * With {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]} each chunk carries a signature chained from the request's
 * own ({@link Signing}, given once the Authenticator has verified that one): HMAC of {@code AWS4-HMAC-SHA256-PAYLOAD},
 * date, scope, the previous signature, the empty string's hash and the chunk's hash; the trailer's, of
 * {@code AWS4-HMAC-SHA256-TRAILER}, date, scope, the last signature and the hash of the trailer lines. A chunk that does
 * not verify ends the request with {@code SignatureDoesNotMatch} before anything is committed.
 */
final class AwsChunked extends InputStream {
    private static final int MAX_LINE = 4096;
    private final InputStream in;
    private final long expectedLength;
    private long remainingInChunk;
    private long decoded;
    private boolean done;
    private final Optional<PayloadChecksum> checksum;
    private final Signing signing;
    private final MessageDigest chunkHash;
    private String previousSignature;
    private String chunkSignature;

    /** What chunk signatures are checked with: the request's signing key, date, scope and its own (seed) signature. */
    record Signing(byte[] key, String amzDate, SigV4.Scope scope, String seedSignature) {}

    AwsChunked(InputStream in, long expectedLength, String trailerName, Signing signing) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.signing = signing;
        this.previousSignature = signing == null ? null : signing.seedSignature();
        this.chunkHash = signing == null ? null : sha256();
        this.expectedLength = expectedLength;
        this.checksum = PayloadChecksum.of(trailerName);
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
                verifyChunk();
                finish();
                return -1;
            }
            remainingInChunk = size;
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n < 0) throw incomplete();
        remainingInChunk -= n;
        decoded += n;
        checksum.ifPresent(c -> c.update(b, off, n));
        if (chunkHash != null) chunkHash.update(b, off, n);
        if (remainingInChunk == 0) {
            if (!line().isEmpty()) throw S3Error.of("IncompleteBody", 400, "aws-chunked: a chunk is longer than its size");
            verifyChunk();
        }
        return n;
    }

    private long chunkSize() throws IOException {
        String header = line();
        int semi = header.indexOf(';');
        chunkSignature = null;
        if (semi >= 0 && header.startsWith("chunk-signature=", semi + 1)) chunkSignature = header.substring(semi + 1 + "chunk-signature=".length()).strip();
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
        StringBuilder signedTrailers = new StringBuilder();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            trailers.put(name, line.substring(colon + 1).strip());
            if (!name.equals("x-amz-trailer-signature")) signedTrailers.append(name).append(':').append(line.substring(colon + 1).strip()).append('\n');
        }
        if (signing != null && !signedTrailers.isEmpty()) {
            String expected = SigV4.signature(signing.key(), "AWS4-HMAC-SHA256-TRAILER\n" + signing.amzDate() + "\n" + signing.scope().text()
                    + "\n" + previousSignature + "\n" + SigV4.sha256Hex(signedTrailers.toString().getBytes(StandardCharsets.UTF_8)));
            String sent = trailers.get("x-amz-trailer-signature");
            if (sent == null || !SigV4.same(expected, sent)) throw signatureMismatch("the trailer");
        }
        if (expectedLength >= 0 && decoded != expectedLength) {
            throw S3Error.of("IncompleteBody", 400, "You did not provide the number of bytes specified by the "
                    + "x-amz-decoded-content-length HTTP header: " + decoded + " != " + expectedLength);
        }
        checksum.ifPresent(c -> c.check(trailers.get(c.name())));
    }

    /** The chunk just read against its signature, chained from the previous one. */
    private void verifyChunk() {
        if (signing == null) return;
        String expected = SigV4.signature(signing.key(), "AWS4-HMAC-SHA256-PAYLOAD\n" + signing.amzDate() + "\n" + signing.scope().text()
                + "\n" + previousSignature + "\n" + SigV4.EMPTY_SHA256 + "\n" + HexFormat.of().formatHex(chunkHash.digest()));
        if (chunkSignature == null || !SigV4.same(expected, chunkSignature)) throw signatureMismatch("a chunk");
        previousSignature = chunkSignature;
    }

    private static S3Error signatureMismatch(String what) {
        return S3Error.of("SignatureDoesNotMatch", 403, "The signature of " + what + " of the aws-chunked body does not match "
                + "the one we calculated.");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
