package dev.nabla.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The AllReduce between the tasks of one barrier stage, over plain TCP between the tasks themselves: the
 * driver sees only each task's address (once, through the barrier's allGather). The flat vector is cut
 * into one slice per task; a reduce-scatter sends slice j of every task's vector to task j, which sums
 * the p copies in rank order (the fixed order that makes every run, and every replica, give the same
 * bits), and an all-gather sends each summed slice back to every task. Each task sends and receives
 * 2(p-1)/p of the vector, whatever p is (see docs/design.md, Spark, for the cost model).
 *
 * <p>A full mesh of p-1 connections per task, opened once per stage attempt; sends run on one thread per
 * peer while the task's own thread receives, so no pair of tasks waits on the other's buffer. Closing
 * (a failed task's {@code finally}) breaks its peers' reads, so a failure fails the whole barrier stage,
 * which Spark then retries as a whole.
 */
final class PeerExchange implements AutoCloseable {
    private static final int TIMEOUT_MS = 600_000;
    private final int rank;
    private final int p;
    private final Socket[] sockets;
    private final DataInputStream[] in;
    private final DataOutputStream[] out;
    private final ExecutorService senders;
    private long nanos;
    private long bytesSent;

    /**
     * Opens the mesh. {@code allGather} is the barrier's: it takes this task's address and returns all
     * tasks' addresses in rank order.
     */
    PeerExchange(int rank, int p, String host, Function<String, List<String>> allGather) throws IOException {
        this.rank = rank;
        this.p = p;
        this.sockets = new Socket[p];
        this.in = new DataInputStream[p];
        this.out = new DataOutputStream[p];
        this.senders = Executors.newFixedThreadPool(Math.max(1, p - 1), r -> {
            Thread t = new Thread(r, "nabla-allreduce-send");
            t.setDaemon(true);
            return t;
        });
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), p);
            server.setSoTimeout(TIMEOUT_MS);
            List<String> peers = allGather.apply(host + ":" + server.getLocalPort());
            for (int j = rank + 1; j < p; j++) { // connect up, accept from below: one socket per pair
                String[] hp = peers.get(j).split(":");
                Socket s = new Socket();
                s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), TIMEOUT_MS);
                attach(j, s);
                out[j].writeInt(rank);
                out[j].flush();
            }
            for (int k = 0; k < rank; k++) {
                Socket s = server.accept();
                int from = new DataInputStream(s.getInputStream()).readInt();
                attach(from, s);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void attach(int peer, Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MS);
        sockets[peer] = s;
        in[peer] = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        out[peer] = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
    }

    /** Start of task {@code j}'s slice of an n-vector. */
    static int sliceStart(int n, int p, int j) {
        return (int) ((long) n * j / p);
    }

    /** Replaces {@code v} by the element-wise sum of every task's {@code v}, the same bits in every task. */
    void allReduce(double[] v) throws IOException {
        long t0 = System.nanoTime();
        int n = v.length;
        int lo = sliceStart(n, p, rank), hi = sliceStart(n, p, rank + 1);
        // reduce-scatter: my slice j goes to task j; the copies of my own slice arrive from every peer
        Future<?>[] sends = new Future<?>[p];
        for (int j = 0; j < p; j++) {
            if (j != rank) {
                int peer = j;
                sends[j] = senders.submit(() -> send(peer, v, sliceStart(n, p, peer), sliceStart(n, p, peer + 1)));
            }
        }
        double[][] copies = new double[p][];
        for (int j = 0; j < p; j++) {
            copies[j] = j == rank ? java.util.Arrays.copyOfRange(v, lo, hi) : receive(j, hi - lo);
        }
        await(sends);
        for (int i = lo; i < hi; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) { // rank order: the same sum in every run
                s += copies[j][i - lo];
            }
            v[i] = s;
        }
        // all-gather: my summed slice goes to every peer; theirs fill the rest of v
        for (int j = 0; j < p; j++) {
            if (j != rank) {
                int peer = j;
                sends[j] = senders.submit(() -> send(peer, v, lo, hi));
            }
        }
        for (int j = 0; j < p; j++) {
            if (j != rank) {
                int a = sliceStart(n, p, j);
                double[] got = receive(j, sliceStart(n, p, j + 1) - a);
                System.arraycopy(got, 0, v, a, got.length);
            }
        }
        await(sends);
        nanos += System.nanoTime() - t0;
    }

    private Void send(int peer, double[] v, int from, int to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((to - from) * Double.BYTES).order(ByteOrder.BIG_ENDIAN);
        b.asDoubleBuffer().put(v, from, to - from);
        out[peer].write(b.array());
        out[peer].flush();
        synchronized (this) {
            bytesSent += b.capacity();
        }
        return null;
    }

    private double[] receive(int peer, int count) throws IOException {
        byte[] bytes = new byte[count * Double.BYTES];
        try {
            in[peer].readFully(bytes);
        } catch (IOException e) {
            throw new IOException("allreduce: lost task " + peer + " mid-exchange (" + e + "): it failed or its "
                    + "executor was lost; the barrier stage fails and Spark runs it again", e);
        }
        double[] d = new double[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer().get(d);
        return d;
    }

    private static void await(Future<?>[] sends) throws IOException {
        for (Future<?> f : sends) {
            if (f == null) {
                continue;
            }
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("allreduce: interrupted while sending", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("allreduce: send failed", e.getCause());
            }
        }
    }

    /** Wall time spent in {@link #allReduce}, in nanoseconds. */
    long nanos() {
        return nanos;
    }

    synchronized long bytesSent() {
        return bytesSent;
    }

    @Override
    public void close() {
        senders.shutdownNow();
        for (Socket s : sockets) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is best effort: the peer sees the connection end either way
                }
            }
        }
    }
}
