package dev.loadctl.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers: plain HTTP/1.1 requests to a running server and reading numbers out of /stats. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Http() {
    }

    static HttpRequest request(RunningServer server, String method, String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
    }

    static HttpResponse<String> send(RunningServer server, String method, String path)
            throws IOException, InterruptedException {
        return CLIENT.send(request(server, method, path), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(RunningServer server, String path) throws IOException, InterruptedException {
        return send(server, "GET", path);
    }

    /** A number from the /stats JSON, e.g. {@code requestsServed} or {@code p99}. */
    static double statsNumber(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(-?[0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + field + " in /stats answer " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    static double stat(RunningServer server, String field) throws IOException, InterruptedException {
        return statsNumber(get(server, "/stats").body(), field);
    }
}
