package io.bulkroute.ledger;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a load: {@code pid@host#start}. The start (epoch ms) tells a process from an earlier one with the same
 * pid and host: a container's java restarted after a crash is pid 1 on the same host again.
 */
final class ProcessOwner {
    /** This process. */
    static final String THIS_PROCESS = ProcessHandle.current().pid() + "@" + host() + "#" + started(ProcessHandle.current());
    private static final Pattern OWNER = Pattern.compile("(\\d+)@([^#]+)(?:#(-?\\d+))?");

    private final String id;

    ProcessOwner(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static long started(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    /**
     * Whether the process that holds a load is gone: its lease ran out, or it ran on this host and
     * its process no longer exists (a crash is seen at once, without waiting for the lease).
     */
    boolean isGone(String holder, Instant leaseUntil) {
        if (holder == null || leaseUntil == null || leaseUntil.isBefore(Instant.now())) {
            return true;
        }
        Matcher m = OWNER.matcher(holder);
        if (!m.matches() || !m.group(2).equals(host())) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        long start = m.group(3) == null ? -1 : Long.parseLong(m.group(3));
        if (holder.equals(THIS_PROCESS)) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            // the same pid, another start: an earlier run of this process's program, now gone
            return start != started(ProcessHandle.current());
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.map(p -> !p.isAlive() || start != -1 && started(p) != -1 && started(p) != start).orElse(true);
    }
}
