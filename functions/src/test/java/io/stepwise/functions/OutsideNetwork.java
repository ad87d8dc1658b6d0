package io.stepwise.functions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace of a test's own, linked to the host by a veth (host 10.240.n.1, inside 10.240.n.2): "outside"
 * the host for function environments, which reach it through their NAT as they would the internet, while the host's
 * own addresses are closed to them. Tests run their servers in it, so that traffic stays on this machine.
 * Needs root and iproute2.
 */
public final class OutsideNetwork implements AutoCloseable {
    private final String ns;
    private final String link;
    private final String address;
    private final List<Process> processes = new ArrayList<>();

    private OutsideNetwork(int n) {
        this.ns = "swtest-out-" + n;
        this.link = "swto" + n;
        this.address = "10.240." + n + ".2";
    }

    public static OutsideNetwork create() throws IOException, InterruptedException {
        OutsideNetwork o = new OutsideNetwork(ThreadLocalRandom.current().nextInt(1, 250));
        String n = o.address.substring(0, o.address.length() - 2);
        sh("ip link del " + o.link + " 2>/dev/null; ip netns del " + o.ns + " 2>/dev/null; true");  // a killed run's
        sh("ip netns add " + o.ns + " && ip link add " + o.link + " type veth peer name eth0 netns " + o.ns
                + " && ip addr add " + n + ".1/30 dev " + o.link + " && ip link set " + o.link + " up"
                + " && ip -n " + o.ns + " addr add " + o.address + "/30 dev eth0 && ip -n " + o.ns + " link set eth0 up"
                + " && ip -n " + o.ns + " link set lo up && ip -n " + o.ns + " route add default via " + n + ".1");
        return o;
    }

    /** Its address, where functions reach what runs in it. */
    public String address() {
        return address;
    }

    /** Starts {@code command} inside (stderr merged into stdout); stopped on {@link #close}. */
    public Process start(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) p.destroyForcibly().waitFor();
        sh("ip link del " + link + "; ip netns del " + ns);
    }

    private static void sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(script + " failed: " + out);
    }
}
