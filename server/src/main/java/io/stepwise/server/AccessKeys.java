package io.stepwise.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The access keys the server accepts: key id to secret access key. Read from a file in the AWS shared credentials
 * format ({@code ~/.aws/credentials}: {@code [profile]} sections with {@code aws_access_key_id} and
 * {@code aws_secret_access_key}; every profile's key is accepted, other settings such as
 * {@code aws_session_token} are ignored), or given directly.
 */
public record AccessKeys(Map<String, String> secrets) {
    public AccessKeys {
        secrets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secrets)); // file order, for messages
        secrets.forEach((id, secret) -> {
            // the key id travels inside "Credential=ID/date/region/service/aws4_request"
            if (id.isEmpty() || !id.chars().allMatch(c -> c > ' ' && c < 127 && c != '/' && c != ',' && c != '=')) {
                throw new IllegalArgumentException("not a usable access key id: '" + id + "'");
            }
            if (secret.isEmpty()) throw new IllegalArgumentException("access key " + id + " has an empty secret");
        });
    }

    public static AccessKeys none() {
        return new AccessKeys(Map.of());
    }

    public static AccessKeys of(String id, String secret) {
        return new AccessKeys(Map.of(id, secret));
    }

    /** The keys of every profile in an AWS shared credentials file; a profile with only half a key is an error. */
    public static AccessKeys read(Path file) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        int n = 0;
        for (String raw : Files.readAllLines(file)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                current = profiles.computeIfAbsent(line.substring(1, line.length() - 1).strip(), p -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || current == null) throw new IOException(file + " line " + n + ": expected [profile] or key = value");
            current.put(line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), line.substring(eq + 1).strip());
        }
        for (var p : profiles.entrySet()) {
            String id = p.getValue().get("aws_access_key_id");
            String secret = p.getValue().get("aws_secret_access_key");
            if (id == null && secret == null) continue;
            if (id == null || secret == null || id.isEmpty() || secret.isEmpty()) {
                throw new IOException(file + ": profile [" + p.getKey() + "] needs both aws_access_key_id and aws_secret_access_key");
            }
            String before = keys.putIfAbsent(id, secret);
            if (before != null && !before.equals(secret)) throw new IOException(file + ": access key " + id + " appears with two secrets");
        }
        try {
            return new AccessKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /** Both sets; the same key id with two different secrets is an error. */
    public AccessKeys and(AccessKeys other) {
        Map<String, String> all = new LinkedHashMap<>(secrets);
        other.secrets.forEach((id, secret) -> {
            if (!secret.equals(all.getOrDefault(id, secret))) throw new IllegalArgumentException("access key " + id + " is configured with two secrets");
            all.put(id, secret);
        });
        return new AccessKeys(all);
    }

    public Optional<String> secret(String accessKeyId) {
        return Optional.ofNullable(secrets.get(accessKeyId));
    }

    public Set<String> ids() {
        return secrets.keySet();
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** Never prints a secret. */
    @Override
    public String toString() {
        return "AccessKeys" + ids();
    }
}
