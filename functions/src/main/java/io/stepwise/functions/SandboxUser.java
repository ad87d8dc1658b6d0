package io.stepwise.functions;

/**
 * The unprivileged user function code runs as when the server runs as root (Lambda's sbx_user1051). Numeric ids
 * need no account; the default is {@code nobody:nogroup} (65534), which exists on every Linux, so libraries that look
 * the user up ({@code os.userInfo()}, {@code getpass.getuser()}) still work. All environments share it: each one sees
 * only its own processes (pid namespace) and its own /tmp, so the shared id gives one no handle on another.
 */
public record SandboxUser(int uid, int gid) {
    public static final SandboxUser NOBODY = new SandboxUser(65534, 65534);

    public SandboxUser {
        if (uid <= 0 || gid <= 0) throw new IllegalArgumentException("sandbox user must not be root: " + uid + ":" + gid);
    }

    /** {@code uid} or {@code uid:gid}, as in {@code STEPWISE_SANDBOX_USER=993:990}. */
    public static SandboxUser parse(String s) {
        String[] parts = s.trim().split(":");
        try {
            int uid = Integer.parseInt(parts[0]);
            return new SandboxUser(uid, parts.length > 1 ? Integer.parseInt(parts[1]) : uid);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("STEPWISE_SANDBOX_USER must be uid or uid:gid (numbers), not " + s, e);
        }
    }

    /** From {@code STEPWISE_SANDBOX_USER}, else {@link #NOBODY}. */
    static SandboxUser fromEnvironment() {
        String s = System.getenv("STEPWISE_SANDBOX_USER");
        return s == null || s.isBlank() ? NOBODY : parse(s);
    }

    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}
