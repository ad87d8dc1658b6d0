package io.stepwise.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * An S3 additional checksum of a request body ({@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -sha1},
 * {@code -sha256}: base64 of the big-endian value), sent as a header or as an aws-chunked trailer, computed as the body
 * streams and compared at its end ({@code BadDigest}). CRC64NVME is not computed (the JDK has no such CRC).
 */
final class PayloadChecksum {
    private final String name;
    private final Checksum crc;
    private final MessageDigest digest;

    private PayloadChecksum(String name, Checksum crc, MessageDigest digest) {
        this.name = name;
        this.crc = crc;
        this.digest = digest;
    }

    /** The checksum a header or trailer of this name carries, when it is one computed here. */
    static Optional<PayloadChecksum> of(String headerName) {
        String name = headerName == null ? "" : headerName.strip().toLowerCase(Locale.ROOT);
        try {
            return Optional.ofNullable(switch (name) {
                case "x-amz-checksum-crc32" -> new PayloadChecksum(name, new CRC32(), null);
                case "x-amz-checksum-crc32c" -> new PayloadChecksum(name, new CRC32C(), null);
                case "x-amz-checksum-sha1" -> new PayloadChecksum(name, null, MessageDigest.getInstance("SHA-1"));
                case "x-amz-checksum-sha256" -> new PayloadChecksum(name, null, MessageDigest.getInstance("SHA-256"));
                default -> null;
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    void update(byte[] b, int off, int len) {
        if (crc != null) crc.update(b, off, len);
        else digest.update(b, off, len);
    }

    /** {@code BadDigest} unless {@code sent} (base64) is what the bytes seen so far give; nothing to check without one. */
    void check(String sent) {
        if (sent == null) return;
        byte[] computed = crc != null ? ByteBuffer.allocate(4).putInt((int) crc.getValue()).array() : digest.digest();
        String mine = Base64.getEncoder().encodeToString(computed);
        if (!mine.equals(sent.strip())) {
            throw S3Error.of("BadDigest", 400, "The " + name + " you specified did not match the calculated checksum (" + mine + ").");
        }
    }

    /** The body, checked against {@code sent} when it ends. */
    InputStream verifying(InputStream in, String sent) {
        return new FilterInputStream(in) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int c = in.read();
                if (c >= 0) update(new byte[] {(byte) c}, 0, 1);
                else end();
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) update(b, off, n);
                if (n < 0) end();
                return n;
            }

            private void end() {
                if (checked) return;
                checked = true;
                check(sent);
            }
        };
    }
}
