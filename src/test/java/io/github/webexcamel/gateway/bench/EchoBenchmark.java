package io.github.webexcamel.gateway.bench;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.webexcamel.gateway.sandbox.SandboxListener;
import io.github.webexcamel.gateway.sandbox.SandboxOptions;
import io.github.webexcamel.gateway.sandbox.WebexSandbox;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Echo benchmark: the Webex sandbox runs in this JVM, the gateway in a child JVM talking to it over
 * HTTP and the Mercury WebSocket. Every message is {@code /echo <n>} from one of R users in their direct
 * room; the reply text {@code <n>} identifies it. Latency is measured from the sandbox pushing the
 * activity for n on the socket to the sandbox receiving the bot's reply, both stamped on the sandbox's
 * event loop with {@link System#nanoTime()}.
 *
 * <p>Usage: {@code EchoBenchmark [messages] [rooms]} (default 10000 100). Knobs (system properties or
 * environment): {@code GATEWAY_JAVA_OPTS}, {@code BENCH_WARMUP} (2000), {@code BENCH_POSTERS} (4),
 * {@code BENCH_LATENCY_MESSAGES} (2000), {@code BENCH_LATENCY_RATE} (200 messages/s), {@code BENCH_LATENCY_WARMUP} (0),
 * {@code BENCH_TIMEOUT_S} (60), {@code GATEWAY_ARGS} (extra gateway program arguments), {@code BENCH_JAR} (target/webex-camel-gateway.jar).
 *
 * <p>Exits 0 when the harness ran, whether or not the targets were met; non-zero on a harness failure
 * (the gateway did not start or connect, the sandbox failed).
 */
public final class EchoBenchmark {

    /**
     * The options the Dockerfile runs the gateway with. C1 only (TieredStopAtLevel=1): on two cores C2's
     * compiler threads competed with the routes for CPU and its arenas cost RSS; C1 gave more replies/s, a
     * lower p99, a faster start and ~50 MiB less RSS (BENCHMARKS.md). The heap free ratios keep the serial
     * collector from growing the heap to its maximum after a burst's full collections: 17 MiB less peak RSS.
     */
    static final String DEFAULT_GATEWAY_OPTS =
            "-Xms80m -Xmx112m -Xss512k -XX:+UseSerialGC -XX:MetaspaceSize=64m -XX:MaxMetaspaceSize=128m"
                    + " -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:TieredStopAtLevel=1"
                    + " -XX:CICompilerCount=1 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:SurvivorRatio=4";

    // targets from the issue
    static final double TARGET_REPLIES_PER_S = 5000;
    static final double TARGET_P99_MS = 5;
    static final double TARGET_STARTUP_S = 2;
    static final double TARGET_RSS_MIB = 256;

    private final int messages;
    private final int rooms;
    private final int warmup = intKnob("BENCH_WARMUP", 2000);
    private final int posters = intKnob("BENCH_POSTERS", 4);
    private final int latencyMessages = intKnob("BENCH_LATENCY_MESSAGES", 2000);
    private final int latencyRate = intKnob("BENCH_LATENCY_RATE", 200);
    /** Messages sent at the paced rate before the measured ones, not measured: the paced p99 of a process past its first minute. */
    private final int latencyWarmup = intKnob("BENCH_LATENCY_WARMUP", 0);
    private final int timeoutSeconds = intKnob("BENCH_TIMEOUT_S", 60);
    /** Until the gateway is connected, every Webex REST call is answered this much later: the cloud is not local. */
    private final int startRttMillis = intKnob("BENCH_START_RTT_MS", 0);
    private final Path jar = Path.of(knob("BENCH_JAR", "target/webex-camel-gateway.jar"));
    private final String gatewayOpts = knob("GATEWAY_JAVA_OPTS", DEFAULT_GATEWAY_OPTS);
    /** Seconds of CPU the host took away during the burst and the paced phase. */
    private double[] stolenSeconds;

    // per message n (all phases share one numbering: warm-up, throughput, latency, probe)
    private final int total;
    private final AtomicLongArray pushNs;
    private final AtomicLongArray replyNs;
    private final AtomicIntegerArray replyCount;
    private final int[] roomOf;
    private final int[] lastInRoom; // highest n replied in a room so far; touched on the sandbox loop only
    private final AtomicIntegerArray reorderedIn; // per message: its reply came after a later one of its room
    private final AtomicInteger replies = new AtomicInteger();
    private final AtomicInteger strayReplies = new AtomicInteger();
    private final AtomicLong botRequests = new AtomicLong();
    private final AtomicLong botRequestErrors = new AtomicLong();
    private final AtomicLong botGets = new AtomicLong();
    private final AtomicLong botPosts = new AtomicLong();
    private final Map<String, Integer> roomIndex = new HashMap<>();
    private String[] roomIds;
    private String[] emails;
    private volatile String botEmail;

    private EchoBenchmark(int messages, int rooms) {
        this.messages = messages;
        this.rooms = rooms;
        this.total = warmup + messages + latencyWarmup + latencyMessages + 1;
        this.pushNs = new AtomicLongArray(total);
        this.replyNs = new AtomicLongArray(total);
        this.replyCount = new AtomicIntegerArray(total);
        this.roomOf = new int[total];
        this.lastInRoom = new int[rooms];
        this.reorderedIn = new AtomicIntegerArray(total);
        Arrays.fill(lastInRoom, -1);
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rooms = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        if (messages < 1 || rooms < 1) {
            System.err.println("usage: EchoBenchmark [messages>=1] [rooms>=1]");
            System.exit(2);
        }
        int rc;
        try {
            rc = new EchoBenchmark(messages, rooms).run();
        } catch (Exception e) {
            System.err.println("benchmark harness failed: " + e);
            e.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    private int run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.err.println("No gateway jar at " + jar.toAbsolutePath() + " (build it first)");
            return 1;
        }
        Vertx vertx = Vertx.vertx();
        WebexSandbox sandbox = new WebexSandbox(vertx, new SandboxOptions().setPort(0)
                .setCallTimeout(Duration.ofSeconds(30)));
        sandbox.start();
        Process gateway = null;
        try {
            botEmail = sandbox.botEmail();
            setUpRooms(sandbox);
            sandbox.addListener(new Listener());

            Files.createDirectories(Path.of("target"));
            Path log = Path.of("target/bench-gateway.log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : gatewayOpts.trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    cmd.add(o);
                }
            }
            String archive = knob("BENCH_CDS_ARCHIVE", "");
            if (!archive.isEmpty()) {
                // class data sharing: the classes a training run loaded are mapped instead of loaded again
                cmd.add("-XX:SharedArchiveFile=" + archive);
            }
            cmd.addAll(List.of("-jar", jar.toString(),
                    "--logging.level.root=WARN", "--logging.level.io.github.webexcamel=WARN",
                    "--logging.level.org.springframework.boot.web.embedded=WARN", "--spring.main.banner-mode=off",
                    // governance on as shipped, except the rate limits (load tests run without them); the state
                    // store of earlier runs, as a restarted gateway has (bench/echo-benchmark.sh resets it per build)
                    "--webex.access.open=true", "--webex.rate-limit.per-person=0", "--webex.rate-limit.per-space=0",
                    "--webex.state.file=target/bench-state/gateway"));
            String args = knob("GATEWAY_ARGS", "");
            if (!args.contains("--management.server.port")) {
                cmd.add("--management.server.port=0");
            }
            for (String a : args.trim().split("\\s+")) {
                if (!a.isEmpty()) {
                    cmd.add(a);
                }
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            Map<String, String> env = pb.environment();
            // glibc gives each busy thread its own malloc arena; two keep native memory (RSS) in check
            env.putIfAbsent("MALLOC_ARENA_MAX", "2");
            // the real (file) event store, kept out of the repository's data/ folder
            env.put("WEBEX_STATE_FILE", "target/bench-state/events.dat");
            env.put("WEBEX_STATE_CHECKPOINT", "target/bench-state/checkpoint-" + System.nanoTime());
            env.put("WEBEX_API_TOKEN", sandbox.botToken());
            env.put("WEBEX_API_URL", sandbox.apiUrl());
            env.put("WEBEX_U2C_URL", sandbox.u2cUrl());
            env.put("PORT", "0");
            for (String k : List.of("WEBEX_APPROVED_USERS", "WEBEX_APPROVED_DOMAINS", "WEBEX_APPROVED_ROOMS",
                    "WEBEX_PROXY_URL")) {
                env.remove(k);
            }

            System.out.printf(Locale.ROOT, "echo benchmark: %d messages over %d rooms (warm-up %d, %d posting threads)%n",
                    messages, rooms, warmup, posters);
            System.out.println("gateway JVM options: " + gatewayOpts);
            sandbox.faults().delayRest(Duration.ofMillis(startRttMillis));
            long t0 = System.nanoTime();
            gateway = pb.start();
            double startupS = waitConnected(sandbox, gateway, t0);
            sandbox.faults().delayRest(Duration.ZERO);
            if (startupS < 0) {
                System.err.println("The gateway did not connect; see " + log.toAbsolutePath());
                return 1;
            }
            // CPU spent to get there (all threads): steadier than the wall clock on a shared host
            double startupCpuS = cpuTicks(gateway.pid()) / 100.0;
            System.out.printf(Locale.ROOT, "gateway pid %d connected after %.2f s, %.2f s of CPU%n", gateway.pid(),
                    startupS, startupCpuS);

            // first message after connecting: a cold path (class loading, JIT)
            int probe = total - 1;
            post(sandbox, probe, 0);
            if (!awaitReplies(probe, probe + 1, 30)) {
                System.err.println("The gateway connected but does not answer /echo; see " + log.toAbsolutePath());
                return 1;
            }
            double firstReplyMs = (replyNs.get(probe) - pushNs.get(probe)) / 1e6;

            // warm-up
            int base = 0;
            postBurst(sandbox, base, warmup);
            awaitReplies(base, base + warmup, timeoutSeconds);

            // throughput
            base = warmup;
            long cpu0 = cpuTicks(gateway.pid());
            long steal0 = stealTicks();
            long selfCpu0 = selfCpuNs();
            long firstPost = System.nanoTime();
            long lastPost = postBurst(sandbox, base, messages);
            awaitReplies(base, base + messages, timeoutSeconds);
            long cpu1 = cpuTicks(gateway.pid());
            long steal1 = stealTicks();
            long selfCpu1 = selfCpuNs();
            Phase tp = phase(base, base + messages, firstPost);
            double postRate = messages / ((lastPost - firstPost) / 1e9);

            // latency at a paced rate (after the unmeasured paced warm-up, if one is asked for)
            base = warmup + messages;
            long stealPaced = steal1;
            if (latencyWarmup > 0) {
                pace(sandbox, base, latencyWarmup);
                awaitReplies(base, base + latencyWarmup, timeoutSeconds);
                base += latencyWarmup;
                stealPaced = stealTicks();
            }
            long pacedStart = pace(sandbox, base, latencyMessages);
            long pacedEnd = System.nanoTime();
            awaitReplies(base, base + latencyMessages, timeoutSeconds);
            long steal2 = stealTicks();
            stolenSeconds = new double[] { (steal1 - steal0) / 100.0, (steal2 - stealPaced) / 100.0 };
            Phase lat = phase(base, base + latencyMessages, pacedStart);
            double pacedRate = latencyMessages / ((pacedEnd - pacedStart) / 1e9);

            long[] mem = memory(gateway.pid());
            if (tp.lost > 0 || lat.lost > 0) {
                System.out.println("replies were lost: gateway thread dump and class histogram in target/bench-gateway-*.txt");
                jcmd(gateway.pid(), "Thread.print", Path.of("target/bench-gateway-threads.txt"));
                jcmd(gateway.pid(), "GC.class_histogram", Path.of("target/bench-gateway-histogram.txt"));
            }
            if (gatewayOpts.contains("NativeMemoryTracking")) {
                jcmd(gateway.pid(), "VM.native_memory", Path.of("target/bench-gateway-nmt.txt"));
            }
            double gwCpuS = (cpu1 - cpu0) / 100.0; // USER_HZ
            double sbCpuS = (selfCpu1 - selfCpu0) / 1e9;
            double tpWallS = tp.spanNs / 1e9;

            String table = table(startupS, startupCpuS, firstReplyMs, tp, postRate, lat, pacedRate, mem, gwCpuS, sbCpuS, tpWallS);
            System.out.print(table);
            Files.writeString(Path.of("target/bench-result.txt"), table, StandardCharsets.UTF_8);
            Files.writeString(Path.of("target/bench-detail.txt"), detail(0, total), StandardCharsets.UTF_8);
            if (strayReplies.get() > 0) {
                System.out.println("note: " + strayReplies.get() + " bot messages were not an echo of a benchmark message");
            }
            return 0;
        } finally {
            if (gateway != null) {
                gateway.destroy();
                if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                    System.err.println("gateway did not stop on SIGTERM in 20 s; killing it");
                    gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            sandbox.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    // ---- set-up and posting

    private void setUpRooms(WebexSandbox sandbox) {
        roomIds = new String[rooms];
        emails = new String[rooms];
        for (int i = 0; i < rooms; i++) {
            emails[i] = "bench-" + i + "@example.com";
            sandbox.createPerson(emails[i], "Bench " + i);
            roomIds[i] = sandbox.directRoom(emails[i]).get("id").asText();
            roomIndex.put(roomIds[i], i);
        }
    }

    private void post(WebexSandbox sandbox, int n, int room) {
        roomOf[n] = room;
        sandbox.userPost(emails[room], roomIds[room], "/echo " + n, null, false);
    }

    /** Posts {@code count} messages from {@code base} at the paced rate, one room after another; returns when it began. */
    private long pace(WebexSandbox sandbox, int base, int count) {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / latencyRate;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            post(sandbox, base + i, i % rooms);
        }
        return start;
    }

    /**
     * Posts messages [base, base+count) round-robin over the rooms, as fast as the sandbox takes them,
     * from several threads; a room's messages all come from one thread, in order. Returns when the last
     * one was posted.
     */
    private long postBurst(WebexSandbox sandbox, int base, int count) throws InterruptedException {
        int threads = Math.max(1, Math.min(posters, rooms));
        List<Thread> ts = new ArrayList<>();
        AtomicLong last = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        int room = i % rooms;
                        if (room % threads == me) {
                            post(sandbox, base + i, room);
                        }
                    }
                    last.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "bench-poster-" + t);
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("posting failed", failures.get(0));
        }
        return last.get();
    }

    private double waitConnected(WebexSandbox sandbox, Process gateway, long t0) throws InterruptedException {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (sandbox.connectedSockets() >= 1) {
                return (System.nanoTime() - t0) / 1e9;
            }
            if (!gateway.isAlive()) {
                return -1;
            }
            Thread.sleep(2);
        }
        return -1;
    }

    /** Waits until every message in [from, to) has a reply, or no reply came for timeoutSeconds. */
    private boolean awaitReplies(int from, int to, int timeoutSeconds) throws InterruptedException {
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            int got = 0;
            for (int n = from; n < to; n++) {
                if (replyCount.get(n) > 0) {
                    got++;
                }
            }
            if (got == to - from) {
                return true;
            }
            if (got != seen) {
                seen = got;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                return false;
            }
            Thread.sleep(5);
        }
    }

    // ---- observing the sandbox (callbacks run on its event loop)

    private final class Listener implements SandboxListener {

        @Override
        public void onActivity(ObjectNode envelope) {
            long now = System.nanoTime();
            String text = envelope.path("data").path("activity").path("object").path("displayName").asText("");
            int n = echoNumber(text.startsWith("/echo ") ? text.substring(6) : "");
            if (n >= 0 && n < total) {
                pushNs.compareAndSet(n, 0, now);
            }
        }

        @Override
        public void onMessage(String event, ObjectNode message) {
            if (!"created".equals(event) || !botEmail.equals(message.path("personEmail").asText())) {
                return;
            }
            long now = System.nanoTime();
            int n = echoNumber(message.path("text").asText(""));
            Integer room = roomIndex.get(message.path("roomId").asText());
            if (n < 0 || n >= total || room == null || roomOf[n] != room) {
                strayReplies.incrementAndGet();
                return;
            }
            // replyNs before replyCount: the driver reads the time once it sees the count
            if (replyNs.compareAndSet(n, 0, now)) {
                if (n == total - 1) {
                    // the probe, posted before everything else: not part of any room's order
                } else if (n < lastInRoom[room]) {
                    reorderedIn.set(n, 1);
                } else {
                    lastInRoom[room] = n;
                }
            }
            replyCount.incrementAndGet(n);
            replies.incrementAndGet();
        }

        @Override
        public void onBotRequest(String method, String path, int status) {
            botRequests.incrementAndGet();
            if ("GET".equals(method) && path.startsWith("/v1/messages/")) {
                botGets.incrementAndGet();
            } else if ("POST".equals(method) && path.equals("/v1/messages")) {
                botPosts.incrementAndGet();
            }
            if (status >= 400) {
                botRequestErrors.incrementAndGet();
            }
        }
    }

    private static int echoNumber(String s) {
        s = s.trim();
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    // ---- results

    private record Phase(int count, int replied, int lost, int duplicated, int reordered, long spanNs,
            double p50, double p95, double p99, double max, double mean) {

        double repliesPerSecond() {
            return spanNs <= 0 ? 0 : replied / (spanNs / 1e9);
        }
    }

    private Phase phase(int from, int to, long firstPostNs) {
        long[] lat = new long[to - from];
        int k = 0;
        int lost = 0;
        int dup = 0;
        int reordered = 0;
        long lastReply = firstPostNs;
        for (int n = from; n < to; n++) {
            int c = replyCount.get(n);
            if (c == 0) {
                lost++;
                continue;
            }
            if (c > 1) {
                dup++;
            }
            reordered += reorderedIn.get(n);
            long r = replyNs.get(n);
            lastReply = Math.max(lastReply, r);
            long p = pushNs.get(n);
            if (p != 0) {
                lat[k++] = r - p;
            }
        }
        long[] l = Arrays.copyOf(lat, k);
        Arrays.sort(l);
        double mean = k == 0 ? Double.NaN : Arrays.stream(l).average().orElse(0) / 1e6;
        return new Phase(to - from, to - from - lost, lost, dup, reordered, lastReply - firstPostNs,
                pct(l, 50), pct(l, 95), pct(l, 99), k == 0 ? Double.NaN : l[k - 1] / 1e6, mean);
    }

    /** Lost and reordered messages, one a line, for digging into a bad run. */
    private String detail(int from, int to) {
        StringBuilder b = new StringBuilder("# n room status pushMs replyMs (relative to the first push)\n");
        long t0 = Long.MAX_VALUE;
        for (int n = from; n < to; n++) {
            if (pushNs.get(n) != 0) {
                t0 = Math.min(t0, pushNs.get(n));
            }
        }
        for (int n = from; n < to; n++) {
            String status = replyCount.get(n) == 0 ? "lost" : reorderedIn.get(n) == 1 ? "reordered"
                    : replyCount.get(n) > 1 ? "duplicated" : null;
            if (status != null) {
                b.append(fmt("%d %d %s %.1f %.1f%n", n, roomOf[n], status,
                        pushNs.get(n) == 0 ? -1.0 : (pushNs.get(n) - t0) / 1e6,
                        replyNs.get(n) == 0 ? -1.0 : (replyNs.get(n) - t0) / 1e6));
            }
        }
        return b.toString();
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private String table(double startupS, double startupCpuS, double firstReplyMs, Phase tp, double postRate, Phase lat, double pacedRate,
            long[] mem, double gwCpuS, double sbCpuS, double tpWallS) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n== echo benchmark: %d messages over %d rooms (%s, %d CPUs) ==%n",
                messages, rooms, java.time.LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors()));
        b.append("gateway JVM options: ").append(gatewayOpts).append('\n');
        row(b, "metric", "value", "target", "");
        row(b, "start-up to connected", fmt("%.2f s", startupS), "<= 2 s", mark(startupS <= TARGET_STARTUP_S));
        row(b, "CPU used to get connected", fmt("%.2f s", startupCpuS), "", "");
        row(b, "first reply after connect", fmt("%.1f ms", firstReplyMs), "", "");
        b.append(fmt("-- throughput: %d messages posted at %.0f/s (%d posting threads)%n", tp.count, postRate, posters));
        row(b, "replies/s", fmt("%.0f", tp.repliesPerSecond()), ">= 5000", mark(tp.repliesPerSecond() >= TARGET_REPLIES_PER_S));
        row(b, "wall time (first post to last reply)", fmt("%.2f s", tp.spanNs / 1e9), "", "");
        row(b, "replies", fmt("%d", tp.replied), fmt("%d", tp.count), mark(tp.replied == tp.count));
        row(b, "lost", fmt("%d", tp.lost), "0", mark(tp.lost == 0));
        row(b, "duplicated", fmt("%d", tp.duplicated), "0", mark(tp.duplicated == 0));
        row(b, "out of order within a room", fmt("%d", tp.reordered), "0", mark(tp.reordered == 0));
        row(b, "latency p50 / p95 / p99 / max", fmt("%.1f / %.1f / %.1f / %.1f ms", tp.p50, tp.p95, tp.p99, tp.max),
                "(queueing)", "");
        row(b, "CPU gateway / sandbox+driver", fmt("%.1f s / %.1f s in %.1f s", gwCpuS, sbCpuS, tpWallS), "", "");
        // on a shared host replies/s swings by a fifth between identical runs; the gateway's CPU per reply, read
        // against the sandbox's (the same work in every run), is the steadier measure of what a change costs
        if (tp.replied > 0 && sbCpuS > 0) {
            row(b, "gateway CPU per reply (÷ sandbox's)", fmt("%.0f µs (%.2f)", gwCpuS * 1e6 / tp.replied, gwCpuS / sbCpuS), "", "");
        }
        b.append(fmt("-- latency: %d messages paced at %.0f/s%s%n", lat.count, pacedRate,
                latencyWarmup > 0 ? fmt(" (after %d unmeasured at that rate)", latencyWarmup) : ""));
        row(b, "latency p50 / p95", fmt("%.2f / %.2f ms", lat.p50, lat.p95), "", "");
        row(b, "latency p99", fmt("%.2f ms", lat.p99), "<= 5 ms", mark(lat.p99 <= TARGET_P99_MS));
        row(b, "latency max / mean", fmt("%.2f / %.2f ms", lat.max, lat.mean), "", "");
        if (stolenSeconds != null && stolenSeconds[0] >= 0) {
            boolean disturbed = stolenSeconds[0] > 0.2 || stolenSeconds[1] > 0.2;
            row(b, "CPU stolen by the host (burst / paced)", fmt("%.1f s / %.1f s", stolenSeconds[0], stolenSeconds[1]),
                    disturbed ? "disturbed run" : "", "");
        }
        row(b, "lost / duplicated / out of order", fmt("%d / %d / %d", lat.lost, lat.duplicated, lat.reordered), "0 / 0 / 0",
                mark(lat.lost == 0 && lat.duplicated == 0 && lat.reordered == 0));
        b.append("-- gateway process\n");
        double hwm = mem[0] / 1024.0;
        row(b, "peak RSS (VmHWM)", mem[0] < 0 ? "n/a" : fmt("%.0f MiB", hwm), "<= 256 MiB", mem[0] < 0 ? "" : mark(hwm <= TARGET_RSS_MIB));
        row(b, "RSS at end (VmRSS: anon + file)", mem[1] < 0 ? "n/a" : fmt("%.0f MiB (%.0f + %.0f)", mem[1] / 1024.0,
                mem[2] / 1024.0, mem[3] / 1024.0), "", "");
        row(b, "bot HTTP requests (errors)", fmt("%d (%d)", botRequests.get(), botRequestErrors.get()), "", "");
        row(b, "  GET /v1/messages/{id}, POST /v1/messages", fmt("%d, %d (%d messages)", botGets.get(), botPosts.get(), total),
                "", "");
        return b.toString();
    }

    private static void row(StringBuilder b, String metric, String value, String target, String mark) {
        b.append(String.format(Locale.ROOT, "%-38s %-30s %-11s %s", metric, value, target, mark).stripTrailing()).append('\n');
    }

    private static String mark(boolean ok) {
        return ok ? "✓" : "✗";
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    // ---- process figures

    /** VmHWM, VmRSS, RssAnon, RssFile in KiB, -1 when /proc is not there. */
    private static long[] memory(long pid) {
        long[] out = {-1, -1, -1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    out[0] = kib(line);
                } else if (line.startsWith("VmRSS:")) {
                    out[1] = kib(line);
                } else if (line.startsWith("RssAnon:")) {
                    out[2] = kib(line);
                } else if (line.startsWith("RssFile:")) {
                    out[3] = kib(line);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return out;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /**
     * Time the hypervisor gave this machine's CPUs to someone else ("steal" in /proc/stat), in clock ticks;
     * -1 when /proc is not there. On a shared host a run with steal says more about the neighbours than the
     * gateway: the paced phase's p99 went from 2.5 ms to 20-80 ms in runs with seconds of steal.
     */
    private static long stealTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    return f.length > 8 ? Long.parseLong(f[8]) : -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** utime + stime of a process in clock ticks, -1 when /proc is not there. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long selfCpuNs() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** Runs a jcmd diagnostic command on the gateway (jcmd next to this JVM's java) into a file. */
    private static void jcmd(long pid, String command, Path to) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).redirectOutput(to.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.out.println("no " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- knobs

    private static String knob(String name, String def) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? def : v;
    }

    private static int intKnob(String name, int def) {
        return Integer.parseInt(knob(name, Integer.toString(def)));
    }
}
