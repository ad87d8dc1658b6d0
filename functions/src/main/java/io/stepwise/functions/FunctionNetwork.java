package io.stepwise.functions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each environment's own network. Design note: as root, an environment gets a network namespace of its own
 * ({@code stepwise-N}, named so that {@code nsenter --net} can enter it) holding only loopback and {@code eth0}, one end
 * of a veth pair whose host end {@code swhN} has the address {@code 10.239.x.y/30}. The Runtime API listens for that
 * environment at the host end's address, port 9001. One nftables table, {@code inet stepwise}, written atomically at
 * start (every server on the machine writes the same one), then enforces for every {@code swh*} interface:
 * <ul>
 *   <li>input: only the host address of the environment's own pair, only ports 9001 (the Runtime API) and 9002 (the
 *       server's API, where the server listens for it: {@link ApiAccess}); everything else of the host (its
 *       other addresses, whatever listens on 0.0.0.0, other environments' Runtime APIs) is rejected. Services bound to
 *       127.0.0.1 (the Stepwise API by default, PostgreSQL) are not routable from another interface at all;</li>
 *   <li>forward: nothing between environments, nothing from outside into one; outbound to whatever the host reaches,
 *       masqueraded behind the host's address (IPv4 forwarding is switched on for that);</li>
 *   <li>a function without network (a VpcConfig with subnets: a private subnet without a NAT gateway, on AWS) has no
 *       default route: it reaches its Runtime API and nothing else.</li>
 * </ul>
 * Slots (which /30, which names) are taken machine-wide with a file lock each under /run/stepwise/net, so that several
 * servers on one host never share one, and a slot whose server was killed is free again (the kernel drops its locks);
 * whatever a killed server left under that slot's names is removed before the slot is set up again. Setting one up
 * costs two {@code ip} processes, taking it down one.
 */
final class FunctionNetwork {
    static final int RUNTIME_API_PORT = 9001;
    static final int SLOTS = 1 << 14;  // 10.239.0.0/16 in /30s
    private static final String PREFIX = "10.239.";
    private static final Path LOCKS = Path.of("/run/stepwise/net");
    private static final Path NETNS = Path.of("/run/netns");
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    private static final String RULES = """
            table inet stepwise
            delete table inet stepwise
            table inet stepwise {
            	chain input {
            		type filter hook input priority filter - 10; policy accept;
            		iifname "swh*" fib daddr . iif type != local reject with icmpx type admin-prohibited
            		iifname "swh*" tcp dport { %d, %d } accept
            		iifname "swh*" reject with icmpx type admin-prohibited
            	}
            	chain forward {
            		type filter hook forward priority filter - 10; policy accept;
            		iifname "swh*" oifname "swh*" reject with icmpx type admin-prohibited
            		oifname "swh*" ct state != { established, related } drop
            	}
            	chain postrouting {
            		type nat hook postrouting priority srcnat; policy accept;
            		ip saddr 10.239.0.0/16 oifname != "swh*" masquerade
            	}
            }
            """.formatted(RUNTIME_API_PORT, ApiAccess.PORT);

    /** One environment's network: enter it with {@link #enter}; the Runtime API listens at {@link #hostAddress}. */
    record Lease(int slot, FileChannel file, FileLock lock) {
        String netns() {
            return "stepwise-" + slot;
        }

        String hostInterface() {
            return "swh" + slot;
        }

        String hostAddress() {
            return address(slot, 1);
        }

        String envAddress() {
            return address(slot, 2);
        }

        /** The command prefix that runs what follows in this network namespace. */
        List<String> enter(String nsenter) {
            return List.of(nsenter, "--net=" + NETNS.resolve(netns()), "--");
        }
    }

    private static FunctionNetwork detected;
    private static String unavailable;

    private final String ip;
    private final String nsenter;
    private final BitSet inUse = new BitSet(SLOTS);  // slots this JVM holds (a second lock on one would throw)
    private int next;

    private FunctionNetwork(String ip, String nsenter) {
        this.ip = ip;
        this.nsenter = nsenter;
    }

