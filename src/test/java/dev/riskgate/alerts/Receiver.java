package dev.riskgate.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook receiver on loopback, as a wallet's backend would write one from the Standard Webhooks
 * spec (not from riskgate's code): it checks the three headers, the timestamp within five minutes, and
 * accepts the body if any of the space-separated v1 signatures is the HMAC-SHA256 of id.timestamp.body
 * under its secret. {@code answer} says what status to send (0: drop the connection unanswered).
 */
final class Receiver implements AutoCloseable {

    record Delivery(String webhookId, long timestamp, boolean signatureValid, JsonObject body, int answered, long atNanos) {
    }

    private final HttpServer server;
    private final byte[] key;
    private volatile IntSupplier answer = () -> 200;
    private volatile String retryAfter;
    final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    Receiver(String secret) throws IOException {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(IntSupplier status) {
        this.answer = status;
    }

    void retryAfter(String header) {
        this.retryAfter = header;
    }

    /** Delivered: answered 2xx with a valid signature. */
    List<Delivery> accepted() {
        return deliveries.stream().filter(d -> d.signatureValid() && d.answered() / 100 == 2).toList();
    }

    /** Requests received and not yet answered. */
    int inFlight() {
        return inFlight.get();
    }

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    private void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        try {
            respond(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void respond(HttpExchange ex) throws IOException {
        long at = System.nanoTime();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = ex.getRequestHeaders().getFirst("webhook-id");
        String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
        String sigs = ex.getRequestHeaders().getFirst("webhook-signature");
        boolean valid = id != null && ts != null && sigs != null && fresh(ts) && anyMatches(id + "." + ts + "." + body, sigs);
        int status = valid ? answer.getAsInt() : 400;
        deliveries.add(new Delivery(id, ts == null ? 0 : Long.parseLong(ts), valid, new JsonObject(body), status, at));
        if (status == 0) {
            ex.close(); // the receiver fell over mid-request
            return;
        }
        if (retryAfter != null && status >= 400) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private static boolean fresh(String ts) {
        return Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(ts)) <= 300;
    }

    private boolean anyMatches(String signed, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            for (String sig : header.split(" ")) {
                if (sig.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(sig.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
