package dev.riskgate.http.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Console links to an id: ids may hold any printable character, so each goes into a URL percent-encoded. */
public final class Links {

    private Links() {
    }

    public static String decision(String eventId) {
        return "/console/decisions/" + segment(eventId);
    }

    public static String account(String accountId) {
        return "/console/accounts/" + segment(accountId);
    }

    public static String device(String deviceId) {
        return "/console/devices/" + segment(deviceId);
    }

    public static String rule(String rule) {
        return "/console/decisions?rule=" + URLEncoder.encode(rule, StandardCharsets.UTF_8);
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
