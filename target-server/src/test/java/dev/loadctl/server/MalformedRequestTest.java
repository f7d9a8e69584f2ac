package dev.loadctl.server;

import static dev.loadctl.server.RawHttp.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadctl.server.RawHttp.Conversation;
import dev.loadctl.server.RawHttp.End;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests as a hostile or broken client writes them, byte for byte on a raw socket. A malformed request must get a
 * 400 (or nothing) and its connection closed, so that nothing after it on the connection is read as a request of
 * its own: that is what request smuggling needs. Valid but unusual requests must be served. Several cases here
 * (bare LF, whitespace in a header name, a folded first header, NUL in a value, two spaces in the request line)
 * were served with 200 by Undertow before its strict request parser (2.3.25 / 2.4.0).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedRequestTest {

    private static final String HOST = "Host: 127.0.0.1\r\n";
    /** How long a connection that should stay open must stay quiet; only the "open" cases wait it out. */
    private static final int QUIET_MILLIS = 1_500;

    private static RunningServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TargetServer.start(ServerOptions.defaults().withPort(0).withDelayMillis(20));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Conversation converse(String request) throws Exception {
        return RawHttp.converse(server.port(), ascii(request), QUIET_MILLIS);
    }

    static Stream<Arguments> malformed() {
        String tenThousandHeaders = Stream.iterate(0, i -> i + 1).limit(10_000)
                .map(i -> "X-Header-" + i + ": v\r\n").reduce("", String::concat);
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding",
                        "POST /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\n"),
                Arguments.of("Transfer-Encoding, then Content-Length",
                        "POST /ping/ HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                                + "0\r\n\r\n"),
                // A front end that believes Content-Length sees one request; one that believes chunked sees two.
                Arguments.of("a request smuggled behind Content-Length + Transfer-Encoding",
                        "GET /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\nGET /health HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("duplicate Content-Length, same value",
                        "POST /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
                Arguments.of("duplicate Content-Length, different values",
                        "POST /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde"),
                Arguments.of("Content-Length as a list",
                        "POST /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: 3, 3\r\n\r\nabc"),
                Arguments.of("negative Content-Length",
                        "POST /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: -1\r\n\r\n"),
                Arguments.of("negative Content-Length on a GET",
                        "GET /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: -5\r\n\r\n"),
                Arguments.of("10,000 headers", "GET /ping/ HTTP/1.1\r\n" + HOST + tenThousandHeaders + "\r\n"),
                Arguments.of("two Host headers", "GET /ping/ HTTP/1.1\r\n" + HOST + HOST + "\r\n"),
                Arguments.of("HTTP/1.1 without Host", "GET /ping/ HTTP/1.1\r\n\r\n"),
                Arguments.of("absolute URI naming another host than Host",
                        "GET http://example.com/ping/ HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("bare LF line ends", "GET /ping/ HTTP/1.1\n" + HOST.replace("\r\n", "\n") + "\n"),
                Arguments.of("whitespace between header name and colon",
                        "GET /ping/ HTTP/1.1\r\n" + HOST + "Content-Length : 0\r\n\r\n"),
                Arguments.of("space inside a header name", "GET /ping/ HTTP/1.1\r\n" + HOST + "X A: b\r\n\r\n"),
                Arguments.of("a first header line folded onto the request line",
                        "GET /ping/ HTTP/1.1\r\n " + HOST + "\r\n"),
                Arguments.of("NUL in a header value", "GET /ping/ HTTP/1.1\r\n" + HOST + "X-A: a\0b\r\n\r\n"),
                Arguments.of("two spaces in the request line", "GET  /ping/ HTTP/1.1\r\n" + HOST + "\r\n"),
                Arguments.of("HTTP/0.9 request line", "GET /ping/\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedRequestGets400AndItsConnectionClosed(String what, String request) throws Exception {
        Conversation conversation = converse(request);

        assertThat(conversation.statusCodes()).as("%s: answers", what).containsExactly(400);
        assertThat(conversation.end()).as("%s: the connection ends", what).isNotEqualTo(End.STILL_OPEN);
        assertThat(Http.get(server, "/health").statusCode()).as("serving after %s", what).isEqualTo(200);
    }

    @Test
    void absoluteUriRequestLineIsServed() throws Exception {
        Conversation conversation = converse("GET http://127.0.0.1/ping/ HTTP/1.1\r\n" + HOST + "\r\n");

        assertThat(conversation.statusCodes()).containsExactly(200);
        assertThat(conversation.responses().get(0).body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(conversation.end()).as("keep-alive").isEqualTo(End.STILL_OPEN);
    }

    @Test
    void http10IsAnsweredInHttp10AndClosedUnlessKeepAliveIsAsked() throws Exception {
        Conversation plain = converse("GET /ping/ HTTP/1.0\r\n\r\n");
        assertThat(plain.statusCodes()).containsExactly(200);
        assertThat(plain.responses().get(0).head()).startsWith("HTTP/1.0 200");
        assertThat(plain.responses().get(0).body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(plain.end()).isEqualTo(End.CLOSED);

        Conversation keepAlive = converse("GET /ping/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(keepAlive.statusCodes()).containsExactly(200, 200);
        assertThat(keepAlive.end()).isEqualTo(End.STILL_OPEN);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        Conversation conversation = converse("GET /ping/ HTTP/1.1\r\n" + HOST + "\r\n"
                + "GET /no-such-path HTTP/1.1\r\n" + HOST + "\r\n"
                + "POST /ping/ HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello"
                + "GET /ping/ HTTP/1.1\r\n" + HOST + "\r\n"
                + "GET /health HTTP/1.1\r\n" + HOST + "\r\n");

        assertThat(conversation.statusCodes()).containsExactly(200, 404, 405, 200, 200);
        assertThat(conversation.responses().get(0).body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(conversation.end()).isEqualTo(End.STILL_OPEN);
    }
}
