package io.oscsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on a free loopback port that holds every chunk going from a client to the server
 * for a fixed delay, so each request/response round trip costs that much more: a downstream in
 * another zone, or one under load. Chunks of one connection keep their order and are delayed
 * independently (a pipelined client pays the delay once, not once per chunk). Replies pass
 * straight through. Plain threads, three per connection; fine for the handful the sink opens.
 *
 * <p>Its threads' CPU time is counted ({@link #cpuNanos}) so the bench can take it out of the
 * process's CPU time: the proxy stands for the network, not for osc-sync's cost.
 */
final class LatencyProxy implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final byte[] END = new byte[0];

    private final int serverPort;
    private final long delayNanos;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** CPU time of the proxy's threads that have ended. */
    private final AtomicLong endedThreadsCpu = new AtomicLong();

    private volatile boolean closed;

    LatencyProxy(int serverPort, long delayMillis) throws IOException {
        this.serverPort = serverPort;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread("latency-proxy-accept", this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** CPU time the proxy's threads used so far, live and ended. */
    long cpuNanos() {
        long n = endedThreadsCpu.get();
        for (Thread t : threads) {
            long c = THREADS.getThreadCpuTime(t.getId());
            if (c > 0) n += c;
        }
        return n;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                forward(client, server);
            } catch (IOException e) {
                if (!closed) System.err.println("latency proxy: " + e.getMessage());
            }
        }
    }

    private void forward(Socket client, Socket server) throws IOException {
        InputStream fromClient = client.getInputStream();
        OutputStream toServer = server.getOutputStream();
        InputStream fromServer = server.getInputStream();
        OutputStream toClient = client.getOutputStream();
        BlockingQueue<Chunk> held = new LinkedBlockingQueue<>();
        thread("latency-proxy-read", () -> {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = fromClient.read(buf)) >= 0; ) {
                    held.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
                }
            } catch (IOException e) {
                // the connection closed under us
            }
            held.add(new Chunk(0, END));
        });
        thread("latency-proxy-delay", () -> {
            try {
                while (true) {
                    Chunk c = held.take();
                    if (c.bytes == END) break;
                    for (long wait; (wait = c.due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
                    toServer.write(c.bytes);
                    toServer.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
            closeQuietly(server);
        });
        thread("latency-proxy-reply", () -> {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = fromServer.read(buf)) >= 0; ) {
                    toClient.write(buf, 0, n);
                    toClient.flush();
                }
            } catch (IOException e) {
                // closed
            }
            closeQuietly(client);
            closeQuietly(server);
        });
    }

    private record Chunk(long due, byte[] bytes) {}

    private void thread(String name, Runnable body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } finally {
                        endedThreadsCpu.addAndGet(Math.max(0, THREADS.getCurrentThreadCpuTime()));
                        threads.remove(Thread.currentThread());
                    }
                },
                name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(LatencyProxy::closeQuietly);
    }
}
