package dev.riskgate.state.redis;

import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters and no replicas on loopback, made the way an operator makes one:
 * {@code redis-server --cluster-enabled yes} per node, then {@code redis-cli --cluster create}. Each node
 * has its own directory under the caller's for its cluster config and log (removed on close); no data is
 * saved (no RDB, no AOF). The nodes are killed on {@link #close} and, should the JVM end first, by a
 * shutdown hook, so that no test leaves servers behind.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final Duration START = Duration.ofSeconds(60);
    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Path workDir;
    private final Thread killer = new Thread(this::kill, "redis-cluster-killer");
    private int[] owners;

    private RedisCluster(Path workDir) {
        this.workDir = workDir;
        Runtime.getRuntime().addShutdownHook(killer);
    }

    public static RedisCluster start(Path workDir) throws IOException, InterruptedException {
        RedisCluster cluster = new RedisCluster(workDir);
        try {
            cluster.startNodes();
            cluster.create();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The seed list riskgate is given: every master, though one would do (the client learns the rest). */
    public String url() {
        return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The masters' ports, for looking at one node alone. */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The port of the master that owns {@code key}'s slot, as the cluster said once it was made. */
    public int portOf(String key) {
        return owners[SlotHash.getSlot(key)];
    }

    /** Which master owns each slot, from CLUSTER NODES ({@code <id> <ip:port@bus> <flags> ... <from-to>...}). */
    private int[] owners() throws InterruptedException {
        int[] owner = new int[SlotHash.SLOT_COUNT];
        for (String line : cli(ports.get(0), "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                for (int slot = Integer.parseInt(range[0]); slot <= Integer.parseInt(range[range.length - 1]); slot++) {
                    owner[slot] = port;
                }
            }
        }
        return owner;
    }

    private void startNodes() throws IOException, InterruptedException {
        String binary = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
        // Each node needs two free ports: clients, and the cluster bus (set explicitly instead of port + 10000,
        // which may be taken or past 65535).
        List<Integer> free = freePorts(2 * MASTERS);
        for (int i = 0; i < MASTERS; i++) {
            Path dir = Files.createDirectories(workDir.resolve("node-" + i));
            int port = free.get(2 * i);
            nodes.add(new ProcessBuilder(binary, "--port", Integer.toString(port),
                    "--cluster-port", Integer.toString(free.get(2 * i + 1)), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start());
            ports.add(port);
        }
        Instant deadline = Instant.now().plus(START);
        for (int i = 0; i < MASTERS; i++) {
            while (!cli(ports.get(i), "PING").equals("PONG")) {
                if (!nodes.get(i).isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("redis-server did not start on port " + ports.get(i) + ": "
                            + Files.readString(workDir.resolve("node-" + i).resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cliBinary(), "--cluster", "create"));
        ports.forEach(p -> command.add("127.0.0.1:" + p));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = workDir.resolve("create.log");
        Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!create.waitFor(START.toSeconds(), TimeUnit.SECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new IOException("redis-cli --cluster create failed: " + Files.readString(log));
        }
        // create returns once the slots are assigned; each node says ok once it has heard from the others.
        Instant deadline = Instant.now().plus(START);
        for (int port : ports) {
            while (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("cluster never became ok on port " + port + ": " + cli(port, "CLUSTER", "INFO"));
                }
                Thread.sleep(50);
            }
        }
        owners = owners();
    }

    /** One command through redis-cli to the node on {@code port}; its output, or "" if it could not run. */
    static String cli(int port, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(cliBinary(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String cliBinary() {
        return Files.isExecutable(Path.of("/usr/bin/redis-cli")) ? "/usr/bin/redis-cli" : "redis-cli";
    }

    /** Distinct free loopback ports, all held open together so that none is handed out twice. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private void kill() {
        for (Process node : nodes) {
            node.destroyForcibly();
        }
    }

    @Override
    public void close() {
        for (Process node : nodes) {
            node.destroy();
        }
        try {
            for (Process node : nodes) {
                if (!node.waitFor(5, TimeUnit.SECONDS)) {
                    node.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs anyway.
        }
        deleteFiles();
    }

    /** What the nodes and redis-cli wrote (configs, logs); the directory given is the caller's to remove. */
    private void deleteFiles() {
        List<Path> written = new ArrayList<>(List.of(workDir.resolve("create.log")));
        for (int i = 0; i < nodes.size(); i++) {
            Path dir = workDir.resolve("node-" + i);
            written.addAll(List.of(dir.resolve("nodes.conf"), dir.resolve("redis.log"), dir));
        }
        for (Path f : written) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // Something else in it: left for the caller's clean-up of the directory.
            }
        }
    }
}
