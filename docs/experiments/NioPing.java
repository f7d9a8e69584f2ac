import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.*;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * An experiment, not part of loadctl: the least a Java NIO server can do for /ping/ with a 200 ms delay, to measure
 * how much of the bundled server's CPU per request is Undertow's HTTP layer (docs/benchmarks.md, "What would reach
 * the goals that are not met"). It answers every request with the same bytes, does not parse beyond the blank line
 * that ends a request, validates nothing and has no /health, 404 or /stats: not a server to measure against.
 *
 *   mkdir -p /tmp/nioping && javac -d /tmp/nioping docs/experiments/NioPing.java \
 *     && printf 'Main-Class: NioPing\n' > /tmp/nioping/m.txt \
 *     && (cd /tmp/nioping && jar cfm nioping.jar m.txt *.class)
 *   bin/server-ab 10000 /tmp/nioping/nioping.jar target-server/target/loadctl-target-server-all.jar nginx
 */
public class NioPing {
    record Waiting(SocketChannel ch, long arrived) {}
    public static void main(String[] a) throws IOException {
        int port = 0; for (int i = 0; i < a.length; i++) if (a[i].equals("--port")) port = Integer.parseInt(a[i + 1]);
        long delay = 200_000_000L;
        Selector sel = Selector.open();
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.bind(new InetSocketAddress("127.0.0.1", port), 20000);
        ss.configureBlocking(false);
        ss.register(sel, SelectionKey.OP_ACCEPT);
        ByteBuffer in = ByteBuffer.allocateDirect(4096);
        ArrayDeque<Waiting> q = new ArrayDeque<>();
        ByteBuffer resp = null; long respSecond = -1;
        System.out.println("ready " + port);
        for (;;) {
            long now = System.nanoTime();
            long sec = System.currentTimeMillis() / 1000;
            if (sec != respSecond) {
                respSecond = sec;
                String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
                byte[] b = ("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: 15\r\nDate: "
                        + date + "\r\n\r\n{\"status\":\"ok\"}").getBytes(StandardCharsets.US_ASCII);
                resp = ByteBuffer.allocateDirect(b.length).put(b).flip();
            }
            for (Waiting w = q.peekFirst(); w != null && now - w.arrived >= delay; w = q.peekFirst()) {
                q.pollFirst();
                try { w.ch.write(resp.duplicate()); } catch (IOException e) { w.ch.close(); }
            }
            Waiting oldest = q.peekFirst();
            if (oldest == null) sel.select();
            else sel.select(Math.max(1, (delay - (now - oldest.arrived) + 999_999) / 1_000_000));
            Iterator<SelectionKey> it = sel.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next(); it.remove();
                if (!k.isValid()) continue;
                if (k.isAcceptable()) {
                    SocketChannel c;
                    while ((c = ss.accept()) != null) { c.configureBlocking(false); c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true); c.register(sel, SelectionKey.OP_READ); }
                } else if (k.isReadable()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    in.clear();
                    int n;
                    try { n = c.read(in); } catch (IOException e) { n = -1; }
                    if (n < 0) { k.cancel(); c.close(); continue; }
                    long t = System.nanoTime();
                    for (int i = 3; i < n; i++) if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') q.addLast(new Waiting(c, t));
                }
            }
        }
    }
}