    /**
     * The network namespaces, once per JVM: needs root, iproute2, nftables and nsenter; writes the rules and switches on
     * IPv4 forwarding. Empty, having said why once, when the host cannot have them.
     */
    static synchronized Optional<FunctionNetwork> detect() {
        if (detected != null || unavailable != null) return Optional.ofNullable(detected);
        Logger log = LoggerFactory.getLogger(FunctionNetwork.class);
        Optional<String> ip = Namespace.tool("ip"), nft = Namespace.tool("nft"), nsenter = Namespace.tool("nsenter");
        if (Boolean.getBoolean("stepwise.noFunctionNetwork")) {
            unavailable = "turned off with -Dstepwise.noFunctionNetwork=true (for measurements)";
        } else if (!Namespace.isRoot()) {
            unavailable = "the server is not root: a network namespace with a link to the host needs root";
        } else if (ip.isEmpty() || nft.isEmpty() || nsenter.isEmpty()) {
            List<String> missing = new java.util.ArrayList<>();
            if (ip.isEmpty()) missing.add("ip (iproute2)");
            if (nft.isEmpty()) missing.add("nft (nftables)");
            if (nsenter.isEmpty()) missing.add("nsenter (util-linux)");
            unavailable = "missing " + String.join(", ", missing) + ": apt-get install iproute2 nftables util-linux";
        } else {
            try {
                run(List.of(nft.get(), "-f", "-"), RULES);
                if (!Files.readString(IP_FORWARD).trim().equals("1")) {
                    Files.writeString(IP_FORWARD, "1\n");
                    log.info("sandbox: switched on IPv4 forwarding (net.ipv4.ip_forward=1) for functions' outbound traffic");
                }
                Files.createDirectories(LOCKS);
                detected = new FunctionNetwork(ip.get(), nsenter.get());
                log.info("sandbox: each environment has its own network namespace (10.239.0.0/16, nftables table inet stepwise)");
                return Optional.of(detected);
            } catch (IOException e) {
                unavailable = e.getMessage();
            }
        }
        log.warn("!!! sandbox: NO NETWORK NAMESPACES ({}): functions share the host's network and can reach every "
                + "service on it, 127.0.0.1 included (the Stepwise API, the database). !!!", unavailable);
        return Optional.empty();
    }

    /** Where the search for a free slot starts next (tests pick a range no other server on the machine uses). */
    synchronized void searchFrom(int slot) {
        next = slot % SLOTS;
    }

    String nsenter() {
        return nsenter;
    }

    /** Sets up a free slot; {@code outbound}: a default route to the host (NAT), else only the Runtime API. */
    Lease open(boolean outbound) throws IOException {
        Lease lease = take();
        try {
            String netns = lease.netns(), host = lease.hostInterface();
            StringBuilder hostSide = new StringBuilder();
            // left by a server killed while the slot was its own
            if (Files.exists(Path.of("/sys/class/net", host))) hostSide.append("link del ").append(host).append('\n');
            if (Files.exists(NETNS.resolve(netns))) hostSide.append("netns del ").append(netns).append('\n');
            hostSide.append("netns add ").append(netns).append('\n')
                    .append("link add ").append(host).append(" type veth peer name eth0 netns ").append(netns).append('\n')
                    .append("addr add ").append(lease.hostAddress()).append("/30 dev ").append(host).append('\n')
                    .append("link set ").append(host).append(" up\n");
            run(List.of(ip, "-b", "-"), hostSide.toString());
            String envSide = "addr add " + lease.envAddress() + "/30 dev eth0\nlink set eth0 up\nlink set lo up\n"
                    + (outbound ? "route add default via " + lease.hostAddress() + "\n" : "");
            run(List.of(ip, "-n", netns, "-b", "-"), envSide);
            return lease;
        } catch (IOException | RuntimeException e) {
            close(lease);
            throw e;
        }
    }

    /** Removes the slot's link (both ends) and namespace, and frees the slot. */
    void close(Lease lease) {
        try {
            String cmds = (Files.exists(Path.of("/sys/class/net", lease.hostInterface())) ? "link del " + lease.hostInterface() + "\n" : "")
                    + (Files.exists(NETNS.resolve(lease.netns())) ? "netns del " + lease.netns() + "\n" : "");
            if (!cmds.isEmpty()) run(List.of(ip, "-force", "-b", "-"), cmds);
        } catch (IOException e) {
            LoggerFactory.getLogger(FunctionNetwork.class).warn("sandbox: could not remove network {}: {}", lease.netns(), e.getMessage());
        } finally {
            try {
                lease.lock().release();
                lease.file().close();
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            }
            synchronized (this) {
                inUse.clear(lease.slot());
            }
        }
    }

    private synchronized Lease take() throws IOException {
        for (int i = 0; i < SLOTS; i++) {
            int slot = (next + i) % SLOTS;
            if (inUse.get(slot)) continue;
            FileChannel file = FileChannel.open(LOCKS.resolve(Integer.toString(slot)), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = file.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {      // another server on this machine has it
                file.close();
                continue;
            }
            inUse.set(slot);
            next = slot + 1;
            return new Lease(slot, file, lock);
        }
        throw new IOException("all " + SLOTS + " function network slots (10.239.0.0/16) are in use on this machine");
    }

    static String address(int slot, int host) {
        int n = slot * 4 + host;
        return PREFIX + (n >> 8) + "." + (n & 255);
    }

    private static void run(List<String> command, String stdin) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted");
        }
    }
}
